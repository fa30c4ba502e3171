//! The rules across years among the files given, as they stream past in input order: each
//! report against the first report of the same agency for the year before (`rules::Identity`),
//! paired through a map by identity. A report keeps, once written, only what a later report may
//! still need of it: the rows a year relation names (`kept`) and where their cells stand
//! (`Places`). One whose year before has not come yet keeps no more than those rows;
//! when its year before comes and there are findings, the file is read and checked again for
//! them (standard input, which cannot be read twice, keeps its text).

use std::collections::HashMap;
use std::rc::Rc;

use gongkai::rules::{Identity, Previous};
use gongkai::text::lines::{Encoding, LineIndex, Position};

use super::Checked;

/// The line and column of every cell boundary of the tables a report keeps for the rules across
/// years: what the output says of a place in last year's report once its text is gone.
pub struct Places {
    /// (byte offset, line, UTF-16 column, UTF-32 column), sorted by offset.
    at: Vec<[u32; 4]>,
}

impl Places {
    fn of(report: &gongkai::Report, text: &str, lines: &LineIndex) -> Places {
        let mut at: Vec<[u32; 4]> = report
            .first_tables()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .flat_map(|c| [c.span.start, c.span.end])
            .map(|o| {
                let utf16 = lines.position(text, o, Encoding::Utf16);
                let utf32 = lines.position(text, o, Encoding::Utf32);
                [o as u32, utf16.line, utf16.column, utf32.column]
            })
            .collect();
        at.sort_unstable_by_key(|p| p[0]);
        at.dedup_by_key(|p| p[0]);
        at.shrink_to_fit();
        Places { at }
    }

    /// In the encodings the output counts columns in (UTF-16, characters); `None` for a place
    /// that is no cell boundary.
    pub fn position(&self, offset: usize, enc: Encoding) -> Option<Position> {
        let i = self
            .at
            .binary_search_by_key(&offset, |p| p[0] as usize)
            .ok()?;
        let [_, line, utf16, utf32] = self.at[i];
        let column = match enc {
            Encoding::Utf16 => utf16,
            Encoding::Utf32 => utf32,
            Encoding::Utf8 => return None,
        };
        Some(Position { line, column })
    }
}

/// A table kind and the row keys its year relations name (`None`: every row).
type NamedRows = (&'static str, Vec<Option<&'static str>>);

/// The row keys the year relations of tables of `kind` name, in any format (`None`: every row).
fn named_rows(kind: &str) -> &'static [Option<&'static str>] {
    static ROWS: std::sync::OnceLock<Vec<NamedRows>> = std::sync::OnceLock::new();
    let all = ROWS.get_or_init(|| {
        let mut all: Vec<NamedRows> = Vec::new();
        for def in gongkai::template::FORMATS.iter().flat_map(|f| f.tables) {
            let rows = def.across_years.iter().flat_map(|r| {
                std::iter::once(&r.target)
                    .chain(r.last)
                    .chain(r.plus)
                    .chain(r.minus)
                    .map(|p| p.row)
            });
            match all.iter_mut().find(|(k, _)| *k == def.kind) {
                Some((_, named)) => named.extend(rows),
                None => all.push((def.kind, rows.collect())),
            }
        }
        all
    });
    all.iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, rows)| rows.as_slice())
}

/// A slim report cut to what the rules across years read of it once written, whether as last
/// year's report or as this year's waiting for it: of each kept table, the rows some year
/// relation of its kind names (in any format, since the two years may differ), with their
/// values; no header, labels or skipped lines, and no agencies (its identity is known).
fn kept(mut report: gongkai::Report) -> gongkai::Report {
    use gongkai::model::BlockKind;
    for block in &mut report.blocks {
        let BlockKind::Table(t) = &mut block.kind else {
            continue;
        };
        let patterns = named_rows(t.def.kind);
        let def = t.def;
        t.rows.retain(|row| {
            row.def.is_some_and(|r| {
                patterns
                    .iter()
                    .any(|p| p.is_none_or(|k| def.rows[r].key == k))
            })
        });
        for row in &mut t.rows {
            row.labels = Vec::new();
            row.extras = Vec::new();
            row.cells.shrink_to_fit();
        }
        t.rows.shrink_to_fit();
        t.header = Vec::new();
        t.skipped = Vec::new();
        t.fits = Vec::new();
        t.tied = Vec::new();
    }
    report.agencies = Vec::new();
    report
}

/// A report that may be last year's for a report still to come.
struct Earlier {
    path: String,
    report: Rc<gongkai::Report>,
    places: Places,
}

/// A report whose year before has not come yet: what tells whether it has findings across
/// years, and how to get its text back for them.
struct Waiting {
    index: usize,
    report: Rc<gongkai::Report>,
    config: std::sync::Arc<gongkai::config::Config>,
    again: Again,
}

