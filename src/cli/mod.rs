//! `gongkai check`: the batch front over the analysis core (CLI.md).

pub mod args;
pub mod catalogue;
mod concise;
pub mod convert;
pub mod extract;
pub mod fmt;
mod github;
mod inputs;
mod json;
mod mending;
pub mod new;
pub mod pipeline;
mod replace;
mod sarif;
mod settings;
mod text;
mod years;

use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
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
    /// Its agency and year, for the rules across years (`None` for no report).
    pub identity: Option<gongkai::rules::Identity>,
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
    /// Its part of the report, written by the worker that checked it (again by the writer when
    /// findings across years are added).
    pub rendered: Vec<u8>,
    /// Where it was read from and how it was mended, to read it again (`reread`).
    pub input: inputs::Input,
    pub mend: mending::Mend,
}

impl Checked {
    /// The file read and checked again as it was reported on, for findings across years that
    /// came after it was let go of: the text on disk (fixed in place already, or left as it was
    /// by `--diff`), fixed again only when the fixes went to standard output.
    pub fn reread(
        input: inputs::Input,
        config: std::sync::Arc<Config>,
        mend: mending::Mend,
    ) -> Checked {
        let again = match mend {
            mending::Mend::ToStdout => mending::Mend::ToStdout,
            _ => mending::Mend::No,
        };
        Checked {
            out: None,
            fixed: Vec::new(),
            ..process(input, config, again)
        }
    }
}

/// Where a place in a document stands: by its text, or, for last year's report once its text
/// is gone, by the places kept of it.
pub enum Locate<'a> {
    Text(&'a str, &'a LineIndex),
    Kept(&'a years::Places),
}

impl Locate<'_> {
    pub fn of(c: &Checked) -> Locate<'_> {
        Locate::Text(&c.text, &c.lines)
    }

    pub fn position(
        &self,
        offset: usize,
        enc: gongkai::text::lines::Encoding,
    ) -> Option<gongkai::text::lines::Position> {
        match self {
            Locate::Text(text, lines) => Some(lines.position(text, offset, enc)),
            Locate::Kept(places) => places.position(offset, enc),
        }
    }
}

/// The documents a finding's `related[].document` may name, other than its own.
pub type Others<'a> = &'a dyn Fn(&str) -> Option<Locate<'a>>;

/// What a run found, for the summary line and the JSON Lines summary record.
#[derive(serde::Serialize, Default)]
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
    fn count(&mut self, diagnostics: &[gongkai::Diagnostic]) {
        for d in diagnostics {
            *match d.severity {
                Severity::Error => &mut self.errors,
                Severity::Warning => &mut self.warnings,
                Severity::Information => &mut self.information,
                Severity::Hint => &mut self.hints,
            } += 1;
        }
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.information + self.hints
    }
}

/// A file's fixes, for `mending::tell`.
pub struct Fixed {
    index: usize,
    pub path: String,
    /// One line per fix applied.
    pub lines: Vec<String>,
    /// Its findings left.
    pub left: usize,
}

/// What the end of the output needs of the files already written, and no more: the counts,
/// the per-file table's rows, the counts per rule, what `--fix` says, the unreadable files.
#[derive(Default)]
pub struct Totals {
    pub tally: Tally,
    /// Files with findings, in input order: (input index, path, errors / warnings / the rest).
    pub rows: Vec<(usize, String, [usize; 3])>,
    rules: std::collections::BTreeMap<(&'static str, Severity), usize>,
    /// Files with fixes, in input order.
    pub fixed: Vec<Fixed>,
    /// Unreadable files: path and why.
    pub unreadable: Vec<(String, String)>,
}

impl Totals {
    /// The `index`th input, once written; `more` for the findings across years of one written
    /// before (its addendum).
    fn count(&mut self, index: usize, c: &Checked, more: bool) {
        if !more {
            self.tally.files += 1;
            self.tally.reports += usize::from(c.report.is_report);
            if let Some(e) = &c.error {
                self.tally.unreadable += 1;
                self.unreadable.push((c.path.clone(), e.clone()));
            }
            if !c.fixed.is_empty() {
                self.fixed.push(Fixed {
                    index,
                    path: c.path.clone(),
                    lines: mending::told(c),
                    left: c.diagnostics.len(),
                });
            }
        } else if let Ok(i) = self.fixed.binary_search_by_key(&index, |f| f.index) {
            self.fixed[i].left += c.diagnostics.len();
        }
        self.tally.count(&c.diagnostics);
        for d in &c.diagnostics {
            *self.rules.entry((d.code, d.severity)).or_default() += 1;
        }
        if c.diagnostics.is_empty() {
            return;
        }
        let row = match self.rows.binary_search_by_key(&index, |r| r.0) {
            Ok(i) => i,
            Err(i) => {
                self.rows.insert(i, (index, c.path.clone(), [0; 3]));
                i
            }
        };
        for d in &c.diagnostics {
            self.rows[row].2[(d.severity as usize).min(2)] += 1;
        }
    }

