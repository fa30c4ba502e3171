//! `not-a-number`, `negative`, `missing-cell`, `extra-cell`, `blank-cell`, `fullwidth-digit`,
//! `amount-unit`: what each value cell holds, judged by its column.

use super::{finding, safe};
use crate::diagnostic::{Diagnostic, Edit, Fix, Related};
use crate::model::{Cell, Report, Row, Table};
use crate::relations::{At, counts, instances};
use crate::template::ValueKind;
use crate::text::number::{Lexeme, NumberText, ascii};

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    for table in report.tables() {
        for row in &table.rows {
            check_row(text, table, row, out);
        }
    }
}

fn row_name(table: &Table, row: &Row, text: &str) -> String {
    match (row.def, &row.unknown_label) {
        (Some(r), _) => table.def.row_name(r).to_string(),
        (None, Some(span)) => text[span.clone()].to_string(),
        (None, None) => table.def.name.to_string(),
    }
}

fn check_row(text: &str, table: &Table, row: &Row, out: &mut Vec<Diagnostic>) {
    let def = table.def;
    // Names are spelled out only for findings; most cells have none.
    let name = || row_name(table, row, text);
    for (c, cell) in row.cells.iter().enumerate() {
        let column = &def.columns[c];
        let what = || format!("「{}」{}", name(), column.label.official);
        if let Lexeme::Number(n) = &cell.lexeme {
            number(cell, n, &text[cell.span.clone()], column.kind, &what, out);
        } else if let Lexeme::Other = cell.lexeme {
            let what = what();
            out.push(finding(
                "not-a-number",
                cell.span.clone(),
                format!(
                    "{what}应为数字,实为「{}」",
                    crate::text::excerpt(&text[cell.span.clone()])
                ),
            ));
        }
    }
    if row.cells.len() < def.columns.len() {
        let name = name();
        let span = row
            .cells
            .last()
            .map_or(row.span.clone(), |c| c.span.clone());
        out.push(finding(
            "missing-cell",
            if span.is_empty() {
                row.span.clone()
            } else {
                span
            },
            format!(
                "「{name}」应有 {} 个数值({}),只找到 {} 个",
                def.columns.len(),
                def.columns
                    .iter()
                    .map(|c| c.label.official)
                    .collect::<Vec<_>>()
                    .join("、"),
                row.cells.len()
            ),
        ));
    }
    if let (Some(first), Some(last)) = (row.extras.first(), row.extras.last()) {
        let name = name();
        out.push(finding(
            "extra-cell",
            first.span.start..last.span.end,
            format!(
                "「{name}」只有 {} 列,多出 {} 个数值",
                def.columns.len(),
                row.extras.len()
            ),
        ));
    }
    blanks(table, row, &name, out);
}

fn number(
    cell: &Cell,
    n: &NumberText,
    written: &str,
    kind: ValueKind,
    what: &impl Fn() -> String,
    out: &mut Vec<Diagnostic>,
) {
    // Only findings with a rewrite need the digits spelled out.
    let digits = || ascii(written);
    let rewrite = |code: &'static str, title: String, new_text: String| Fix {
        title,
        edits: vec![Edit {
            span: cell.span.clone(),
            new_text,
        }],
        safe: safe(code),
    };
    match kind {
        ValueKind::Count | ValueKind::SignedCount => {
            if n.has_fraction {
                out.push(finding(
                    "not-a-number",
                    cell.span.clone(),
                    format!("{}是件数,应为整数,实为「{written}」", what()),
                ));
                return;
            }
            if let Some(unit) = n.unit {
                let mut d = finding(
                    "not-a-number",
                    cell.span.clone(),
                    format!("{}只写数字,不带单位「{unit}」", what()),
                );
                d.fix = Some(rewrite(
                    "not-a-number",
                    format!("改为 {}", digits()),
                    digits(),
                ));
                out.push(d);
                return;
            }
            if n.cents < 0 && kind == ValueKind::Count {
                out.push(finding(
                    "negative",
                    cell.span.clone(),
                    format!("{}是件数,不能为负,实为 {written}", what()),
                ));
            }
        }
        ValueKind::Amount { unit } => {
            if n.cents < 0 {
                out.push(finding(
                    "negative",
                    cell.span.clone(),
                    format!("{}是金额,不能为负,实为 {written}", what()),
                ));
            }
            if let (Some(expected), Some(written)) = (unit, n.unit)
                && expected != written
            {
                out.push(finding(
                    "amount-unit",
                    cell.span.clone(),
                    format!("{}的单位是{expected},此格写的是「{written}」", what()),
                ));
            }
        }
    }
    if n.fullwidth || n.grouped {
        let ascii = format!("{}{}", digits(), n.unit.unwrap_or(""));
        let mut d = finding(
            "fullwidth-digit",
            cell.span.clone(),
            format!(
                "{}{},应写作 {ascii}",
                what(),
                if n.fullwidth {
                    "用了全角数字或符号"
                } else {
                    "用了千位分隔符"
                }
            ),
        );
        d.fix = Some(rewrite("fullwidth-digit", format!("改为 {ascii}"), ascii));
        out.push(d);
    }
}

