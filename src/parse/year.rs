//! The places a report names its reporting year and its agency. Prose lines carry the
//! 统计期限's year as a mark; the preamble before the first heading is read whole, since a
//! title may be broken over lines and a metadata label (组配分类, 发布机构) may stand on the line
//! above its value; then the first sentence of 一、总体情况 and the signature.

use crate::model::{
    AgencyMention, AgencySource, Block, BlockKind, Date, DateKind, DateMention, Mark, Span,
    YearMention, YearSource,
};
use crate::parse::dates;
use crate::parse::lines::next_line;
use crate::text::agency::{AGENCY_MAX_CHARS, looks_like_agency};
use crate::text::year::{Year, starts_date, years};

/// The first year in `text[from..to]`, with the span of its digits.
fn year_in(text: &str, from: usize, to: usize) -> Option<(u16, Span)> {
    let s = &text[from..crate::text::lines::floor_char_boundary(text, to).max(from)];
    years(s)
        .next()
        .map(|y| (y.year, from + y.digits.start..from + y.digits.end))
}

/// The first year in `text[from..to]` that does not open a date (`2025年1月13日`).
fn plain_year_in(text: &str, from: usize, to: usize) -> Option<(u16, Span)> {
    let s = &text[from..to];
    years(s)
        .find(|y| !starts_date(s, y))
        .map(|y| (y.year, from + y.digits.start..from + y.digits.end))
}

const PERIOD_WINDOW: usize = 60;

/// What one prose line says about the year. Marks never look past their own line, so a run
/// of prose can be cut and joined without reading it again.
pub fn marks(text: &str, line: &Span, out: &mut Vec<Mark>) {
    let s = &text[line.clone()];
    // One search first: few lines speak of the 统计期限.
    if let Some(i) = s
        .contains("统计")
        .then(|| dates::PERIOD_KEYS.iter().find_map(|k| s.find(k)))
        .flatten()
    {
        let at = line.start + i;
        if let Some((year, span)) = year_in(text, at, (at + PERIOD_WINDOW).min(line.end)) {
            out.push(Mark::Year(YearMention {
                year,
                source: YearSource::Period,
                span,
            }));
        }
    }
    dates::marks(text, line, out);
}

/// How many lines before the first heading are read for the title and the metadata.
const PREAMBLE_LINES: usize = 40;
const TITLE_MAX_CHARS: usize = 60;
/// A title is seen broken over at most this many lines.
const TITLE_LINES: usize = 3;

/// What the lines before the first heading say: the title's year and agency, the 组配分类's
/// year, the 发布机构.
#[derive(Default)]
pub struct Preamble {
    title_year: Option<YearMention>,
    title_agency: Option<(String, Span)>,
    category: Option<YearMention>,
    agency_row: Option<(String, Span)>,
}

/// The visible, non-blank lines of the prose before the first heading.
fn preamble_lines(text: &str, blocks: &[Block]) -> Vec<Span> {
    let mut out = Vec::new();
    for b in blocks
        .iter()
        .take_while(|b| !matches!(b.kind, BlockKind::Heading { .. }))
    {
        if out.len() == PREAMBLE_LINES {
            break;
        }
        if !matches!(b.kind, BlockKind::Prose { .. }) {
            continue;
        }
        let mut pos = b.span.start;
        while pos < b.span.end && out.len() < PREAMBLE_LINES {
            let (line, next) = next_line(text, pos);
            let line = crate::parse::lines::trimmed(text, &(line.start..line.end.min(b.span.end)));
            if !line.is_empty() {
                out.push(line);
            }
            pos = next;
        }
    }
    out
}

/// The cells of a line (`|`-separated), each trimmed, empty ones dropped.
fn cells(text: &str, line: &Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = line.start;
    for piece in text[line.clone()].split('|') {
        let t = crate::parse::lines::trimmed(text, &(at..at + piece.len()));
        if !t.is_empty() {
            out.push(t);
        }
        at += piece.len() + 1;
    }
    out
}

