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
    // Bytes that are no frame at all are skipped.
    stdin
        .write_all(b"garbage without a header\r\n\r\n")
        .unwrap();
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
