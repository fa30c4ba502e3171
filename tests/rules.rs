//! Every rule: a report that makes it fire, on the cell it names, and one that keeps it quiet.
//! The base is the example with its broken total mended: a clean 2021-format report.

mod common;

use common::{clean, codes, fired, seeds};
use gongkai::fix::apply;

fn quiet(text: &str, code: &str) {
    assert!(
        fired(text, code).is_empty(),
        "{code} fired: {:?}",
        fired(text, code)
    );
}

/// `clean()` with one exact piece replaced (the piece must occur once).
fn edit(from: &str, to: &str) -> String {
    let t = clean();
    assert_eq!(t.matches(from).count(), 1, "{from:?} must occur once");
    t.replacen(from, to, 1)
}

/// The text after applying the fix of the first finding of `code`.
fn fixed(text: &str, code: &str) -> String {
    let (_, diagnostics) = gongkai::check(text);
    let d = diagnostics
        .iter()
        .find(|d| d.code == code)
        .expect("finding");
    apply(text, &d.fix.as_ref().expect("a fix").edits)
}

const ROW_TWO: &str = "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |";
const ROW_SEVEN: &str = "(七)总计 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |";
const ROW_FOUR: &str = "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |";
const REVIEW_ROW: &str = "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0";

#[test]
fn the_clean_report_is_quiet() {
    assert_eq!(codes(&clean()), Vec::<&str>::new());
    for (name, text) in seeds() {
        let (_, d) = gongkai::check(&text);
        // Seed 004 really is signed before its period ended.
        let real = |code: &str| {
            code == "label-variant" || (name == "004" && code == "date-before-period-end")
        };
        assert!(d.iter().all(|d| real(d.code)), "seed {name}");
    }
}

#[test]
fn row_total() {
    let t = edit(
        ROW_TWO,
        "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 5 |",
    );
    assert_eq!(fired(&t, "row-total"), ["5"]);
    quiet(&clean(), "row-total");
    // A blank part is unknown, not zero: the sum is not checked until it is filled.
    quiet(
        &edit(
            ROW_TWO,
            "二、上年结转政府信息公开申请数量 | 1 |  | 0 | 0 | 0 | 0 | 5 |",
        ),
        "row-total",
    );
}

#[test]
fn a_sum_whose_filled_parts_already_exceed_its_total_is_broken_whatever_the_blanks_hold() {
    // 二's total 0 with its 自然人 1 filled; 四's total left blank, so that no complete
    // relation breaks and the bound alone tells.
    let t = edit(
        ROW_TWO,
        "二、上年结转政府信息公开申请数量 | 1 |  | 0 | 0 | 0 | 0 | 0 |",
    )
    .replacen(
        ROW_FOUR,
        "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |",
        1,
    );
    let (_, d) = gongkai::check(&t);
    let found: Vec<_> = d.iter().filter(|d| d.code == "row-total").collect();
    assert_eq!(found.len(), 1, "{d:#?}");
    assert_eq!(&t[found[0].span.clone()], "0");
    assert!(
        found[0]
            .headline()
            .contains("的总计至少应为 1(= 1 + 0 + 0 + 0 + 0,另有 1 格未填),实为 0"),
        "{}",
        found[0].message
    );
    assert!(found[0].fix.is_none() && found[0].alternatives.is_empty());
}

#[test]
fn outcome_total() {
    let t = edit(ROW_SEVEN, "(七)总计 | 11 | 2 | 0 | 0 | 0 | 0 | 12 |");
    assert_eq!(fired(&t, "outcome-total"), ["11"]);
    quiet(&clean(), "outcome-total");
}

