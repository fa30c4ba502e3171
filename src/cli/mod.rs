//! `gongkai check`: the batch front over the analysis core (CLI.md).

pub mod args;
pub mod catalogue;
mod inputs;
mod json;
mod mending;
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
    /// The safe fixes applied (or, with `--diff`, that would be).
    pub fixed: Vec<gongkai::fix::Applied>,
}

pub fn check(opts: CheckArgs) -> ExitCode {
    if opts.fix {
        replace::ignore_file_size_signal();
    }
    if opts.stdout && opts.paths.len() > 1 {
        eprintln!(
            "gongkai: 用法错误 / --stdout 只能用于一个路径 takes one PATH(用法见 `gongkai check --help`)"
        );
        return ExitCode::from(2);
    }
    let mut failed = false;
    let mut settings = settings::Settings::new(opts.config.as_deref(), opts.no_config);
    let mut checked = Vec::new();
    // With fixed text on standard output, the report goes to standard error.
    let to_stdout = opts.fix && (opts.stdout || opts.paths.iter().any(|p| p == "-"));
    for input in inputs::collect(&opts.paths, &mut failed) {
        let config = settings.for_input(&input);
        let mend = match &input {
            _ if opts.diff => mending::Mend::Diff,
            inputs::Input::Stdin if opts.fix => mending::Mend::ToStdout,
            _ if opts.fix && opts.stdout => mending::Mend::ToStdout,
            _ if opts.fix => mending::Mend::InPlace,
            _ => mending::Mend::No,
        };
        let (text, encoding) = match read(&input) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("gongkai: {}: {e}", input.display());
                failed = true;
                continue;
            }
        };
        let (text, fixed) = mending::mend(mend, &input, text, encoding, &config, &mut failed);
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
            fixed,
        });
    }
    failed |= settings.failed;
    across_years(&mut checked);
    let mode = if opts.diff {
        mending::Mend::Diff
    } else if opts.fix {
        mending::Mend::InPlace
    } else {
        mending::Mend::No
    };
    mending::tell(mode, &checked);
    let (written, found) = if opts.diff {
        // As `ruff --diff`: 1 when there is something to fix.
        (Ok(()), checked.iter().any(|c| !c.fixed.is_empty()))
    } else {
        let written = if to_stdout {
            report(&mut std::io::stderr().lock(), &opts, &checked)
        } else {
            report(&mut std::io::stdout().lock(), &opts, &checked)
        };
        let errors = checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .any(|d| d.severity == Severity::Error);
        (written, errors)
    };
    let code = if failed { 2 } else { u8::from(found) };
    finish(written, ExitCode::from(code))
}

fn report(out: &mut impl Write, opts: &CheckArgs, checked: &[Checked]) -> std::io::Result<()> {
    match opts.format {
        Format::Json => json::write(out, checked),
        Format::Text => text::write(out, checked, opts.color.on()),
    }?;
    out.flush()
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
