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
use super::workspace::Workspace;

pub const FIX_ALL: &str = "source.fixAll.gongkai";

/// What the client was last sent for a document: its version (none for a file not open) and
/// a digest of the diagnostics (what is sent for every file of the folder is not kept twice).
#[derive(PartialEq)]
struct Sent {
    version: Option<i32>,
    digest: u64,
}

impl Sent {
    /// What a file the client was never sent anything for shows: no version, nothing.
    fn nothing() -> Sent {
        Sent {
            version: None,
            digest: digest(&[]),
        }
    }
}

/// A digest of diagnostics as sent: what `Sent` compares, and the `resultId` of a file's
/// workspace report (the same findings, the same id, in this process).
fn digest(items: &[Diagnostic]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    serde_json::to_vec(items).unwrap_or_default().hash(&mut h);
    h.finish()
}

pub struct Backend {
    pub client: Client,
    pub docs: Arc<Documents>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): do not also push them.
    pull: AtomicBool,
    /// What the client was last sent per document (`None`: nothing yet), under a lock held
    /// while it is brought up to date, so that sends for one document never cross.
    published: DashMap<Uri, Arc<tokio::sync::Mutex<Option<Sent>>>>,
    /// `gongkai.toml` at the workspace root, if there is one.
    config_file: std::sync::RwLock<Option<std::path::PathBuf>>,
    /// The editor's settings, laid over the file's.
    editor_config: std::sync::RwLock<Config>,
    /// The reports on disk under the workspace folders.
    pub(super) workspace: Arc<Workspace>,
    /// What each open document last showed the rules across documents (see `follow`).
    seen: DashMap<Uri, gongkai::rules::Seen>,
    /// The client shows `$/progress` (`window.workDoneProgress`).
    progress: AtomicBool,
    /// The client lets the server register file watchers.
    watch: AtomicBool,
    /// The findings of the reports under the workspace folders that are not open are shown
    /// (the `folderDiagnostics` setting, on unless turned off).
    folder: AtomicBool,
    /// `workspace/diagnostic/refresh` in flight (see `refresh`).
    refresh: Arc<std::sync::Mutex<Refresh>>,
    /// The client applies workspace edits that create files (`drafting::creates_files`).
    pub(super) create_files: AtomicBool,
    /// The client applies edits the server sends (`workspace.applyEdit`): the fix lens.
    pub(super) apply_edit: AtomicBool,
    /// The client takes `LocationLink`s for definitions.
    pub(super) definition_links: AtomicBool,
}

/// How long the server waits for the client to answer one of its requests before going on: a
/// client that never answers must not hold a handler (tower-lsp runs four at a time).
pub(super) const ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// One refresh at a time: `again` when another was asked for while it was out.
#[derive(Default)]
struct Refresh {
    in_flight: bool,
    again: bool,
}

/// The findings of an open document, with what turns their spans into locations.
pub(super) struct Findings {
    uri: Uri,
    pub(super) version: i32,
    pub(super) rope: ropey::Rope,
    pub(super) items: Vec<gongkai::Diagnostic>,
    /// Last year's report, when one is at hand.
    other: Option<Last>,
}

impl Findings {
    fn places(&self) -> convert::Places<'_> {
        convert::Places {
            uri: &self.uri,
            text: convert::Text::Rope(&self.rope),
            other: self.other.as_ref().map(|l| (l.uri(), l.text())),
        }
    }
}

/// Last year's report for the rules across documents: an open document (a snapshot), or the
/// file on disk as the index keeps it.
enum Last {
    Open(Uri, ropey::Rope, gongkai::rules::Seen),
    Filed(Uri, Arc<super::workspace::Filed>),
}

impl Last {
    fn uri(&self) -> &Uri {
        match self {
            Last::Open(uri, ..) | Last::Filed(uri, _) => uri,
        }
    }

    fn seen(&self) -> &gongkai::rules::Seen {
        match self {
            Last::Open(_, _, seen) => seen,
            Last::Filed(_, f) => &f.seen,
        }
    }

