//! The language server's handlers: thin glue from protocol requests to the analysis core.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use dashmap::DashMap;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use gongkai::config::Config;

use super::convert;
use super::documents::Documents;
use super::position::{Encoding, offset, position};

pub const FIX_ALL: &str = "source.fixAll.gongkai";

/// What was last published for a document: `(version, settings generation)`.
type Published = Option<(i32, u64)>;

pub struct Backend {
    pub client: Client,
    pub docs: Arc<Documents>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): do not also push them.
    pull: AtomicBool,
    /// The (version, settings generation) last published per document; never goes back.
    published: DashMap<Uri, Arc<tokio::sync::Mutex<Published>>>,
    /// Bumped by every change of settings, so that the same version publishes again.
    generation: std::sync::atomic::AtomicU64,
    /// `gongkai.toml` at the workspace root, if there is one.
    config_file: std::sync::RwLock<Option<std::path::PathBuf>>,
    /// The editor's settings, laid over the file's.
    editor_config: std::sync::RwLock<Config>,
}

impl Backend {
    pub fn new(client: Client, docs: Arc<Documents>) -> Backend {
        Backend {
            client,
            docs,
            pull: AtomicBool::new(false),
            published: DashMap::new(),
            generation: std::sync::atomic::AtomicU64::new(0),
            config_file: std::sync::RwLock::default(),
            editor_config: std::sync::RwLock::default(),
        }
    }

    /// The workspace's `gongkai.toml` read now, or the defaults when there is none or it is
    /// broken (which is said, with its line).
    async fn file_config(&self) -> Config {
        let path = self.config_file.read().ok().and_then(|p| p.clone());
        let Some(path) = path else {
            return Config::default();
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Config::default();
        };
        match Config::from_toml(&text) {
            Ok((config, problems)) => {
                for p in problems {
                    self.client
                        .show_message(MessageType::WARNING, format!("gongkai.toml {p}(已忽略)"))
                        .await;
                }
                config
            }
            Err(e) => {
                self.client
                    .show_message(MessageType::ERROR, format!("gongkai.toml {e};使用默认设置"))
                    .await;
                Config::default()
            }
        }
    }

    /// The file's settings with the editor's laid over them, applied to every open document.
    async fn apply_config(&self) -> Vec<Uri> {
        let file = self.file_config().await;
        let editor = self
            .editor_config
            .read()
            .map(|c| c.clone())
            .unwrap_or_default();
        self.docs.configure(file.then(&editor))
    }

    /// Apply editor settings (`{"rules": {...}}`); a problem in them is shown, not fatal.
    async fn configure(&self, settings: &serde_json::Value) {
        self.set_editor_config(settings).await;
        let uris = self.apply_config().await;
        self.generation.fetch_add(1, Ordering::Relaxed);
        if self.pull.load(Ordering::Relaxed) {
            let _ = self.client.workspace_diagnostic_refresh().await;
        } else {
            for uri in uris {
                self.publish(uri).await;
            }
        }
    }

    fn diagnostics_of(&self, uri: &Uri) -> Option<(i32, Vec<Diagnostic>)> {
        let enc = self.docs.encoding();
        self.docs.with(uri, |d| {
            let items = d
                .diagnostics
                .iter()
                .map(|x| convert::diagnostic(&d.rope, uri, x, enc))
                .collect();
            (d.version, items)
        })
    }

    /// Push the current version's diagnostics, unless they are already out or a newer version
    /// has been published: a burst of edits publishes once, for its last version. A change of
    /// settings publishes the same version again.
    async fn publish(&self, uri: Uri) {
        if self.pull.load(Ordering::Relaxed) {
            return;
        }
        let lock = self.published.entry(uri.clone()).or_default().clone();
        let mut last = lock.lock().await;
        let generation = self.generation.load(Ordering::Relaxed);
        let Some((version, items)) = self.diagnostics_of(&uri) else {
            return;
        };
        if last.is_some_and(|seen| (version, generation) <= seen) {
            return;
        }
        self.client
            .publish_diagnostics(uri, items, Some(version))
            .await;
        *last = Some((version, generation));
    }
}

/// The error a malformed message deserves (see `frames`).
#[derive(serde::Deserialize)]
pub struct Malformed {
    code: i64,
    message: String,
}

impl Backend {
    /// Answers a message the client sent malformed with the JSON-RPC error it deserves.
    pub async fn malformed(&self, m: Malformed) -> Result<()> {
        self.client
            .log_message(MessageType::WARNING, format!("gongkai: {}", m.message))
            .await;
        Err(tower_lsp_server::jsonrpc::Error {
            code: tower_lsp_server::jsonrpc::ErrorCode::from(m.code),
            message: m.message.into(),
            data: None,
        })
    }
}