/// One `blank-cell` per row, covering its blank cells; the fix writes 0 in the parts and the
/// computed sum in the totals.
fn blanks(table: &Table, row: &Row, name: &impl Fn() -> String, out: &mut Vec<Diagnostic>) {
    let blank: Vec<(usize, &Cell)> = row
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.lexeme, Lexeme::Blank { .. }))
        .collect();
    let (Some(first), Some(last)) = (blank.first(), blank.last()) else {
        return;
    };
    let def = table.def;
    let name = name();
    let columns: Vec<&str> = blank
        .iter()
        .map(|(c, _)| def.columns[*c].label.official)
        .collect();
    let mut d = finding(
        "blank-cell",
        first.1.slot.start..last.1.slot.end,
        format!(
            "「{name}」有 {} 格未填({});空格不等于 0,相关的勾稽关系暂不核对",
            blank.len(),
            columns.join("、")
        ),
    );
    d.related = blank
        .iter()
        .map(|(c, cell)| Related {
            span: cell.slot.clone(),
            message: format!("「{name}」{}", def.columns[*c].label.official),
            document: None,
        })
        .collect();
    if let Some(r) = row.def {
        let values = fill(table, r, &blank);
        d.fix = Some(Fix {
            title: "补全此行:分项填 0,合计填计算值".to_string(),
            edits: blank
                .iter()
                .zip(values)
                .map(|((_, cell), v)| fill_edit(cell, v))
                .collect(),
            safe: safe("blank-cell"),
        });
    }
    out.push(d);
}

/// Values for the blank cells of row `r`: 0 for a part, the sum for a total once the parts are in.
fn fill(table: &Table, r: usize, blank: &[(usize, &Cell)]) -> Vec<i64> {
    let all = instances(table);
    let is_blank = |at: At| at.0 == r && blank.iter().any(|(c, _)| *c == at.1);
    let mut filled: Vec<(At, i64)> = blank
        .iter()
        .filter(|(c, _)| !all.iter().any(|i| i.target == (r, *c)))
        .map(|(c, _)| ((r, *c), 0))
        .collect();
    let grid = counts(table);
    let value = |at: At, filled: &[(At, i64)]| -> Option<i64> {
        if let Some((_, v)) = filled.iter().find(|(a, _)| *a == at) {
            return Some(*v);
        }
        if is_blank(at) {
            return None;
        }
        grid.get(at)
    };
    for (c, _) in blank {
        let at = (r, *c);
        if filled.iter().any(|(a, _)| *a == at) {
            continue;
        }
        let sum = all
            .iter()
            .filter(|i| i.target == at)
            .find_map(|i| i.evaluate(&|x| if x == at { Some(0) } else { value(x, &filled) }))
            .map_or(0, |(e, _)| e.max(0));
        filled.push((at, sum));
    }
    blank
        .iter()
        .map(|(c, _)| {
            filled
                .iter()
                .find(|(a, _)| *a == (r, *c))
                .map_or(0, |(_, v)| *v)
        })
        .collect()
}

fn fill_edit(cell: &Cell, v: i64) -> Edit {
    if !cell.span.is_empty() {
        return Edit {
            span: cell.span.clone(),
            new_text: v.to_string(),
        };
    }
    // An empty slot is rewritten whole, spaced like the cells around it.
    Edit {
        span: cell.slot.clone(),
        new_text: format!(" {v} "),
    }
}