    /// `--statistics`: findings per rule, the most frequent first (then by code), with the
    /// severity they were reported at.
    pub fn per_rule(&self) -> Vec<(&'static str, Severity, usize)> {
        let mut out: Vec<_> = self.rules.iter().map(|(&(c, s), &n)| (c, s, n)).collect();
        out.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
        out
    }
}

/// A usage error found after parsing: one line, status 2.
fn misuse(what: &str) -> ExitCode {
    eprintln!("gongkai: 用法错误 / {what}(用法见 `gongkai check --help`)");
    ExitCode::from(2)
}

/// How the report is written: which format, and what of it.
struct Style {
    format: Format,
    /// The per-file part is written (not with `--statistics`, nor with `--diff`).
    files: bool,
    color: bool,
    summary: bool,
    columns: Option<usize>,
}

impl Style {
    /// A file's part of the report; `more` for an addendum (findings across years of a file
    /// written before).
    fn render(&self, c: &Checked, others: Others, more: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if !self.files {
            return out;
        }
        // Writing to memory does not fail.
        let _ = match self.format {
            Format::Text => text::file(&mut out, c, others, self.color, self.summary, self.columns),
            Format::Concise => concise::file(&mut out, c),
            Format::Json => json::file(&mut out, c, others, more, true),
            Format::Jsonl => json::file(&mut out, c, others, more, false),
            Format::Sarif => sarif::file(&mut out, c, others),
            Format::Github => github::file(&mut out, c),
        };
        out
    }

    /// Whether the files' parts are items of one JSON array, a comma between each two.
    fn joined(&self) -> bool {
        matches!(self.format, Format::Json | Format::Sarif)
    }
}

/// Standard output and standard error, buffered (a write per line of pretty JSON otherwise),
/// and which of them takes the report.
struct Outs {
    stdout: BufWriter<std::io::StdoutLock<'static>>,
    stderr: BufWriter<std::io::Stderr>,
    report_to_stderr: bool,
    /// The first write that failed (a closed pipe, a full disk): then nothing more is written.
    failed: std::io::Result<()>,
    /// Whether an item of a joined format was written (the next needs a comma).
    items: bool,
}

impl Outs {
    fn report(&mut self, bytes: &[u8]) {
        if self.failed.is_ok() {
            self.failed = if self.report_to_stderr {
                self.stderr.write_all(bytes)
            } else {
                self.stdout.write_all(bytes)
            };
        }
    }

    /// A file's part, after a comma when it is not the first item of a joined format.
    fn item(&mut self, bytes: &[u8], joined: bool) {
        if bytes.is_empty() {
            return;
        }
        if joined && std::mem::replace(&mut self.items, true) {
            self.report(b",");
        }
        self.report(bytes);
    }

