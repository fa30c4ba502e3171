//! What to offer a drafter typing at an offset, from the template of the report's format:
//! section headings and 第二十条 item headings at a line start, the row labels of the table the
//! cursor is in (those not yet present first, in the format's order), its column headers on a
//! header line. Nothing in a value cell. Byte offsets only; the fronts turn them into positions.

use crate::model::{Report, Span, Table};
use crate::template::articles::ARTICLE_20_ITEMS;
use crate::template::{FORMATS, Format, SECTIONS, TableDef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A section heading (一、总体情况).
    Heading,
    /// A 第二十条 item heading, the title row of its table.
    Item,
    /// A row label of a table.
    Row,
    /// A column header of a table.
    Column,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The official words, inserted in place of what was typed.
    pub label: &'static str,
    pub kind: Kind,
    /// What the item means (Markdown): the row's note, the section's requirement, the article.
    pub note: String,
    /// Already written in this table (a row label): offered after the rest.
    pub present: bool,
}

/// The items to offer, best first, and the span of what was typed that they replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub replace: Span,
    pub items: Vec<Item>,
}

/// The completion at `offset` (a char boundary of `text`), or `None` where nothing fits (a
/// value cell).
pub fn at(text: &str, report: &Report, offset: usize) -> Option<Completion> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let typed = &text[line_start..offset];
    // The cell the cursor is in begins after the last separator before it.
    let cell_start = typed
        .rfind(['|', '\t'])
        .map_or(line_start, |i| line_start + i + 1);
    let first_cell = cell_start == line_start;
    let lead = text[cell_start..offset].len() - text[cell_start..offset].trim_start().len();
    let replace = cell_start + lead..offset;
    let inside = report
        .tables()
        .find(|t| t.span.start <= line_start && line_start <= t.span.end);
    let items = match inside {
        Some(t) if in_header(t, line_start) => columns(t.def),
        Some(t) if first_cell => rows(t, line_start),
        Some(_) => return None,
        None if !first_cell => return None,
        None => {
            let mut items = headings(format_of(report));
            // Right under a table (a row begun on a line of its own): its rows come first.
            if let Some(t) = table_above(report, line_start) {
                let mut r = rows(t, line_start);
                r.append(&mut items);
                items = r;
            }
            items
        }
    };
    Some(Completion { replace, items })
}

/// A line before the table's first row is a header line (or its title row).
fn in_header(t: &Table, line_start: usize) -> bool {
    t.rows.first().is_some_and(|r| line_start < r.span.start) && !t.header.is_empty()
}

/// The format the report follows, else its year's, else the newest.
fn format_of(report: &Report) -> &'static Format {
    report
        .format
        .format()
        .or_else(|| report.year.as_ref().and_then(|y| Format::for_year(y.year)))
        .unwrap_or_else(|| {
            FORMATS
                .iter()
                .max_by_key(|f| f.first_year)
                .expect("a format")
        })
}

/// The last table ending before this line, with no section heading between them.
fn table_above(report: &Report, line_start: usize) -> Option<&Table> {
    let t = report
        .tables()
        .filter(|t| t.span.end <= line_start)
        .last()?;
    let heading_between = report
        .sections
        .iter()
        .any(|s| t.span.end <= s.heading.start && s.heading.start < line_start);
    (!heading_between).then_some(t)
}

fn headings(format: &'static Format) -> Vec<Item> {
    let sections = SECTIONS.iter().map(|s| Item {
        label: s.heading,
        kind: Kind::Heading,
        note: s.requires.to_string(),
        present: false,
    });
    let items = format.tables.iter().filter_map(|def| {
        let item = def.article20_item?;
        Some(Item {
            label: def.kind,
            kind: Kind::Item,
            note: format!("条例第二十条{}", ARTICLE_20_ITEMS[item - 1]),
            present: false,
        })
    });
    sections.chain(items).collect()
}

