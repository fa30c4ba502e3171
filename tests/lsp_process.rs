//! `gongkai lsp` as a process on real stdio: it answers, survives malformed input, and
//! `shutdown` then `exit` ends it within a second.

mod common;

use std::io::{BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use common::wire::{frame, read_frame};
use serde_json::json;

fn start() -> (Child, ChildStdin, BufReader<ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    (child, stdin, out)
}

/// The exit status once the process has gone, waiting at most a second.
fn status_within_a_second(child: &mut Child) -> std::process::ExitStatus {
    let asked = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "still running 1 s after exit"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_server_answers_survives_garbage_and_exits_promptly() {
    let (mut child, mut stdin, mut out) = start();
    // The next response with this id (-1: with a null id).
    let until_id = |out: &mut BufReader<_>, id: i64| loop {
        let v = read_frame(out).expect("a message");
        if v.get("method").is_none() && (v["id"] == id || (id == -1 && v["id"].is_null())) {
            return v;
        }
    };

    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})
                .to_string(),
        ))
        .unwrap();
    let init = until_id(&mut out, 1);
    assert_eq!(init["result"]["serverInfo"]["name"], "gongkai");
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    stdin
        .write_all(&frame(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ))
        .unwrap();

    // Not JSON at all: a parse error comes back (id null), and the server carries on.
    stdin.write_all(&frame("{this is not json")).unwrap();
    let parse_error = until_id(&mut out, -1);
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    // JSON, but no JSON-RPC message: invalid request, answered with its own id.
    stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","id":41,"method":7}"#))
        .unwrap();
    assert_eq!(until_id(&mut out, 41)["error"]["code"], -32600);
    // Bytes that are no frame at all are skipped, UTF-8 or not, and a frame one byte short
    // leaves no trace but its error.
    stdin
        .write_all(b"garbage without a header\r\n\r\n\xff\xfe\x80 \xe4\xb8\r\n")
        .unwrap();
    let short = json!({"jsonrpc":"2.0","id":40,"method":"shutdownx"}).to_string();
    stdin
        .write_all(format!("Content-Length: {}\r\n\r\n{short}", short.len() - 1).as_bytes())
        .unwrap();
    assert_eq!(until_id(&mut out, -1)["error"]["code"], -32700);
    // A Content-Length ten megabytes too long: the request is answered, and so is the next
    // one, though the bytes it claims never come.
    let long = json!({"jsonrpc":"2.0","id":42,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere.txt"},"position":{"line":0,"character":0}}}).to_string();
    stdin
        .write_all(format!("Content-Length: {}\r\n\r\n{long}", long.len() + (10 << 20)).as_bytes())
        .unwrap();
    stdin.write_all(&frame(&long.replace("42", "43"))).unwrap();
    assert!(until_id(&mut out, 42).get("error").is_none());
    assert!(until_id(&mut out, 43).get("error").is_none());
    // A request with params of the wrong shape: invalid params.
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":[1,2,3]})
                .to_string(),
        ))
        .unwrap();
    let bad = until_id(&mut out, 2);
    assert_eq!(bad["error"]["code"], -32602, "{bad}");

    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":3,"method":"shutdown"}).to_string(),
        ))
        .unwrap();
    let down = until_id(&mut out, 3);
    assert!(down.get("error").is_none(), "{down}");
    stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#))
        .unwrap();
    // stdin stays open, as some clients leave it: the server must still go.
    assert!(status_within_a_second(&mut child).success());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    drop(stdin);
    // Logs go to stderr, never stdout: stdout carried only protocol frames (read above).
    assert!(!err.contains("Content-Length"));
}

/// The specification's lifecycle: a document opened before `initialize` is dropped (the
/// server knows nothing of it afterwards), and `exit` without `shutdown` exits with 1.
#[test]
fn open_before_initialize_is_dropped_and_exit_without_shutdown_is_1() {
    let (mut child, mut stdin, mut out) = start();
    let uri = "file:///tmp/gongkai-early/report-2024.txt";
    let open = json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{
        "uri": uri, "languageId": "plaintext", "version": 1, "text": common::example()}}});
    stdin.write_all(&frame(&open.to_string())).unwrap();
    stdin
        .write_all(&frame(
            &json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})
                .to_string(),
        ))
        .unwrap();
    while read_frame(&mut out).expect("a message")["id"] != 1 {}
    stdin
        .write_all(&frame(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ))
        .unwrap();
    // A known document would answer with its outline.
    let symbols = json!({"jsonrpc":"2.0","id":2,"method":"textDocument/documentSymbol",
        "params":{"textDocument":{"uri": uri}}});
    stdin.write_all(&frame(&symbols.to_string())).unwrap();
    let answer = loop {
        let v = read_frame(&mut out).expect("a message");
        assert_ne!(
            v["method"], "textDocument/publishDiagnostics",
            "a document opened before initialize was checked: {v}"
        );
        if v["id"] == 2 {
            break v;
        }
    };
    assert!(answer["result"].is_null(), "{answer}");
    stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#))
        .unwrap();
    assert_eq!(status_within_a_second(&mut child).code(), Some(1));
}

