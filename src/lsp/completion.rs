//! `textDocument/completion`: what `complete::at` offers, as protocol items whose text edit
//! replaces what was typed (positions in the negotiated encoding), in the core's order.

use tower_lsp_server::ls_types::*;

use gongkai::complete::Kind;

use super::documents::Doc;
use super::position::{Encoding, offset};

pub fn items(d: &Doc, at: Position, enc: Encoding) -> Option<CompletionResponse> {
    let c = gongkai::complete::at(&d.text, &d.report, offset(&d.rope, at, enc))?;
    let range = super::convert::range(&d.rope, &c.replace, enc);
    let items = c
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| CompletionItem {
            label: item.label.to_string(),
            kind: Some(match item.kind {
                Kind::Heading => CompletionItemKind::MODULE,
                Kind::Item => CompletionItemKind::CLASS,
                Kind::Row => CompletionItemKind::FIELD,
                Kind::Column => CompletionItemKind::PROPERTY,
            }),
            detail: item.present.then(|| "本表已有此行".to_string()),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: item.note,
            })),
            // The core's order (rows not yet written first), not the client's alphabet.
            sort_text: Some(format!("{i:04}")),
            filter_text: Some(item.label.to_string()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                item.label.to_string(),
            ))),
            ..CompletionItem::default()
        })
        .collect();
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    }))
}
