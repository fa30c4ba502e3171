//! Edit → publishDiagnostics latency through a real stdio pipe: `cargo bench --bench lsp_latency`.
//!
//! A client (this process) starts `gongkai lsp`, opens a report, then replays 1,000 single-cell
//! edits one at a time (toggling a total, so every version has new diagnostics) and times each
//! edit from the write of `didChange` to the arrival of `publishDiagnostics` for that version.
//! Run on a seed report and on the same report with its prose padded to 2 MB. Then the
//! workspace scan: 2,000 report files in a folder, timed from `initialized` to the end of its
//! `$/progress`.

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "../tests/common/wire.rs"]
mod wire;

use wire::read_frame;

fn frame(v: &Value) -> Vec<u8> {
    wire::frame(&v.to_string())
}

/// `gongkai lsp` as a child process, its stdin and stdout piped.
fn server() -> Child {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("gongkai lsp")
}

/// `shutdown`, `exit`, and wait for the process to end.
fn stop(mut stdin: ChildStdin, mut child: Child) {
    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","id":2,"method":"shutdown"})))
        .unwrap();
    stdin
        .write_all(&frame(&json!({"jsonrpc":"2.0","method":"exit"})))
        .unwrap();
    let _ = child.wait();
}

/// Median, p99 and max of one run, in microseconds.
fn run(name: &str, text: &str, line: u32, character: u32, values: [&str; 2]) -> (f64, f64, f64) {
    let mut child = server();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<(Instant, Value)>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        while let Some(v) = read_frame(&mut r) {
            if tx.send((Instant::now(), v)).is_err() {
                break;
            }
        }
    });
    let uri = "file:///bench/report.txt";
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}),
        ))
        .unwrap();
    while rx.recv().unwrap().1["id"] != 1 {}
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","method":"initialized","params":{}}),
        ))
        .unwrap();
    stdin.write_all(&frame(&json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"plaintext","version":1,"text":text}}}))).unwrap();
    let wait = |version: i64| loop {
        let (at, v) = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("publishDiagnostics");
        if v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version {
            return at;
        }
    };
    wait(1);
    let mut latencies = Vec::with_capacity(1000);
    let mut current = values[0];
    for version in 2..1002i64 {
        let next = if current == values[0] {
            values[1]
        } else {
            values[0]
        };
        let msg = frame(
            &json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{
            "textDocument":{"uri":uri,"version":version},
            "contentChanges":[{"range":{"start":{"line":line,"character":character},"end":{"line":line,"character":character + current.len() as u32}},"text":next}]}}),
        );
        let sent = Instant::now();
        stdin.write_all(&msg).unwrap();
        stdin.flush().unwrap();
        let arrived = wait(version);
        latencies.push(arrived.duration_since(sent).as_secs_f64() * 1e6);
        current = next;
    }
    stop(stdin, child);
    latencies.sort_by(f64::total_cmp);
    let pick = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    let (median, p99, max) = (pick(0.5), pick(0.99), latencies[latencies.len() - 1]);
    println!(
        "{name:<34} {:>10} {median:>10.0} {p99:>10.0} {max:>10.0}",
        text.len()
    );
    (median, p99, max)
}

/// Seconds from `initialized` to the scan's `$/progress` end, on `n` files copied from `seeds`.
fn scan(n: usize, seeds: &[String]) -> f64 {
    let dir = std::env::temp_dir().join(format!("gongkai-bench-scan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("{i:05}.txt")), &seeds[i % seeds.len()]).unwrap();
    }
    let mut child = server();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let folder = format!("file://{}", dir.display());
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{
            "capabilities":{"window":{"workDoneProgress":true}},
            "workspaceFolders":[{"uri":folder,"name":"bench"}]}}),
        ))
        .unwrap();
    while read_frame(&mut stdout).unwrap()["id"] != 1 {}
    let start = Instant::now();
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","method":"initialized","params":{}}),
        ))
        .unwrap();
    let seconds = loop {
        let v = read_frame(&mut stdout).expect("the scan's progress");
        if v["method"] == "window/workDoneProgress/create" {
            stdin
                .write_all(&frame(&json!({"jsonrpc":"2.0","id":v["id"],"result":null})))
                .unwrap();
        }
        if v["method"] == "$/progress" && v["params"]["value"]["kind"] == "end" {
            break start.elapsed().as_secs_f64();
        }
    };
    stop(stdin, child);
    let _ = std::fs::remove_dir_all(&dir);
    seconds
}

fn main() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/seeds/001_a18ed4ef768e8261.txt"
    ))
    .expect("seed 001");
    // The 总计 of 一、本年新收…: "2", toggled to "3" and back.
    let row = "一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | ";
    let at = seed.find(row).unwrap();
    let line = seed[..at].matches('\n').count() as u32;
    let character = row.encode_utf16().count() as u32;

    // The same report with its section 五 padded to 2 MB of prose, in paragraphs.
    let paragraph = "我局持续推进政务公开标准化规范化建设,进一步完善信息发布、政策解读、回应关切等工作机制,不断提升公开质量和实效。\n";
    let five = seed.find("六、其他需要报告的事项").unwrap();
    let mut padded = seed[..five].to_string();
    while padded.len() < 2 * 1024 * 1024 {
        padded.push_str(paragraph);
    }
    padded.push_str(&seed[five..]);

    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>10}",
        "report", "bytes", "median µs", "p99 µs", "max µs"
    );
    let (m1, p1, _) = run("seed 001", &seed, line, character, ["2", "3"]);
    let (m2, _, _) = run(
        "seed 001, prose padded to 2 MB",
        &padded,
        line,
        character,
        ["2", "3"],
    );
    println!();
    println!("seed: median {m1:.0} µs (target ≤ 1000), p99 {p1:.0} µs (target ≤ 5000)");
    println!(
        "2 MB: median {m2:.0} µs = {:.2}× the seed's (target ≤ 2×)",
        m2 / m1
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let seeds: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    const FILES: usize = 2000;
    let seconds = scan(FILES, &seeds);
    println!(
        "workspace scan: {FILES} reports indexed in {:.0} ms ({:.0} files/s)",
        seconds * 1e3,
        FILES as f64 / seconds
    );
}
