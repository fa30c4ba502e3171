//! Lines of the text and the section headings among them.

use crate::model::Span;
use crate::template::{SECTIONS, SectionDef};
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
/// emphasis allowed), no table cells, no sentence end, and the section's key words.
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
    def.keywords
        .iter()
        .any(|words| words.iter().all(|w| folded.contains(w)))
        .then_some(def)
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
    fn every_line_break_splits() {
        let t = "a\r\nb\rc\nd";
        let lines: Vec<&str> = split_range(t, 0..t.len())
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
    }
}