enum Again {
    /// Read and checked again, as the report was (`Checked::reread`).
    Read(super::inputs::Input, super::mending::Mend),
    /// Standard input, kept whole.
    Kept(Box<Checked>),
}

#[derive(Default)]
pub struct Years {
    first: HashMap<Identity, Earlier>,
    /// By the identity each waits for (its own agency, the year before).
    waiting: HashMap<Identity, Vec<Waiting>>,
}

/// The findings across years of a report written before its year before came: for a record of
/// their own (`index` is its place in the input). Its problems (the file could not be read
/// again) are in `checked.problems`, and then it has no findings.
pub struct Addendum {
    pub index: usize,
    pub checked: Checked,
}

impl Years {
    /// Report `c`, in input order: its findings across years added when its year before came
    /// earlier (sorted in with the rest); `true` when there were any.
    pub fn pair(&self, c: &mut Checked) -> bool {
        let Some(earlier) = c
            .identity
            .as_ref()
            .and_then(|id| self.first.get(&id.previous()))
        else {
            return false;
        };
        let found = c.config.apply(gongkai::rules::across_years(
            &c.report,
            &Previous {
                seen: &gongkai::rules::Seen::of(&earlier.report),
                document: &earlier.path,
            },
        ));
        if found.is_empty() {
            return false;
        }
        c.diagnostics.extend(found);
        gongkai::diagnostic::sort(&mut c.diagnostics);
        true
    }

    /// Where a place in the report a finding of `c` names as last year's stands (`path` is the
    /// finding's `related[].document`).
    pub fn earlier<'a>(&'a self, c: &Checked, path: &str) -> Option<&'a Places> {
        let earlier = self.first.get(&c.identity.as_ref()?.previous())?;
        (earlier.path == path).then_some(&earlier.places)
    }

    /// After `c` was paired and written, before it is retired: the reports that were waiting
    /// for it as their year before (it is the first of its identity) and have findings across
    /// years against it, in input order.
    pub fn resolved(&mut self, c: &Checked) -> Vec<Addendum> {
        let Some(id) = &c.identity else {
            return Vec::new();
        };
        if self.first.contains_key(id) {
            return Vec::new();
        }
        let Some(waiting) = self.waiting.remove(id) else {
            return Vec::new();
        };
        let last = Previous {
            seen: &gongkai::rules::Seen::of(&c.report),
            document: &c.path,
        };
        let found = |report: &gongkai::Report, config: &gongkai::config::Config| {
            config.apply(gongkai::rules::across_years(report, &last))
        };
        waiting
            .into_iter()
            .filter(|w| !found(&w.report, &w.config).is_empty())
            .map(|w| {
                let mut checked = match w.again {
                    Again::Kept(c) => *c,
                    Again::Read(input, mend) => Checked::reread(input, w.config, mend),
                };
                // From the text read now, so that every place is where that text has it.
                if checked.problems.is_empty() {
                    checked.diagnostics = found(&checked.report, &checked.config);
                } else {
                    checked.problems.push(format!(
                        "gongkai: {}: 无法再次读取,未给出其跨年度问题 / could not be read again for its findings across years",
                        checked.path
                    ));
                }
                Addendum {
                    index: w.index,
                    checked,
                }
            })
            .collect()
    }

    /// `c`, the `index`th input, once written: kept as the year before of reports to come when
    /// it is the first of its identity, and as a report waiting for its own year before while
    /// that has not come.
    pub fn retire(&mut self, index: usize, c: Checked) {
        let Some(id) = c.identity.clone() else {
            return;
        };
        let previous = id.previous();
        let waits = !self.first.contains_key(&previous);
        let first = !self.first.contains_key(&id);
        if !first && !waits {
            return;
        }
        let (path, config) = (c.path.clone(), c.config.clone());
        let report = Rc::new(kept(c.report));
        // The places of the rows kept, from the text while it is at hand.
        let places = first.then(|| Places::of(&report, &c.text, &c.lines));
        let again = match c.input {
            super::inputs::Input::Stdin => Again::Kept(Box::new(Checked {
                report: (*report).clone(),
                diagnostics: Vec::new(),
                fixed: Vec::new(),
                out: None,
                rendered: Vec::new(),
                ..c
            })),
            input => Again::Read(input, c.mend),
        };
        if waits {
            self.waiting.entry(previous).or_default().push(Waiting {
                index,
                report: report.clone(),
                config,
                again,
            });
        }
        if let Some(places) = places {
            self.first.insert(
                id,
                Earlier {
                    path,
                    report,
                    places,
                },
            );
        }
    }
}
