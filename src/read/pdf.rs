//! PDF: the text layer, laid out as `pdftotext -raw` lays it out, so that the parser's reading
//! of extracted text applies: text in content-stream order, a new line where the baseline
//! changes, a space where strings on a line are more than a tenth of the text's size apart,
//! and a form feed after each page. On LibreOffice's, WeasyPrint's (Word-like CID fonts) and
//! the seeds' PDFs the result is byte for byte pdftotext's (tests/readers.rs).
//!
//! lopdf reads the objects, the fonts' encodings (ToUnicode maps included) and the content
//! streams; this module follows the text and graphics state far enough to know where each
//! string starts and ends on the page.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object};

use super::{MAX_DOCUMENT_BYTES, ReadError};

const DAMAGED: &str = "不是有效的 PDF 文件(文件已损坏)。请重新下载或重新导出 PDF";

pub fn read(bytes: &[u8]) -> Result<String, ReadError> {
    if !bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Err(ReadError(DAMAGED.into()));
    }
    // Every complete PDF (and every incremental update) ends with `%%EOF`; a file cut off on
    // its way would otherwise be read in part, and a report missing pages gives false findings.
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(ReadError(
            "PDF 文件不完整(结尾缺失,可能下载中断)。请重新下载或重新导出 PDF".into(),
        ));
    }
    let doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => encrypted(),
        _ => ReadError(DAMAGED.into()),
    })?;
    let pages = doc.get_pages();
    // Still encrypted after loading: the empty user password did not open it.
    if doc.is_encrypted() {
        return Err(encrypted());
    }
    if pages.is_empty() {
        return Err(ReadError(DAMAGED.into()));
    }
    let mut out = String::new();
    for (&number, &id) in &pages {
        let text = page(&doc, id)
            .map_err(|()| ReadError(format!("{DAMAGED}(第 {number} 页的内容无法解析)")))?;
        out.push_str(&text);
        out.push('\u{c}');
    }
    if out.chars().all(|c| c.is_whitespace()) {
        return Err(ReadError(format!(
            "PDF 没有文字层(可能是扫描件):{} 页中没有可提取的文字。请使用原始的 Word/WPS 文件,或先做文字识别(OCR)再检查",
            pages.len()
        )));
    }
    Ok(out)
}

fn encrypted() -> ReadError {
    ReadError(
        "PDF 文件已加密(需要密码才能打开)。请取消密码保护后另存为 PDF,或使用原始的 Word/WPS 文件"
            .into(),
    )
}

/// A font as the layout needs it: how its strings decode and how wide each code is.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Two-byte codes (a `Type0` font, as Word and WPS embed CJK fonts), else one byte.
    wide: bool,
    widths: Widths,
}

/// Glyph widths in thousandths of the font size.
enum Widths {
    /// A simple font: `FirstChar` and `Widths`.
    Simple { first: u32, widths: Vec<f32> },
    /// A CID font: `W` ranges over `DW`.
    Cid {
        ranges: Vec<(u32, u32, Vec<f32>)>,
        default: f32,
    },
}

impl Widths {
    fn of(&self, code: u32) -> f32 {
        match self {
            Widths::Simple { first, widths } => code
                .checked_sub(*first)
                .and_then(|i| widths.get(i as usize).copied())
                .unwrap_or(500.0),
            // A range with one width (`c_first c_last w`) has it for every code.
            Widths::Cid { ranges, default } => ranges
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
                .and_then(|(lo, _, w)| w.get((code - lo) as usize).or(w.first()).copied())
                .unwrap_or(*default),
        }
    }
}

fn number(doc: &Document, o: &Object) -> Option<f32> {
    doc.dereference(o).ok()?.1.as_float().ok()
}

fn array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    dict.get_deref(key, doc).ok()?.as_array().ok()
}

