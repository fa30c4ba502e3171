//! Word files and web pages on the command line: `check` reads them (named, or found in a
//! folder, whatever the extension's case), `--fix` refuses to rewrite them, and `convert`
//! writes the text that checks the same.

mod common;

use std::path::PathBuf;

use common::run_cli;

fn derived(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/derived/example")
        .join(file)
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-convert-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `(code, line, character)` of each finding in a `check --format json` output's first file.
fn places(json: &str) -> Vec<(String, u64, u64)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = &d["range"]["start"];
            (
                d["code"].as_str().unwrap().to_string(),
                s["line"].as_u64().unwrap(),
                s["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn word_files_and_web_pages_are_checked_like_the_text() {
    let (text, _, _) = run_cli(&["check", "--format", "json", "-"], &common::example());
    let want: Vec<String> = places(&text).into_iter().map(|p| p.0).collect();
    assert_eq!(want, ["row-total"]);
    for file in ["example.docx", "page.html", "page-gbk.html"] {
        let (out, err, code) = run_cli(
            &["check", "--format", "json", derived(file).to_str().unwrap()],
            "",
        );
        assert_eq!(code, 1, "{file}: {err}");
        let got: Vec<String> = places(&out).into_iter().map(|p| p.0).collect();
        assert_eq!(got, want, "{file}");
    }
}

#[test]
fn a_folder_gives_up_its_word_files_whatever_the_case() {
    let d = dir("walk");
    std::fs::copy(derived("example.docx"), d.join("2024.DOCX")).unwrap();
    std::fs::copy(derived("page.html"), d.join("2023.Htm")).unwrap();
    let (out, _, _) = run_cli(&["check", "--format", "json", d.to_str().unwrap()], "");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.len() == 2 && paths[0].ends_with("2023.Htm") && paths[1].ends_with("2024.DOCX"),
        "{paths:?}"
    );
}

#[test]
fn fix_refuses_to_rewrite_a_word_file() {
    let d = dir("fix");
    let docx = d.join("report.docx");
    std::fs::copy(derived("example.docx"), &docx).unwrap();
    let before = std::fs::read(&docx).unwrap();
    let (_, err, code) = run_cli(&["check", "--fix", docx.to_str().unwrap()], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("不修正 Word 文件、PDF 和网页") && err.contains("gongkai convert"),
        "{err}"
    );
    assert_eq!(std::fs::read(&docx).unwrap(), before);
}

#[test]
fn convert_gives_text_that_checks_the_same_and_converts_to_the_same_bytes() {
    let d = dir("round");
    for file in ["example.docx", "page-gbk.html"] {
        let src = derived(file);
        let (original, _, _) = run_cli(&["check", "--format", "json", src.to_str().unwrap()], "");
        let (_, err, code) = run_cli(
            &["convert", "-o", d.to_str().unwrap(), src.to_str().unwrap()],
            "",
        );
        assert_eq!(code, 0, "{err}");
        let stem = src.file_stem().unwrap().to_string_lossy().to_string();
        let converted = d.join(format!("{stem}.txt"));
        let (again, _, _) = run_cli(
            &["check", "--format", "json", converted.to_str().unwrap()],
            "",
        );
        assert_eq!(places(&again), places(&original), "{file}");
        // To standard output, the same bytes; a second conversion of the text changes nothing.
        let (stdout, _, _) = run_cli(&["convert", src.to_str().unwrap()], "");
        assert_eq!(stdout.as_bytes(), std::fs::read(&converted).unwrap());
        let (twice, _, _) = run_cli(&["convert", converted.to_str().unwrap()], "");
        assert_eq!(twice, stdout);
    }
}

#[test]
fn convert_says_why_a_file_cannot_be_read_and_goes_on() {
    let d = dir("bad");
    std::fs::write(d.join("empty.docx"), b"").unwrap();
    std::fs::write(d.join("old.doc"), b"\xD0\xCF\x11\xE0").unwrap();
    let (out, err, code) = run_cli(
        &[
            "convert",
            d.join("empty.docx").to_str().unwrap(),
            d.join("old.doc").to_str().unwrap(),
            derived("example.docx").to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("empty.docx: 文件为空") && err.contains("old.doc: 暂不能读取旧版 Word 文档"),
        "{err}"
    );
    assert!(out.contains("示例市数据资源管理局2024年政府信息公开工作年度报告"));
}

#[test]
fn a_damaged_file_in_a_folder_fails_alone() {
    let d = dir("damaged");
    let docx = std::fs::read(derived("example.docx")).unwrap();
    std::fs::write(d.join("a-cut.docx"), &docx[..docx.len() / 2]).unwrap();
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/scanned.pdf"),
        d.join("b-scan.pdf"),
    )
    .unwrap();
    std::fs::copy(derived("page.html"), d.join("c-good.html")).unwrap();
    let (out, err, code) = run_cli(&["check", "--format", "json", d.to_str().unwrap()], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("a-cut.docx: 不是有效的 .docx 文件")
            && err.contains("b-scan.pdf: PDF 没有文字层"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert!(files[0]["error"].is_string() && files[1]["error"].is_string());
    assert_eq!(
        files[2]["diagnostics"][0]["code"], "row-total",
        "the good page is still checked"
    );
}
