//! `gongkai extract`, the binary run end to end: the CSV read back with the csv crate holds
//! every value cell as the parser read it, its values summed give the tables' relations, the
//! wide row's figures are the sums of their cells' records, JSON Lines says the same a line at
//! a time; Word files and web pages give the records of their text; an unreadable file fails
//! the run and the rest are extracted.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use common::run_cli;
use gongkai::template::HEADLINES;

type Records = Vec<HashMap<String, String>>;

/// Every seed and the example: `(name, path)`.
fn sources() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(common::seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy()[..3].to_string(), p))
        .collect();
    out.sort();
    out.push((
        "example".to_string(),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/report-2024.txt"),
    ));
    out
}

fn extract(args: &[&str]) -> String {
    let (out, err, code) = run_cli(&[&["extract"], args].concat(), "");
    assert_eq!(code, 0, "extract {args:?}: {err}");
    out
}

/// A CSV output read back: it begins with a UTF-8 byte-order mark (for Excel), then a header.
fn csv_records(out: &str) -> (Vec<String>, Records) {
    let body = out
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("no BOM: {out:.80}"));
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), header.len());
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, records)
}

fn cells_of(path: &std::path::Path) -> Records {
    csv_records(&extract(&[path.to_str().unwrap()])).1
}

/// A 1-based line and character column of a byte offset, counted here on their own.
fn line_and_char(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// `(table_key, row_key, column_key)` → the record.
fn by_key(records: &Records) -> HashMap<(String, String, String), &HashMap<String, String>> {
    let mut out = HashMap::new();
    for r in records {
        let key = (
            r["table_key"].clone(),
            r["row_key"].clone(),
            r["column_key"].clone(),
        );
        assert!(out.insert(key, r).is_none(), "a cell twice: {r:?}");
    }
    out
}

#[test]
fn every_value_cell_is_a_record_as_the_parser_read_it() {
    for (name, path) in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let report = gongkai::parse(&text);
        let records = cells_of(&path);
        let keyed = by_key(&records);
        let mut cells = 0;
        for table in report.first_tables() {
            let def = table.def;
            for row in &table.rows {
                let Some(r) = row.def else { continue };
                if !std::ptr::eq(table.row(r).unwrap(), row) {
                    continue;
                }
                for (c, cell) in row.cells.iter().enumerate() {
                    cells += 1;
                    let (row_def, column) = (&def.rows[r], &def.columns[c]);
                    let got = keyed[&(
                        def.kind.to_string(),
                        row_def.key.to_string(),
                        column.key.to_string(),
                    )];
                    let where_ = format!("{name} {} {} {}", def.kind, row_def.key, column.key);
                    assert_eq!(got["file"], path.to_str().unwrap());
                    assert_eq!(got["table"], def.name, "{where_}");
                    assert_eq!(
                        got["row"],
                        row_def.label.map_or("", |l| l.official),
                        "{where_}"
                    );
                    assert_eq!(got["column"], column.label.official, "{where_}");
                    assert_eq!(got["text"], &text[cell.span.clone()], "{where_}");
                    let (line, ch) = line_and_char(&text, cell.span.start);
                    assert_eq!(
                        (got["line"].as_str(), got["char"].as_str()),
                        (line.to_string().as_str(), ch.to_string().as_str()),
                        "{where_}"
                    );
                    match &cell.lexeme {
                        gongkai::text::number::Lexeme::Number(n) => {
                            assert_eq!(got["kind"], "number", "{where_}");
                            let v: f64 = got["value"].parse().unwrap();
                            assert_eq!(v, n.cents as f64 / 100.0, "{where_}");
                        }
                        other => {
                            assert_eq!(got["value"], "", "{where_}: {other:?}");
                            assert_ne!(got["kind"], "number", "{where_}");
                        }
                    }
                    assert_eq!(
                        got["year"],
                        report
                            .year
                            .as_ref()
                            .map_or(String::new(), |y| y.year.to_string())
                    );
                    assert_eq!(got["format"], report.format.id().unwrap_or(""));
                }
            }
        }
        assert!(cells > 20, "{name}: {cells} cells");
        assert_eq!(records.len(), cells, "{name}: one record per value cell");
    }
}

