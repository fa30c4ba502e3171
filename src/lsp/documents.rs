//! Open documents: a rope for positions and edits, the text as one string for the analysis,
//! and the analysis of the current version. Every method takes and drops its map guard before
//! returning, so no guard ever lives across an `.await`.

use std::sync::RwLock;
use std::sync::atomic::{AtomicU8, Ordering};

use gongkai::config::Config;

use dashmap::DashMap;
use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Uri,
};

use super::position::{Encoding, offset};

/// Past these, a document is not analysed: no report is this large (a report is a few hundred
/// lines), and parsing one that is would stall the server (100,000 table rows took 44 s).
pub const MAX_BYTES: usize = 5 << 20;
pub const MAX_LINES: usize = 20_000;

/// Whether a text of these many bytes and lines is past the limits above.
pub fn too_large(bytes: usize, lines: usize) -> bool {
    bytes > MAX_BYTES || lines > MAX_LINES
}

pub struct Doc {
    pub rope: Rope,
    pub text: String,
    pub version: i32,
    /// Past the limits: the text is kept in step, but there is no model and no findings.
    pub too_large: bool,
    /// The user has been told it is too large (told again if it comes back under and over).
    pub told: std::sync::atomic::AtomicBool,
    pub report: gongkai::Report,
    /// The findings, after the configuration's severities and rules off.
    pub diagnostics: Vec<gongkai::Diagnostic>,
    /// What the rules across documents read of this report as last year's.
    pub seen: gongkai::rules::Seen,
}

impl Doc {
    fn new(text: String, version: i32, config: &Config) -> Doc {
        let rope = Rope::from_str(&text);
        let large = too_large(rope.len_bytes(), rope.len_lines());
        let (report, diagnostics) = if large {
            (gongkai::parse(""), Vec::new())
        } else {
            gongkai::check(&text)
        };
        Doc {
            rope,
            text,
            version,
            too_large: large,
            told: Default::default(),
            seen: gongkai::rules::Seen::of(&report),
            report,
            diagnostics: config.apply(diagnostics),
        }
    }

    /// After an edit: a document that went past the limits loses its model; one that came back
    /// under them is parsed afresh (so an edit that brings it back is not reparsed on its own).
    fn resize(&mut self) {
        let large = too_large(self.rope.len_bytes(), self.rope.len_lines());
        if large != self.too_large {
            self.too_large = large;
            self.told.store(false, Ordering::Relaxed);
            self.report = gongkai::parse(if large { "" } else { &self.text });
        }
    }

    /// Replace `start..end` (bytes) with `new`: in the rope, in the text, and in the model,
    /// which reparses only the blocks the edit touches.
    fn replace(&mut self, start: usize, end: usize, new: &str) {
        let (cs, ce) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
        self.rope.remove(cs..ce);
        self.rope.insert(cs, new);
        self.text.replace_range(start..end, new);
        // Checked before the reparse: a paste of 100,000 rows is never parsed.
        let was = self.too_large;
        self.resize();
        if !was && !self.too_large {
            gongkai::parse::edit(&mut self.report, &self.text, start..end, new.len());
        }
    }

    fn recheck(&mut self, config: &Config) {
        self.diagnostics = if self.too_large {
            Vec::new()
        } else {
            config.apply(gongkai::rules::check(&self.text, &self.report))
        };
        self.seen = gongkai::rules::Seen::of(&self.report);
    }
}

pub struct Documents {
    map: DashMap<Uri, Doc>,
    encoding: AtomicU8,
    config: RwLock<Config>,
}

impl Default for Documents {
    /// UTF-16 until `initialize` negotiates otherwise, as LSP says.
    fn default() -> Self {
        Documents {
            map: DashMap::new(),
            encoding: AtomicU8::new(Encoding::Utf16 as u8),
            config: RwLock::default(),
        }
    }
}

impl Documents {
    pub fn set_encoding(&self, enc: Encoding) {
        self.encoding.store(enc as u8, Ordering::Relaxed);
    }

    pub fn config(&self) -> Config {
        self.config.read().map(|c| c.clone()).unwrap_or_default()
    }

