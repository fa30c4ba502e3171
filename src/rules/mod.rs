//! The rule catalogue of RULES.md and the checks behind it.

mod across;
mod agency;
mod arithmetic;
mod cells;
mod narrative;
mod plan;
mod prose;
mod structure;
mod wording;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Report;

pub use across::{Carried, Identity, Previous, Seen, carried};
pub use narrative::{Held, Told, told_at};

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
    /// One line, Chinese: a case it fires on, as a report would have it (`gongkai rule CODE`).
    pub example: &'static str,
    pub mend: Mend,
}

const fn rule(
    code: &'static str,
    severity: Severity,
    category: &'static str,
    summary: &'static str,
    example: &'static str,
    mend: Mend,
) -> Rule {
    Rule {
        code,
        severity,
        category,
        summary,
        example,
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
        "申请表“一、本年新收政府信息公开申请数量”一行:自然人 10、商业企业 2、其余各类 0,总计却填 13(应为 12)。",
        Mend::Safe,
    ),
    rule(
        "outcome-total",
        Error,
        "勾稽关系",
        "申请表某列的(七)总计不等于(一)至(六)各项之和",
        "申请表自然人一列:(一)至(六)各项之和为 9,“(七)总计”却填 8。",
        Mend::Safe,
    ),
    rule(
        "balance",
        Error,
        "勾稽关系",
        "申请表某列不满足“第一项加第二项之和,等于第三项加第四项之和”",
        "申请表自然人一列:一、本年新收 10 加二、上年结转 1 为 11,而三、(七)总计 9 加四、结转下年度继续办理 1 只有 10。",
        Mend::Safe,
    ),
    rule(
        "review-total",
        Error,
        "勾稽关系",
        "复议诉讼表某组的总计不等于结果维持、结果纠正、其他结果、尚未审结之和",
        "复议诉讼表“行政复议”一组:结果维持 2、结果纠正 1、其他结果 0、尚未审结 0,总计却填 4(应为 3)。",
        Mend::Safe,
    ),
    rule(
        "not-a-number",
        Error,
        "单元格",
        "数值格里写的不是数字(文字、汉字数字、带单位的件数、字母O)",
        "数值格写成“二”“12件”或“1O”(字母 O),而不是数字 2、12、10。",
        Mend::Safe,
    ),
    rule(
        "negative",
        Error,
        "单元格",
        "件数为负(2019年格式的“本年增/减”列除外)",
        "申请表“本年新收”某格写成 -1。",
        Mend::None,
    ),
    rule(
        "missing-cell",
        Error,
        "单元格",
        "某行的数值格少于表格的列数",
        "申请表某行只填了 6 个数,而该表有 7 列。",
        Mend::None,
    ),
    rule(
        "extra-cell",
        Warning,
        "单元格",
        "某行的数值格多于表格的列数",
        "申请表某行填了 8 个数,而该表只有 7 列。",
        Mend::None,
    ),
    rule(
        "blank-cell",
        Warning,
        "单元格",
        "数值格为空或只写了“/”“—”“无”",
        "申请表“其他”一列留空或只写“/”;没有的应填 0。",
        Mend::Manual,
    ),
    rule(
        "fullwidth-digit",
        Warning,
        "单元格",
        "数字用了全角数字或千位分隔符",
        "数字写成全角的“１２”或带千位分隔符的“1,234”,应为“12”“1234”。",
        Mend::Safe,
    ),
    rule(
        "amount-unit",
        Warning,
        "单元格",
        "金额的单位与该列的单位不符",
        "2021年格式“行政事业性收费”的收费金额一列以万元计,却写成“429148元”。",
        Mend::None,
    ),
    rule(
        "missing-section",
        Error,
        "结构",
        "缺少统一格式规定的某一部分",
        "报告没有“五、存在的主要问题及改进情况”这一部分。",
        Mend::Manual,
    ),
    rule(
        "section-order",
        Warning,
        "结构",
        "各部分顺序与统一格式不符,或某部分出现两次",
        "“四、政府信息公开行政复议、行政诉讼情况”写在“三、收到和处理政府信息公开申请情况”之前。",
        Mend::None,
    ),
    rule(
        "missing-table",
        Error,
        "结构",
        "缺少统一格式要求的表格",
        "第三部分只有文字说明,没有收到和处理政府信息公开申请情况表。",
        Mend::Manual,
    ),
    rule(
        "missing-row",
        Error,
        "结构",
        "表格缺少统一格式规定的某一行",
        "申请表缺少“二、上年结转政府信息公开申请数量”一行。",
        Mend::Manual,
    ),
    rule(
        "empty-section",
        Warning,
        "结构",
        "第五部分为空或只写“无”;第二、三、四部分有标题而无表格",
        "“五、存在的主要问题及改进情况”下只写“无”;或第三部分有标题,表格却以图片贴入。",
        Mend::None,
    ),
    rule(
        "unknown-row",
        Warning,
        "结构",
        "表格中有统一格式没有的行",
        "申请表中多出统一格式没有的一行,如“本年办结数量”。",
        Mend::None,
    ),
    rule(
        "duplicate-row",
        Error,
        "结构",
        "同一表格中某行出现两次",
        "申请表中“二、上年结转政府信息公开申请数量”出现两次。",
        Mend::None,
    ),
    rule(
        "skipped-line",
        Hint,
        "结构",
        "表格行之间有一行文字不是表格的行(页眉、重复的标题、分组的表头),已跳过",
        "从 PDF 复制的申请表中间夹着一行“某某市人民政府办公室 2024年政府信息公开工作年度报告”(页眉)。",
        Mend::None,
    ),
    rule(
        "unread-table",
        Hint,
        "结构",
        "表格的文字不是逐行排列的(各格先后被打乱),无法读出各行,未核对此表",
        "不加 -layout 的 pdftotext 把申请表里合并单元格所在的一组数值排在其标签之前。",
        Mend::None,
    ),
    rule(
        "format-version",
        Warning,
        "格式与用语",
        "表格所用格式与报告年度不符",
        "2022年度的报告仍用2019年格式的表格(如第二十条表格带“本年增/减”列)。",
        Mend::None,
    ),
    rule(
        "mixed-format",
        Warning,
        "格式与用语",
        "同一报告中混用2019年与2021年格式的表格",
        "第二部分的第二十条表格用2021年格式,申请表却用2019年格式。",
        Mend::None,
    ),
    rule(
        "format-citation",
        Warning,
        "格式与用语",
        "报告引用的统一格式文件与报告年度不符(2021年及以后应为〔2021〕30号)",
        "2023年度的报告写明按国办公开办函〔2019〕60号的格式编制,应为〔2021〕30号。",
        Mend::None,
    ),
    rule(
        "narrative-count",
        Warning,
        "正文与日期",
        "正文所写件数(收到申请、予以公开、行政复议、规范性文件等)与表格不符",
        "正文写“本年度共收到政府信息公开申请15件”,申请表“本年新收”的总计却为 12。",
        Mend::None,
    ),
    rule(
        "period",
        Warning,
        "正文与日期",
        "统计期限不是报告年度的1月1日至12月31日,或标题、统计期限、首句写的年度不一致",
        "2024年度报告写“统计期限为2024年1月1日至2024年6月30日”,或标题写2024年度而首句写2023年度。",
        Mend::None,
    ),
    rule(
        "plan-year",
        Warning,
        "正文与日期",
        "第五部分为报告年度或更早的年份作打算(如2021年度报告写“2021年,我局将……”),多为沿用往年报告",
        "2024年度报告第五部分写“2024年,我局将进一步丰富解读形式”,应为2025年的打算。",
        Mend::None,
    ),
    rule(
        "date-before-period-end",
        Warning,
        "正文与日期",
        "成文日期、发布日期或落款日期早于报告年度的12月31日",
        "2024年度报告的落款日期为“2024年12月20日”,早于统计期限的终点。",
        Mend::None,
    ),
    rule(
        "late-publication",
        Information,
        "正文与日期",
        "报告晚于次年1月31日公布(本级人民政府的报告为3月31日)",
        "某局2024年度报告的发布日期为“2025年2月15日”,晚于2025年1月31日。",
        Mend::None,
    ),
    rule(
        "carryover",
        Warning,
        "跨年度",
        "本年“二、上年结转”与同一机关上年报告的“四、结转下年度继续办理”不符(逐列)",
        "2023年报告“四、结转下年度继续办理”自然人一列为 3,2024年报告“二、上年结转”同一列却为 2。",
        Mend::Manual,
    ),
    rule(
        "effective-count",
        Information,
        "跨年度",
        "本年现行有效件数不等于上年现行有效件数加本年制发件数、减本年废止件数(2021年格式第二十条第(一)项);不看上年报告也能发现的:现行有效件数少于本年制发件数减本年废止件数",
        "上年现行有效 20 件,本年制发 3 件、废止 1 件,本年现行有效却填 21 件(应为 22)。",
        Mend::None,
    ),
    rule(
        "agency-mismatch",
        Warning,
        "格式与用语",
        "发布机构或落款写的机关与标题中的机关不同(同一机关的简称除外)",
        "标题为“某某县应急管理局2024年政府信息公开工作年度报告”,落款却是“某某县自然资源局”。",
        Mend::None,
    ),
    rule(
        "label-variant",
        Information,
        "格式与用语",
        "标签与统一格式的用语不同(变体或被截断)",
        "写“本年新发件数”“先行有效件数”,统一格式的用语为“本年制发件数”“现行有效件数”。",
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
    let grids = crate::relations::Grids::of(report);
    arithmetic::check(report, &grids, &mut out);
    cells::check(text, report, &mut out);
    structure::check(text, report, &mut out);
    wording::check(text, report, &mut out);
    prose::check(report, &mut out);
    across::within(report, &grids, &mut out);
    plan::check(text, report, &mut out);
    agency::check(report, &mut out);
    narrative::check(text, report, &grids, &mut out);
    crate::diagnostic::sort(&mut out);
    out
}

/// The findings of the across-documents rules on one report, given the same agency's report
/// for the previous year (see `Identity` for how fronts pair them), sorted by position.
pub fn across_years(report: &Report, last: &Previous) -> Vec<Diagnostic> {
    across_seen(&Seen::of(report), last)
}

/// The same from what the rules read of this year's report (`Seen`, all a front keeps of a
/// file that is not open). Only reports are compared (`Seen` holds no table of anything else).
pub fn across_seen(now: &Seen, last: &Previous) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    across::check(now, last, &mut out);
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
