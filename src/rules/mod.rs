//! The rule catalogue of RULES.md and the checks behind it.

mod across;
mod arithmetic;
mod cells;
mod narrative;
mod prose;
mod structure;
mod wording;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Report;

pub use across::{Identity, Previous, Seen};
pub use narrative::{Told, told_at};

/// What a rule offers to mend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mend {
    None,
    /// A fix a person should look at first.
    Manual,
    /// A fix `--fix` and `source.fixAll` apply unasked.
    Safe,
}

#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub category: &'static str,
    /// One line, Chinese: when it fires.
    pub summary: &'static str,
    pub mend: Mend,
}

const fn rule(
    code: &'static str,
    severity: Severity,
    category: &'static str,
    summary: &'static str,
    mend: Mend,
) -> Rule {
    Rule {
        code,
        severity,
        category,
        summary,
        mend,
    }
}

use Severity::{Error, Hint, Information, Warning};

pub static RULES: &[Rule] = &[
    rule(
        "row-total",
        Error,
        "勾稽关系",
        "申请表某行的总计不等于自然人与五类法人或其他组织之和",
        Mend::Safe,
    ),
    rule(
        "outcome-total",
        Error,
        "勾稽关系",
        "申请表某列的(七)总计不等于(一)至(六)各项之和",
        Mend::Safe,
    ),
    rule(
        "balance",
        Error,
        "勾稽关系",
        "申请表某列不满足“第一项加第二项之和,等于第三项加第四项之和”",
        Mend::Safe,
    ),
    rule(
        "review-total",
        Error,
        "勾稽关系",
        "复议诉讼表某组的总计不等于结果维持、结果纠正、其他结果、尚未审结之和",
        Mend::Safe,
    ),
    rule(
        "not-a-number",
        Error,
        "单元格",
        "数值格里写的不是数字(文字、汉字数字、带单位的件数、字母O)",
        Mend::Safe,
    ),
    rule(
        "negative",
        Error,
        "单元格",
        "件数为负(2019年格式的“本年增/减”列除外)",
        Mend::None,
    ),
    rule(
        "missing-cell",
        Error,
        "单元格",
        "某行的数值格少于表格的列数",
        Mend::None,
    ),
    rule(
        "extra-cell",
        Warning,
        "单元格",
        "某行的数值格多于表格的列数",
        Mend::None,
    ),
    rule(
        "blank-cell",
        Warning,
        "单元格",
        "数值格为空或只写了“/”“—”“无”",
        Mend::Manual,
    ),
    rule(
        "fullwidth-digit",
        Warning,
        "单元格",
        "数字用了全角数字或千位分隔符",
        Mend::Safe,
    ),
    rule(
        "amount-unit",
        Warning,
        "单元格",
        "金额的单位与该列的单位不符",
        Mend::None,
    ),
    rule(
        "missing-section",
        Error,
        "结构",
        "缺少统一格式规定的某一部分",
        Mend::Manual,
    ),
    rule(
        "section-order",
        Warning,
        "结构",
        "各部分顺序与统一格式不符,或某部分出现两次",
        Mend::None,
    ),
    rule(
        "missing-table",
        Error,
        "结构",
        "缺少统一格式要求的表格",
        Mend::Manual,
    ),
    rule(
        "missing-row",
        Error,
        "结构",
        "表格缺少统一格式规定的某一行",
        Mend::Manual,
    ),
    rule(
        "empty-section",
        Warning,
        "结构",
        "第五部分为空或只写“无”;第二、三、四部分有标题而无表格",
        Mend::None,
    ),
    rule(
        "unknown-row",
        Warning,
        "结构",
        "表格中有统一格式没有的行",
        Mend::None,
    ),
    rule(
        "duplicate-row",
        Error,
        "结构",
        "同一表格中某行出现两次",
        Mend::None,
    ),
    rule(
        "skipped-line",
        Hint,
        "结构",
        "表格行之间有一行文字不是表格的行(页眉、重复的标题、分组的表头),已跳过",
        Mend::None,
    ),
    rule(
        "format-version",
        Warning,
        "格式与用语",
        "表格所用格式与报告年度不符",
        Mend::None,
    ),
    rule(
        "mixed-format",
        Warning,
        "格式与用语",
        "同一报告中混用2019年与2021年格式的表格",
        Mend::None,
    ),
    rule(
        "format-citation",
        Warning,
        "格式与用语",
        "报告引用的统一格式文件与报告年度不符(2021年及以后应为〔2021〕30号)",
        Mend::None,
    ),
    rule(
        "narrative-count",
        Warning,
        "正文与日期",
        "正文所写件数(收到申请、予以公开、行政复议、规范性文件等)与表格不符",
        Mend::None,
    ),
    rule(
        "period",
        Warning,
        "正文与日期",
        "统计期限不是报告年度的1月1日至12月31日,或标题、统计期限、首句写的年度不一致",
        Mend::None,
    ),
    rule(
        "date-before-period-end",
        Warning,
        "正文与日期",
        "成文日期、发布日期或落款日期早于报告年度的12月31日",
        Mend::None,
    ),
    rule(
        "late-publication",
        Information,
        "正文与日期",
        "报告晚于次年1月31日公布(本级人民政府的报告为3月31日)",
        Mend::None,
    ),
    rule(
        "carryover",
        Warning,
        "跨年度",
        "本年“二、上年结转”与同一机关上年报告的“四、结转下年度继续办理”不符(逐列)",
        Mend::Manual,
    ),
    rule(
        "effective-count",
        Information,
        "跨年度",
        "本年现行有效件数不等于上年现行有效件数加本年制发件数、减本年废止件数(2021年格式第二十条第(一)项)",
        Mend::None,
    ),
    rule(
        "label-variant",
        Information,
        "格式与用语",
        "标签与统一格式的用语不同(变体或被截断)",
        Mend::Safe,
    ),
];

pub fn rule_info(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Every finding of the rules on one parsed report, sorted by position.
pub fn check(text: &str, report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !report.is_report {
        return out;
    }
    arithmetic::check(report, &mut out);
    cells::check(text, report, &mut out);
    structure::check(text, report, &mut out);
    wording::check(text, report, &mut out);
    prose::check(report, &mut out);
    narrative::check(text, report, &mut out);
    crate::diagnostic::sort(&mut out);
    out
}

/// The findings of the across-documents rules on one report, given the same agency's report
/// for the previous year (see `Identity` for how fronts pair them), sorted by position.
pub fn across_years(report: &Report, last: &Previous) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if report.is_report && last.report.is_report {
        across::check(report, last, &mut out);
    }
    crate::diagnostic::sort(&mut out);
    out
}

/// A finding with the catalogue's default severity.
fn finding(code: &'static str, span: crate::model::Span, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: rule_info(code).map_or(Warning, |r| r.severity),
        span,
        message,
        related: Vec::new(),
        fix: None,
        alternatives: Vec::new(),
    }
}

fn safe(code: &str) -> bool {
    rule_info(code).is_some_and(|r| r.mend == Mend::Safe)
}
