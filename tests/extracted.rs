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
    let line = text[line_start..].trim_start_matches(['|', ' ']);
    assert!(
        line.starts_with("一、本年新收政府信息公开申请数量"),
        "{line}"
    );
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

/// `text` with `insert` put before the line that starts with `before` (which occurs once).
fn before(text: &str, line: &str, insert: &str) -> String {
    let at = format!("\n{line}");
    assert_eq!(text.matches(&at).count(), 1, "{line}");
    text.replacen(&at, &format!("\n{insert}{at}"), 1)
}

/// Page numbers where a PDF's pages ended: between tables, between rows, between a label and
/// its numbers (pdftotext -raw), each spelt one of the ways printed reports spell them.
fn paged(text: &str, raw: bool) -> String {
    let mut t = before(text, "第二十条第(五)项", "- 2 -");
    t = before(&t, "3.危及“三安全一稳定”", "— 3 —\n\u{c}");
    t = before(&t, "(七)总计", "第 4 页");
    t = before(&t, "四、结转下年度继续办理", "第4页 共9页");
    if raw {
        t = t.replace(
            "\n行政规范\n性文件\n3 1 15\n",
            "\n行政规范\n性文件\n－ 1 －\n3 1 15\n",
        );
    }
    t
}

#[test]
fn page_numbers_inside_and_between_tables_are_skipped() {
    reads_clean(&paged(&clean(), false));
    reports_the_broken_total(&paged(&example(), false));
    reads_clean(&paged(&wrapped(&clean()), true));
    reports_the_broken_total(&paged(&wrapped(&example()), true));
    // Read as words, each would have been a row of errors.
    let t = paged(&clean(), false);
    assert!(
        !gongkai::check(&t)
            .1
            .iter()
            .any(|d| d.code == "skipped-line")
    );
}

/// A page break inside 申请表 as a PDF shows it: the spanning label torn (`(四)无` on one page,
/// `法提供` on the next), the page's running title, the column header block again.
fn page_break(text: &str) -> String {
    let header = "自然人 | 法人或其他组织 | 总计 |\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |";
    let t = text.replacen("(四)无法提供 | 1.本机关", "(四)无 | 1.本机关", 1);
    let t = t.replacen(
        "\n2.没有现成信息需要另行制作 |",
        &format!(
            "\n- 5 -\n示例市数据资源管理局2024年政府信息公开工作年度报告\n{header}\n法提供 | 2.没有现成信息需要另行制作 |"
        ),
        1,
    );
    assert!(t.contains("\n法提供 | 2.没有"));
    t
}

#[test]
fn a_page_break_inside_a_table_tears_nothing() {
    let hints = |t: &str| -> Vec<String> {
        let (_, d) = gongkai::check(t);
        d.iter()
            .filter(|d| d.code == "skipped-line")
            .map(|d| t[d.span.clone()].to_string())
            .collect()
    };
    let title = "示例市数据资源管理局2024年政府信息公开工作年度报告";
    // The running title is the one line it cannot place: a hint, not a row of errors; the
    // header block again is no duplicate row, the torn label reads whole.
    let t = page_break(&clean());
    assert_eq!(hints(&t), [title]);
    let without = |t: &str| {
        gongkai::check(t)
            .1
            .into_iter()
            .filter(|d| d.code != "skipped-line")
            .count()
    };
    assert_eq!(without(&t), 0, "{:#?}", findings(&t));
    let r = gongkai::parse(&t);
    let table = r.table("申请表").unwrap();
    let row = table.rows.iter().find(|r| r.def == Some(12)).unwrap();
    assert_eq!(row.labels.len(), 2);
    let broken = page_break(&example());
    assert_eq!(hints(&broken), [title]);
    reports_the_broken_total(&broken.replace(&format!("\n{title}\n"), "\n"));
}

#[test]
fn the_binary_skips_page_numbers_too() {
    // The binary is built without the test's dependencies: its regex features are its own.
    let (out, err, code) = common::run_cli(&["check", "-"], &paged(&example(), false));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("1 个错误,0 个警告,0 条提示"), "{out}");
}

