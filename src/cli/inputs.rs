//! The documents named on the command line: files, directories walked in sorted order, `-`.

use std::path::{Path, PathBuf};

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

fn is_report_file(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
}

fn walk(dir: &Path, out: &mut Vec<Input>, failed: &mut bool) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!(
                "gongkai: {}: 无法读取目录 cannot read directory: {e}",
                dir.display()
            );
            *failed = true;
            return;
        }
    };
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out, failed);
        } else if is_report_file(&p) {
            out.push(Input::File(p));
        }
    }
}

pub fn collect(paths: &[String], failed: &mut bool) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        if path.is_dir() {
            walk(&path, &mut out, failed);
        } else if path.exists() {
            out.push(Input::File(path));
        } else {
            eprintln!("gongkai: {p}: 文件不存在 no such file");
            *failed = true;
        }
    }
    out
}