    fn text(&self) -> convert::Text<'_> {
        match self {
            Last::Open(_, rope, _) => convert::Text::Rope(rope),
            Last::Filed(_, f) => convert::Text::Filed(f),
        }
    }
}

impl Backend {
    pub fn new(client: Client, docs: Arc<Documents>) -> Backend {
        Backend {
            client,
            docs,
            pull: AtomicBool::new(false),
            published: DashMap::new(),
            config_file: std::sync::RwLock::default(),
            editor_config: std::sync::RwLock::default(),
            workspace: Arc::default(),
            seen: DashMap::new(),
            progress: AtomicBool::new(false),
            watch: AtomicBool::new(false),
            folder: AtomicBool::new(true),
            refresh: Arc::default(),
            create_files: AtomicBool::new(false),
            apply_edit: AtomicBool::new(false),
            definition_links: AtomicBool::new(false),
        }
    }

    /// Tell a pull client to pull again, without waiting for its answer: the request goes out
    /// on a task of its own, waited for at most `ANSWER_WAIT`; one asked for meanwhile is sent
    /// when that one is answered or given up, so a client that never answers still gets every
    /// change, one refresh per `ANSWER_WAIT` at most.
    fn refresh(&self) {
        let Ok(mut r) = self.refresh.lock() else {
            return;
        };
        if std::mem::replace(&mut r.in_flight, true) {
            r.again = true;
            return;
        }
        drop(r);
        let (client, state) = (self.client.clone(), self.refresh.clone());
        tokio::spawn(async move {
            loop {
                let _ =
                    tokio::time::timeout(ANSWER_WAIT, client.workspace_diagnostic_refresh()).await;
                let Ok(mut r) = state.lock() else {
                    return;
                };
                if !std::mem::take(&mut r.again) {
                    r.in_flight = false;
                    return;
                }
            }
        });
    }

