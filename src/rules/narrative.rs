//! `narrative-count`: a figure the prose states (`共受理政府信息公开申请20件`, `未收到…申请`)
//! against the table cells the template's claims name. A clause is read only when it leaves
//! no doubt; anything else raises nothing.

use std::borrow::Cow;
use std::sync::Arc;

use super::finding;
use crate::diagnostic::{Diagnostic, Related};
use crate::model::{BlockKind, Figure, Mark, Report, Span, Table};
use crate::relations::{At, Counts, Grids, cell_name, instances};
use crate::template::{CellPat, Claim, ValueKind};

/// What may stand between a noun and its number: `申请共计20件`, `行政复议案件1件`.
const FILLER: &[&str] = &[
    "共计", "合计", "总计", "总数", "案件", "件数", "数量", "共", "计", "案", "数", "量", "为",
    "达", "了", "有", "的", "各", ":", "\u{ff1a}",
];

/// `lead` and each of its prefixes that end before only filler (`申请共计` → `申请共`, `申请`),
/// in the order they are tried: computed once per figure, then compared with every claim.
fn stems(lead: &str) -> Vec<&str> {
    let mut out = vec![lead];
    let mut i = 0;
    while i < out.len() {
        let s = out[i];
        for rest in FILLER.iter().filter_map(|f| s.strip_suffix(f)) {
            if !out.contains(&rest) {
                out.push(rest);
            }
        }
        i += 1;
    }
    out
}

/// Where a noun of the claim starts, if the lead ends with one and then only filler (one of
/// its `stems` ends with the noun). Suffix comparisons only: this runs for every figure
/// against every claim.
fn noun_then_filler(claim: &Claim, stems: &[&str]) -> Option<usize> {
    stems.iter().find_map(|s| {
        let n = claim.nouns.iter().find(|n| s.ends_with(**n))?;
        Some(s.len() - n.len())
    })
}

/// Where the last noun stands in a clause; `申请人` is not an application.
fn last_noun(claim: &Claim, s: &str) -> Option<At> {
    claim
        .nouns
        .iter()
        .filter_map(|n| {
            s.rmatch_indices(n)
                .map(|(i, n)| (i, i + n.len()))
                .find(|&(_, end)| !s[end..].starts_with('人'))
        })
        .max()
}

/// Where the claim's noun starts, if `lead` (the words before a number) states this claim's
/// figure.
fn states(
    claim: &Claim,
    lead: &str,
    stems: &[&str],
    sentence: &dyn Fn() -> String,
) -> Option<usize> {
    let start = noun_then_filler(claim, stems)?;
    ((claim.verbs.is_empty() || claim.verbs.iter().any(|v| lead[..start].contains(v)))
        && !claim.unless.iter().any(|u| lead.contains(u))
        && (claim.when.is_empty() || {
            let sentence = sentence();
            claim.when.iter().any(|w| sentence.contains(w))
        }))
    .then_some(start)
}

/// Any noun of any claim of any format: a lead with none of them states no claim.
static NOUNS: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| crate::template::claim_words(|c| c.nouns));

/// Words joining two nouns that share one figure: `予以公开及部分公开42件`.
const CONJUNCTIONS: &[&str] = &["以及", "及", "和", "与", "、"];

/// The claims a lead states in one table: the one whose noun ends it, and each joined to it
/// before (`予以公开及部分公开`), in text order; and whether the figure is each one's (`各`)
/// rather than their sum. The noun that ended the lead comes last.
fn stated_in(
    claims: &'static [Claim],
    lead: &str,
    sentence: &dyn Fn() -> String,
) -> Option<(Vec<&'static Claim>, bool, &'static str)> {
    let lead_stems = stems(lead);
    let (last, start) = claims
        .iter()
        .find_map(|c| Some((c, states(c, lead, &lead_stems, sentence)?)))?;
    let noun = last.nouns.iter().find(|n| lead[start..].starts_with(**n))?;
    let each = lead[start + noun.len()..].contains('各');
    let mut joined = vec![last];
    let mut rest = &lead[..start];
    while let Some(before) = CONJUNCTIONS.iter().find_map(|j| rest.strip_suffix(j)) {
        let before_stems = stems(before);
        let Some((c, at)) = claims
            .iter()
            .filter(|c| !joined.iter().any(|j| std::ptr::eq(*j, *c)))
            .find_map(|c| Some((c, states(c, before, &before_stems, sentence)?)))
        else {
            break;
        };
        joined.push(c);
        rest = &before[..at];
    }
    joined.reverse();
    Some((joined, each, noun))
}

