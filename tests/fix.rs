//! `--fix`: after fixing, no arithmetic finding is left; no byte outside the edited cells
//! changes; a second `--fix` changes nothing.

mod common;

use common::{clean, run_cli, seeds};

const ARITHMETIC: &[&str] = &["row-total", "outcome-total", "balance", "review-total"];

/// The clean report with several totals broken, a full-width number and a label variant.
fn broken() -> String {
    let t = clean();
    let swaps = [
        (
            "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 4 |",
        ),
        ("(七)总计 | 10 | 2 | 0 |", "(七)总计 | 19 | 2 | 0 |"),
        ("行政许可 | 1520 |", "行政许可 | １５２０ |"),
        ("本年制发件数", "本年新发件数"),
    ];
    let mut out = t.clone();
    for (from, to) in swaps {
        assert_eq!(out.matches(from).count(), 1, "{from}");
        out = out.replacen(from, to, 1);
    }
    out
}

fn temp_copy(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-fix-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn fix_restores_every_broken_total_and_nothing_else() {
    let text = broken();
    let (_, before) = gongkai::check(&text);
    let arithmetic: Vec<_> = before
        .iter()
        .filter(|d| ARITHMETIC.contains(&d.code))
        .collect();
    assert!(arithmetic.len() >= 4, "{arithmetic:?}");

    let path = temp_copy("broken", &text);
    let (out, _, code) = run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{out}");
    let fixed = std::fs::read_to_string(&path).unwrap();
    // The clean report, byte for byte: only the broken cells and the label were rewritten.
    assert_eq!(fixed, clean());
    let (_, after) = gongkai::check(&fixed);
    assert!(after.iter().all(|d| !ARITHMETIC.contains(&d.code)));

    // A second --fix changes nothing.
    run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn fix_leaves_a_choice_to_the_drafter() {
    // The 行政诉讼 total raised from 1 to 3: the total could be wrong, or any one of its parts.
    let review = "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0";
    let text = clean().replacen(
        review,
        "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 3 | 0 | 0 | 0 | 0 | 0",
        1,
    );
    let (_, found) = gongkai::check(&text);
    assert_eq!(found.len(), 1);
    assert!(found[0].fix.is_none());
    assert_eq!(
        found[0].alternatives.len(),
        5,
        "the total and each of its four parts"
    );
    let path = temp_copy("choice", &text);
    let (out, _, code) = run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    assert_eq!(code, 1, "the finding stands: {out}");
    assert!(out.contains("需人工确认"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn fix_keeps_crlf_and_every_other_byte() {
    let text = common::crlf(&broken());
    let gongkai::fix::Fixed {
        text: fixed,
        rounds,
        ..
    } = gongkai::fix::fix_all(&text, &Default::default());
    assert!(rounds >= 1);
    assert_eq!(fixed, common::crlf(&clean()));
    assert_eq!(gongkai::fix::fix_all(&fixed, &Default::default()).rounds, 0);
}

#[test]
fn fix_on_the_seeds_only_canonicalises_labels() {
    for (name, text) in seeds() {
        let (_, diagnostics) = gongkai::check(&text);
        let edits = gongkai::fix::safe_edits(&diagnostics);
        assert!(edits.iter().all(|e| {
            diagnostics
                .iter()
                .any(|d| d.code == "label-variant" && d.span == e.span)
        }));
        let fixed = gongkai::fix::fix_all(&text, &Default::default()).text;
        assert_eq!(fixed, gongkai::fix::apply(&text, &edits), "seed {name}");
        // Nothing safely fixable is left (seed 004's early signature date has no fix).
        let (_, left) = gongkai::check(&fixed);
        assert!(
            left.iter().all(|d| d.fix.as_ref().is_none_or(|f| !f.safe)),
            "seed {name}"
        );
        assert!(
            left.iter().all(|d| d.code != "label-variant"),
            "seed {name}"
        );
    }
}

#[test]
fn fixes_that_need_judgement_are_not_applied() {
    // A blank cell may mean 0 or "not known": --fix leaves it to the officer.
    let text = clean().replacen("行政许可 | 1520 |", "行政许可 | / |", 1);
    let fixed = gongkai::fix::fix_all(&text, &Default::default()).text;
    assert_eq!(fixed, text);
    let (_, d) = gongkai::check(&text);
    assert!(
        d.iter()
            .any(|d| d.code == "blank-cell" && d.fix.as_ref().is_some_and(|f| !f.safe))
    );
}