fn font<'a>(doc: &'a Document, dict: &'a Dictionary) -> Font<'a> {
    let encoding = dict
        .get_font_encoding_with_limit(doc, MAX_DOCUMENT_BYTES as usize)
        .ok();
    let wide = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
    let widths = if wide {
        let descendant = array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let default = descendant
            .and_then(|d| d.get(b"DW").ok())
            .and_then(|o| number(doc, o))
            .unwrap_or(1000.0);
        let mut ranges = Vec::new();
        let w = descendant.and_then(|d| array(doc, d, b"W"));
        let mut items = w.into_iter().flatten().peekable();
        // `c [w1 w2 …]` or `c_first c_last w`.
        while let Some(first) = items.next().and_then(|o| number(doc, o)) {
            let Some(next) = items
                .next()
                .and_then(|o| doc.dereference(o).ok())
                .map(|(_, o)| o)
            else {
                break;
            };
            if let Ok(list) = next.as_array() {
                let list: Vec<f32> = list.iter().filter_map(|o| number(doc, o)).collect();
                let last = first as u32 + (list.len() as u32).saturating_sub(1);
                ranges.push((first as u32, last, list));
            } else if let (Some(last), Some(width)) =
                (number(doc, next), items.next().and_then(|o| number(doc, o)))
            {
                ranges.push((first as u32, last as u32, vec![width]));
            }
        }
        Widths::Cid { ranges, default }
    } else {
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| number(doc, o))
            .unwrap_or(0.0) as u32;
        let widths = array(doc, dict, b"Widths")
            .map(|a| a.iter().filter_map(|o| number(doc, o)).collect())
            .unwrap_or_default();
        Widths::Simple { first, widths }
    };
    Font {
        encoding,
        wide,
        widths,
    }
}

/// A 2-D affine matrix `[a b c d e f]`, as PDF writes them.
#[derive(Clone, Copy)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `other` (PDF's `self × other`).
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn scale(self) -> f32 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// A string drawn on the page: its text, where it starts and ends along its baseline, and its
/// size, all in page space.
struct Piece {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

fn operands(op: &lopdf::content::Operation) -> Vec<f32> {
    op.operands
        .iter()
        .filter_map(|o| o.as_float().ok())
        .collect()
}

/// The text state that placing strings needs (PDF 32000-1 §9.3, §9.4).
struct Text {
    tm: Matrix,
    line: Matrix,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scaling: f32,
    leading: f32,
}

/// What a content stream draws with: its fonts, and its XObjects (forms hold text too: a page
/// stamped onto another, a text layer laid over a scan).
struct Resources<'a> {
    fonts: Vec<(Vec<u8>, Font<'a>)>,
    xobjects: Option<&'a Dictionary>,
}

fn dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    dict.get_deref(key, doc).ok()?.as_dict().ok()
}

impl<'a> Resources<'a> {
    /// A form's own resources dictionary.
    fn of(doc: &'a Document, resources: &'a Dictionary) -> Resources<'a> {
        let fonts = dict(doc, resources, b"Font").into_iter().flat_map(|fonts| {
            fonts.iter().filter_map(|(name, o)| {
                let d = doc.dereference(o).ok()?.1.as_dict().ok()?;
                Some((name.clone(), font(doc, d)))
            })
        });
        Resources {
            fonts: fonts.collect(),
            xobjects: dict(doc, resources, b"XObject"),
        }
    }
}

/// Forms inside forms are followed this deep (a form that draws itself would never end).
const MAX_FORM_DEPTH: u8 = 8;

