//! The one cell that explains a table's broken relations: a slip in one cell breaks every
//! relation it takes part in, so the cells common to every broken relation are the suspects,
//! and a suspect explains the slip when the value one relation solves for it makes every
//! relation it takes part in hold.

use crate::relations::{At, Instance};
use crate::template::{TableDef, ValueKind};

/// A single-cell change that makes every relation of the cell hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub at: At,
    pub old: i64,
    pub new: i64,
}

/// The broken instances (indices into `all`) in groups: two that share a cell are in one
/// group, so that independent slips are explained independently.
pub fn groups(all: &[Instance], broken: &[usize]) -> Vec<Vec<usize>> {
    let mut group_of: Vec<usize> = (0..broken.len()).collect();
    for i in 0..broken.len() {
        for j in 0..i {
            if all[broken[i]].cells().any(|c| all[broken[j]].involves(c)) {
                let (from, to) = (group_of[i], group_of[j]);
                for g in group_of.iter_mut().filter(|g| **g == from) {
                    *g = to;
                }
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut labels: Vec<usize> = Vec::new();
    for (i, &g) in group_of.iter().enumerate() {
        match labels.iter().position(|&l| l == g) {
            Some(p) => out[p].push(broken[i]),
            None => {
                labels.push(g);
                out.push(vec![broken[i]]);
            }
        }
    }
    out
}

/// Every cell whose change alone would make each broken instance of `group` hold without
/// breaking any other relation it takes part in (relations with blanks cannot be checked and
/// do not count against it). The new value is solved from the group's first instance.
pub fn candidates(
    def: &TableDef,
    all: &[Instance],
    value: &impl Fn(At) -> Option<i64>,
    group: &[usize],
) -> Vec<Candidate> {
    let first = &all[group[0]];
    let Some((expected, actual)) = first.evaluate(value) else {
        return Vec::new();
    };
    first
        .cells()
        .filter(|&at| group.iter().all(|&k| all[k].involves(at)))
        .filter_map(|at| {
            let old = value(at)?;
            let new = solve(first, at, old, expected, actual)?;
            if new < 0 && def.columns[at.1].kind != ValueKind::SignedCount {
                return None;
            }
            let patched = |c: At| if c == at { Some(new) } else { value(c) };
            all.iter()
                .filter(|i| i.involves(at))
                .all(|i| i.evaluate(&patched).is_none_or(|(e, a)| e == a))
                .then_some(Candidate { at, old, new })
        })
        .collect()
}

/// The value of `at` that makes `inst` hold, the other cells unchanged.
fn solve(inst: &Instance, at: At, old: i64, expected: i64, actual: i64) -> Option<i64> {
    let gap = actual.checked_sub(expected)?;
    if at == inst.target {
        Some(expected)
    } else if inst.plus.contains(&at) {
        old.checked_add(gap)
    } else {
        old.checked_sub(gap)
    }
}
