//! `gongkai check`: the batch front over the analysis core (CLI.md).

pub mod args;
pub mod catalogue;
mod inputs;
mod json;
mod replace;
mod settings;
mod text;

use std::io::{Read, Write};
use std::process::ExitCode;

use args::{CheckArgs, Format};
use gongkai::Severity;
use gongkai::config::Config;
use gongkai::text::lines::LineIndex;

/// `code`, unless the output could not be written (a closed pipe, a full disk): then 2.
fn finish(written: std::io::Result<()>, code: ExitCode) -> ExitCode {
    if written.is_err() {
        ExitCode::from(2)
    } else {
        code
    }
}

/// One checked document, ready for output.
pub struct Checked {
    pub path: String,
    /// The encoding the file was read in (and `--fix` writes it back in).
    pub encoding: gongkai::text::encoding::Encoding,
    pub text: String,
    pub lines: LineIndex,
    pub report: gongkai::Report,
    pub diagnostics: Vec<gongkai::Diagnostic>,
    /// The rule settings that apply to it.
    pub config: std::sync::Arc<Config>,
}

pub fn check(opts: CheckArgs) -> ExitCode {
    if opts.fix {
        replace::ignore_file_size_signal();
    }
    let mut failed = false;
    let mut settings = settings::Settings::new(opts.config.as_deref(), opts.no_config);
    let mut checked = Vec::new();
    for input in inputs::collect(&opts.paths, &mut failed) {
        let config = settings.for_input(&input);
        let (text, encoding) = match read(&input) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("gongkai: {}: {e}", input.display());
                failed = true;
                continue;
            }
        };
        let text = match (&input, opts.fix) {
            (inputs::Input::File(path), true) => {
                let (fixed, _) = gongkai::fix::fix_all(&text, &config);
                if fixed == text {
                    text
                } else if let Err(e) =
                    replace::replace(path, &gongkai::text::encoding::encode(&fixed, encoding))
                {
                    // The file still holds the text as it was: report on that, not on the fix.
                    eprintln!(
                        "gongkai: {}: 无法写入修正,原文件未改动 / cannot write the fix, the file is unchanged: {e}",
                        path.display()
                    );
                    failed = true;
                    text
                } else {
                    fixed
                }
            }
            (inputs::Input::Stdin, true) => {
                eprintln!("gongkai: --fix 不改写标准输入 / --fix leaves standard input as it is");
                text
            }
            _ => text,
        };
        let (report, diagnostics) = gongkai::check(&text);
        let diagnostics = config.apply(diagnostics);
        checked.push(Checked {
            path: input.display(),
            encoding,
            lines: LineIndex::new(&text),
            text,
            report,
            diagnostics,
            config,
        });
    }
    failed |= settings.failed;
    across_years(&mut checked);
    let mut out = std::io::stdout().lock();
    let written = match opts.format {
        Format::Json => json::write(&mut out, &checked),
        Format::Text => text::write(&mut out, &checked, opts.color.on()),
    };
    if written.and_then(|()| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    let errors = checked
        .iter()
        .flat_map(|c| &c.diagnostics)
        .any(|d| d.severity == Severity::Error);
    if failed {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The across-documents rules among the files given: each report against the same agency's
/// report for the year before, when that is among them too.
fn across_years(checked: &mut [Checked]) {
    use gongkai::rules::{Identity, Previous};
    let ids: Vec<Option<Identity>> = checked
        .iter()
        .map(|c| Identity::of(&c.report).filter(|_| c.report.is_report))
        .collect();
    let mut found = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let Some(last) = id
            .as_ref()
            .and_then(|id| ids.iter().position(|o| o.as_ref() == Some(&id.previous())))
        else {
            continue;
        };
        let previous = Previous {
            report: &checked[last].report,
            document: &checked[last].path,
        };
        found.push((
            i,
            checked[i]
                .config
                .apply(gongkai::rules::across_years(&checked[i].report, &previous)),
        ));
    }
    for (i, diagnostics) in found {
        let c = &mut checked[i];
        c.diagnostics.extend(diagnostics);
        gongkai::diagnostic::sort(&mut c.diagnostics);
    }
}

fn read(input: &inputs::Input) -> Result<(String, gongkai::text::encoding::Encoding), String> {
    let bytes = match input {
        inputs::Input::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| format!("无法读取 cannot read: {e}"))?;
            b
        }
        inputs::Input::File(p) => {
            std::fs::read(p).map_err(|e| format!("无法读取 cannot read: {e}"))?
        }
    };
    gongkai::text::encoding::decode(&bytes)
}
