//! The official report formats, described once as data.
//!
//! The parser, every rule, the explanations and the fixes read these tables; nothing else in
//! the crate names a row, a column or a section. A third format is one more `Format` value in
//! `formats.rs`.

pub mod articles;
mod formats;
mod lookup;

pub use formats::{FORMATS, HEADLINES, NUMBERINGS, SECTIONS};
pub use lookup::{Exact, MatchKind, Probe, exact, match_label};

/// One search for any of some words of every claim of every format (`|c| c.negations`,
/// `|c| c.nouns`): what tells, once per line or figure, whether any claim can apply.
pub fn claim_words(words: fn(&Claim) -> &'static [&'static str]) -> regex::Regex {
    let mut all: Vec<String> = FORMATS
        .iter()
        .flat_map(|f| f.tables.iter())
        .flat_map(|t| t.claims.iter())
        .flat_map(|c| words(c).iter())
        .map(|w| regex::escape(w))
        .collect();
    all.sort();
    all.dedup();
    // The words are escaped literals, so the pattern always compiles; an empty list never matches.
    regex::Regex::new(&all.join("|"))
        .unwrap_or_else(|_| regex::Regex::new("[^\\s\\S]").expect("never"))
}

/// One official format (国办公开办函…).
#[derive(Debug)]
pub struct Format {
    /// Stable id used in output: `"2019"`, `"2021"`.
    pub id: &'static str,
    /// The document that issued it.
    pub document: &'static str,
    /// First reporting year the format applies to.
    pub first_year: u16,
    /// Last reporting year it applies to, if superseded.
    pub last_year: Option<u16>,
    pub tables: &'static [&'static TableDef],
}

impl Format {
    pub fn applies_to(&self, year: u16) -> bool {
        year >= self.first_year && self.last_year.is_none_or(|last| year <= last)
    }

    /// The format that applies to a reporting year.
    pub fn for_year(year: u16) -> Option<&'static Format> {
        FORMATS.iter().find(|f| f.applies_to(year))
    }

    pub fn by_id(id: &str) -> Option<&'static Format> {
        FORMATS.iter().find(|f| f.id == id)
    }
}

/// One of the six sections of a report.
#[derive(Debug)]
pub struct SectionDef {
    /// 1-based position; also the Chinese numeral of the heading.
    pub number: u8,
    pub numeral: &'static str,
    /// The heading as the format writes it.
    pub heading: &'static str,
    /// A heading is this section's when its text holds every word of one of these sets.
    pub keywords: &'static [&'static [&'static str]],
    /// The words naming the section's subject whatever its number: a heading numbered as
    /// another section (a report numbering its parts its own way) or otherwise than `一、`
    /// (`NUMBERINGS`) is this section's only when it holds every word of one of these sets.
    pub subject: &'static [&'static [&'static str]],
    /// What 条例第五十条 asks of this section (for hovers and messages).
    pub requires: &'static str,
}

/// A way of numbering a section heading other than the format's `一、`: the folded text before
/// the number, the number as Chinese numerals or ASCII digits, and what may follow it.
#[derive(Debug)]
pub struct Numbering {
    pub open: &'static str,
    pub digits: bool,
    pub close: &'static [&'static str],
}

/// An official label and the other wordings real reports use for it.
#[derive(Debug, Clone, Copy)]
pub struct Label {
    pub official: &'static str,
    /// Wordings seen in real reports; matching one raises `label-variant`.
    pub variants: &'static [&'static str],
}

/// What a value column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A count of things: a non-negative integer.
    Count,
    /// A signed change (2019 `本年增/减`).
    SignedCount,
    /// A sum of money; `unit` is the column's own unit, `None` when the unit stands in the cell.
    Amount { unit: Option<&'static str> },
}

#[derive(Debug)]
pub struct Column {
    /// Stable key, unique in its table.
    pub key: &'static str,
    pub label: Label,
    pub kind: ValueKind,
    /// The header cell spanning this column, where there is one (法人或其他组织, 行政复议…).
    pub group: Option<&'static str>,
}

