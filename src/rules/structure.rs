//! `missing-section`, `section-order`, `missing-table`, `missing-row`, `empty-section`,
//! `unknown-row`, `duplicate-row`, `skipped-line`, `unread-table`: the report's shape against
//! its format.

use super::{finding, safe};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::{Report, Section, Span, Table};
use crate::render;
use crate::template::{SECTIONS, TableDef};
use crate::text::lines::{line_end, line_start};

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    sections(text, report, out);
    tables(text, report, out);
    for table in report.tables() {
        rows(text, report, table, out);
    }
}

fn insert(at: usize, new_text: String, title: String, code: &str) -> Fix {
    Fix {
        title,
        edits: vec![Edit {
            span: at..at,
            new_text,
        }],
        safe: safe(code),
    }
}

fn tables_in<'r>(report: &'r Report, section: &Section) -> impl Iterator<Item = &'r Table> {
    let body = section.body.clone();
    report
        .tables()
        .filter(move |t| body.contains(&t.span.start))
}

fn sections(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let nl = report.newline;
    for def in &SECTIONS {
        if report.sections.iter().any(|s| s.def.number == def.number) {
            continue;
        }
        let next = report.sections.iter().find(|s| s.def.number > def.number);
        let (span, at, new_text) = match next {
            Some(s) => (
                s.heading.clone(),
                line_start(text, s.heading.start),
                format!("{}{nl}", def.heading),
            ),
            None => {
                let tail = if text.ends_with(['\n', '\r']) { "" } else { nl };
                let span = report
                    .sections
                    .last()
                    .map_or(report.start..report.start, |s| s.heading.clone());
                (span, text.len(), format!("{tail}{}{nl}", def.heading))
            }
        };
        let mut d = finding(
            "missing-section",
            span,
            format!(
                "缺少第{}部分「{}」。{}",
                def.numeral, def.heading, def.requires
            ),
        );
        d.fix = Some(insert(
            at,
            new_text,
            format!("插入标题「{}」", def.heading),
            "missing-section",
        ));
        out.push(d);
    }

    let mut seen: Vec<u8> = Vec::new();
    let mut highest = 0;
    for s in &report.sections {
        let n = s.def.number;
        let message = if seen.contains(&n) {
            Some(format!(
                "第{}部分「{}」出现了两次",
                s.def.numeral, s.def.heading
            ))
        } else if n < highest {
            let after = &SECTIONS[usize::from(highest) - 1];
            Some(format!(
                "第{}部分应在第{}部分「{}」之前",
                s.def.numeral, after.numeral, after.heading
            ))
        } else {
            None
        };
        if let Some(m) = message {
            out.push(finding("section-order", s.heading.clone(), m));
        }
        seen.push(n);
        highest = highest.max(n);
    }

    for s in &report.sections {
        let n = s.def.number;
        if n == 5 {
            let body = text[s.body.clone()].trim().trim_end_matches('。');
            if body.is_empty() || body == "无" || body == "暂无" {
                out.push(finding(
                    "empty-section",
                    s.heading.clone(),
                    format!("第五部分没有内容。{}", s.def.requires),
                ));
            }
        } else if (2..=4).contains(&n) && tables_in(report, s).next().is_none() {
            out.push(finding(
                "empty-section",
                s.heading.clone(),
                format!(
                    "第{}部分有标题而没有表格(原文的表格可能是图片,无法核对)",
                    s.def.numeral
                ),
            ));
        }
    }
}

fn tables(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(format) = report.format.format() else {
        return;
    };
    let nl = report.newline;
    for (k, def) in format.tables.iter().enumerate() {
        if report.table(def.kind).is_some() {
            continue;
        }
        let section = report.sections.iter().find(|s| s.def.number == def.section);
        if let Some(s) = section
            && tables_in(report, s).next().is_none()
        {
            continue; // `empty-section` says it once for the whole section.
        }
        let present = |d: &&&TableDef| report.table(d.kind);
        let before = format.tables[..k].iter().rev().find_map(|d| present(&d));
        let after = format.tables[k + 1..].iter().find_map(|d| present(&d));
        let span = section.map_or(report.start..report.start, |s| s.heading.clone());
        let mut d = finding(
            "missing-table",
            span,
            format!("缺少{}({}年格式要求)", def.name, format.id),
        );
        let placed = match (before, after) {
            (Some(t), _) if t.def.section == def.section => {
                let at = line_end(text, t.span.end);
                Some((
                    at,
                    format!("{nl}{}", render::table(def, t.layout, nl, &render::zeros)),
                    t,
                ))
            }
            (_, Some(t)) if t.def.section == def.section => {
                let at = line_start(text, t.span.start);
                Some((
                    at,
                    format!("{}{nl}", render::table(def, t.layout, nl, &render::zeros)),
                    t,
                ))
            }
            _ => None,
        };
        if let Some((at, new_text, _)) = placed {
            d.fix = Some(insert(
                at,
                new_text,
                format!("插入空的{}", def.name),
                "missing-table",
            ));
        }
        out.push(d);
    }
}

