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

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-fmt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn fmt_check_names_the_files_to_change_and_fmt_writes_them() {
    let d = dir("check");
    let example = common::example();
    let formatted = gongkai::format::formatted(&example);
    let (raw, done) = (d.join("a.txt"), d.join("b.txt"));
    std::fs::write(&raw, &example).unwrap();
    std::fs::write(&done, &formatted).unwrap();
    let path = d.to_str().unwrap();
    let (out, err, code) = common::run_cli(&["fmt", "--check", path], "");
    assert_eq!(
        (out.as_str(), code),
        (format!("{}\n", raw.display()).as_str(), 1),
        "{err}"
    );
    assert!(err.contains("1 个文件需要重排"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&raw).unwrap(),
        example,
        "--check writes nothing"
    );
    let (out, err, code) = common::run_cli(&["fmt", path], "");
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
    assert!(err.contains("已重排 1 个文件,共 2 个"), "{err}");
    assert_eq!(std::fs::read_to_string(&raw).unwrap(), formatted);
    assert_eq!(std::fs::read_to_string(&done).unwrap(), formatted);
    let (out, _, code) = common::run_cli(&["fmt", "--check", path], "");
    assert_eq!((out.as_str(), code), ("", 0));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn fmt_filters_standard_input() {
    let example = common::example();
    let formatted = gongkai::format::formatted(&example);
    for args in [&["fmt", "-"][..], &["fmt"][..]] {
        let (out, err, code) = common::run_cli(args, &example);
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            (formatted.as_str(), "", 0)
        );
    }
    let (out, _, code) = common::run_cli(&["fmt", "--check", "-"], &example);
    assert_eq!((out.as_str(), code), ("-\n", 1));
}

#[test]
fn fmt_writes_a_gbk_file_back_in_gbk() {
    let d = dir("gbk");
    let path = d.join("gbk.txt");
    let example = common::example();
    std::fs::write(&path, encoding_rs::GBK.encode(&example).0).unwrap();
    let (_, err, code) = common::run_cli(&["fmt", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    let want = encoding_rs::GBK
        .encode(&gongkai::format::formatted(&example))
        .0
        .into_owned();
    assert_eq!(std::fs::read(&path).unwrap(), want);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn fmt_refuses_word_files_pdfs_and_web_pages() {
    let d = dir("refuse");
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/derived/example");
    for file in ["example.docx", "example.pdf", "page.html"] {
        let path = d.join(file);
        std::fs::copy(source.join(file), &path).unwrap();
        let before = std::fs::read(&path).unwrap();
        for check in [false, true] {
            let mut args = vec!["fmt", path.to_str().unwrap()];
            if check {
                args.insert(1, "--check");
            }
            let (out, err, code) = common::run_cli(&args, "");
            assert_eq!((out.as_str(), code), ("", 2), "{file}: {err}");
            assert!(
                err.contains("不重排 Word 文件、PDF 和网页") && err.contains("gongkai convert"),
                "{err}"
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
    // In a folder walked they are passed over: the text beside them is what fmt takes.
    let text = d.join("a.txt");
    std::fs::write(&text, common::example()).unwrap();
    let (out, err, code) = common::run_cli(&["fmt", "--check", d.to_str().unwrap()], "");
    assert_eq!((out, code), (format!("{}\n", text.display()), 1), "{err}");
    assert!(!err.contains("不重排"), "{err}");
    std::fs::remove_dir_all(&d).unwrap();
}
