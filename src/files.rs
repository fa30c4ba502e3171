//! Finding report files under a folder: the CLI's directories and the server's workspace
//! folders are walked the same way.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Files over this size are not reports (the workspace scan skips them).
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;

/// Files a walk takes: text, Word files, web pages and PDFs (extensions in any case). Formats
/// no reader takes are left to be named explicitly, where they get a message.
pub fn is_report_file(p: &Path) -> bool {
    use gongkai::read::Kind;
    matches!(
        Kind::of(p),
        Some(Kind::Text | Kind::Docx | Kind::Html | Kind::Pdf)
    )
}

/// Folders that hold no reports of the user's: build output, packages, hidden folders (`.git`).
fn skipped_folder(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// A report file a walk found: its path as reached from the folder given, and its real path
/// (links resolved), by which a file reached twice is known.
pub struct Found {
    pub path: PathBuf,
    pub real: PathBuf,
}

/// What a folder's entry is, as the walk needs it.
enum Entry {
    Folder,
    /// A regular file, with its size when a limit asks for it.
    File(Option<u64>),
    /// A link, resolved when it is reached.
    Link,
}

/// A folder being walked: its path, its real path, and the entries still to visit, in reverse
/// order (popped from the end).
struct Open {
    path: PathBuf,
    real: PathBuf,
    entries: Vec<(std::ffi::OsString, Entry)>,
}

/// The report files (`is_report_file`) under `root`, sorted, skipping the folders above, links
/// that lead outside `root` (or back into a folder already walked), and whatever is not a
/// regular file (a pipe named `*.txt` would block the reader forever); with `max_bytes`, larger
/// files too. A folder that cannot be read is passed to `unreadable`, and the walk goes on.
///
/// Each entry costs the same at any depth: a folder's real path is its parent's joined with its
/// name (only a link is resolved), its entries' kinds and sizes come from the folder itself,
/// and the folders are kept on a stack of their own, not the thread's.
pub fn under(
    root: &Path,
    max_bytes: Option<u64>,
    unreadable: &mut dyn FnMut(&Path, std::io::Error),
) -> Vec<Found> {
    let Ok(real_root) = root.canonicalize() else {
        unreadable(root, std::io::Error::from(std::io::ErrorKind::NotFound));
        return Vec::new();
    };
    // Through links, a folder could be reached twice, or forever.
    let mut seen = HashSet::from([real_root.clone()]);
    let mut out = Vec::new();
    let mut stack = Vec::new();
    stack.extend(open(root, real_root.clone(), max_bytes, unreadable));
    while let Some(top) = stack.last_mut() {
        let Some((name, entry)) = top.entries.pop() else {
            stack.pop();
            continue;
        };
        let path = top.path.join(&name);
        let (real, entry) = match entry {
            Entry::Link => {
                let Some((real, meta)) = path
                    .canonicalize()
                    .ok()
                    .filter(|r| r.starts_with(&real_root))
                    .and_then(|r| std::fs::metadata(&r).ok().map(|m| (r, m)))
                else {
                    continue;
                };
                let entry = if meta.is_dir() {
                    Entry::Folder
                } else if meta.is_file() && is_report_file(&path) {
                    Entry::File(Some(meta.len()))
                } else {
                    continue;
                };
                (real, entry)
            }
            entry => (top.real.join(&name), entry),
        };
        match entry {
            Entry::Folder => {
                if !skipped_folder(name.to_str().unwrap_or_default()) && seen.insert(real.clone()) {
                    stack.extend(open(&path, real, max_bytes, unreadable));
                }
            }
            Entry::File(size) => {
                if max_bytes.is_none_or(|max| size.is_some_and(|s| s <= max)) {
                    out.push(Found { path, real });
                }
            }
            Entry::Link => {}
        }
    }
    out
}

/// A folder's entries that the walk may take: folders, links, and regular report files.
fn open(
    path: &Path,
    real: PathBuf,
    max_bytes: Option<u64>,
    unreadable: &mut dyn FnMut(&Path, std::io::Error),
) -> Option<Open> {
    let read = match std::fs::read_dir(path) {
        Ok(rd) => rd,
        Err(e) => {
            unreadable(path, e);
            return None;
        }
    };
    let mut entries: Vec<_> = read
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name();
            let kind = e.file_type().ok()?;
            let entry = if kind.is_dir() {
                Entry::Folder
            } else if kind.is_symlink() {
                Entry::Link
            } else if kind.is_file() && is_report_file(Path::new(&name)) {
                Entry::File(match max_bytes {
                    Some(_) => Some(e.metadata().ok()?.len()),
                    None => None,
                })
            } else {
                return None;
            };
            Some((name, entry))
        })
        .collect();
    // The folder's handle is closed here: a deep tree holds no descriptor per level.
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    Some(Open {
        path: path.to_path_buf(),
        real,
        entries,
    })
}

/// A file the walk takes, once its folders are known not to be skipped (`root` canonical).
fn taken(p: &Path, root: &Path, max_bytes: Option<u64>) -> bool {
    is_report_file(p)
        && p.canonicalize().is_ok_and(|real| real.starts_with(root))
        && p.metadata()
            .is_ok_and(|m| m.is_file() && max_bytes.is_none_or(|max| m.len() <= max))
}

/// Whether `under(root, max_bytes, …)` would find `path`: for a file that changed since.
pub fn admits(root: &Path, path: &Path, max_bytes: Option<u64>) -> bool {
    let Ok(real_root) = root.canonicalize() else {
        return false;
    };
    let folders_ok = path
        .parent()
        .and_then(|d| d.strip_prefix(root).ok())
        .is_some_and(|rest| {
            rest.components()
                .all(|c| !skipped_folder(c.as_os_str().to_str().unwrap_or(".")))
        });
    folders_ok && taken(path, &real_root, max_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_hidden_build_and_package_folders_big_files_and_links_outside() {
        let base = std::env::temp_dir().join(format!("gongkai-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("root");
        let outside = base.join("outside");
        for d in ["a", ".git", "target", "node_modules", "b/.hidden"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::create_dir_all(&outside).unwrap();
        for f in [
            "a/2024.txt",
            "a/notes.md",
            "a/data.csv",
            ".git/x.txt",
            "target/y.txt",
            "node_modules/z.md",
            "b/.hidden/w.txt",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        std::fs::write(root.join("a/big.txt"), vec![b'x'; 2048]).unwrap();
        // A pipe named like a report: opening it to read would wait for a writer forever.
        let pipe = std::ffi::CString::new(
            root.join("a/pipe.txt")
                .into_os_string()
                .into_encoded_bytes(),
        )
        .unwrap();
        assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0);
        std::fs::write(outside.join("elsewhere.txt"), "x").unwrap();
        std::os::unix::fs::symlink(outside.join("elsewhere.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("linked-folder")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("a/loop")).unwrap();
        let found: Vec<String> = under(&root, Some(1024), &mut |p, e| panic!("{p:?}: {e}"))
            .iter()
            .map(|f| f.path.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(found, ["a/2024.txt", "a/notes.md"]);
        assert!(admits(&root, &root.join("a/2024.txt"), Some(1024)));
        for skipped in [
            "target/y.txt",
            "b/.hidden/w.txt",
            "a/big.txt",
            "link.txt",
            "a/data.csv",
            "a/pipe.txt",
        ] {
            assert!(!admits(&root, &root.join(skipped), Some(1024)), "{skipped}");
        }
        // Without a size limit (the command line), the big file is a report file too.
        assert_eq!(under(&root, None, &mut |_, _| {}).len(), 3);
        let _ = std::fs::remove_dir_all(&base);
    }
}