/// Whether a clause with no figure says this claim's count is zero.
fn denies(claim: &Claim, clause: &str) -> bool {
    !claim.negations.is_empty()
        && claim.when.is_empty()
        && last_noun(claim, clause)
            .is_some_and(|(start, _)| claim.negations.iter().any(|n| clause[..start].contains(n)))
        && !claim.unless.iter().any(|u| clause.contains(u))
}

/// Spacing inside running text (`政府信息 公开`) says nothing.
fn compact(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(char::is_whitespace) {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        s.into()
    }
}

/// The least and, where known, the most a cell or a sum can hold.
type Range = (i64, Option<i64>);
type Cells = Vec<At>;

struct Source<'a> {
    table: &'a Table,
    grid: Cow<'a, Counts>,
}

impl Source<'_> {
    /// The cells, and their sum when every one holds a number.
    fn value(&self, cells: &[CellPat]) -> Option<(i64, Vec<At>)> {
        let found = cells
            .iter()
            .map(|p| self.grid.by_key(p.row?, p.col?))
            .collect::<Option<Vec<_>>>()?;
        let sum = found
            .iter()
            .try_fold(0i64, |sum, (_, v)| sum.checked_add(*v))?;
        Some((sum, found.into_iter().map(|(at, _)| at).collect()))
    }

    /// What a blank cell can hold, counts being never negative: at least what the known parts
    /// of a sum it totals give, at most what a known total it is part of leaves. `None` for a
    /// cell that may be negative. The second list holds the known cells the range came from.
    fn range_of(&self, at: At) -> Option<(Range, Vec<At>)> {
        let def = self.table.def;
        let signed = |c: At| def.columns[c.1].kind == ValueKind::SignedCount;
        if signed(at) {
            return None;
        }
        let value = |c| self.grid.get(c);
        let known_sum = |cells: &[At]| -> Option<i64> {
            cells.iter().try_fold(0i64, |sum, &c| match value(c) {
                Some(v) => sum.checked_add(v),
                None if signed(c) => None,
                None => Some(sum),
            })
        };
        let all_known = |cells: &[At]| cells.iter().all(|&c| value(c).is_some());
        let (mut lo, mut hi) = (0i64, None::<i64>);
        let mut from = Vec::new();
        for i in instances(self.table) {
            if i.target == at && all_known(&i.minus) {
                let Some(least) =
                    known_sum(&i.plus).and_then(|p| p.checked_sub(known_sum(&i.minus)?))
                else {
                    continue;
                };
                if least > lo {
                    lo = least;
                    from = i
                        .plus
                        .iter()
                        .copied()
                        .filter(|&c| value(c).is_some())
                        .collect();
                }
            } else if i.plus.contains(&at) && all_known(&i.minus) {
                let (Some(total), Some(others), Some(minus)) =
                    (value(i.target), known_sum(&i.plus), known_sum(&i.minus))
                else {
                    continue;
                };
                if i.plus
                    .iter()
                    .any(|&c| c != at && signed(c) && value(c).is_none())
                {
                    continue;
                }
                let most = total - minus - others;
                hi = Some(hi.map_or(most, |h: i64| h.min(most)));
            }
        }
        Some(((lo, hi), from))
    }

    /// What the cells can hold when some are blank: the sum of each cell's range.
    fn range(&self, pats: &[CellPat]) -> Option<(Held, Cells, Cells)> {
        let def = self.table.def;
        let (mut lo, mut hi) = (0i64, Some(0i64));
        let (mut cells, mut from) = (Vec::new(), Vec::new());
        for p in pats {
            let at = (def.row(p.row?)?, def.column(p.col?)?);
            cells.push(at);
            let ((l, h), f) = match self.grid.get(at) {
                Some(v) => ((v, Some(v)), vec![at]),
                None => self.range_of(at)?,
            };
            lo = lo.checked_add(l)?;
            hi = match (hi, h) {
                (Some(a), Some(b)) => a.checked_add(b),
                _ => None,
            };
            from.extend(f);
        }
        Some((Held::Between(lo, hi), cells, from))
    }

    /// The same sum with each total the table gets wrong replaced by what its parts add up to:
    /// prose that agrees with the parts is not contradicted by the tables, and the broken total
    /// has its own finding.
    fn recomputed(&self, cells: &[At]) -> Option<i64> {
        let value = |at: At| self.grid.get(at);
        let mut sum: i64 = 0;
        for &at in cells {
            let own = instances(self.table)
                .iter()
                .filter(|i| i.target == at)
                .find_map(|i| i.evaluate(&value))
                .map_or(value(at), |(expected, _)| Some(expected));
            sum = sum.checked_add(own?)?;
        }
        Some(sum)
    }

    /// `…表中「一、…」的总计`; for several cells, the row group they fill (`「(四)无法提供」
    /// 各项的总计之和`) or each cell.
    fn name(&self, cells: &[At]) -> String {
        let def = self.table.def;
        let group = |&(r, _): &At| def.rows[r].groups.last();
        let same_column = cells.iter().all(|c| c.1 == cells[0].1);
        let names = match cells {
            [one] => cell_name(self.table, *one),
            [first, rest @ ..]
                if same_column
                    && group(first).is_some()
                    && rest.iter().all(|c| group(c) == group(first))
                    && def
                        .rows
                        .iter()
                        .filter(|r| r.groups.last() == group(first))
                        .count()
                        == cells.len() =>
            {
                format!(
                    "「{}」各项的{}之和",
                    group(first).copied().unwrap_or_default(),
                    def.columns[first.1].label.official
                )
            }
            _ => {
                let names: Vec<String> =
                    cells.iter().map(|&at| cell_name(self.table, at)).collect();
                format!("{}之和", names.join("、"))
            }
        };
        format!("{}中{names}", def.name)
    }

    fn related(&self, cells: &[At]) -> Vec<Related> {
        cells
            .iter()
            .filter_map(|&(r, c)| {
                let cell = self.table.cell(r, c)?;
                let v = self.grid.get((r, c))?;
                Some(Related {
                    span: cell.span.clone(),
                    message: format!("{}:{v}", cell_name(self.table, (r, c))),
                    document: None,
                })
            })
            .collect()
    }
}

