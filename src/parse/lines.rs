//! Lines of the text and the section headings among them.

use crate::model::Span;
use crate::template::{NUMBERINGS, SECTIONS, SectionDef};
use crate::text::normalize::fold;

/// The content range of every line within `range` (which starts at a line start).
pub fn split_range(text: &str, range: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = range.start;
    while pos < range.end {
        let (line, next) = next_line(text, pos);
        out.push(line.start..line.end.min(range.end));
        pos = next;
    }
    out
}

/// The line starting at `pos`: its content range, and where the next line starts.
pub fn next_line(text: &str, pos: usize) -> (Span, usize) {
    let b = text.as_bytes();
    match b[pos..].iter().position(|&c| c == b'\n' || c == b'\r') {
        Some(i) => {
            let end = pos + i;
            let next = if b[end] == b'\r' && b.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            (pos..end, next)
        }
        None => (pos..text.len(), text.len()),
    }
}

/// The text's line break, judged by its first: what inserted lines should end with.
pub fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// `line` without surrounding blanks: its visible span.
pub fn trimmed(text: &str, line: &Span) -> Span {
    let s = &text[line.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return line.start..line.start;
    }
    line.start + lead..line.end - trail
}

const MAX_HEADING_CHARS: usize = 40;

/// The section a line heads, if it is a heading: a numeral 一…六 with 、 (Markdown `#` and
/// emphasis allowed), no table cells, no sentence end, and the key words of the section of
/// that number, or else the subject of another (a report numbering its parts its own way:
/// 一、主动公开… after narrative parts of its own).
pub fn heading(line: &str) -> Option<&'static SectionDef> {
    let s = line.trim().trim_end_matches(['|', ' ', '\t', '\u{3000}']);
    // Cheap first: after Markdown marks, a heading opens with its numeral.
    let bare = s.trim_start_matches(['#', '*', ' ', '\t', '\u{3000}']);
    if !SECTIONS.iter().any(|d| bare.starts_with(d.numeral)) {
        return None;
    }
    if s.contains('|') || s.contains('。') || s.chars().count() > MAX_HEADING_CHARS + 8 {
        return None;
    }
    let folded = fold(s);
    let def = SECTIONS.iter().find(|d| {
        folded
            .strip_prefix(d.numeral)
            .is_some_and(|rest| rest.starts_with('、') || rest.starts_with('.'))
    })?;
    if folded.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    if holds(&folded, def.keywords) {
        return Some(def);
    }
    if folded.contains([',', ';']) {
        return None;
    }
    SECTIONS.iter().find(|d| holds(&folded, d.subject))
}

fn holds(folded: &str, sets: &[&[&str]]) -> bool {
    sets.iter()
        .any(|words| words.iter().all(|w| folded.contains(w)))
}

/// A heading that only the report as a whole can confirm, and where it stands in the line:
/// one numbered otherwise than `一、` (`(一)总体情况`, `1. 总体情况`: its own number and its
/// section's subject), or a heading run into the end of the paragraph before it
/// (`…工作。二、主动公开政府信息情况`). Such lines are prose; `derive` takes the heading only
/// where no heading of that section is and it stands in order among the others, since the
/// same words head sub-parts (`(二)依申请公开方面` in 总体情况).
pub fn candidate(line: &str) -> Option<(&'static SectionDef, Span)> {
    let t = line.trim_end_matches(['|', ' ', '\t', '\u{3000}']);
    let lead = t.len()
        - t.trim_start_matches(['#', '*', ' ', '\t', '\u{3000}'])
            .len();
    let bare = &t[lead..];
    if bare.starts_with(['(', '（', '第'])
        || bare.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return otherwise_numbered(bare).map(|d| (d, lead..t.len()));
    }
    // Run in: the text after the last sentence end is a heading of the format's numbering.
    let end = t.rfind('。')? + '。'.len_utf8();
    let tail = t[end..].trim_start_matches([' ', '\t', '\u{3000}']);
    let def = heading(tail)?;
    let folded = fold(tail);
    (folded.starts_with(def.numeral)
        && !folded.contains([',', ';', '!', '?'])
        && holds(&folded, def.subject))
    .then(|| (def, t.len() - tail.len()..t.len()))
}