/// The value that follows `key` in a metadata row: the rest of its cell, else the next
/// non-empty cell, else (one cell per line or per paragraph) the first cell of the next line.
/// A value ends where another label begins (`市应急管理局 发布日期:…`).
fn labelled(text: &str, lines: &[Span], i: usize, key: &str) -> Option<Span> {
    let line = &lines[i];
    let at = line.start + text[line.clone()].find(key)? + key.len();
    let rest = cells(text, &(at..line.end));
    let value = rest
        .into_iter()
        .map(|c| {
            let s = &text[c.clone()];
            let lead = s.len()
                - s.trim_start_matches([':', '\u{ff1a}', ' ', '\u{3000}'])
                    .len();
            c.start + lead..c.end
        })
        .find(|c| !c.is_empty())
        .or_else(|| {
            lines
                .get(i + 1)
                .and_then(|next| cells(text, next).into_iter().next())
        })?;
    let s = &text[value.clone()];
    // `名称 日期:…`: a blank followed by a label cuts the value.
    let end = s
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .find(|(j, _)| s[*j..].contains([':', '\u{ff1a}']))
        .map_or(s.len(), |(j, _)| j);
    let v = crate::parse::lines::trimmed(text, &(value.start..value.start + end));
    // An empty value followed by the next label (`发布机构: | | 文号:`) is no value.
    let label = text[v.clone()].ends_with([':', '\u{ff1a}']);
    (!v.is_empty() && !label).then_some(v)
}

/// A label that may open a title cell (`名称: | …`).
const TITLE_LABELS: [&str; 3] = ["名称", "标题", "题目"];

/// A cell that may be (part of) a title: short, no sentence punctuation, no cited title.
fn title_piece(text: &str, cell: &Span) -> Option<Span> {
    // Markdown marks around a title (`# 标题`, `**标题**`) are no part of it.
    let marks: &[char] = &['#', '*', ' ', '\u{3000}'];
    let whole = &text[cell.clone()];
    let mut s = whole.trim_start_matches(marks);
    let mut start = cell.start + whole.len() - s.len();
    s = s.trim_end_matches(marks);
    for label in TITLE_LABELS {
        if let Some(rest) = s.strip_prefix(label) {
            let value = rest.trim_start_matches([':', '\u{ff1a}', ' ']);
            start += s.len() - value.len();
            s = value;
        }
    }
    // A site's breadcrumb (首页 > 政务公开 > 年度报告, 当前位置:…) names the page, not the report.
    let breadcrumb = s.contains(['>', '\u{ff1e}', '›', '»', '→'])
        || ["首页", "当前位置", "您的位置", "您现在的位置"]
            .iter()
            .any(|w| s.starts_with(w));
    let ok = !s.is_empty()
        && !breadcrumb
        && s.chars().count() <= TITLE_MAX_CHARS
        && !s.contains([
            '。', '《', '》', ';', '\u{ff1b}', ':', '\u{ff1a}', ',', '\u{ff0c}',
        ]);
    ok.then(|| start..start + s.len())
}

/// Title pieces joined without their blanks, and each byte's offset in the text.
struct Joined {
    s: String,
    at: Vec<usize>,
}

impl Joined {
    fn of(text: &str, pieces: &[Span]) -> Joined {
        let mut j = Joined {
            s: String::new(),
            at: Vec::new(),
        };
        for p in pieces {
            for (i, c) in text[p.clone()].char_indices() {
                if !c.is_whitespace() {
                    j.s.push(c);
                    j.at.extend((0..c.len_utf8()).map(|k| p.start + i + k));
                }
            }
        }
        j
    }

    fn span(&self, r: std::ops::Range<usize>) -> Span {
        self.at[r.start]..self.at[r.end - 1] + 1
    }

    /// Where the subject (信息公开, 政务公开) begins.
    fn subject(&self) -> Option<usize> {
        ["政府信息公开", "信息公开", "政务公开"]
            .iter()
            .find_map(|k| self.s.find(k))
    }

