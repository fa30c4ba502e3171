//! Matching a cell's text against the template's labels, tolerant of the ways real reports
//! write them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::{FORMATS, Label, TableDef};
use crate::text::normalize::{fold, strip_numbering};

/// How a text matched a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// The official wording, up to spacing, width and decoration.
    Exact,
    /// A known variant, or the official words under another numbering.
    Variant,
    /// The official wording cut short (a narrow column in the source).
    Truncated,
}

struct Folded {
    official: String,
    unnumbered: String,
    variants: Vec<String>,
}

/// Hashes a label's address as it is: the keys are distinct addresses, already well spread.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type ByAddress<V> = HashMap<usize, V, BuildHasherDefault<AddressHasher>>;

/// Folded forms of every template label, computed once and keyed by the label's address.
static FOLDED: LazyLock<ByAddress<Folded>> = LazyLock::new(|| {
    let mut map = ByAddress::default();
    let mut add = |l: &'static Label| {
        let official = fold(l.official);
        map.entry(l as *const Label as usize)
            .or_insert_with(|| Folded {
                unnumbered: strip_numbering(&official).to_string(),
                variants: l.variants.iter().map(|v| fold(v)).collect(),
                official,
            });
    };
    for format in &FORMATS {
        for table in format.tables {
            table.header.iter().for_each(&mut add);
            table.groups.iter().for_each(&mut add);
            table.columns.iter().for_each(|c| add(&c.label));
            table
                .rows
                .iter()
                .filter_map(|r| r.label.as_ref())
                .for_each(&mut add);
        }
    }
    map
});

/// What an exactly written label is in one table: a row (its index) or a group label.
#[derive(Debug, Clone, Copy)]
pub enum Exact {
    Row(usize),
    Group(&'static Label),
}

/// For every table definition, its row and group labels by folded official wording.
static EXACT: LazyLock<ByAddress<HashMap<String, Exact>>> = LazyLock::new(|| {
    let mut by_table = ByAddress::default();
    for format in &FORMATS {
        for table in format.tables {
            by_table
                .entry(*table as *const TableDef as usize)
                .or_insert_with(|| {
                    let mut m = HashMap::new();
                    for g in table.groups {
                        m.insert(fold(g.official), Exact::Group(g));
                    }
                    for (i, r) in table.rows.iter().enumerate() {
                        if let Some(l) = &r.label {
                            m.insert(fold(l.official), Exact::Row(i));
                        }
                    }
                    m
                });
        }
    }
    by_table
});

/// The row or group of `table` whose official label is exactly `folded`: the common case,
/// answered without comparing against every label.
pub fn exact(table: &'static TableDef, folded: &str) -> Option<Exact> {
    EXACT
        .get(&(table as *const TableDef as usize))?
        .get(folded)
        .copied()
}

/// Shortest cut-short label accepted, in characters after its numbering: fewer match too much.
const MIN_TRUNCATED_CHARS: usize = 2;

/// A text to look up, folded, with what every comparison needs computed once.
pub struct Probe<'a> {
    pub folded: &'a str,
    unnumbered: &'a str,
    unnumbered_chars: usize,
}

impl<'a> Probe<'a> {
    /// `folded` must already have passed through [`fold`].
    pub fn new(folded: &'a str) -> Self {
        let unnumbered = strip_numbering(folded);
        Probe {
            folded,
            unnumbered,
            unnumbered_chars: unnumbered.chars().count(),
        }
    }
}

/// Whether the probed text names `label`, and how.
pub fn match_label(probe: &Probe, label: &'static Label) -> Option<MatchKind> {
    let owned;
    let f = match FOLDED.get(&(label as *const Label as usize)) {
        Some(f) => f,
        None => {
            let official = fold(label.official);
            owned = Folded {
                unnumbered: strip_numbering(&official).to_string(),
                variants: label.variants.iter().map(|v| fold(v)).collect(),
                official,
            };
            &owned
        }
    };
    let folded = probe.folded;
    if folded.is_empty() {
        return None;
    }
    if folded == f.official {
        return Some(MatchKind::Exact);
    }
    if f.variants.iter().any(|v| v == folded) {
        return Some(MatchKind::Variant);
    }
    if !probe.unnumbered.is_empty() && probe.unnumbered == f.unnumbered {
        return Some(MatchKind::Variant);
    }
    if probe.unnumbered_chars >= MIN_TRUNCATED_CHARS
        && std::iter::once(&f.official)
            .chain(&f.variants)
            .any(|w| w.len() > folded.len() && w.starts_with(folded))
    {
        return Some(MatchKind::Truncated);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Label = Label {
        official: "本年制发件数",
        variants: &["本年新发件数"],
    };

    #[test]
    fn kinds_of_match() {
        static LABEL: Label = L;
        assert_eq!(
            match_label(&Probe::new("本年制发件数"), &LABEL),
            Some(MatchKind::Exact)
        );
        assert_eq!(
            match_label(&Probe::new("本年新发件数"), &LABEL),
            Some(MatchKind::Variant)
        );
        assert_eq!(
            match_label(&Probe::new("本年"), &LABEL),
            Some(MatchKind::Truncated)
        );
        // Cut short of a variant (a narrow column wrapping 本年新发件数).
        assert_eq!(
            match_label(&Probe::new("本年新发"), &LABEL),
            Some(MatchKind::Truncated)
        );
        assert_eq!(match_label(&Probe::new("本"), &LABEL), None);
        assert_eq!(match_label(&Probe::new("现行有效件数"), &LABEL), None);
    }
}
