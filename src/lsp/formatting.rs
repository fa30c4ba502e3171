//! `textDocument/formatting` and `textDocument/rangeFormatting`: `format::format_range` as text
//! edits in the negotiated encoding. The server returns edits; the client applies them.

use tower_lsp_server::ls_types::*;

use super::documents::Doc;
use super::position::{Encoding, offset};

/// The edits formatting the tables `range` touches (every table without one).
pub fn edits(d: &Doc, range: Option<Range>, enc: Encoding) -> Option<Vec<TextEdit>> {
    if d.too_large {
        return None;
    }
    let span = match range {
        Some(r) => offset(&d.rope, r.start, enc)..offset(&d.rope, r.end, enc),
        None => 0..d.text.len(),
    };
    let edits = gongkai::format::format_range(&d.text, &d.report, span)
        .into_iter()
        .map(|e| TextEdit::new(super::convert::range(&d.rope, &e.span, enc), e.new_text))
        .collect();
    Some(edits)
}
