//! `carryover`, `effective-count`: a report against the same agency's report for the year
//! before, by the template's year relations. The fronts find the pair (open documents, the
//! workspace, the files given); this only compares two parsed reports. `within`: what the same
//! relations rule out in one report alone (last year's figure would have to be negative).

use super::{finding, safe};
use crate::diagnostic::{Diagnostic, Edit, Fix, Related};
use crate::model::{Report, Table};
use crate::relations::{Counts, Grids, cell_name, counts, def_cell_name};
use crate::template::{CellPat, TableDef, YearRelation};

/// Who published a report and for which year: what pairs a report with last year's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity {
    /// The agency's name, folded and without spaces (`示例市 数据资源管理局` is the same).
    pub agency: String,
    pub year: u16,
}

impl Identity {
    pub fn of(report: &Report) -> Option<Identity> {
        let name = &report.agency()?.name;
        Some(Identity::named(name, report.year.as_ref()?.year))
    }

    /// The identity of an agency named in words (as a drafter types it) for a year.
    pub fn named(name: &str, year: u16) -> Identity {
        let agency: String = crate::text::normalize::fold(name)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Identity { agency, year }
    }

    /// The same agency, the year before.
    pub fn previous(&self) -> Identity {
        Identity {
            agency: self.agency.clone(),
            year: self.year.saturating_sub(1),
        }
    }
}

/// What the rules across documents read of a report, as this year's or as last year's: its
/// identity and year, and the cells of the tables a year relation reads (value and span, by
/// place). All they need of a report that is not open: a few hundred bytes where the model is
/// tens of kilobytes. When this is the same before and after an edit, no other report's
/// findings changed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Seen {
    identity: Option<Identity>,
    year: Option<u16>,
    /// A report's only (`is_report`): nothing else is compared across years.
    tables: Vec<Kept>,
}

/// The cells of a table that its year relations read.
#[derive(Debug, Clone, PartialEq)]
struct Kept {
    def: &'static TableDef,
    /// Sorted by place.
    cells: Vec<KeptCell>,
}

#[derive(Debug, Clone, PartialEq)]
struct KeptCell {
    at: (u16, u16),
    /// The cell as a count, when it reads as one.
    value: Option<i64>,
    /// Where it is written, when it is (a report is at most 64 MB: offsets fit in `u32`).
    span: Option<(u32, u32)>,
}

impl Seen {
    pub fn of(report: &Report) -> Seen {
        Seen {
            identity: Identity::of(report).filter(|_| report.is_report),
            year: report.year.as_ref().map(|y| y.year),
            tables: if report.is_report {
                related_tables(report)
                    .map(|t| Kept::of(t, &counts(t)))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    pub fn identity(&self) -> Option<&Identity> {
        self.identity.as_ref()
    }

    fn table(&self, kind: &str) -> Option<&Kept> {
        self.tables.iter().find(|t| t.def.kind == kind)
    }

    /// Every offset its spans start or end at: what a front turns into positions ahead of
    /// time for a report whose text it does not keep.
    pub fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        self.tables
            .iter()
            .flat_map(|t| &t.cells)
            .filter_map(|c| c.span)
            .flat_map(|(a, b)| [a as usize, b as usize])
    }
}

impl Kept {
    fn of(table: &Table, grid: &Counts) -> Kept {
        let def = table.def;
        let mut at: Vec<(usize, usize)> = def
            .across_years
            .iter()
            .flat_map(|relation| {
                relation
                    .scope
                    .places(def)
                    .into_iter()
                    .filter_map(move |place| instance_keys(def, relation, place))
            })
            .flat_map(|(target, last, plus, minus)| {
                std::iter::once(target)
                    .chain(last)
                    .chain(plus)
                    .chain(minus)
                    .filter_map(|(r, c)| Some((def.row(r)?, def.column(c)?)))
                    .collect::<Vec<_>>()
            })
            .collect();
        at.sort_unstable();
        at.dedup();
        let cells = at
            .into_iter()
            .filter_map(|(r, c)| {
                let value = grid.get((r, c));
                let span = table
                    .cell(r, c)
                    .map(|cell| (cell.span.start as u32, cell.span.end as u32));
                (value.is_some() || span.is_some()).then_some(KeptCell {
                    at: (r as u16, c as u16),
                    value,
                    span,
                })
            })
            .collect();
        Kept { def, cells }
    }

    fn cell(&self, (r, c): (usize, usize)) -> Option<&KeptCell> {
        let at = (r as u16, c as u16);
        let i = self.cells.binary_search_by(|k| k.at.cmp(&at)).ok()?;
        Some(&self.cells[i])
    }

    fn span(&self, at: (usize, usize)) -> Option<crate::model::Span> {
        let (a, b) = self.cell(at)?.span?;
        Some(a as usize..b as usize)
    }
}

/// Last year's report (what the rules read of it), and the name the front knows its document
/// by (for related places).
pub struct Previous<'a> {
    pub seen: &'a Seen,
    pub document: &'a str,
}

/// `(row, column)` keys of a pattern at the current row or column of `def`.
fn keys(
    def: &TableDef,
    p: &CellPat,
    row: Option<usize>,
    col: Option<usize>,
) -> Option<(&'static str, &'static str)> {
    let r = match p.row {
        Some(k) => def.rows[def.row(k)?].key,
        None => def.rows[row?].key,
    };
    let c = match p.col {
        Some(k) => def.columns[def.column(k)?].key,
        None => def.columns[col?].key,
    };
    Some((r, c))
}

/// A table's numbers by key: the years may be of different formats.
struct Values<'a> {
    table: &'a Kept,
}

