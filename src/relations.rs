//! The template's relations applied to one parsed table: which cells each instance adds up,
//! and what they hold.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use crate::model::{Cell, Report, Table};
use crate::template::{CellPat, Relation, TableDef, ValueKind};
use crate::text::number::Lexeme;

/// A cell of a table by template row and column index.
pub type At = (usize, usize);

/// One relation at one row or column: `target = Σ plus − Σ minus`.
#[derive(Debug, Clone)]
pub struct Instance {
    pub relation: &'static Relation,
    pub target: At,
    pub plus: Vec<At>,
    pub minus: Vec<At>,
}

impl Instance {
    pub fn cells(&self) -> impl Iterator<Item = At> + '_ {
        std::iter::once(self.target)
            .chain(self.plus.iter().copied())
            .chain(self.minus.iter().copied())
    }

    pub fn involves(&self, at: At) -> bool {
        self.cells().any(|c| c == at)
    }

    /// `(expected, actual)`, when every cell holds a number; `value` may override cells.
    pub fn evaluate(&self, value: &impl Fn(At) -> Option<i64>) -> Option<(i64, i64)> {
        let mut expected: i64 = 0;
        for &c in &self.plus {
            expected = expected.checked_add(value(c)?)?;
        }
        for &c in &self.minus {
            expected = expected.checked_sub(value(c)?)?;
        }
        Some((expected, value(self.target)?))
    }
}

/// Where the known cells of an instance with blanks already put its target, counts being never
/// negative: no value the blanks could hold makes the relation true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfReach {
    /// The target is below what the known parts give it at the least (blanks among the parts).
    Below(i64),
    /// The target is above what the known cells allow it at the most (blanks among the minus).
    Above(i64),
}

impl Instance {
    /// The target's value and how it is out of reach, for an instance with blanks; `None` when
    /// some value of the blanks would make it hold, or when a blank may be negative.
    pub fn out_of_reach(
        &self,
        value: &impl Fn(At) -> Option<i64>,
        signed: &impl Fn(At) -> bool,
    ) -> Option<(i64, OutOfReach)> {
        let actual = value(self.target)?;
        let known = |cells: &[At]| -> Option<(i64, bool)> {
            let mut sum: i64 = 0;
            let mut blanks = false;
            for &c in cells {
                match value(c) {
                    Some(v) => sum = sum.checked_add(v)?,
                    None if signed(c) => return None,
                    None => blanks = true,
                }
            }
            Some((sum, blanks))
        };
        let (plus, plus_blank) = known(&self.plus)?;
        let (minus, minus_blank) = known(&self.minus)?;
        let bound = plus.checked_sub(minus)?;
        match (plus_blank, minus_blank) {
            (true, false) if actual < bound => Some((actual, OutOfReach::Below(bound))),
            (false, true) if actual > bound => Some((actual, OutOfReach::Above(bound))),
            _ => None,
        }
    }
}

/// How an instance stands, as the arithmetic rules judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Holds,
    /// Its cells add up otherwise, or blanks leave it out of reach.
    Broken,
    /// Blanks or words among its cells, and some value of them would make it hold.
    Unchecked,
}

impl Instance {
    /// Broken when its numbers disagree (`evaluate`) or its blanks cannot mend it
    /// (`out_of_reach`): exactly the instances the arithmetic rules report.
    pub fn standing(&self, def: &TableDef, grid: &Counts) -> Standing {
        let value = |at: At| grid.get(at);
        match self.evaluate(&value) {
            Some((e, a)) if e == a => Standing::Holds,
            Some(_) => Standing::Broken,
            None if self.out_of_reach(&value, &|at| signed(def, at)).is_some() => Standing::Broken,
            None => Standing::Unchecked,
        }
    }
}

/// Whether a cell's column may hold a negative count (本年增减).
pub fn signed(def: &TableDef, at: At) -> bool {
    def.columns[at.1].kind == ValueKind::SignedCount
}

fn resolve(def: &TableDef, pat: CellPat, row: Option<usize>, col: Option<usize>) -> Option<At> {
    let r = match pat.row {
        Some(key) => def.row(key)?,
        None => row?,
    };
    let c = match pat.col {
        Some(key) => def.column(key)?,
        None => col?,
    };
    Some((r, c))
}

/// Every instance of the table's relations whose cells the template defines. They depend on
/// the definition alone, so each definition's are computed once.
pub fn instances(table: &Table) -> &'static [Instance] {
    static CACHE: LazyLock<Mutex<HashMap<usize, &'static [Instance]>>> =
        LazyLock::new(Default::default);
    let key = table.def as *const TableDef as usize;
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(key)
        .or_insert_with(|| Box::leak(expand(table.def).into_boxed_slice()))
}

fn expand(def: &'static TableDef) -> Vec<Instance> {
    let mut out = Vec::new();
    for relation in def.relations {
        for (r, c) in relation.scope.places(def) {
            let at = |p: &CellPat| resolve(def, *p, r, c);
            let (Some(target), Some(plus), Some(minus)) = (
                at(&relation.target),
                relation.plus.iter().map(at).collect::<Option<Vec<_>>>(),
                relation.minus.iter().map(at).collect::<Option<Vec<_>>>(),
            ) else {
                continue;
            };
            out.push(Instance {
                relation,
                target,
                plus,
                minus,
            });
        }
    }
    out
}

