//! `gongkai convert`: each input as the canonical text layout, to edit in the editor or check
//! as text; checking it gives the findings the original gives.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::inputs::{self, Input};

pub fn run(paths: &[String], out: Option<&Path>) -> ExitCode {
    let mut failed = false;
    let inputs = inputs::collect(paths, &mut failed);
    if let Some(dir) = out
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!(
            "gongkai: {}: 无法创建目录 cannot create directory: {e}",
            dir.display()
        );
        return ExitCode::from(2);
    }
    let mut stdout = std::io::stdout().lock();
    for input in &inputs {
        let text = match super::read(input) {
            Ok((text, _)) => text,
            Err(e) => {
                eprintln!("gongkai: {}: {e}", input.display());
                failed = true;
                continue;
            }
        };
        let written = match (out, input) {
            (Some(dir), Input::File(p)) => write_beside(dir, p, &text),
            (Some(dir), Input::Stdin) => write_beside(dir, Path::new("stdin"), &text),
            (None, _) => stdout
                .write_all(text.as_bytes())
                .map_err(|e| format!("无法写出 cannot write: {e}")),
        };
        if let Err(e) = written {
            eprintln!("gongkai: {}: {e}", input.display());
            failed = true;
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// `DIR/<stem>.txt`; never over the input itself.
fn write_beside(dir: &Path, input: &Path, text: &str) -> Result<(), String> {
    let stem = input
        .file_stem()
        .map_or("report".into(), |s| s.to_string_lossy());
    let target = dir.join(format!("{stem}.txt"));
    let same = |a: &Path, b: &Path| {
        a.canonicalize()
            .is_ok_and(|a| b.canonicalize().is_ok_and(|b| a == b))
    };
    if same(&target, input) {
        return Err(format!(
            "不覆盖原文件 will not overwrite the input: {}",
            target.display()
        ));
    }
    std::fs::write(&target, text)
        .map_err(|e| format!("{}: 无法写入 cannot write: {e}", target.display()))
}
