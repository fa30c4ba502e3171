//! Dates as reports write them (`2025-01-13`, `2025年1月13日`, `2025/1/13`, `2025.1.13`), and
//! the other things prose lines state about the report: 统计期限, 成文/发布日期, citations of a format's document. All line-local, so runs of prose can be cut and joined.

use crate::model::{Date, DateKind, DateMention, Mark, Span};

/// A date at the start of `s`, and how many bytes it takes.
pub fn date_at(s: &str) -> Option<(Date, usize)> {
    let b = s.as_bytes();
    let digits = |from: usize, max: usize| -> Option<(u32, usize)> {
        let n = b[from..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (n > 0)
            .then(|| (s[from..from + n].parse().ok(), from + n))
            .and_then(|(v, e)| v.map(|v| (v, e)))
    };
    let (year, mut at) = digits(0, 4)?;
    if at != 4 || !(1990..=2200).contains(&year) {
        return None;
    }
    // pdftotext spaces the characters out: `2021 年 1 月 27 日`.
    let blanks =
        |at: usize| at + s[at..].len() - s[at..].trim_start_matches([' ', '\u{3000}']).len();
    let sep = |at: usize, cjk: &str| -> Option<usize> {
        let spaced = blanks(at);
        if s[spaced..].starts_with(cjk) {
            return Some(blanks(spaced + cjk.len()));
        }
        let rest = &s[at..];
        ["-", "/", "."]
            .iter()
            .find(|p| rest.starts_with(**p))
            .map(|p| at + p.len())
    };
    at = sep(at, "年")?;
    let (month, e) = digits(at, 2)?;
    at = sep(e, "月")?;
    let (day, e) = digits(at, 2)?;
    at = e;
    if s[blanks(at)..].starts_with('日') {
        at = blanks(at) + '日'.len_utf8();
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((
        Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        },
        at,
    ))
}

/// The first date in `text[from..to]`, with its span (`to` may fall inside a character).
pub fn first_date(text: &str, from: usize, to: usize) -> Option<(Date, Span)> {
    let to = crate::text::lines::floor_char_boundary(text, to).max(from);
    let s = &text[from..to];
    s.char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .find_map(|(i, _)| {
            let ok_before = i == 0 || !s.as_bytes()[i - 1].is_ascii_digit();
            ok_before
                .then(|| date_at(&s[i..]).map(|(d, n)| (d, from + i..from + i + n)))
                .flatten()
        })
}

/// The marks a prose line carries about dates, the period and citations.
pub fn marks(text: &str, line: &Span, out: &mut Vec<Mark>) {
    let s = &text[line.clone()];
    // One search per family first: most lines are running text with none of these.
    if s.contains("日期") {
        dates(text, line, s, out);
    }
    if s.contains("统计") {
        period(text, line, s, out);
    }
    if s.contains("号") {
        citations(line, s, out);
    }
}

fn dates(text: &str, line: &Span, s: &str, out: &mut Vec<Mark>) {
    for (key, kind) in [
        ("成文日期", DateKind::Written),
        ("发布日期", DateKind::Published),
        ("公开日期", DateKind::Published),
    ] {
        if let Some(i) = s.find(key) {
            let from = line.start + i + key.len();
            if let Some((date, span)) = first_date(text, from, (from + 40).min(line.end)) {
                out.push(Mark::Date(DateMention { kind, date, span }));
            }
        }
    }
}

/// What a 统计期限 sentence may be called.
pub const PERIOD_KEYS: [&str; 3] = ["统计期限", "统计时限", "统计时间"];

fn period(text: &str, line: &Span, s: &str, out: &mut Vec<Mark>) {
    if let Some(i) = PERIOD_KEYS.iter().find_map(|k| s.find(k)) {
        let from = line.start + i;
        if let Some((a, sa)) = first_date(text, from, (from + 60).min(line.end)) {
            let rest = &text[sa.end..line.end];
            let gap = rest.find('至').filter(|g| *g <= 6);
            if let Some((b, sb)) =
                gap.and_then(|g| first_date(text, sa.end + g, (sa.end + g + 30).min(line.end)))
            {
                out.push(Mark::Period(a, b, sa.start..sb.end));
            }
        }
    }
}

fn citations(line: &Span, s: &str, out: &mut Vec<Mark>) {
    for (needle, format) in [
        ("2019〕60号", "2019"),
        ("2019]60号", "2019"),
        ("2021〕30号", "2021"),
        ("2021]30号", "2021"),
    ] {
        if let Some(i) = s.find(needle) {
            let start = s[..i].rfind(['〔', '[']).unwrap_or(i);
            out.push(Mark::Citation(
                format,
                line.start + start..line.start + i + needle.len(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_pdftotext_spaces_them() {
        let d = date_at("2021 年 1 月 27 日").unwrap();
        assert_eq!(
            (d.0.year, d.0.month, d.0.day, d.1),
            (2021, 1, 27, "2021 年 1 月 27 日".len())
        );
        assert!(date_at("2021 年度").is_none());
    }

    #[test]
    fn dates_in_every_spelling() {
        let d = |y, m, dd| Date {
            year: y,
            month: m,
            day: dd,
        };
        assert_eq!(date_at("2025-01-13"), Some((d(2025, 1, 13), 10)));
        assert_eq!(
            date_at("2021年1月27日"),
            Some((d(2021, 1, 27), "2021年1月27日".len()))
        );
        assert_eq!(date_at("2020/12/31"), Some((d(2020, 12, 31), 10)));
        assert_eq!(
            date_at("2021 年 1 月 27 日"),
            Some((d(2021, 1, 27), "2021 年 1 月 27 日".len()))
        );
        assert_eq!(date_at("2020年13月1日"), None);
        assert_eq!(date_at("12345"), None);
    }
}
