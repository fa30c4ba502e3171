//! `plan-year`: section 五 plans improvements for the reporting year or an earlier one
//! (`2021年,我局将…` in a 2021 report), as text carried over from an old report does. Read
//! only where the clause leaves no doubt: it opens with the year, a short subject follows
//! (我局, 我们) and then a word of intent (将继续…, 拟, 计划, 力争); a clause about what was
//! done (开展了, 已) or about something of that year (的) is not a plan.

use super::finding;
use crate::diagnostic::{Diagnostic, Related};
use crate::model::Report;
use crate::text::normalize::{fold, strip_numbering};
use crate::text::year::years;

/// What ends a clause: the year must open one.
const CLAUSE_ENDS: [char; 10] = ['。', '!', '?', ';', ';', ',', ',', ':', ':', '\n'];
/// What may stand before the year in its clause (`在2021年`, `到2021年底`).
const OPENERS: [&str; 4] = ["", "在", "于", "到"];
/// Times within the year after 年 (`2021年底前`, `2021年度内`).
const WITHIN_YEAR: [&str; 9] = [
    "度",
    "底前",
    "底",
    "内",
    "中",
    "里",
    "上半年",
    "下半年",
    "工作中",
];
/// The subject between the year and the intent: a few characters, none of these.
const SUBJECT_MAX_CHARS: usize = 8;
const NOT_IN_SUBJECT: &str = "的了已曾过虽但";
/// Words of intent: 将 (will), 拟, 计划, 力争, 争取, 打算.
const INTENT: [&str; 6] = ["将", "拟", "计划", "力争", "争取", "打算"];
/// After 将, words that make it "will" whatever follows (将继续, 将进一步).
const AFTER_JIANG: [&str; 12] = [
    "继续",
    "进一步",
    "持续",
    "着力",
    "重点",
    "不断",
    "全面",
    "积极",
    "切实",
    "努力",
    "从以下",
    "更加",
];
/// Verbs that make 将 the object marker 把 (将政务公开纳入考核): such a clause may tell what
/// was done, so it is no plan unless a word above says so.
const BA_VERBS: [&str; 12] = [
    "纳入",
    "列入",
    "作为",
    "融入",
    "转为",
    "改为",
    "落实到",
    "延伸到",
    "报送",
    "移送",
    "交由",
    "完成",
];

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(reporting) = report.year.as_ref() else {
        return;
    };
    for section in report.sections.iter().filter(|s| s.def.number == 5) {
        let body = &text[section.body.clone()];
        for y in years(body).filter(|y| y.year <= reporting.year) {
            let Some(end) = intent_after(&body[y.end..]) else {
                continue;
            };
            if !opens_clause(&body[..y.digits.start]) {
                continue;
            }
            let at = section.body.start;
            let mut d = finding(
                "plan-year",
                at + y.digits.start..at + y.end + end,
                if y.year == reporting.year {
                    format!(
                        "改进措施写的是{}年将做的事,而本报告就是{}年度的报告",
                        y.year, reporting.year
                    )
                } else {
                    format!(
                        "改进措施写的是{}年将做的事,早于报告年度{}年",
                        y.year, reporting.year
                    )
                } + &format!(
                    "\n改进措施应针对下一年({}年);此句可能沿用了往年的报告,请核对年份",
                    reporting.year + 1
                ),
            );
            d.related = vec![Related {
                span: reporting.span.clone(),
                message: format!("报告年度:{}年", reporting.year),
                document: None,
            }];
            out.push(d);
        }
    }
}

/// Whether the year opens its clause, after any numbering (`一是`, `1.`) and an opener.
fn opens_clause(before: &str) -> bool {
    let head = before.rfind(CLAUSE_ENDS).map_or(before, |i| {
        &before[i + before[i..].chars().next().map_or(1, char::len_utf8)..]
    });
    let folded = fold(head);
    let mut rest = strip_numbering(&folded);
    if let Some((i, '是')) = rest.char_indices().nth(1)
        && rest[..i]
            .chars()
            .all(|c| "一二三四五六七八九十".contains(c))
    {
        rest = &rest[i + '是'.len_utf8()..];
    }
    OPENERS.contains(&rest)
}

/// After a year's 年: a time within it, a comma, a short subject, then intent whose clause
/// tells of nothing done (了). The byte length up to the end of the intent word.
fn intent_after(after: &str) -> Option<usize> {
    let mut rest = after;
    if let Some(w) = WITHIN_YEAR.iter().find(|w| rest.starts_with(**w)) {
        rest = &rest[w.len()..];
    }
    rest = rest.trim_start_matches([',', ',', ' ', '\u{3000}']);
    for (n, (i, c)) in rest.char_indices().enumerate() {
        let here = &rest[i..];
        if let Some(word) = INTENT.iter().find(|w| here.starts_with(**w)) {
            let then = &here[word.len()..];
            let clause = &then[..then.find(CLAUSE_ENDS).unwrap_or(then.len())];
            let sure = *word != "将" || AFTER_JIANG.iter().any(|w| then.starts_with(w));
            // 把 has its object before the verb: 将完成 is "will complete".
            let ba = *word == "将"
                && BA_VERBS
                    .iter()
                    .any(|v| clause.find(v).is_some_and(|i| i > 0));
            // 工作计划, 年度计划: the noun.
            let noun =
                *word == "计划" && (rest[..i].ends_with("工作") || rest[..i].ends_with("年度"));
            if clause.contains('了') || (ba && !sure) || noun {
                return None;
            }
            return Some(after.len() - rest.len() + i + word.len());
        }
        if n >= SUBJECT_MAX_CHARS || NOT_IN_SUBJECT.contains(c) || CLAUSE_ENDS.contains(&c) {
            return None;
        }
    }
    None
}