#[test]
fn the_records_summed_give_the_tables() {
    let mut held = 0;
    for (name, path) in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let report = gongkai::parse(&text);
        let records = cells_of(&path);
        let keyed = by_key(&records);
        for table in report.first_tables() {
            let def = table.def;
            let counts = gongkai::relations::counts(table);
            let from_csv = |(r, c): (usize, usize)| -> Option<i64> {
                let rec = keyed.get(&(
                    def.kind.to_string(),
                    def.rows[r].key.to_string(),
                    def.columns[c].key.to_string(),
                ))?;
                rec["value"].parse().ok()
            };
            // Each relation of the template, evaluated on the records, is what it is on the
            // parsed table: the same sums, the same totals.
            for instance in gongkai::relations::instances(table) {
                let model = instance.evaluate(&|at| counts.get(at));
                assert_eq!(
                    instance.evaluate(&from_csv),
                    model,
                    "{name} {}: {}",
                    def.kind,
                    instance.relation.statement
                );
                if let Some((expected, actual)) = model {
                    held += usize::from(expected == actual);
                }
            }
            // The value column of the table summed (in hundredths, for amounts) is the sum of
            // the numbers its cells hold.
            let csv_sum: i128 = records
                .iter()
                .filter(|r| r["table_key"] == def.kind)
                .filter_map(|r| r["value"].parse::<f64>().ok())
                .map(|v| (v * 100.0).round() as i128)
                .sum();
            let model_sum: i128 = (0..def.rows.len())
                .flat_map(|r| (0..def.columns.len()).map(move |c| (r, c)))
                .filter_map(|(r, c)| match &table.cell(r, c)?.lexeme {
                    gongkai::text::number::Lexeme::Number(n) => Some(n.cents),
                    _ => None,
                })
                .sum();
            assert_eq!(csv_sum, model_sum, "{name} {}", def.kind);
        }
    }
    assert!(held > 100, "only {held} relations held across the sources");
}

/// `--wide` over every source in one run: `file` → its row.
fn wide_rows() -> (Vec<String>, HashMap<String, HashMap<String, String>>) {
    let paths: Vec<String> = sources()
        .iter()
        .map(|(_, p)| p.to_str().unwrap().to_string())
        .collect();
    let args: Vec<&str> = ["--wide"]
        .into_iter()
        .chain(paths.iter().map(String::as_str))
        .collect();
    let (header, rows) = csv_records(&extract(&args));
    assert_eq!(rows.len(), paths.len(), "one row per report");
    let by_file = rows.into_iter().map(|r| (r["file"].clone(), r)).collect();
    (header, by_file)
}

#[test]
fn wide_figures_are_the_sums_of_their_cells_records() {
    let (header, rows) = wide_rows();
    let names: Vec<&str> = HEADLINES.iter().map(|h| h.name).collect();
    assert_eq!(header[4..], names[..]);
    let mut filled = 0;
    for (name, path) in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let report = gongkai::parse(&text);
        let records = cells_of(&path);
        let keyed = by_key(&records);
        let row = &rows[path.to_str().unwrap()];
        for h in HEADLINES {
            let cells = report
                .table(h.table)
                .and_then(|t| Some((t.def, h.cells_in(t.def)?)));
            let expected: Option<i64> = cells.and_then(|(def, cells)| {
                cells
                    .into_iter()
                    .map(|(r, c)| {
                        keyed
                            .get(&(
                                def.kind.to_string(),
                                def.rows[r].key.to_string(),
                                def.columns[c].key.to_string(),
                            ))?
                            .get("value")?
                            .parse::<i64>()
                            .ok()
                    })
                    .sum()
            });
            assert_eq!(
                row[h.name],
                expected.map_or(String::new(), |v| v.to_string()),
                "{name} {}",
                h.name
            );
            filled += usize::from(expected.is_some());
        }
    }
    assert!(filled > 80, "{filled} figures filled");
    // The example's, as its tables state them; a 2019 report counts no repealed documents.
    let example = &rows[sources().last().unwrap().1.to_str().unwrap()];
    for (figure, value) in [
        ("本年新收申请", "13"),
        ("上年结转申请", "1"),
        ("予以公开", "7"),
        ("不予公开", "1"),
        ("无法提供", "3"),
        ("其他处理", "0"),
        ("办理结果总计", "12"),
        ("结转下年度", "1"),
        ("复议-总计", "1"),
        ("诉讼-未经复议直接起诉-总计", "1"),
        ("规范性文件-制发", "3"),
        ("规范性文件-废止", "1"),
        ("规范性文件-现行有效", "15"),
    ] {
        assert_eq!(example[figure], value, "{figure}");
    }
    assert_eq!(example["agency"], "示例市数据资源管理局");
    let (_, seed_2019) = &sources()[2];
    let seed_2019 = &rows[seed_2019.to_str().unwrap()];
    assert_eq!(seed_2019["format"], "2019");
    assert_eq!(seed_2019["规范性文件-废止"], "");
    assert_eq!(seed_2019["本年新收申请"], "3");
}

