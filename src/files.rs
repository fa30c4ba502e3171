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

/// The report files (`is_report_file`) under `root`, sorted, skipping the folders above and links that
/// lead outside `root` (or back into a folder already walked); with `max_bytes`, larger files
/// too. A folder that cannot be read is passed to `unreadable`, and the walk goes on.
pub fn under(
    root: &Path,
    max_bytes: Option<u64>,
    unreadable: &mut dyn FnMut(&Path, std::io::Error),
) -> Vec<PathBuf> {
    let Ok(real_root) = root.canonicalize() else {
        unreadable(root, std::io::Error::from(std::io::ErrorKind::NotFound));
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    walk(root, &real_root, max_bytes, &mut seen, &mut out, unreadable);
    out
}

fn walk(
    dir: &Path,
    root: &Path,
    max_bytes: Option<u64>,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
    unreadable: &mut dyn FnMut(&Path, std::io::Error),
) {
    // Through links, a folder could be reached twice, or forever.
    match dir.canonicalize() {
        Ok(real) if real.starts_with(root) && seen.insert(real.clone()) => {}
        Ok(_) => return,
        Err(e) => return unreadable(dir, e),
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => return unreadable(dir, e),
    };
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if p.is_dir() {
            if !skipped_folder(name) {
                walk(&p, root, max_bytes, seen, out, unreadable);
            }
            continue;
        }
        if taken(&p, root, max_bytes) {
            out.push(p);
        }
    }
}

/// A file the walk takes, once its folders are known not to be skipped (`root` canonical).
fn taken(p: &Path, root: &Path, max_bytes: Option<u64>) -> bool {
    is_report_file(p)
        && p.canonicalize().is_ok_and(|real| real.starts_with(root))
        && max_bytes.is_none_or(|max| p.metadata().is_ok_and(|m| m.len() <= max))
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
        std::fs::write(outside.join("elsewhere.txt"), "x").unwrap();
        std::os::unix::fs::symlink(outside.join("elsewhere.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("linked-folder")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("a/loop")).unwrap();
        let found: Vec<String> = under(&root, Some(1024), &mut |p, e| panic!("{p:?}: {e}"))
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(found, ["a/2024.txt", "a/notes.md"]);
        assert!(admits(&root, &root.join("a/2024.txt"), Some(1024)));
        for skipped in [
            "target/y.txt",
            "b/.hidden/w.txt",
            "a/big.txt",
            "link.txt",
            "a/data.csv",
        ] {
            assert!(!admits(&root, &root.join(skipped), Some(1024)), "{skipped}");
        }
        // Without a size limit (the command line), the big file is a report file too.
        assert_eq!(under(&root, None, &mut |_, _| {}).len(), 3);
        let _ = std::fs::remove_dir_all(&base);
    }
}
