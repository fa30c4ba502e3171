//! `gongkai fmt` and the formatting the server returns: on every seed, the example, every layout
//! derived from them and every committed extracted text, formatting keeps the findings (codes,
//! messages and the cells under them), changes nothing a second time, and touches only tables.

mod common;

use std::path::PathBuf;

/// Every finding as `code severity message «text under it»`, the text without spaces and `|`
/// (formatting moves cells, never changes them); `fullwidth-digit` left out, since formatting
/// is meant to settle those.
fn placed(text: &str) -> Vec<String> {
    let (_, diagnostics) = gongkai::check(text);
    diagnostics
        .iter()
        .filter(|d| d.code != "fullwidth-digit")
        .map(|d| {
            let under: String = text[d.span.clone()]
                .chars()
                .filter(|c| *c != '|' && !c.is_whitespace())
                .collect();
            format!("{} {} {} «{under}»", d.code, d.severity.as_str(), d.message)
        })
        .collect()
}

/// Every text the tests know a report in: `(name, text)`.
fn every_text() -> Vec<(String, String)> {
    let mut sources = common::seeds();
    sources.push(("example".to_string(), common::example()));
    let mut out = Vec::new();
    for (name, text) in &sources {
        out.push((name.clone(), text.clone()));
        for (layout, derived) in common::layouts_of(text) {
            out.push((format!("{name}/{layout}"), derived));
        }
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/derived")
            .join(name);
        let mut methods: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        methods.sort();
        for p in methods {
            let method = p.file_stem().unwrap().to_string_lossy().to_string();
            out.push((
                format!("{name}/{method}"),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn formatting_keeps_the_findings_and_is_idempotent() {
    let mut status = String::new();
    let mut formatted_any = Vec::new();
    for (name, text) in every_text() {
        let report = gongkai::parse(&text);
        let edits = gongkai::format::format(&text, &report);
        let once = gongkai::fix::apply(&text, &edits);
        assert_eq!(placed(&once), placed(&text), "{name}: findings changed");
        assert_eq!(
            gongkai::format::formatted(&once),
            once,
            "{name}: not idempotent"
        );
        let tables = report.tables().count();
        status.push_str(&format!("{name:<28} {} of {tables} tables\n", edits.len()));
        if !edits.is_empty() {
            formatted_any.push(name);
        }
    }
    println!("{status}");
    // The layouts the parser reads whole are formatted, not merely left alone.
    for name in [
        "000",
        "003",
        "example",
        "001/markdown",
        "002/cell-lines",
        "004/paragraphs",
    ] {
        assert!(
            formatted_any.iter().any(|n| n == name),
            "{name} left as it was\n{status}"
        );
    }
}

#[test]
fn a_markdown_table_stays_a_markdown_table() {
    let text = common::markdown(&common::example());
    let out = gongkai::format::formatted(&text);
    assert_ne!(out, text);
    let delimiters = |t: &str| {
        t.lines()
            .filter(|l| gongkai::parse::tokens::is_delimiter_row(l))
            .count()
    };
    assert_eq!(delimiters(&out), delimiters(&text));
    let report = gongkai::parse(&out);
    assert!(report.markdown);
    assert!(
        report
            .tables()
            .all(|t| t.layout == gongkai::model::Layout::Markdown)
    );
    // Each delimiter row has as many cells as the row above it, as a Markdown table needs.
    let lines: Vec<&str> = out.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if gongkai::parse::tokens::is_delimiter_row(l) {
            let cells = |s: &str| s.trim().trim_matches('|').split('|').count();
            assert_eq!(cells(lines[i - 1]), cells(l), "{}\n{l}", lines[i - 1]);
            assert!(lines[i - 1].starts_with("| "));
        }
    }
}

#[test]
fn crlf_stays_crlf() {
    let text = common::crlf(&common::example());
    let out = gongkai::format::formatted(&text);
    assert_ne!(out, text);
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    assert_eq!(
        out.replace("\r\n", "\n"),
        gongkai::format::formatted(&common::example())
    );
}