#[derive(Debug)]
pub struct RowDef {
    /// Stable key: `一`, `三(三)1`, `行政许可`…
    pub key: &'static str,
    /// `None` for the one data row of a table whose rows carry no label (复议诉讼表).
    pub label: Option<Label>,
    /// The spanning group labels above the item, outermost first.
    pub groups: &'static [&'static str],
    /// What the row counts and its legal basis, for hovers.
    pub note: &'static str,
}

/// How a table announces itself in the text.
#[derive(Debug)]
pub enum Start {
    /// A title row of its own (第二十条第(一)项).
    Marker(&'static str),
    /// The first cell of its header (or of its first row, when the header is missing); a
    /// pattern ending in `…` matches any cell that begins with it.
    FirstCell(&'static [&'static str]),
}

/// A cell position in a relation: a fixed row or column, or the one the relation iterates over.
#[derive(Debug, Clone, Copy)]
pub struct CellPat {
    pub row: Option<&'static str>,
    pub col: Option<&'static str>,
}

/// `row(r)` / `col(c)` / `at(r, c)` build patterns; `None` means "the current one".
pub const fn col(c: &'static str) -> CellPat {
    CellPat {
        row: None,
        col: Some(c),
    }
}
pub const fn row(r: &'static str) -> CellPat {
    CellPat {
        row: Some(r),
        col: None,
    }
}
pub const fn at(r: &'static str, c: &'static str) -> CellPat {
    CellPat {
        row: Some(r),
        col: Some(c),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Once for every row of the table (the patterns name columns).
    EachRow,
    /// Once for every value column (the patterns name rows).
    EachColumn,
    /// Once; the patterns name both row and column.
    Once,
}

impl Scope {
    /// The `(row, column)` a relation of this scope is instantiated at in `def`: `None` where
    /// its patterns name the row or column themselves.
    pub fn places(self, def: &TableDef) -> Vec<(Option<usize>, Option<usize>)> {
        match self {
            Scope::EachRow => (0..def.rows.len()).map(|r| (Some(r), None)).collect(),
            Scope::EachColumn => (0..def.columns.len()).map(|c| (None, Some(c))).collect(),
            Scope::Once => vec![(None, None)],
        }
    }
}

/// `target = Σ plus − Σ minus`, checked by the rule `code`.
#[derive(Debug)]
pub struct Relation {
    pub code: &'static str,
    pub scope: Scope,
    pub target: CellPat,
    pub plus: &'static [CellPat],
    pub minus: &'static [CellPat],
    /// How the report itself states the relation, for messages and hovers.
    pub statement: &'static str,
}

#[derive(Debug)]
pub struct TableDef {
    /// Identifies "the same table" across formats: `第二十条第(一)项`, `申请表`, `复议诉讼表`.
    pub kind: &'static str,
    /// Human name for messages.
    pub name: &'static str,
    /// The section (1–6) the table belongs in.
    pub section: u8,
    pub start: Start,
    /// Header labels in reading order (row by row, left to right), spanning ones included.
    pub header: &'static [Label],
    pub columns: &'static [Column],
    pub rows: &'static [RowDef],
    /// Spanning labels that group rows (三、本年度办理结果, (三)不予公开…).
    pub groups: &'static [Label],
    pub relations: &'static [Relation],
    /// The 第二十条 item the table reports on, if any (a roman index into ARTICLE_20).
    pub article20_item: Option<usize>,
    /// The figures the prose states about this table (`narrative-count`).
    pub claims: &'static [Claim],
    /// What this year's table owes last year's (`carryover`, `effective-count`).
    pub across_years: &'static [YearRelation],
}

/// A figure the prose may state about a table (`共受理政府信息公开申请18件`), or deny
/// (`未收到政府信息公开申请`), and the cells whose sum it must equal.
///
/// A clause is read only when it leaves no doubt: the number follows a noun with nothing but
/// filler between them, and none of the `unless` words stands in the clause.
#[derive(Debug)]
pub struct Claim {
    /// What the figure counts, for messages: `本年新收的政府信息公开申请`.
    pub subject: &'static str,
    /// The words naming it; the figure must follow one closely.
    pub nouns: &'static [&'static str],
    /// One of these must stand before the noun; none: the noun suffices.
    pub verbs: &'static [&'static str],
    /// One of these must stand in the clause (`含上年结转`); none: no condition.
    pub when: &'static [&'static str],
    /// Words that make the clause about something else.
    pub unless: &'static [&'static str],
    /// Words that, before a noun in a clause with no figure, say the count is zero.
    pub negations: &'static [&'static str],
    /// The cells (row and column named) whose sum the figure is.
    pub cells: &'static [CellPat],
    /// Other cells whose sum the figure may count as well (`受理` is read both as 新收 and as
    /// 新收 + 结转): agreeing with either is agreeing.
    pub also: &'static [CellPat],
}

