//! The reports on disk under the workspace folders, for the rules across documents: scanned
//! once at start, kept current by file watching. Open documents stand in for their files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use dashmap::DashMap;
use gongkai::rules::Identity;
use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

/// A report on disk: its model, and a rope to turn its spans into positions.
#[derive(Clone)]
pub struct Filed {
    pub rope: Rope,
    pub report: Arc<gongkai::Report>,
    pub identity: Identity,
}

#[derive(Default)]
pub struct Workspace {
    folders: RwLock<Vec<PathBuf>>,
    files: DashMap<Uri, Filed>,
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
    /// still holds them. Returns the identities that left.
    pub fn remove_folders(&self, removed: &[PathBuf]) -> Vec<Identity> {
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
        gone.into_iter()
            .flat_map(|uri| self.update(uri, None))
            .collect()
    }

    /// Read and parse one file; `None` when it is not a report of a known agency and year.
    pub fn read(path: &Path) -> Option<Filed> {
        // Only a regular file, and no more of it than a report can be (it may have grown).
        let (text, _) = gongkai::read::load(path, crate::files::MAX_BYTES).ok()?;
        if super::documents::too_large(text.len(), text.lines().count()) {
            return None;
        }
        let report = gongkai::parse(&text);
        let identity = Identity::of(&report).filter(|_| report.is_report)?;
        Some(Filed {
            rope: Rope::from_str(&text),
            report: Arc::new(report),
            identity,
        })
    }

    /// Put a file's current state in the index (or take it out); returns the identities it
    /// had and has, whose neighbours' findings may have changed.
    pub fn update(&self, uri: Uri, filed: Option<Filed>) -> Vec<Identity> {
        let before = self.files.get(&uri).map(|f| f.identity.clone());
        let after = filed.as_ref().map(|f| f.identity.clone());
        match filed {
            Some(f) => {
                self.files.insert(uri, f);
            }
            None => {
                self.files.remove(&uri);
            }
        }
        before.into_iter().chain(after).collect()
    }

    /// The report on disk with this identity (the first by URI, when several claim it).
    pub fn find(&self, id: &Identity, except: &[Uri]) -> Option<(Uri, Filed)> {
        let uri = self
            .files
            .iter()
            .filter(|e| &e.identity == id && !except.contains(e.key()))
            .map(|e| e.key().clone())
            .min_by(|a, b| a.as_str().cmp(b.as_str()))?;
        let filed = self.files.get(&uri)?.clone();
        Some((uri, filed))
    }

    pub fn get(&self, uri: &Uri) -> Option<Filed> {
        self.files.get(uri).map(|f| f.clone())
    }

    /// The report of this year when every indexed report of it is one agency's (the first by
    /// URI): what a draft with no agency named takes as its year before.
    pub fn the_one_of(&self, year: u16) -> Option<Filed> {
        let mut of_year: Vec<(Uri, Filed)> = self
            .files
            .iter()
            .filter(|e| e.identity.year == year)
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect();
        of_year.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        let first = &of_year.first()?.1;
        of_year
            .iter()
            .all(|(_, f)| f.identity == first.identity)
            .then(|| first.clone())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }
}
