//! Files reports come in, turned into the canonical text layout the parser reads best: one
//! table row per line with ` | ` between cells, each paragraph on its own line. A cell merged
//! over several rows (`vMerge`, `rowspan`) stands once, in its first row, as the official
//! template means it; one merged over several columns stands once.
//!
//! Checking the text a reader gives is checking the file: findings point into that text, which
//! `gongkai convert` writes out.

mod docx;
mod html;
mod layout;
mod pdf;

use std::path::Path;

/// What kind of file a path names, by its extension (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `.txt`, `.md`: read as text in its own encoding.
    Text,
    Docx,
    Html,
    /// `.pdf`: its text layer, laid out as `pdftotext -raw` lays it out.
    Pdf,
    /// A format read by no reader here; the message says what to save it as.
    Unsupported(&'static str),
}

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "md" | "markdown" => Kind::Text,
            "docx" => Kind::Docx,
            "html" | "htm" | "shtml" | "xhtml" => Kind::Html,
            "doc" => Kind::Unsupported("旧版 Word 文档(.doc)"),
            "wps" => Kind::Unsupported("WPS 文档(.wps)"),
            "ofd" => Kind::Unsupported("OFD 版式文件(.ofd)"),
            "pdf" => Kind::Pdf,
            _ => return None,
        })
    }
}

/// Why a file gives no report text: said in Chinese, with what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The most a reader unpacks or parses: a report's document is a few hundred KB, so a larger
/// one is damaged or hostile (a zip bomb), not a report.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of the regular file at `path`, at most `limit` of them. Anything else — a folder,
/// a device such as `/dev/zero`, a pipe, a socket — is refused unread: the file is opened
/// without waiting for a writer (opening a pipe would block until one came) and checked once
/// open, so nothing can be swapped in between.
pub fn file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let cannot = |e: std::io::Error| ReadError(format!("无法读取 cannot read: {e}"));
    let file = options.open(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(ReadError(
            "不是普通文件(目录、设备、管道或套接字),不读取 / not a regular file".into(),
        ));
    }
    bounded(file, limit)
}

/// Everything `input` gives, up to `limit` bytes: a file growing while it is read, or a stream
/// without end, stops there with a message instead of filling memory.
pub fn bounded(input: impl std::io::Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError(format!("无法读取 cannot read: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError(format!(
            "超过 {} MB,不像是一份年度报告,不读取 / larger than {} MB",
            limit >> 20,
            limit >> 20
        )));
    }
    Ok(bytes)
}

/// The canonical text of a file of `kind` (not `Text`: text is decoded as it stands).
pub fn convert(kind: Kind, bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError("文件为空(0 字节)".into()));
    }
    match kind {
        Kind::Docx => docx::read(bytes),
        Kind::Html => html::read(bytes),
        Kind::Pdf => pdf::read(bytes),
        Kind::Text => Err(ReadError("文本文件无需转换".into())),
        Kind::Unsupported(what) => Err(unsupported(what)),
    }
}

/// The report text of the regular file at `path` (at most `limit` bytes of it, read by `file`),
/// as its extension says to read it (`Kind::of`; text when it names no other kind), with the
/// encoding `text_of` gives: the one way the fronts read a report from disk.
pub fn load(
    path: &Path,
    limit: u64,
) -> Result<(String, Option<crate::text::encoding::Encoding>), ReadError> {
    let bytes = file(path, limit)?;
    text_of(Kind::of(path).unwrap_or(Kind::Text), &bytes)
}

/// A file's report text and, for a text file, the encoding it was read in (what `--fix`
/// writes it back in); converted files have none, and are never written back.
pub fn text_of(
    kind: Kind,
    bytes: &[u8],
) -> Result<(String, Option<crate::text::encoding::Encoding>), ReadError> {
    match kind {
        Kind::Text => crate::text::encoding::decode(bytes)
            .map(|(t, e)| (t, Some(e)))
            .map_err(ReadError),
        _ => convert(kind, bytes).map(|t| (t, None)),
    }
}

fn unsupported(what: &str) -> ReadError {
    ReadError(format!(
        "暂不能读取{what}:请在 Word 或 WPS 中另存为 .docx,或导出为文本(.txt)后再检查"
    ))
}
