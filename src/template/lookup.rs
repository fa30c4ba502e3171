//! Matching a cell's text against the template's labels, tolerant of the ways real reports
//! write them.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{FORMATS, Label};
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

#[derive(Debug, Clone, Copy)]
pub struct LabelMatch {
    pub kind: MatchKind,
    pub label: &'static Label,
}

struct Folded {
    official: String,
    unnumbered: String,
    variants: Vec<String>,
}

/// Folded forms of every template label, computed once and keyed by the label's address.
static FOLDED: LazyLock<HashMap<usize, Folded>> = LazyLock::new(|| {
    let mut map = HashMap::new();
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

/// Shortest cut-short label accepted, in characters after its numbering: fewer match too much.
const MIN_TRUNCATED_CHARS: usize = 2;

/// Whether `folded` (already passed through [`fold`]) names `label`, and how.
pub fn match_label(folded: &str, label: &'static Label) -> Option<MatchKind> {
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
    if folded.is_empty() {
        return None;
    }
    if folded == f.official {
        return Some(MatchKind::Exact);
    }
    if f.variants.iter().any(|v| v == folded) {
        return Some(MatchKind::Variant);
    }
    let unnumbered = strip_numbering(folded);
    if !unnumbered.is_empty() && unnumbered == f.unnumbered {
        return Some(MatchKind::Variant);
    }
    if unnumbered.chars().count() >= MIN_TRUNCATED_CHARS
        && f.official.len() > folded.len()
        && f.official.starts_with(folded)
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
        assert_eq!(match_label("本年制发件数", &LABEL), Some(MatchKind::Exact));
        assert_eq!(
            match_label("本年新发件数", &LABEL),
            Some(MatchKind::Variant)
        );
        assert_eq!(match_label("本年", &LABEL), Some(MatchKind::Truncated));
        assert_eq!(match_label("本", &LABEL), None);
        assert_eq!(match_label("现行有效件数", &LABEL), None);
    }
}
