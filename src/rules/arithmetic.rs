//! `row-total`, `outcome-total`, `balance`, `review-total`: the report's own 勾稽关系.
//!
//! Each broken instance of a relation yields one finding on its target cell. A fix sets the
//! target to the computed value, and is offered only where that value is possible (not
//! negative in a count) and would not break another relation that now holds: otherwise the
//! wrong cell may be one of the parts, and the message says so.

use super::{finding, safe};
use crate::diagnostic::{Diagnostic, Edit, Fix, Related};
use crate::model::{Report, Table};
use crate::relations::{At, Instance, cell_name, counts, instances};
use crate::template::{Scope, ValueKind};

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    for table in report.tables() {
        check_table(table, out);
    }
}

/// Shown term by term up to this many; longer sums show only their non-zero terms.
const TERMS_IN_FULL: usize = 6;

fn check_table(table: &Table, out: &mut Vec<Diagnostic>) {
    let all = instances(table);
    let grid = counts(table);
    let value = |at: At| grid.get(at);
    let evaluated: Vec<Option<(i64, i64)>> = all.iter().map(|i| i.evaluate(&value)).collect();
    for (k, inst) in all.iter().enumerate() {
        let Some((expected, actual)) = evaluated[k] else {
            continue;
        };
        if expected == actual {
            continue;
        }
        let Some(target) = table.cell(inst.target.0, inst.target.1) else {
            continue;
        };
        let mut message = format!(
            "{}应为 {expected}({}),实为 {actual}",
            target_name(table, inst),
            arithmetic(table, inst, &value),
        );
        if inst.relation.code == "balance" {
            message.push_str(";表头规定:第一项加第二项之和,等于第三项加第四项之和");
        }
        let blocker = blocker(table, all, &evaluated, k, expected, &value);
        if let Some(reason) = &blocker {
            message.push(';');
            message.push_str(reason);
            if let Some(suspect) = suspect(table, all, &evaluated, k) {
                message.push(';');
                message.push_str(&suspect);
            }
        }
        let mut d = finding(inst.relation.code, target.span.clone(), message);
        d.related = inst
            .plus
            .iter()
            .chain(&inst.minus)
            .filter_map(|&at| {
                let cell = table.cell(at.0, at.1)?;
                Some(Related {
                    span: cell.span.clone(),
                    message: format!("{} = {}", cell_name(table, at), value(at)?),
                    document: None,
                })
            })
            .collect();
        if blocker.is_none() {
            d.fix = Some(Fix {
                title: format!("将{}改为 {expected}", cell_name(table, inst.target)),
                edits: vec![Edit {
                    span: target.span.clone(),
                    new_text: expected.to_string(),
                }],
                safe: safe(inst.relation.code),
            });
        }
        out.push(d);
    }
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

/// `= 2 + 1 + 0`, or for long sums `= 三(一) 3 + 三(四)1 2,其余 19 项为 0`.
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
    let mut s = String::from("= ");
    let mut shown = 0;
    let mut first = true;
    for (sign, cells) in [("+", &inst.plus), ("−", &inst.minus)] {
        for &at in cells.iter() {
            let v = value(at).unwrap_or(0);
            if terms > TERMS_IN_FULL && v == 0 {
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
            shown += 1;
        }
    }
    if shown == 0 {
        s.push('0');
    }
    if terms > TERMS_IN_FULL && shown < terms {
        s.push_str(&format!(",其余 {} 项为 0", terms - shown));
    }
    s
}
