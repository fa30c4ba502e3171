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

/// `safe_edits` of the findings that lie within `span` (a table's): what fixing that part
/// alone applies.
pub fn safe_edits_within(diagnostics: &[Diagnostic], span: &crate::model::Span) -> Vec<Edit> {
    let inside: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| span.start <= d.span.start && d.span.end <= span.end)
        .cloned()
        .collect();
    safe_edits(&inside)
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

/// A safe fix `fix_all` applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub code: &'static str,
    pub title: String,
    /// Where its first edit ends up in the fixed text (byte offset).
    pub at: usize,
}

/// What `fix_all` made of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Rounds of fixes applied; 0 when there was nothing to fix.
    pub rounds: usize,
    /// Every fix applied, in text order.
    pub applied: Vec<Applied>,
}

/// `offset` in a text moved to where it lands once `edits` (sorted, not overlapping) are
/// applied: every edit wholly before it shifts it by the change in length.
fn moved(offset: usize, edits: &[Edit]) -> usize {
    edits
        .iter()
        .take_while(|e| e.span.end <= offset && !(e.span.is_empty() && e.span.start == offset))
        .fold(offset, |at, e| at + e.new_text.len() - e.span.len())
}

/// Apply every safe fix until none is left (a fix can only make way for another, never undo
/// one), so that fixing the result again changes nothing. Rules that `config` turns off fix
/// nothing. A fix counts as applied when all its edits were.
pub fn fix_all(text: &str, config: &crate::config::Config) -> Fixed {
    const MAX_ROUNDS: usize = 4;
    let mut current = text.to_string();
    let mut applied: Vec<Applied> = Vec::new();
    let mut rounds = 0;
    while rounds < MAX_ROUNDS {
        let (_, diagnostics) = crate::check(&current);
        let diagnostics = config.apply(diagnostics);
        let edits = safe_edits(&diagnostics);
        if edits.is_empty() {
            break;
        }
        for a in &mut applied {
            a.at = moved(a.at, &edits);
        }
        applied.extend(diagnostics.iter().filter_map(|d| {
            let f = d.fix.as_ref().filter(|f| f.safe)?;
            let first = f.edits.first()?;
            f.edits.iter().all(|e| edits.contains(e)).then(|| Applied {
                code: d.code,
                title: f.title.clone(),
                at: moved(first.span.start, &edits),
            })
        }));
        current = apply(&current, &edits);
        rounds += 1;
    }
    applied.sort_by_key(|a| a.at);
    Fixed {
        text: current,
        rounds,
        applied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn edit(start: usize, end: usize, new_text: &str) -> Edit {
        Edit {
            span: Span { start, end },
            new_text: new_text.to_string(),
        }
    }

    #[test]
    fn an_offset_moves_by_the_edits_before_it() {
        // "a 13 b 7 c": 13 → 12 (same length), 7 → 10 (one longer), an insertion at 0.
        let edits = [edit(0, 0, "xx"), edit(2, 4, "12"), edit(7, 8, "10")];
        assert_eq!(
            moved(0, &edits),
            0,
            "an insertion at the offset comes after it"
        );
        assert_eq!(moved(2, &edits), 4);
        assert_eq!(moved(7, &edits), 9);
        assert_eq!(moved(9, &edits), 12);
    }

    #[test]
    fn fix_all_tells_what_it_applied_and_where_it_is_now() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/report-2024.txt"
        ))
        .unwrap();
        let fixed = fix_all(&text, &Default::default());
        assert_eq!(fixed.rounds, 1);
        assert_eq!(fixed.applied.len(), 1);
        let a = &fixed.applied[0];
        assert_eq!(a.code, "row-total");
        assert!(a.title.ends_with("改为 12"), "{}", a.title);
        assert!(fixed.text[a.at..].starts_with("12 |"));
        let again = fix_all(&fixed.text, &Default::default());
        assert_eq!((again.rounds, again.applied.len()), (0, 0));
        assert_eq!(again.text, fixed.text);
    }
}
