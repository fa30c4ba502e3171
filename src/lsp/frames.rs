//! A framing stage between the client and tower-lsp. tower-lsp's reader stops for good after
//! the first message it cannot decode (tokio-util's `FramedRead` ends after an error), so one
//! malformed message would kill the server. Here each frame is checked first: a well-formed
//! message passes through untouched; a body that is not JSON, or not a JSON-RPC message, becomes
//! a call to [`MALFORMED`], whose handler answers with the JSON-RPC error it deserves. Bytes
//! that are no frame at all are skipped up to the next `Content-Length` header.

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
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

/// The longest header line kept: past this, only its end is (a header is short; what came
/// before it is garbage).
const MAX_LINE: usize = 4096;

/// The bytes still to read: those read ahead (or given back) first, then the stream.
struct Input<R> {
    buf: Vec<u8>,
    reader: R,
}

impl<R: AsyncRead + Unpin> Input<R> {
    /// More bytes from the stream; false at its end (or on an error, which ends it too).
    async fn fill(&mut self) -> bool {
        let mut chunk = [0; 8192];
        match self.reader.read(&mut chunk).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                true
            }
        }
    }

    /// The next line, any bytes (UTF-8 or not), without its line break; `None` at the end.
    async fn line(&mut self) -> Option<Vec<u8>> {
        let mut scanned = 0;
        loop {
            if let Some(i) = self.buf[scanned..].iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=scanned + i).collect();
                while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    line.pop();
                }
                return Some(line);
            }
            if self.buf.len() > MAX_LINE {
                self.buf.drain(..self.buf.len() - MAX_LINE / 2);
            }
            scanned = self.buf.len();
            if !self.fill().await {
                return (!self.buf.is_empty()).then(|| std::mem::take(&mut self.buf));
            }
        }
    }

    /// The next `n` bytes, or fewer when the stream ends first or a frame header turns up
    /// among them: a header line can stand in no JSON text (a raw line break is not allowed
    /// inside a string), so a Content-Length longer than its body ends there and the next
    /// frame is not swallowed while the client waits for its answer.
    async fn body(&mut self, n: usize) -> Vec<u8> {
        let mut scanned: usize = 0;
        loop {
            let have = self.buf.len().min(n);
            // Back over a header line that the last read may have cut.
            let from = scanned.saturating_sub(MAX_HEADER);
            if let Some(at) = frame_start(&self.buf[from..have]) {
                return self.buf.drain(..from + at).collect();
            }
            if have == n || !self.fill().await {
                return self.buf.drain(..have).collect();
            }
            scanned = have;
        }
    }

    /// Bytes to be read again, before anything else.
    fn unread(&mut self, bytes: &[u8]) {
        self.buf.splice(0..0, bytes.iter().copied());
    }
}

/// The longest header line [`frame_start`] looks back over.
const MAX_HEADER: usize = 64;