    fn flush(&mut self) {
        let flushed = self.stdout.flush().and(self.stderr.flush());
        if self.failed.is_ok() {
            self.failed = flushed;
        }
    }
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
        inputs::none_found(&opts.paths);
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
    failed |= settings.failed;
    let style = Style {
        format: opts.format,
        files: !opts.statistics && !opts.diff,
        color: opts.color.on(),
        summary: !opts.quiet,
        columns: text::terminal_columns(),
    };
    let mut outs = Outs {
        stdout: BufWriter::new(std::io::stdout().lock()),
        stderr: BufWriter::new(std::io::stderr()),
        report_to_stderr: to_stdout,
        failed: Ok(()),
        items: false,
    };
    if style.files {
        let mut head = Vec::new();
        let _ = match opts.format {
            Format::Json => json::head(&mut head),
            Format::Sarif => sarif::head(&mut head),
            _ => Ok(()),
        };
        outs.report(&head);
    }
    let mut totals = Totals::default();
    let mut years = years::Years::default();
    let mut index = 0;
    // Each file on its own core, checked and its part of the report written there; said here
    // in input order as soon as it and all before it are done, then let go of.
    pipeline::in_order(
        jobs,
        opts.jobs.unwrap_or(0),
        |(input, config, mend)| {
            let mut c = process(input, config, mend);
            c.diagnostics.retain(|d| d.severity <= floor);
            c.rendered = style.render(&c, &|_| None, false);
            c
        },
        |next| {
            // Once the report cannot be written (a closed pipe: `| head`), the rest of the files
            // are not read, unless they are being fixed.
            let go_on = |outs: &Outs| {
                if outs.failed.is_err() && !opts.fix {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            };
            let mut c = match next {
                pipeline::Next::Done(c) => c,
                pipeline::Next::Waiting => {
                    outs.flush();
                    return go_on(&outs);
                }
            };
            for p in &c.problems {
                // Standard error in order with the report, when the report goes there too.
                let _ = writeln!(outs.stderr, "{p}");
            }
            failed |= !c.problems.is_empty();
            if let Some(bytes) = c.out.take()
                && outs.stdout.write_all(&bytes).is_err()
            {
                failed = true;
            }
            if years.pair(&mut c) {
                c.diagnostics.retain(|d| d.severity <= floor);
                c.rendered = style.render(&c, &|p| years.earlier(&c, p).map(Locate::Kept), false);
            }
            outs.item(&c.rendered, style.joined());
            totals.count(index, &c, false);
            for mut a in years.resolved(&c) {
                for p in &a.checked.problems {
                    let _ = writeln!(outs.stderr, "{p}");
                }
                failed |= !a.checked.problems.is_empty();
                a.checked.diagnostics.retain(|d| d.severity <= floor);
                if a.checked.diagnostics.is_empty() {
                    continue;
                }
                let there = |p: &str| (p == c.path).then(|| Locate::of(&c));
                outs.item(&style.render(&a.checked, &there, true), style.joined());
                totals.count(a.index, &a.checked, true);
            }
            years.retire(index, c);
            index += 1;
            go_on(&outs)
        },
    );
    drop(years);
    let mut end = Vec::new();
    let _ = match (opts.format, opts.statistics) {
        _ if opts.diff => Ok(()),
        (Format::Json, true) => json::statistics(&mut end, &totals.per_rule()),
        (_, true) => text::statistics(&mut end, &totals.per_rule()),
        (Format::Text, false) => text::end(&mut end, &totals, style.summary),
        (Format::Json, false) => json::end(&mut end, outs.items),
        (Format::Jsonl, false) => json::summary(&mut end, &totals.tally),
        (Format::Sarif, false) => sarif::end(&mut end, outs.items, &totals.unreadable),
        (Format::Concise | Format::Github, false) => Ok(()),
    };
    outs.report(&end);
    outs.flush();
    // Once the findings across years are in: the findings left of each file fixed.
    if (opts.fix || opts.diff) && !opts.quiet {
        mending::tell(opts.diff, &totals);
    }
    // As `ruff --diff`: 1 when there is something to fix.
    let found = if opts.diff {
        !totals.fixed.is_empty()
    } else {
        totals.tally.errors > 0
    };
    let code = if failed { 2 } else { u8::from(found) };
    finish(outs.failed, ExitCode::from(code))
}

/// One input read, mended as asked and checked on its own (the rules across years come after,
/// in input order, in `years`).
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
            problems.push(mending::not_rewritten(&input, "修正", "--fix"));
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
        identity: gongkai::rules::Identity::of(&report).filter(|_| report.is_report),
        report,
        diagnostics,
        config,
        fixed: mended.applied,
        error,
        out: mended.out,
        problems,
        rendered: Vec::new(),
        input,
        mend,
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
    // Bounded, and only regular files: `/dev/zero` or a pipe is refused, not read forever.
    let limit = gongkai::read::MAX_DOCUMENT_BYTES;
    match input {
        inputs::Input::Stdin => gongkai::read::bounded(std::io::stdin().lock(), limit)
            .and_then(|bytes| gongkai::read::text_of(gongkai::read::Kind::Text, &bytes)),
        inputs::Input::File(p) => gongkai::read::load(p, limit),
    }
    .map_err(|e| e.0)
}