/// As pdftotext -layout sets a table: columns apart by runs of spaces; a wrapped label's
/// pieces above and below the line of its numbers; a narrow column's piece of a spanning label
/// one space before the row's own label; header cells wrapped, their rests on the next line.
fn layout(text: &str) -> String {
    let t = spaced(text, "     ");
    let swaps = [
        (
            "\n行政规范性文件     3     1     15\n",
            "\n行政规范\n        3     1     15\n性文件\n",
        ),
        (
            "\n商业企业     科研机构     社会公益组织     法律服务机构     其他\n",
            "\n    商业企业 科研    社会公 法律服务   其他\n                机构   益组织 机构\n",
        ),
        (
            "\n(二)部分公开(区分处理的,只计这一情形,不计其他情形)     1",
            "\n    (二)部分公开(区分处理的,只计这一情形,不计\n                   1",
        ),
        (
            "\n(三)不予公开     1.属于国家秘密",
            "\n    其他情形)\n        1.属于国家秘密",
        ),
        (
            "\n4.保护第三方合法权益",
            "\n    (三)不 4.保护第三方合法权益",
        ),
        (
            "\n5.属于三类内部事务信息",
            "\n    予公开 5.属于三类内部事务信息",
        ),
    ];
    swaps.iter().fold(t, |t, (from, to)| {
        assert!(t.contains(from), "{from}");
        t.replacen(from, to, 1)
    })
}

#[test]
fn a_label_torn_around_its_numbers_as_pdftotext_layout_sets_it() {
    let t = layout(&clean());
    reads_clean(&t);
    // The torn spanning label reads whole, and leads the first row under it.
    let r = gongkai::parse(&t);
    let first = r.table("申请表").unwrap().row(4).unwrap();
    assert_eq!(first.labels.len(), 2);
    assert_eq!(first.labels[0].label.official, "(三)不予公开");
    reports_the_broken_total(&layout(&example()));
}

#[test]
fn a_label_left_cut_short_is_still_reported() {
    // Without its rest, 行政规范 is what the report says: cut short.
    let t = layout(&clean()).replace("\n性文件\n", "\n");
    assert_eq!(
        findings(&t),
        ["label-variant information 「行政规范」不完整,统一格式为「行政规范性文件」"]
    );
    // A piece of a spanning label whose rest never comes is skipped with a hint, not a row.
    let t = layout(&clean()).replace("    予公开 5.属于", "5.属于");
    assert_eq!(
        gongkai::check(&t)
            .1
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>(),
        ["skipped-line"]
    );
}

/// 申请表 as exports that make one small Markdown table per row group write it: each group its
/// own table, with its own header row in the export's words and a delimiter row.
fn per_group(text: &str) -> String {
    let header = "| 项目 | 类别 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |";
    let groups = [
        "三、本年度办理结果",
        "(三)不予公开",
        "(四)无法提供",
        "(五)不予处理",
        "(六)其他处理",
    ];
    let mut out = Vec::new();
    for l in common::markdown(text).lines() {
        if groups.iter().any(|g| l.starts_with(&format!("| {g} |"))) {
            out.push(String::new());
            out.push(header.to_string());
        }
        out.push(l.to_string());
    }
    out.join("\n") + "\n"
}

#[test]
fn one_small_table_per_row_group_with_its_own_header() {
    let t = per_group(&clean());
    assert_eq!(t.matches("| 项目 | 类别 |").count(), 5);
    reads_clean(&t);
    reports_the_broken_total(&per_group(&example()));
}

#[test]
fn a_label_in_other_words_torn_around_its_numbers_is_named_whole_and_mended() {
    let t = layout(&clean()).replace(
        "\n行政规范\n        3     1     15\n性文件\n",
        "\n规范性\n        3     1     15\n文件\n",
    );
    assert_eq!(
        findings(&t),
        ["label-variant information 「规范性文件」不是统一格式的用语,应为「行政规范性文件」"]
    );
    // The fix writes the official words where the label begins and takes its rest away.
    let fixed = gongkai::fix::fix_all(&t, &Default::default());
    assert_eq!(fixed.rounds, 1);
    let fixed = fixed.text;
    assert!(fixed.contains("\n行政规范性文件\n        3     1     15\n\n"));
    assert_eq!(findings(&fixed), Vec::<String>::new());
}

#[test]
fn header_cells_wrapped_by_columns_read_whole_in_whatever_words() {
    // pdftotext -layout of a three-line header: the cells' heads, 信息内容, the cells' rests.
    let header = |first: &str| {
        format!("\n       {first} 本年废止 现行有效\n信息内容\n       件数   件数   件数\n")
    };
    let official = "\n信息内容     本年制发件数     本年废止件数     现行有效件数\n";
    let t = layout(&clean());
    assert!(t.contains(official));
    reads_clean(&t.replace(official, &header("本年制发")));
    let variant = t.replace(official, &header("本年新发"));
    assert_eq!(
        findings(&variant),
        ["label-variant information 「本年新发件数」不是统一格式的用语,应为「本年制发件数」"]
    );
}

