//! Web pages: the text of the page with each `<table>` row by row. A cell under a `rowspan`
//! is not in the HTML at all, so each merged cell stands once, in its first row, as in the
//! official template. Scripts, styles and the head are no text; the site's menus and footers
//! are, and the parser passes over them as it passes over any text around a report.

use scraper::{ElementRef, Html, Node};

use super::layout::Canonical;
use super::{MAX_DOCUMENT_BYTES, ReadError};

pub fn read(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ReadError("网页超过 64 MB,不像是一份年度报告".into()));
    }
    let page = Html::parse_document(&decode(bytes)?);
    let mut w = Walker::default();
    w.element(page.root_element());
    w.flush();
    let text = w.out.finish();
    if text.trim().is_empty() {
        return Err(ReadError(
            "网页中没有正文文字(可能是图片或由脚本生成的页面)".into(),
        ));
    }
    if w.tables == 0 {
        return Err(ReadError(
            "网页中没有表格:年度报告的统计表可能是图片或附件,请下载附件(.docx 或 PDF)后检查".into(),
        ));
    }
    Ok(text)
}

/// The page's bytes as text: a BOM, else the `charset` the page declares near its start,
/// else UTF-8 when valid, else GB18030 (GBK pages often declare nothing).
fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned());
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset").and_then(|i| {
        let rest = head[i + "charset".len()..].trim_start_matches([' ', '=', '"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    if let Some(enc) = declared {
        return Ok(enc.decode_without_bom_handling(bytes).0.into_owned());
    }
    crate::text::encoding::decode(bytes)
        .map(|(t, _)| t)
        .map_err(ReadError)
}

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "center",
    "blockquote",
    "pre",
    "form",
    "hr",
    "address",
    "figure",
    "figcaption",
    "caption",
    "tr",
    "table",
];

/// Elements whose content is no text of the page.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "object", "svg", "select",
    "button",
];

#[derive(Default)]
struct Walker {
    out: Canonical,
    line: String,
    tables: usize,
}

impl Walker {
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        self.out.paragraph(&line);
    }

    fn element(&mut self, e: ElementRef) {
        let name = e.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        if name == "table" {
            self.flush();
            self.table(e);
            return;
        }
        let block = BLOCKS.contains(&name);
        if block {
            self.flush();
        }
        for child in e.children() {
            match child.value() {
                Node::Text(t) => self.line.push_str(&collapse(t)),
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.element(c);
                    }
                }
                _ => {}
            }
        }
        if block {
            self.flush();
        }
    }

    /// Each row of the table (not of tables inside its cells), its cells' text.
    fn table(&mut self, table: ElementRef) {
        self.tables += 1;
        for row in rows(table) {
            let cells: Vec<String> = row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .map(cell_text)
                .collect();
            self.out.row(&cells);
        }
    }
}

/// The `<tr>`s of a table, directly or under its `thead`/`tbody`/`tfoot`.
fn rows(table: ElementRef) -> Vec<ElementRef> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => out.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    out
}

/// A cell's text, whatever it holds (`<br>`, paragraphs, a nested table): one line.
fn cell_text(cell: ElementRef) -> String {
    cell.text().map(collapse).collect::<String>()
}

/// Runs of white space (and `&nbsp;`) as one space: HTML shows them so.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
    out
}
