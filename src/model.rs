//! What the parser finds in a report: sections, tables, rows and cells, each with the byte span
//! it came from. Rules read this; nothing here knows of rules or of any protocol.

use std::ops::Range;

use crate::template::{Format, Label, MatchKind, SectionDef, TableDef};
use crate::text::number::Lexeme;

/// A byte range in the document.
pub type Span = Range<usize>;

/// The report as a sequence of blocks: what the parser keeps, and what an edit reparses.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Headings, tables and runs of prose, in text order, covering the text from `start`.
    pub blocks: Vec<Block>,
    /// Whether the text has a Markdown table delimiter row anywhere (tables read as Markdown).
    pub markdown: bool,
    /// Whether the text is a report at all (headings or tables of the format were found).
    pub is_report: bool,
    /// The reporting year, from the first source that names one.
    pub year: Option<YearMention>,
    /// Every place the text names the reporting year (period, title, 组配分类, first sentence).
    pub year_mentions: Vec<YearMention>,
    pub format: FormatVerdict,
    /// The agency as the title, the 发布机构 row and the signature name it, in that order.
    pub agencies: Vec<AgencyMention>,
    /// The report's dates: 成文日期, 发布日期, and the date under the signature.
    pub dates: Vec<DateMention>,
    /// The 统计期限, if stated.
    pub period: Option<(Date, Date, Span)>,
    /// Citations of a format's issuing document: the format's id and where.
    pub citations: Vec<(&'static str, Span)>,
    /// Section headings in text order (a section may appear twice, or out of order).
    pub sections: Vec<Section>,
    /// `"\r\n"` or `"\n"`: what inserted text should end its lines with.
    pub newline: &'static str,
    /// Offset of the first byte after a byte-order mark.
    pub start: usize,
    pub len: usize,
}

impl Report {
    /// The agency that publishes the report: the title's name, else the 发布机构's, else the
    /// signature's.
    pub fn agency(&self) -> Option<&AgencyMention> {
        self.agencies.first()
    }

    /// The tables, in text order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The first table of a kind (`申请表`…): the one the report's figures are read from (a
    /// repeated table is a finding of its own).
    pub fn table(&self, kind: &str) -> Option<&Table> {
        self.tables().find(|t| t.def.kind == kind)
    }

    /// The first table of each kind, in text order.
    pub fn first_tables(&self) -> impl Iterator<Item = &Table> {
        let mut kinds = Vec::new();
        self.tables().filter(move |t| {
            let new = !kinds.contains(&t.def.kind);
            if new {
                kinds.push(t.def.kind);
            }
            new
        })
    }
}

/// A run of lines the parser reads as one thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// From the start of its first line to the start of the next block (line breaks included).
    pub span: Span,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Heading {
        def: &'static SectionDef,
        /// The heading's visible text.
        text: Span,
    },
    Table(Table),
    /// A maximal run of lines that are neither headings nor tables.
    Prose {
        /// What prose can tell about the report, each where it stands in the run.
        marks: Vec<Mark>,
    },
}

/// Something a prose line says that the report as a whole needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A year named in one of the places a report names its reporting year.
    Year(YearMention),
    /// A Markdown table delimiter row (`| --- |`).
    Delimiter(usize),
    /// A dated metadata row (成文日期, 发布日期).
    Date(DateMention),
    /// The 统计期限: from, to, and the span of the whole phrase.
    Period(Date, Date, Span),
    /// A citation of a format's document (〔2019〕60号, 〔2021〕30号): the format's id.
    Citation(&'static str, Span),
    /// A figure the prose states (`N件`), or a clause that may deny one (`未收到…申请`).
    Figure(Figure),
    /// A heading the report as a whole may confirm (`lines::candidate`): numbered otherwise,
    /// or run into the paragraph before it; the span is the heading's text.
    Heading(&'static SectionDef, Span),
}

/// A count in running text, with the words that lead to it; what it counts is for the rules
/// to read (the template's claims).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The sentence it stands in: what a finding points at.
    pub sentence: Span,
    /// From the clause's start, or the previous figure's end, to the number; for a denial,
    /// the whole clause.
    pub lead: Span,
    /// The number and where it stands; `None` for a clause with no figure but a negation.
    pub value: Option<(u64, Span)>,
    /// What the rules read of it that no table's numbers change, once: it moves with the mark,
    /// so a line an edit leaves alone is never read again.
    pub memo: Memo,
}

/// A slot for what a rule derives from one mark's text alone (the rule's own type). Never
/// compared: it is a function of the text, which the mark's equality already covers.
#[derive(Clone, Default)]
pub struct Memo(pub std::sync::OnceLock<std::sync::Arc<dyn std::any::Any + Send + Sync>>);

impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Mark {
    pub fn at(&self) -> usize {
        match self {
            Mark::Year(y) => y.span.start,
            Mark::Delimiter(at) => *at,
            Mark::Date(d) => d.span.start,
            Mark::Period(_, _, s) | Mark::Citation(_, s) => s.start,
            Mark::Figure(f) => f.lead.start,
            Mark::Heading(_, s) => s.start,
        }
    }
}

/// A calendar date as a report writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// 成文日期
    Written,
    /// 发布日期 / 公开日期
    Published,
    /// The date under the signature at the end.
    Signature,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub kind: DateKind,
    pub date: Date,
    pub span: Span,
}

