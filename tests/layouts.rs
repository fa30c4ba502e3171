//! Every layout a report reaches an editor in yields the same findings, and `check --format
//! json` on each is pinned by a snapshot.

mod common;

use common::{findings, layouts, layouts_of, run_cli, seeds};

#[test]
fn every_layout_of_a_seed_yields_the_same_findings() {
    for (name, text) in seeds() {
        let want = findings(&text);
        let r = gongkai::parse(&text);
        for (layout, derived) in layouts_of(&text) {
            assert_eq!(findings(&derived), want, "seed {name}, layout {layout}");
            let d = gongkai::parse(&derived);
            assert_eq!(
                (
                    d.year.as_ref().map(|y| y.year),
                    d.format.id(),
                    d.tables().count()
                ),
                (
                    r.year.clone().map(|y| y.year),
                    r.format.id(),
                    r.tables().count()
                ),
                "seed {name}, layout {layout}"
            );
        }
    }
}

#[test]
fn every_layout_of_a_broken_report_yields_the_same_findings() {
    let text = common::example();
    let want = findings(&text);
    assert!(want.iter().any(|f| f.starts_with("row-total")));
    for (layout, derive) in layouts() {
        assert_eq!(findings(&derive(&text)), want, "layout {layout}");
    }
}

#[test]
fn json_output_of_every_seed_and_layout() {
    for (name, text) in seeds() {
        let (out, _, code) = run_cli(&["check", "--format", "json", "-"], &text);
        assert!(code == 0, "seed {name} exit {code}");
        insta::assert_snapshot!(format!("seed-{name}"), out);
        for (layout, derived) in layouts_of(&text) {
            let (out, _, _) = run_cli(&["check", "--format", "json", "-"], &derived);
            insta::assert_snapshot!(format!("seed-{name}-{layout}"), out);
        }
    }
}

#[test]
fn json_output_of_the_example() {
    let (out, _, code) = run_cli(&["check", "--format", "json", "-"], &common::example());
    assert_eq!(code, 1);
    insta::assert_snapshot!("example", out);
}