#[test]
fn balance() {
    let t = edit(
        ROW_FOUR,
        "四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    );
    assert_eq!(fired(&t, "balance"), ["2", "2"]);
    quiet(&clean(), "balance");
}

#[test]
fn balance_fix_is_offered_only_where_it_is_possible() {
    // 一 shrinks with its own total kept consistent: 四 = 一 + 二 − (七) = 8 + 1 − 10 = −1.
    // No count can be negative, so no fix; the message says a part must be wrong.
    let t = edit(
        "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |",
        "一、本年新收政府信息公开申请数量 | 8 | 2 | 0 | 0 | 0 | 0 | 10 |",
    );
    let (_, d) = gongkai::check(&t);
    let balance: Vec<_> = d.iter().filter(|d| d.code == "balance").collect();
    assert_eq!(balance.len(), 2, "自然人 and 总计 columns");
    assert!(
        balance
            .iter()
            .all(|b| b.message.contains("负数") && b.fix.is_none())
    );
}

#[test]
fn review_total() {
    let t = edit(
        REVIEW_ROW,
        "1 | 0 | 0 | 0 | 3 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0",
    );
    assert_eq!(fired(&t, "review-total"), ["3"]);
    // Nothing else ties this table: the total or any one of its parts could be the slip, so
    // each is a candidate the drafter picks, none applied by --fix, the total's own first.
    let (_, d) = gongkai::check(&t);
    assert!(d[0].fix.is_none());
    assert_eq!(d[0].alternatives.len(), 5);
    assert!(d[0].alternatives.iter().all(|f| !f.safe));
    assert!(apply(&t, &d[0].alternatives[0].edits).contains(REVIEW_ROW));
    quiet(&clean(), "review-total");
}

#[test]
fn one_slip_in_a_part_is_one_error_on_that_part() {
    // 自然人 of 一 typed 13 for 10: its row's total and its column's balance both break, and
    // only this cell takes part in both.
    let row_one = "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |";
    let t = edit(
        row_one,
        "一、本年新收政府信息公开申请数量 | 13 | 2 | 0 | 0 | 0 | 0 | 12 |",
    );
    let (_, d) = gongkai::check(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(&t[d[0].span.clone()], "13");
    assert!(
        d[0].headline().contains("的自然人应为 10,实为 13"),
        "{}",
        d[0].message
    );
    let fix = d[0].fix.as_ref().expect("a fix");
    assert!(fix.safe);
    assert_eq!(apply(&t, &fix.edits), clean());
    assert!(d[0].notes().any(|n| n.contains("同时成立")));
}

#[test]
fn two_slips_that_share_no_cell_are_two_errors() {
    let t = edit(
        ROW_TWO,
        "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 5 |",
    )
    .replacen(
        REVIEW_ROW,
        "1 | 0 | 0 | 0 | 3 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0",
        1,
    );
    assert_eq!(codes(&t), ["review-total", "row-total"]);
}

#[test]
fn not_a_number() {
    let t = edit(
        "行政规范性文件 | 3 | 1 | 15 |",
        "行政规范性文件 | 三 | 1O | 15件 |",
    );
    assert_eq!(fired(&t, "not-a-number"), ["三", "1O", "15件"]);
    // Only the count with a unit has an unambiguous rewrite.
    let (_, d) = gongkai::check(&t);
    let fixes: Vec<_> = d
        .iter()
        .filter(|d| d.code == "not-a-number")
        .map(|d| d.fix.as_ref().map(|f| f.edits[0].new_text.clone()))
        .collect();
    assert_eq!(fixes, [None, None, Some("15".to_string())]);
    quiet(&clean(), "not-a-number");
    // An amount column takes decimals and its unit.
    quiet(
        &edit("行政事业性收费 | 12.5 |", "行政事业性收费 | 12.5万元 |"),
        "not-a-number",
    );
}

#[test]
fn negative() {
    let t = edit("行政许可 | 1520 |", "行政许可 | -3 |");
    assert_eq!(fired(&t, "negative"), ["-3"]);
    quiet(&clean(), "negative");
    // The 2019 format's 本年增/减 is signed by definition.
    let (_, s002) = seeds().into_iter().find(|(n, _)| n == "002").unwrap();
    let signed = s002.replacen("行政许可 | 2 | 4 | 6 |", "行政许可 | 2 | -18 | 6 |", 1);
    assert_ne!(signed, s002);
    quiet(&signed, "negative");
}

#[test]
fn missing_cell() {
    let t = edit(ROW_FOUR, "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 1 |");
    assert_eq!(fired(&t, "missing-cell"), ["1"]);
    quiet(&clean(), "missing-cell");
}

#[test]
fn extra_cell() {
    let t = edit("行政许可 | 1520 | ||", "行政许可 | 1520 | 7 | |");
    assert_eq!(fired(&t, "extra-cell"), ["7"]);
    // Empty cells past the row's width are column-span padding, not extra cells.
    quiet(&clean(), "extra-cell");
}

#[test]
fn blank_cell() {
    let t = edit(
        ROW_TWO,
        "二、上年结转政府信息公开申请数量 | 1 | / | 0 | 0 | 0 | 0 |  |",
    );
    let (_, d) = gongkai::check(&t);
    let blank: Vec<_> = d.iter().filter(|d| d.code == "blank-cell").collect();
    assert_eq!(blank.len(), 1, "one finding per row");
    assert_eq!(blank[0].related.len(), 2);
    // The fix writes 0 in the part and the computed sum in the total.
    let after = apply(&t, &blank[0].fix.as_ref().unwrap().edits);
    assert!(
        after.contains("二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"),
        "{after}"
    );
    assert_eq!(codes(&after), Vec::<&str>::new());
    quiet(&clean(), "blank-cell");
}

#[test]
fn fullwidth_digit() {
    let t = edit("行政许可 | 1520 |", "行政许可 | １５２０ |");
    assert_eq!(fired(&t, "fullwidth-digit"), ["１５２０"]);
    assert_eq!(fixed(&t, "fullwidth-digit"), clean());
    let t = edit("行政许可 | 1520 |", "行政许可 | 1,520 |");
    assert_eq!(fired(&t, "fullwidth-digit"), ["1,520"]);
    quiet(&clean(), "fullwidth-digit");
}

#[test]
fn amount_unit() {
    let t = edit("行政事业性收费 | 12.5 |", "行政事业性收费 | 125000元 |");
    assert_eq!(fired(&t, "amount-unit"), ["125000元"]);
    quiet(&clean(), "amount-unit");
    // The 2019 format writes the unit in the 采购总金额 cell: any unit is its own.
    let (_, s002) = seeds().into_iter().find(|(n, _)| n == "002").unwrap();
    quiet(&s002, "amount-unit");
}

#[test]
fn missing_section() {
    let t = edit("五、存在的主要问题及改进情况\n", "");
    assert_eq!(fired(&t, "missing-section"), ["六、其他需要报告的事项"]);
    let mended = fixed(&t, "missing-section");
    quiet(&mended, "missing-section");
    quiet(&clean(), "missing-section");
}

#[test]
fn section_order() {
    let t = clean();
    let five = t.find("五、存在的主要问题及改进情况").unwrap();
    let six = t.find("六、其他需要报告的事项").unwrap();
    let sign = t.find("示例市数据资源管理局\n2025").unwrap();
    let swapped = format!(
        "{}{}{}{}",
        &t[..five],
        &t[six..sign],
        &t[five..six],
        &t[sign..]
    );
    assert_eq!(
        fired(&swapped, "section-order"),
        ["五、存在的主要问题及改进情况"]
    );
    quiet(&t, "section-order");
}

#[test]
fn missing_table() {
    let block = "第二十条第(五)项 | |||\n信息内容 | 本年处理决定数量 | ||\n行政许可 | 1520 | ||\n";
    let t = edit(block, "");
    assert_eq!(fired(&t, "missing-table"), ["二、主动公开政府信息情况"]);
    let mended = fixed(&t, "missing-table");
    quiet(&mended, "missing-table");
    assert!(
        mended.contains("第二十条第(五)项 |\n信息内容 | 本年处理决定数量 |\n行政许可 | 0 |"),
        "{mended}"
    );
    quiet(&clean(), "missing-table");
}

#[test]
fn missing_row() {
    let t = edit("2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n", "");
    // Reported where the row belongs: on the row it should come before.
    assert_eq!(fired(&t, "missing-row"), ["3.要求提供公开出版物"]);
    let (_, d) = gongkai::check(&t);
    let m = d.iter().find(|d| d.code == "missing-row").unwrap();
    assert!(
        m.message
            .ends_with("一行(应在「3.要求提供公开出版物」之前)"),
        "{}",
        m.message
    );
    let mended = fixed(&t, "missing-row");
    assert_eq!(codes(&mended), Vec::<&str>::new(), "{mended}");
    quiet(&clean(), "missing-row");
}

#[test]
fn empty_section() {
    let t = clean();
    let five =
        t.find("五、存在的主要问题及改进情况\n").unwrap() + "五、存在的主要问题及改进情况\n".len();
    let six = t.find("六、其他需要报告的事项").unwrap();
    let emptied = format!("{}无。\n{}", &t[..five], &t[six..]);
    assert_eq!(
        fired(&emptied, "empty-section"),
        ["五、存在的主要问题及改进情况"]
    );
    // Tables pasted as images: the heading stays, the table is gone; said once, no missing-table.
    let start = t.find("行政复议 | 行政诉讼").unwrap();
    let end = t.find("五、存在的主要问题").unwrap();
    let imageless = format!("{}{}", &t[..start], &t[end..]);
    assert_eq!(
        fired(&imageless, "empty-section"),
        ["四、政府信息公开行政复议、行政诉讼情况"]
    );
    quiet(&imageless, "missing-table");
    quiet(&t, "empty-section");
}

#[test]
fn unknown_row() {
    let t = edit(
        ROW_SEVEN,
        &format!("9.其他情形 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n{ROW_SEVEN}"),
    );
    assert_eq!(fired(&t, "unknown-row"), ["9.其他情形"]);
    quiet(&clean(), "unknown-row");
}

#[test]
fn skipped_line() {
    // A running title at a page top and a per-group header line in the export's own words,
    // between rows of 申请表.
    let four = "4.保护第三方合法权益 |";
    let t = edit(
        four,
        &format!(
            "示例市数据资源管理局2024年政府信息公开工作年度报告\n类别 | 数据1 | 数据2 | 总计 |\n{four}"
        ),
    );
    assert_eq!(
        fired(&t, "skipped-line"),
        [
            "示例市数据资源管理局2024年政府信息公开工作年度报告",
            "类别 | 数据1 | 数据2 | 总计"
        ]
    );
    // Nothing else comes of them: no row of errors.
    let (_, d) = gongkai::check(&t);
    assert!(d.iter().all(|d| d.code == "skipped-line"), "{d:#?}");
    quiet(&clean(), "skipped-line");
    // A row the format lacks, with its numbers, is a row: unknown-row, not skipped.
    let t = edit(
        ROW_SEVEN,
        &format!("9.其他情形 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n{ROW_SEVEN}"),
    );
    quiet(&t, "skipped-line");
}

#[test]
fn duplicate_row() {
    let line = "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n";
    let t = edit(line, &format!("{line}{line}"));
    assert_eq!(fired(&t, "duplicate-row"), ["2.重复申请"]);
    quiet(&clean(), "duplicate-row");
}

#[test]
fn format_version() {
    // The same 2021-format tables in a report for 2020.
    let t = clean().replace("2024年", "2020年");
    assert_eq!(fired(&t, "format-version"), ["第二十条第(一)项"]);
    quiet(&clean(), "format-version");
    for (name, text) in seeds() {
        assert!(fired(&text, "format-version").is_empty(), "seed {name}");
    }
}

#[test]
fn mixed_format() {
    let t = edit(
        "信息内容 | 本年处理决定数量 | ||\n行政许可 | 1520 | ||",
        "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 3 | +1 | 1520 |\n其他对外管理服务事项 | 0 | 0 | 0 |",
    );
    assert_eq!(fired(&t, "mixed-format"), ["第二十条第(五)项"]);
    quiet(&clean(), "mixed-format");
}

#[test]
fn labels_people_mistype_are_read_as_their_row() {
    // One character mistyped, in a header and in a row label: the row is read, the label
    // gets a fix to confirm (a guess is never applied by --fix).
    for (from, to, official) in [
        ("本年废止件数", "本年废纸件数", "本年废止件数"),
        ("现行有效件数", "先行有效件数", "现行有效件数"),
        (
            "2.没有现成信息需要另行制作",
            "2.没有现成信息需要另形制作",
            "2.没有现成信息需要另行制作",
        ),
    ] {
        let t = edit(from, to);
        let (_, d) = gongkai::check(&t);
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["label-variant"], "{to}");
        assert_eq!(d[0].message, format!("「{to}」疑为「{official}」之误"));
        let fix = d[0].fix.as_ref().unwrap();
        assert!(!fix.safe);
        assert_eq!(apply(&t, &fix.edits), clean());
    }
    // Cut short in the middle, numbering kept: that row, not missing-row + unknown-row.
    let t = edit("二、上年结转政府信息公开申请数量", "二、上年结转申请数量");
    assert_eq!(codes(&t), ["label-variant"]);
    assert_eq!(fixed(&t, "label-variant"), clean());
}

#[test]
fn a_short_or_distant_label_is_not_guessed() {
    // Four characters are too few to guess from: 行政处制 is one off 行政处罚 and 行政强制,
    // and 行政处分 is a word of its own. The row stays unread: 行政处罚 is missing.
    for typo in ["行政处制", "行政处分"] {
        let t = edit("行政处罚 | 86 |", &format!("{typo} | 86 |"));
        let c = codes(&t);
        assert!(
            c.contains(&"missing-row") && !c.contains(&"label-variant"),
            "{typo}: {c:?}"
        );
    }
    // Two characters off is another word.
    let t = edit("2.重复申请 |", "2.重新申报 |");
    assert!(codes(&t).contains(&"unknown-row"), "{:?}", codes(&t));
}

#[test]
fn label_variant() {
    let t = edit("本年制发件数", "本年新发件数");
    assert_eq!(fired(&t, "label-variant"), ["本年新发件数"]);
    assert_eq!(fixed(&t, "label-variant"), clean());
    quiet(&clean(), "label-variant");
    // Spacing, line breaks and full-width punctuation are not variants.
    quiet(&edit("(一)予以公开", "（一） 予以 公开"), "label-variant");
    quiet(
        &edit("商业企业 | 科研机构", "商业 企业 | 科研 机构"),
        "label-variant",
    );
}

/// `clean()` with `prose` added as a paragraph of section 一.
fn with_prose(prose: &str) -> String {
    edit(
        "落实公开前保密审查,按季度清理失效文件。",
        &format!("落实公开前保密审查,按季度清理失效文件。{prose}"),
    )
}

#[test]
fn narrative_count() {
    // The figure against 一's 总计 (12): the finding is the sentence, the cell is related.
    let t = edit(
        "全年新收政府信息公开申请12件",
        "全年新收政府信息公开申请20件",
    );
    assert_eq!(
        fired(&t, "narrative-count"),
        ["全年新收政府信息公开申请20件,上年结转1件,结转下年度继续办理1件。"]
    );
    let (_, d) = gongkai::check(&t);
    let d = d.iter().find(|d| d.code == "narrative-count").unwrap();
    assert!(
        d.message.contains("20件") && d.message.contains("12件"),
        "{}",
        d.message
    );
    assert_eq!(d.related.len(), 1);
    assert_eq!(&t[d.related[0].span.clone()], "12");
    assert!(
        d.related[0]
            .message
            .contains("一、本年新收政府信息公开申请数量")
    );
    // The other figures of that sentence, each against its own row.
    assert_eq!(
        fired(&edit("上年结转1件", "上年结转3件"), "narrative-count").len(),
        1
    );
    assert_eq!(
        fired(&edit("继续办理1件", "继续办理0件"), "narrative-count").len(),
        1
    );
    // "含上年结转": 一 + 二.
    let with = |n: u32| {
        edit(
            "收到政府信息公开申请12件,",
            &format!("收到政府信息公开申请{n}件(含上年结转1件),"),
        )
    };
    quiet(&with(13), "narrative-count");
    assert_eq!(fired(&with(12), "narrative-count").len(), 1);
    // Denials against non-zero totals: applications, and each of 行政复议 and 行政诉讼.
    assert_eq!(
        fired(
            &with_prose("本年度未收到政府信息公开申请。"),
            "narrative-count"
        )
        .len(),
        1
    );
    let both = with_prose("全年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。");
    assert_eq!(fired(&both, "narrative-count").len(), 2);
    // Outcomes, reviews and the 第二十条第(一)项 table.
    for prose in [
        "全年共予以公开5件。",
        "无法提供265件。",
        "发生行政复议3件。",
        "被提起行政诉讼2件。",
        "全年制发行政规范性文件5件。",
        "现行有效行政规范性文件16件。",
    ] {
        assert_eq!(
            fired(&with_prose(prose), "narrative-count").len(),
            1,
            "{prose}"
        );
    }
    // Full-width digits are numbers too.
    assert_eq!(
        fired(&with_prose("无法提供\u{ff12}件。"), "narrative-count").len(),
        1
    );
}

/// The `narrative-count` messages for the clean report with `prose` added.
fn prose_findings(prose: &str) -> Vec<String> {
    let (_, d) = gongkai::check(&with_prose(prose));
    d.iter()
        .filter(|d| d.code == "narrative-count")
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn narrative_count_reads_prose_as_a_reviewer_does() {
    // Conjunctions sum: 予以公开 7 + 部分公开 1.
    assert!(prose_findings("其中予以公开及部分公开8件。").is_empty());
    assert_eq!(
        prose_findings("其中予以公开及部分公开9件。"),
        [
            "正文写予以公开的申请及部分公开的申请9件,而收到和处理政府信息公开申请情况表中「(一)予以公开」的总计、「(二)部分公开(区分处理的,只计这一情形,不计其他情形)」的总计之和为8件"
        ]
    );
    // 各: each its own (复议 1, 诉讼 1); without it, the sum.
    assert!(prose_findings("发生行政复议、行政诉讼各1件。").is_empty());
    assert_eq!(prose_findings("发生行政复议、行政诉讼各2件。").len(), 2);
    assert!(prose_findings("发生行政复议和行政诉讼共2件。").is_empty());
    assert_eq!(prose_findings("发生行政复议和行政诉讼共3件。").len(), 1);
    // A clause that drops its noun continues the one before: 废止 1.
    assert!(prose_findings("全年制发行政规范性文件3件,废止1件。").is_empty());
    let dropped = prose_findings("全年制发行政规范性文件3件,废止或失效2件。");
    assert_eq!(dropped.len(), 1);
    assert!(
        dropped[0].starts_with("正文写本年废止的行政规范性文件2件"),
        "{}",
        dropped[0]
    );
    // 现行有效 before the noun names the count whatever the verb: 15.
    assert!(prose_findings("清理后保留现行有效行政规范性文件15件。").is_empty());
    assert_eq!(
        prose_findings("清理后保留现行有效行政规范性文件16件。").len(),
        1
    );
    assert_eq!(
        prose_findings("在网站发布现行有效规范性文件16件。").len(),
        1
    );
    // Chinese numerals and other units.
    assert!(prose_findings("全年新收政府信息公开申请十二件。").is_empty());
    assert_eq!(prose_findings("全年新收政府信息公开申请十三件。").len(), 1);
    assert_eq!(prose_findings("发生行政复议两件。").len(), 1);
    assert!(prose_findings("发生行政复议案件1宗。").is_empty());
    assert_eq!(prose_findings("发生行政复议案件2宗。").len(), 1);
    assert_eq!(prose_findings("全年新收政府信息公开申请20条。").len(), 1);
    // The applicants' shares of the figure before: 一's 自然人 10, 法人或其他组织 2 + 0 + 0 + 0 + 0.
    let new = "全年新收政府信息公开申请12件,";
    assert!(prose_findings(&format!("{new}其中自然人10件、法人或其他组织2件。")).is_empty());
    assert!(prose_findings(&format!("{new}其中自然人提出10件,法人和其他组织提出2件。")).is_empty());
    let shares = prose_findings(&format!("{new}其中自然人11件、法人或其他组织1件。"));
    assert_eq!(shares.len(), 2, "{shares:?}");
    assert!(
        shares[0].starts_with("正文写本年新收的政府信息公开申请(自然人)11件")
            && shares[0].ends_with("「一、本年新收政府信息公开申请数量」的自然人为10件"),
        "{}",
        shares[0]
    );
    // 受理 counts 新收 (12) or 新收 + 结转 (13): either agrees.
    assert!(prose_findings("共受理政府信息公开申请12件。").is_empty());
    assert!(prose_findings("共受理政府信息公开申请13件。").is_empty());
    assert_eq!(prose_findings("共受理政府信息公开申请14件。").len(), 1);
}

#[test]
fn narrative_count_leaves_parts_and_other_counts_alone() {
    // A part of the figure before is not compared with the whole.
    assert!(prose_findings("共受理政府信息公开申请12件,其中通过网络受理申请5件。").is_empty());
    // A dropped noun is continued only within its sentence, and only for a clause with no
    // noun of its own.
    assert!(prose_findings("全年制发行政规范性文件3件。废止2件。").is_empty());
    assert!(prose_findings("全年制发行政规范性文件3件,办理人大建议2件。").is_empty());
    // A conjunction with something the table does not count is not a sum.
    assert!(prose_findings("其中主动公开及部分公开20件。").is_empty());
    // A share by something the table has no column for.
    assert!(
        prose_findings("全年新收政府信息公开申请12件,其中网上申请8件、信函申请4件。").is_empty()
    );
    // A unit followed by its own noun counts something else.
    assert!(prose_findings("收到申请后3个工作日内登记。").is_empty());
    assert!(prose_findings("涉及行政复议2条意见。").is_empty());
    // Numbers in a title or quotation are someone else's.
    assert!(prose_findings("学习《关于受理政府信息公开申请30件的通报》。").is_empty());
}

#[test]
fn narrative_count_against_blanks_is_a_bound() {
    // 三(四)1's 总计 left blank: its parts hold 2 + 1, and (七)'s total 12 leaves it 3 at most.
    let blank = |prose: &str| {
        with_prose(prose).replacen(
            "1.本机关不掌握相关政府信息 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
            "1.本机关不掌握相关政府信息 | 2 | 1 | 0 | 0 | 0 | 0 |  |",
            1,
        )
    };
    let said = |prose: &str| -> Vec<String> {
        let t = blank(prose);
        let (_, d) = gongkai::check(&t);
        d.iter()
            .filter(|d| d.code == "narrative-count")
            .map(|d| d.message.clone())
            .collect()
    };
    let below = said("无法提供2件。");
    assert_eq!(below.len(), 1);
    assert!(below[0].ends_with("已填的格合计至少 3 件"), "{}", below[0]);
    let above = said("无法提供4件。");
    assert!(above[0].ends_with("按已填的合计至多 3 件"), "{}", above[0]);
    assert!(said("无法提供3件。").is_empty());
    // With a part blank as well, the filled cells allow 1 at the least: the figure 1 stands.
    let t = blank("无法提供1件。").replacen(
        "1.本机关不掌握相关政府信息 | 2 | 1 |",
        "1.本机关不掌握相关政府信息 |  | 1 |",
        1,
    );
    let (_, d) = gongkai::check(&t);
    assert!(d.iter().all(|d| d.code != "narrative-count"), "{d:#?}");
}

#[test]
fn narrative_count_quiet() {
    quiet(&clean(), "narrative-count");
    // The real reports' own sentences are read, and agree with their tables.
    let mut checked = 0;
    for (name, text) in seeds() {
        quiet(&text, "narrative-count");
        let read = |figure: &str| {
            let at = text
                .find(figure)
                .unwrap_or_else(|| panic!("seed {name}: {figure}"));
            let (report, _) = gongkai::check(&text);
            gongkai::rules::told_at(&text, &report, at + figure.len() - "2件".len())
                .map(|(_, told)| told)
                .unwrap_or_default()
        };
        let expect: &[&str] = match name.as_str() {
            "001" => &["共受理政府信息公开申请2件", "发布行政规范性文件3件"],
            "002" => &["共收到网络依申请公开申请3件"],
            _ => &[],
        };
        for figure in expect {
            let told = read(figure);
            assert!(
                told.len() == 1 && told[0].agrees,
                "seed {name}: {figure}: {told:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 3);
    // The example's 一 总计 is 13 where its parts add up to 12, as the prose says: the broken
    // total is row-total's finding, not a contradiction of the prose.
    quiet(&common::example(), "narrative-count");
    for prose in [
        // The same figures, worded otherwise.
        "全年共受理政府信息公开申请共计12件,予以公开7件,部分公开1件,无法提供3件。",
        "发生行政复议1件、行政诉讼1件。全年制发行政规范性文件3件,现行有效规范性文件15件。",
        // Counts of something else.
        "其中自然人提出申请10件,答复区长信箱17件,收到群众来信30件。",
        "申请人补正材料3件,依申请公开事项办理指南5件。",
        "行政复议结果维持1件,行政诉讼尚未审结2件。",
        "清理规范性文件20件,废止3件。",
        "2008年以来累计受理政府信息公开申请300件。",
        // A number in a quotation or a document's title; a year in a title.
        "我局提出“全年受理政府信息公开申请99件以内”的目标。",
        "转发《关于做好2024年度行政规范性文件清理工作的通知》1件。",
        "印发《2023年政府信息公开申请办理规范》等文件3件。",
        // Denials of something else.
        "未收到申请人补正材料,未出现无正当理由大量反复申请的情况。",
        "行政复议情况与上年相比未发生变化。",
        // A sentence the rule cannot read with confidence.
        "受理申请(含咨询)约12余件。",
    ] {
        quiet(&with_prose(prose), "narrative-count");
    }
}

/// The same agency's report for 2023, with its 四、结转下年度继续办理 row and its
/// 行政规范性文件 row (第二十条第(一)项) given.
fn last_year(row_four: &str, regulations: &str) -> String {
    let t = common::year_before(&clean());
    assert_eq!(t.matches(ROW_FOUR).count(), 1);
    t.replacen(ROW_FOUR, row_four, 1)
        .replacen("行政规范性文件 | 3 | 1 | 15 |", regulations, 1)
}

/// The across-documents findings of `code` on `this`, given last year's text.
fn across(this: &str, last: &str, code: &str) -> Vec<gongkai::Diagnostic> {
    let (report, _) = gongkai::check(this);
    let (previous, _) = gongkai::check(last);
    let previous = gongkai::rules::Previous {
        seen: &gongkai::rules::Seen::of(&previous),
        document: "2023.txt",
    };
    gongkai::rules::across_years(&report, &previous)
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

const REGULATIONS_2023: &str = "行政规范性文件 | 2 | 0 | 13 |";

#[test]
fn carryover() {
    let this = clean();
    let (a, b) = (
        gongkai::check(&this).0,
        gongkai::check(&last_year(ROW_FOUR, REGULATIONS_2023)).0,
    );
    let (a, b) = (
        gongkai::rules::Identity::of(&a).unwrap(),
        gongkai::rules::Identity::of(&b).unwrap(),
    );
    assert_eq!((a.agency.as_str(), a.year), ("示例市数据资源管理局", 2024));
    assert_eq!(a.previous(), b);
    // Last year carried 2 over, not 1: the 自然人 and 总计 columns of 二 differ.
    let last = last_year(
        "四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        REGULATIONS_2023,
    );
    let found = across(&this, &last, "carryover");
    assert_eq!(found.len(), 2);
    let d = &found[1];
    assert_eq!(this[d.span.clone()].to_string(), "1");
    assert!(d.message.contains("应为 2"), "{}", d.message);
    assert_eq!(d.related[0].document.as_deref(), Some("2023.txt"));
    assert_eq!(&last[d.related[0].span.clone()], "2");
    // The fix sets the cell to last year's figure, and touches nothing else.
    let fix = d.fix.as_ref().unwrap();
    assert!(!fix.safe);
    let fixed = apply(&this, &fix.edits);
    assert_eq!(
        fixed.replacen("| 0 | 0 | 0 | 0 | 0 | 2 |", "| 0 | 0 | 0 | 0 | 0 | 1 |", 1),
        this
    );
}

#[test]
fn carryover_quiet() {
    quiet_across(
        &clean(),
        &last_year(ROW_FOUR, REGULATIONS_2023),
        "carryover",
    );
    // A blank cell last year is unknown, not zero.
    quiet_across(
        &clean(),
        &last_year(
            "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |",
            REGULATIONS_2023,
        ),
        "carryover",
    );
}

fn quiet_across(this: &str, last: &str, code: &str) {
    let found = across(this, last, code);
    assert!(found.is_empty(), "{code} fired: {found:?}");
}

#[test]
fn effective_count() {
    // 15 last year + 3 − 1 = 17, but 15 this year.
    let found = across(
        &clean(),
        &last_year(ROW_FOUR, "行政规范性文件 | 3 | 1 | 15 |"),
        "effective-count",
    );
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("应为 17"), "{}", found[0].message);
    assert!(found[0].fix.is_none());
    quiet_across(
        &clean(),
        &last_year(ROW_FOUR, REGULATIONS_2023),
        "effective-count",
    );
    // A 2019-format year before has no 现行有效件数 to start from.
    let (report, _) = gongkai::check(&clean());
    for (name, seed) in seeds() {
        let (previous, _) = gongkai::check(&seed);
        if previous.format.id() == Some("2019") {
            let previous = gongkai::rules::Previous {
                seen: &gongkai::rules::Seen::of(&previous),
                document: &name,
            };
            assert!(
                gongkai::rules::across_years(&report, &previous)
                    .iter()
                    .all(|d| d.code != "effective-count")
            );
        }
    }
}

#[test]
fn effective_count_within_one_year() {
    // 制发 1, 废止 0, 现行有效 0 in one row: whatever last year had in force, at least the one
    // issued this year is in force now. Said without last year's report.
    let t = edit(
        "行政规范性文件 | 3 | 1 | 15 |",
        "行政规范性文件 | 1 | 0 | 0 |",
    );
    assert_eq!(fired(&t, "effective-count"), ["0"]);
    let (_, d) = gongkai::check(&t);
    let d = d.iter().find(|d| d.code == "effective-count").unwrap();
    assert!(d.headline().contains("至少应为 1"), "{}", d.message);
    assert_eq!(d.related.len(), 2);
    assert!(d.fix.is_none());
    // With last year's report at hand it is still one finding, not a second one across years.
    assert!(
        across(
            &t,
            &last_year(ROW_FOUR, REGULATIONS_2023),
            "effective-count"
        )
        .is_empty()
    );
    // Quiet: exactly what this year leaves (nothing in force last year), more, a blank part.
    quiet(&clean(), "effective-count");
    quiet(
        &edit(
            "行政规范性文件 | 3 | 1 | 15 |",
            "行政规范性文件 | 3 | 1 | 2 |",
        ),
        "effective-count",
    );
    quiet(
        &edit(
            "行政规范性文件 | 3 | 1 | 15 |",
            "行政规范性文件 | 3 |  | 0 |",
        ),
        "effective-count",
    );
    // More repealed than issued is last year's documents going: no bound.
    quiet(
        &edit(
            "行政规范性文件 | 3 | 1 | 15 |",
            "行政规范性文件 | 0 | 4 | 0 |",
        ),
        "effective-count",
    );
    for (name, text) in seeds() {
        assert!(fired(&text, "effective-count").is_empty(), "seed {name}");
    }
}

#[test]
fn period() {
    let t = edit(
        "统计期限为2024年1月1日至2024年12月31日",
        "统计期限为2024年1月1日至2024年11月30日",
    );
    assert_eq!(fired(&t, "period"), ["2024年1月1日至2024年11月30日"]);
    // The title and the period naming different years.
    let t = edit(
        "示例市数据资源管理局2024年政府信息公开工作年度报告",
        "示例市数据资源管理局2023年政府信息公开工作年度报告",
    );
    assert_eq!(fired(&t, "period"), ["2023"]);
    quiet(&clean(), "period");
    // A year in a cited document's title is no statement of the reporting year.
    quiet(
        &edit(
            "一、总体情况\n",
            "一、总体情况\n根据《2023年政务公开工作要点》开展工作。\n",
        ),
        "period",
    );
    for (name, text) in seeds() {
        assert!(fired(&text, "period").is_empty(), "seed {name}");
    }
}

/// `clean()` (a 2024 report) with `text` as its section 五.
fn with_five(text: &str) -> String {
    edit(
        "一是政策解读形式较为单一;二是依申请公开答复文书还需进一步规范。2025年,我局将丰富图解、视频等解读形式,统一答复文书模板,加强业务培训。",
        &format!("一是政策解读形式较为单一;二是依申请公开答复文书还需进一步规范。{text}"),
    )
}

#[test]
fn plan_year() {
    // Plans for the reporting year or an earlier one: text carried over from an old report.
    for (text, span) in [
        ("2024年,我局将丰富图解、视频等解读形式。", "2024年,我局将"),
        ("2024年将进一步加强业务培训。", "2024年将"),
        (
            "二〇二四年,我们将继续做好政务公开工作。",
            "二〇二四年,我们将",
        ),
        ("2024年度,我局拟开展专题培训。", "2024年度,我局拟"),
        ("二是2023年,我局计划统一答复文书模板。", "2023年,我局计划"),
        ("到2024年底,我局将完成公开目录编制。", "2024年底,我局将"),
    ] {
        assert_eq!(fired(&with_five(text), "plan-year"), [span], "{text}");
    }
    let (_, d) = gongkai::check(&with_five("2024年,我局将丰富解读形式。"));
    let d = d.iter().find(|d| d.code == "plan-year").unwrap();
    assert!(d.notes().any(|n| n.contains("2025年")), "{}", d.message);
    // Quiet: the next year's plans; what was done that year; the year in a retrospective
    // clause, a comparison or a noun; 将 as 把 in a clause that may tell what was done.
    quiet(&clean(), "plan-year");
    for text in [
        "2025年,我局将丰富图解、视频等解读形式。",
        "2024年,我局开展了业务培训,将政务公开纳入绩效考核。",
        "2024年,我局将政务公开工作纳入年度绩效考核。",
        "2024年,我局政务公开工作虽然取得了一定成效,但仍存在不足。今后,我们将采取以下措施。",
        "在总结2024年工作的基础上,我局将进一步加强培训。",
        "与2023年相比,我局将进一步加强解读。",
        "2024年工作计划已全部完成。",
        "2019年以来,我局持续推进政务公开,下一步将进一步加强培训。",
    ] {
        quiet(&with_five(text), "plan-year");
    }
    // The real reports: 2021年 promises in a 2020 report (seed 002) are for the next year.
    for (name, text) in seeds() {
        assert!(fired(&text, "plan-year").is_empty(), "seed {name}");
    }
}

#[test]
fn date_before_period_end() {
    let t = edit("2025年1月20日", "2024年12月20日");
    assert_eq!(fired(&t, "date-before-period-end"), ["2024年12月20日"]);
    quiet(&clean(), "date-before-period-end");
    // A date in running text is no signature.
    quiet(
        &edit(
            "完成门户网站适老化改造",
            "2024年3月1日完成门户网站适老化改造",
        ),
        "date-before-period-end",
    );
    let (_, s004) = seeds().into_iter().find(|(n, _)| n == "004").unwrap();
    assert_eq!(fired(&s004, "date-before-period-end"), ["2021年1月27日"]);
}

#[test]
fn late_publication() {
    let t = edit("2025年1月20日", "2025年2月20日");
    assert_eq!(fired(&t, "late-publication"), ["2025年2月20日"]);
    quiet(&clean(), "late-publication");
    // A government's own summary report is due 3月31日.
    let government =
        edit("2025年1月20日", "2025年3月20日").replace("示例市数据资源管理局", "示例市人民政府");
    quiet(&government, "late-publication");
}

#[test]
fn format_citation() {
    let t = edit("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号");
    assert_eq!(fired(&t, "format-citation"), ["〔2019〕60号"]);
    quiet(&clean(), "format-citation");
}

/// `clean()` with its title's agency, a 发布机构 row above the title (when given) and the
/// agency above the signature's date.
fn agencies(title: &str, row: Option<&str>, signature: &str) -> String {
    let t = clean().replacen(
        "示例市数据资源管理局2024年政府信息公开工作年度报告",
        &format!("{title}2024年政府信息公开工作年度报告"),
        1,
    );
    let t = match row {
        Some(row) => format!("发布机构: | {row} |\n{t}"),
        None => t,
    };
    t.replacen(
        "示例市数据资源管理局\n2025年1月20日",
        &format!("{signature}\n2025年1月20日"),
        1,
    )
}

#[test]
fn agency_mismatch() {
    const OWN: &str = "示例市数据资源管理局";
    // Quiet: the same agency, shortened or written in full; the 发布机构 as the site that
    // carries the report; the real reports.
    quiet(&clean(), "agency-mismatch");
    for (title, row, signature) in [
        ("北京市朝阳区人民政府办公室", None, "朝阳区政府办公室"),
        ("某某市生态环境局", None, "某某市生态环境局办公室"),
        ("杭州市民宗局", Some("市民族宗教局"), "杭州市民族宗教局"),
        (OWN, Some("市数据资源管理局"), "示例市 数据资源管理局"),
        (OWN, Some("示例市人民政府"), OWN),
        (OWN, Some("示例市人民政府办公室"), OWN),
        (
            "某某县人民政府",
            Some("某某县人民政府办公室"),
            "某某县人民政府办公室",
        ),
    ] {
        quiet(&agencies(title, row, signature), "agency-mismatch");
    }
    // A government's name over a department's report (the site's name above a title that
    // lacks the agency), the department signing: not clearly another agency.
    let site = clean().replacen(
        "示例市数据资源管理局2024年政府信息公开工作年度报告",
        "示例市人民政府\n2024年政府信息公开工作年度报告",
        1,
    );
    assert_eq!(
        gongkai::parse(&site).agency().map(|a| a.name.as_str()),
        Some("示例市人民政府")
    );
    quiet(&site, "agency-mismatch");
    // A saved web page's breadcrumb above the title names the page, not the agency.
    for crumb in [
        "首页> 政务公开> 政府信息公开年度报告",
        "当前位置:首页 › 信息公开 › 政府信息公开工作年度报告",
    ] {
        let page = format!("{crumb}\n{}", clean());
        assert_eq!(
            gongkai::parse(&page).agency().map(|a| a.name.as_str()),
            Some(OWN),
            "{crumb}"
        );
        quiet(&page, "agency-mismatch");
    }
    for (name, text) in seeds() {
        assert!(fired(&text, "agency-mismatch").is_empty(), "seed {name}");
    }
    // Fires: another agency in the signature (one copied from another's report), another
    // district in the 发布机构, a government signing its department's report.
    let t = agencies(OWN, None, "示例市应急管理局");
    assert_eq!(fired(&t, "agency-mismatch"), ["示例市应急管理局"]);
    let (_, d) = gongkai::check(&t);
    let d = d.iter().find(|d| d.code == "agency-mismatch").unwrap();
    assert!(
        d.headline().contains("示例市数据资源管理局"),
        "{}",
        d.message
    );
    assert_eq!(&t[d.related[0].span.clone()], OWN);
    let t = agencies(
        "北京市朝阳区人民政府办公室",
        Some("北京市海淀区人民政府办公室"),
        "北京市朝阳区人民政府办公室",
    );
    assert_eq!(fired(&t, "agency-mismatch"), ["北京市海淀区人民政府办公室"]);
    let t = agencies(OWN, None, "示例市人民政府");
    assert_eq!(fired(&t, "agency-mismatch"), ["示例市人民政府"]);
    // The office's own report signed by a department: the office is an agency of its own.
    let t = agencies("示例市人民政府办公室", None, OWN);
    assert_eq!(fired(&t, "agency-mismatch"), [OWN]);
}

#[test]
fn every_rule_in_the_catalogue_has_a_test_here() {
    let me = include_str!("rules.rs");
    for rule in gongkai::rules::RULES {
        let name = rule.code.replace('-', "_");
        assert!(
            me.contains(&format!("fn {name}()")),
            "no test for {}",
            rule.code
        );
    }
}

#[test]
fn the_readme_lists_every_rule() {
    let readme = include_str!("../README.md");
    for rule in gongkai::rules::RULES {
        assert!(
            readme.contains(&format!("| `{}` |", rule.code)),
            "README lacks {}",
            rule.code
        );
    }
}

fn derived(source: &str, method: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/derived/{source}/{method}.txt")),
    )
    .unwrap()
}

#[test]
fn unread_table() {
    // Plain pdftotext of the example: 申请表's merged cells put a group's values before its
    // labels. One hint on the table, and not one finding from cells it cannot place (the
    // example's broken total among them: a finding not sure of is worse than none).
    let t = derived("example", "pdftotext");
    let (_, d) = gongkai::check(&t);
    let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unread-table"], "{d:#?}");
    assert!(t[d[0].span.clone()].starts_with("(本列数据的勾稽关系"));
    // A label torn around its values in a small table (行政处 … 罚): that table too.
    let t = derived("002", "pdftotext");
    assert_eq!(
        fired(&t, "unread-table").len(),
        5,
        "{:#?}",
        common::findings(&t)
    );
    quiet(&t, "not-a-number");
    quiet(&t, "extra-cell");
    // Slips in two rows of a table laid out row by row are findings, not an unread table.
    let t = edit(ROW_SEVEN, "(七)总计 | 10 | 2 | O | 0 | 0 | 0 | 12 |").replacen(
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 |",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 一 |",
        1,
    );
    quiet(&t, "unread-table");
    assert_eq!(fired(&t, "not-a-number"), ["一", "O"]);
    quiet(&clean(), "unread-table");
}
