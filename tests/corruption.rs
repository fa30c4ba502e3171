//! Corrupt every value cell of every seed's 申请表 and 复议诉讼表, one at a time: exactly the
//! relations the change breaks are reported, each on the cell that is wrong under it.
//!
//! The oracle below restates the relations from FORMAT.md by hand, independently of the
//! template, so that a mistake in the template's data is caught, not copied.

mod common;

use std::collections::BTreeSet;

use common::{layouts_of, seeds};
use gongkai::model::Table;

type At = (usize, usize);

/// The relations of FORMAT.md over a table's grid: `(code, target, parts, subtracted)`.
fn oracle(table: &Table) -> Vec<(&'static str, At, Vec<At>, Vec<At>)> {
    let keys: Vec<&str> = table.def.rows.iter().map(|r| r.key).collect();
    let row = |k: &str| keys.iter().position(|x| *x == k).unwrap();
    let mut out = Vec::new();
    match table.def.kind {
        "申请表" => {
            for r in 0..keys.len() {
                out.push((
                    "row-total",
                    (r, 6),
                    (0..6).map(|c| (r, c)).collect(),
                    vec![],
                ));
            }
            let outcomes: Vec<usize> = (0..keys.len())
                .filter(|&r| keys[r].starts_with("三(") && keys[r] != "三(七)")
                .collect();
            for c in 0..7 {
                out.push((
                    "outcome-total",
                    (row("三(七)"), c),
                    outcomes.iter().map(|&r| (r, c)).collect(),
                    vec![],
                ));
                out.push((
                    "balance",
                    (row("四"), c),
                    vec![(row("一"), c), (row("二"), c)],
                    vec![(row("三(七)"), c)],
                ));
            }
        }
        "复议诉讼表" => {
            for g in 0..3 {
                out.push((
                    "review-total",
                    (0, g * 5 + 4),
                    (0..4).map(|c| (0, g * 5 + c)).collect(),
                    vec![],
                ));
            }
        }
        _ => {}
    }
    out
}

fn holds(rel: &(&str, At, Vec<At>, Vec<At>), v: &impl Fn(At) -> i64) -> bool {
    let sum: i64 =
        rel.2.iter().map(|&a| v(a)).sum::<i64>() - rel.3.iter().map(|&a| v(a)).sum::<i64>();
    sum == v(rel.1)
}

/// Change the last digit by ±3, keeping the text's length so every span stays put.
fn corrupt(text: &str, span: std::ops::Range<usize>) -> (String, i64) {
    let last = span.end - 1;
    let d = text.as_bytes()[last] - b'0';
    let nd = if d <= 6 { d + 3 } else { d - 3 };
    let mut s = text.to_string();
    s.replace_range(last..last + 1, &((b'0' + nd) as char).to_string());
    (s, i64::from(nd) - i64::from(d))
}

const ARITHMETIC: &[&str] = &["row-total", "outcome-total", "balance", "review-total"];

fn run(name: &str, text: &str) -> usize {
    let report = gongkai::parse(text);
    let (clean_fixed, _) = gongkai::fix::fix_all(text, &Default::default());
    let mut cases = 0;
    for table in report.tables().filter(|t| !t.def.relations.is_empty()) {
        let value = |a: At| -> i64 {
            match &table.cell(a.0, a.1).unwrap().lexeme {
                gongkai::text::number::Lexeme::Number(n) => n.integer().unwrap(),
                other => panic!("seed {name}: {other:?}"),
            }
        };
        let rels = oracle(table);
        assert!(
            rels.iter().all(|r| holds(r, &value)),
            "seed {name} must hold as published"
        );
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let at = (row.def.unwrap(), c);
                let (bad, delta) = corrupt(text, cell.span.clone());
                let after = |a: At| value(a) + if a == at { delta } else { 0 };
                let expected: BTreeSet<(&str, usize, usize)> = rels
                    .iter()
                    .filter(|rel| !holds(rel, &after))
                    .map(|rel| {
                        let s = &table.cell(rel.1.0, rel.1.1).unwrap().span;
                        (rel.0, s.start, s.end)
                    })
                    .collect();
                let (_, diagnostics) = gongkai::check(&bad);
                let got: BTreeSet<(&str, usize, usize)> = diagnostics
                    .iter()
                    .filter(|d| ARITHMETIC.contains(&d.code))
                    .map(|d| (d.code, d.span.start, d.span.end))
                    .collect();
                assert_eq!(
                    got, expected,
                    "seed {name}, {} row {r} col {c}",
                    table.def.kind
                );
                assert!(!expected.is_empty(), "every cell takes part in a relation");

                // Fixing never leaves more broken relations than the corruption made, and a
                // second round changes nothing.
                let (mended, _) = gongkai::fix::fix_all(&bad, &Default::default());
                let (_, left) = gongkai::check(&mended);
                let broken_after = left.iter().filter(|d| ARITHMETIC.contains(&d.code)).count();
                assert!(broken_after <= expected.len(), "seed {name} {at:?}");
                assert_eq!(gongkai::fix::fix_all(&mended, &Default::default()).1, 0);
                // A corrupted total is put back exactly (other safe fixes, such as a label
                // variant, apply to both sides alike).
                if rels.iter().any(|rel| rel.1 == at && !holds(rel, &after)) {
                    assert_eq!(
                        mended, clean_fixed,
                        "seed {name}: total {at:?} not restored"
                    );
                }
                cases += 1;
            }
        }
    }
    cases
}

#[test]
fn every_single_corruption_is_reported_on_the_right_cell() {
    let mut cases = 0;
    for (name, text) in seeds() {
        cases += run(&name, &text);
    }
    // Three 2021-format seeds (申请表 of 25 value rows) and two 2019-format ones (23 rows),
    // seven columns each, plus the 15 cells of 复议诉讼表.
    assert_eq!(cases, 3 * (25 * 7 + 15) + 2 * (23 * 7 + 15));
}

#[test]
fn corruptions_are_found_in_every_layout() {
    for (name, text) in seeds().into_iter().take(2) {
        for (layout, derived) in layouts_of(&text) {
            run(&format!("{name}/{layout}"), &derived);
        }
    }
}
