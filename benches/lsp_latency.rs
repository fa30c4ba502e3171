//! Edit → publishDiagnostics latency through a real stdio pipe: `cargo bench --bench lsp_latency`.
//!
//! A client (this process) starts `gongkai lsp`, opens a report, and times each edit from the
//! write of its `didChange` to the arrival of the `publishDiagnostics` for its version: single
//! edits of a 申请表 cell and of the prose figure that states it (toggled, so every version has
//! new diagnostics), and bursts of 100 characters typed into the prose. On seed 001, on the
//! same report with 总体情况's prose repeated to 2 MB before the tables and (in section 五)
//! after them, and with 500 申请表 of rows; also `didOpen` to first diagnostics and the
//! server's resident memory with each open. `BENCH_EDITS` (default 1,000) edits per kind.
//! Then the requests that show the arithmetic (semantic tokens, code lenses, a highlight on the
//! table cell, a definition from the prose figure), a tenth as many times (20 at least).
//! Then the workspace scan: 2,000 report files in a folder, timed from `initialized` to the
//! end of its `$/progress`.

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

/// A byte offset of `text` as an LSP position (UTF-16).
fn position(text: &str, at: usize) -> (u32, u32) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() as u32,
        text[line_start..at].encode_utf16().count() as u32,
    )
}

/// One server with one report open.
struct Session {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<(Instant, Value)>,
    version: i64,
    /// Requests sent, for their ids.
    asks: i64,
}

const URI: &str = "file:///bench/report.txt";

impl Session {
    /// Starts a server and opens `text`; also gives the time from `didOpen` to its first
    /// `publishDiagnostics`.
    fn open(text: &str) -> (Session, f64) {
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
        let msg = frame(
            &json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":URI,"languageId":"plaintext","version":1,"text":text}}}),
        );
        let mut s = Session {
            child,
            stdin,
            rx,
            version: 1,
            asks: 0,
        };
        let sent = Instant::now();
        s.stdin.write_all(&msg).unwrap();
        s.stdin.flush().unwrap();
        // The first answer: its findings, or that it is too large to check.
        let at = s.until(|v| {
            (v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == 1)
                || v["method"] == "window/showMessage"
        });
        (s, at.duration_since(sent).as_secs_f64() * 1e6)
    }

    fn until(&self, what: impl Fn(&Value) -> bool) -> Instant {
        loop {
            let (at, v) = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("an answer");
            if what(&v) {
                return at;
            }
        }
    }

    fn wait(&self, version: i64) -> Instant {
        self.until(|v| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["version"] == version
        })
    }

    /// A hover at the start of the document, answered once every change before it is applied.
    fn hovered(&mut self) -> Instant {
        self.asked(
            "textDocument/hover",
            json!({"textDocument":{"uri":URI},"position":{"line":0,"character":0}}),
        )
    }

    /// When the answer to a request came.
    fn asked(&mut self, method: &str, params: Value) -> Instant {
        self.asks += 1;
        let id = 1_000_000 + self.asks;
        let msg = frame(&json!({"jsonrpc":"2.0","id":id,"method":method,"params":params}));
        self.stdin.write_all(&msg).unwrap();
        self.stdin.flush().unwrap();
        self.until(|v| v["id"] == id)
    }

    /// Sends one change (replace `len` UTF-16 units at `at` with `new`) without waiting.
    fn send(&mut self, (line, character): (u32, u32), len: u32, new: &str) -> Instant {
        self.version += 1;
        let msg = frame(
            &json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{
            "textDocument":{"uri":URI,"version":self.version},
            "contentChanges":[{"range":{"start":{"line":line,"character":character},"end":{"line":line,"character":character + len}},"text":new}]}}),
        );
        let sent = Instant::now();
        self.stdin.write_all(&msg).unwrap();
        self.stdin.flush().unwrap();
        sent
    }

    /// The server's resident memory, from /proc (bytes).
    fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    }

    fn stop(self) {
        stop(self.stdin, self.child);
    }

    /// `n` requests of `method` on the document (with `more` params), each timed from its
    /// write to its answer.
    fn requests(&mut self, method: &str, more: Value, n: usize) -> (f64, f64) {
        let mut times = Vec::with_capacity(n);
        for i in 0..n {
            let id = 1_000_000 + i as i64;
            let mut params = json!({ "textDocument": { "uri": URI } });
            if let (Some(p), Some(m)) = (params.as_object_mut(), more.as_object()) {
                p.extend(m.clone());
            }
            let msg = frame(&json!({"jsonrpc":"2.0","id":id,"method":method,"params":params}));
            let sent = Instant::now();
            self.stdin.write_all(&msg).unwrap();
            self.stdin.flush().unwrap();
            let arrived = loop {
                let (at, v) = self
                    .rx
                    .recv_timeout(Duration::from_secs(60))
                    .expect("an answer");
                if v["id"] == id && v.get("method").is_none() {
                    assert!(v.get("error").is_none(), "{method}: {v}");
                    break at;
                }
            };
            times.push(arrived.duration_since(sent).as_secs_f64() * 1e6);
        }
        quantiles(times)
    }
}

