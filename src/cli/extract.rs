//! `gongkai extract`: the numbers of the tables as the parser read them, as data (docs/extract.md).
//! One record per value cell, named in the template's words and keys; or with `--wide` one row
//! per report with the template's headline figures (`template::HEADLINES`). CSV (UTF-8 with a
//! BOM, so that Excel shows the Chinese) or JSON Lines. Files are read in parallel and written in
//! input order as each is done (`pipeline::in_order`), so a large run streams and holds little.

use std::borrow::Cow;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;

use gongkai::model::{Cell, Table};
use gongkai::template::{Column, HEADLINES, ValueKind};
use gongkai::text::lines::{Encoding, LineIndex};
use gongkai::text::number::{Lexeme, NumberText};

use super::args::{ExtractArgs, ExtractFormat};
use super::inputs::{self, Input};
use super::pipeline::Next;

/// The fields of a cell record, in output order.
const CELL_FIELDS: [&str; 18] = [
    "file",
    "agency",
    "year",
    "format",
    "table_key",
    "table",
    "row_key",
    "row_group",
    "row",
    "column_key",
    "column_group",
    "column",
    "value",
    "unit",
    "kind",
    "text",
    "line",
    "char",
];

/// The fields of a wide row before the headline figures.
const REPORT_FIELDS: [&str; 4] = ["file", "agency", "year", "format"];

/// One field's value: CSV writes `Null` as an empty field, JSON as `null`.
enum Field<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    /// A number with a fraction, in hundredths (as `text::number` keeps amounts exact).
    Hundredths(i128),
    Null,
}

impl Field<'_> {
    fn csv(&self) -> Cow<'_, str> {
        match self {
            Field::Str(s) => Cow::Borrowed(s),
            Field::Int(n) => Cow::Owned(n.to_string()),
            Field::Hundredths(c) => Cow::Owned(decimal(*c)),
            Field::Null => Cow::Borrowed(""),
        }
    }
}

/// `1250` → `12.5`, `-5` → `-0.05`, `1200` → `12`: exact, without trailing zeros.
fn decimal(hundredths: i128) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (
        hundredths.unsigned_abs() / 100,
        hundredths.unsigned_abs() % 100,
    );
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

impl serde::Serialize for Field<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Str(v) => s.serialize_str(v),
            Field::Int(n) => s.serialize_i64(*n),
            // The nearest double to the decimal, which JSON writers print as that decimal.
            Field::Hundredths(c) => s.serialize_f64(*c as f64 / 100.0),
            Field::Null => s.serialize_none(),
        }
    }
}

/// A record as a JSON object whose keys keep the output order.
struct Record<'a, 'b> {
    names: &'b [&'b str],
    values: &'b [Field<'a>],
}

impl serde::Serialize for Record<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.names.len()))?;
        for (name, value) in self.names.iter().zip(self.values) {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// The names of a wide row's fields.
fn wide_fields() -> Vec<&'static str> {
    REPORT_FIELDS
        .iter()
        .copied()
        .chain(HEADLINES.iter().map(|h| h.name))
        .collect()
}

/// The number a cell holds, if it holds one.
fn number(cell: &Cell) -> Option<&NumberText> {
    match &cell.lexeme {
        Lexeme::Number(n) => Some(n),
        _ => None,
    }
}

/// A number's value: whole, or in hundredths when written with a fraction.
fn value(n: &NumberText) -> Field<'static> {
    match i64::try_from(n.cents / 100) {
        Ok(whole) if !n.has_fraction => Field::Int(whole),
        _ => Field::Hundredths(n.cents),
    }
}

/// What identifies the report in each of its records.
fn identity<'a>(path: &'a str, report: &'a gongkai::Report) -> [Field<'a>; 4] {
    let opt = |s: Option<&'a str>| s.map_or(Field::Null, |s| Field::Str(Cow::Borrowed(s)));
    [
        Field::Str(Cow::Borrowed(path)),
        opt(report.agency().map(|a| a.name.as_str())),
        report
            .year
            .as_ref()
            .map_or(Field::Null, |y| Field::Int(i64::from(y.year))),
        opt(report.format.id()),
    ]
}

/// Every value cell of the first table of each kind, row by row as the text has them (a row
/// written twice: its first time, the one the checks read).
fn cell_records<'a>(
    path: &'a str,
    text: &'a str,
    report: &'a gongkai::Report,
) -> Vec<[Field<'a>; 18]> {
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for table in report.first_tables() {
        let def = table.def;
        let mut seen = vec![false; def.rows.len()];
        for row in &table.rows {
            let Some(r) = row.def else { continue };
            if std::mem::replace(&mut seen[r], true) {
                continue;
            }
            let row_def = &def.rows[r];
            for (cell, column) in row.cells.iter().zip(def.columns) {
                let at = lines.position(text, cell.span.start, Encoding::Utf32);
                let (value, unit, kind) = reading(cell, column);
                let [file, agency, year, format] = identity(path, report);
                out.push([
                    file,
                    agency,
                    year,
                    format,
                    Field::Str(Cow::Borrowed(def.kind)),
                    Field::Str(Cow::Borrowed(def.name)),
                    Field::Str(Cow::Borrowed(row_def.key)),
                    Field::Str(Cow::Owned(row_def.groups.join("·"))),
                    Field::Str(Cow::Borrowed(
                        row_def.label.as_ref().map_or("", |l| l.official),
                    )),
                    Field::Str(Cow::Borrowed(column.key)),
                    Field::Str(Cow::Borrowed(column.group.unwrap_or(""))),
                    Field::Str(Cow::Borrowed(column.label.official)),
                    value,
                    unit.map_or(Field::Null, |u| Field::Str(Cow::Borrowed(u))),
                    Field::Str(Cow::Borrowed(kind)),
                    Field::Str(Cow::Borrowed(&text[cell.span.clone()])),
                    Field::Int(i64::from(at.line) + 1),
                    Field::Int(i64::from(at.column) + 1),
                ]);
            }
        }
    }
    out
}

