//! Text → [`Report`]. Linear in the text; never panics. [`edit`] brings a report up to date
//! after an edit by reparsing only the blocks the edit touches.

mod blocks;
mod dates;
mod figures;
mod lines;
mod table;
pub mod tokens;
mod year;

pub use blocks::edit;

use std::sync::LazyLock;

use crate::model::{Block, BlockKind, FormatVerdict, Mark, Report, Span, Table};
use crate::template::{FORMATS, Format, SectionDef, Start, TableDef};
use crate::text::normalize::{fold, fold_char};

/// Parse a report. Any text is accepted; a text that is not a report comes back with
/// `is_report == false`.
pub fn parse(text: &str) -> Report {
    let start = bom(text);
    // Read once as plain text; a Markdown document (a delimiter row anywhere, which the blocks
    // record wherever it stands) is read again with its tables as Markdown.
    let (blocks, _) = blocks::read(text, start, false, &mut |_| blocks::Resume::Continue);
    if !blocks::has_delimiter(&blocks) {
        return derive(text, blocks, false);
    }
    let (blocks, _) = blocks::read(text, start, true, &mut |_| blocks::Resume::Continue);
    derive(text, blocks, true)
}

fn bom(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Everything a report is that follows from its blocks: sections, year, format; and tables
/// that fit both formats read in the one the year calls for.
fn derive(text: &str, mut blocks: Vec<Block>, markdown: bool) -> Report {
    let start = bom(text);
    let preamble = year::preamble(text, &blocks);
    let year_mentions = year::gather(text, &blocks, &preamble);
    let facts = year::facts(text, &blocks, &preamble);
    let year = year_mentions.first().cloned();
    let year_format = year.as_ref().and_then(|y| Format::for_year(y.year));
    // A table that fits several formats equally is read in the year's format, whichever
    // reading it had before (the year may have changed since).
    for b in &mut blocks {
        if let BlockKind::Table(t) = &mut b.kind
            && !t.tied.is_empty()
            && !std::ptr::eq(t.tied[choose(&t.tied, year_format)], t.def)
        {
            let region = lines::split_range(text, t.region.clone());
            if let (Some(mut again), _) =
                read_table(text, &region, t.def.kind, year_format, markdown)
            {
                again.delimiter_rows = t.delimiter_rows;
                again.region = t.region.clone();
                *t = again;
            }
        }
    }
    let sections = sections(text, &blocks);
    let tables: Vec<&Table> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let format = verdict(&tables, year_format);
    let is_report = !tables.is_empty() || {
        let mut numbers: Vec<u8> = sections.iter().map(|s| s.def.number).collect();
        numbers.dedup();
        numbers.len() >= 3
    };
    Report {
        blocks,
        markdown,
        is_report,
        year,
        year_mentions,
        format,
        agencies: facts.agencies,
        dates: facts.dates,
        period: facts.period,
        citations: facts.citations,
        sections,
        newline: lines::newline(text),
        start,
        len: text.len(),
    }
}

/// The report's sections: every heading block, and each heading only the whole confirms
/// (`Mark::Heading`) for a section no heading block gives, standing after every heading of a
/// lower section and before every heading of a higher one: a sub-part worded like a section
/// (`(四)…行政复议、行政诉讼情况` inside 总体情况) stands out of that order.
fn sections(text: &str, blocks: &[Block]) -> Vec<crate::model::Section> {
    // (def, heading, where the section before it ends)
    let mut heads: Vec<(&'static SectionDef, Span, usize)> = Vec::new();
    let mut candidates: Vec<(&'static SectionDef, Span)> = Vec::new();
    for b in blocks {
        match &b.kind {
            BlockKind::Heading { def, text } => heads.push((def, text.clone(), b.span.start)),
            BlockKind::Prose { marks } => candidates.extend(marks.iter().filter_map(|m| match m {
                Mark::Heading(def, s) => Some((*def, s.clone())),
                _ => None,
            })),
            BlockKind::Table(_) => {}
        }
    }
    candidates.retain(|(def, span)| {
        heads.iter().all(|(d, s, _)| {
            d.number != def.number && ((s.start < span.start) == (d.number < def.number))
        })
    });
    if !candidates.is_empty() {
        // Of the rest, the longest run in the sections' order (a few lines at most).
        let mut chain: Vec<(usize, Option<usize>)> = Vec::with_capacity(candidates.len());
        for (i, (def, _)) in candidates.iter().enumerate() {
            let best = (0..i)
                .filter(|&j| candidates[j].0.number < def.number)
                .max_by_key(|&j| chain[j].0);
            chain.push((best.map_or(1, |j| chain[j].0 + 1), best));
        }
        let mut at = (0..chain.len()).max_by_key(|&i| (chain[i].0, usize::MAX - i));
        while let Some(i) = at {
            let (def, span) = candidates[i].clone();
            let start = span.start;
            heads.push((def, span, start));
            at = chain[i].1;
        }
        heads.sort_by_key(|h| h.1.start);
    }
    let mut sections: Vec<crate::model::Section> = Vec::with_capacity(heads.len());
    for (def, heading, start) in heads {
        if let Some(prev) = sections.last_mut() {
            prev.body.end = start;
        }
        let line_end = crate::text::lines::line_end(text, heading.end);
        sections.push(crate::model::Section {
            def,
            heading,
            body: line_end..text.len(),
        });
    }
    sections
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

/// Longer than any table's first cell: a line that opens so is prose.
const MAX_START_BYTES: usize = 160;

/// The characters a table's first cell begins with, folded.
static START_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut out: Vec<char> = STARTS
        .iter()
        .filter_map(|(p, _, _)| p.chars().next())
        .collect();
    out.dedup();
    out
});

/// The kind of table a line begins, judged by its first cell.
fn table_start(text: &str, line: &Span) -> Option<&'static str> {
    let s = &text[line.clone()];
    let first = s.split('|').map(str::trim).find(|c| !c.is_empty())?;
    // Cheap first: the cell's first character, folded, must begin some table.
    if !first
        .chars()
        .find_map(|c| fold_char(c, false))
        .is_some_and(|c| START_CHARS.contains(&c))
    {
        return None;
    }
    let starts = |cell: &str| {
        // Every start pattern is short; a long first cell is prose.
        if cell.len() > MAX_START_BYTES {
            return None;
        }
        let folded = fold(cell);
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
    };
    if let Some(kind) = starts(first) {
        return Some(kind);
    }
    // Without `|`, cells stand apart by runs of spaces, or one space (`行政复议 行政诉讼`, as
    // pdftotext -raw gives): the first of those, when shorter.
    if s.contains('|') {
        return None;
    }
    // Only a short first word can start a table: look for its end among the first bytes.
    let b = first.as_bytes();
    let blank_at = |from: usize| {
        b.iter()
            .take(MAX_START_BYTES + 1)
            .skip(from)
            .position(|c| *c == b' ' || *c == b'\t')
            .map(|k| from + k)
    };
    let blank = blank_at(0)?;
    let word = &first[..blank];
    let mut cell = first;
    let mut at = blank;
    while let Some(k) = blank_at(at) {
        if b.get(k + 1).is_some_and(|c| *c == b' ' || *c == b'\t') {
            cell = &first[..k];
            break;
        }
        at = k + 1;
    }
    (cell.len() < first.len())
        .then(|| starts(cell))
        .flatten()
        .or_else(|| (word.len() < cell.len()).then(|| starts(word)).flatten())
}

/// A line of running text: it ends a table region. A row laid out in spaced columns may be
/// long, but its cells stand apart by runs of spaces; a table's rule line is no text.
fn is_prose(line: &str) -> bool {
    if line.contains('|') {
        return false;
    }
    if line.contains('。') {
        return true;
    }
    let visible = line.chars().filter(|c| !c.is_whitespace()).count();
    visible > 60 && !tokens::is_rule_line(line) && !line.trim().contains("  ")
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
        let a = table::assemble(text, &toks, def, layout);
        match best.first().map(|b| b.score) {
            Some(s) if a.score < s => {}
            Some(s) if a.score == s => best.push(a),
            _ => best = vec![a],
        }
    }
    let fits: Vec<&'static Format> = best.iter().flat_map(|a| a.table.def.formats()).collect();
    let tied: Vec<&'static TableDef> = if best.len() > 1 {
        best.iter().map(|a| a.table.def).collect()
    } else {
        Vec::new()
    };
    let defs: Vec<&'static TableDef> = best.iter().map(|a| a.table.def).collect();
    let pick = choose(&defs, year_format);
    let chosen = best.swap_remove(pick);
    let lines_used = chosen.lines_used;
    let mut t = chosen.table;
    t.fits = fits;
    t.tied = tied;
    if table::scrambled(text, &t) {
        t.rows.clear();
        t.skipped.clear();
        t.unread = true;
    }
    (Some(t), lines_used)
}

/// Among definitions that read a table equally well, the one for the year's format, else the
/// newest.
fn choose(defs: &[&'static TableDef], year_format: Option<&'static Format>) -> usize {
    defs.iter()
        .position(|d| year_format.is_some_and(|f| d.formats().any(|g| std::ptr::eq(g, f))))
        .unwrap_or(defs.len() - 1)
}

/// Which format the tables follow, all told.
fn verdict(tables: &[&Table], year_format: Option<&'static Format>) -> FormatVerdict {
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