/// A JSON value as the CSV writes it.
fn as_csv_field(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn json_lines_say_what_the_csv_says_a_line_at_a_time() {
    let example = sources().last().unwrap().1.to_str().unwrap().to_string();
    for wide in [false, true] {
        let mut args = vec![example.as_str()];
        if wide {
            args.insert(0, "--wide");
        }
        let (header, records) = csv_records(&extract(&args));
        let jsonl = extract(&[&["--format", "jsonl"], &args[..]].concat());
        assert!(!jsonl.starts_with('\u{feff}'));
        let lines: Vec<&str> = jsonl.lines().collect();
        assert_eq!(lines.len(), records.len());
        for (line, record) in lines.iter().zip(&records) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let object = v.as_object().unwrap();
            let keys: Vec<&String> = object.keys().collect();
            let mut sorted_header: Vec<&String> = header.iter().collect();
            sorted_header.sort();
            assert_eq!(keys, sorted_header);
            for (k, value) in object {
                assert_eq!(as_csv_field(value), record[k], "{k} in {line}");
            }
            if !wide {
                assert!(object["line"].is_u64() && object["char"].is_u64(), "{line}");
                assert!(
                    object["value"].is_number() || object["value"].is_null(),
                    "{line}"
                );
            }
        }
    }
    // The amount keeps its fraction and the column's unit.
    let jsonl = extract(&["--format", "jsonl", &example]);
    let fee = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["row_key"] == "行政事业性收费")
        .unwrap();
    assert_eq!(
        (fee["value"].as_f64(), fee["unit"].as_str()),
        (Some(12.5), Some("万元"))
    );
    assert_eq!(fee["column"], "本年收费金额(单位:万元)");
}