    /// The reporting year: the first year that does not open a date.
    fn year(&self) -> Option<Year> {
        years(&self.s).find(|y| !starts_date(&self.s, y))
    }

    /// The agency: before the subject, less the year (`某某局2024年度…`, `2024年度某某局…`,
    /// `某某局关于2024年…`).
    fn agency(&self) -> Option<Span> {
        let subject = self.subject()?;
        let head = &self.s[..subject];
        let (from, to) = match years(head).next() {
            Some(y) => {
                let after = y.end
                    + if head[y.end..].starts_with('度') {
                        '度'.len_utf8()
                    } else {
                        0
                    };
                if head[..y.digits.start].trim_end_matches("关于").is_empty() {
                    (after, subject)
                } else {
                    (0, y.digits.start)
                }
            }
            None => (0, subject),
        };
        let name = self.s[from..to]
            .trim_start_matches("关于")
            .trim_end_matches("关于")
            .trim_end_matches('的');
        let from = from + self.s[from..to].find(name).unwrap_or(0);
        let n = name.chars().count();
        ((2..=AGENCY_MAX_CHARS).contains(&n)).then(|| self.span(from..from + name.len()))
    }
}

/// Whether joined pieces end a title: they name the subject and end with 报告 or 年报.
fn is_title(j: &Joined) -> bool {
    j.subject().is_some() && (j.s.ends_with("报告") || j.s.ends_with("年报"))
}

pub fn preamble(text: &str, blocks: &[Block]) -> Preamble {
    let lines = preamble_lines(text, blocks);
    let mut p = Preamble::default();
    let mut run: Vec<Span> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let s = &text[line.clone()];
        if p.category.is_none() && s.contains("组配分类") {
            // The rest of its row (`组配分类: | 2024年度 |`), else the line below its label.
            let key_end = line.start + s.find("组配分类").unwrap_or(0) + "组配分类".len();
            p.category = plain_year_in(text, key_end, line.end)
                .or_else(|| {
                    labelled(text, &lines, i, "组配分类")
                        .and_then(|v| plain_year_in(text, v.start, v.end))
                })
                .map(|(year, span)| YearMention {
                    year,
                    source: YearSource::Category,
                    span,
                });
        }
        if p.agency_row.is_none()
            && let Some(key) = ["发布机构", "发布单位", "发布机关"]
                .iter()
                .find(|k| s.contains(**k))
        {
            p.agency_row = labelled(text, &lines, i, key).map(|v| (text[v.clone()].to_string(), v));
        }
        if p.title_year.is_some() || p.title_agency.is_some() {
            continue;
        }
        let cells = cells(text, line);
        let pieces: Vec<Span> = cells.iter().filter_map(|c| title_piece(text, c)).collect();
        if cells.len() != 1 || pieces.len() != 1 {
            // A metadata row: a title stands alone in its cell.
            run.clear();
            if let Some(t) = pieces
                .iter()
                .find(|c| is_title(&Joined::of(text, std::slice::from_ref(c))))
            {
                p.title(text, std::slice::from_ref(t));
            }
            continue;
        }
        run.push(pieces[0].clone());
        if run.len() > TITLE_LINES {
            run.remove(0);
        }
        if !is_title(&Joined::of(text, &run[run.len() - 1..])) && !is_title(&Joined::of(text, &run))
        {
            continue;
        }
        // The fewest last lines that name the subject, and the line above when it brings the
        // year or the agency the others lack.
        let Some(mut k) = (0..run.len())
            .rev()
            .find(|k| Joined::of(text, &run[*k..]).subject().is_some())
        else {
            continue;
        };
        while k > 0 {
            let j = Joined::of(text, &run[k..]);
            let above = Joined::of(text, &run[k - 1..k]);
            let brings_year = j.year().is_none() && above.year().is_some();
            let brings_agency = j.agency().is_none() && looks_like_agency(&above.s);
            if !(brings_year || brings_agency) {
                break;
            }
            k -= 1;
        }
        p.title(text, &run[k..]);
        run.clear();
    }
    p
}

