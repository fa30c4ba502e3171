//! `--format json` and `--format jsonl`: the machine output of CLI.md, positions in UTF-16 code
//! units as LSP has them. JSON Lines is the same record per file, one a line, then a summary.

use std::io::Write;

use serde::Serialize;

use super::{Checked, Tally};
use gongkai::model::Span;
use gongkai::text::lines::Encoding;

#[derive(Serialize)]
struct Output<'a> {
    files: Vec<File<'a>>,
}

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

fn fix<'a>(c: &Checked, f: &'a gongkai::diagnostic::Fix) -> Fix<'a> {
    Fix {
        title: &f.title,
        safe: f.safe,
        edits: f
            .edits
            .iter()
            .map(|e| Edit {
                range: range(c, &e.span),
                new_text: &e.new_text,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Edit<'a> {
    range: Range,
    #[serde(rename = "newText")]
    new_text: &'a str,
}

fn range(c: &Checked, span: &Span) -> Range {
    let pos = |o| {
        let p = c.lines.position(&c.text, o, Encoding::Utf16);
        Pos {
            line: p.line,
            character: p.column,
        }
    };
    Range {
        start: pos(span.start),
        end: pos(span.end),
    }
}

fn record<'a>(c: &'a Checked, checked: &'a [Checked]) -> File<'a> {
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
                range: range(c, &d.span),
                related: d
                    .related
                    .iter()
                    .filter_map(|r| {
                        let there = match &r.document {
                            Some(path) => checked.iter().find(|o| &o.path == path)?,
                            None => c,
                        };
                        Some(Related {
                            file: r.document.as_deref(),
                            range: range(there, &r.span),
                            message: &r.message,
                        })
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|f| fix(c, f)),
                alternatives: d.alternatives.iter().map(|f| fix(c, f)).collect(),
            })
            .collect(),
    }
}

pub fn write(out: &mut impl Write, checked: &[Checked]) -> std::io::Result<()> {
    let files = checked.iter().map(|c| record(c, checked)).collect();
    serde_json::to_writer_pretty(&mut *out, &Output { files })?;
    writeln!(out)
}

#[derive(Serialize)]
struct Summary {
    summary: Tally,
}

/// One line per file, each flushed as it is written, then `{"summary": …}`.
pub fn write_lines(out: &mut impl Write, checked: &[Checked]) -> std::io::Result<()> {
    for c in checked {
        serde_json::to_writer(&mut *out, &record(c, checked))?;
        writeln!(out)?;
        out.flush()?;
    }
    serde_json::to_writer(
        &mut *out,
        &Summary {
            summary: Tally::of(checked),
        },
    )?;
    writeln!(out)
}

#[derive(Serialize)]
struct Count {
    code: &'static str,
    severity: &'static str,
    count: usize,
}

/// `--statistics --format json`: `{"statistics": [{code, severity, count}…]}`.
pub fn statistics(out: &mut impl Write, checked: &[Checked]) -> std::io::Result<()> {
    let statistics: Vec<Count> = super::per_rule(checked)
        .into_iter()
        .map(|(code, severity, count)| Count {
            code,
            severity: severity.as_str(),
            count,
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "statistics": statistics }))?;
    writeln!(out)
}
