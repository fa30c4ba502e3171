//! Applying fixes to a text: non-overlapping edits, each touching only its own span.

use crate::diagnostic::{Diagnostic, Edit};

/// The edits of every safe fix among `diagnostics`, without duplicates or overlaps (the
/// earlier edit wins), in text order.
pub fn safe_edits(diagnostics: &[Diagnostic]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.safe)
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits.dedup();
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        let clashes = kept.last().is_some_and(|k| {
            e.span.start < k.span.end
                || (e.span.is_empty() && k.span.is_empty() && e.span.start == k.span.start)
        });
        if !clashes {
            kept.push(e);
        }
    }
    kept
}

/// `text` with `edits` applied; the edits must be sorted and must not overlap.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Apply every safe fix until none is left (a fix can only make way for another, never undo
/// one), so that fixing the result again changes nothing. Rules that `config` turns off fix
/// nothing. Returns the text and the rounds taken.
pub fn fix_all(text: &str, config: &crate::config::Config) -> (String, usize) {
    const MAX_ROUNDS: usize = 4;
    let mut current = text.to_string();
    for round in 0..MAX_ROUNDS {
        let (_, diagnostics) = crate::check(&current);
        let diagnostics = config.apply(diagnostics);
        let edits = safe_edits(&diagnostics);
        if edits.is_empty() {
            return (current, round);
        }
        current = apply(&current, &edits);
    }
    (current, MAX_ROUNDS)
}