fn page(doc: &Document, id: lopdf::ObjectId) -> Result<String, ()> {
    let fonts = doc
        .get_page_fonts(id)
        .map_err(|_| ())?
        .into_iter()
        .map(|(name, dict)| (name, font(doc, dict)))
        .collect();
    // The page's own resources, else those it inherits.
    let (own, inherited) = doc.get_page_resources(id).map_err(|_| ())?;
    let xobjects = own
        .into_iter()
        .chain(inherited.iter().filter_map(|&r| doc.get_dictionary(r).ok()))
        .find_map(|r| dict(doc, r, b"XObject"));
    let data = doc
        .get_page_content_with_limit(id, MAX_DOCUMENT_BYTES as usize)
        .map_err(|_| ())?;
    let mut pieces = Vec::new();
    let resources = Resources { fonts, xobjects };
    walk(doc, &data, &resources, Matrix::IDENTITY, 0, &mut pieces)?;
    Ok(lay_out(&pieces))
}

/// A form XObject drawn by `Do`: its content, its resources (if it has its own) and matrix.
fn form<'a>(
    doc: &'a Document,
    res: &Resources<'a>,
    op: &lopdf::content::Operation,
) -> Option<(Vec<u8>, Option<Resources<'a>>, Matrix)> {
    let name = op.operands.first()?.as_name().ok()?;
    let stream = doc
        .dereference(res.xobjects?.get(name).ok()?)
        .ok()?
        .1
        .as_stream()
        .ok()?;
    if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
        return None;
    }
    let data = stream
        .get_plain_content_with_limit(MAX_DOCUMENT_BYTES as usize)
        .ok()?;
    let own = dict(doc, &stream.dict, b"Resources").map(|r| Resources::of(doc, r));
    let matrix = array(doc, &stream.dict, b"Matrix")
        .map(|a| {
            a.iter()
                .filter_map(|o| number(doc, o))
                .collect::<Vec<f32>>()
        })
        .and_then(|m| <[f32; 6]>::try_from(m).ok())
        .map_or(Matrix::IDENTITY, Matrix);
    Some((data, own, matrix))
}

