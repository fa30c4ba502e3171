//! The reports on disk under the workspace folders, for the rules across documents: scanned
//! once at start, kept current by file watching. Open documents stand in for their files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use gongkai::config::Config;
use gongkai::rules::{Identity, Seen};
use ropey::Rope;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticRelatedInformation, Location, Position, Range, Uri,
};

use super::convert;
use super::position::{Encoding, position};

/// A report on disk that is not open, as little as the server needs of it (issue 15): what the
/// rules across documents read of it, positions for those spans, and its own findings with
/// their ranges (those across documents depend on another report: worked out when asked). No
/// text and no model: a few kilobytes at most where those were some 45 KB.
pub struct Filed {
    pub seen: Seen,
    /// The position of each offset `seen` holds, sorted by offset.
    positions: Box<[(u32, Position)]>,
    /// With the catalogue's severities: the configuration is applied when they are sent.
    findings: Box<[Finding]>,
}

/// One of a file's own findings, as kept: no fix (fixes are offered on open documents only).
struct Finding {
    code: &'static str,
    severity: gongkai::Severity,
    range: Range,
    message: Box<str>,
    /// Places in the same file.
    related: Box<[(Range, Box<str>)]>,
}

impl Filed {
    /// The position of an offset `seen` holds (the start of the file for any other).
    pub fn position(&self, offset: usize) -> Position {
        self.positions
            .binary_search_by_key(&offset, |(o, _)| *o as usize)
            .map(|i| self.positions[i].1)
            .unwrap_or_default()
    }

    /// Its own findings under this configuration, as the protocol has them.
    pub fn diagnostics(&self, uri: &Uri, config: &Config) -> Vec<Diagnostic> {
        self.findings
            .iter()
            .filter_map(|f| {
                let severity = config.severity(f.code, f.severity)?;
                let related = f
                    .related
                    .iter()
                    .map(|(range, message)| DiagnosticRelatedInformation {
                        location: Location::new(uri.clone(), *range),
                        message: message.to_string(),
                    })
                    .collect();
                Some(convert::build(
                    f.range,
                    severity,
                    f.code,
                    f.message.to_string(),
                    related,
                ))
            })
            .collect()
    }
}

#[derive(Default)]
pub struct Workspace {
    folders: RwLock<Vec<PathBuf>>,
    files: DashMap<Uri, Arc<Filed>>,
    /// The files of each identity, so that finding last year's report or the year after's
    /// does not go through every file (that made the check after a scan quadratic).
    by_identity: DashMap<Identity, Vec<Uri>>,
}

