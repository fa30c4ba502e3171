//! Layouts of text extracted from PDF and Word, each written by hand from the example: the
//! clean report in that layout reads with no finding (the same model as the `|` layout), and
//! the example's one broken total is still reported, on its cell.

mod common;

use common::{clean, example, findings};

/// The example's broken total, found on the `13` of 「一、本年新收…」 and nowhere else.
fn reports_the_broken_total(text: &str) {
    let (_, d) = gongkai::check(text);
    let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["row-total"], "{:#?}", findings(text));
    assert_eq!(&text[d[0].span.clone()], "13");
    let line_start = text[..d[0].span.start].rfind('\n').map_or(0, |i| i + 1);
    assert!(text[line_start..].starts_with("一、本年新收政府信息公开申请数量"));
}

fn reads_clean(text: &str) {
    assert_eq!(findings(text), Vec::<String>::new());
    let r = gongkai::parse(text);
    assert_eq!(r.tables().count(), 6);
    assert!(
        r.tables()
            .all(|t| t.rows.iter().all(|row| row.def.is_some()))
    );
}

/// Every `|` row with its cells set apart by `gap`, empty cells dropped.
fn spaced(text: &str, gap: &str) -> String {
    text.lines()
        .map(|l| {
            if !l.contains('|') {
                return l.to_string();
            }
            let cells: Vec<&str> = l
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            cells.join(gap)
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn columns_set_apart_by_runs_of_spaces_as_pandoc_writes_plain_tables() {
    let rule = "  ----------------  -------  -------";
    let pandoc = |t: &str| {
        spaced(t, "      ")
            .replace("\n第二十条", &format!("\n{rule}\n  第二十条"))
            .replace("\n行政复议", &format!("\n{rule}\n  行政复议"))
    };
    reads_clean(&pandoc(&clean()));
    reads_clean(&pandoc(&spaced(&clean(), "  ")));
    reports_the_broken_total(&pandoc(&example()));
}

/// As pdftotext -raw writes a table: a spanning label on a line of its own, then the row's
/// label and its numbers one space apart.
fn raw(text: &str) -> String {
    text.lines()
        .map(|l| {
            let cells: Vec<&str> = l
                .split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            let words = cells
                .iter()
                .take_while(|c| c.parse::<f64>().is_err())
                .count();
            if !l.contains('|') || words < 2 {
                return cells.join(" ");
            }
            format!(
                "{}\n{}",
                cells[..words - 1].join("\n"),
                cells[words - 1..].join(" ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_label_and_its_numbers_one_space_apart_as_pdftotext_raw_writes_rows() {
    let text = raw(&clean());
    assert!(text.contains("\n三、本年度办理结果\n(一)予以公开 6 1 0 0 0 0 7\n"));
    reads_clean(&text);
    reports_the_broken_total(&raw(&example()));
}

/// pdftotext -raw of a narrow PDF column: labels wrapped over two and three lines, their
/// numbers on the line after; header cells wrapped one by one, or a line of cut-short cells
/// completed word by word by the line under it.
fn wrapped(text: &str) -> String {
    let text = raw(text);
    let swaps = [
        ("\n本年制发件数\n", "\n本年制发\n件数\n"),
        ("\n行政规范性文件 3 1 15\n", "\n行政规范\n性文件\n3 1 15\n"),
        (
            "\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n",
            "\n商业企业 科研 社会公 法律服务 其他\n机构 益组织 机构\n",
        ),
        (
            "\n2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0",
            "\n2.申请人逾期未按收费通知要求缴纳\n费用、行政机关不再处理其政府信息\n公开申请\n0",
        ),
    ];
    swaps.iter().fold(text, |t, (from, to)| {
        assert!(t.contains(from), "{from}");
        t.replace(from, to)
    })
}

#[test]
fn labels_and_header_cells_wrapped_over_lines_as_a_narrow_pdf_column_gives_them() {
    reads_clean(&wrapped(&clean()));
    reports_the_broken_total(&wrapped(&example()));
}

#[test]
fn a_wrapped_label_in_other_words_is_still_named_on_one_line() {
    let text = wrapped(&clean()).replace("\n行政规范\n性文件\n", "\n规范性\n文件\n");
    assert_eq!(
        findings(&text),
        ["label-variant information 「规范性文件」不是统一格式的用语,应为「行政规范性文件」"]
    );
}
