//! The places a report names its reporting year: marks on prose lines, gathered in priority
//! order (统计期限, title, 组配分类, the first sentence of 一、总体情况).

use crate::model::{Block, BlockKind, Mark, Span, YearMention, YearSource};
use crate::parse::lines::next_line;

/// The first `YYYY年` in `text[from..to]`.
fn year_in(text: &str, from: usize, to: usize) -> Option<(u16, Span)> {
    let s = &text[from..crate::text::lines::floor_char_boundary(text, to)];
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

const PERIOD_WINDOW: usize = 60;
const TITLE_MAX_CHARS: usize = 60;

/// What one prose line says about the year. Marks never look past their own line, so a run
/// of prose can be cut and joined without reading it again.
pub fn marks(text: &str, line: &Span, out: &mut Vec<Mark>) {
    let s = &text[line.clone()];
    let mut push = |source, hit: Option<(u16, Span)>| {
        if let Some((year, span)) = hit {
            out.push(Mark::Year(YearMention { year, source, span }));
        }
    };
    if let Some(i) = s.find("统计期限") {
        let at = line.start + i;
        push(
            YearSource::Period,
            year_in(text, at, (at + PERIOD_WINDOW).min(line.end)),
        );
    }
    if s.contains("政府信息公开") && !s.contains('《') && s.chars().count() <= TITLE_MAX_CHARS
    {
        push(YearSource::Title, year_in(text, line.start, line.end));
    }
    if let Some(i) = s.find("组配分类") {
        push(
            YearSource::Category,
            year_in(text, line.start + i, line.end),
        );
    }
}

/// The year a prose run's first non-blank line opens with (`2021年,…`).
fn leading_year(text: &str, run: &Span) -> Option<YearMention> {
    let mut pos = run.start;
    while pos < run.end {
        let (line, next) = next_line(text, pos);
        let s = text[line.clone()].trim_start();
        if !s.is_empty() {
            let at = line.end - s.len();
            if s.as_bytes()
                .get(..4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            {
                return year_in(text, at, (at + 8).min(line.end)).map(|(year, span)| YearMention {
                    year,
                    source: YearSource::FirstSentence,
                    span,
                });
            }
            return None;
        }
        pos = next;
    }
    None
}

/// Every year mention, one per source, in priority order.
pub fn gather(text: &str, blocks: &[Block]) -> Vec<YearMention> {
    let first_heading = blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .unwrap_or(blocks.len());
    let find = |source: YearSource, range: &[Block]| {
        range.iter().find_map(|b| match &b.kind {
            BlockKind::Prose { marks } => marks.iter().find_map(|m| match m {
                Mark::Year(y) if y.source == source => Some(y.clone()),
                _ => None,
            }),
            _ => None,
        })
    };
    let mut out = Vec::new();
    out.extend(find(YearSource::Period, blocks));
    out.extend(find(YearSource::Title, &blocks[..first_heading]));
    out.extend(find(YearSource::Category, &blocks[..first_heading]));
    let after_one = blocks
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { def, .. } if def.number == 1));
    if let Some(b) = after_one.and_then(|i| blocks.get(i + 1))
        && matches!(b.kind, BlockKind::Prose { .. })
    {
        out.extend(leading_year(text, &b.span));
    }
    out
}
