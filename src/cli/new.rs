//! `gongkai new`: a report to draft (`skeleton::draft`), to standard output or a new file.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::inputs::Input;

pub fn run(year: u16, agency: Option<&str>, last: Option<&Path>, out: Option<&Path>) -> ExitCode {
    let last_report = match last {
        None => None,
        Some(p) => match super::read(&Input::File(p.to_path_buf())) {
            Ok((text, _)) => {
                let report = gongkai::parse::parse(&text);
                if !report.is_report {
                    eprintln!(
                        "gongkai: {}: 不像一份年度报告,未从中取数 / not a report, nothing taken from it",
                        p.display()
                    );
                    return ExitCode::from(2);
                }
                Some(report)
            }
            Err(e) => {
                eprintln!("gongkai: {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
    };
    let request = gongkai::skeleton::Request {
        year,
        agency,
        last: last_report.as_ref(),
    };
    let text = match gongkai::skeleton::draft(&request, "\n") {
        Ok(t) => t,
        Err(e) => {
            eprintln!("gongkai: {e}");
            return ExitCode::from(2);
        }
    };
    let written = match out {
        // Never over a file that is there: it may be a report already begun.
        Some(p) => std::fs::File::create_new(p).and_then(|mut f| f.write_all(text.as_bytes())),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let what = out.map_or("-".to_string(), |p| p.display().to_string());
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                eprintln!("gongkai: {what}: 已存在,未覆盖 / already exists, left as it is");
            } else {
                eprintln!("gongkai: {what}: 无法写入 cannot write: {e}");
            }
            ExitCode::from(2)
        }
    }
}
