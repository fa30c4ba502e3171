//! The rules across years among the files given, as they stream past in input order: each
//! report against the first report of the same agency for the year before (`rules::Identity`),
//! paired through a map by identity. A report keeps, once written, only what a later report may
//! still need of it: the tables a year relation reads and where their cells stand (`Places`);
//! one whose year before has not come yet keeps its text until it does, or the run ends.

use std::collections::HashMap;

use gongkai::rules::{Identity, Previous};
use gongkai::text::lines::{Encoding, LineIndex, Position};

use super::Checked;

/// The line and column of every cell boundary of the tables a report keeps for the rules across
/// years: what the output says of a place in last year's report once its text is gone.
pub struct Places {
    /// (byte offset, UTF-16 position, UTF-32 position), sorted by offset.
    at: Vec<(usize, Position, Position)>,
}

impl Places {
    fn of(report: &gongkai::Report, text: &str, lines: &LineIndex) -> Places {
        let mut at: Vec<(usize, Position, Position)> = report
            .first_tables()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .flat_map(|c| [c.span.start, c.span.end])
            .map(|o| {
                (
                    o,
                    lines.position(text, o, Encoding::Utf16),
                    lines.position(text, o, Encoding::Utf32),
                )
            })
            .collect();
        at.sort_unstable_by_key(|p| p.0);
        at.dedup_by_key(|p| p.0);
        at.shrink_to_fit();
        Places { at }
    }

    /// In the encodings the output counts columns in (UTF-16, characters); `None` for a place
    /// that is no cell boundary.
    pub fn position(&self, offset: usize, enc: Encoding) -> Option<Position> {
        let i = self.at.binary_search_by_key(&offset, |p| p.0).ok()?;
        let (_, utf16, utf32) = self.at[i];
        match enc {
            Encoding::Utf16 => Some(utf16),
            Encoding::Utf32 => Some(utf32),
            Encoding::Utf8 => None,
        }
    }
}

/// A report that may be last year's for a report still to come.
struct Earlier {
    path: String,
    report: gongkai::Report,
    places: Places,
}

/// A report whose year before has not come yet: what its findings across years are computed
/// from and written with.
struct Waiting {
    index: usize,
    checked: Checked,
}

#[derive(Default)]
pub struct Years {
    first: HashMap<Identity, Earlier>,
    /// By the identity each waits for (its own agency, the year before).
    waiting: HashMap<Identity, Vec<Waiting>>,
}

/// The findings across years of a report written before its year before came: for a record of
/// their own (`index` is its place in the input).
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
                report: &earlier.report,
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
    /// for it as their year before (it is the first of its identity), in input order, each with
    /// its findings across years against `c` (possibly none).
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
        waiting
            .into_iter()
            .map(|Waiting { index, mut checked }| {
                checked.diagnostics = checked.config.apply(gongkai::rules::across_years(
                    &checked.report,
                    &Previous {
                        report: &c.report,
                        document: &c.path,
                    },
                ));
                Addendum { index, checked }
            })
            .collect()
    }

    /// `c`, the `index`th input, once written: kept as the year before of reports to come when
    /// it is the first of its identity, and kept whole while its own year before has not come.
    pub fn retire(&mut self, index: usize, mut c: Checked) {
        let Some(id) = c.identity.clone() else {
            return;
        };
        let previous = id.previous();
        let waits = !self.first.contains_key(&previous);
        let first = !self.first.contains_key(&id);
        if first && !waits {
            let places = Places::of(&c.report, &c.text, &c.lines);
            let earlier = Earlier {
                path: c.path,
                report: c.report,
                places,
            };
            self.first.insert(id, earlier);
            return;
        }
        if first {
            let earlier = Earlier {
                path: c.path.clone(),
                report: c.report.clone(),
                places: Places::of(&c.report, &c.text, &c.lines),
            };
            self.first.insert(id, earlier);
        }
        if waits {
            c.diagnostics = Vec::new();
            c.fixed = Vec::new();
            c.out = None;
            c.rendered = Vec::new();
            self.waiting
                .entry(previous)
                .or_default()
                .push(Waiting { index, checked: c });
        }
    }
}