impl Preamble {
    fn title(&mut self, text: &str, pieces: &[Span]) {
        let j = Joined::of(text, pieces);
        self.title_year = j.year().map(|y| YearMention {
            year: y.year,
            source: YearSource::Title,
            span: j.span(y.digits),
        });
        self.title_agency = j.agency().map(|s| {
            let name: String = text[s.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            (name, s)
        });
    }
}

/// Words after a year that make it the start of a span (`2019年以来`, `2019年至2021年`), not
/// the year a sentence is about.
const SPAN_WORDS: [&str; 8] = ["以来", "至今", "起", "至", "到", "—", "-", "~"];

/// The year a prose run's first non-blank line opens with (`2021年,…`, `二〇二一年,…`).
fn leading_year(text: &str, run: &Span) -> Option<YearMention> {
    let mut pos = run.start;
    while pos < run.end {
        let (line, next) = next_line(text, pos);
        let line = crate::parse::lines::trimmed(text, &line);
        if !line.is_empty() {
            let s = &text[line.clone()];
            let y = years(s).next().filter(|y| y.digits.start == 0)?;
            let after = s[y.end..].trim_start_matches('度');
            if SPAN_WORDS.iter().any(|w| after.starts_with(w)) {
                return None;
            }
            return Some(YearMention {
                year: y.year,
                source: YearSource::FirstSentence,
                span: line.start + y.digits.start..line.start + y.digits.end,
            });
        }
        pos = next;
    }
    None
}

/// Every year mention, one per source, in priority order.
pub fn gather(text: &str, blocks: &[Block], preamble: &Preamble) -> Vec<YearMention> {
    let period = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Prose { marks } => marks.iter().find_map(|m| match m {
            Mark::Year(y) if y.source == YearSource::Period => Some(y.clone()),
            _ => None,
        }),
        _ => None,
    });
    let mut out: Vec<YearMention> = period.into_iter().collect();
    out.extend(preamble.title_year.clone());
    out.extend(preamble.category.clone());
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
    /// The agency as the title, the 发布机构 row and the signature name it, in that order.
    pub agencies: Vec<AgencyMention>,
    pub dates: Vec<DateMention>,
    pub period: Option<(Date, Date, Span)>,
    pub citations: Vec<(&'static str, Span)>,
}

/// How many non-blank lines from the end the signature may stand.
const SIGNATURE_LINES: usize = 4;

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

pub fn facts(text: &str, blocks: &[Block], preamble: &Preamble) -> Facts {
    let mut f = Facts::default();
    for b in blocks {
        let BlockKind::Prose { marks } = &b.kind else {
            continue;
        };
        for m in marks {
            match m {
                Mark::Date(d) => f.dates.push(d.clone()),
                Mark::Period(a, z, s) if f.period.is_none() => f.period = Some((*a, *z, s.clone())),
                Mark::Citation(id, s) => f.citations.push((id, s.clone())),
                _ => {}
            }
        }
    }
    // The signature: a date alone on one of the last lines, the agency alone on the line above.
    let tail = last_lines(text, SIGNATURE_LINES);
    let mut signature = None;
    for (i, l) in tail.iter().enumerate() {
        let s = &text[l.clone()];
        if let Some((date, n)) = dates::date_at(s).filter(|(_, n)| *n == s.len()) {
            f.dates.push(DateMention {
                kind: DateKind::Signature,
                date,
                span: l.start..l.start + n,
            });
            signature = tail
                .get(i + 1)
                .filter(|above| looks_like_agency(&text[(*above).clone()]))
                .map(|above| (text[above.clone()].to_string(), above.clone()));
            break;
        }
    }
    let named = [
        (AgencySource::Title, preamble.title_agency.clone()),
        (AgencySource::Row, preamble.agency_row.clone()),
        (AgencySource::Signature, signature),
    ];
    f.agencies = named
        .into_iter()
        .filter_map(|(source, n)| n.map(|(name, span)| AgencyMention { name, source, span }))
        .collect();
    f
}
