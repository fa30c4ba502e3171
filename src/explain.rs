//! What a place in a report means, in Chinese Markdown: the text hovers show. Also the totals
//! as they should be, for inlay hints.

use std::fmt::Write;

use crate::model::{Report, Span, Table};
use crate::relations::{At, cell_name, counts, instances};
use crate::template::articles::{ARTICLE_20_ITEMS, ARTICLE_20_LEAD};
use crate::template::{TableDef, ValueKind};

/// An explanation of the thing at some offset, and the span it explains.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub span: Span,
    pub markdown: String,
}

fn inside(span: &Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end && !span.is_empty()
}

/// The explanation at a byte offset, if the offset is on something the format defines, or on
/// a figure the prose states.
pub fn at(text: &str, report: &Report, offset: usize) -> Option<Explanation> {
    if let Some((span, told)) = crate::rules::told_at(text, report, offset) {
        let mut md = String::from("**正文中的件数**(与表格核对)\n");
        for t in told {
            let said = match t.stated {
                Some(n) => format!("{}{n}件", t.subject),
                None => format!("没有{}", t.subject),
            };
            let verdict = match (t.agrees, t.parts) {
                (true, Some(p)) => format!("与各项之和 {p} 一致 ✓(表中合计有误)"),
                (true, None) => "一致 ✓".to_string(),
                (false, _) => "不一致 ✗".to_string(),
            };
            let held = t.actual.said(t.stated);
            let _ = write!(md, "\n- 正文:{said};{}{held} — {verdict}", t.cells);
        }
        return Some(Explanation { span, markdown: md });
    }
    for s in &report.sections {
        if inside(&s.heading, offset) {
            return Some(Explanation {
                span: s.heading.clone(),
                markdown: format!(
                    "**第{}部分 {}**\n\n{}",
                    s.def.numeral, s.def.heading, s.def.requires
                ),
            });
        }
    }
    let table = report.tables().find(|t| {
        inside(&t.span, offset) || t.marker.as_ref().is_some_and(|m| inside(m, offset))
    })?;
    if let Some(m) = &table.marker
        && inside(m, offset)
    {
        return Some(Explanation {
            span: m.clone(),
            markdown: item_table(table.def),
        });
    }
    for h in &table.header {
        if inside(&h.span, offset) {
            let (label, _) = h.matched?;
            let col = table
                .def
                .columns
                .iter()
                .find(|c| std::ptr::eq(&c.label, label) || c.label.official == label.official);
            let mut md = format!("**{}**(表头)", label.official);
            if let Some(c) = col {
                let _ = write!(md, "\n\n{}", kind_text(c.kind));
            }
            return Some(Explanation {
                span: h.span.clone(),
                markdown: md,
            });
        }
    }
    for row in &table.rows {
        for l in &row.labels {
            if inside(&l.span, offset) {
                let mut md = format!("**{}**", l.label.official);
                if let Some(r) = row.def.filter(|r| {
                    table.def.rows[*r]
                        .label
                        .as_ref()
                        .is_some_and(|x| x.official == l.label.official)
                }) {
                    let _ = write!(md, "\n\n{}", table.def.rows[r].note);
                    if let Some(item) = table.def.article20_item {
                        let _ = write!(md, "\n\n条例第二十条{}", ARTICLE_20_ITEMS[item - 1]);
                    }
                } else {
                    md.push_str("\n\n统一格式中的分组标题,其下各行分别计数。");
                }
                return Some(Explanation {
                    span: l.span.clone(),
                    markdown: md,
                });
            }
        }
    }
    let (at, cell) = table.cell_at(offset)?;
    Some(Explanation {
        span: cell.place(),
        markdown: cell_text(table, at),
    })
}

pub(crate) fn kind_text(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Count => "件数:非负整数。",
        ValueKind::SignedCount => "本年增减:可正可负的整数(如 +2、-18)。",
        ValueKind::Amount { unit: Some(_) } => "金额,单位万元,可有小数。",
        ValueKind::Amount { unit: None } => "金额,单位写在格内(如 429148元)。",
    }
}

/// 第二十条第(X)项: the item verbatim, then what this format's table records, column by column.
fn item_table(def: &'static TableDef) -> String {
    let mut md = format!("**{}**\n\n", def.kind);
    if let Some(item) = def.article20_item {
        let _ = write!(
            md,
            "《政府信息公开条例》第二十条:{}\n\n> {}\n\n",
            ARTICLE_20_LEAD,
            ARTICLE_20_ITEMS[item - 1]
        );
    }
    let formats: Vec<String> = def
        .formats()
        .map(|f| format!("{}年格式({})", f.id, f.document))
        .collect();
    let _ = writeln!(md, "本报告的{}中,此表逐列填报:\n", formats.join("、"));
    for c in def.columns {
        let _ = writeln!(md, "- **{}**:{}", c.label.official, kind_text(c.kind));
    }
    let rows: Vec<&str> = def
        .rows
        .iter()
        .filter_map(|r| r.label.as_ref().map(|l| l.official))
        .collect();
    let _ = write!(md, "\n行:{}", rows.join("、"));
    md
}

/// A value cell: its row and column, and every relation it takes part in, with the numbers.
fn cell_text(table: &Table, at: At) -> String {
    let grid = counts(table);
    let value = |a: At| grid.get(a);
    let mut md = format!("**{}**", cell_name(table, at));
    let mut any = false;
    for inst in instances(table).iter().filter(|i| i.involves(at)) {
        if !any {
            md.push_str("\n\n所在勾稽关系:\n");
            any = true;
        }
        let show = |a: At| value(a).map_or("空".to_string(), |v| v.to_string());
        let mut sum = inst
            .plus
            .iter()
            .map(|&a| show(a))
            .collect::<Vec<_>>()
            .join(" + ");
        for &a in &inst.minus {
            let _ = write!(sum, " − {}", show(a));
        }
        let target = &table.def.columns[inst.target.1].label.official;
        let lhs = if inst.relation.scope == crate::template::Scope::EachColumn {
            format!("{}·{}", table.def.rows[inst.target.0].key, target)
        } else {
            target.to_string()
        };
        let verdict = match inst.evaluate(&value) {
            Some((e, a)) if e == a => format!("= {e} ✓"),
            Some((e, a)) => format!("= {e} ✗(表中为 {a})"),
            None => "(有空格或非数字,暂不核对)".to_string(),
        };
        let _ = write!(
            md,
            "\n- {lhs} = {sum} {verdict}  \n  {}",
            inst.relation.statement
        );
    }
    md
}

/// Totals that differ from what their relation computes: `(cell span, computed value)`.
pub fn computed_totals(report: &Report) -> Vec<(Span, i64)> {
    let mut out: Vec<(Span, i64)> = Vec::new();
    for table in report.tables() {
        let grid = counts(table);
        let value = |a: At| grid.get(a);
        for inst in instances(table) {
            if let Some((e, a)) = inst.evaluate(&value)
                && e != a
                && let Some(cell) = table.cell(inst.target.0, inst.target.1)
                && !out.iter().any(|(s, _)| *s == cell.span)
            {
                out.push((cell.span.clone(), e));
            }
        }
    }
    out
}