fn rows(text: &str, report: &Report, table: &Table, out: &mut Vec<Diagnostic>) {
    let def = table.def;
    let nl = report.newline;
    let head: Span = table
        .marker
        .clone()
        .or_else(|| table.header.first().map(|h| h.span.clone()))
        .unwrap_or(table.span.start..line_end(text, table.span.start));
    if table.unread {
        out.push(finding(
            "unread-table",
            head,
            format!(
                "{}的文字不是逐行排列的(各格的先后被打乱,如不加 -layout 的 pdftotext 输出),无法把数值放回各行,未核对此表;请用原文件或 `pdftotext -layout` 的输出检查",
                def.name
            ),
        ));
        return;
    }
    let written_groups: Vec<&str> = table
        .rows
        .iter()
        .flat_map(|r| r.labels.iter().map(|l| l.label.official))
        .collect();
    for (idx, rdef) in def.rows.iter().enumerate() {
        if table.row(idx).is_some() {
            continue;
        }
        let name = rdef.label.as_ref().map_or("数据行", |l| l.official);
        let groups: Vec<&str> = rdef
            .groups
            .iter()
            .copied()
            .filter(|g| !written_groups.contains(g))
            .collect();
        let rendered = render::row(def, idx, &groups, table.layout, nl, &render::zeros);
        let brk = render::row_break(table.layout, nl);
        let prev = table
            .rows
            .iter()
            .filter(|r| r.def.is_some_and(|d| d < idx))
            .max_by_key(|r| r.def);
        let next = table
            .rows
            .iter()
            .filter(|r| r.def.is_some_and(|d| d > idx))
            .min_by_key(|r| r.def);
        // Reported where the row belongs: on the row it should come before (or after).
        let label =
            |r: &crate::model::Row| r.item_label().map_or(r.span.clone(), |l| l.span.clone());
        let (span, place) = match (next, prev) {
            (Some(n), _) => (
                label(n),
                format!("(应在「{}」之前)", def.row_name(n.def.unwrap_or(0))),
            ),
            (None, Some(p)) => (
                label(p),
                format!("(应在「{}」之后)", def.row_name(p.def.unwrap_or(0))),
            ),
            (None, None) => (head.clone(), String::new()),
        };
        let mut d = finding(
            "missing-row",
            span,
            format!("{}缺少「{}」一行{place}", def.name, name),
        );
        let placed = match (prev, next) {
            (Some(p), _) => Some((line_end(text, p.span.end), format!("{brk}{rendered}"))),
            (None, Some(n)) => Some((line_start(text, n.span.start), format!("{rendered}{brk}"))),
            (None, None) => None,
        };
        if let Some((at, new_text)) = placed {
            d.fix = Some(insert(
                at,
                new_text,
                format!("插入「{name}」行(数值为 0)"),
                "missing-row",
            ));
        }
        out.push(d);
    }
    for span in &table.skipped {
        out.push(finding(
            "skipped-line",
            span.clone(),
            format!(
                "「{}」不是{}的行,也没有数值,已跳过(可能是页眉、重复的标题或分组的表头)",
                crate::text::excerpt(&text[span.clone()]),
                def.name
            ),
        ));
    }
    let mut seen: Vec<usize> = Vec::new();
    for row in &table.rows {
        match row.def {
            Some(idx) if seen.contains(&idx) => {
                let span = row
                    .item_label()
                    .map_or(row.span.clone(), |l| l.span.clone());
                out.push(finding(
                    "duplicate-row",
                    span,
                    format!("「{}」在{}中出现了两次", def.row_name(idx), def.name),
                ));
            }
            Some(idx) => seen.push(idx),
            None => {
                let span = row.unknown_label.clone().unwrap_or(row.span.clone());
                let formats: Vec<&str> = def.formats().map(|f| f.id).collect();
                out.push(finding(
                    "unknown-row",
                    span.clone(),
                    format!(
                        "「{}」不是{}年格式{}中的行",
                        crate::text::excerpt(&text[span]),
                        formats.join("、"),
                        def.name
                    ),
                ));
            }
        }
    }
}