/// A client of `gongkai lsp` whose every wait is bounded: messages are read on a thread of their
/// own, the server's requests answered with `null`, and the process killed when dropped.
struct Bounded {
    child: Child,
    stdin: ChildStdin,
    messages: std::sync::mpsc::Receiver<serde_json::Value>,
}

impl Bounded {
    fn start() -> Bounded {
        let (child, stdin, mut out) = start();
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            while let Some(v) = read_frame(&mut out) {
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Bounded {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, v: serde_json::Value) {
        self.stdin.write_all(&frame(&v.to_string())).unwrap();
    }

    /// The next message that satisfies `want`, within `limit`.
    fn until(
        &mut self,
        limit: Duration,
        want: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("nothing wanted within {limit:?}"));
            if v.get("method").is_some() && v.get("id").is_some() {
                self.send(json!({"jsonrpc":"2.0","id":v["id"],"result":null}));
            }
            if want(&v) {
                return v;
            }
        }
    }

    /// `initialize` with the workspace folder `dir`, progress shown, then `initialized`.
    fn initialize(&mut self, dir: &std::path::Path) {
        let folder = format!("file://{}", dir.display());
        self.send(
            json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{
            "capabilities": {"window": {"workDoneProgress": true}},
            "workspaceFolders": [{"uri": folder, "name": "ws"}]}}),
        );
        self.until(Duration::from_secs(10), |v| v["id"] == 1);
        self.send(json!({"jsonrpc":"2.0","method":"initialized","params":{}}));
    }

    /// A hover on the example's 申请表 row, answered.
    fn hover_answered(&mut self, id: i64) {
        let uri = "file:///tmp/gongkai-bounded/2024.txt";
        self.send(
            json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{
            "uri": uri, "languageId": "plaintext", "version": 1, "text": common::example()}}}),
        );
        self.send(
            json!({"jsonrpc":"2.0","id":id,"method":"textDocument/hover","params":{
            "textDocument": {"uri": uri}, "position": {"line": 34, "character": 3}}}),
        );
        let h = self.until(Duration::from_secs(10), |v| {
            v["id"] == id && v.get("method").is_none()
        });
        assert!(h["result"]["contents"]["value"].is_string(), "{h}");
    }

    /// `shutdown` answered and `exit` obeyed, each within a second: the exit status.
    fn shut_down(mut self) -> std::process::ExitStatus {
        self.send(json!({"jsonrpc":"2.0","id":999,"method":"shutdown"}));
        self.until(Duration::from_secs(1), |v| {
            v["id"] == 999 && v.get("method").is_none()
        });
        self.send(json!({"jsonrpc":"2.0","method":"exit"}));
        status_within_a_second(&mut self.child)
    }
}

impl Drop for Bounded {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-process-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A pipe named like a report in the workspace is never opened (it would block the scan, and
/// with it `exit`): the scan ends, the server answers, and leaves when told.
#[test]
fn a_pipe_in_the_workspace_does_not_stop_the_scan() {
    let dir = temp_dir("fifo");
    std::fs::write(dir.join("2023.txt"), common::example()).unwrap();
    let pipe =
        std::ffi::CString::new(dir.join("2024.txt").into_os_string().into_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0);
    let mut c = Bounded::start();
    c.initialize(&dir);
    let end = c.until(Duration::from_secs(20), |v| {
        v["method"] == "$/progress" && v["params"]["value"]["kind"] == "end"
    });
    assert!(
        end["params"]["value"]["message"]
            .as_str()
            .unwrap()
            .contains("1 份报告"),
        "{end}"
    );
    c.hover_answered(2);
    assert!(c.shut_down().success());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `shutdown` and `exit` while the scan of a large workspace is under way: answered and obeyed
/// within a second each, the scan abandoned.
#[test]
fn exit_does_not_wait_for_a_long_scan() {
    let dir = temp_dir("many");
    let text = common::example();
    for i in 0..3000 {
        std::fs::write(dir.join(format!("{i:04}.txt")), &text).unwrap();
    }
    let mut c = Bounded::start();
    c.initialize(&dir);
    c.until(Duration::from_secs(20), |v| {
        v["method"] == "$/progress" && v["params"]["value"]["kind"] == "report"
    });
    c.hover_answered(2);
    // The scan is still under way (else this test proves nothing).
    while let Ok(v) = c.messages.try_recv() {
        assert_ne!(
            v["params"]["value"]["kind"], "end",
            "the scan was too short"
        );
    }
    assert!(c.shut_down().success());
    let _ = std::fs::remove_dir_all(&dir);
}