/// The tables the prose speaks of: the first of each kind whose template has claims.
fn sources<'a>(report: &'a Report, grids: &'a Grids<'a>) -> Vec<Source<'a>> {
    report
        .first_tables()
        .filter(|t| !t.def.claims.is_empty())
        .map(|table| Source {
            table,
            grid: grids.get(table),
        })
        .collect()
}

/// How a figure (or a denial) reads against one claim, or claims joined (`予以公开及部分公开`):
/// the figure stated (zero for a denial), what the table holds, and whether they agree.
struct Reading<'a> {
    subject: String,
    stated: u64,
    actual: Held,
    /// The same cells with each wrong total replaced by its parts' sum, where that differs.
    parts: Option<i64>,
    agrees: bool,
    source: &'a Source<'a>,
    cells: Vec<At>,
    /// The known cells the finding points at.
    shown: Vec<At>,
}

/// What a claim's cells hold: their sum, or with blanks among them the range the filled cells
/// and the table's relations leave (counts are never negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Exactly(i64),
    Between(i64, Option<i64>),
}

impl Held {
    fn admits(self, n: i64) -> bool {
        match self {
            Held::Exactly(v) => v == n,
            Held::Between(lo, hi) => lo <= n && hi.is_none_or(|h| n <= h),
        }
    }

    /// How the table's side is said against a figure `stated`: `为12件`, `已填的格合计至少 337 件`.
    pub fn said(self, stated: Option<u64>) -> String {
        let stated = stated.and_then(|s| i64::try_from(s).ok()).unwrap_or(0);
        match self {
            Held::Exactly(v) => format!("为{v}件"),
            Held::Between(lo, _) if stated < lo => format!("已填的格合计至少 {lo} 件"),
            Held::Between(_, Some(hi)) if stated > hi => format!("按已填的合计至多 {hi} 件"),
            Held::Between(lo, Some(hi)) => format!("在 {lo} 至 {hi} 件之间(有格未填)"),
            Held::Between(lo, None) => format!("至少 {lo} 件(有格未填)"),
        }
    }
}

impl Reading<'_> {
    /// Where the figure's cells are, named: `…表中「一、…」的总计`.
    fn cells_name(&self) -> String {
        self.source.name(&self.cells)
    }

    /// Where its cells stand, those of rows the table has.
    fn places(&self) -> Vec<Span> {
        self.cells
            .iter()
            .filter_map(|&(r, c)| self.source.table.cell(r, c).map(|cell| cell.place()))
            .collect()
    }
}