    /// New rule settings: every open document's findings are recomputed.
    pub fn configure(&self, config: Config) {
        if let Ok(mut c) = self.config.write() {
            *c = config.clone();
        }
        for mut entry in self.map.iter_mut() {
            entry.recheck(&config);
        }
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
                    self.map
                        .insert(d.uri, Doc::new(d.text, d.version, &self.config()));
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
        let config = self.config();
        let Some(mut doc) = self.map.get_mut(&p.text_document.uri) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                None => *doc = Doc::new(change.text, doc.version, &config),
                Some(range) => {
                    let a = offset(&doc.rope, range.start, enc);
                    let b = offset(&doc.rope, range.end, enc);
                    // A range given end first is taken as the span between its ends.
                    doc.replace(a.min(b), a.max(b), &change.text);
                }
            }
        }
        doc.version = p.text_document.version;
        doc.recheck(&config);
    }

    /// The open documents.
    pub fn uris(&self) -> Vec<Uri> {
        self.map.iter().map(|e| e.key().clone()).collect()
    }

    /// The open report with this identity, other than `except` (the first by URI), as a
    /// snapshot of what the rules across documents read of it, with its rope for positions.
    pub fn find(
        &self,
        id: &gongkai::rules::Identity,
        except: &Uri,
    ) -> Option<(Uri, Rope, gongkai::rules::Seen)> {
        let uri = self
            .map
            .iter()
            .filter(|e| e.key() != except && e.seen.identity() == Some(id))
            .map(|e| e.key().clone())
            .min_by(|a, b| a.as_str().cmp(b.as_str()))?;
        let d = self.map.get(&uri)?;
        Some((uri.clone(), d.rope.clone(), d.seen.clone()))
    }

    /// Run `f` on a document; the map guard is dropped before this returns.
    pub fn with<R>(&self, uri: &Uri, f: impl FnOnce(&Doc) -> R) -> Option<R> {
        self.map.get(uri).map(|d| f(&d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\r".to_string()),
            Just(" | ".to_string()),
            Just("7".to_string()),
            Just("𠀀".to_string()),
            Just("😀".to_string()),
            Just("一、总体情况".to_string()),
            Just("\n五、存在的主要问题及改进情况\n".to_string()),
            Just("第二十条第(一)项 | |||\n".to_string()),
            Just("\n(七)总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | ||".to_string()),
            Just("统计期限为2020年".to_string()),
            Just("| --- |".to_string()),
            Just("信息内容 | 本年制发件数 | ||\n".to_string()),
            Just("行政复议 | 行政诉讼 |\n".to_string()),
            Just("\n二、主动公开政府信息情况\n".to_string()),
            Just("\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n".to_string()),
            Just("本年度工作有序推进。".to_string()),
            Just("\u{feff}".to_string()),
            Just(String::new()),
            "\\PC{0,6}",
        ]
    }

    fn seed(i: usize) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/seeds");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        std::fs::read_to_string(&paths[i % paths.len()]).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// After any sequence of edits, in LSP positions (UTF-16, past line ends, past the last
        /// line, inside surrogate pairs), the rope, the text and the incrementally kept model
        /// are exactly what a fresh parse of the final text gives, and so are the findings.
        #[test]
        fn incremental_model_equals_a_fresh_parse(
            which in 0usize..5,
            crlf in any::<bool>(),
            copies in 0usize..3,
            edits in prop::collection::vec((0u32..140, 0u32..90, 0u32..3, 0u32..40, piece()), 1..16),
        ) {
            let mut text = seed(which);
            // Tables of one kind in a row (a region reads on through starts of its own kind).
            let blocks = gongkai::parse(&text).blocks;
            if let Some(span) = blocks.iter().find(|b| matches!(&b.kind, gongkai::model::BlockKind::Table(t) if t.def.kind == "申请表")).map(|b| b.span.clone()) {
                let table = text[span.clone()].to_string();
                text.insert_str(span.end, &table.repeat(copies));
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let docs = Documents::default();
            let uri: Uri = "file:///t.txt".parse().unwrap();
            docs.apply("textDocument/didOpen", &json!({ "textDocument": { "uri": "file:///t.txt", "languageId": "plaintext", "version": 1, "text": text } }));
            for (v, (line, character, lines, chars, new)) in edits.into_iter().enumerate() {
                let end_line = line + lines;
                let end_char = if lines == 0 { character + chars } else { chars };
                docs.apply("textDocument/didChange", &json!({
                    "textDocument": { "uri": "file:///t.txt", "version": v as i32 + 2 },
                    "contentChanges": [{ "range": { "start": { "line": line, "character": character }, "end": { "line": end_line, "character": end_char } }, "text": new }],
                }));
                let ok = docs.with(&uri, |d| {
                    prop_assert_eq!(d.rope.to_string(), d.text.clone());
                    // The kept model and the findings from it are the CLI's, fresh.
                    let (fresh, findings) = gongkai::check(&d.text);
                    prop_assert_eq!(&d.report, &fresh);
                    prop_assert_eq!(&d.diagnostics, &findings);
                    Ok(())
                }).unwrap();
                ok?;
            }
        }
    }
}
