//! The places a report names its reporting year.

use crate::model::{Span, YearMention, YearSource};

/// The first `YYYY年` at or after `from`, within `window` bytes.
fn year_after(text: &str, from: usize, window: usize) -> Option<(u16, Span)> {
    let end = crate::text::lines::floor_char_boundary(text, (from + window).min(text.len()));
    let s = &text[from..end];
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && s[i + 4..].starts_with('年')
        {
            let year: u16 = s[i..i + 4].parse().ok()?;
            if (1990..=2200).contains(&year) {
                return Some((year, from + i..from + i + 4));
            }
        }
        i += 1;
    }
    None
}

/// Every year mention, in priority order of their sources.
pub fn mentions(
    text: &str,
    lines: &[Span],
    first_heading: Option<usize>,
    body_one: Option<&Span>,
) -> Vec<YearMention> {
    let mut found = Vec::new();
    let mut push = |source, hit: Option<(u16, Span)>| {
        if let Some((year, span)) = hit {
            found.push(YearMention { year, source, span });
        }
    };
    if let Some(at) = text.find("统计期限") {
        push(YearSource::Period, year_after(text, at, 60));
    }
    let preamble = &lines[..first_heading.unwrap_or(lines.len()).min(lines.len())];
    let title = preamble.iter().find(|l| {
        let s = &text[(*l).clone()];
        s.contains("政府信息公开")
            && !s.contains('《')
            && s.chars().count() <= 60
            && year_after(text, l.start, l.len()).is_some()
    });
    push(
        YearSource::Title,
        title.and_then(|l| year_after(text, l.start, l.len())),
    );
    let category = preamble
        .iter()
        .find(|l| text[(*l).clone()].contains("组配分类"));
    push(
        YearSource::Category,
        category.and_then(|l| {
            let at = l.start + text[l.clone()].find("组配分类")?;
            year_after(text, at, l.end - at)
        }),
    );
    if let Some(body) = body_one {
        let first = text[body.clone()].trim_start();
        let at = body.end - body.len().min(text[body.clone()].len())
            + (text[body.clone()].len() - first.len());
        if first
            .as_bytes()
            .get(..4)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        {
            push(YearSource::FirstSentence, year_after(text, at, 8));
        }
    }
    found
}
