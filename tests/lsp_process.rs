//! `gongkai lsp` as a process on real stdio: it answers, survives malformed input, and
//! `shutdown` then `exit` ends it within a second.

mod common;

use std::io::{BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::wire::{frame, read_frame};
use serde_json::json;

#[test]
fn the_server_answers_survives_garbage_and_exits_promptly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
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
    let asked = Instant::now();
    stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#))
        .unwrap();
    // stdin stays open, as some clients leave it: the server must still go.
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success());
            break;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "still running 1 s after exit"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
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
