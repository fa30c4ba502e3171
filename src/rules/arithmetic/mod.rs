//! `row-total`, `outcome-total`, `balance`, `review-total`: the report's own 勾稽关系.
//!
//! The broken relations of a table are explained together: where one cell's change makes
//! them all hold (`culprit`), that cell gets the one finding and a safe fix; where several
//! cells would each do, one finding lists them as fixes to choose from; where none does (more
//! than one slip), each broken relation is reported on its target, with a fix only where
//! setting the target is possible and breaks nothing that holds.

mod culprit;

use super::{finding, safe};
use crate::diagnostic::{Diagnostic, Edit, Fix, Related};
use crate::model::Report;
use crate::model::Table;
use crate::relations::{At, Counts, Grids, Instance, OutOfReach, cell_name, instances, signed};
use crate::template::{Scope, ValueKind};
use culprit::Candidate;

pub fn check(report: &Report, grids: &Grids, out: &mut Vec<Diagnostic>) {
    for table in report.tables() {
        check_table(table, &grids.get(table), out);
    }
}

/// Shown term by term up to this many; longer sums show only their non-zero terms.
const TERMS_IN_FULL: usize = 6;

/// A table's relations and what its cells hold, shared by the findings of one table.
struct Sums<'a> {
    table: &'a Table,
    all: &'static [Instance],
    /// `(expected, actual)` of each instance whose cells all hold numbers.
    evaluated: Vec<Option<(i64, i64)>>,
    grid: &'a Counts,
}

impl Sums<'_> {
    fn value(&self, at: At) -> Option<i64> {
        self.grid.get(at)
    }

    fn broken(&self, k: usize) -> Option<(i64, i64)> {
        self.evaluated[k].filter(|(e, a)| e != a)
    }

    /// `「一、…」的总计应为 5(= 2 + 3),实为 6`.
    fn wrong(&self, k: usize) -> String {
        let inst = &self.all[k];
        let (expected, actual) = self.evaluated[k].unwrap_or_default();
        format!(
            "{}应为 {expected}(= {}),实为 {actual}",
            target_name(self.table, inst),
            arithmetic(self.table, inst, &|at| self.value(at))
        )
    }

    fn named(&self, at: At, message: String) -> Option<Related> {
        Some(Related {
            span: self.table.cell(at.0, at.1)?.span.clone(),
            message,
            document: None,
        })
    }

    /// The cells a finding was computed from: the parts of each broken relation whose target
    /// is `at`, and the target of each other one.
    fn related(&self, group: &[usize], at: At) -> Vec<Related> {
        let mut out = Vec::new();
        for &k in group {
            let inst = &self.all[k];
            if inst.target == at {
                out.extend(inst.plus.iter().chain(&inst.minus).filter_map(|&p| {
                    let v = self.value(p)?;
                    self.named(p, format!("{} = {v}", cell_name(self.table, p)))
                }));
            } else if let Some((e, a)) = self.broken(k) {
                let name = target_name(self.table, inst);
                out.extend(self.named(inst.target, format!("{name}实为 {a},按各项应为 {e}")));
            }
        }
        out
    }

    fn set(&self, c: &Candidate, code: &str) -> Option<Fix> {
        Some(Fix {
            title: format!("将{}改为 {}", cell_name(self.table, c.at), c.new),
            edits: vec![Edit {
                span: self.table.cell(c.at.0, c.at.1)?.span.clone(),
                new_text: c.new.to_string(),
            }],
            safe: safe(code),
        })
    }
}

