//! `--format text`: compiler-style blocks a person can read without knowing the tool.

use std::io::Write;

use super::{Checked, Others, Totals};
use gongkai::Severity;
use gongkai::text::lines::Encoding;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Information => "1;36",
            Severity::Hint => "1;32",
        };
        self.wrap(code, s.as_str())
    }
}

/// Columns a character takes in a terminal: East Asian wide characters take two.
fn cell_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

pub fn width(s: &str) -> usize {
    s.chars().map(cell_width).sum()
}

/// The width of the terminal the output goes to, or `COLUMNS` when it goes elsewhere; `None`
/// when neither says (a file, a pipe): then lines are shown whole.
pub fn terminal_columns() -> Option<usize> {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
}

/// The widest source line shown when no terminal says how wide: a line of running prose whole,
/// not megabytes of a line once per finding on it.
const MAX_SHOWN: usize = 1000;

/// A source line cut to `room` columns around its marked span (`...` where cut; the span is
/// shown whole unless it is wider than the room itself): the text shown, the columns before the
/// span, and the columns marked.
fn window(before: &str, span: &str, after: &str, room: Option<usize>) -> (String, usize, usize) {
    const CUT: &str = "...";
    let marks = width(span).max(1);
    let room = room.unwrap_or(MAX_SHOWN);
    if width(before) + width(span) + width(after) <= room {
        return (format!("{before}{span}{after}"), width(before), marks);
    }
    if width(span) + CUT.len() > room {
        let shown = head_within(span, room.saturating_sub(CUT.len()));
        return (format!("{shown}{CUT}"), 0, width(shown).max(1));
    }
    // The columns left beside the span: a third of them before it, or all that what follows
    // does not need.
    let spare = room.saturating_sub(width(span) + 2 * CUT.len());
    let left = tail_within(before, (spare / 3).max(spare.saturating_sub(width(after))));
    let right = head_within(after, spare - width(left));
    let head = if left.len() < before.len() { CUT } else { "" };
    let tail = if right.len() < after.len() { CUT } else { "" };
    let pad = head.len() + width(left);
    (format!("{head}{left}{span}{right}{tail}"), pad, marks)
}

/// The longest start of `s` that fits in `cols` columns.
fn head_within(s: &str, cols: usize) -> &str {
    let mut used = 0;
    let end = s
        .char_indices()
        .find(|&(_, c)| {
            used += cell_width(c);
            used > cols
        })
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// The longest end of `s` that fits in `cols` columns.
fn tail_within(s: &str, cols: usize) -> &str {
    let mut used = 0;
    let start = s
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            used += cell_width(c);
            used > cols
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..]
}

/// `s` padded with spaces to `to` terminal columns.
pub fn pad(s: &str, to: usize) -> String {
    format!("{s}{}", " ".repeat(to.saturating_sub(width(s))))
}

