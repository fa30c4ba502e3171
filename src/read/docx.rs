//! `.docx`: the body of `word/document.xml`, paragraphs and tables. A cell that continues a
//! vertical merge (`<w:vMerge/>`) is left out, as HTML leaves out the cells under a `rowspan`;
//! a cell spanning columns (`gridSpan`) stands once. Deleted revisions and field codes are no
//! text (they are not `<w:t>`).

use std::io::Read;

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::layout::Canonical;
use super::{MAX_DOCUMENT_BYTES, ReadError};

const DAMAGED: &str =
    "不是有效的 .docx 文件(压缩包已损坏或不完整)。请在 Word 或 WPS 中打开后重新另存为 .docx";

pub fn read(bytes: &[u8]) -> Result<String, ReadError> {
    // An encrypted Word file, or a .doc renamed, is an OLE compound file, not a zip.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError(
            "文件已加密,或是改了扩展名的旧版 .doc 文件:请取消密码保护并另存为 .docx".into(),
        ));
    }
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ReadError(DAMAGED.into()))?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| ReadError(format!("{DAMAGED}(缺少 word/document.xml)")))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|_| ReadError(DAMAGED.into()))?;
    if xml.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ReadError("文档正文超过 64 MB,不像是一份年度报告".into()));
    }
    body(&xml).map_err(|at| ReadError(format!("{DAMAGED}(document.xml 第 {at} 字节处无法解析)")))
}

/// What is being read: the table stack holds, per open table, its rows so far and the cell
/// being filled (nested tables are flattened into the cell that holds them).
#[derive(Default)]
struct Body {
    out: Canonical,
    paragraph: String,
    tables: Vec<Table>,
    in_text: bool,
}

#[derive(Default)]
struct Table {
    row: Vec<String>,
    cell: String,
    /// The open cell continues a vertical merge: left out of its row.
    continues: bool,
}

impl Body {
    fn text(&mut self, s: &str) {
        match self.tables.last_mut() {
            Some(t) => t.cell.push_str(s),
            None => self.paragraph.push_str(s),
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.local_name().as_ref() {
            "tbl" if !empty => self.tables.push(Table::default()),
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell.clear();
                    t.continues = false;
                }
            }
            "vMerge" => {
                let restart = e
                    .try_get_attribute("w:val")
                    .ok()
                    .flatten()
                    .is_some_and(|a| a.value.as_ref() == "restart");
                if let Some(t) = self.tables.last_mut() {
                    t.continues = !restart;
                }
            }
            "t" if !empty => self.in_text = true,
            "tab" => self.text(" "),
            "br" | "cr" => self.text("\n"),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "p" if self.tables.is_empty() => {
                let p = std::mem::take(&mut self.paragraph);
                self.out.paragraph(&p);
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut()
                    && !t.continues
                {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell);
                }
            }
            "tr" if self.tables.len() == 1 => {
                let row = std::mem::take(&mut self.tables[0].row);
                self.out.row(&row);
            }
            "tbl" => {
                let inner = self.tables.pop().unwrap_or_default();
                // A nested table's text belongs to the cell around it.
                if !self.tables.is_empty() {
                    self.text(&inner.row.join(""));
                }
            }
            _ => {}
        }
    }
}

fn entity(r: &BytesRef) -> Option<String> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten().map(String::from);
    }
    Some(
        match &**r {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => return None,
        }
        .to_string(),
    )
}

/// The canonical text of the document's XML, or the byte offset where it cannot be read.
fn body(xml: &[u8]) -> Result<String, u64> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut b = Body::default();
    loop {
        let at = reader.buffer_position();
        match reader.read_event_into(&mut buf).map_err(|_| at)? {
            Event::Start(e) => b.start(&e, false),
            Event::Empty(e) => b.start(&e, true),
            Event::End(e) => b.end(e.local_name().as_ref()),
            Event::Text(t) if b.in_text => {
                b.text(&t);
            }
            Event::GeneralRef(r) if b.in_text => {
                if let Some(s) = entity(&r) {
                    b.text(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(b.out.finish())
}