impl Workspace {
    pub fn set_folders(&self, folders: Vec<PathBuf>) {
        if let Ok(mut f) = self.folders.write() {
            *f = folders;
        }
    }

    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders.read().map(|f| f.clone()).unwrap_or_default()
    }

    /// Every report file under these folders, as the scan finds them.
    pub fn candidates(folders: &[PathBuf]) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = folders
            .iter()
            .flat_map(|f| crate::files::under(f, Some(crate::files::MAX_BYTES), &mut |_, _| {}))
            .map(|found| found.path)
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Whether a changed file is one the scan would have taken.
    pub fn covers(&self, path: &Path) -> bool {
        self.folders()
            .iter()
            .any(|f| crate::files::admits(f, path, Some(crate::files::MAX_BYTES)))
    }

    /// Folders removed from the workspace: their files leave the index unless another folder
    /// still holds them. Returns the files and the identities that left.
    pub fn remove_folders(&self, removed: &[PathBuf]) -> (Vec<Uri>, Vec<Identity>) {
        let mut folders = self.folders();
        folders.retain(|f| !removed.contains(f));
        let gone: Vec<Uri> = self
            .files
            .iter()
            .filter(|e| {
                e.key().to_file_path().is_some_and(|p| {
                    removed.iter().any(|r| p.starts_with(r))
                        && !folders.iter().any(|f| p.starts_with(f))
                })
            })
            .map(|e| e.key().clone())
            .collect();
        self.set_folders(folders);
        let ids = gone
            .iter()
            .flat_map(|uri| self.update(uri.clone(), None))
            .collect();
        (gone, ids)
    }

    /// Read and check one file, its positions in `enc`; `None` when it is not a report (a
    /// report whose agency is not known is kept: it has findings, but no year after reads it).
    pub fn read(path: &Path, enc: Encoding) -> Option<Filed> {
        // Only a regular file, and no more of it than a report can be (it may have grown).
        let (text, _) = gongkai::read::load(path, crate::files::MAX_BYTES).ok()?;
        if super::documents::too_large(text.len(), text.lines().count()) {
            return None;
        }
        let (report, findings) = gongkai::check(&text);
        if !report.is_report {
            return None;
        }
        let rope = Rope::from_str(&text);
        let seen = Seen::of(&report);
        let mut offsets: Vec<usize> = seen.offsets().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let range = |span: &gongkai::model::Span| convert::range(&rope, span, enc);
        Some(Filed {
            positions: offsets
                .into_iter()
                .map(|o| (o as u32, position(&rope, o, enc)))
                .collect(),
            findings: findings
                .into_iter()
                .map(|d| Finding {
                    code: d.code,
                    severity: d.severity,
                    range: range(&d.span),
                    message: d.message.into_boxed_str(),
                    related: d
                        .related
                        .into_iter()
                        .map(|r| (range(&r.span), r.message.into_boxed_str()))
                        .collect(),
                })
                .collect(),
            seen,
        })
    }

    /// Put a file's current state in the index (or take it out); returns the identities it
    /// had and has, whose neighbours' findings may have changed.
    pub fn update(&self, uri: Uri, filed: Option<Filed>) -> Vec<Identity> {
        let after = filed.as_ref().and_then(|f| f.seen.identity().cloned());
        let before = match filed {
            Some(f) => self.files.insert(uri.clone(), Arc::new(f)),
            None => self.files.remove(&uri).map(|(_, f)| f),
        }
        .and_then(|f| f.seen.identity().cloned());
        if before != after {
            if let Some(id) = &before {
                self.by_identity.remove_if_mut(id, |_, uris| {
                    uris.retain(|u| u != &uri);
                    uris.is_empty()
                });
            }
            if let Some(id) = &after {
                self.by_identity.entry(id.clone()).or_default().push(uri);
            }
        }
        before.into_iter().chain(after).collect()
    }

    /// The report on disk with this identity (the first by URI, when several claim it).
    pub fn find(&self, id: &Identity, except: &[Uri]) -> Option<(Uri, Arc<Filed>)> {
        let uri = self
            .by_identity
            .get(id)?
            .iter()
            .filter(|u| !except.contains(u))
            .min_by(|a, b| a.as_str().cmp(b.as_str()))?
            .clone();
        let filed = self.get(&uri)?;
        Some((uri, filed))
    }

    pub fn get(&self, uri: &Uri) -> Option<Arc<Filed>> {
        self.files.get(uri).map(|f| f.clone())
    }

    /// Every indexed file.
    pub fn uris(&self) -> Vec<Uri> {
        self.files.iter().map(|e| e.key().clone()).collect()
    }

    /// The indexed files whose year before is one of these.
    pub fn followers(&self, changed: &[Identity]) -> Vec<Uri> {
        changed
            .iter()
            .filter_map(|id| {
                let next = Identity {
                    agency: id.agency.clone(),
                    year: id.year.checked_add(1)?,
                };
                Some(self.by_identity.get(&next)?.clone())
            })
            .flatten()
            .collect()
    }

    /// The file of this year's report when every indexed report of it is one agency's (the
    /// first by URI): what a draft with no agency named takes as its year before.
    pub fn the_one_of(&self, year: u16) -> Option<Uri> {
        let mut of_year: Vec<(Uri, Identity)> = self
            .files
            .iter()
            .filter_map(|e| {
                let id = e.seen.identity().filter(|id| id.year == year)?;
                Some((e.key().clone(), id.clone()))
            })
            .collect();
        of_year.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let first = &of_year.first()?.1;
        of_year
            .iter()
            .all(|(_, id)| id == first)
            .then(|| of_year[0].0.clone())
    }
}
