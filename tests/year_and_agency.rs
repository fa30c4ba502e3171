//! The reporting year and the agency, read from every shape a real title and preamble take:
//! a title broken over lines, blanks inside `2024 年` or `年 度`, Chinese numerals, the year
//! only in the 统计期限 or the 组配分类, the 发布机构 on the line below its label. Each shape
//! is shown at work (`period` when its year differs from the period's, `late-publication` when
//! it is the only year) and quiet when it agrees; numbers that are not the year stay unread.

mod common;

use common::{clean, fired};

const TITLE: &str = "示例市数据资源管理局2024年政府信息公开工作年度报告\n";
const PERIOD: &str = "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。";
const FIRST: &str = "2024年,示例市数据资源管理局坚持";

/// The example with its title replaced.
fn titled(title: &str) -> String {
    let t = clean();
    assert_eq!(t.matches(TITLE).count(), 1);
    t.replacen(TITLE, title, 1)
}

/// Only `title` names the year: no period sentence, a first sentence without a year.
fn only_title(title: &str) -> String {
    titled(title)
        .replacen(PERIOD, "", 1)
        .replacen(FIRST, "全年,示例市数据资源管理局坚持", 1)
}

fn year(text: &str) -> Option<u16> {
    gongkai::parse(text).year.map(|y| y.year)
}

fn agency(text: &str) -> Option<String> {
    gongkai::parse(text).agency().map(|a| a.name.clone())
}

/// Titles as real reports write them, each for 2023 in a report whose period is 2024, and the
/// year's digits as written.
const TITLES_2023: [(&str, &str); 11] = [
    (
        "某某县人民政府办公室\n2023年政府信息公开工作年度报告\n",
        "2023",
    ),
    (
        "某某县人民政府办公室2023年\n政府信息公开工作年度报告\n",
        "2023",
    ),
    (
        "某某县人民政府办公室2023 年度政府信息公开工作年度报告\n",
        "2023 ",
    ),
    (
        "某某县人民政府办公室2023年度政府信息公开工作年 度报告\n",
        "2023",
    ),
    (
        "某某县人民政府办公室二〇二三年政府信息公开工作年度报告\n",
        "二〇二三",
    ),
    (
        "2023年度\n某某县人民政府办公室政府信息公开工作年度报告\n",
        "2023",
    ),
    (
        "名称: | 某某县人民政府办公室2023年度政府信息公开工作年度报告 |\n",
        "2023",
    ),
    (
        "# 某某县人民政府办公室2023年度政府信息公开工作年度报告\n",
        "2023",
    ),
    (
        "某某县人民政府办公室政府信息公开工作\n2023年度报告\n",
        "2023",
    ),
    (
        "某某县人民政府办公室2023年度\n政府信息公开\n工作年度报告\n",
        "2023",
    ),
    (
        "某某县人民政府办公室\n\n２０２３年政府信息公开工作年度报告\n",
        "２０２３",
    ),
];

#[test]
fn every_title_shape_gives_its_year_and_agency() {
    for (title, digits) in TITLES_2023 {
        // Alone, the title's year is the report's year.
        let alone = only_title(title);
        assert_eq!(year(&alone), Some(2023), "{title}");
        assert_eq!(
            agency(&alone).as_deref(),
            Some("某某县人民政府办公室"),
            "{title}"
        );
        // Against a 2024 period, it is a year that disagrees.
        let t = titled(title);
        let found = fired(&t, "period");
        assert_eq!(found.len(), 1, "{title}: {found:?}");
        assert_eq!(found[0].trim_end(), digits.trim_end(), "{title}");
        // The same shape naming 2024 agrees.
        let agreeing = titled(
            &title
                .replace("2023", "2024")
                .replace("二〇二三", "二〇二四")
                .replace("２０２３", "２０２４"),
        );
        assert!(fired(&agreeing, "period").is_empty(), "{title}");
    }
}

#[test]
fn a_title_without_its_agency_leaves_it_to_the_signature() {
    let t = only_title("2024 年度政府信息公开工作年度报告\n");
    assert_eq!(year(&t), Some(2024));
    assert_eq!(agency(&t).as_deref(), Some("示例市数据资源管理局"));
}

#[test]
fn page_chrome_above_the_title_is_not_the_title() {
    let t = only_title(
        "首页\n政府信息公开年报\n某某县人民政府办公室\n2023年政府信息公开工作年度报告\n",
    );
    assert_eq!(year(&t), Some(2023));
    assert_eq!(agency(&t).as_deref(), Some("某某县人民政府办公室"));
}