#[test]
fn json_lines_keep_the_fields_in_the_csv_order() {
    let example = sources().last().unwrap().1.to_str().unwrap().to_string();
    let (header, _) = csv_records(&extract(&[&example]));
    let jsonl = extract(&["--format", "jsonl", &example]);
    let first = jsonl.lines().next().unwrap();
    let positions: Vec<usize> = header
        .iter()
        .map(|k| first.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-extract-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_are_extracted() {
    let d = dir("unreadable");
    let example = sources().last().unwrap().1.clone();
    std::fs::copy(&example, d.join("a.txt")).unwrap();
    std::fs::write(d.join("b.docx"), b"not a zip").unwrap();
    std::fs::copy(&example, d.join("c.txt")).unwrap();
    let (out, err, code) = run_cli(&["extract", d.to_str().unwrap()], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("b.docx") && err.contains("不是有效的 .docx"),
        "{err}"
    );
    let (_, records) = csv_records(&out);
    let alone = cells_of(&example).len();
    let files: Vec<&str> = records.iter().map(|r| r["file"].as_str()).collect();
    assert_eq!(records.len(), 2 * alone);
    assert!(files[..alone].iter().all(|f| f.ends_with("a.txt")));
    assert!(files[alone..].iter().all(|f| f.ends_with("c.txt")));
    // A path that does not exist, and a folder with no report in it.
    let (_, err, code) = run_cli(&["extract", "no-such-file.txt"], "");
    assert_eq!(code, 2);
    assert!(err.contains("文件不存在"), "{err}");
    let empty = dir("empty");
    let (_, err, code) = run_cli(&["extract", empty.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(err.contains("没有找到"), "{err}");
}

/// The records without what tells where they came from.
fn without_place(mut records: Records) -> Records {
    for r in &mut records {
        for k in ["file", "line", "char"] {
            r.remove(k);
        }
    }
    records
}

#[test]
fn word_files_and_web_pages_give_the_records_of_their_text() {
    let derived = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/derived");
    for (name, path) in sources() {
        let source = without_place(cells_of(&path));
        for file in [
            format!("{name}.docx"),
            "page.html".into(),
            "page-gbk.html".into(),
        ] {
            let input = derived.join(&name).join(&file);
            let got = cells_of(&input);
            assert_eq!(without_place(got.clone()), source, "{name}/{file}");
            // Lines and columns are those of the converted text, as `gongkai convert` writes it.
            let (converted, _, code) = run_cli(&["convert", input.to_str().unwrap()], "");
            assert_eq!(code, 0);
            let (out, err, code) = run_cli(&["extract", "-"], &converted);
            assert_eq!(code, 0, "{err}");
            let mut from_text = csv_records(&out).1;
            for r in &mut from_text {
                assert_eq!(r["file"], "-");
                r.remove("file");
            }
            let mut got = got;
            for r in &mut got {
                r.remove("file");
            }
            assert_eq!(got, from_text, "{name}/{file}");
        }
    }
}

#[test]
fn output_file_jobs_and_the_byte_order_mark() {
    let seeds = common::seeds_dir();
    let seeds = seeds.to_str().unwrap();
    let one = extract(&["-j", "1", seeds]);
    assert_eq!(
        extract(&["-j", "4", seeds]),
        one,
        "input order whatever the threads"
    );
    assert!(one.as_bytes().starts_with(b"\xef\xbb\xbffile,agency,"));
    let plain = extract(&["--no-bom", seeds]);
    assert_eq!(plain.as_str(), one.strip_prefix('\u{feff}').unwrap());
    let d = dir("output");
    let target = d.join("cells.csv");
    let (out, err, code) = run_cli(&["extract", "-o", target.to_str().unwrap(), seeds], "");
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), one);
    // Never over an input.
    let input = d.join("report.txt");
    std::fs::write(&input, common::example()).unwrap();
    let (_, err, code) = run_cli(
        &[
            "extract",
            "-o",
            input.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("不覆盖"), "{err}");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), common::example());
    // Standard input reads as the file does, named `-`.
    let (stdin_out, _, code) = run_cli(&["extract", "--wide", "-"], &common::example());
    assert_eq!(code, 0);
    let from_file = extract(&["--wide", input.to_str().unwrap()]);
    let (_, a) = csv_records(&stdin_out);
    let (_, b) = csv_records(&from_file);
    assert_eq!(a[0]["file"], "-");
    assert_eq!(without_place(a), without_place(b));
}

#[test]
fn numbers_signs_blank_marks_and_words_are_told_apart() {
    let text = "第二十条第(五)项 | |||\n\
                信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n\
                行政许可 | 1,520 | -2 | 若干 |\n\
                其他对外管理服务事项 | １２ | +3 | / |\n";
    let (out, err, code) = run_cli(&["extract", "-"], text);
    assert_eq!(code, 0, "{err}");
    let (_, records) = csv_records(&out);
    let got: Vec<(&str, &str, &str, &str)> = records
        .iter()
        .map(|r| {
            (
                r["column_key"].as_str(),
                r["value"].as_str(),
                r["kind"].as_str(),
                r["text"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("上一年项目数量", "1520", "number", "1,520"),
            ("本年增/减", "-2", "number", "-2"),
            ("处理决定数量", "", "text", "若干"),
            ("上一年项目数量", "12", "number", "１２"),
            ("本年增/减", "3", "number", "+3"),
            ("处理决定数量", "", "blank", "/"),
        ]
    );
    assert!(out.contains("\"1,520\""), "a comma quoted: {out}");
    assert_eq!(records[0]["format"], "2019");
    assert_eq!(records[0]["table"], "第二十条第(五)项表");
}

/// The committed PDFs give their sources' records; only the text may differ, where the PDF's
/// layout sets a space between a number and its unit (`429148 元`).
#[test]
fn pdfs_give_the_records_of_their_source() {
    let derived = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/derived");
    let without_text = |records: Records| -> Records {
        without_place(records)
            .into_iter()
            .map(|mut r| {
                r.remove("text");
                r
            })
            .collect()
    };
    for (name, file) in [
        ("000", "000.pdf"),
        ("002", "002.pdf"),
        ("example", "example.pdf"),
        ("example", "example-cid.pdf"),
    ] {
        let (_, source) = sources().into_iter().find(|(n, _)| n == name).unwrap();
        let got = without_text(cells_of(&derived.join(name).join(file)));
        let want = without_text(cells_of(&source));
        assert_eq!(got.len(), want.len(), "{name}/{file}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{name}/{file}");
        }
    }
}