/// The figure before, in the same sentence: what a clause that drops its noun continues
/// (`发布规范性文件3件,废止2件`), and what a `其中` clause is part of.
#[derive(Clone, Default)]
struct Before {
    sentence: Span,
    noun: &'static str,
    subject: String,
    /// Which source it was read in (an index into the sources), and its cells there.
    source: usize,
    cells: Vec<At>,
}

/// What may stand between an applicant column and its number: `其中自然人提出10件`.
const BY_WHOM: &[&str] = &["提出的", "提出", "申请", "的"];

/// `其中自然人10件、法人或其他组织2件` after a figure whose cells lie in one column: the same
/// rows in the column (or the column group) the lead ends with.
fn breakdown<'a>(
    lead: &str,
    stated: u64,
    before: &Before,
    sources: &'a [Source<'a>],
) -> Option<Reading<'a>> {
    let source = sources.get(before.source)?;
    let def = source.table.def;
    let column = before.cells.first()?.1;
    if before.cells.iter().any(|c| c.1 != column) {
        return None;
    }
    let mut tail = lead;
    while let Some(rest) = FILLER
        .iter()
        .chain(BY_WHOM)
        .find_map(|f| tail.strip_suffix(f))
    {
        tail = rest;
    }
    // `法人和其他组织`, `法人或者其他组织`: the same group.
    let tail = tail.replace("或者", "或").replace('和', "或");
    let names = |c: &'static crate::template::Column| {
        std::iter::once(c.label.official).chain(c.label.variants.iter().copied())
    };
    let (noun, cols): (&str, Vec<usize>) = match def
        .columns
        .iter()
        .position(|c| c.group.is_none() && names(c).any(|n| tail.ends_with(n)))
    {
        Some(c) => (def.columns[c].label.official, vec![c]),
        None => {
            let group = def
                .columns
                .iter()
                .filter_map(|c| c.group)
                .find(|g| tail.ends_with(g))?;
            let cols = (0..def.columns.len())
                .filter(|&c| def.columns[c].group == Some(group))
                .collect();
            (group, cols)
        }
    };
    if cols.contains(&column) {
        return None;
    }
    let pats: Vec<CellPat> = before
        .cells
        .iter()
        .flat_map(|&(r, _)| {
            cols.iter().map(move |&c| CellPat {
                row: Some(def.rows[r].key),
                col: Some(def.columns[c].key),
            })
        })
        .collect();
    reading(
        source,
        format!("{}({noun})", before.subject),
        &pats,
        &[],
        stated,
    )
}

/// A figure's reading against the cells `pats`, or `None` where they are not in the table.
fn reading<'a>(
    source: &'a Source<'a>,
    subject: String,
    pats: &[CellPat],
    also: &[CellPat],
    stated: u64,
) -> Option<Reading<'a>> {
    let as_table = i64::try_from(stated).ok()?;
    let Some((actual, cells)) = source.value(pats) else {
        let (held, cells, shown) = source.range(pats)?;
        return Some(Reading {
            subject,
            stated,
            actual: held,
            parts: None,
            agrees: held.admits(as_table),
            source,
            cells,
            shown,
        });
    };
    let parts = source.recomputed(&cells).filter(|p| *p != actual);
    // Prose that agrees with a broken total's parts is left to the arithmetic rules; a figure
    // that may count either of two things agrees with either.
    let agrees = as_table == actual
        || parts == Some(as_table)
        || (!also.is_empty() && source.value(also).is_some_and(|(v, _)| v == as_table));
    Some(Reading {
        subject,
        stated,
        actual: Held::Exactly(actual),
        parts,
        agrees,
        source,
        shown: cells.clone(),
        cells,
    })
}

/// The claims a lead states, in the first source that reads it: which source, the claims,
/// whether the figure is each one's (`各`), and the noun it was read by. No table's numbers.
type Claims = (usize, Vec<&'static Claim>, bool, &'static str);

fn claims_of(lead: &str, sentence: &dyn Fn() -> String, sources: &[Source]) -> Option<Claims> {
    sources.iter().enumerate().find_map(|(i, s)| {
        let (claims, each, noun) = stated_in(s.table.def.claims, lead, sentence)?;
        Some((i, claims, each, noun))
    })
}

