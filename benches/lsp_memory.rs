//! The server's memory with a large workspace: `cargo bench --bench lsp_memory` (issue 15).
//!
//! Writes 10,000 and then 100,000 generated reports into a temporary folder (`BENCH_SIZES`,
//! comma-separated, changes the sizes): the example report, each of its own agency and with its
//! own figures; half of the agencies with a 2023 report too (the carryover agreeing), and one
//! report in ten with a broken total. Starts `gongkai lsp` on the folder as a client that is
//! pushed to and shows progress, waits for the scan's `$/progress` end and every file's
//! diagnostics, and reads the server's VmRSS and VmHWM; the same on an empty folder gives the
//! base the reports are counted above. Then, as a client that pulls, the time of a
//! `workspace/diagnostic` with no result known and of one with every result known (all
//! `unchanged`). The folder is deleted after each size.

use std::io::{BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

#[path = "../tests/common/wire.rs"]
mod wire;

fn frame(v: &Value) -> Vec<u8> {
    wire::frame(&v.to_string())
}

/// `gongkai lsp` initialised as a client of `capabilities` with `dir` as its workspace folder
/// (`initialized` not yet sent).
fn initialized(
    dir: &std::path::Path,
    capabilities: Value,
) -> (
    std::process::Child,
    std::process::ChildStdin,
    BufReader<std::process::ChildStdout>,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("gongkai lsp");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let folder = format!("file://{}", dir.display());
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{
            "capabilities":capabilities,
            "workspaceFolders":[{"uri":folder,"name":"bench"}]}}),
        ))
        .unwrap();
    while wire::read_frame(&mut stdout).unwrap()["id"] != 1 {}
    (child, stdin, stdout)
}

/// Report `i`: agency `i / 2`, 2024 for even `i` and 2023 for odd, figures of its own.
fn report(base: &str, i: usize) -> String {
    let agency = format!("示例{}市数据资源管理局", i / 2);
    let mut text = base
        .replace("示例市数据资源管理局", &agency)
        .replace(
            "行政许可 | 1520 |",
            &format!("行政许可 | {} |", 1000 + i % 9000),
        )
        .replace("行政处罚 | 86 |", &format!("行政处罚 | {} |", i % 500))
        .replace(
            "行政事业性收费 | 12.5 |",
            &format!("行政事业性收费 | {}.{} |", i % 90, i % 10),
        );
    if i % 2 == 1 {
        // Last year's: its 现行有效 and 结转 agree with this year's.
        text = text
            .replace("2024", "2023")
            .replace("2025", "2024")
            .replace(
                "行政规范性文件 | 3 | 1 | 15 |",
                "行政规范性文件 | 2 | 0 | 13 |",
            );
    }
    if i % 10 == 4 {
        // The example's own slip: 一、本年新收's 总计.
        text = text.replace(" | 0 | 0 | 0 | 0 | 12 |", " | 0 | 0 | 0 | 0 | 13 |");
    }
    text
}

/// `VmRSS` and `VmHWM` of a process, in bytes.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

struct Measured {
    seconds: f64,
    published: usize,
    rss: u64,
    hwm: u64,
}

/// A server on `dir`: the time to the scan's end, how many files were published with
/// findings, and its memory once every file's diagnostics are out.
fn measure(dir: &std::path::Path, with_findings: usize) -> Measured {
    let (mut child, mut stdin, mut stdout) =
        initialized(dir, json!({"window":{"workDoneProgress":true}}));
    let start = Instant::now();
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","method":"initialized","params":{}}),
        ))
        .unwrap();
    let mut published = std::collections::HashSet::new();
    let mut seconds = None;
    // An empty folder has no scan: the log line after `initialized` is the sign it is up.
    let empty = with_findings == 0;
    loop {
        let v = wire::read_frame(&mut stdout).expect("the scan's progress");
        if v["method"] == "window/workDoneProgress/create" {
            stdin
                .write_all(&frame(&json!({"jsonrpc":"2.0","id":v["id"],"result":null})))
                .unwrap();
        }
        if v["method"] == "$/progress" && v["params"]["value"]["kind"] == "end" {
            seconds = Some(start.elapsed().as_secs_f64());
        }
        if v["method"] == "textDocument/publishDiagnostics"
            && !v["params"]["diagnostics"].as_array().unwrap().is_empty()
        {
            published.insert(v["params"]["uri"].as_str().unwrap().to_string());
        }
        if empty && v["method"] == "window/logMessage" {
            seconds = Some(0.0);
        }
        if seconds.is_some() && published.len() >= with_findings {
            break;
        }
    }
    // Let what the scan let go be returned before reading.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let (rss, hwm) = memory(child.id());
    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","id":2,"method":"shutdown"})))
        .unwrap();
    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","method":"exit"})))
        .unwrap();
    let _ = child.wait();
    Measured {
        seconds: seconds.unwrap(),
        published: published.len(),
        rss,
        hwm,
    }
}