    /// The workspace's `gongkai.toml` read now, or the defaults when there is none or it is
    /// broken (which is said, with its line).
    async fn file_config(&self) -> Config {
        let path = self.config_file.read().ok().and_then(|p| p.clone());
        let Some(path) = path else {
            return Config::default();
        };
        if !path.is_file() {
            return Config::default();
        }
        match Config::load(&path) {
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
    async fn apply_config(&self) {
        let file = self.file_config().await;
        let editor = self
            .editor_config
            .read()
            .map(|c| c.clone())
            .unwrap_or_default();
        self.docs.configure(file.then(&editor));
    }

    /// Apply editor settings (`{"rules": {...}}`); a problem in them is shown, not fatal.
    async fn configure(&self, settings: &serde_json::Value) {
        self.set_editor_config(settings).await;
        self.apply_config().await;
        self.republish_all().await;
    }

    /// An open document's findings: its own, and those against the same agency's report for
    /// the year before (open, or on disk under a workspace folder).
    pub(super) fn findings(&self, uri: &Uri) -> Option<Findings> {
        let (version, rope, mut items, seen) = self.docs.with(uri, |d| {
            (
                d.version,
                d.rope.clone(),
                d.diagnostics.clone(),
                d.seen.clone(),
            )
        })?;
        let other = self.last_year(&seen, uri);
        if let Some(last) = &other {
            items.extend(self.across(&seen, last));
            gongkai::diagnostic::sort(&mut items);
        }
        Some(Findings {
            uri: uri.clone(),
            version,
            rope,
            items,
            other,
        })
    }

    /// The same agency's report for the year before this one (`uri`): open first, else on disk.
    fn last_year(&self, seen: &gongkai::rules::Seen, uri: &Uri) -> Option<Last> {
        let id = seen.identity()?.previous();
        if let Some((u, rope, seen)) = self.docs.find(&id, uri) {
            return Some(Last::Open(u, rope, seen));
        }
        let (u, filed) = self.workspace.find(&id, &self.docs.uris())?;
        Some(Last::Filed(u, filed))
    }

    /// The findings of the rules across documents on a report against last year's, configured.
    fn across(&self, now: &gongkai::rules::Seen, last: &Last) -> Vec<gongkai::Diagnostic> {
        let previous = gongkai::rules::Previous {
            seen: last.seen(),
            document: last.uri().as_str(),
        };
        self.docs
            .config()
            .apply(gongkai::rules::across_seen(now, &previous))
    }

    /// The findings of a file under the workspace folders that is not open: its own, kept when
    /// it was read, and those against last year's report. `None` when it is open, not indexed,
    /// or folder-wide findings are off.
    fn filed_diagnostics(&self, uri: &Uri) -> Option<Vec<Diagnostic>> {
        if !self.folder.load(Ordering::Relaxed) || self.docs.with(uri, |_| ()).is_some() {
            return None;
        }
        let filed = self.workspace.get(uri)?;
        let mut items = filed.diagnostics(uri, &self.docs.config());
        if let Some(last) = self.last_year(&filed.seen, uri) {
            let enc = self.docs.encoding();
            let places = convert::Places {
                uri,
                text: convert::Text::Filed(&filed),
                other: Some((last.uri(), last.text())),
            };
            items.extend(
                self.across(&filed.seen, &last)
                    .iter()
                    .map(|d| convert::diagnostic(&places, d, enc)),
            );
        }
        Some(items)
    }

    fn diagnostics_of(&self, uri: &Uri) -> Option<(i32, Vec<Diagnostic>)> {
        let enc = self.docs.encoding();
        let f = self.findings(uri)?;
        let places = f.places();
        let items = f
            .items
            .iter()
            .map(|x| convert::diagnostic(&places, x, enc))
            .collect();
        Some((f.version, items))
    }

    /// After an open document changed (or opened, or closed): if what the rules across
    /// documents read of it changed, the reports that take it as last year's are checked again.
    async fn follow(&self, uri: &Uri) {
        let now = self.docs.with(uri, |d| d.seen.clone());
        let before = match &now {
            Some(seen) => self.seen.insert(uri.clone(), seen.clone()),
            None => self.seen.remove(uri).map(|(_, s)| s),
        };
        if before != now {
            let ids = [before, now]
                .into_iter()
                .flatten()
                .filter_map(|s| s.identity().cloned())
                .collect();
            self.propagate(ids).await;
        }
    }

    /// Reports of these agencies and years changed: check again the open reports of the year
    /// after each.
    async fn propagate(&self, changed: Vec<gongkai::rules::Identity>) {
        if changed.is_empty() {
            return;
        }
        let followers: Vec<Uri> = self
            .docs
            .uris()
            .into_iter()
            .filter(|uri| {
                self.docs.with(uri, |d| {
                    d.seen
                        .identity()
                        .is_some_and(|id| changed.contains(&id.previous()))
                }) == Some(true)
            })
            .collect();
        let filed = self.workspace.followers(&changed);
        self.show(followers.into_iter().chain(filed).collect())
            .await;
    }

    /// These documents' or files' findings may have changed: pushed, or a pull asked for.
    async fn show(&self, uris: Vec<Uri>) {
        if uris.is_empty() {
            return;
        }
        if self.pull.load(Ordering::Relaxed) {
            self.refresh();
            return;
        }
        for uri in uris {
            self.publish(uri).await;
        }
    }

    /// Every open document and indexed file checked again (settings changed, or the workspace
    /// was indexed); those sent findings before and no longer shown (folder-wide findings
    /// turned off) cleared.
    async fn republish_all(&self) {
        if self.pull.load(Ordering::Relaxed) {
            self.refresh();
            return;
        }
        let mut uris = self.docs.uris();
        uris.extend(self.workspace.uris());
        uris.extend(self.published.iter().map(|e| e.key().clone()));
        uris.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        uris.dedup();
        for uri in uris {
            self.publish(uri).await;
        }
    }

    /// Bring the client up to date with a document: its current findings when it is open, the
    /// file's when it is not (under a workspace folder), else nothing; sent unless that is
    /// exactly what the client was last sent (a file never sent anything shows nothing).
    /// What is sent is read under the document's lock, so whichever handler comes last sends
    /// the present state: a burst of edits publishes its last version once, a version going
    /// back or repeated publishes, and a close racing a reopen (an editor reloading a file)
    /// cannot leave the client with nothing.
    async fn publish(&self, uri: Uri) {
        if self.pull.load(Ordering::Relaxed) {
            return;
        }
        let lock = self.published.entry(uri.clone()).or_default().clone();
        let mut last = lock.lock().await;
        let (version, items) = match self.diagnostics_of(&uri) {
            Some((version, items)) => (Some(version), items),
            None => (None, self.filed_diagnostics(&uri).unwrap_or_default()),
        };
        let now = Sent {
            version,
            digest: digest(&items),
        };
        if *last.get_or_insert_with(Sent::nothing) != now {
            self.client
                .publish_diagnostics(uri.clone(), items, version)
                .await;
        }
        let nothing = now == Sent::nothing();
        *last = Some(now);
        drop(last);
        drop(lock);
        // The entry of a document showing nothing goes when no handler holds it any more
        // (checked under the map's lock, which every new holder takes), so the map keeps only
        // open documents and files with findings.
        if nothing {
            self.published.remove_if(&uri, |_, m| {
                Arc::strong_count(m) == 1
                    && m.try_lock()
                        .is_ok_and(|s| s.as_ref().is_some_and(|s| *s == Sent::nothing()))
            });
        }
    }
}

/// `已读 120/500 份报告(其中 3 份未能识别机关)`: the scan's progress, reports of an unknown
/// agency counted (they have findings, but no year after is paired with them).
fn read_so_far(done: usize, total: usize, unknown: usize) -> String {
    let mut message = format!("已读 {done}/{total} 份报告");
    if unknown > 0 {
        message.push_str(&format!("(其中 {unknown} 份未能识别机关)"));
    }
    message
}

/// How many files are read between two progress reports.
const INDEX_CHUNK: usize = 64;

impl Backend {
    /// Ask the client to tell us of changes to report files and to `gongkai.toml`.
    async fn watch_files(&self) {
        if !self.watch.load(Ordering::Relaxed) {
            return;
        }
        let watchers = ["**/*.txt", "**/*.md", "**/gongkai.toml"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "gongkai-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        let asked = self.client.register_capability(vec![registration]);
        let problem = match tokio::time::timeout(ANSWER_WAIT, asked).await {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e.to_string(),
            Err(_) => "客户端没有回答 / no answer".to_string(),
        };
        self.client
            .log_message(
                MessageType::WARNING,
                format!("gongkai: 无法监视文件变化:{problem}"),
            )
            .await;
    }

    /// A changed file read off the protocol's thread, when the scan would have taken it.
    async fn read_covered(&self, path: std::path::PathBuf) -> Option<super::workspace::Filed> {
        if !self.workspace.covers(&path) {
            return None;
        }
        let enc = self.docs.encoding();
        tokio::task::spawn_blocking(move || Workspace::read(&path, enc))
            .await
            .ok()
            .flatten()
    }

    /// Read the reports under the workspace folders, off the protocol's thread, reporting
    /// progress (`$/progress`) when the client shows it; then check the open reports again.
    async fn index_workspace(&self, folders: Vec<std::path::PathBuf>) {
        let paths = tokio::task::spawn_blocking(move || Workspace::candidates(&folders))
            .await
            .unwrap_or_default();
        if paths.is_empty() {
            return;
        }
        let token = NumberOrString::String("gongkai/index".to_string());
        let progress = if self.progress.load(Ordering::Relaxed)
            && tokio::time::timeout(
                ANSWER_WAIT,
                self.client.create_work_done_progress(token.clone()),
            )
            .await
            .is_ok_and(|r| r.is_ok())
        {
            Some(
                self.client
                    .progress(token, "gongkai:索引工作区中的报告")
                    .with_percentage(0)
                    .with_message(read_so_far(0, paths.len(), 0))
                    .begin()
                    .await,
            )
        } else {
            None
        };
        let total = paths.len();
        let enc = self.docs.encoding();
        let (mut done, mut unknown) = (0, 0);
        for chunk in paths.chunks(INDEX_CHUNK) {
            let chunk = chunk.to_vec();
            done += chunk.len();
            let read = tokio::task::spawn_blocking(move || {
                chunk
                    .into_iter()
                    .filter_map(|p| Some((Uri::from_file_path(&p)?, Workspace::read(&p, enc)?)))
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            let mut indexed = Vec::new();
            for (uri, filed) in read {
                unknown += usize::from(filed.seen.identity().is_none());
                // A document opened meanwhile stands in for its file.
                if self.docs.with(&uri, |_| ()).is_none() {
                    self.workspace.update(uri.clone(), Some(filed));
                    indexed.push(uri);
                }
            }
            // Pushed as they are read; pulled once all are (`republish_all` below).
            if !self.pull.load(Ordering::Relaxed) {
                for uri in indexed {
                    self.publish(uri).await;
                }
            }
            if let Some(p) = &progress {
                p.report_with_message(
                    read_so_far(done, total, unknown),
                    (done * 100 / total) as u32,
                )
                .await;
            }
        }
        if let Some(p) = progress {
            p.finish_with_message(read_so_far(done, total, unknown))
                .await;
        }
        self.republish_all().await;
    }
}

impl Backend {
    /// Has the client apply `edit` (the server writes no file): whether it says it did. A
    /// person may be asked first (a file to create), so the wait is long, but bounded.
    pub(super) async fn apply(&self, edit: WorkspaceEdit) -> bool {
        tokio::time::timeout(ANSWER_WAIT * 10, self.client.apply_edit(edit))
            .await
            .ok()
            .and_then(|r| r.ok())
            .is_some_and(|a| a.applied)
    }

    /// A document past the size limits (`documents::too_large`) is not analysed: said once, until
    /// it comes back under them.
    async fn tell_if_too_large(&self, uri: &Uri) {
        let size = self
            .docs
            .with(uri, |d| {
                (d.too_large && !d.told.swap(true, Ordering::Relaxed))
                    .then(|| (d.rope.len_bytes(), d.rope.len_lines()))
            })
            .flatten();
        if let Some((bytes, lines)) = size {
            let message = format!(
                "gongkai:文档过大({:.1} MB,{lines} 行),超过 {} MB 或 {} 行的文档不做检查,\
                 也没有悬停说明、大纲和修正 / too large to check",
                bytes as f64 / f64::from(1 << 20),
                super::documents::MAX_BYTES >> 20,
                super::documents::MAX_LINES,
            );
            self.client
                .show_message(MessageType::WARNING, message)
                .await;
        }
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
        let folder = match settings.get("folderDiagnostics") {
            None | Some(serde_json::Value::Null) => true,
            Some(serde_json::Value::Bool(on)) => *on,
            Some(_) => {
                self.client
                    .show_message(
                        MessageType::WARNING,
                        "gongkai 设置: 「folderDiagnostics」应为 true 或 false(按 true 处理)",
                    )
                    .await;
                true
            }
        };
        self.folder.store(folder, Ordering::Relaxed);
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
        // Pull only from a client that can be told to pull again: findings change with other
        // documents (last year's report), not only with the one pulled. Neovim 0.11 pulls but
        // has no refresh; it is pushed to.
        let pull = caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some())
            && caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
        self.pull.store(pull, Ordering::Relaxed);
        self.progress.store(
            caps.window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        self.watch.store(
            caps.workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        self.create_files
            .store(super::drafting::creates_files(caps), Ordering::Relaxed);
        self.apply_edit.store(
            caps.workspace
                .as_ref()
                .and_then(|w| w.apply_edit)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        self.definition_links.store(
            caps.text_document
                .as_ref()
                .and_then(|t| t.definition.as_ref())
                .and_then(|d| d.link_support)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        let folders: Vec<std::path::PathBuf> = match &params.workspace_folders {
            Some(f) if !f.is_empty() => f.iter().map(|f| f.uri.clone()).collect::<Vec<_>>(),
            #[allow(deprecated)]
            _ => params.root_uri.iter().cloned().collect(),
        }
        .iter()
        .filter_map(|u| u.to_file_path().map(|p| p.into_owned()))
        .collect();
        // The first root that has a gongkai.toml, or the first root (where one may appear).
        let file = folders
            .iter()
            .map(|p| p.join(gongkai::config::FILE_NAME))
            .find(|p| p.is_file())
            .or_else(|| folders.first().map(|p| p.join(gongkai::config::FILE_NAME)));
        if let Ok(mut f) = self.config_file.write() {
            *f = file;
        }
        self.workspace.set_folders(folders);
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
                completion_provider: Some(CompletionOptions::default()),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                document_highlight_provider: Some(OneOf::Left(true)),
                definition_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: super::annotate::legend(),
                            range: Some(true),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            ..SemanticTokensOptions::default()
                        },
                    ),
                ),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![
                        super::drafting::NEW_REPORT.to_string(),
                        super::annotate::FIX_TABLE.to_string(),
                    ],
                    ..ExecuteCommandOptions::default()
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("gongkai".to_string()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
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
        self.watch_files().await;
        self.index_workspace(self.workspace.folders()).await;
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: Vec<WorkspaceFolder>| -> Vec<std::path::PathBuf> {
            folders
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect()
        };
        let (added, removed) = (paths(p.event.added), paths(p.event.removed));
        let (left, gone) = self.workspace.remove_folders(&removed);
        let mut folders = self.workspace.folders();
        folders.extend(added.iter().cloned());
        self.workspace.set_folders(folders);
        self.show(left).await;
        self.propagate(gone).await;
        if !added.is_empty() {
            self.index_workspace(added).await;
        }
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        let config_file = self.config_file.read().ok().and_then(|f| f.clone());
        let mut changed = Vec::new();
        let mut touched = Vec::new();
        let mut reconfigure = false;
        for change in p.changes {
            let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if Some(&path) == config_file.as_ref() {
                reconfigure = true;
                continue;
            }
            // An open document stands in for its file until it is closed.
            if self.docs.with(&change.uri, |_| ()).is_some() {
                continue;
            }
            let filed = match change.typ {
                FileChangeType::DELETED => None,
                _ => self.read_covered(path).await,
            };
            changed.extend(self.workspace.update(change.uri.clone(), filed));
            touched.push(change.uri);
        }
        if reconfigure {
            self.apply_config().await;
            self.republish_all().await;
        } else {
            self.show(touched).await;
            self.propagate(changed).await;
        }
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
        let uri = p.text_document.uri;
        self.tell_if_too_large(&uri).await;
        self.publish(uri.clone()).await;
        self.follow(&uri).await;
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        self.tell_if_too_large(&uri).await;
        self.publish(uri.clone()).await;
        self.follow(&uri).await;
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        // The file on disk takes the closed document's place (it may never have been saved).
        if let Some(path) = uri.to_file_path().map(|p| p.into_owned()) {
            let filed = self.read_covered(path).await;
            self.workspace.update(uri.clone(), filed);
        }
        self.follow(&uri).await;
        // The file's findings take the document's place (nothing when it is not indexed),
        // unless it has been opened again meanwhile; a pull client pulls them with the folder's.
        if self.pull.load(Ordering::Relaxed) {
            self.refresh();
        }
        self.publish(uri).await;
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

    /// The findings of every file under the workspace folders that is not open (open ones are
    /// pulled one by one): `unchanged` where the client's `resultId` is the findings' digest;
    /// a file the client has findings of that is no longer indexed, emptied.
    async fn workspace_diagnostic(
        &self,
        p: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let mut known: std::collections::HashMap<Uri, String> = p
            .previous_result_ids
            .into_iter()
            .map(|r| (r.uri, r.value))
            .collect();
        let mut uris = self.workspace.uris();
        uris.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        let mut items = Vec::new();
        let report = |uri: Uri, diagnostics: Vec<Diagnostic>, known: Option<String>| {
            let id = format!("{:016x}", digest(&diagnostics));
            if known.as_ref() == Some(&id) {
                WorkspaceDocumentDiagnosticReport::Unchanged(
                    WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version: None,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id: id,
                        },
                    },
                )
            } else {
                WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                    uri,
                    version: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some(id),
                        items: diagnostics,
                    },
                })
            }
        };
        for uri in uris {
            if let Some(diagnostics) = self.filed_diagnostics(&uri) {
                let before = known.remove(&uri);
                items.push(report(uri, diagnostics, before));
            }
        }
        let mut left: Vec<(Uri, String)> = known
            .into_iter()
            .filter(|(uri, _)| self.docs.with(uri, |_| ()).is_none())
            .collect();
        left.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        for (uri, before) in left {
            items.push(report(uri, Vec::new(), Some(before)));
        }
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let enc = self.docs.encoding();
        let pos = p.text_document_position_params;
        Ok(self
            .docs
            .with(&pos.text_document.uri, |d| {
                let at = offset(&d.rope, pos.position, enc);
                gongkai::explain::at(&d.text, &d.report, at).map(|e| Hover {
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
        let Some(f) = self.findings(&uri) else {
            return Ok(None);
        };
        let places = f.places();
        let from = offset(&f.rope, p.range.start, enc);
        let to = offset(&f.rope, p.range.end, enc);
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();
        if wants(CodeActionKind::QUICKFIX.as_str()) {
            for x in f
                .items
                .iter()
                .filter(|x| x.span.start <= to && from <= x.span.end)
            {
                actions.extend(
                    convert::quick_fixes(&places, x, enc)
                        .into_iter()
                        .map(CodeActionOrCommand::CodeAction),
                );
            }
        }
        if wants(FIX_ALL) {
            let edits = gongkai::fix::safe_edits(&f.items);
            if !edits.is_empty() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "修正本报告中所有可安全修正的问题".to_string(),
                    kind: Some(CodeActionKind::new(FIX_ALL)),
                    edit: Some(convert::edit(&f.rope, &uri, &edits, enc)),
                    ..CodeAction::default()
                }));
            }
        }
        if only.is_none() {
            actions.extend(
                self.draft_action(&uri, enc)
                    .map(CodeActionOrCommand::CodeAction),
            );
        }
        Ok(Some(actions))
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        let enc = self.docs.encoding();
        let pos = p.text_document_position;
        Ok(self
            .docs
            .with(&pos.text_document.uri, |d| {
                super::completion::items(d, pos.position, enc)
            })
            .flatten())
    }

    async fn formatting(&self, p: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let enc = self.docs.encoding();
        Ok(self
            .docs
            .with(&p.text_document.uri, |d| {
                super::formatting::edits(d, None, enc)
            })
            .flatten())
    }

    async fn range_formatting(
        &self,
        p: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        let enc = self.docs.encoding();
        Ok(self
            .docs
            .with(&p.text_document.uri, |d| {
                super::formatting::edits(d, Some(p.range), enc)
            })
            .flatten())
    }

    async fn execute_command(&self, p: ExecuteCommandParams) -> Result<Option<serde_json::Value>> {
        match p.command.as_str() {
            super::drafting::NEW_REPORT => self.new_report(p.arguments).await,
            super::annotate::FIX_TABLE => self.fix_table(p.arguments).await,
            other => Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "未知命令 / unknown command: {other}"
            ))),
        }
    }

    async fn code_lens(&self, p: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        Ok(self.code_lenses(&p.text_document.uri).await)
    }

    async fn document_highlight(
        &self,
        p: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let pos = p.text_document_position_params;
        Ok(self.highlights(&pos.text_document.uri, pos.position))
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let pos = p.text_document_position_params;
        Ok(self.definition(&pos.text_document.uri, pos.position))
    }

    async fn semantic_tokens_full(
        &self,
        p: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        Ok(self.tokens(&p.text_document.uri, None).map(Into::into))
    }

    async fn semantic_tokens_range(
        &self,
        p: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        Ok(self
            .tokens(&p.text_document.uri, Some(p.range))
            .map(Into::into))
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
