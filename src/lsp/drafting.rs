//! A new report to draft, from the server: the `gongkai.newReport` command (answered with a
//! `workspace/applyEdit` the client carries out: the server never writes a file) and the code
//! action on an empty document. The draft itself is `skeleton::draft`.

use std::sync::Arc;

use serde::Deserialize;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use gongkai::rules::Identity;

use super::position::{Encoding, position};
use super::server::Backend;

pub const NEW_REPORT: &str = "gongkai.newReport";

/// Whether the client applies a `CreateFile` operation (`workspace.workspaceEdit.
/// resourceOperations` holding `create`): the new report can then be a new file. Operations
/// only travel in `documentChanges`, so declaring one implies those (Neovim 0.11 declares the
/// operations and not `documentChanges`, and applies both).
pub fn creates_files(caps: &ClientCapabilities) -> bool {
    caps.workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|e| e.resource_operations.as_ref())
        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
}

/// The command's one argument: `{ "year", "agency"?, "last"?, "uri"? }`. `uri` is the document
/// to create (or, for a client that cannot create files, the open document to write into);
/// without it, `<年>年政府信息公开工作年度报告.txt` in the first workspace folder.
#[derive(Deserialize)]
struct NewReport {
    year: u16,
    agency: Option<String>,
    last: Option<Uri>,
    uri: Option<Uri>,
}

/// A report's model read from its file: the index keeps none (`workspace::Filed`).
fn on_disk(uri: &Uri) -> Option<Arc<gongkai::Report>> {
    let path = uri.to_file_path()?;
    let (text, _) = gongkai::read::load(&path, crate::files::MAX_BYTES).ok()?;
    let report = gongkai::parse(&text);
    report.is_report.then(|| Arc::new(report))
}

fn invalid(message: String) -> Error {
    Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

impl Backend {
    /// A report model by URI: the open document, else read from disk.
    fn report_at(&self, uri: &Uri) -> Option<Arc<gongkai::Report>> {
        if let Some(r) = self.docs.with(uri, |d| Arc::new(d.report.clone())) {
            return Some(r);
        }
        on_disk(uri)
    }

    /// Last year's report for a draft: the agency's (open first, then on disk), or, with no
    /// agency known, the one agency the workspace has a report of for that year.
    fn year_before(&self, agency: Option<&str>, year: u16) -> Option<Arc<gongkai::Report>> {
        let before = year.checked_sub(1)?;
        match agency {
            Some(a) => {
                let id = Identity::named(a, before);
                let none = Uri::from_file_path("/").expect("a file URI");
                match self.docs.find(&id, &none) {
                    Some((uri, ..)) => self.report_at(&uri),
                    None => on_disk(&self.workspace.find(&id, &[])?.0),
                }
            }
            None => on_disk(&self.workspace.the_one_of(before)?),
        }
    }

    /// `gongkai.newReport`: the draft sent to the client as a workspace edit to apply; answers
    /// `{applied, uri}`.
    pub async fn new_report(
        &self,
        arguments: Vec<serde_json::Value>,
    ) -> Result<Option<serde_json::Value>> {
        let arg = arguments.into_iter().next().unwrap_or_default();
        let req: NewReport = serde_json::from_value(arg).map_err(|e| {
            invalid(format!(
                "gongkai.newReport 的参数应为 {{year, agency?, last?, uri?}}:{e}"
            ))
        })?;
        let last = match &req.last {
            Some(uri) => Some(self.report_at(uri).ok_or_else(|| {
                invalid(format!(
                    "{}:读不到,或不像一份年度报告 / not a report",
                    uri.as_str()
                ))
            })?),
            None => self.year_before(req.agency.as_deref(), req.year),
        };
        let text = gongkai::skeleton::draft(
            &gongkai::skeleton::Request {
                year: req.year,
                agency: req.agency.as_deref(),
                last: last.as_deref(),
            },
            "\n",
        )
        .map_err(invalid)?;
        let target = match req.uri {
            Some(u) => u,
            None => {
                let folder = self.workspace.folders().into_iter().next().ok_or_else(|| {
                    invalid(
                        "没有工作区文件夹,请给出新报告的 uri / no folder to create it in".into(),
                    )
                })?;
                let name = format!(
                    "{}{}年政府信息公开工作年度报告.txt",
                    req.agency.as_deref().unwrap_or_default(),
                    req.year
                );
                Uri::from_file_path(folder.join(name))
                    .ok_or_else(|| invalid("新报告的路径无法成为 URI / no URI".into()))?
            }
        };
        let answer_uri = target.to_string();
        let edit = if self.create_files.load(std::sync::atomic::Ordering::Relaxed) {
            created(target, text)
        } else {
            // A client that cannot create files gets the text inserted into the document named,
            // which it has open (else it has nowhere to put it).
            if self.docs.with(&target, |_| ()).is_none() {
                return Err(invalid(format!(
                    "编辑器不支持新建文件,请先打开 {} 再运行 / open it first: the client cannot create files",
                    target.as_str()
                )));
            }
            WorkspaceEdit {
                changes: Some(
                    [(target, vec![TextEdit::new(Range::default(), text)])]
                        .into_iter()
                        .collect(),
                ),
                ..WorkspaceEdit::default()
            }
        };
        let applied = self.apply(edit).await;
        // The document's URI, for the editor to show it.
        Ok(Some(serde_json::json!({
            "applied": applied,
            "uri": answer_uri,
        })))
    }

    /// "新建年度报告" on an empty or nearly empty document: its text replaced by the draft of
    /// the year it names (text, then file name) or the current reporting year.
    pub fn draft_action(&self, uri: &Uri, enc: Encoding) -> Option<CodeAction> {
        let (text, rope, agency) = self.docs.with(uri, |d| {
            gongkai::skeleton::nearly_empty(&d.text, &d.report).then(|| {
                (
                    d.text.clone(),
                    d.rope.clone(),
                    d.report.agency().map(|a| a.name.clone()),
                )
            })
        })??;
        // Only its digits matter, which percent-encoding leaves as they are.
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let year = gongkai::skeleton::year_named(&text, name)
            .unwrap_or_else(|| gongkai::skeleton::reporting_year(now));
        let last = self.year_before(agency.as_deref(), year);
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let draft = gongkai::skeleton::draft(
            &gongkai::skeleton::Request {
                year,
                agency: agency.as_deref(),
                last: last.as_deref(),
            },
            nl,
        )
        .ok()?;
        let all = Range::new(Position::new(0, 0), position(&rope, rope.len_bytes(), enc));
        Some(CodeAction {
            title: format!("新建年度报告({year} 年格式)"),
            edit: Some(WorkspaceEdit {
                changes: Some(
                    [(uri.clone(), vec![TextEdit::new(all, draft)])]
                        .into_iter()
                        .collect(),
                ),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        })
    }
}

/// A new file and its text, as one workspace edit: the create fails on a file already there
/// (neither `overwrite` nor `ignoreIfExists`), so no report begun is lost.
fn created(uri: Uri, text: String) -> WorkspaceEdit {
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: None,
                annotation_id: None,
            })),
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![OneOf::Left(TextEdit::new(Range::default(), text))],
            }),
        ])),
        ..WorkspaceEdit::default()
    }
}
