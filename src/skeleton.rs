//! A new report to draft: the title, the six sections under their official headings, what
//! each prose section must say, and every table of the year's format with every row and its
//! cells left empty. Given last year's report, the cells a year relation settles from it alone
//! are filled in (上年结转 = 上年的结转下年度) and the bases of the others noted (上年现行有效件数).

use crate::model::{Layout, Report};
use crate::render;
use crate::rules::{Carried, carried};
use crate::template::{Format, SECTIONS, TableDef};

/// What to draft.
pub struct Request<'a> {
    pub year: u16,
    /// The body reporting; else last year's report's, else left for the drafter.
    pub agency: Option<&'a str>,
    pub last: Option<&'a Report>,
}

/// The report's text, lines ended by `nl`; an error for a year no format applies to.
pub fn draft(req: &Request, nl: &str) -> Result<String, String> {
    let format = Format::for_year(req.year).ok_or_else(|| {
        format!(
            "没有适用于 {} 年的统一格式(最早的格式自 {} 年度起)/ no format for that year",
            req.year,
            crate::template::FORMATS
                .iter()
                .map(|f| f.first_year)
                .min()
                .unwrap_or_default()
        )
    })?;
    let agency = req
        .agency
        .map(str::to_string)
        .or_else(|| req.last.and_then(|r| r.agency()).map(|a| a.name.clone()))
        .unwrap_or_default();
    let mut parts = vec![format!("{agency}{}年政府信息公开工作年度报告", req.year)];
    // What the year relations read of last year's report, read once for every table.
    let last = req.last.map(crate::rules::Seen::of);
    for section in &SECTIONS {
        parts.push(section.heading.to_string());
        let tables: Vec<&'static TableDef> = format
            .tables
            .iter()
            .copied()
            .filter(|t| t.section == section.number)
            .collect();
        if tables.is_empty() {
            parts.push(format!("(待填写:{})", section.requires));
        }
        for def in tables {
            let given = last
                .as_ref()
                .map(|last| carried(def, last))
                .unwrap_or_default();
            // Empty cells, except in a row without a label (复议诉讼表's one row), which is
            // known by its values alone: there `/`, read as blank, keeps the row a row.
            let fill = |r: usize, c: usize| match given.iter().find(|g| g.settled && g.at == (r, c))
            {
                Some(g) => g.last.to_string(),
                None if def.rows[r].label.is_none() => "/".to_string(),
                None => String::new(),
            };
            parts.push(render::table(def, Layout::Rows, nl, &fill));
            if let Some(note) = bases(def, &given) {
                parts.push(note);
            }
        }
    }
    Ok(parts.join(&format!("{nl}{nl}")) + nl)
}

/// The year a report drafted today is for: reports are due by 31 January for the year before,
/// so the calendar year of `unix_secs` less one.
pub fn reporting_year(unix_secs: u64) -> u16 {
    let mut days = unix_secs / 86_400;
    let mut year: u16 = 1970;
    loop {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let length = if leap { 366 } else { 365 };
        if days < length {
            return year - 1;
        }
        days -= length;
        year += 1;
    }
}

/// The year a document to draft names: in its text (`2024年…`, not a date), else in its file
/// name (`2024.txt`, `2024年报告.md`: four digits standing alone).
pub fn year_named(text: &str, file_name: &str) -> Option<u16> {
    crate::text::year::years(text)
        .find(|y| !crate::text::year::starts_date(text, y))
        .map(|y| y.year)
        .or_else(|| {
            file_name
                .split(|c: char| !c.is_ascii_digit())
                .filter(|d| d.len() == 4)
                .filter_map(|d| d.parse().ok())
                .find(|y| (1990..=2200).contains(y))
        })
}

/// Whether a document is empty enough to be replaced by a draft: no heading, no table, and at
/// most one line written (a title, whose agency and year the draft takes over).
pub fn nearly_empty(text: &str, report: &Report) -> bool {
    report.sections.is_empty()
        && report.tables().next().is_none()
        // Asked on every code action request: stop at the second written line.
        && text.lines().filter(|l| !l.trim().is_empty()).nth(1).is_none()
}

/// A line after a table naming last year's figures its relations add this year's terms to:
/// `(上年报告:规章 现行有效件数 12、…;现行有效件数应等于…。)`. No figure in it takes a unit,
/// so that the prose rules read nothing from it.
fn bases(def: &TableDef, given: &[Carried]) -> Option<String> {
    let open: Vec<&Carried> = given.iter().filter(|g| !g.settled).collect();
    let first = open.first()?;
    let cells: Vec<String> = open
        .iter()
        .map(|g| format!("{} {}", def.row_name(g.at.0), g.last))
        .collect();
    Some(format!(
        "(上年报告的{}:{};{}。)",
        def.columns[first.at.1].label.official,
        cells.join("、"),
        first.relation.statement
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reporting_year_is_the_year_before_today() {
        // 2026-12-04 and 2025-01-01 (a day after a leap year's end), in seconds since 1970.
        assert_eq!(reporting_year(1_796_342_400), 2025);
        assert_eq!(reporting_year(1_735_689_600), 2024);
        assert_eq!(reporting_year(1_735_689_599), 2023);
    }

    #[test]
    fn a_year_is_taken_from_the_text_then_the_file_name() {
        assert_eq!(
            year_named("示例市2023年政府信息公开工作年度报告", "2024.txt"),
            Some(2023)
        );
        assert_eq!(
            year_named("发布日期:2024年1月5日", "报告-2022.md"),
            Some(2022)
        );
        assert_eq!(year_named("", "2022年度报告.txt"), Some(2022));
        assert_eq!(year_named("", "report-12345.txt"), None);
    }

    #[test]
    fn only_a_title_at_most_is_nearly_empty() {
        let title = "示例市2024年政府信息公开工作年度报告\n";
        assert!(nearly_empty(title, &crate::parse(title)));
        assert!(nearly_empty("", &crate::parse("")));
        let two = "标题\n正文一行\n";
        assert!(!nearly_empty(two, &crate::parse(two)));
        let heading = "一、总体情况\n";
        assert!(!nearly_empty(heading, &crate::parse(heading)));
    }

    #[test]
    fn a_year_without_a_format_is_refused() {
        let err = draft(
            &Request {
                year: 2001,
                agency: None,
                last: None,
            },
            "\n",
        )
        .unwrap_err();
        assert!(err.contains("2001"), "{err}");
    }
}