/// Moves a span by `delta` bytes (an edit before it changed the text's length).
pub fn shift(span: &mut Span, delta: isize) {
    span.start = span.start.saturating_add_signed(delta);
    span.end = span.end.saturating_add_signed(delta);
}

impl Block {
    pub fn shift(&mut self, delta: isize) {
        shift(&mut self.span, delta);
        match &mut self.kind {
            BlockKind::Heading { text, .. } => shift(text, delta),
            BlockKind::Table(t) => t.shift(delta),
            BlockKind::Prose { marks } => {
                for m in marks {
                    match m {
                        Mark::Year(y) => shift(&mut y.span, delta),
                        Mark::Delimiter(at) => *at = at.saturating_add_signed(delta),
                        Mark::Date(d) => shift(&mut d.span, delta),
                        Mark::Period(_, _, s) | Mark::Citation(_, s) | Mark::Heading(_, s) => {
                            shift(s, delta)
                        }
                        Mark::Figure(f) => {
                            shift(&mut f.sentence, delta);
                            shift(&mut f.lead, delta);
                            if let Some((_, s)) = &mut f.value {
                                shift(s, delta);
                            }
                        }
                    }
                }
            }
        }
    }
}

impl Table {
    pub fn shift(&mut self, delta: isize) {
        shift(&mut self.span, delta);
        shift(&mut self.region, delta);
        if let Some(m) = &mut self.marker {
            shift(m, delta);
        }
        for h in &mut self.header {
            shift(&mut h.span, delta);
            if let Some(rest) = &mut h.rest {
                shift(rest, delta);
            }
        }
        for s in &mut self.skipped {
            shift(s, delta);
        }
        for r in &mut self.rows {
            shift(&mut r.span, delta);
            if let Some(u) = &mut r.unknown_label {
                shift(u, delta);
            }
            for l in &mut r.labels {
                shift(&mut l.span, delta);
                if let Some(rest) = &mut l.rest {
                    shift(rest, delta);
                }
            }
            for c in r.cells.iter_mut().chain(r.extras.iter_mut()) {
                shift(&mut c.span, delta);
                shift(&mut c.slot, delta);
            }
        }
    }
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

/// Where a report names its agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencySource {
    /// The title (某某局2024年政府信息公开工作年度报告), or the 名称 row.
    Title,
    /// The 发布机构 (发布单位, 发布机关) metadata row.
    Row,
    /// The line above the date at the end.
    Signature,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgencyMention {
    /// As written, without blanks.
    pub name: String,
    pub source: AgencySource,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YearMention {
    pub year: u16,
    pub source: YearSource,
    pub span: Span,
}

/// Which format the report's tables follow.
#[derive(Debug, Clone, Copy, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
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
    /// One row per line, cells separated by runs of spaces (pdftotext, pandoc's plain
    /// tables), or a label followed by its values one space apart (pdftotext -raw).
    Spaced,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub def: &'static TableDef,
    /// The formats this table's shape fits; more than one when it does not tell them apart.
    pub fits: Vec<&'static Format>,
    /// When definitions of several formats read it equally well, all of them (the reporting
    /// year chooses); empty otherwise.
    pub tied: Vec<&'static TableDef>,
    /// Its lines include a Markdown delimiter row (`| --- |`).
    pub delimiter_rows: bool,
    /// The lines it was read from: its own and those it looked at past its last row.
    pub region: Span,
    pub span: Span,
    /// The title row (第二十条第(一)项), for tables that have one.
    pub marker: Option<Span>,
    pub layout: Layout,
    pub header: Vec<HeaderCell>,
    pub rows: Vec<Row>,
    /// Lines between its rows that are none of them (a running title, a per-group header line
    /// `类别 | 数据1 | …`): skipped, each told as a hint.
    pub skipped: Vec<Span>,
    /// Its cells stand out of their rows' order (`parse::table::scrambled`): no row is kept,
    /// so that nothing is checked against cells the parser cannot place.
    pub unread: bool,
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

    /// The value cell of a template row whose place (`Cell::place`) holds `offset`, ends
    /// included: its row and column.
    pub fn cell_at(&self, offset: usize) -> Option<((usize, usize), &Cell)> {
        self.rows.iter().find_map(|row| {
            let r = row.def?;
            row.cells.iter().enumerate().find_map(|(c, cell)| {
                let place = cell.place();
                (place.start <= offset && offset <= place.end).then_some(((r, c), cell))
            })
        })
    }
}

/// A header cell and the official label it was read as.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderCell {
    pub span: Span,
    pub matched: Option<(&'static Label, MatchKind)>,
    /// The rest of a cell wrapped onto a later line among other cells (`本年新发` … `件数`),
    /// when it reads otherwise than the official words.
    pub rest: Option<Span>,
}

/// A row label and the official label it was read as.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelCell {
    pub span: Span,
    pub label: &'static Label,
    pub kind: MatchKind,
    /// The rest of a label torn around its row's values (`规范性` / `0 0 1` / `文件`, as
    /// pdftotext -layout sets a wrapped cell), when it reads otherwise than the official words.
    pub rest: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The cell's text without surrounding spaces; empty (at the slot's start) for a blank.
    pub span: Span,
    /// Everything between the cell's separators, spaces included.
    pub slot: Span,
    pub lexeme: Lexeme,
}

impl Cell {
    /// Where the cell stands: its text, or for a blank the slot between its separators.
    pub fn place(&self) -> Span {
        if self.span.is_empty() {
            self.slot.clone()
        } else {
            self.span.clone()
        }
    }
}