/// A pull client on `dir`, once the scan is over: the seconds of a `workspace/diagnostic`
/// knowing nothing, of one knowing every result, and how many of the second were unchanged.
fn pull(dir: &std::path::Path) -> (f64, f64, usize, usize) {
    let (mut child, mut stdin, mut stdout) = initialized(
        dir,
        json!({"window":{"workDoneProgress":true},
            "textDocument":{"diagnostic":{}},
            "workspace":{"diagnostics":{"refreshSupport":true}}}),
    );
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","method":"initialized","params":{}}),
        ))
        .unwrap();
    // Answers the server's requests until the response to `id` comes.
    let mut until = |stdin: &mut std::process::ChildStdin, id: Option<i64>| loop {
        let v = wire::read_frame(&mut stdout).expect("a message");
        if v.get("method").is_some() && v.get("id").is_some() {
            stdin
                .write_all(&frame(&json!({"jsonrpc":"2.0","id":v["id"],"result":null})))
                .unwrap();
        }
        match id {
            None if v["method"] == "$/progress" && v["params"]["value"]["kind"] == "end" => {
                return v;
            }
            Some(id) if v["id"] == id && v.get("method").is_none() => return v,
            _ => {}
        }
    };
    until(&mut stdin, None);
    let ask = |stdin: &mut std::process::ChildStdin, id: i64, known: &Value| {
        stdin
            .write_all(&frame(
                &json!({"jsonrpc":"2.0","id":id,"method":"workspace/diagnostic",
                "params":{"previousResultIds":known}}),
            ))
            .unwrap();
    };
    let start = Instant::now();
    ask(&mut stdin, 3, &json!([]));
    let first = until(&mut stdin, Some(3));
    let cold = start.elapsed().as_secs_f64();
    let items = first["result"]["items"].as_array().unwrap();
    let known: Vec<Value> = items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let start = Instant::now();
    ask(&mut stdin, 4, &Value::Array(known));
    let second = until(&mut stdin, Some(4));
    let warm = start.elapsed().as_secs_f64();
    let unchanged = second["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "unchanged")
        .count();
    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","id":2,"method":"shutdown"})))
        .unwrap();
    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","method":"exit"})))
        .unwrap();
    let _ = child.wait();
    (cold, warm, items.len(), unchanged)
}

fn main() {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/report-2024.txt"
    ))
    .unwrap()
    // The example mended: a clean report, slips added one in ten.
    .replace(" | 0 | 0 | 0 | 0 | 13 |", " | 0 | 0 | 0 | 0 | 12 |");
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let dir = std::env::temp_dir().join(format!("gongkai-bench-memory-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let empty = measure(&dir, 0);
    println!(
        "empty folder: VmRSS {:.1} MB, VmHWM {:.1} MB",
        empty.rss as f64 / 1e6,
        empty.hwm as f64 / 1e6
    );
    println!(
        "{:>8} {:>10} {:>9} {:>10} {:>10} {:>13} {:>10}",
        "reports", "on disk MB", "scan s", "published", "VmRSS MB", "per report KB", "VmHWM MB"
    );
    for n in sizes {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut bytes = 0;
        let mut with_findings = 0;
        for i in 0..n {
            let text = report(&base, i);
            bytes += text.len();
            with_findings += usize::from(i % 10 == 4);
            // A hundred files a folder, as archives of reports are kept.
            let sub = dir.join(format!("{:04}", i / 100));
            if i % 100 == 0 {
                std::fs::create_dir_all(&sub).unwrap();
            }
            std::fs::write(sub.join(format!("{i:06}.txt")), text).unwrap();
        }
        let m = measure(&dir, with_findings);
        assert_eq!(m.published, with_findings, "every slip published");
        println!(
            "{:>8} {:>10.1} {:>9.1} {:>10} {:>10.1} {:>13.2} {:>10.1}",
            n,
            bytes as f64 / 1e6,
            m.seconds,
            m.published,
            m.rss as f64 / 1e6,
            (m.rss.saturating_sub(empty.rss)) as f64 / n as f64 / 1e3,
            m.hwm as f64 / 1e6,
        );
        let (cold, warm, items, unchanged) = pull(&dir);
        assert_eq!(unchanged, items, "every result known is unchanged");
        println!(
            "{:>8} workspace/diagnostic: {items} files in {:.2} s knowing nothing, {:.2} s knowing every result ({unchanged} unchanged)",
            n, cold, warm
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
