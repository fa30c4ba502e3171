//! Corrupt every value cell of every seed's 申请表 and 复议诉讼表, one at a time. Where one
//! cell explains every broken relation, that cell gets the one error and its fix restores the
//! report byte for byte; where several would, one finding lists each as a fix to choose.
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

/// The cells whose change alone makes every relation hold again, with the value each needs.
fn explanations(rels: &[(&str, At, Vec<At>, Vec<At>)], v: &impl Fn(At) -> i64) -> Vec<(At, i64)> {
    let broken: Vec<_> = rels.iter().filter(|r| !holds(r, v)).collect();
    let cells = |r: &(&str, At, Vec<At>, Vec<At>)| -> Vec<At> {
        std::iter::once(r.1)
            .chain(r.2.iter().copied())
            .chain(r.3.iter().copied())
            .collect()
    };
    let mut out = Vec::new();
    for at in cells(broken[0]) {
        if !broken.iter().all(|r| cells(r).contains(&at)) {
            continue;
        }
        // Every relation is linear in one cell: try the value that mends the first one.
        let r = broken[0];
        let sum: i64 =
            r.2.iter().map(|&a| v(a)).sum::<i64>() - r.3.iter().map(|&a| v(a)).sum::<i64>();
        let gap = v(r.1) - sum;
        let new = if at == r.1 {
            sum
        } else if r.2.contains(&at) {
            v(at) + gap
        } else {
            v(at) - gap
        };
        let patched = |a: At| if a == at { new } else { v(a) };
        if new >= 0 && rels.iter().all(|r| holds(r, &patched)) {
            out.push((at, new));
        }
    }
    out
}

/// `(corruptions, of which one cell explains)`.
fn run(name: &str, text: &str) -> (usize, usize) {
    let report = gongkai::parse(text);
    let clean_fixed = gongkai::fix::fix_all(text, &Default::default()).text;
    let errors = |t: &str| {
        let (_, d) = gongkai::check(t);
        d.into_iter()
            .filter(|d| d.severity == gongkai::Severity::Error)
            .collect::<Vec<_>>()
    };
    assert!(errors(text).is_empty(), "seed {name} is free of errors");
    let (mut cases, mut unique) = (0, 0);
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
                let case = format!("seed {name}, {} row {r} col {c}", table.def.kind);
                let (bad, delta) = corrupt(text, cell.span.clone());
                let after = |a: At| value(a) + if a == at { delta } else { 0 };
                let broken: Vec<_> = rels.iter().filter(|rel| !holds(rel, &after)).collect();
                assert!(!broken.is_empty(), "every cell takes part in a relation");
                let span_of = |a: At| table.cell(a.0, a.1).unwrap().span.clone();
                let found = explanations(&rels, &after);
                let (_, diagnostics) = gongkai::check(&bad);
                let got: Vec<_> = diagnostics
                    .iter()
                    .filter(|d| ARITHMETIC.contains(&d.code))
                    .collect();
                if let [(cell_at, original)] = found[..] {
                    // One slip, one error, on the slipped cell; its preferred fix undoes it.
                    assert_eq!((cell_at, original), (at, value(at)), "{case}");
                    assert_eq!(errors(&bad).len(), 1, "{case}: one error");
                    assert_eq!(got[0].span, span_of(at), "{case}");
                    let fix = got[0].fix.as_ref().expect("a fix");
                    assert!(fix.safe, "{case}");
                    assert_eq!(gongkai::fix::apply(&bad, &fix.edits), text, "{case}");
                    assert_eq!(
                        gongkai::fix::fix_all(&bad, &Default::default()).text,
                        clean_fixed
                    );
                    unique += 1;
                } else {
                    // Several cells would each mend the one broken relation: one finding on
                    // its total, every candidate a fix that is neither safe nor preferred.
                    assert!(found.len() > 1 && broken.len() == 1, "{case}: {found:?}");
                    assert_eq!(got.len(), 1, "{case}");
                    assert_eq!(got[0].span, span_of(broken[0].1), "{case}");
                    assert!(got[0].fix.is_none(), "{case}");
                    let choices: BTreeSet<String> = got[0]
                        .alternatives
                        .iter()
                        .inspect(|f| assert!(!f.safe))
                        .map(|f| gongkai::fix::apply(&bad, &f.edits))
                        .collect();
                    assert_eq!(choices.len(), found.len(), "{case}");
                    assert!(choices.contains(text), "{case}: one candidate restores it");
                }
                cases += 1;
            }
        }
    }
    (cases, unique)
}

#[test]
fn every_single_corruption_is_reported_on_the_right_cell() {
    let (mut cases, mut unique) = (0, 0);
    for (name, text) in seeds() {
        let (c, u) = run(&name, &text);
        cases += c;
        unique += u;
    }
    println!(
        "{unique} of {cases} single-cell corruptions ({:.1}%) have one cell that explains them",
        100.0 * unique as f64 / cases as f64
    );
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
