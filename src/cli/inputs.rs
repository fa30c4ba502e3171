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
            out.extend(files.into_iter().map(Input::File));
        } else if path.exists() {
            out.push(Input::File(path));
        } else {
            eprintln!("gongkai: {p}: 文件不存在 no such file");
            *failed = true;
        }
    }
    out.retain(|i| match i {
        Input::Stdin => true,
        Input::File(p) => seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
    });
    out
}