fn otherwise_numbered(s: &str) -> Option<&'static SectionDef> {
    if s.contains('|') || s.chars().count() > MAX_HEADING_CHARS + 8 {
        return None;
    }
    let folded = fold(s);
    if folded.chars().count() > MAX_HEADING_CHARS || folded.contains(['。', ',', ';', '!', '?']) {
        return None;
    }
    NUMBERINGS.iter().find_map(|n| {
        let rest = folded.strip_prefix(n.open)?;
        let (def, rest) = if n.digits {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let number: usize = rest[..digits].parse().ok()?;
            (SECTIONS.get(number.checked_sub(1)?)?, &rest[digits..])
        } else {
            let d = SECTIONS.iter().find(|d| rest.starts_with(d.numeral))?;
            (d, &rest[d.numeral.len()..])
        };
        let rest = n.close.iter().find_map(|c| rest.strip_prefix(c))?;
        // `1.2 …` numbers a sub-part.
        (!rest.starts_with(|c: char| c.is_ascii_digit()) && holds(rest, def.subject)).then_some(def)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_told_from_table_rows() {
        assert_eq!(heading("一、总体情况").map(|d| d.number), Some(1));
        assert_eq!(
            heading("## 二、主动公开政府信息情况").map(|d| d.number),
            Some(2)
        );
        assert_eq!(
            heading("**五、存在问题及改进情况**").map(|d| d.number),
            Some(5)
        );
        assert_eq!(
            heading("四、政府信息公开行政法复议、行政诉讼情况").map(|d| d.number),
            Some(4)
        );
        assert!(heading("四、结转下年度继续办理 | 0 | 0").is_none());
        assert!(heading("四、结转下年度继续办理").is_none());
        assert!(heading("三、本年度办理结果").is_none());
        assert!(heading("二、上年结转政府信息公开申请数量").is_none());
        assert!(heading("(六)政府信息公开行政复议、行政诉讼情况").is_none());
    }

    #[test]
    fn a_heading_numbered_as_another_section_is_known_by_its_subject() {
        let n = |l: &str| heading(l).map(|d| d.number);
        assert_eq!(n("一、主动公开政府信息情况"), Some(2));
        assert_eq!(n("二、收到和处理政府信息公开申请情况"), Some(3));
        assert_eq!(n("一、2024年工作概述"), Some(1));
        // Rows of 申请表 name no section's subject.
        assert_eq!(n("二、上年结转政府信息公开申请数量"), None);
        assert_eq!(n("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(n("一、主动公开政府信息,及时准确"), None);
    }

    #[test]
    fn headings_numbered_otherwise_or_run_in_are_candidates() {
        fn c(l: &str) -> Option<(u8, &str)> {
            candidate(l).map(|(d, at)| (d.number, &l[at]))
        }
        assert_eq!(c("(一)总体情况"), Some((1, "(一)总体情况")));
        assert_eq!(
            c("## （三）收到和处理政府信息公开申请情况"),
            Some((3, "（三）收到和处理政府信息公开申请情况"))
        );
        assert_eq!(c("1. 总体情况"), Some((1, "1. 总体情况")));
        assert_eq!(
            c("5、存在的主要问题及改进情况"),
            Some((5, "5、存在的主要问题及改进情况"))
        );
        assert_eq!(
            c("第六部分 其他需要报告的事项"),
            Some((6, "第六部分 其他需要报告的事项"))
        );
        assert_eq!(
            c("开展培训2次。二、主动公开政府信息情况"),
            Some((2, "二、主动公开政府信息情况"))
        );
        // Its own number and its section's subject, or nothing: sub-parts, rows, sentences.
        assert_eq!(c("(一)主动公开政府信息情况"), None);
        assert_eq!(c("(二)依申请公开方面"), None);
        assert_eq!(c("(六)政府信息公开行政复议、行政诉讼情况"), None);
        assert_eq!(c("(一)予以公开"), None);
        assert_eq!(c("1. 总体情况良好，各项工作有序推进。"), None);
        assert_eq!(c("1.1 总体情况"), None);
        assert_eq!(c("全年未收到申请。三、本年度办理结果"), None);
        assert_eq!(c("工作有序。一、总体情况良好,各项工作有序推进"), None);
    }

    #[test]
    fn every_line_break_splits() {
        let t = "a\r\nb\rc\nd";
        let lines: Vec<&str> = split_range(t, 0..t.len())
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
    }
}
