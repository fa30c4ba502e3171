//! Shared by the integration tests: the seed reports and the layouts derived from them.
#![allow(dead_code)]

pub mod wire;

use std::path::PathBuf;

pub fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/seeds")
}

/// The text under each finding of `code`.
pub fn fired(text: &str, code: &str) -> Vec<String> {
    let (_, diagnostics) = gongkai::check(text);
    diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| text[d.span.clone()].to_string())
        .collect()
}

/// `(name, text)` of every seed, sorted by name.
pub fn seeds() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(seeds_dir())
        .expect("../shared/fixtures/seeds beside the checkout")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy()[..3].to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

pub fn example() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/report-2024.txt"),
    )
    .unwrap()
}

/// The example with its broken total mended: a clean 2021-format report.
pub fn clean() -> String {
    let t = example();
    let broken = "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 13 |";
    assert!(t.contains(broken));
    t.replace(
        broken,
        "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 12 |",
    )
}

/// The cells of a `|` line: the piece after the last `|` is no cell when blank.
fn pieces(line: &str) -> Vec<String> {
    let mut p: Vec<String> = line.split('|').map(|s| s.trim().to_string()).collect();
    if p.len() > 1 && p.last().is_some_and(|s| s.is_empty()) {
        p.pop();
    }
    p
}

fn starts_table(line: &str) -> bool {
    let first = line.split('|').next().unwrap_or("").trim();
    first.starts_with("第二十条") || first.starts_with("(本列数据") || first == "行政复议"
}

fn is_heading(line: &str) -> bool {
    ["一、", "二、", "三、", "四、", "五、", "六、"]
        .iter()
        .any(|n| line.starts_with(n))
        && !line.contains('|')
}

/// Markdown: `##` headings, and each table a pipe table with a delimiter row, rows padded to
/// the table's width.
pub fn markdown(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut block: Vec<Vec<String>> = Vec::new();
    let flush = |block: &mut Vec<Vec<String>>, out: &mut Vec<String>| {
        if block.is_empty() {
            return;
        }
        let width = block.iter().map(Vec::len).max().unwrap();
        out.push(String::new());
        for (i, row) in block.iter().enumerate() {
            let mut cells = row.clone();
            cells.resize(width, String::new());
            out.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                out.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        out.push(String::new());
        block.clear();
    };
    for line in text.lines() {
        if line.contains('|') {
            if starts_table(line) {
                flush(&mut block, &mut out);
            }
            block.push(pieces(line));
        } else {
            flush(&mut block, &mut out);
            if is_heading(line) {
                out.push(format!("## {line}"));
            } else {
                out.push(line.to_string());
            }
        }
    }
    flush(&mut block, &mut out);
    out.join("\n") + "\n"
}

/// One cell per line, each ending in ` |`; a run of empty cells as a line of pipes.
pub fn cell_lines(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if !line.contains('|') {
            out.push(line.to_string());
            continue;
        }
        let mut empties = 0;
        for cell in pieces(line) {
            if cell.is_empty() {
                empties += 1;
                continue;
            }
            if empties > 0 {
                out.push("|".repeat(empties));
                empties = 0;
            }
            out.push(format!("{cell} |"));
        }
        if empties > 0 {
            out.push("|".repeat(empties));
        }
    }
    out.join("\n") + "\n"
}

/// One cell per paragraph: no `|` at all, a blank line after every cell and line.
pub fn paragraphs(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.contains('|') {
            out.extend(pieces(line).into_iter().filter(|c| !c.is_empty()));
        } else if !line.trim().is_empty() {
            out.push(line.to_string());
        }
    }
    out.join("\n\n") + "\n"
}

pub fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

pub fn fullwidth(text: &str) -> String {
    text.replace('(', "（")
        .replace(')', "）")
        .replace(':', "：")
        .replace(',', "，")
}

pub fn tabs(text: &str) -> String {
    text.replace(" | ", "\t|\t")
}

pub fn bom(text: &str) -> String {
    format!("\u{feff}{text}")
}

/// Whether a text lays its tables out one cell per line (seed 003): a Markdown table made from
/// it would hold one cell per row, which no converter produces, so none is derived.
pub fn is_cell_per_line(text: &str) -> bool {
    let piped: Vec<&str> = text.lines().filter(|l| l.contains('|')).collect();
    piped
        .iter()
        .filter(|l| pieces(l).iter().filter(|c| !c.is_empty()).count() > 1)
        .count()
        * 2
        < piped.len()
}

/// Every layout derived from `text`, by name.
pub fn layouts_of(text: &str) -> Vec<(&'static str, String)> {
    layouts()
        .into_iter()
        .filter(|(name, _)| !(*name == "markdown" && is_cell_per_line(text)))
        .map(|(name, derive)| (name, derive(text)))
        .collect()
}

/// Derives one layout of a report from another.
pub type Derive = fn(&str) -> String;

/// Every derived layout, by name.
pub fn layouts() -> Vec<(&'static str, Derive)> {
    vec![
        ("markdown", markdown),
        ("cell-lines", cell_lines),
        ("paragraphs", paragraphs),
        ("crlf", crlf),
        ("fullwidth", fullwidth),
        ("tabs", tabs),
        ("bom", bom),
    ]
}

/// `code severity message` of each finding, in order: what every layout must agree on.
pub fn findings(text: &str) -> Vec<String> {
    let (_, diagnostics) = gongkai::check(text);
    diagnostics
        .iter()
        .map(|d| format!("{} {} {}", d.code, d.severity.as_str(), d.message))
        .collect()
}

/// The codes found, sorted and deduplicated.
pub fn codes(text: &str) -> Vec<&'static str> {
    let (_, diagnostics) = gongkai::check(text);
    let mut c: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    c.sort();
    c.dedup();
    c
}

/// The same agency's report a year earlier: every year moved back by one.
#[allow(dead_code)]
pub fn year_before(text: &str) -> String {
    text.replace("2024", "2023").replace("2025", "2024")
}

/// `gongkai check` run on `input` given on stdin.
pub fn run_cli(args: &[&str], stdin: &str) -> (String, String, i32) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        // Source lines whole, whatever the terminal running the tests.
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}
