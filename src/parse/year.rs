//! The places a report names its reporting year: marks on prose lines, gathered in priority
//! order (统计期限, title, 组配分类, the first sentence of 一、总体情况).

use crate::model::{
    Block, BlockKind, Date, DateKind, DateMention, Mark, Span, YearMention, YearSource,
};
use crate::parse::dates;
use crate::parse::lines::next_line;

/// The first `YYYY年` in `text[from..to]` (`YYYY 年` as text from a PDF spaces it).
fn year_in(text: &str, from: usize, to: usize) -> Option<(u16, Span)> {
    let s = &text[from..crate::text::lines::floor_char_boundary(text, to)];
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && s[i + 4..].trim_start_matches(' ').starts_with('年')
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
    dates::marks(text, line, out);
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

/// What the report states about itself besides its year.
#[derive(Default)]
pub struct Facts {
    pub agency: Option<(String, Span)>,
    pub dates: Vec<DateMention>,
    pub period: Option<(Date, Date, Span)>,
    pub citations: Vec<(&'static str, Span)>,
}

/// How many non-blank lines from the end the signature may stand.
const SIGNATURE_LINES: usize = 4;
const AGENCY_MAX_CHARS: usize = 30;

/// The last few non-blank lines of the text, last first (their visible spans).
fn last_lines(text: &str, n: usize) -> Vec<Span> {
    let mut lines = Vec::new();
    let mut end = text.len();
    while lines.len() < n && end > 0 {
        let body = text[..end].trim_end_matches(['\n', '\r']);
        let start = body.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let visible = text[start..body.len()].trim();
        if !visible.is_empty() {
            let lead = text[start..body.len()].len() - text[start..body.len()].trim_start().len();
            lines.push(start + lead..start + lead + visible.len());
        }
        if start == 0 {
            break;
        }
        end = start;
    }
    lines
}

pub fn facts(text: &str, blocks: &[Block]) -> Facts {
    let mut f = Facts::default();
    let mut agency_row: Option<Span> = None;
    for b in blocks {
        let BlockKind::Prose { marks } = &b.kind else {
            continue;
        };
        for m in marks {
            match m {
                Mark::Date(d) => f.dates.push(d.clone()),
                Mark::Period(a, z, s) if f.period.is_none() => f.period = Some((*a, *z, s.clone())),
                Mark::Citation(id, s) => f.citations.push((id, s.clone())),
                Mark::Agency(s) if agency_row.is_none() => agency_row = Some(s.clone()),
                _ => {}
            }
        }
    }
    // The signature: a date alone on one of the last lines, the agency alone on the line above.
    let tail = last_lines(text, SIGNATURE_LINES);
    let mut signature_agency = None;
    for (i, l) in tail.iter().enumerate() {
        let s = &text[l.clone()];
        if let Some((date, n)) = dates::date_at(s).filter(|(_, n)| *n == s.len()) {
            f.dates.push(DateMention {
                kind: DateKind::Signature,
                date,
                span: l.start..l.start + n,
            });
            if let Some(above) = tail.get(i + 1) {
                let a = &text[above.clone()];
                if a.chars().count() <= AGENCY_MAX_CHARS
                    && !a.contains(['。', '|', ',', '\u{ff0c}', ':', '\u{ff1a}'])
                {
                    signature_agency = Some((a.to_string(), above.clone()));
                }
            }
            break;
        }
    }
    let title_agency = blocks
        .iter()
        .take_while(|b| !matches!(b.kind, BlockKind::Heading { .. }))
        .find_map(|b| match &b.kind {
            BlockKind::Prose { marks } => marks.iter().find_map(|m| match m {
                Mark::Year(y) if y.source == YearSource::Title => Some(y.span.clone()),
                _ => None,
            }),
            _ => None,
        })
        .and_then(|year| {
            let line_start = crate::text::lines::line_start(text, year.start);
            let cell_start = text[line_start..year.start]
                .rfind('|')
                .map_or(line_start, |i| line_start + i + 1);
            let cell = &text[cell_start..year.start];
            let name = cell
                .trim()
                .trim_start_matches("名称:")
                .trim_start_matches("名称\u{ff1a}")
                .trim();
            let start = cell_start + cell.find(name).unwrap_or(0);
            (!name.is_empty() && name.chars().count() <= AGENCY_MAX_CHARS)
                .then(|| (name.to_string(), start..start + name.len()))
        });
    // The title names the report's own agency; 发布机构 may be the website that carries it.
    f.agency = title_agency
        .or(agency_row.map(|s| (text[s.clone()].to_string(), s)))
        .or(signature_agency);
    f
}