/// A report's headline figure, one column of `gongkai extract --wide`: the sum of some cells of
/// the first table of a kind.
#[derive(Debug)]
pub struct Headline {
    /// The column's name, stable across formats: `本年新收申请`, `复议-总计`.
    pub name: &'static str,
    /// The table kind the cells are in (`申请表`).
    pub table: &'static str,
    /// The cells summed (row and column named), one list per way the formats lay the figure
    /// out: the first list whose every cell the table's definition has is read; where none
    /// fits, the format lacks the figure.
    pub cells: &'static [&'static [CellPat]],
}

impl Headline {
    /// The template cells (row, column) the figure sums in a definition, if it has them.
    pub fn cells_in(&self, def: &TableDef) -> Option<Vec<(usize, usize)>> {
        if def.kind != self.table {
            return None;
        }
        self.cells.iter().find_map(|cells| {
            cells
                .iter()
                .map(|p| Some((def.row(p.row?)?, def.column(p.col?)?)))
                .collect()
        })
    }
}

/// `this year's target = Σ last year's cells + Σ plus − Σ minus`, with the same agency's
/// report for the year before at hand. Last year's cells are found by key, so the two years
/// may be of different formats as long as the keys exist in both.
#[derive(Debug)]
pub struct YearRelation {
    pub code: &'static str,
    pub scope: Scope,
    pub target: CellPat,
    pub last: &'static [CellPat],
    pub plus: &'static [CellPat],
    pub minus: &'static [CellPat],
    /// The relation in words, for messages.
    pub statement: &'static str,
}

impl TableDef {
    pub fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    pub fn row(&self, key: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.key == key)
    }

    /// The row's label as the format writes it, or the table's name for an unlabeled row.
    pub fn row_name(&self, index: usize) -> &'static str {
        self.rows[index]
            .label
            .as_ref()
            .map_or(self.name, |l| l.official)
    }

    /// The formats this very definition belongs to.
    pub fn formats(&'static self) -> impl Iterator<Item = &'static Format> {
        FORMATS
            .iter()
            .filter(move |f| f.tables.iter().any(|t| std::ptr::eq(*t, self)))
    }
}

// Template items are unique statics: two references are the same item when they are one.
impl PartialEq for Format {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl PartialEq for SectionDef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl PartialEq for TableDef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl PartialEq for Label {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
            || (self.official == other.official && self.variants == other.variants)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list of cells a headline names exists in some format (no key mistyped), and every
    /// format has every headline but the ones it does not count.
    #[test]
    fn headlines_name_cells_the_formats_have() {
        let lacking = [("2019", "规范性文件-废止"), ("2019", "规范性文件-现行有效")];
        let defs = |kind: &str| -> Vec<(&'static str, &'static TableDef)> {
            FORMATS
                .iter()
                .flat_map(|f| f.tables.iter().map(move |t| (f.id, *t)))
                .filter(|(_, t)| t.kind == kind)
                .collect()
        };
        let mut names = std::collections::HashSet::new();
        for h in HEADLINES {
            assert!(names.insert(h.name), "{} twice", h.name);
            for cells in h.cells {
                let fits = |def: &TableDef| {
                    cells.iter().all(|p| {
                        p.row.and_then(|r| def.row(r)).is_some()
                            && p.col.and_then(|c| def.column(c)).is_some()
                    })
                };
                assert!(
                    defs(h.table).iter().any(|(_, d)| fits(d)),
                    "{}: {cells:?} in no format",
                    h.name
                );
            }
            for (id, def) in defs(h.table) {
                assert_eq!(
                    h.cells_in(def).is_some(),
                    !lacking.contains(&(id, h.name)),
                    "{} in the {id} format",
                    h.name
                );
            }
        }
    }
}