/// A cell's value, its unit (as written, else the column's) and what it holds: `number`,
/// `blank` (empty, or a mark such as `/` standing for nothing) or `text` (words).
fn reading(cell: &Cell, column: &Column) -> (Field<'static>, Option<&'static str>, &'static str) {
    match &cell.lexeme {
        Lexeme::Number(n) => {
            let column_unit = match column.kind {
                ValueKind::Amount { unit } => unit,
                _ => None,
            };
            (value(n), n.unit.or(column_unit), "number")
        }
        Lexeme::Blank { .. } => (Field::Null, None, "blank"),
        Lexeme::Other => (Field::Null, None, "text"),
    }
}

/// The report's headline figures: each the sum of its cells, blank when the report lacks the
/// table, the format lacks the figure, or a cell holds no number.
fn wide_record<'a>(path: &'a str, report: &'a gongkai::Report) -> Vec<Field<'a>> {
    let figure = |h: &gongkai::template::Headline| -> Option<Field<'static>> {
        let table: &Table = report.table(h.table)?;
        let mut sum: i128 = 0;
        let mut fraction = false;
        for (r, c) in h.cells_in(table.def)? {
            let n = number(table.cell(r, c)?)?;
            sum = sum.checked_add(n.cents)?;
            fraction |= n.has_fraction;
        }
        Some(value(&NumberText {
            cents: sum,
            has_fraction: fraction,
            signed: false,
            fullwidth: false,
            grouped: false,
            unit: None,
        }))
    };
    identity(path, report)
        .into_iter()
        .chain(HEADLINES.iter().map(|h| figure(h).unwrap_or(Field::Null)))
        .collect()
}

/// One input's records, written as the output format writes them.
fn extract(input: &Input, args: &ExtractArgs) -> Result<Vec<u8>, String> {
    let (text, _) = super::read(input)?;
    let report = gongkai::parse(&text);
    let path = input.display();
    let mut out = Vec::new();
    if !report.is_report {
        return Ok(out);
    }
    let wide_names = wide_fields();
    let records: Vec<Vec<Field>> = if args.wide {
        vec![wide_record(&path, &report)]
    } else {
        cell_records(&path, &text, &report)
            .into_iter()
            .map(Vec::from)
            .collect()
    };
    let names: &[&str] = if args.wide { &wide_names } else { &CELL_FIELDS };
    let failed = |e: &dyn std::fmt::Display| format!("无法写出 cannot write: {e}");
    match args.format {
        ExtractFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut out);
            for r in &records {
                w.write_record(r.iter().map(|f| f.csv().into_owned()))
                    .map_err(|e| failed(&e))?;
            }
            w.flush().map_err(|e| failed(&e))?;
        }
        ExtractFormat::Jsonl => {
            for r in &records {
                serde_json::to_writer(
                    &mut out,
                    &Record {
                        names,
                        values: r.as_slice(),
                    },
                )
                .map_err(|e| failed(&e))?;
                out.push(b'\n');
            }
        }
    }
    Ok(out)
}

/// The byte-order mark and the header line a CSV output begins with; nothing for JSON Lines.
fn preamble(args: &ExtractArgs) -> Vec<u8> {
    let mut out = Vec::new();
    if args.format == ExtractFormat::Csv {
        if !args.no_bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let names = if args.wide {
            wide_fields()
        } else {
            CELL_FIELDS.to_vec()
        };
        let mut w = csv::Writer::from_writer(&mut out);
        // Writing to memory cannot fail.
        let _ = w.write_record(&names).and_then(|()| Ok(w.flush()?));
    }
    out
}

fn same_file(a: &Path, b: &Path) -> bool {
    a.canonicalize()
        .is_ok_and(|a| b.canonicalize().is_ok_and(|b| a == b))
}

pub fn run(args: ExtractArgs) -> ExitCode {
    let mut failed = false;
    let inputs = inputs::collect(&args.paths, &mut failed);
    if inputs.is_empty() && !failed {
        inputs::none_found(&args.paths);
        return ExitCode::from(2);
    }
    if let Some(target) = &args.output
        && inputs
            .iter()
            .any(|i| matches!(i, Input::File(p) if same_file(p, target)))
    {
        eprintln!(
            "gongkai: {}: 不覆盖输入文件 will not overwrite an input",
            target.display()
        );
        return ExitCode::from(2);
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(target) => match std::fs::File::create(target) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("gongkai: {}: 无法写入 cannot write: {e}", target.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut written = out.write_all(&preamble(&args));
    // Every core busy, the output in input order and on its way as each file is done.
    super::pipeline::in_order(
        inputs,
        args.jobs.unwrap_or(0),
        |input| {
            let result = extract(&input, &args);
            (input, result)
        },
        |next| {
            match next {
                Next::Done((input, Err(e))) => {
                    eprintln!("gongkai: {}: {e}", input.display());
                    failed = true;
                }
                Next::Waiting => written = out.flush(),
                Next::Done((_, Ok(bytes))) => written = out.write_all(&bytes),
            }
            // After a write failed (a closed pipe, a full disk) no more files are read.
            if written.is_err() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    written = written.and_then(|()| out.flush());
    if let Err(e) = &written {
        eprintln!("gongkai: 无法写出 cannot write: {e}");
    }
    super::finish(written, ExitCode::from(if failed { 2 } else { 0 }))
}
