//! `label-variant`, `format-version`, `mixed-format`: which format the tables follow, and in
//! whose words.

use super::{finding, safe};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::{FormatVerdict, Report, Span, Table};
use crate::template::{Format, Label, MatchKind};

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    for table in report.tables() {
        for h in &table.header {
            if let Some((label, kind)) = h.matched {
                variant(text, h.span.clone(), h.rest.clone(), label, kind, out);
            }
        }
        for row in &table.rows {
            for l in &row.labels {
                variant(text, l.span.clone(), l.rest.clone(), l.label, l.kind, out);
            }
        }
    }
    version(report, out);
}

/// `rest`: the rest of a label torn from it (around its row's values, or onto a later line of
/// the header), quoted with it and removed by the fix.
fn variant(
    text: &str,
    span: Span,
    rest: Option<Span>,
    label: &'static Label,
    kind: MatchKind,
    out: &mut Vec<Diagnostic>,
) {
    // A label wrapped over lines (a narrow column in a PDF) is quoted as one line.
    let written = || -> String {
        let rest = rest.clone().map_or("", |r| &text[r]);
        text[span.clone()]
            .lines()
            .chain(rest.lines())
            .map(str::trim)
            .collect()
    };
    let message = match kind {
        MatchKind::Exact => return,
        MatchKind::Variant => format!(
            "「{}」不是统一格式的用语,应为「{}」",
            written(),
            label.official
        ),
        MatchKind::Truncated => format!("「{}」不完整,统一格式为「{}」", written(), label.official),
        MatchKind::Misspelt => format!("「{}」疑为「{}」之误", written(), label.official),
    };
    let mut d = finding("label-variant", span.clone(), message);
    // A label read across a cell separator is reported, not rewritten: the edit would merge cells.
    if !text[span.clone()].contains('|') {
        let mut edits = vec![Edit {
            span,
            new_text: label.official.to_string(),
        }];
        edits.extend(rest.map(|span| Edit {
            span,
            new_text: String::new(),
        }));
        d.fix = Some(Fix {
            title: format!("改为「{}」", label.official),
            edits,
            // A typo's correction is a guess: offered, never applied unseen.
            safe: safe("label-variant") && kind != MatchKind::Misspelt,
        });
    }
    out.push(d);
}

/// Where a table shows its format: its title row, else its first header cell, else its start.
fn anchor(t: &Table) -> Span {
    t.marker
        .clone()
        .or_else(|| t.header.first().map(|h| h.span.clone()))
        .unwrap_or(t.span.start..t.span.start)
}

/// The tables whose shape differs between two formats, by name.
fn differences(a: &Format, b: &Format) -> String {
    let mut names: Vec<&str> = Vec::new();
    for t in a.tables.iter().chain(b.tables) {
        let in_a = a.tables.iter().find(|x| x.kind == t.kind);
        let in_b = b.tables.iter().find(|x| x.kind == t.kind);
        let same = matches!((in_a, in_b), (Some(x), Some(y)) if std::ptr::eq(*x, *y));
        if !same && !names.contains(&t.name) {
            names.push(t.name);
        }
    }
    names.join("、")
}

fn version(report: &Report, out: &mut Vec<Diagnostic>) {
    let telling = || report.tables().filter(|t| t.fits.len() == 1);
    match report.format {
        FormatVerdict::Tables(used) => {
            let Some(year) = report.year.as_ref() else {
                return;
            };
            let Some(due) = Format::for_year(year.year) else {
                return;
            };
            if std::ptr::eq(used, due) {
                return;
            }
            let Some(first) = telling().next() else {
                return;
            };
            out.push(finding(
                "format-version",
                anchor(first),
                format!(
                    "本报告为{}年度报告,应使用{}年格式({}),表格却采用{}年格式({});两者不同之处在:{}",
                    year.year,
                    due.id,
                    due.document,
                    used.id,
                    used.document,
                    differences(used, due)
                ),
            ));
        }
        FormatVerdict::Mixed => {
            let Some(first) = telling().next() else {
                return;
            };
            let major = first.fits[0];
            let others: Vec<&Table> = telling()
                .filter(|t| !std::ptr::eq(t.fits[0], major))
                .collect();
            let Some(odd) = others.first() else { return };
            let minor = odd.fits[0];
            let names = |f: &Format| -> String {
                telling()
                    .filter(|t| std::ptr::eq(t.fits[0], f))
                    .map(|t| t.def.name)
                    .collect::<Vec<_>>()
                    .join("、")
            };
            out.push(finding(
                "mixed-format",
                anchor(odd),
                format!(
                    "同一报告混用两种格式:{}按{}年格式,{}按{}年格式",
                    names(major),
                    major.id,
                    names(minor),
                    minor.id
                ),
            ));
        }
        _ => {}
    }
}
