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
    /// The official wording cut short (a narrow column in the source), or abridged in the
    /// middle with its numbering, start and end kept (`二、上年结转申请数量`).
    Truncated,
    /// The official wording with one character mistyped (`本年废纸件数`): a guess, so a row
    /// matched only this way is taken only when no other label is as close.
    Misspelt,
}

struct Folded {
    official: String,
    unnumbered: String,
    /// Characters in `unnumbered`: most labels are too long or too short to be a probe's typo
    /// or abridgement, and this says so without comparing.
    unnumbered_chars: usize,
    variants: Vec<String>,
}

impl Folded {
    fn of(label: &Label) -> Folded {
        let official = fold(label.official);
        let unnumbered = strip_numbering(&official).to_string();
        Folded {
            unnumbered_chars: unnumbered.chars().count(),
            unnumbered,
            variants: label.variants.iter().map(|v| fold(v)).collect(),
            official,
        }
    }
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
        map.entry(l as *const Label as usize)
            .or_insert_with(|| Folded::of(l));
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
            owned = Folded::of(label);
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
    let (written, official) = (probe.unnumbered_chars, f.unnumbered_chars);
    let may_be_typo = written == official && written >= MIN_MISSPELT_CHARS;
    let may_be_abridged =
        written >= MIN_ABRIDGED_CHARS && written < official && written * 2 >= official;
    if !may_be_typo && !may_be_abridged {
        return None;
    }
    let numbering = |full: &str, rest: &str| full.len() - rest.len();
    let same_numbering = probe.unnumbered.len() == folded.len()
        || folded[..numbering(folded, probe.unnumbered)]
            == f.official[..numbering(&f.official, &f.unnumbered)];
    if !same_numbering {
        return None;
    }
    if may_be_abridged && abridged(probe.unnumbered, &f.unnumbered) {
        return Some(MatchKind::Truncated);
    }
    if may_be_typo && one_substitution(probe.unnumbered, &f.unnumbered) {
        return Some(MatchKind::Misspelt);
    }
    None
}

/// Shortest label in which one mistyped character is still recognisable: four-character
/// words differ by one character from real other words (行政处罚, 行政处分).
const MIN_MISSPELT_CHARS: usize = 5;

/// Whether `written` is `official` with exactly one character replaced.
fn one_substitution(written: &str, official: &str) -> bool {
    let mut differ = 0;
    let mut count = 0;
    let mut w = written.chars();
    for o in official.chars() {
        let Some(c) = w.next() else { return false };
        count += 1;
        differ += usize::from(c != o);
        if differ > 1 {
            return false;
        }
    }
    w.next().is_none() && differ == 1 && count >= MIN_MISSPELT_CHARS
}

/// Shortest abridged label accepted, in characters; it must also keep half the official's.
const MIN_ABRIDGED_CHARS: usize = 6;

/// Whether `written` is `official` with words left out in the middle: the same first two and
/// last two characters, the rest a subsequence, at least half of it kept (`上年结转申请数量`).
fn abridged(written: &str, official: &str) -> bool {
    let w: Vec<char> = written.chars().collect();
    let o: Vec<char> = official.chars().collect();
    if w.len() < MIN_ABRIDGED_CHARS || w.len() >= o.len() || w.len() * 2 < o.len() {
        return false;
    }
    let (n, m) = (w.len(), o.len());
    if w[..2] != o[..2] || w[n - 2..] != o[m - 2..] {
        return false;
    }
    let mut rest = o[2..m - 2].iter();
    w[2..n - 2].iter().all(|c| rest.any(|o| o == c))
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
        // One character mistyped; two are another word.
        assert_eq!(
            match_label(&Probe::new("本年制法件数"), &LABEL),
            Some(MatchKind::Misspelt)
        );
        assert_eq!(match_label(&Probe::new("本年废止件数"), &LABEL), None);
    }

    #[test]
    fn abridged_and_misspelt_labels_keep_their_numbering() {
        static ROW: Label = Label {
            official: "二、上年结转政府信息公开申请数量",
            variants: &[],
        };
        let kind = |s: &str| match_label(&Probe::new(&fold(s)), &ROW);
        assert_eq!(kind("二、上年结转申请数量"), Some(MatchKind::Truncated));
        assert_eq!(kind("上年结转申请数量"), Some(MatchKind::Truncated));
        assert_eq!(
            kind("二、上年结转政府信息公开申请數量"),
            Some(MatchKind::Misspelt)
        );
        // Another numbering is another row; the start or the end changed is another label.
        assert_eq!(kind("一、上年结转申请数量"), None);
        assert_eq!(kind("二、本年结转申请数量"), None);
        assert_eq!(kind("二、上年结转申请件数"), None);
        assert_eq!(kind("二、上年数量"), None);
    }
}
