//! Writing a fixed report over the original without ever leaving it half written: the new
//! text goes to a temporary file beside it, is synced, takes the original's permissions and
//! owner, and is renamed over it. On any failure the temporary file is removed and the
//! original is untouched (a full disk or a file-size limit must not cost the report).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_beside(path);
    let written = write_synced(&temp, path, bytes).and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.gongkai-{}.tmp", std::process::id()))
}

fn write_synced(temp: &Path, original: &Path, bytes: &[u8]) -> io::Result<()> {
    let meta = fs::metadata(original)?;
    let mut file = File::create_new(temp)?;
    file.write_all(bytes)?;
    file.set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; for anyone else the owner is already theirs.
        if let Err(e) = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()))
            && e.kind() != io::ErrorKind::PermissionDenied
        {
            return Err(e);
        }
    }
    file.sync_all()
}

/// A file-size limit (`ulimit -f`) kills a writer with SIGXFSZ by default; ignored, the write
/// fails with EFBIG instead and the original is kept like on any other failure.
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler and touches no memory.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_keeps_its_mode() {
        let dir = std::env::temp_dir().join(format!("gongkai-replace-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("报告.txt");
        fs::write(&path, "旧").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        replace(&path, "新的文本".as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "新的文本");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left beside it");
        fs::remove_dir_all(&dir).unwrap();
    }
}