/// Median and p99, in microseconds.
fn quantiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let pick = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    (pick(0.5), pick(0.99))
}

/// `n` single edits at `at`, toggling `values`, each timed from its `didChange` to the
/// `publishDiagnostics` of its version.
fn toggles(s: &mut Session, at: (u32, u32), values: [&str; 2], n: usize) -> (f64, f64) {
    toggles_until(s, at, values, n, |s| s.wait(s.version))
}

/// The same, each timed until `done` says the server has it.
fn toggles_until(
    s: &mut Session,
    at: (u32, u32),
    values: [&str; 2],
    n: usize,
    done: impl Fn(&mut Session) -> Instant,
) -> (f64, f64) {
    let mut latencies = Vec::with_capacity(n);
    let mut current = values[0];
    for _ in 0..n {
        let next = if current == values[0] {
            values[1]
        } else {
            values[0]
        };
        let sent = s.send(at, current.encode_utf16().count() as u32, next);
        let arrived = done(s);
        latencies.push(arrived.duration_since(sent).as_secs_f64() * 1e6);
        current = next;
    }
    quantiles(latencies)
}

/// `n` bursts of 100 characters typed one after another at `at` (each its own `didChange`,
/// sent without waiting), each timed from its first `didChange` to the diagnostics of its
/// last; then the characters deleted again (untimed).
fn bursts(s: &mut Session, (line, character): (u32, u32), n: usize) -> (f64, f64) {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let sent = s.send((line, character), 0, "字");
        for i in 1..100 {
            s.send((line, character + i), 0, "字");
        }
        let arrived = s.wait(s.version);
        times.push(arrived.duration_since(sent).as_secs_f64() * 1e6);
        s.send((line, character), 100, "");
        s.wait(s.version);
    }
    quantiles(times)
}

struct Case {
    name: String,
    bytes: usize,
    /// Median and p99 of the table edit, the prose edit, and the 100-edit burst.
    table: (f64, f64),
    prose: (f64, f64),
    burst: (f64, f64),
    open: f64,
    rss: u64,
    /// Median and p99 of semanticTokens/full, codeLens, documentHighlight (on the table cell)
    /// and definition (on the prose figure).
    views: [(f64, f64); 4],
}

