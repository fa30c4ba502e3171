//! Template rows and tables written out as text in a table's own layout, for the
//! fixes that insert what is missing.

use crate::model::Layout;
use crate::template::TableDef;

/// Cells joined the way `layout` joins them, each line ended by `nl`.
fn join(cells: &[&str], layout: Layout, nl: &str) -> String {
    match layout {
        Layout::Rows => format!("{} |", cells.join(" | ")),
        Layout::Markdown => format!("| {} |", cells.join(" | ")),
        Layout::CellLines => cells
            .iter()
            .map(|c| format!("{c} |"))
            .collect::<Vec<_>>()
            .join(nl),
        Layout::Paragraphs => cells.join(&format!("{nl}{nl}")),
        Layout::Spaced => cells.join("  "),
    }
}

/// What goes between two rows.
pub fn row_break(layout: Layout, nl: &str) -> String {
    match layout {
        Layout::Paragraphs => format!("{nl}{nl}"),
        _ => nl.to_string(),
    }
}

/// What a rendered table writes in the value cell at `(row, column)`.
pub type Fill<'a> = &'a dyn Fn(usize, usize) -> String;

/// Zeros in every cell: what a fix inserts for a missing row or table.
pub fn zeros(_: usize, _: usize) -> String {
    "0".to_string()
}

/// One template row, with `groups` (spanning labels) written before its label.
pub fn row(
    def: &TableDef,
    index: usize,
    groups: &[&str],
    layout: Layout,
    nl: &str,
    fill: Fill,
) -> String {
    let r = &def.rows[index];
    let values: Vec<String> = (0..def.columns.len()).map(|c| fill(index, c)).collect();
    let mut cells: Vec<&str> = groups.to_vec();
    if let Some(l) = &r.label {
        cells.push(l.official);
    }
    cells.extend(values.iter().map(String::as_str));
    join(&cells, layout, nl)
}

/// A whole table from the template.
pub fn table(def: &TableDef, layout: Layout, nl: &str, fill: Fill) -> String {
    let mut lines = Vec::new();
    if let crate::template::Start::Marker(m) = def.start {
        lines.push(join(&[m], layout, nl));
    }
    let header: Vec<&str> = def.header.iter().map(|l| l.official).collect();
    lines.push(join(&header, layout, nl));
    if layout == Layout::Markdown {
        // The first line is the Markdown table's header row; the delimiter follows it.
        let width = header.len().max(def.columns.len() + 1);
        lines.insert(1, format!("|{}", " --- |".repeat(width)));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, r) in def.rows.iter().enumerate() {
        let groups: Vec<&str> = r
            .groups
            .iter()
            .copied()
            .filter(|g| !seen.contains(g))
            .collect();
        seen.extend(&groups);
        lines.push(row(def, i, &groups, layout, nl, fill));
    }
    lines.join(&row_break(layout, nl))
}