/// The integer every count cell of a table holds, if one arithmetic may use: read in one pass
/// over the rows, instead of a search per lookup.
#[derive(Debug, Clone)]
pub struct Counts {
    def: &'static TableDef,
    /// Indexed `row * columns + col`.
    values: Vec<Option<i64>>,
}

impl Counts {
    pub fn get(&self, (r, c): At) -> Option<i64> {
        self.values
            .get(r * self.def.columns.len() + c)
            .copied()
            .flatten()
    }

    /// A cell by its row and column keys (`一`, `总计`), and its value: how cells are found
    /// across tables of different formats.
    pub fn by_key(&self, row: &str, col: &str) -> Option<(At, i64)> {
        let at = (self.def.row(row)?, self.def.column(col)?);
        Some((at, self.get(at)?))
    }
}

impl PartialEq for Counts {
    fn eq(&self, other: &Counts) -> bool {
        std::ptr::eq(self.def, other.def) && self.values == other.values
    }
}

pub fn counts(table: &Table) -> Counts {
    let cols = table.def.columns.len();
    let mut grid = vec![None; table.def.rows.len() * cols];
    let mut seen = vec![false; table.def.rows.len()];
    for row in &table.rows {
        let Some(r) = row.def else { continue };
        // The first occurrence of a row counts, as in `Table::row`.
        if std::mem::replace(&mut seen[r], true) {
            continue;
        }
        for (c, cell) in row.cells.iter().enumerate() {
            grid[r * cols + c] = count_of(cell, table.def.columns[c].kind);
        }
    }
    Counts {
        def: table.def,
        values: grid,
    }
}

/// The count grid of every table of a report, read once for all the rules that use it.
pub struct Grids<'a> {
    tables: Vec<(&'a Table, Counts)>,
}

impl<'a> Grids<'a> {
    pub fn of(report: &'a Report) -> Grids<'a> {
        Grids {
            tables: report.tables().map(|t| (t, counts(t))).collect(),
        }
    }

    /// The grid of `table`: the one read, for a table of this report; read now, for another.
    pub fn get(&self, table: &'a Table) -> Cow<'_, Counts> {
        self.tables
            .iter()
            .find(|(t, _)| std::ptr::eq(*t, table))
            .map_or_else(|| Cow::Owned(counts(table)), |(_, g)| Cow::Borrowed(g))
    }
}

pub fn count_of(cell: &Cell, kind: ValueKind) -> Option<i64> {
    match (&cell.lexeme, kind) {
        (Lexeme::Number(n), ValueKind::Count | ValueKind::SignedCount) if n.unit.is_none() => {
            n.integer()
        }
        _ => None,
    }
}

/// How a cell is named in messages: `「一、本年新收…」的总计`, `行政复议·总计`.
pub fn cell_name(table: &Table, at: At) -> String {
    def_cell_name(table.def, at)
}

/// A cell's name by its definition alone (for a table whose model is not kept).
pub fn def_cell_name(def: &TableDef, at: At) -> String {
    let column = &def.columns[at.1];
    let col = match column.group {
        Some(g) if def.rows[at.0].label.is_none() => format!("{g}·{}", column.label.official),
        _ => column.label.official.to_string(),
    };
    match &def.rows[at.0].label {
        Some(l) => format!("「{}」的{col}", l.official),
        None => col,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The balance of the 申请表's 自然人 column: 四 = 一 + 二 − 三(七).
    fn balance() -> Instance {
        let def = crate::template::FORMATS[0]
            .tables
            .iter()
            .find(|t| t.kind == "申请表")
            .unwrap();
        expand(def)
            .into_iter()
            .find(|i| i.relation.code == "balance")
            .unwrap()
    }

    #[test]
    fn a_target_beyond_what_blanks_can_reach_is_out_of_reach() {
        let b = balance();
        let unsigned = |_: At| false;
        let with = |one: Option<i64>, two: Option<i64>, seven: Option<i64>, four: i64| {
            let (t, p, m) = (b.target, b.plus.clone(), b.minus.clone());
            move |at: At| {
                if at == t {
                    Some(four)
                } else if at == p[0] {
                    one
                } else if at == p[1] {
                    two
                } else if at == m[0] {
                    seven
                } else {
                    None
                }
            }
        };
        // 二 blank: 四 is at least 一 − 三(七) = 10 − 2.
        assert_eq!(
            b.out_of_reach(&with(Some(10), None, Some(2), 3), &unsigned),
            Some((3, OutOfReach::Below(8)))
        );
        // 三(七) blank: 四 is at most 一 + 二 = 4.
        assert_eq!(
            b.out_of_reach(&with(Some(3), Some(1), None, 6), &unsigned),
            Some((6, OutOfReach::Above(4)))
        );
        // Within reach, complete, blanks on both sides, or a blank that may be negative.
        assert_eq!(
            b.out_of_reach(&with(Some(10), None, Some(2), 8), &unsigned),
            None
        );
        assert_eq!(
            b.out_of_reach(&with(Some(3), Some(1), None, 4), &unsigned),
            None
        );
        assert_eq!(
            b.out_of_reach(&with(Some(3), Some(1), Some(0), 9), &unsigned),
            None
        );
        assert_eq!(
            b.out_of_reach(&with(None, Some(1), None, 9), &unsigned),
            None
        );
        assert_eq!(
            b.out_of_reach(&with(Some(10), None, Some(2), 3), &|_| true),
            None
        );
    }
}
