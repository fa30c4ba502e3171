//! `--format json` and `--format jsonl`: the machine output of CLI.md, positions in UTF-16 code
//! units as LSP has them. JSON Lines is the same record per file, one a line, then a summary.
//! Both are written a file at a time: the array's items as the files are done.

use std::io::Write;

use serde::Serialize;

use super::{Checked, Locate, Others, Tally};
use gongkai::model::Span;
use gongkai::text::lines::Encoding;

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    /// The encoding the file was read in, when it was not UTF-8 (`GB18030`, `UTF-16LE`, `UTF-16BE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    /// Why the file could not be checked (unreadable, not in an encoding we read).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    report: Option<ReportInfo<'a>>,
    diagnostics: Vec<Diag<'a>>,
    /// More findings of a file listed before: those across years, found when last year's
    /// report came after it in the input.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    addendum: bool,
}

#[derive(Serialize)]
struct ReportInfo<'a> {
    year: Option<u16>,
    format: Option<&'static str>,
    agency: Option<&'a str>,
}

#[derive(Serialize)]
struct Pos {
    line: u32,
    character: u32,
}

#[derive(Serialize)]
struct Range {
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
struct Diag<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    range: Range,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Related<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<Fix<'a>>,
    /// Fixes to choose from where the cause is not certain; never applied by `--fix`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<Fix<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    /// Another file's path, for a place in another report (last year's, for `carryover`).
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    range: Range,
    message: &'a str,
}

#[derive(Serialize)]
struct Fix<'a> {
    title: &'a str,
    /// Whether `--fix` applies it unasked.
    safe: bool,
    edits: Vec<Edit<'a>>,
}

fn fix<'a>(c: &Locate, f: &'a gongkai::diagnostic::Fix) -> Option<Fix<'a>> {
    Some(Fix {
        title: &f.title,
        safe: f.safe,
        edits: f
            .edits
            .iter()
            .map(|e| {
                Some(Edit {
                    range: range(c, &e.span)?,
                    new_text: &e.new_text,
                })
            })
            .collect::<Option<_>>()?,
    })
}

#[derive(Serialize)]
struct Edit<'a> {
    range: Range,
    #[serde(rename = "newText")]
    new_text: &'a str,
}

/// The range of a span, where the document's places are known (always, but for a place in last
/// year's report that is no cell).
fn range(c: &Locate, span: &Span) -> Option<Range> {
    let pos = |o| {
        let p = c.position(o, Encoding::Utf16)?;
        Some(Pos {
            line: p.line,
            character: p.column,
        })
    };
    Some(Range {
        start: pos(span.start)?,
        end: pos(span.end)?,
    })
}

fn record<'a>(c: &'a Checked, others: Others, addendum: bool) -> File<'a> {
    let here = Locate::of(c);
    // A file's own places are always known.
    let own = |span: &Span| range(&here, span).expect("a file's own text locates its spans");
    File {
        path: &c.path,
        encoding: (c.encoding != gongkai::text::encoding::Encoding::Utf8)
            .then(|| c.encoding.name()),
        error: c.error.as_deref(),
        report: c.report.is_report.then(|| ReportInfo {
            year: c.report.year.as_ref().map(|y| y.year),
            format: c.report.format.id(),
            agency: c.report.agency().map(|a| a.name.as_str()),
        }),
        diagnostics: c
            .diagnostics
            .iter()
            .map(|d| Diag {
                code: d.code,
                severity: d.severity.as_str(),
                message: &d.message,
                range: own(&d.span),
                related: d
                    .related
                    .iter()
                    .filter_map(|r| {
                        let range = match &r.document {
                            Some(path) => range(&others(path)?, &r.span)?,
                            None => own(&r.span),
                        };
                        Some(Related {
                            file: r.document.as_deref(),
                            range,
                            message: &r.message,
                        })
                    })
                    .collect(),
                fix: d.fix.as_ref().and_then(|f| fix(&here, f)),
                alternatives: d
                    .alternatives
                    .iter()
                    .filter_map(|f| fix(&here, f))
                    .collect(),
            })
            .collect(),
        addendum,
    }
}

/// `--format json`: the array's opening; the files follow as items.
pub fn head(out: &mut impl Write) -> std::io::Result<()> {
    write!(out, "{{\n  \"files\": [")
}

/// `value` pretty-printed as serde_json prints it `depth` levels deep: the same bytes as the
/// whole output printed at once. A JSON string holds no raw line break, so every one is
/// between tokens.
pub fn pretty_at(
    out: &mut impl Write,
    value: &impl Serialize,
    depth: usize,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    let indent = format!("\n{}", "  ".repeat(depth));
    out.write_all(indent.as_bytes())?;
    out.write_all(text.replace('\n', &indent).as_bytes())
}

/// A file's record: an item of `files[]` (`pretty`), or a line of JSON Lines.
pub fn file(
    out: &mut impl Write,
    c: &Checked,
    others: Others,
    addendum: bool,
    pretty: bool,
) -> std::io::Result<()> {
    let record = record(c, others, addendum);
    if pretty {
        pretty_at(out, &record, 2)
    } else {
        serde_json::to_writer(&mut *out, &record)?;
        writeln!(out)
    }
}

/// `--format json`: the array's end, after `items` (whether there were any).
pub fn end(out: &mut impl Write, items: bool) -> std::io::Result<()> {
    if items {
        write!(out, "\n  ")?;
    }
    writeln!(out, "]\n}}")
}

#[derive(Serialize)]
struct Summary<'a> {
    summary: &'a Tally,
}

/// JSON Lines, after the files: `{"summary": …}`.
pub fn summary(out: &mut impl Write, tally: &Tally) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &Summary { summary: tally })?;
    writeln!(out)
}

#[derive(Serialize)]
struct Count {
    code: &'static str,
    severity: &'static str,
    count: usize,
}

/// `--statistics --format json`: `{"statistics": [{code, severity, count}…]}`.
pub fn statistics(
    out: &mut impl Write,
    counts: &[(&'static str, gongkai::Severity, usize)],
) -> std::io::Result<()> {
    let statistics: Vec<Count> = counts
        .iter()
        .map(|&(code, severity, count)| Count {
            code,
            severity: severity.as_str(),
            count,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "statistics": statistics }))?;
    writeln!(out)
}