fn check_table(table: &Table, grid: &Counts, out: &mut Vec<Diagnostic>) {
    let all = instances(table);
    let evaluated = all.iter().map(|i| i.evaluate(&|at| grid.get(at))).collect();
    let sums = Sums {
        table,
        all,
        evaluated,
        grid,
    };
    let broken: Vec<usize> = (0..all.len())
        .filter(|&k| sums.broken(k).is_some())
        .collect();
    let before = out.len();
    for group in culprit::groups(all, &broken) {
        let found = culprit::candidates(table.def, all, &|at| sums.value(at), &group);
        match found.as_slice() {
            [one] => out.extend(one_cell(&sums, &group, one)),
            [] => out.extend(group.iter().filter_map(|&k| per_relation(&sums, k))),
            several => out.extend(ambiguous(&sums, &group, several)),
        }
    }
    let found: Vec<crate::model::Span> = out[before..].iter().map(|d| d.span.clone()).collect();
    let signed = |at: At| signed(table.def, at);
    for (k, inst) in all.iter().enumerate() {
        if sums.evaluated[k].is_some() {
            continue;
        }
        let Some((actual, reach)) = inst.out_of_reach(&|at| sums.value(at), &signed) else {
            continue;
        };
        // A slip already found in one of its cells explains this one too.
        let span = |at: At| table.cell(at.0, at.1).map(|c| c.span.clone());
        if inst
            .cells()
            .any(|at| span(at).is_some_and(|s| found.contains(&s)))
        {
            continue;
        }
        let Some(target) = table.cell(inst.target.0, inst.target.1) else {
            continue;
        };
        let (bound, limit) = match reach {
            OutOfReach::Below(lo) => ("至少", lo),
            OutOfReach::Above(hi) => ("至多", hi),
        };
        let message = format!(
            "{}{bound}应为 {limit}(= {}),实为 {actual}\n依据「{}」\n未填的格不会是负数,无论填什么此关系都不能成立;补齐未填的格后再核对,未提供自动修正",
            target_name(table, inst),
            arithmetic(table, inst, &|at| sums.value(at)),
            inst.relation.statement
        );
        let mut d = finding(inst.relation.code, target.span.clone(), message);
        d.related = sums.related(&[k], inst.target);
        out.push(d);
    }
}

/// One slip: the finding and its safe fix on the cell, the broken totals related to it.
fn one_cell(sums: &Sums, group: &[usize], c: &Candidate) -> Option<Diagnostic> {
    let table = sums.table;
    let own = group.iter().copied().find(|&k| sums.all[k].target == c.at);
    let code = sums.all[own.unwrap_or(group[0])].relation.code;
    let mut message = match own {
        Some(k) => format!(
            "{}\n依据「{}」",
            sums.wrong(k),
            sums.all[k].relation.statement
        ),
        None => format!("{}应为 {},实为 {}", cell_name(table, c.at), c.new, c.old),
    };
    for &k in group.iter().filter(|&&k| Some(k) != own) {
        message.push_str(&format!(
            "\n此格也使「{}」不成立(照此格现值,{})",
            sums.all[k].relation.statement,
            sums.wrong(k)
        ));
    }
    if own.is_none() {
        message.push_str(&format!(
            "\n各关系共有的格中,只有此格改为 {} 能使本表各项关系同时成立",
            c.new
        ));
    }
    let mut d = finding(code, table.cell(c.at.0, c.at.1)?.span.clone(), message);
    d.related = sums.related(group, c.at);
    d.fix = sums.set(c, code);
    Some(d)
}

/// One slip that several cells would each explain: one finding on the first broken total,
/// each candidate a fix to choose.
fn ambiguous(sums: &Sums, group: &[usize], several: &[Candidate]) -> Option<Diagnostic> {
    let table = sums.table;
    let k = group[0];
    let inst = &sums.all[k];
    sums.broken(k)?;
    let mut ordered: Vec<&Candidate> = several.iter().collect();
    ordered.sort_by_key(|c| c.at != inst.target);
    let choices: Vec<String> = ordered
        .iter()
        .map(|c| format!("{}改为 {}", cell_name(table, c.at), c.new))
        .collect();
    let message = format!(
        "{}\n依据「{}」\n改动其中任一格都能使本表各项关系成立,无法确定是哪一格有误,请核对后选择:{}",
        sums.wrong(k),
        inst.relation.statement,
        choices.join(";")
    );
    let mut d = finding(
        inst.relation.code,
        table.cell(inst.target.0, inst.target.1)?.span.clone(),
        message,
    );
    d.related = sums.related(group, inst.target);
    d.alternatives = ordered
        .iter()
        .filter_map(|c| {
            let mut f = sums.set(c, inst.relation.code)?;
            f.safe = false;
            Some(f)
        })
        .collect();
    Some(d)
}

/// A relation broken where no single cell explains its table: reported on its target.
fn per_relation(sums: &Sums, k: usize) -> Option<Diagnostic> {
    let table = sums.table;
    let inst = &sums.all[k];
    let (expected, actual) = sums.broken(k)?;
    let target = table.cell(inst.target.0, inst.target.1)?;
    let mut message = format!("{}\n依据「{}」", sums.wrong(k), inst.relation.statement);
    let value = |at: At| sums.value(at);
    let blocker = blocker(table, sums.all, &sums.evaluated, k, expected, &value);
    if let Some(reason) = &blocker {
        message.push('\n');
        message.push_str(reason);
        if let Some(suspect) = suspect(table, sums.all, &sums.evaluated, k) {
            message.push('\n');
            message.push_str(&suspect);
        }
    }
    let mut d = finding(inst.relation.code, target.span.clone(), message);
    d.related = sums.related(&[k], inst.target);
    if blocker.is_none() {
        let c = Candidate {
            at: inst.target,
            old: actual,
            new: expected,
        };
        d.fix = sums.set(&c, inst.relation.code);
    }
    Some(d)
}