/// Where the first whole `Content-Length: N` line in `bytes` starts (any case).
fn frame_start(bytes: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length";
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .windows(NAME.len())
        .position(|w| w.eq_ignore_ascii_case(NAME))
    {
        let at = from + i;
        let rest = &bytes[at + NAME.len()..];
        let line = rest
            .iter()
            .position(|&b| b == b'\n')
            .map(|end| &rest[..end]);
        if let Some(value) = line
            .and_then(|l| std::str::from_utf8(l).ok())
            .and_then(|l| l.trim().strip_prefix(':'))
            && value.trim().parse::<usize>().is_ok()
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Where the last `Content-Length` header in `bytes` starts (any case), and its value.
fn header(bytes: &[u8]) -> Option<(usize, Option<usize>)> {
    const NAME: &[u8] = b"content-length";
    let at = bytes
        .windows(NAME.len())
        .rposition(|w| w.eq_ignore_ascii_case(NAME))?;
    let rest = String::from_utf8_lossy(&bytes[at + NAME.len()..]);
    let value = rest
        .trim_start()
        .strip_prefix(':')
        .and_then(|v| v.trim().parse().ok());
    Some((at, value))
}

/// Copy frames from `input` to `output`, repairing bodies on the way, until `input` ends.
///
/// Resynchronising: a header is looked for anywhere in a line (what a body one byte short left
/// over stands before it); a body that is no message but holds a header (its length was too
/// long, or it had none) is cut there, its start handed on (often the message itself) and the
/// rest read again as the stream; any bytes at all may stand between frames.
pub async fn relay<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(input: R, mut output: W) {
    let mut input = Input {
        buf: Vec::new(),
        reader: input,
    };
    loop {
        let mut length: Option<usize> = None;
        loop {
            let Some(line) = input.line().await else {
                return;
            };
            if line.is_empty() {
                if length.is_some() {
                    break;
                }
                continue;
            }
            if let Some((_, value)) = header(&line) {
                length = value;
            }
        }
        let length = length.unwrap_or(0);
        let body = if length > MAX_BODY {
            too_large(length)
        } else {
            let mut body = input.body(length).await;
            let ended = body.len() < length;
            if repair(&body).is_some()
                && let Some((at, _)) = header(&body)
            {
                input.unread(&body[at..]);
                body.truncate(at);
            }
            let body = repair(&body).unwrap_or(body);
            if ended && input.buf.is_empty() {
                let _ = send(&mut output, &body).await;
                return;
            }
            body
        };
        if send(&mut output, &body).await.is_err() {
            return;
        }
    }
}

/// The answer to a message longer than [`MAX_BODY`]: its bytes are read as garbage, which the
/// next header ends.
fn too_large(length: usize) -> Vec<u8> {
    let message = format!(
        "消息过大:Content-Length {length} 超过 {} MB / message too large",
        MAX_BODY >> 20
    );
    json!({ "jsonrpc": "2.0", "id": null, "method": MALFORMED, "params": { "code": -32600, "message": message } })
        .to_string()
        .into_bytes()
}

async fn send<W: AsyncWrite + Unpin>(output: &mut W, body: &[u8]) -> std::io::Result<()> {
    let head = format!("Content-Length: {}\r\n\r\n", body.len());
    output.write_all(head.as_bytes()).await?;
    output.write_all(body).await?;
    output.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a hostile client puts between the frames it means.
    #[derive(Debug, Clone)]
    enum Chunk {
        /// A well-formed request: it must be handed on, untouched.
        Valid,
        /// Any bytes (UTF-8 or not, line breaks, colons) but a header's name.
        Garbage(Vec<u8>),
        /// A frame whose Content-Length is this many bytes short.
        Short(usize),
        /// A frame whose Content-Length counts characters, not bytes (its text is Chinese).
        Characters,
        /// A header with no number, then a frame's body.
        NotANumber,
        /// A header and its body with no blank line between.
        NoBlankLine,
        /// A frame whose Content-Length is this many bytes long, or a header with no body that
        /// claims this many: it swallows what follows, so garbage follows it (else the bytes of
        /// the next header could be gone).
        Long(usize),
        NoBody(usize),
        /// A frame that claims a megabyte more than it has: the frames after it are not
        /// swallowed (a client waiting for an answer sends no megabyte more).
        Huge,
    }

    fn chunk() -> impl Strategy<Value = Chunk> {
        prop_oneof![
            4 => Just(Chunk::Valid),
            3 => prop::collection::vec(any::<u8>(), 0..64)
                .prop_filter("no header name", |g| header(g).is_none())
                .prop_map(Chunk::Garbage),
            1 => (1usize..40).prop_map(Chunk::Short),
            1 => Just(Chunk::Characters),
            1 => Just(Chunk::NotANumber),
            1 => Just(Chunk::NoBlankLine),
            1 => (1usize..40).prop_map(Chunk::Long),
            1 => (1usize..40).prop_map(Chunk::NoBody),
            1 => Just(Chunk::Huge),
        ]
    }

    fn body(id: usize) -> String {
        json!({ "jsonrpc": "2.0", "id": id, "method": "$/ping", "params": { "text": "政府信息公开" } })
            .to_string()
    }

    fn with_length(length: usize, body: &str) -> Vec<u8> {
        format!("Content-Length: {length}\r\n\r\n{body}").into_bytes()
    }

    /// The ids of the pings among the frames `relay` wrote.
    fn pings(mut out: &[u8]) -> Vec<usize> {
        let mut ids = Vec::new();
        while !out.is_empty() {
            let end = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            let head = std::str::from_utf8(&out[..end]).unwrap();
            let n: usize = head
                .strip_prefix("Content-Length: ")
                .unwrap()
                .parse()
                .unwrap();
            let v: Value = serde_json::from_slice(&out[end + 4..end + 4 + n]).unwrap();
            if v["method"] == "$/ping" {
                ids.push(v["id"].as_u64().unwrap() as usize);
            }
            out = &out[end + 4 + n..];
        }
        ids
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Random bytes and broken frames interleaved with valid ones: every valid frame is
        /// handed on, in order, and the relay never stops before its input ends.
        #[test]
        fn every_valid_frame_after_garbage_is_handed_on(chunks in prop::collection::vec(chunk(), 1..24)) {
            let mut input = Vec::new();
            let mut valid = Vec::new();
            // Broken frames carry ids of their own, which may or may not get through.
            let mut broken = 10_000;
            for c in chunks {
                broken += 1;
                let b = body(broken);
                match c {
                    Chunk::Valid => {
                        valid.push(valid.len() + 1);
                        input.extend(with_length(body(valid.len()).len(), &body(valid.len())));
                    }
                    Chunk::Garbage(g) => input.extend(g),
                    Chunk::Short(d) => input.extend(with_length(b.len().saturating_sub(d), &b)),
                    Chunk::Characters => input.extend(with_length(b.chars().count(), &b)),
                    Chunk::NotANumber => input.extend(format!("Content-Length: 十二\r\n\r\n{b}").into_bytes()),
                    Chunk::NoBlankLine => input.extend(format!("Content-Length: {}\r\n{b}", b.len()).into_bytes()),
                    Chunk::Long(d) => {
                        input.extend(with_length(b.len() + d, &b));
                        input.extend([b'x'; 64]);
                    }
                    Chunk::Huge => input.extend(with_length(b.len() + 1_000_000, &b)),
                    Chunk::NoBody(n) => {
                        input.extend(format!("Content-Length: {n}\r\n\r\n").into_bytes());
                        input.extend([b'x'; 64]);
                    }
                }
            }
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let mut out = Vec::new();
            runtime.block_on(relay(&input[..], &mut out));
            prop_assert_eq!(pings(&out).into_iter().filter(|id| *id < 10_000).collect::<Vec<_>>(), valid);
        }
    }

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
