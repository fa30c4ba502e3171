//! The documents named on the command line: files, directories walked in sorted order (as
//! `files::under` walks them), `-`. A document named twice (a path repeated, a file inside a
//! folder also given, `-` twice) is checked once, where it first appears.

use std::path::PathBuf;

#[derive(Clone)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

pub fn collect(paths: &[String], failed: &mut bool) -> Vec<Input> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stdin = false;
    for p in paths {
        if p == "-" {
            if !std::mem::replace(&mut stdin, true) {
                out.push(Input::Stdin);
            }
            continue;
        }
        let path = PathBuf::from(p);
        if path.is_dir() {
            let files = crate::files::under(&path, None, &mut |dir, e| {
                eprintln!(
                    "gongkai: {}: 无法读取目录 cannot read directory: {e}",
                    dir.display()
                );
                *failed = true;
            });
            // The walk knows each file's real path: nothing is resolved again here.
            out.extend(
                files
                    .into_iter()
                    .filter(|f| seen.insert(f.real.clone()))
                    .map(|f| Input::File(f.path)),
            );
        } else if path.exists() {
            // Whatever it is: reading it says so when it is no regular file (`/dev/zero`, a pipe).
            if seen.insert(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
                out.push(Input::File(path));
            }
        } else {
            eprintln!("gongkai: {p}: 文件不存在 no such file");
            *failed = true;
        }
    }
    out
}

/// Nothing to read in what was named (an empty folder, one of other files): a warning, and the
/// run fails.
pub fn none_found(paths: &[String]) {
    eprintln!(
        "gongkai: 警告 warning: 没有找到要检查的文件(*.txt、*.md、*.docx、*.html)/ no report files found in {}",
        paths.join(" ")
    );
}
