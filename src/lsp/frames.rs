//! A framing stage between the client and tower-lsp. tower-lsp's reader stops for good after
//! the first message it cannot decode (tokio-util's `FramedRead` ends after an error), so one
//! malformed message would kill the server. Here each frame is checked first: a well-formed
//! message passes through untouched; a body that is not JSON, or not a JSON-RPC message, becomes
//! a call to [`MALFORMED`], whose handler answers with the JSON-RPC error it deserves. Bytes
//! that are no frame at all are skipped up to the next `Content-Length` header.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method a malformed message is turned into; its params carry the error to answer with.
pub const MALFORMED: &str = "gongkai/malformed";

/// Largest body accepted; a larger Content-Length is treated as a broken header.
const MAX_BODY: usize = 64 << 20;

/// The body to hand on for `body`: itself when tower-lsp can read it, else a [`MALFORMED`]
/// request naming the error (with the message's own id where it has one).
pub fn repair(body: &[u8]) -> Option<Vec<u8>> {
    if serde_json::from_slice::<Request>(body).is_ok()
        || serde_json::from_slice::<Response>(body).is_ok()
    {
        return None;
    }
    let (id, code, message) = match serde_json::from_slice::<Value>(body) {
        Err(e) => (Value::Null, -32700, format!("Parse error: {e}")),
        Ok(v) => {
            let id = match v.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            (
                id,
                -32600,
                "Invalid request: not a JSON-RPC 2.0 message".to_string(),
            )
        }
    };
    let call = json!({ "jsonrpc": "2.0", "id": id, "method": MALFORMED, "params": { "code": code, "message": message } });
    Some(call.to_string().into_bytes())
}

/// Copy frames from `input` to `output`, repairing bodies on the way, until `input` ends.
pub async fn relay<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(input: R, mut output: W) {
    let mut input = BufReader::new(input);
    let mut line = String::new();
    loop {
        let mut length: Option<usize> = None;
        loop {
            line.clear();
            match input.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if length.is_some() {
                    break;
                }
                continue;
            }
            if let Some((name, value)) = l.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok().filter(|n| *n <= MAX_BODY);
            }
        }
        let mut body = vec![0; length.unwrap_or(0)];
        if input.read_exact(&mut body).await.is_err() {
            return;
        }
        let body = repair(&body).unwrap_or(body);
        let head = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(head.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_messages_pass_and_bad_ones_become_error_calls() {
        assert!(repair(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).is_none());
        assert!(repair(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_none());
        let v: Value = serde_json::from_slice(&repair(b"{not json").unwrap()).unwrap();
        assert_eq!(
            (v["id"].clone(), v["params"]["code"].clone()),
            (Value::Null, json!(-32700))
        );
        let v: Value =
            serde_json::from_slice(&repair(br#"{"jsonrpc":"2.0","id":9,"method":7}"#).unwrap())
                .unwrap();
        assert_eq!(
            (v["id"].clone(), v["params"]["code"].clone()),
            (json!(9), json!(-32600))
        );
        let v: Value = serde_json::from_slice(&repair(b"[1,2]").unwrap()).unwrap();
        assert_eq!(v["params"]["code"], -32600);
    }
}