impl Backend {
    async fn set_editor_config(&self, settings: &serde_json::Value) {
        let (config, problems) = Config::from_settings(settings);
        for p in problems {
            self.client
                .show_message(MessageType::WARNING, format!("gongkai 设置: {p}"))
                .await;
        }
        if let Ok(mut c) = self.editor_config.write() {
            *c = config;
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let enc = Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        self.docs.set_encoding(enc);
        let pull = caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        self.pull.store(pull, Ordering::Relaxed);
        let roots = params
            .workspace_folders
            .iter()
            .flatten()
            .map(|f| f.uri.clone())
            .chain(
                #[allow(deprecated)]
                params.root_uri.clone(),
            );
        let file = roots
            .filter_map(|u| u.to_file_path().map(|p| p.join("gongkai.toml")))
            .find(|p| p.is_file());
        if let Ok(mut f) = self.config_file.write() {
            *f = file;
        }
        if let Some(options) = &params.initialization_options {
            self.set_editor_config(options).await;
        }
        self.apply_config().await;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "gongkai".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(enc.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(FIX_ALL),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("gongkai".to_string()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.client
            .log_message(
                MessageType::INFO,
                format!("gongkai {} 已启动", env!("CARGO_PKG_VERSION")),
            )
            .await;
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        // Clients send `{"gongkai": {...}}` (VS Code) or the section itself.
        let settings = p.settings.get("gongkai").cloned().unwrap_or(p.settings);
        self.configure(&settings).await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    // The text itself was applied in wire order before these run (see `ordered`).
    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        self.publish(p.text_document.uri).await;
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        self.publish(p.text_document.uri).await;
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        self.published.remove(&uri);
        if !self.pull.load(Ordering::Relaxed) {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let (version, items) = self
            .diagnostics_of(&p.text_document.uri)
            .unwrap_or((0, Vec::new()));
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(version.to_string()),
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let enc = self.docs.encoding();
        let pos = p.text_document_position_params;
        Ok(self
            .docs
            .with(&pos.text_document.uri, |d| {
                let at = offset(&d.rope, pos.position, enc);
                gongkai::explain::at(&d.report, at).map(|e| Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: e.markdown,
                    }),
                    range: Some(convert::range(&d.rope, &e.span, enc)),
                })
            })
            .flatten())
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let enc = self.docs.encoding();
        let uri = p.text_document.uri;
        let only = p.context.only.clone();
        let wants = |kind: &str| {
            only.as_ref()
                .is_none_or(|o| o.iter().any(|k| kind.starts_with(k.as_str())))
        };
        Ok(self.docs.with(&uri, |d| {
            let from = offset(&d.rope, p.range.start, enc);
            let to = offset(&d.rope, p.range.end, enc);
            let mut actions: Vec<CodeActionOrCommand> = Vec::new();
            if wants(CodeActionKind::QUICKFIX.as_str()) {
                for x in d
                    .diagnostics
                    .iter()
                    .filter(|x| x.span.start <= to && from <= x.span.end)
                {
                    if let Some(a) = convert::quick_fix(&d.rope, &uri, x, enc) {
                        actions.push(CodeActionOrCommand::CodeAction(a));
                    }
                }
            }
            if wants(FIX_ALL) {
                let edits = gongkai::fix::safe_edits(&d.diagnostics);
                if !edits.is_empty() {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: "修正本报告中所有可安全修正的问题".to_string(),
                        kind: Some(CodeActionKind::new(FIX_ALL)),
                        edit: Some(convert::edit(&d.rope, &uri, &edits, enc)),
                        ..CodeAction::default()
                    }));
                }
            }
            actions
        }))
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let enc = self.docs.encoding();
        Ok(self.docs.with(&p.text_document.uri, |d| {
            fn convert(
                d: &super::documents::Doc,
                s: gongkai::outline::Symbol,
                enc: Encoding,
            ) -> DocumentSymbol {
                #[allow(deprecated)]
                DocumentSymbol {
                    name: s.name,
                    detail: None,
                    kind: match s.kind {
                        gongkai::outline::SymbolKind::Section => SymbolKind::NAMESPACE,
                        gongkai::outline::SymbolKind::Table => SymbolKind::STRUCT,
                        gongkai::outline::SymbolKind::Row => SymbolKind::FIELD,
                    },
                    tags: None,
                    deprecated: None,
                    range: convert::range(&d.rope, &s.span, enc),
                    selection_range: convert::range(&d.rope, &s.selection, enc),
                    children: Some(s.children.into_iter().map(|c| convert(d, c, enc)).collect()),
                }
            }
            let symbols = gongkai::outline::symbols(&d.text, &d.report);
            DocumentSymbolResponse::Nested(
                symbols.into_iter().map(|s| convert(d, s, enc)).collect(),
            )
        }))
    }

    async fn folding_range(&self, p: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self.docs.with(&p.text_document.uri, |d| {
            gongkai::outline::folds(&d.report)
                .into_iter()
                .filter_map(|s| {
                    let (a, b) = (d.rope.byte_to_line(s.start), d.rope.byte_to_line(s.end));
                    (b > a).then(|| FoldingRange {
                        start_line: a as u32,
                        end_line: b as u32,
                        kind: Some(FoldingRangeKind::Region),
                        ..FoldingRange::default()
                    })
                })
                .collect()
        }))
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let enc = self.docs.encoding();
        Ok(self.docs.with(&p.text_document.uri, |d| {
            let from = offset(&d.rope, p.range.start, enc);
            let to = offset(&d.rope, p.range.end, enc);
            gongkai::explain::computed_totals(&d.report)
                .into_iter()
                .filter(|(s, _)| from <= s.end && s.start <= to)
                .map(|(s, v)| InlayHint {
                    position: position(&d.rope, s.end, enc),
                    label: InlayHintLabel::String(format!("应为 {v}")),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String("按勾稽关系计算的值".to_string())),
                    padding_left: Some(true),
                    padding_right: Some(false),
                    data: None,
                })
                .collect()
        }))
    }
}