/// The example's six section headings, in the order they stand.
const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// Every section heading renumbered by `number(i)` (1-based), its subject kept.
fn renumbered(text: &str, number: impl Fn(usize) -> String) -> String {
    let mut t = text.to_string();
    for (i, h) in HEADINGS.iter().enumerate() {
        let line = format!("\n{h}\n");
        assert!(t.contains(&line), "{h}");
        let subject = h.split_once('、').unwrap().1;
        t = t.replacen(&line, &format!("\n{}{subject}\n", number(i + 1)), 1);
    }
    t
}

fn section_numbers(text: &str) -> Vec<u8> {
    gongkai::parse(text)
        .sections
        .iter()
        .map(|s| s.def.number)
        .collect()
}

#[test]
fn section_headings_numbered_otherwise_are_known_by_their_subject() {
    const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
    let styles: [&dyn Fn(usize) -> String; 4] = [
        &|i| format!("({})", NUMERALS[i - 1]),
        &|i| format!("（{}）", NUMERALS[i - 1]),
        &|i| format!("{i}. "),
        &|i| format!("{i}、"),
    ];
    for style in styles {
        let t = renumbered(&clean(), style);
        assert_eq!(section_numbers(&t), [1, 2, 3, 4, 5, 6], "{t}");
        reads_clean(&t);
        reports_the_broken_total(&renumbered(&example(), style));
    }
}

#[test]
fn a_section_heading_run_into_the_paragraph_before_it_is_known() {
    // Copy-paste joins a heading onto the paragraph above it when the line break is lost.
    let t = clean().replace(
        "开展业务培训2次。\n二、主动公开政府信息情况\n",
        "开展业务培训2次。二、主动公开政府信息情况\n",
    );
    assert!(t.contains("2次。二、主动公开政府信息情况\n"));
    assert_eq!(section_numbers(&t), [1, 2, 3, 4, 5, 6]);
    let r = gongkai::parse(&t);
    assert_eq!(
        &t[r.sections[1].heading.clone()],
        "二、主动公开政府信息情况"
    );
    reads_clean(&t);
}

#[test]
fn a_report_numbering_its_parts_its_own_way_has_them_known_by_subject() {
    // Narrative parts of its own first (一、二), then the table parts numbered afresh from 一.
    let t = clean()
        .replacen("\n一、总体情况\n", "\n一、2024年工作概述\n", 1)
        .replacen(
            "\n二、主动公开政府信息情况\n",
            "\n二、主要做法\n继续推进政务公开标准化规范化。\n一、主动公开政府信息情况\n",
            1,
        )
        .replacen("\n三、收到和处理", "\n二、收到和处理", 1)
        .replacen(
            "\n四、政府信息公开行政复议",
            "\n三、政府信息公开行政复议",
            1,
        )
        .replacen("\n五、存在的主要问题", "\n四、存在的主要问题", 1)
        .replacen("\n六、其他需要报告", "\n五、其他需要报告", 1);
    assert_eq!(section_numbers(&t), [1, 2, 3, 4, 5, 6], "{t}");
    reads_clean(&t);
    // Out of order by subject: `section-order`, and no part said missing.
    let swapped = t
        .replacen(
            "\n四、存在的主要问题",
            "\n四、其他需要报告的事项\n无。\n五、存在的主要问题",
            1,
        )
        .replacen("\n五、其他需要报告的事项\n", "\n", 1);
    let codes: Vec<String> = findings(&swapped)
        .into_iter()
        .map(|f| f.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["section-order"], "{:#?}", findings(&swapped));
}

#[test]
fn sub_parts_worded_like_sections_are_no_headings() {
    let t = clean();
    // Sub-parts of 总体情况 in a section's words, a 第二十条 item heading in section 二, a
    // sentence opening with a section's subject: none moves a section.
    let quiet = t
        .replacen(
            "\n(五)监督保障\n",
            "\n(五)监督保障\n(六)政府信息公开行政复议、行政诉讼情况\n(四)政府信息公开行政复议、行政诉讼情况\n(二)依申请公开方面\n1. 总体情况良好，各项工作有序推进。\n(一)总体情况:稳中有进\n",
            1,
        )
        .replacen(
            "\n二、主动公开政府信息情况\n",
            "\n二、主动公开政府信息情况\n(一)主动公开政府信息情况\n",
            1,
        );
    assert_eq!(section_numbers(&quiet), [1, 2, 3, 4, 5, 6]);
    assert_eq!(findings(&quiet), Vec::<String>::new());
    // A part that is not there is still missing, however a sub-part of 总体情况 is worded.
    let gone = quiet.replacen("\n四、政府信息公开行政复议、行政诉讼情况\n", "\n", 1);
    assert_eq!(section_numbers(&gone), [1, 2, 3, 5, 6]);
    assert!(
        findings(&gone)
            .iter()
            .any(|f| f.starts_with("missing-section")),
        "{:#?}",
        findings(&gone)
    );
}
