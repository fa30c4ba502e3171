//! The template's relations applied to one parsed table: which cells each instance adds up,
//! and what they hold.

use crate::model::{Cell, Table};
use crate::template::{CellPat, Relation, Scope, ValueKind};
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

fn resolve(table: &Table, pat: CellPat, row: Option<usize>, col: Option<usize>) -> Option<At> {
    let def = table.def;
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

/// Every instance of the table's relations whose cells the template defines.
pub fn instances(table: &Table) -> Vec<Instance> {
    let def = table.def;
    let mut out = Vec::new();
    for relation in def.relations {
        let places: Vec<(Option<usize>, Option<usize>)> = match relation.scope {
            Scope::EachRow => (0..def.rows.len()).map(|r| (Some(r), None)).collect(),
            Scope::EachColumn => (0..def.columns.len()).map(|c| (None, Some(c))).collect(),
            Scope::Once => vec![(None, None)],
        };
        for (r, c) in places {
            let at = |p: &CellPat| resolve(table, *p, r, c);
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

/// The integer a count cell holds, if it holds one that arithmetic may use.
pub fn count(table: &Table, at: At) -> Option<i64> {
    let cell = table.cell(at.0, at.1)?;
    count_of(cell, table.def.columns[at.1].kind)
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
    let def = table.def;
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