/// Every measurement of one report: `table` and `prose` are the byte offsets of a number to
/// toggle between 2 and 3, `typing` where the burst is typed.
fn case(name: &str, text: &str, table: usize, prose: usize, typing: usize, n: usize) -> Case {
    let (mut s, open) = Session::open(text);
    let rss = s.rss();
    let table_q = toggles(&mut s, position(text, table), ["2", "3"], n);
    let prose_q = toggles(&mut s, position(text, prose), ["2", "3"], n);
    let burst = bursts(&mut s, position(text, typing), (n / 50).max(5));
    let on = |at: usize| {
        let (line, character) = position(text, at);
        json!({ "position": { "line": line, "character": character } })
    };
    let asks = (n / 10).max(20);
    let views = [
        s.requests("textDocument/semanticTokens/full", json!({}), asks),
        s.requests("textDocument/codeLens", json!({}), asks),
        s.requests("textDocument/documentHighlight", on(table), asks),
        s.requests("textDocument/definition", on(prose), asks),
    ];
    s.stop();
    Case {
        name: name.to_string(),
        bytes: text.len(),
        table: table_q,
        prose: prose_q,
        burst,
        open,
        rss,
        views,
    }
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
    let n: usize = std::env::var("BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    // In the 申请表: the 总计 of 一、本年新收…, "2", toggled to "3" and back.
    let row = "一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | ";
    let table_at = |text: &str| text.find(row).unwrap() + row.len() - 2;
    // In the prose: the figure 总体情况 states of the same cell (`共受理政府信息公开申请2件`),
    // so each toggle adds or removes a narrative-count finding.
    let figure = "全年共受理政府信息公开申请2件";
    let prose_at = |text: &str| text.find(figure).unwrap() + figure.len() - "2件".len();
    // The prose of 总体情况 (its paragraphs but the one with that figure), repeated.
    let body_start = seed.find("一、总体情况\n").unwrap() + "一、总体情况\n".len();
    let body_end = seed.find("二、主动公开政府信息情况").unwrap();
    let filler: String = seed[body_start..body_end]
        .lines()
        .filter(|l| !l.contains(figure))
        .map(|l| format!("{l}\n"))
        .collect();
    let pad = |at: usize| {
        let mut t = seed[..at].to_string();
        while t.len() < 2 * 1024 * 1024 {
            t.push_str(&filler);
        }
        t.push_str(&seed[at..]);
        t
    };
    let before = pad(body_end);
    let after = pad(seed.find("六、其他需要报告的事项").unwrap());
    // 500 申请表 after the first: 14,000 lines of table rows (each repeat a duplicate table).
    let table_start = seed.find("(本列数据的勾稽关系为").unwrap();
    let table_end = seed.find("四、结转下年度继续办理").unwrap();
    let table_end = table_end + seed[table_end..].find('\n').unwrap() + 1;
    let mut tables = seed[..table_end].to_string();
    for _ in 0..500 {
        tables.push_str(&seed[table_start..table_end]);
    }
    tables.push_str(&seed[table_end..]);
    // Typing goes into the middle of the padding (or, for the seed, of 总体情况's first line).
    let middle = |text: &str, from: usize| {
        let mid = from + (text.len() - from) / 2;
        mid + text.as_bytes()[mid..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap()
    };
    let reports: [(&str, &String, usize); 4] = [
        (
            "seed 001",
            &seed,
            body_start + seed[body_start..].find('\n').unwrap(),
        ),
        (
            "2 MB prose before the tables",
            &before,
            middle(&before[..before.find("二、主动公开").unwrap()], 0),
        ),
        (
            "2 MB prose after the tables",
            &after,
            middle(&after, after.find("五、存在的主要问题").unwrap()),
        ),
        (
            "500 tables of rows",
            &tables,
            body_start + seed[body_start..].find('\n').unwrap(),
        ),
    ];
    let cases: Vec<Case> = reports
        .iter()
        .map(|(name, text, typing)| case(name, text, table_at(text), prose_at(text), *typing, n))
        .collect();
    let seed_case = &cases[0];
    println!(
        "{:<30} {:>9} {:>17} {:>17} {:>19} {:>10} {:>9}",
        "report",
        "bytes",
        "table µs med/p99",
        "prose µs med/p99",
        "100 typed µs m/p99",
        "didOpen ms",
        "RSS MB"
    );
    for c in &cases {
        println!(
            "{:<30} {:>9} {:>8.0}/{:<8.0} {:>8.0}/{:<8.0} {:>9.0}/{:<9.0} {:>10.1} {:>9.1}",
            c.name,
            c.bytes,
            c.table.0,
            c.table.1,
            c.prose.0,
            c.prose.1,
            c.burst.0,
            c.burst.1,
            c.open / 1e3,
            c.rss as f64 / 1e6,
        );
    }
    println!();
    println!(
        "{:<30} {:>19} {:>17} {:>17} {:>17}",
        "report", "semanticTokens µs", "codeLens µs", "highlight µs", "definition µs"
    );
    for c in &cases {
        let [t, l, h, d] = c.views;
        println!(
            "{:<30} {:>9.0}/{:<9.0} {:>8.0}/{:<8.0} {:>8.0}/{:<8.0} {:>8.0}/{:<8.0}",
            c.name, t.0, t.1, l.0, l.1, h.0, h.1, d.0, d.1
        );
    }
    println!();
    println!(
        "seed: table edit median {:.0} µs (target ≤ 300), p99 {:.0} µs (target ≤ 1000)",
        seed_case.table.0, seed_case.table.1
    );
    for c in &cases[1..] {
        println!(
            "{}: table {:.2}×, prose {:.2}×, typing {:.2}× the seed's (target ≤ 1.5×)",
            c.name,
            c.table.0 / seed_case.table.0,
            c.prose.0 / seed_case.prose.0,
            c.burst.0 / seed_case.burst.0,
        );
    }
    let big = &cases[1];
    println!(
        "didOpen of {} bytes to first diagnostics: {:.1} ms (target < 50); RSS {:.1} MB = {:.2}× its size (target < 4×)",
        big.bytes,
        big.open / 1e3,
        big.rss as f64 / 1e6,
        big.rss as f64 / big.bytes as f64
    );
    // Issue 15: N lines of table rows (the 申请表 repeated) and 21 MB (the seed repeated), opened,
    // outlined and edited; past the size limits (5 MB, 20,000 lines) the server checks nothing,
    // so there an edit is timed to the answer of a hover sent after it.
    println!();
    println!(
        "{:<18} {:>9} {:>10} {:>11} {:>12} {:>19}  what an edit is timed to",
        "document", "bytes", "checked", "didOpen ms", "outline ms", "edit µs med/p99"
    );
    let copy = &seed[table_start..table_end];
    let per_copy = copy.lines().count();
    let mut large: Vec<(String, String)> = [10_000usize, 100_000]
        .into_iter()
        .map(|rows| {
            let mut text = seed[..table_end].to_string();
            text.push_str(&copy.repeat(rows.div_ceil(per_copy)));
            text.push_str(&seed[table_end..]);
            (format!("{rows} table rows"), text)
        })
        .collect();
    large.push((
        "21 MB".to_string(),
        seed.repeat((21 << 20) / seed.len() + 1),
    ));
    for (name, text) in &large {
        let (mut s, open) = Session::open(text);
        let checked = text.len() <= 5 << 20 && text.lines().count() <= 20_000;
        let asked = Instant::now();
        let outlined = s.asked(
            "textDocument/documentSymbol",
            json!({"textDocument":{"uri":URI}}),
        );
        let outline = outlined.duration_since(asked).as_secs_f64() * 1e3;
        let at = position(text, table_at(text));
        let edit = if checked {
            toggles(&mut s, at, ["2", "3"], n.min(200))
        } else {
            toggles_until(&mut s, at, ["2", "3"], n.min(200), |s| s.hovered())
        };
        s.stop();
        println!(
            "{:<18} {:>9} {:>10} {:>11.1} {:>12.1} {:>9.0}/{:<9.0}  {}",
            name,
            text.len(),
            if checked { "yes" } else { "too large" },
            open / 1e3,
            outline,
            edit.0,
            edit.1,
            if checked {
                "its diagnostics"
            } else {
                "a hover's answer"
            }
        );
    }
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
