//! JSON-RPC over a byte stream, as LSP frames it: `Content-Length` header, blank line, body.
//! Shared by the process test and the latency benchmark (which includes it by path).

use std::io::BufRead;

use serde_json::Value;

/// One message, framed.
pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The next message, or `None` at the end of the stream or on a broken frame.
pub fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = 0;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
