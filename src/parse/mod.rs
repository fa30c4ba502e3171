//! Text → [`Report`]. Linear in the text; never panics.

mod lines;
mod table;
pub mod tokens;
mod year;

pub use lines::split as split_lines;

use std::sync::LazyLock;

use crate::model::{FormatVerdict, Report, Section, Span, Table};
use crate::template::{FORMATS, Format, Start, TableDef};
use crate::text::normalize::fold;

/// Parse a report. Any text is accepted; a text that is not a report comes back with
/// `is_report == false`.
pub fn parse(text: &str) -> Report {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let lines = lines::split(text, start);
    let headings: Vec<Option<&'static crate::template::SectionDef>> = lines
        .iter()
        .map(|l| lines::heading(&text[l.clone()]))
        .collect();

    let mut sections: Vec<Section> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        if let Some(def) = h {
            if let Some(prev) = sections.last_mut() {
                prev.body.end = lines[i].start;
            }
            sections.push(Section {
                def,
                heading: lines::trimmed(text, &lines[i]),
                body: lines[i].end..text.len(),
            });
        }
    }

    let first_heading = headings.iter().position(Option::is_some);
    let body_one = sections
        .iter()
        .find(|s| s.def.number == 1)
        .map(|s| s.body.clone());
    let year_mentions = year::mentions(text, &lines, first_heading, body_one.as_ref());
    let year = year_mentions.first().cloned();
    let year_format = year.as_ref().and_then(|y| Format::for_year(y.year));

    let markdown = lines
        .iter()
        .any(|l| tokens::is_delimiter_row(&text[l.clone()]));
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(kind) = (headings[i].is_none())
            .then(|| table_start(text, &lines[i]))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < lines.len()
            && headings[end].is_none()
            && !is_prose(&text[lines[end].clone()])
            && table_start(text, &lines[end])
                .is_none_or(|k| k == kind && !matches!(defs_of(k)[0].start, Start::Marker(_)))
        {
            end += 1;
        }
        let region = &lines[i..end];
        let (table, lines_used) = read_table(text, region, kind, year_format, markdown);
        if let Some(t) = table {
            tables.push(t);
        }
        i += lines_used.max(1);
    }

    let format = verdict(&tables, year_format);
    let is_report = !tables.is_empty() || {
        let mut numbers: Vec<u8> = sections.iter().map(|s| s.def.number).collect();
        numbers.dedup();
        numbers.len() >= 3
    };
    Report {
        is_report,
        year,
        year_mentions,
        format,
        sections,
        tables,
        newline: if text.contains("\r\n") { "\r\n" } else { "\n" },
        start,
        len: text.len(),
    }
}

/// Every definition of one table kind, once each (a table shared by formats appears once).
fn defs_of(kind: &str) -> Vec<&'static TableDef> {
    let mut defs: Vec<&'static TableDef> = Vec::new();
    for f in &FORMATS {
        for t in f.tables {
            if t.kind == kind && !defs.iter().any(|d| std::ptr::eq(*d, *t)) {
                defs.push(t);
            }
        }
    }
    defs
}

/// How each table kind begins, folded once: `(pattern, is_prefix, kind)`.
static STARTS: LazyLock<Vec<(String, bool, &'static str)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for f in &FORMATS {
        for t in f.tables {
            let patterns: Vec<&str> = match t.start {
                Start::Marker(m) => vec![m],
                Start::FirstCell(cells) => cells.to_vec(),
            };
            for p in patterns {
                let (p, prefix) = match p.strip_suffix('…') {
                    Some(head) => (head, true),
                    None => (p, false),
                };
                let entry = (fold(p), prefix, t.kind);
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
        }
    }
    out
});

/// The kind of table a line begins, judged by its first cell.
fn table_start(text: &str, line: &Span) -> Option<&'static str> {
    let s = &text[line.clone()];
    let first = s.split('|').map(str::trim).find(|c| !c.is_empty())?;
    // Every start pattern is short; a long first cell is prose.
    if first.len() > 160 {
        return None;
    }
    let folded = fold(first);
    STARTS
        .iter()
        .find(|(p, prefix, _)| {
            if *prefix {
                folded.starts_with(p.as_str())
            } else {
                folded == *p
            }
        })
        .map(|(_, _, kind)| *kind)
}

/// A line of running text: it ends a table region.
fn is_prose(line: &str) -> bool {
    !line.contains('|') && (line.contains('。') || line.chars().count() > 60)
}

/// The best reading of a region as a table of `kind`, and how many lines it used.
fn read_table(
    text: &str,
    region: &[Span],
    kind: &str,
    year_format: Option<&'static Format>,
    markdown: bool,
) -> (Option<Table>, usize) {
    let layout = tokens::layout(text, region, markdown);
    let toks = tokens::tokenize(text, region, layout);
    if toks.is_empty() {
        return (None, 1);
    }
    let mut best: Vec<table::Assembly> = Vec::new();
    for def in defs_of(kind) {
        let a = table::assemble(&toks, def, layout);
        match best.first().map(|b| b.score) {
            Some(s) if a.score < s => {}
            Some(s) if a.score == s => best.push(a),
            _ => best = vec![a],
        }
    }
    let fits: Vec<&'static Format> = best.iter().flat_map(|a| a.table.def.formats()).collect();
    let pick = best
        .iter()
        .position(|a| {
            year_format.is_some_and(|f| a.table.def.formats().any(|g| std::ptr::eq(g, f)))
        })
        .unwrap_or(best.len() - 1);
    let chosen = best.swap_remove(pick);
    let lines_used = toks[chosen.tokens_used - 1].line + 1;
    let mut t = chosen.table;
    t.fits = fits;
    (Some(t), lines_used)
}

/// Which format the tables follow, all told.
fn verdict(tables: &[Table], year_format: Option<&'static Format>) -> FormatVerdict {
    let telling: Vec<&'static Format> = tables
        .iter()
        .filter(|t| t.fits.len() == 1)
        .map(|t| t.fits[0])
        .collect();
    match telling.first() {
        Some(first) if telling.iter().all(|f| std::ptr::eq(*f, *first)) => {
            FormatVerdict::Tables(first)
        }
        Some(_) => FormatVerdict::Mixed,
        None => year_format.map_or(FormatVerdict::Unknown, FormatVerdict::Year),
    }
}
