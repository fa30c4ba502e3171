//! `period`, `date-before-period-end`, `late-publication`, `format-citation`: what the report
//! says about its own year, dates and format, against each other.

use super::finding;
use crate::diagnostic::{Diagnostic, Related};
use crate::model::{Date, DateKind, Report, YearSource};
use crate::template::Format;

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(year) = report.year.as_ref() else {
        return;
    };
    let y = year.year;
    period(report, y, out);
    dates(report, y, out);
    citations(report, y, out);
}

fn source_name(s: YearSource) -> &'static str {
    match s {
        YearSource::Period => "统计期限",
        YearSource::Title => "标题",
        YearSource::Category => "组配分类",
        YearSource::FirstSentence => "总体情况首句",
    }
}

fn period(report: &Report, y: u16, out: &mut Vec<Diagnostic>) {
    if let Some((from, to, span)) = &report.period {
        let want = (
            Date {
                year: y,
                month: 1,
                day: 1,
            },
            Date {
                year: y,
                month: 12,
                day: 31,
            },
        );
        if (*from, *to) != want {
            out.push(finding(
                "period",
                span.clone(),
                format!("统计期限应为{}至{},实为{from}至{to}", want.0, want.1),
            ));
        }
    }
    // The title, the period and the first sentence must name one year.
    let Some(first) = report.year_mentions.first() else {
        return;
    };
    for m in report.year_mentions.iter().skip(1) {
        if m.year != first.year && m.source != YearSource::Category {
            let mut d = finding(
                "period",
                m.span.clone(),
                format!(
                    "{}写的是{}年,而{}写的是{}年:报告年度应一致",
                    source_name(m.source),
                    m.year,
                    source_name(first.source),
                    first.year
                ),
            );
            d.related = vec![Related {
                span: first.span.clone(),
                message: format!("{}:{}年", source_name(first.source), first.year),
                document: None,
            }];
            out.push(d);
        }
    }
}

fn kind_name(k: DateKind) -> &'static str {
    match k {
        DateKind::Written => "成文日期",
        DateKind::Published => "发布日期",
        DateKind::Signature => "落款日期",
    }
}

/// A county-or-higher government's own summary report is due 3月31日 (条例第四十九条第二款);
/// a department's, 1月31日.
fn is_government_summary(report: &Report) -> bool {
    report.agency().is_some_and(|a| a.name.ends_with("政府"))
}

fn dates(report: &Report, y: u16, out: &mut Vec<Diagnostic>) {
    let period_end = Date {
        year: y,
        month: 12,
        day: 31,
    };
    for d in &report.dates {
        if d.date < period_end {
            out.push(finding(
                "date-before-period-end",
                d.span.clone(),
                format!(
                    "{}{}早于统计期限结束日{period_end}:{y}年度的报告不能在年度结束前成文或发布",
                    kind_name(d.kind),
                    d.date
                ),
            ));
        }
    }
    let government = is_government_summary(report);
    let due = Date {
        year: y + 1,
        month: if government { 3 } else { 1 },
        day: 31,
    };
    let dated = [DateKind::Published, DateKind::Written, DateKind::Signature]
        .iter()
        .find_map(|k| report.dates.iter().find(|d| d.kind == *k));
    if let Some(d) = dated
        && d.date > due
    {
        let who = if government {
            "本级人民政府的年度报告"
        } else {
            "部门的年度报告"
        };
        out.push(finding(
            "late-publication",
            d.span.clone(),
            format!(
                "{}为{},晚于{due}:条例第四十九条规定{who}应在每年{}月31日前公布",
                kind_name(d.kind),
                d.date,
                due.month
            ),
        ));
    }
}

fn citations(report: &Report, y: u16, out: &mut Vec<Diagnostic>) {
    let Some(due) = Format::for_year(y) else {
        return;
    };
    for (id, span) in &report.citations {
        if *id != due.id {
            let cited = Format::by_id(id).map_or(*id, |f| f.document);
            out.push(finding(
                "format-citation",
                span.clone(),
                format!(
                    "引用了{cited},但{y}年度的报告应依据{}({}年格式)",
                    due.document, due.id
                ),
            ));
        }
    }
}
