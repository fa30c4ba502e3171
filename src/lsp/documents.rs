//! Open documents: a rope for positions and edits, the text as one string for the analysis,
//! and the analysis of the current version. Every method takes and drops its map guard before
//! returning, so no guard ever lives across an `.await`.

use std::sync::atomic::{AtomicU8, Ordering};

use dashmap::DashMap;
use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Uri,
};

use super::position::{Encoding, offset};

pub struct Doc {
    pub rope: Rope,
    pub text: String,
    pub version: i32,
    pub report: gongkai::Report,
    pub diagnostics: Vec<gongkai::Diagnostic>,
}

impl Doc {
    fn new(text: String, version: i32) -> Doc {
        let (report, diagnostics) = gongkai::check(&text);
        Doc {
            rope: Rope::from_str(&text),
            text,
            version,
            report,
            diagnostics,
        }
    }

    fn reanalyse(&mut self) {
        let (report, diagnostics) = gongkai::check(&self.text);
        self.report = report;
        self.diagnostics = diagnostics;
    }
}

#[derive(Default)]
pub struct Documents {
    map: DashMap<Uri, Doc>,
    encoding: AtomicU8,
}

impl Documents {
    pub fn set_encoding(&self, enc: Encoding) {
        self.encoding.store(enc as u8, Ordering::Relaxed);
    }

    pub fn encoding(&self) -> Encoding {
        match self.encoding.load(Ordering::Relaxed) {
            x if x == Encoding::Utf8 as u8 => Encoding::Utf8,
            x if x == Encoding::Utf32 as u8 => Encoding::Utf32,
            _ => Encoding::Utf16,
        }
    }

    /// Apply a text-synchronisation notification. Called in wire order, before any handler
    /// runs; a notification that does not parse is ignored (tower-lsp answers it).
    pub fn apply(&self, method: &str, params: &Value) {
        match method {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params.clone()) {
                    let d = p.text_document;
                    self.map.insert(d.uri, Doc::new(d.text, d.version));
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params.clone())
                {
                    self.change(p);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params.clone())
                {
                    self.map.remove(&p.text_document.uri);
                }
            }
            _ => {}
        }
    }

    fn change(&self, p: DidChangeTextDocumentParams) {
        let enc = self.encoding();
        let Some(mut doc) = self.map.get_mut(&p.text_document.uri) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                None => {
                    doc.rope = Rope::from_str(&change.text);
                    doc.text = change.text;
                }
                Some(range) => {
                    let start = offset(&doc.rope, range.start, enc);
                    let end = offset(&doc.rope, range.end, enc).max(start);
                    let (cs, ce) = (doc.rope.byte_to_char(start), doc.rope.byte_to_char(end));
                    doc.rope.remove(cs..ce);
                    doc.rope.insert(cs, &change.text);
                    doc.text.replace_range(start..end, &change.text);
                }
            }
        }
        doc.version = p.text_document.version;
        doc.reanalyse();
    }

    /// Run `f` on a document; the map guard is dropped before this returns.
    pub fn with<R>(&self, uri: &Uri, f: impl FnOnce(&Doc) -> R) -> Option<R> {
        self.map.get(uri).map(|d| f(&d))
    }
}