/// Every reading of a figure against its claims' cells (one, or one per claim for `各`).
fn readings_of<'a>(
    (index, claims, each, _): &Claims,
    stated: u64,
    sources: &'a [Source<'a>],
) -> Vec<Reading<'a>> {
    let source = &sources[*index];
    if *each || claims.len() == 1 {
        claims
            .iter()
            .filter_map(|c| reading(source, c.subject.to_string(), c.cells, c.also, stated))
            .collect()
    } else {
        let subject: Vec<&str> = claims.iter().map(|c| c.subject).collect();
        let cells: Vec<CellPat> = claims
            .iter()
            .flat_map(|c| c.cells.iter().copied())
            .collect();
        reading(source, subject.join("及"), &cells, &[], stated)
            .into_iter()
            .collect()
    }
}

/// What a figure's own text says against the sources' claims, whatever the tables hold: kept
/// in the figure's memo, valid for the sources' definitions it was read with.
struct Stated {
    defs: Vec<usize>,
    /// The lead with spacing removed.
    lead: String,
    /// Whether the lead holds any claim's noun.
    named: bool,
    /// The claims a named lead states.
    claims: Option<Claims>,
    /// For a clause with no figure: the claims it denies, by source.
    denials: Vec<(usize, &'static Claim)>,
    /// A lead naming no noun, read with the noun of the figure before it: for each noun tried.
    continued: std::sync::Mutex<Vec<(&'static str, Option<Claims>)>>,
}

/// The sources' definitions, by address: what a memo was read against.
fn defs(sources: &[Source]) -> Vec<usize> {
    sources
        .iter()
        .map(|s| std::ptr::from_ref(s.table.def) as usize)
        .collect()
}

fn stated(text: &str, f: &Figure, sources: &[Source], defs: &[usize]) -> Arc<Stated> {
    let fresh = || {
        let lead = compact(&text[f.lead.clone()]).into_owned();
        let sentence = || compact(&text[f.sentence.clone()]).into_owned();
        let (named, claims, denials) = if f.value.is_none() {
            let denials = sources
                .iter()
                .enumerate()
                .flat_map(|(i, s)| {
                    s.table
                        .def
                        .claims
                        .iter()
                        .filter(|c| denies(c, &lead))
                        .map(move |c| (i, c))
                })
                .collect();
            (false, None, denials)
        } else {
            // Most figures count something no claim names: one search for every noun says so.
            let named = NOUNS.is_match(&lead);
            let claims = named
                .then(|| claims_of(&lead, &sentence, sources))
                .flatten();
            (named, claims, Vec::new())
        };
        Arc::new(Stated {
            defs: defs.to_vec(),
            lead,
            named,
            claims,
            denials,
            continued: Default::default(),
        })
    };
    let kept = f.memo.0.get_or_init(|| fresh());
    match kept.clone().downcast::<Stated>() {
        Ok(s) if s.defs == defs => s,
        // Read against other tables (the report's format changed): read again, not kept.
        _ => fresh(),
    }
}

/// Every claim a figure or denial is read against, and what the next figure may continue.
fn read<'a>(
    text: &str,
    f: &Figure,
    sources: &'a [Source<'a>],
    defs: &[usize],
    before: Option<&Before>,
) -> (Vec<Reading<'a>>, Option<Before>) {
    let memo = stated(text, f, sources, defs);
    let lead = memo.lead.as_str();
    let Some((stated, _)) = &f.value else {
        let denials = memo
            .denials
            .iter()
            .filter_map(|&(i, c)| reading(&sources[i], c.subject.to_string(), c.cells, &[], 0))
            .collect();
        return (denials, None);
    };
    let before = before.filter(|b| b.sentence == f.sentence);
    let named = memo.named;
    let found = memo.claims.clone().or_else(|| {
        // A clause that names no noun continues the one before it.
        let b = before.filter(|_| !named)?;
        let read = || {
            let continued = format!("{lead}{}", b.noun);
            let sentence = || compact(&text[f.sentence.clone()]).into_owned();
            claims_of(&continued, &sentence, sources)
        };
        let Ok(mut kept) = memo.continued.lock() else {
            return read();
        };
        if let Some((_, c)) = kept.iter().find(|(n, _)| *n == b.noun) {
            return c.clone();
        }
        let c = read();
        kept.push((b.noun, c.clone()));
        c
    });
    let Some(claims) = found else {
        // Not a count of its own: perhaps the applicants' share of the figure before.
        let share = before.and_then(|b| breakdown(lead, *stated, b, sources));
        return (share.into_iter().collect(), None);
    };
    let readings = readings_of(&claims, *stated, sources);
    let (source, noun) = (claims.0, claims.3);
    // A part (`其中…`) is never compared with the whole it is part of.
    let part_of_before = lead.contains("其中")
        && before.is_some_and(|b| readings.iter().any(|r| r.subject == b.subject));
    let next = readings.first().map(|r| Before {
        sentence: f.sentence.clone(),
        noun,
        subject: r.subject.clone(),
        source,
        cells: r.cells.clone(),
    });
    if part_of_before {
        return (Vec::new(), next);
    }
    (readings, next)
}

