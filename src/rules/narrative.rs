//! `narrative-count`: a figure the prose states (`共受理政府信息公开申请20件`, `未收到…申请`)
//! against the table cells the template's claims name. A clause is read only when it leaves
//! no doubt; anything else raises nothing.

use super::finding;
use crate::diagnostic::{Diagnostic, Related};
use crate::model::{BlockKind, Figure, Mark, Report, Table};
use crate::relations::{cell_name, counts, instances};
use crate::template::Claim;

/// What may stand between a noun and its number: `申请共计20件`, `行政复议案件1件`.
const FILLER: &[&str] = &[
    "共计", "合计", "总计", "总数", "案件", "件数", "数量", "共", "计", "案", "数", "量", "为",
    "达", "了", "有", "的", ":", "\u{ff1a}",
];

/// Where a noun of the claim starts, if `lead` ends with one and then only filler. Suffix
/// comparisons only: this runs for every figure against every claim.
fn noun_then_filler(claim: &Claim, lead: &str) -> Option<usize> {
    if let Some(n) = claim.nouns.iter().find(|n| lead.ends_with(**n)) {
        return Some(lead.len() - n.len());
    }
    FILLER
        .iter()
        .filter_map(|f| lead.strip_suffix(f))
        .find_map(|rest| noun_then_filler(claim, rest))
}

/// Where the last noun stands in a clause; `申请人` is not an application.
fn last_noun(claim: &Claim, s: &str) -> Option<(usize, usize)> {
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

/// Whether `lead` (the words before a number) states this claim's figure.
fn states(claim: &Claim, lead: &str, sentence: &dyn Fn() -> String) -> bool {
    let Some(start) = noun_then_filler(claim, lead) else {
        return false;
    };
    (claim.verbs.is_empty() || claim.verbs.iter().any(|v| lead[..start].contains(v)))
        && !claim.unless.iter().any(|u| lead.contains(u))
        && (claim.when.is_empty() || {
            let sentence = sentence();
            claim.when.iter().any(|w| sentence.contains(w))
        })
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

struct Source<'a> {
    table: &'a Table,
    grid: Vec<Option<i64>>,
}

impl Source<'_> {
    /// The claim's cells, and their sum when every one holds a number.
    fn value(&self, claim: &Claim) -> Option<(i64, Vec<(usize, usize)>)> {
        let def = self.table.def;
        let cells = claim
            .cells
            .iter()
            .map(|p| Some((def.row(p.row?)?, def.column(p.col?)?)))
            .collect::<Option<Vec<_>>>()?;
        let mut sum: i64 = 0;
        for &(r, c) in &cells {
            sum = sum.checked_add(self.grid[r * def.columns.len() + c]?)?;
        }
        Some((sum, cells))
    }

    /// The same sum with each total the table gets wrong replaced by what its parts add up to:
    /// prose that agrees with the parts is not contradicted by the tables, and the broken total
    /// has its own finding.
    fn recomputed(&self, cells: &[(usize, usize)]) -> Option<i64> {
        let cols = self.table.def.columns.len();
        let value = |(r, c): (usize, usize)| self.grid[r * cols + c];
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
    fn name(&self, cells: &[(usize, usize)]) -> String {
        let def = self.table.def;
        let group = |&(r, _): &(usize, usize)| def.rows[r].groups.last();
        let same_column = cells.iter().all(|c| c.1 == cells[0].1);
        let names = match cells {
            [one] => cell_name(self.table, *one),
            [first, rest @ ..]
                if same_column
                    && group(first).is_some()
                    && rest.iter().all(|c| group(c) == group(first)) =>
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

    fn related(&self, cells: &[(usize, usize)]) -> Vec<Related> {
        let cols = self.table.def.columns.len();
        cells
            .iter()
            .filter_map(|&(r, c)| {
                let cell = self.table.cell(r, c)?;
                let v = self.grid[r * cols + c]?;
                Some(Related {
                    span: cell.span.clone(),
                    message: format!("{}:{v}", cell_name(self.table, (r, c))),
                    document: None,
                })
            })
            .collect()
    }
}

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let mut sources: Option<Vec<Source>> = None;
    for block in &report.blocks {
        let BlockKind::Prose { marks } = &block.kind else {
            continue;
        };
        for m in marks {
            let Mark::Figure(f) = m else { continue };
            // The tables' numbers are read once, and only for a report whose prose has figures.
            let sources = sources.get_or_insert_with(|| {
                let mut kinds = Vec::new();
                report
                    .tables()
                    .filter(|t| !t.def.claims.is_empty())
                    // The first table of a kind is the one the prose speaks of.
                    .filter(|t| {
                        let new = !kinds.contains(&t.def.kind);
                        kinds.push(t.def.kind);
                        new
                    })
                    .map(|table| Source {
                        table,
                        grid: counts(table),
                    })
                    .collect()
            });
            figure(text, f, sources, out);
        }
    }
}

fn figure(text: &str, f: &Figure, sources: &[Source], out: &mut Vec<Diagnostic>) {
    let lead = compact(&text[f.lead.clone()]);
    let sentence = || compact(&text[f.sentence.clone()]).into_owned();
    match &f.value {
        Some((stated, _)) => {
            // The first claim that reads the figure says what it counts.
            let Some((source, claim)) = sources.iter().find_map(|s| {
                s.table
                    .def
                    .claims
                    .iter()
                    .find(|c| states(c, &lead, &sentence))
                    .map(|c| (s, c))
            }) else {
                return;
            };
            let Some((actual, cells)) = source.value(claim) else {
                return;
            };
            let as_table = i64::try_from(*stated).ok();
            if as_table != Some(actual) && as_table != source.recomputed(&cells) {
                let mut d = finding(
                    "narrative-count",
                    f.sentence.clone(),
                    format!(
                        "正文写{}{stated}件,而{}为{actual}件",
                        claim.subject,
                        source.name(&cells)
                    ),
                );
                d.related = source.related(&cells);
                out.push(d);
            }
        }
        None => {
            for source in sources {
                for claim in source.table.def.claims.iter().filter(|c| denies(c, &lead)) {
                    let Some((actual, cells)) = source.value(claim) else {
                        continue;
                    };
                    if actual != 0 {
                        let mut d = finding(
                            "narrative-count",
                            f.sentence.clone(),
                            format!(
                                "正文说没有{},而{}为{actual}件",
                                claim.subject,
                                source.name(&cells)
                            ),
                        );
                        d.related = source.related(&cells);
                        out.push(d);
                    }
                }
            }
        }
    }
}
