//! The report's outline: sections, their tables, the tables' rows; for symbols and folding.

use crate::model::{Report, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Section,
    Table,
    Row,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// Everything the symbol covers.
    pub span: Span,
    /// What names it (a heading, a title row, a row label).
    pub selection: Span,
    pub children: Vec<Symbol>,
}

pub fn symbols(text: &str, report: &Report) -> Vec<Symbol> {
    let tables: Vec<Symbol> = report
        .tables()
        .map(|t| {
            let selection = t.marker.clone().unwrap_or(t.span.start..t.span.start);
            let rows = t
                .rows
                .iter()
                .filter_map(|r| {
                    let name = match (r.def, &r.unknown_label) {
                        (Some(i), _) => t.def.row_name(i).to_string(),
                        (None, Some(s)) => text[s.clone()].to_string(),
                        _ => return None,
                    };
                    let selection = r.item_label().map_or(r.span.clone(), |l| l.span.clone());
                    Some(Symbol {
                        name,
                        kind: SymbolKind::Row,
                        span: r.span.start.min(selection.start)..r.span.end.max(selection.end),
                        selection,
                        children: Vec::new(),
                    })
                })
                .collect();
            Symbol {
                name: t.def.name.to_string(),
                kind: SymbolKind::Table,
                span: t.span.clone(),
                selection,
                children: rows,
            }
        })
        .collect();
    let mut out: Vec<Symbol> = report
        .sections
        .iter()
        .map(|s| Symbol {
            name: text[s.heading.clone()]
                .trim_start_matches(['#', ' ', '*'])
                .to_string(),
            kind: SymbolKind::Section,
            span: s.heading.start..s.body.end,
            selection: s.heading.clone(),
            children: Vec::new(),
        })
        .collect();
    for t in tables {
        match out.iter_mut().rev().find(|s| {
            s.span.start <= t.span.start && t.span.start < s.span.end.max(s.span.start + 1)
        }) {
            Some(section) => section.children.push(t),
            None => out.push(t),
        }
    }
    out.sort_by_key(|s| s.span.start);
    out
}

/// Foldable ranges: each section's heading-to-end, each table.
pub fn folds(report: &Report) -> Vec<Span> {
    let mut out: Vec<Span> = report
        .sections
        .iter()
        .map(|s| s.heading.start..s.body.end)
        .collect();
    out.extend(report.tables().map(|t| t.span.clone()));
    out.sort_by_key(|s| s.start);
    out
}