/// The example with only `period` naming the year, and its signature dated `signed`.
fn only_period(period: &str, signed: &str) -> String {
    only_title("示例市数据资源管理局政府信息公开工作年度报告\n")
        .replacen("编制。", &format!("编制。{period}"), 1)
        .replacen("2025年1月20日", signed, 1)
}

#[test]
fn the_year_from_the_period_alone() {
    for period in [
        "本报告所列数据的统计期限为2024 年1月1日至2024 年12月31日。",
        "本报告中所列数据的统计期限为二〇二四年一月一日至二〇二四年十二月三十一日。",
        "本报告所列数据统计时间为2024年1月1日至12月31日。",
    ] {
        assert_eq!(
            year(&only_period(period, "2025年1月20日")),
            Some(2024),
            "{period}"
        );
        // With the year known, a signature in February is late; in January it is not.
        let late = only_period(period, "2025年2月20日");
        assert_eq!(
            fired(&late, "late-publication"),
            ["2025年2月20日"],
            "{period}"
        );
        assert!(fired(&only_period(period, "2025年1月20日"), "late-publication").is_empty());
    }
}

#[test]
fn the_year_and_agency_from_metadata_laid_one_cell_per_line() {
    // A web page's metadata copied one cell per line: each label above its value.
    let meta = "索引号: |\n11330800002618736G/2025-00251 |\n组配分类: |\n2024年度 |\n发布机构: |\n示例市数据资源管理局 |\n";
    let t = only_title(meta).replacen("2025年1月20日", "2025年2月20日", 1);
    assert_eq!(year(&t), Some(2024));
    assert_eq!(agency(&t).as_deref(), Some("示例市数据资源管理局"));
    assert_eq!(fired(&t, "late-publication"), ["2025年2月20日"]);
    // The 组配分类 further along its row, past a date of another cell.
    let row = only_title("成文日期: | 2025年1月13日 | 组配分类: | 年度报告 | 2024年度 |\n");
    assert_eq!(year(&row), Some(2024));
    // A label with no value before the next label gives no name.
    let blank = only_title("发布机构: | | 文号: | 无 |\n");
    assert_eq!(agency(&blank).as_deref(), Some("示例市数据资源管理局"));
}

#[test]
fn numbers_in_the_preamble_that_are_not_the_year() {
    // A document number, an index number and a date in the metadata name no reporting year.
    let t = only_title(
        "索引号: | 11330800002618736G/2025-00251 | 成文日期: | 2025年1月13日 |\n\
         示例市数据资源管理局政府信息公开工作年度报告\n\
         (依据国办公开办函〔2021〕30号编制)\n",
    );
    assert_eq!(year(&t), None);
    assert_eq!(agency(&t).as_deref(), Some("示例市数据资源管理局"));
    // And with the period back, nothing disagrees with it.
    let with_period = t.replacen("编制。", &format!("编制。{PERIOD}"), 1);
    assert_eq!(year(&with_period), Some(2024));
    assert!(fired(&with_period, "period").is_empty());
}

/// The example as a 2022 report (its signature in 2023).
fn report_2022() -> String {
    clean().replace("2024", "2022").replace("2025", "2023")
}

#[test]
fn a_first_sentence_naming_another_year_raises_period() {
    let t = report_2022();
    assert!(fired(&t, "period").is_empty());
    for (opening, digits) in [
        ("2023年,", "2023"),
        ("二〇二三年,", "二〇二三"),
        ("2023 年,", "2023"),
    ] {
        let wrong = t.replacen("2022年,示例市", &format!("{opening}示例市"), 1);
        assert_eq!(fired(&wrong, "period"), [digits], "{opening}");
    }
    // A span that starts in an earlier year is not the year the sentence is about.
    for opening in ["2019年以来,", "2019年至今,", "2019年起,"] {
        let since = t.replacen("2022年,示例市", &format!("{opening}示例市"), 1);
        assert!(fired(&since, "period").is_empty(), "{opening}");
    }
}

#[test]
fn dates_spaced_out_as_pdftotext_gives_them() {
    let spaced = |period_end: &str, signed: &str| {
        clean()
            .replacen(
                PERIOD,
                &format!(
                    "本报告所列数据的统计期限为 2024 年 1 月 1 日至 2024 年 {period_end} 日。"
                ),
                1,
            )
            .replacen("2025年1月20日", signed, 1)
    };
    let t = spaced("11 月 30", "2025 年 2 月 20 日");
    assert_eq!(
        fired(&t, "period"),
        ["2024 年 1 月 1 日至 2024 年 11 月 30 日"]
    );
    assert_eq!(fired(&t, "late-publication"), ["2025 年 2 月 20 日"]);
    let t = spaced("12 月 31", "2025 年 1 月 20 日");
    assert!(fired(&t, "period").is_empty());
    assert!(fired(&t, "late-publication").is_empty());
}