/// The strings a content stream draws, in its order, placed on the page by `ctm`.
fn walk(
    doc: &Document,
    data: &[u8],
    res: &Resources,
    ctm: Matrix,
    depth: u8,
    pieces: &mut Vec<Piece>,
) -> Result<(), ()> {
    let content = Content::decode(data).map_err(|_| ())?;
    let fonts = &res.fonts;
    let mut ctm = ctm;
    let mut saved = Vec::new();
    let mut t = Text {
        tm: Matrix::IDENTITY,
        line: Matrix::IDENTITY,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scaling: 1.0,
        leading: 0.0,
    };
    let mut current: Option<&Font> = None;
    for op in &content.operations {
        let n = operands(op);
        match (op.operator.as_str(), n.as_slice()) {
            ("q", _) => saved.push(ctm),
            ("Q", _) => ctm = saved.pop().unwrap_or(Matrix::IDENTITY),
            ("cm", &[a, b, c, d, e, f]) => ctm = Matrix([a, b, c, d, e, f]).then(ctm),
            ("BT", _) => {
                t.tm = Matrix::IDENTITY;
                t.line = Matrix::IDENTITY;
            }
            ("Tf", _) => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                current = fonts
                    .iter()
                    .find(|(n, _)| Some(n.as_slice()) == name)
                    .map(|(_, f)| f);
                t.size = op
                    .operands
                    .get(1)
                    .and_then(|o| o.as_float().ok())
                    .unwrap_or(0.0);
            }
            ("Tc", &[v]) => t.char_spacing = v,
            ("Tw", &[v]) => t.word_spacing = v,
            ("Tz", &[v]) => t.scaling = v / 100.0,
            ("TL", &[v]) => t.leading = v,
            ("Td", &[x, y]) => next_line(&mut t, x, y),
            ("TD", &[x, y]) => {
                t.leading = -y;
                next_line(&mut t, x, y);
            }
            ("Tm", &[a, b, c, d, e, f]) => {
                t.tm = Matrix([a, b, c, d, e, f]);
                t.line = t.tm;
            }
            ("T*", _) => {
                let down = -t.leading;
                next_line(&mut t, 0.0, down);
            }
            ("Do", _) if depth < MAX_FORM_DEPTH => {
                if let Some((data, own, matrix)) = form(doc, res, op) {
                    let inner = own.as_ref().unwrap_or(res);
                    // A damaged form loses its own text, not the page's.
                    let _ = walk(doc, &data, inner, matrix.then(ctm), depth + 1, pieces);
                }
            }
            ("Tj", _) => draw(&mut t, ctm, current, op.operands.first(), pieces),
            // `'` and `"`: to the next line, then the last operand drawn.
            ("'" | "\"", _) => {
                let down = -t.leading;
                next_line(&mut t, 0.0, down);
                draw(&mut t, ctm, current, op.operands.last(), pieces);
            }
            ("TJ", _) => {
                let items = op.operands.first().and_then(|o| o.as_array().ok());
                for item in items.into_iter().flatten() {
                    match item.as_float() {
                        // A number moves the next string back by thousandths of the size.
                        Ok(adjust) => {
                            let tx = -adjust / 1000.0 * t.size * t.scaling;
                            t.tm = Matrix::translate(tx, 0.0).then(t.tm);
                        }
                        Err(_) => draw(&mut t, ctm, current, Some(item), pieces),
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn next_line(t: &mut Text, x: f32, y: f32) {
    t.line = Matrix::translate(x, y).then(t.line);
    t.tm = t.line;
}

fn draw(t: &mut Text, ctm: Matrix, f: Option<&Font>, o: Option<&Object>, out: &mut Vec<Piece>) {
    if let (Some(f), Some(Object::String(bytes, _))) = (f, o) {
        out.push(show(t, ctm, f, bytes));
    }
}

/// Draws `bytes` in font `f`: the piece it makes, and the text matrix moved past it.
fn show(t: &mut Text, ctm: Matrix, f: &Font, bytes: &[u8]) -> Piece {
    let text = f
        .encoding
        .as_ref()
        .and_then(|e| Document::decode_text(e, bytes).ok())
        .unwrap_or_default();
    let start = t.tm.then(ctm);
    let codes: Vec<u32> = if f.wide {
        bytes
            .chunks(2)
            .map(|c| c.iter().fold(0, |n, &b| n * 256 + u32::from(b)))
            .collect()
    } else {
        bytes.iter().map(|&b| u32::from(b)).collect()
    };
    let mut advance = 0.0;
    for code in codes {
        advance += f.widths.of(code) / 1000.0 * t.size + t.char_spacing;
        // Word spacing applies to the one-byte code 32 only (§9.3.3).
        if !f.wide && code == 32 {
            advance += t.word_spacing;
        }
    }
    t.tm = Matrix::translate(advance * t.scaling, 0.0).then(t.tm);
    let end = t.tm.then(ctm);
    Piece {
        text,
        x0: start.0[4],
        x1: end.0[4],
        y: start.0[5],
        size: (t.size * start.scale()).abs(),
    }
}

/// The pieces in content order: a new line where the baseline moves by more than half the
/// text's size, or where text goes back to the left; a space where a gap is over a tenth of
/// the size (pdftotext's rule: LibreOffice's gap between Chinese and Latin text, a fifth, is a
/// space there too).
fn lay_out(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut last: Option<&Piece> = None;
    for p in pieces.iter().filter(|p| !p.text.is_empty()) {
        if let Some(l) = last {
            let size = p.size.max(l.size).max(1.0);
            if (p.y - l.y).abs() > size / 2.0 || p.x0 < l.x1 - size {
                // A space drawn at the end of a line separates nothing.
                out.truncate(out.trim_end_matches(' ').len());
                out.push('\n');
            } else if p.x0 - l.x1 > size * 0.1 && !out.ends_with(' ') && !p.text.starts_with(' ') {
                out.push(' ');
            }
        }
        out.push_str(&p.text);
        last = Some(p);
    }
    out.truncate(out.trim_end_matches(' ').len());
    if !out.is_empty() {
        out.push('\n');
    }
    out
}
