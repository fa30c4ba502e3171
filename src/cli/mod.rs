//! `gongkai check`: the batch front over the analysis core (CLI.md).

pub mod args;
pub mod catalogue;
mod concise;
pub mod convert;
pub mod extract;
mod github;
mod inputs;
mod json;
mod mending;
pub mod new;
mod replace;
mod sarif;
mod settings;
mod text;

use std::io::{BufWriter, Write};
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
    /// Why it could not be read; then it has no text and no findings.
    pub error: Option<String>,
    /// For standard output before the report (`--diff`, `--fix -`), in input order.
    pub out: Option<Vec<u8>>,
    /// For standard error, in input order; any of them fails the run.
    pub problems: Vec<String>,
}

/// What a run found, for the summary line and the JSON Lines summary record.
#[derive(serde::Serialize)]
pub struct Tally {
    pub files: usize,
    pub reports: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub information: usize,
    pub hints: usize,
}

impl Tally {
    pub fn of(checked: &[Checked]) -> Tally {
        let count = |s: Severity| {
            checked
                .iter()
                .flat_map(|c| &c.diagnostics)
                .filter(|d| d.severity == s)
                .count()
        };
        Tally {
            files: checked.len(),
            reports: checked.iter().filter(|c| c.report.is_report).count(),
            unreadable: checked.iter().filter(|c| c.error.is_some()).count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            information: count(Severity::Information),
            hints: count(Severity::Hint),
        }
    }
}