/// The table's row labels in the format's order, those already written last; the row on the
/// cursor's line is being written, not written.
fn rows(t: &Table, line_start: usize) -> Vec<Item> {
    let (mut absent, mut present): (Vec<Item>, Vec<Item>) = t
        .def
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            Some(Item {
                label: r.label.as_ref()?.official,
                kind: Kind::Row,
                note: r.note.to_string(),
                present: t.row(i).is_some_and(|row| {
                    !(row.span.start <= line_start && line_start < row.span.end)
                }),
            })
        })
        .partition(|i| !i.present);
    absent.append(&mut present);
    absent
}

fn columns(def: &'static TableDef) -> Vec<Item> {
    let mut seen = Vec::new();
    def.header
        .iter()
        .filter(|l| {
            let new = !seen.contains(&l.official);
            seen.push(l.official);
            new
        })
        .map(|l| Item {
            label: l.official,
            kind: Kind::Column,
            note: def
                .columns
                .iter()
                .find(|c| c.label.official == l.official)
                .map_or_else(
                    || format!("{}的表头", def.name),
                    |c| crate::explain::kind_text(c.kind).to_string(),
                ),
            present: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/report-2024.txt"
        ))
        .unwrap()
    }

    fn labels(c: &Completion) -> Vec<&'static str> {
        c.items.iter().map(|i| i.label).collect()
    }

    #[test]
    fn a_row_label_inside_the_application_table_puts_the_present_ones_last() {
        let text = example();
        let row = "二、上年结转政府信息公开申请数量";
        let start = text.find(row).unwrap();
        let line_end = start + text[start..].find('\n').unwrap() + 1;
        let mut cut = text.clone();
        cut.replace_range(start..line_end, "二、上年\n");
        let report = crate::parse(&cut);
        let at_ = start + "二、上年".len();
        let c = at(&cut, &report, at_).expect("completion in the first cell");
        assert_eq!(c.replace, start..at_);
        let l = labels(&c);
        assert!(c.items.iter().all(|i| i.kind == Kind::Row), "{l:?}");
        let i = l.iter().position(|x| *x == row).unwrap();
        assert!(!c.items[i].present, "{l:?}");
        assert!(c.items[i].note.contains("上年"), "{}", c.items[i].note);
        // The rows written are offered last; the absent ones first, in the format's order.
        let new = l
            .iter()
            .position(|x| *x == "一、本年新收政府信息公开申请数量")
            .unwrap();
        assert!(c.items[new].present && new > i, "{l:?}");
        let first_present = c.items.iter().position(|i| i.present).unwrap();
        assert!(c.items[first_present..].iter().all(|i| i.present), "{l:?}");
        assert_eq!(first_present, 1, "only 上年结转 is missing: {l:?}");
    }

    #[test]
    fn headings_at_a_line_start() {
        let text = "示例市2024年政府信息公开工作年度报告\n二、主\n";
        let report = crate::parse(text);
        let at_ = text.find("二、主").unwrap() + "二、主".len();
        let c = at(text, &report, at_).unwrap();
        assert_eq!(c.replace, text.find("二、主").unwrap()..at_);
        assert!(labels(&c).contains(&"二、主动公开政府信息情况"));
        assert!(labels(&c).contains(&"第二十条第(一)项"));
        assert_eq!(c.items[0].kind, Kind::Heading);
    }

    #[test]
    fn nothing_inside_a_number_cell() {
        let text = example();
        let cell = "行政规范性文件 | 3";
        let at_ = text.find(cell).unwrap() + cell.len();
        let report = crate::parse(&text);
        assert_eq!(at(&text, &report, at_), None);
    }

    #[test]
    fn column_headers_on_a_header_line() {
        let text = example();
        let header = "信息内容 | 本年制";
        let at_ = text.find(header).unwrap() + header.len();
        let report = crate::parse(&text);
        let c = at(&text, &report, at_).unwrap();
        assert!(labels(&c).contains(&"本年制发件数"), "{:?}", labels(&c));
        assert_eq!(c.replace, at_ - "本年制".len()..at_);
    }
}