impl Values<'_> {
    fn def(&self) -> &'static TableDef {
        self.table.def
    }

    fn at(&self, (r, c): (&str, &str)) -> Option<((usize, usize), i64)> {
        let at = (self.def().row(r)?, self.def().column(c)?);
        Some((at, self.table.cell(at)?.value?))
    }

    fn sum(&self, cells: &[(&str, &str)]) -> Option<i64> {
        cells
            .iter()
            .try_fold(0i64, |acc, &k| acc.checked_add(self.at(k)?.1))
    }
}

/// The tables a year relation reads, first of each kind.
fn related_tables(report: &Report) -> impl Iterator<Item = &Table> {
    report
        .first_tables()
        .filter(|t| !t.def.across_years.is_empty())
}

/// This year's report against last year's, both as the rules across documents read them.
pub fn check(now: &Seen, last: &Previous, out: &mut Vec<Diagnostic>) {
    for table in &now.tables {
        let Some(before) = last.seen.table(table.def.kind) else {
            continue;
        };
        let (now, then) = (Values { table }, Values { table: before });
        for relation in table.def.across_years {
            for (r, c) in relation.scope.places(table.def) {
                instance(relation, (r, c), &now, &then, last, out);
            }
        }
    }
}

/// What last year's report gives a new report's table `def` before anything is typed: for
/// each instance of a year relation, the target cell and last year's figure it starts from.
pub struct Carried {
    pub at: (usize, usize),
    pub last: i64,
    /// Whether that figure is the cell's value (上年结转 = 上年的结转下年度), or only its base,
    /// to which this year's terms are added (现行有效件数).
    pub settled: bool,
    pub relation: &'static YearRelation,
}

pub fn carried(def: &'static TableDef, last: &Seen) -> Vec<Carried> {
    let Some(before) = last.table(def.kind) else {
        return Vec::new();
    };
    let then = Values { table: before };
    let mut out = Vec::new();
    for relation in def.across_years {
        for place in relation.scope.places(def) {
            let Some((target, lasts, plus, minus)) = instance_keys(def, relation, place) else {
                continue;
            };
            let (Some(r), Some(c), Some(value)) =
                (def.row(target.0), def.column(target.1), then.sum(&lasts))
            else {
                continue;
            };
            out.push(Carried {
                at: (r, c),
                last: value,
                settled: plus.is_empty() && minus.is_empty(),
                relation,
            });
        }
    }
    out
}

/// The cell keys of one instance of a year relation: target, last year's, plus, minus.
type Instance = (
    (&'static str, &'static str),
    Vec<(&'static str, &'static str)>,
    Vec<(&'static str, &'static str)>,
    Vec<(&'static str, &'static str)>,
);

fn instance_keys(
    def: &TableDef,
    relation: &YearRelation,
    (r, c): (Option<usize>, Option<usize>),
) -> Option<Instance> {
    let all = |ps: &[CellPat]| {
        ps.iter()
            .map(|p| keys(def, p, r, c))
            .collect::<Option<Vec<_>>>()
    };
    Some((
        keys(def, &relation.target, r, c)?,
        all(relation.last)?,
        all(relation.plus)?,
        all(relation.minus)?,
    ))
}