/// A file's findings as blocks (a file that is no report said in one line, with the summary).
pub fn file(
    out: &mut impl Write,
    c: &Checked,
    others: Others,
    color: bool,
    summary: bool,
    columns: Option<usize>,
) -> std::io::Result<()> {
    let p = Paint { on: color };
    if c.error.is_some() {
        // Said on standard error as it was read.
        return Ok(());
    }
    if !c.report.is_report {
        if summary {
            writeln!(
                out,
                "{}: {}",
                p.wrap("1", &c.path),
                p.wrap("2", "不是政府信息公开工作年度报告(未识别出报告结构),未检查")
            )?;
        }
        return Ok(());
    }
    for d in &c.diagnostics {
        let start = c.lines.position(&c.text, d.span.start, Encoding::Utf32);
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            p.wrap("1", &c.path),
            start.line + 1,
            start.column + 1,
            p.severity(d.severity),
            d.code,
            p.wrap("1", d.headline())
        )?;
        let line = c.lines.line_range(&c.text, start.line as usize);
        let number = (start.line + 1).to_string();
        let gutter = " ".repeat(number.len());
        let from = d.span.start.clamp(line.start, line.end);
        let to = d.span.end.clamp(from, line.end);
        let untab = |s: &str| s.replace('\t', " ");
        let (source, pad, marks) = window(
            &untab(&c.text[line.start..from]),
            &untab(&c.text[from..to]),
            &untab(&c.text[to..line.end]),
            columns.map(|cols| cols.saturating_sub(number.len() + 3)),
        );
        writeln!(out, "{gutter} {}", p.wrap("34", "|"))?;
        writeln!(
            out,
            "{} {} {source}",
            p.wrap("34", &number),
            p.wrap("34", "|")
        )?;
        writeln!(
            out,
            "{gutter} {} {}{}",
            p.wrap("34", "|"),
            " ".repeat(pad),
            p.wrap("1;31", &"^".repeat(marks))
        )?;
        for note in d.notes() {
            writeln!(out, "{gutter} {} 说明: {note}", p.wrap("34", "="))?;
        }
        // A place in another file is named, since the snippet above cannot show it.
        for r in &d.related {
            let Some((path, at)) = r.document.as_ref().and_then(|path| {
                Some((path, others(path)?.position(r.span.start, Encoding::Utf32)?))
            }) else {
                continue;
            };
            writeln!(
                out,
                "{gutter} {} 参见 see: {}:{}:{}: {}",
                p.wrap("34", "="),
                path,
                at.line + 1,
                at.column + 1,
                r.message
            )?;
        }
        if let Some(f) = &d.fix {
            let how = if f.safe {
                "可用 --fix 自动修正"
            } else {
                "需人工确认"
            };
            writeln!(
                out,
                "{gutter} {} 修正 fix: {}({how})",
                p.wrap("34", "="),
                f.title
            )?;
        }
        for f in &d.alternatives {
            writeln!(
                out,
                "{gutter} {} 可选修正 candidate fix: {}(需人工确认)",
                p.wrap("34", "="),
                f.title
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// After the files: for several, the per-file table; then the summary line.
pub fn end(out: &mut impl Write, totals: &Totals, summary: bool) -> std::io::Result<()> {
    if !summary {
        return Ok(());
    }
    if totals.tally.files > 1 {
        table(out, totals)?;
    }
    let t = &totals.tally;
    writeln!(
        out,
        "检查了 {} 个文件({} 份报告):{} 个错误,{} 个警告,{} 条提示",
        t.files,
        t.reports,
        t.errors,
        t.warnings,
        t.information + t.hints
    )
}

/// Per file with findings: 文件 / 错误 / 警告 / 提示, so that a reviewer of many files sees
/// where the work is.
fn table(out: &mut impl Write, totals: &Totals) -> std::io::Result<()> {
    let rows = &totals.rows;
    if rows.is_empty() {
        return Ok(());
    }
    let w = rows
        .iter()
        .map(|(_, path, _)| width(path))
        .max()
        .unwrap_or(0)
        .max(width("文件"));
    writeln!(out, "{}  错误  警告  提示", pad("文件", w))?;
    for (_, path, [e, wa, h]) in rows {
        writeln!(out, "{}  {e:>4}  {wa:>4}  {h:>4}", pad(path, w))?;
    }
    let clean = totals.tally.files - rows.len();
    if clean > 0 {
        writeln!(out, "(另有 {clean} 个文件没有问题)")?;
    }
    writeln!(out)
}

/// `--statistics`: one line per rule and severity, the most frequent first.
pub fn statistics(
    out: &mut impl Write,
    counts: &[(&'static str, Severity, usize)],
) -> std::io::Result<()> {
    let w = counts
        .iter()
        .map(|(c, _, _)| c.len())
        .max()
        .unwrap_or(0)
        .max(4);
    writeln!(
        out,
        "  数量  {}  {}  说明",
        pad("代码", w),
        pad("严重程度", 11)
    )?;
    for &(code, severity, n) in counts {
        let summary = gongkai::rules::rule_info(code).map_or("", |r| r.summary);
        writeln!(
            out,
            "{n:>6}  {code:<w$}  {:<11}  {summary}",
            severity.as_str()
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_span() {
        let before = "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | ";
        let (shown, pad, marks) = window(before, "13", " | ||", Some(30));
        assert!(width(&shown) <= 30, "{shown}");
        assert!(
            shown.starts_with("...") && shown.ends_with(" | ||"),
            "{shown}"
        );
        assert_eq!(&shown[pad..pad + 2], "13", "the caret sits under the span");
        assert_eq!(marks, 2);
        // Wide characters count two columns each when cut.
        let (shown, pad, _) = window("申请数量申请数量申请数量", "13", "", Some(12));
        assert_eq!((shown.as_str(), pad), ("...数量13", 7));
        // Room enough, or no terminal: the line whole.
        let whole = window(before, "13", " | ||", Some(200));
        assert_eq!(whole, (format!("{before}13 | ||"), width(before), 2));
        assert_eq!(window(before, "13", "", None).1, width(before));
    }

    #[test]
    fn a_line_of_megabytes_is_shown_as_a_window_even_with_no_terminal() {
        let long = "字".repeat(1 << 20);
        let (shown, pad, marks) = window(&long, "13", &long, None);
        assert!(width(&shown) <= MAX_SHOWN, "{}", width(&shown));
        assert_eq!(width(&shown[..shown.find("13").unwrap()]), pad);
        assert_eq!(marks, 2);
        // A span wider than the room: its start, cut.
        let (shown, pad, marks) = window("", &long, "", Some(40));
        assert_eq!((width(&shown), pad, marks), (39, 0, 36));
        assert!(shown.ends_with("..."));
    }
}
