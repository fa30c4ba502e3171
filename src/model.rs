//! What the parser finds in a report: sections, tables, rows and cells, each with the byte span
//! it came from. Rules read this; nothing here knows of rules or of any protocol.

use std::ops::Range;

use crate::template::{Format, Label, MatchKind, SectionDef, TableDef};
use crate::text::number::Lexeme;

/// A byte range in the document.
pub type Span = Range<usize>;

#[derive(Debug, Clone)]
pub struct Report {
    /// Whether the text is a report at all (headings or tables of the format were found).
    pub is_report: bool,
    /// The reporting year, from the first source that names one.
    pub year: Option<YearMention>,
    /// Every place the text names the reporting year (period, title, 组配分类, first sentence).
    pub year_mentions: Vec<YearMention>,
    pub format: FormatVerdict,
    /// Section headings in text order (a section may appear twice, or out of order).
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    /// `"\r\n"` or `"\n"`: what inserted text should end its lines with.
    pub newline: &'static str,
    /// Offset of the first byte after a byte-order mark.
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    /// 本报告所列数据的统计期限为YYYY年1月1日至…
    Period,
    /// The title line (XXXX年度政府信息公开工作年度报告).
    Title,
    /// The 组配分类 metadata (2024年度).
    Category,
    /// The first sentence of 一、总体情况 (2021年,…).
    FirstSentence,
}

#[derive(Debug, Clone)]
pub struct YearMention {
    pub year: u16,
    pub source: YearSource,
    pub span: Span,
}

/// Which format the report's tables follow.
#[derive(Debug, Clone, Copy)]
pub enum FormatVerdict {
    /// Told by the tables themselves.
    Tables(&'static Format),
    /// The tables fit either format; this is the one the year calls for.
    Year(&'static Format),
    /// Some tables follow one format and some the other.
    Mixed,
    Unknown,
}

impl FormatVerdict {
    /// The format whose tables the report is checked against.
    pub fn format(self) -> Option<&'static Format> {
        match self {
            FormatVerdict::Tables(f) | FormatVerdict::Year(f) => Some(f),
            _ => None,
        }
    }

    /// `"2019"`, `"2021"`, `"mixed"` or `None`, as the CLI prints it.
    pub fn id(self) -> Option<&'static str> {
        match self {
            FormatVerdict::Tables(f) | FormatVerdict::Year(f) => Some(f.id),
            FormatVerdict::Mixed => Some("mixed"),
            FormatVerdict::Unknown => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub def: &'static SectionDef,
    /// The heading's text.
    pub heading: Span,
    /// From the end of the heading's line to the next heading (or the end of the text).
    pub body: Span,
}

/// How a table's cells are laid out in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per line, cells separated by `|`.
    Rows,
    /// A Markdown pipe table.
    Markdown,
    /// One cell per line, each ending with `|`.
    CellLines,
    /// One cell per paragraph, no `|`.
    Paragraphs,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub def: &'static TableDef,
    /// The formats this table's shape fits; more than one when it does not tell them apart.
    pub fits: Vec<&'static Format>,
    pub span: Span,
    /// The title row (第二十条第(一)项), for tables that have one.
    pub marker: Option<Span>,
    pub layout: Layout,
    pub header: Vec<HeaderCell>,
    pub rows: Vec<Row>,
}

impl Table {
    /// The row parsed for a template row, if present (the first, when it appears twice).
    pub fn row(&self, def_index: usize) -> Option<&Row> {
        self.rows.iter().find(|r| r.def == Some(def_index))
    }

    /// The cell at a template row and column, if the row is present and has it.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.row(row).and_then(|r| r.cells.get(col))
    }
}

/// A header cell and the official label it was read as.
#[derive(Debug, Clone)]
pub struct HeaderCell {
    pub span: Span,
    pub matched: Option<(&'static Label, MatchKind)>,
}

/// A row label and the official label it was read as.
#[derive(Debug, Clone)]
pub struct LabelCell {
    pub span: Span,
    pub label: &'static Label,
    pub kind: MatchKind,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The template row (index into `TableDef::rows`), or `None` for a row the format lacks.
    pub def: Option<usize>,
    /// Group labels then the item label, as written on or before this row.
    pub labels: Vec<LabelCell>,
    /// The label of a row that matches nothing in the format.
    pub unknown_label: Option<Span>,
    /// The value cells, in column order; fewer than the columns when cells are missing.
    pub cells: Vec<Cell>,
    /// Non-empty cells beyond the table's columns.
    pub extras: Vec<Cell>,
    pub span: Span,
}

impl Row {
    /// The item label (the last label of the row), if matched.
    pub fn item_label(&self) -> Option<&LabelCell> {
        self.labels.last()
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    /// The cell's text without surrounding spaces; empty (at the slot's start) for a blank.
    pub span: Span,
    /// Everything between the cell's separators, spaces included.
    pub slot: Span,
    pub lexeme: Lexeme,
}