/// What the prose tells about one claim, and what the table holds: for hovers.
#[derive(Debug, Clone, PartialEq)]
pub struct Told {
    /// What is counted (`本年新收的政府信息公开申请`).
    pub subject: String,
    /// The figure stated; `None` for a denial (`未收到…`).
    pub stated: Option<u64>,
    /// The table's cells, named, and what they hold.
    pub cells: String,
    /// Where those cells stand in the text (`Cell::place`), for going to them.
    pub places: Vec<Span>,
    pub actual: Held,
    /// What the cells add up to by their parts, where a total among them is wrong.
    pub parts: Option<i64>,
    pub agrees: bool,
}

/// The figure whose number (or the denial whose clause) lies at `offset`, read against the
/// tables; `None` where the prose states nothing the rule reads.
pub fn told_at(text: &str, report: &Report, offset: usize) -> Option<(Span, Vec<Told>)> {
    let marks = report.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Prose { marks } if b.span.contains(&offset) => Some(marks),
        _ => None,
    })?;
    let at = |f: &Figure| {
        let span = f.value.as_ref().map_or(&f.lead, |(_, s)| s);
        span.start <= offset && offset <= span.end
    };
    if !marks.iter().any(|m| matches!(m, Mark::Figure(f) if at(f))) {
        return None;
    }
    let grids = Grids::of(report);
    let sources = sources(report, &grids);
    let mut told = None;
    each_reading(text, marks, &sources, |f, readings| {
        if told.is_none() && at(f) {
            let list: Vec<Told> = readings
                .into_iter()
                .map(|r| Told {
                    stated: f.value.as_ref().map(|_| r.stated),
                    cells: r.cells_name(),
                    places: r.places(),
                    subject: r.subject,
                    actual: r.actual,
                    parts: r.parts,
                    agrees: r.agrees,
                })
                .collect();
            let span = f.value.as_ref().map_or(f.lead.clone(), |(_, s)| s.clone());
            told = Some((span, list));
        }
    });
    told.filter(|(_, list)| !list.is_empty())
}

/// Each figure of a block's marks with its readings, in order, each figure read with the one
/// before it in mind.
fn each_reading<'a>(
    text: &str,
    marks: &[Mark],
    sources: &'a [Source<'a>],
    mut visit: impl FnMut(&Figure, Vec<Reading<'a>>),
) {
    let mut before: Option<Before> = None;
    let defs = defs(sources);
    for m in marks {
        let Mark::Figure(f) = m else { continue };
        let (readings, next) = read(text, f, sources, &defs, before.as_ref());
        if next.is_some() {
            before = next;
        }
        visit(f, readings);
    }
}

pub fn check(text: &str, report: &Report, grids: &Grids, out: &mut Vec<Diagnostic>) {
    // The tables' numbers are read once, and only for a report whose prose has figures.
    let mut found: Option<Vec<Source>> = None;
    for block in &report.blocks {
        let BlockKind::Prose { marks } = &block.kind else {
            continue;
        };
        if !marks.iter().any(|m| matches!(m, Mark::Figure(_))) {
            continue;
        }
        let sources = found.get_or_insert_with(|| sources(report, grids));
        each_reading(text, marks, sources, |f, readings| {
            for r in readings.into_iter().filter(|r| !r.agrees) {
                let stated = f.value.as_ref().map(|_| r.stated);
                let said = r.actual.said(stated);
                let message = match stated {
                    Some(n) => format!("正文写{}{n}件,而{}{said}", r.subject, r.cells_name()),
                    None => format!("正文说没有{},而{}{said}", r.subject, r.cells_name()),
                };
                let mut d = finding("narrative-count", f.sentence.clone(), message);
                d.related = r.source.related(&r.shown);
                out.push(d);
            }
        });
    }
}
