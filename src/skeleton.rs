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
            let given = req.last.map(|last| carried(def, last)).unwrap_or_default();
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