/// `+ 本年制发件数 3 − 本年废止件数 1`: this year's terms of a relation, with their values.
fn terms(now: &Values, plus: &[(&str, &str)], minus: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (sign, keys) in [("+", plus), ("−", minus)] {
        for &k in keys {
            if let Some((a, v)) = now.at(k) {
                out.push_str(&format!(
                    " {sign} {} {v}",
                    now.def().columns[a.1].label.official
                ));
            }
        }
    }
    out
}

/// Within one report: what a year relation leaves to last year (target − plus + minus) is a
/// count, never negative; below that, no report of last year can make the target right.
pub fn within(report: &Report, grids: &Grids, out: &mut Vec<Diagnostic>) {
    for table in related_tables(report) {
        let kept = Kept::of(table, &grids.get(table));
        let now = Values { table: &kept };
        for relation in table.def.across_years {
            for place in relation.scope.places(table.def) {
                let Some((target, _, plus, minus)) = instance_keys(table.def, relation, place)
                else {
                    continue;
                };
                let (Some((at, actual)), Some(added), Some(taken)) =
                    (now.at(target), now.sum(&plus), now.sum(&minus))
                else {
                    continue;
                };
                let Some(least) = added.checked_sub(taken) else {
                    continue;
                };
                let Some(cell) = table
                    .cell(at.0, at.1)
                    .filter(|_| (0..least).contains(&actual))
                else {
                    continue;
                };
                let name = cell_name(table, at);
                let arithmetic = terms(&now, &plus, &minus);
                let arithmetic = arithmetic.trim_start_matches(" + ");
                let mut d = finding(
                    relation.code,
                    cell.span.clone(),
                    format!(
                        "{name}至少应为 {least}(= {arithmetic}),实为 {actual}\n\
                         {};上年报告的数字至少为 0,所以无论上年是多少,这一格都不能少于 {least}:请核对这几格",
                        relation.statement
                    ),
                );
                d.related = plus
                    .iter()
                    .chain(&minus)
                    .filter_map(|&k| now.at(k))
                    .filter_map(|(a, v)| {
                        Some(Related {
                            span: table.cell(a.0, a.1)?.span.clone(),
                            message: format!("{} = {v}", cell_name(table, a)),
                            document: None,
                        })
                    })
                    .collect();
                out.push(d);
            }
        }
    }
}

fn instance(
    relation: &'static YearRelation,
    place: (Option<usize>, Option<usize>),
    now: &Values,
    then: &Values,
    last: &Previous,
    out: &mut Vec<Diagnostic>,
) {
    let Some((target, from_last, plus, minus)) = instance_keys(now.def(), relation, place) else {
        return;
    };
    let (Some((at, actual)), Some(carried), Some(added), Some(taken)) = (
        now.at(target),
        then.sum(&from_last),
        now.sum(&plus),
        now.sum(&minus),
    ) else {
        return;
    };
    let Some(expected) = carried
        .checked_add(added)
        .and_then(|v| v.checked_sub(taken))
    else {
        return;
    };
    // Below what this year alone leaves, `within` has said so already.
    if expected == actual
        || added
            .checked_sub(taken)
            .is_some_and(|least| (0..least).contains(&actual))
    {
        return;
    }
    let Some(span) = now.table.span(at) else {
        return;
    };
    let name = def_cell_name(now.def(), at);
    let year = last.seen.year.map_or(String::new(), |y| format!("{y}年"));
    let arithmetic = format!("{year}报告 {carried}{}", terms(now, &plus, &minus));
    let mut d = finding(
        relation.code,
        span.clone(),
        format!(
            "{name}应为 {expected}({arithmetic}),实为 {actual};{}",
            relation.statement
        ),
    );
    d.related = from_last
        .iter()
        .filter_map(|&k| then.at(k))
        .filter_map(|(a, v)| {
            Some(Related {
                span: then.table.span(a)?,
                message: format!("{year}报告{}:{v}", def_cell_name(then.def(), a)),
                document: Some(last.document.to_string()),
            })
        })
        .collect();
    if super::rule_info(relation.code).is_some_and(|r| r.mend != super::Mend::None) {
        d.fix = Some(Fix {
            title: format!("将{name}改为 {expected}(按{year}报告)"),
            edits: vec![Edit {
                span,
                new_text: expected.to_string(),
            }],
            safe: safe(relation.code),
        });
    }
    out.push(d);
}
