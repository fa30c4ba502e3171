//! `--fix`, `--fix -`/`--stdout` and `--diff`: the safe fixes applied to a file (through
//! `replace`), written to standard output, or shown as a unified diff; then what was fixed.

use std::io::Write;
use std::path::Path;

use gongkai::config::Config;
use gongkai::fix::Applied;
use gongkai::text::encoding::{Encoding, encode};
use gongkai::text::lines::Encoding as Columns;

use super::inputs::Input;
use super::{Checked, Totals};

/// What is done with an input's safe fixes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mend {
    /// Nothing: report on the text as it is.
    No,
    /// The file replaced by its fixed text.
    InPlace,
    /// The fixed text to standard output, the file untouched (`--fix -`, `--stdout`).
    ToStdout,
    /// The fixes as a unified diff on standard output, nothing written.
    Diff,
}

/// An input's text after its fixes, and what it owes the output. Nothing is printed here:
/// files are mended in parallel and their output goes out in input order.
pub struct Mended {
    /// The text to report on: fixed, or as it was when nothing was written.
    pub text: String,
    pub applied: Vec<Applied>,
    /// For standard output: the diff, or the fixed text.
    pub out: Option<Vec<u8>>,
    /// Why the fix could not be written (the file keeps its text, and so does the report).
    pub error: Option<String>,
}

pub fn mend(
    mend: Mend,
    input: &Input,
    text: String,
    encoding: Encoding,
    config: &Config,
) -> Mended {
    let unchanged = |text, out| Mended {
        text,
        applied: Vec::new(),
        out,
        error: None,
    };
    if mend == Mend::No {
        return unchanged(text, None);
    }
    let fixed = gongkai::fix::fix_all(&text, config);
    match (mend, input) {
        (Mend::Diff, _) => {
            let name = input.display();
            let diff = (!fixed.applied.is_empty()).then(|| {
                similar::TextDiff::from_lines(&text, &fixed.text)
                    .unified_diff()
                    .header(&name, &name)
                    .to_string()
                    .into_bytes()
            });
            // A diff changes nothing: the findings are those of the text as it is.
            Mended {
                out: diff,
                applied: fixed.applied,
                ..unchanged(text, None)
            }
        }
        (Mend::ToStdout, _) => Mended {
            out: Some(encode(&fixed.text, encoding)),
            applied: fixed.applied,
            ..unchanged(fixed.text, None)
        },
        (_, Input::File(path)) if fixed.text != text => {
            match super::replace::replace(path, &encode(&fixed.text, encoding)) {
                Ok(()) => Mended {
                    applied: fixed.applied,
                    ..unchanged(fixed.text, None)
                },
                Err(e) => Mended {
                    error: Some(format!(
                        "gongkai: {}: 无法写入修正,原文件未改动 / cannot write the fix, the file is unchanged: {e}",
                        Path::display(path)
                    )),
                    ..unchanged(text, None)
                },
            }
        }
        _ => Mended {
            applied: fixed.applied,
            ..unchanged(fixed.text, None)
        },
    }
}

/// Why a Word file, PDF or web page (read by conversion, never written back) is not rewritten
/// by `--fix` or `fmt` (`verb`, `flag`), and what to do instead.
pub fn not_rewritten(input: &Input, verb: &str, flag: &str) -> String {
    format!(
        "gongkai: {}: 不{verb} Word 文件、PDF 和网页;要{verb},先用 `gongkai convert` 转为文本,再{verb}文本 \
         / {flag} does not rewrite Word files, PDFs or web pages: `gongkai convert` them to text first",
        input.display()
    )
}

/// What `tell` says of one file's fixes, one line each (`35:45 [row-total] …`), while its text
/// is at hand.
pub fn told(c: &Checked) -> Vec<String> {
    c.fixed
        .iter()
        .map(|a| {
            let at = c.lines.position(&c.text, a.at, Columns::Utf32);
            format!(
                "  {}:{} [{}] {}",
                at.line + 1,
                at.column + 1,
                a.code,
                a.title
            )
        })
        .collect()
}

/// On standard error, so that standard output keeps the report, the fixed text or the diff:
/// per file the fixes applied (`已修正 N 处,剩余 M 处` and one line each; with `--diff`, those it
/// would apply), then the totals. Said after the run, when the findings across years are in.
pub fn tell(diff: bool, totals: &Totals) {
    let mut err = std::io::stderr().lock();
    let verb = if diff { "可修正" } else { "已修正" };
    let (mut fixes, mut files) = (0, 0);
    for f in &totals.fixed {
        fixes += f.lines.len();
        files += 1;
        let left = if diff {
            String::new()
        } else {
            format!(",剩余 {} 处", f.left)
        };
        let _ = writeln!(err, "{}: {verb} {} 处{left}", f.path, f.lines.len());
        for line in &f.lines {
            let _ = writeln!(err, "{line}");
        }
    }
    let left = totals.tally.findings();
    let _ = if diff {
        writeln!(err, "共 {fixes} 处可修正({files} 个文件);未写入任何文件")
    } else {
        writeln!(err, "共修正 {fixes} 处({files} 个文件),剩余 {left} 处")
    };
}