/// Why setting the target to `expected` is not offered, if it is not.
fn blocker(
    table: &Table,
    all: &[Instance],
    evaluated: &[Option<(i64, i64)>],
    k: usize,
    expected: i64,
    value: &impl Fn(At) -> Option<i64>,
) -> Option<String> {
    let inst = &all[k];
    let kind = table.def.columns[inst.target.1].kind;
    if expected < 0 && kind != ValueKind::SignedCount {
        return Some(format!(
            "按此计算为负数({expected}),说明参与计算的某一格有误,未提供自动修正"
        ));
    }
    for (j, other) in all.iter().enumerate() {
        if j == k || !other.involves(inst.target) {
            continue;
        }
        let Some((e, a)) = evaluated[j] else { continue };
        if other.target == inst.target && e != a && e != expected {
            return Some(format!(
                "此格另按「{}」应为 {e},两者不一致,无法确定哪一格有误,未提供自动修正",
                other.relation.statement
            ));
        }
        if e == a {
            let patched = |at: At| {
                if at == inst.target {
                    Some(expected)
                } else {
                    value(at)
                }
            };
            if other.evaluate(&patched).is_some_and(|(e2, a2)| e2 != a2) {
                return Some(format!(
                    "改动此格会破坏已成立的「{}」,可能是参与计算的某一格有误,未提供自动修正",
                    other.relation.statement
                ));
            }
        }
    }
    None
}

/// A part of instance `k` that is itself the broken target of another relation: the likelier
/// culprit, named so that the officer checks it first.
fn suspect(
    table: &Table,
    all: &[Instance],
    evaluated: &[Option<(i64, i64)>],
    k: usize,
) -> Option<String> {
    let inst = &all[k];
    all.iter().enumerate().find_map(|(j, other)| {
        let (e, a) = evaluated[j]?;
        let part = inst.plus.contains(&other.target) || inst.minus.contains(&other.target);
        (j != k && e != a && part).then(|| {
            format!(
                "{}本身也不满足「{}」,宜先核对该格",
                cell_name(table, other.target),
                other.relation.statement
            )
        })
    })
}

fn target_name(table: &Table, inst: &Instance) -> String {
    let def = table.def;
    let (r, c) = inst.target;
    match inst.relation.scope {
        Scope::EachColumn => format!(
            "「{}」列的「{}」",
            def.columns[c].label.official,
            def.row_name(r)
        ),
        _ => cell_name(table, inst.target),
    }
}

/// `2 + 1 + 0`, or for long sums `三(一) 3 + 三(四)1 2,其余 19 项为 0`; blank cells are not
/// terms (`,另有 2 格未填`).
fn arithmetic(table: &Table, inst: &Instance, value: &impl Fn(At) -> Option<i64>) -> String {
    let terms = inst.plus.len() + inst.minus.len();
    let by_row = inst.relation.scope == Scope::EachColumn;
    let name = |at: At| -> String {
        if by_row {
            format!("{} ", table.def.rows[at.0].key)
        } else {
            String::new()
        }
    };
    let mut s = String::new();
    let (mut zeros, mut blanks) = (0, 0);
    let mut first = true;
    for (sign, cells) in [("+", &inst.plus), ("−", &inst.minus)] {
        for &at in cells.iter() {
            let Some(v) = value(at) else {
                blanks += 1;
                continue;
            };
            if terms > TERMS_IN_FULL && v == 0 {
                zeros += 1;
                continue;
            }
            if !first || sign == "−" {
                s.push_str(if first { "" } else { " " });
                s.push_str(sign);
                s.push(' ');
            }
            first = false;
            s.push_str(&name(at));
            s.push_str(&v.to_string());
        }
    }
    if first {
        s.push('0');
    }
    if zeros > 0 {
        s.push_str(&format!(",其余 {zeros} 项为 0"));
    }
    if blanks > 0 {
        s.push_str(&format!(",另有 {blanks} 格未填"));
    }
    s
}