/// `--statistics`: findings per rule, the most frequent first (then by code), with the
/// severity they were reported at.
pub fn per_rule(checked: &[Checked]) -> Vec<(&'static str, Severity, usize)> {
    let mut counts: std::collections::BTreeMap<(&'static str, Severity), usize> =
        Default::default();
    for d in checked.iter().flat_map(|c| &c.diagnostics) {
        *counts.entry((d.code, d.severity)).or_default() += 1;
    }
    let mut out: Vec<_> = counts.into_iter().map(|((c, s), n)| (c, s, n)).collect();
    out.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    out
}

/// A usage error found after parsing: one line, status 2.
fn misuse(what: &str) -> ExitCode {
    eprintln!("gongkai: 用法错误 / {what}(用法见 `gongkai check --help`)");
    ExitCode::from(2)
}

pub fn check(opts: CheckArgs) -> ExitCode {
    if opts.fix {
        replace::ignore_file_size_signal();
    }
    if opts.stdout && opts.paths.len() > 1 {
        return misuse("--stdout 只能用于一个路径 takes one PATH");
    }
    if opts.statistics && !matches!(opts.format, Format::Text | Format::Concise | Format::Json) {
        return misuse(
            "--statistics 只用于 text、concise 或 json 格式 / only with text, concise or json",
        );
    }
    let mut failed = false;
    let mut settings = settings::Settings::new(opts.config.as_deref(), opts.no_config);
    let floor = if opts.quiet {
        Severity::Error
    } else {
        opts.min_severity.severity()
    };
    // With fixed text on standard output, the report goes to standard error.
    let to_stdout = opts.fix && (opts.stdout || opts.paths.iter().any(|p| p == "-"));
    let inputs = inputs::collect(&opts.paths, &mut failed);
    if inputs.is_empty() && !failed {
        eprintln!(
            "gongkai: 警告 warning: 没有找到要检查的文件(*.txt、*.md、*.docx、*.html)/ no report files found in {}",
            opts.paths.join(" ")
        );
        failed = true;
    }
    let jobs: Vec<_> = inputs
        .into_iter()
        .map(|input| {
            let config = settings.for_input(&input);
            let mend = match &input {
                _ if opts.diff => mending::Mend::Diff,
                inputs::Input::Stdin if opts.fix => mending::Mend::ToStdout,
                _ if opts.fix && opts.stdout => mending::Mend::ToStdout,
                _ if opts.fix => mending::Mend::InPlace,
                _ => mending::Mend::No,
            };
            (input, config, mend)
        })
        .collect();
    // Each file on its own core; collected in input order, and said in that order.
    let run = || {
        use rayon::prelude::*;
        jobs.into_par_iter()
            .map(|(input, config, mend)| process(input, config, mend))
            .collect::<Vec<_>>()
    };
    let mut checked = match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    let mut out = std::io::stdout().lock();
    for c in &mut checked {
        for p in &c.problems {
            eprintln!("{p}");
        }
        failed |= !c.problems.is_empty();
        if let Some(bytes) = c.out.take()
            && out.write_all(&bytes).and_then(|()| out.flush()).is_err()
        {
            failed = true;
        }
    }
    drop(out);
    failed |= settings.failed;
    across_years(&mut checked);
    for c in &mut checked {
        c.diagnostics.retain(|d| d.severity <= floor);
    }
    if (opts.fix || opts.diff) && !opts.quiet {
        mending::tell(opts.diff, &checked);
    }
    let (written, found) = if opts.diff {
        // As `ruff --diff`: 1 when there is something to fix.
        (Ok(()), checked.iter().any(|c| !c.fixed.is_empty()))
    } else {
        // Buffered: standard output is line-buffered, a write per line of pretty JSON otherwise.
        let written = if to_stdout {
            report(
                &mut BufWriter::new(std::io::stderr().lock()),
                &opts,
                &checked,
            )
        } else {
            report(
                &mut BufWriter::new(std::io::stdout().lock()),
                &opts,
                &checked,
            )
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
    match (opts.format, opts.statistics) {
        (Format::Json, true) => json::statistics(out, checked),
        (_, true) => text::statistics(out, checked),
        (Format::Text, false) => text::write(out, checked, opts.color.on(), !opts.quiet),
        (Format::Concise, false) => concise::write(out, checked),
        (Format::Json, false) => json::write(out, checked),
        (Format::Jsonl, false) => json::write_lines(out, checked),
        (Format::Sarif, false) => sarif::write(out, checked),
        (Format::Github, false) => github::write(out, checked),
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
    // The first report of each identity, so that pairing is one look-up per report.
    let mut first: std::collections::HashMap<&Identity, usize> = Default::default();
    for (i, id) in ids.iter().enumerate() {
        if let Some(id) = id {
            first.entry(id).or_insert(i);
        }
    }
    let mut found = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let Some(&last) = id.as_ref().and_then(|id| first.get(&id.previous())) else {
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

/// One input read, mended as asked and checked on its own (the rules across years come after,
/// when every report is at hand).
fn process(input: inputs::Input, config: std::sync::Arc<Config>, mend: mending::Mend) -> Checked {
    let mut problems = Vec::new();
    let utf8 = gongkai::text::encoding::Encoding::Utf8;
    let (text, encoding, error) = match read(&input) {
        Ok((t, e)) => (t, e, None),
        Err(e) => {
            problems.push(format!("gongkai: {}: {e}", input.display()));
            (String::new(), Some(utf8), Some(e))
        }
    };
    let mend = match (&error, encoding) {
        (Some(_), _) => mending::Mend::No,
        (None, None) if !matches!(mend, mending::Mend::No) => {
            problems.push(format!(
                "gongkai: {}: 不修正 Word 文件和网页(只检查);要修正,先用 `gongkai convert` 转为文本 \
                 / --fix does not rewrite Word files or web pages",
                input.display()
            ));
            mending::Mend::No
        }
        _ => mend,
    };
    let encoding = encoding.unwrap_or(utf8);
    let mended = mending::mend(mend, &input, text, encoding, &config);
    problems.extend(mended.error);
    let text = mended.text;
    let (report, diagnostics) = gongkai::check(&text);
    let diagnostics = config.apply(diagnostics);
    let report = slim(report);
    Checked {
        path: input.display(),
        encoding,
        lines: LineIndex::new(&text),
        text,
        report,
        diagnostics,
        config,
        fixed: mended.applied,
        error,
        out: mended.out,
        problems,
    }
}

/// A checked report cut to what the output and the rules across years still read of it, so
/// that a run over many files does not hold every model: the year, agency and format, and the
/// first table of each kind when a year relation reads it (what `rules::Seen` records); the
/// prose, headings, dates and sections go.
fn slim(mut report: gongkai::Report) -> gongkai::Report {
    use gongkai::model::BlockKind;
    let mut kinds = Vec::new();
    report.blocks.retain(|b| match &b.kind {
        BlockKind::Table(t) if !kinds.contains(&t.def.kind) => {
            kinds.push(t.def.kind);
            !t.def.across_years.is_empty()
        }
        _ => false,
    });
    report.blocks.shrink_to_fit();
    report.year_mentions = Vec::new();
    report.dates = Vec::new();
    report.citations = Vec::new();
    report.sections = Vec::new();
    report
}

/// The input's text, and the encoding of a text file (`None` for a converted one: a Word file
/// or a web page, which is never written back).
pub(crate) fn read(
    input: &inputs::Input,
) -> Result<(String, Option<gongkai::text::encoding::Encoding>), String> {
    use gongkai::read::Kind;
    let kind = match input {
        inputs::Input::File(p) => Kind::of(p).unwrap_or(Kind::Text),
        inputs::Input::Stdin => Kind::Text,
    };
    // Bounded, and only regular files: `/dev/zero` or a pipe is refused, not read forever.
    let limit = gongkai::read::MAX_DOCUMENT_BYTES;
    let bytes = match input {
        inputs::Input::Stdin => gongkai::read::bounded(std::io::stdin().lock(), limit),
        inputs::Input::File(p) => gongkai::read::file(p, limit),
    }
    .map_err(|e| e.0)?;
    gongkai::read::text_of(kind, &bytes).map_err(|e| e.0)
}
