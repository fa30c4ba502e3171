//! Figures in running text: every `N件` with the words that lead to it, and every clause that
//! denies something (`未收到…申请`). What a figure counts is read later against the template's
//! claims; here a line is only cut into sentences and clauses. Line-local, like every mark.

use crate::model::{Figure, Mark, Span};

/// Ends a sentence: what a finding points at.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '!' | '?' | ';' | '\u{ff01}' | '\u{ff1f}' | '\u{ff1b}'
    )
}

/// Ends a clause: a figure's words never reach across one.
fn ends_clause(c: char) -> bool {
    ends_sentence(c) || matches!(c, ',' | ':' | '\u{ff0c}' | '\u{ff1a}')
}

fn digit(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(c as u64 - '0' as u64),
        '\u{ff10}'..='\u{ff19}' => Some(c as u64 - 0xff10),
        _ => None,
    }
}

/// How deep in quotation marks or a book title (《…》) the text stands: a number there is
/// someone else's.
#[derive(Default)]
struct Quotes {
    depth: u32,
    ascii: bool,
}

impl Quotes {
    fn step(&mut self, c: char) {
        match c {
            '《' | '“' | '「' | '‘' | '〈' => self.depth += 1,
            '》' | '”' | '」' | '’' | '〉' => self.depth = self.depth.saturating_sub(1),
            '"' => self.ascii = !self.ascii,
            _ => {}
        }
    }

    fn inside(&self) -> bool {
        self.depth > 0 || self.ascii
    }
}

struct Cutter<'a> {
    s: &'a str,
    base: usize,
    sentence: usize,
    clause: usize,
    lead: usize,
    figures_in_clause: bool,
    pending: Vec<Figure>,
}

impl Cutter<'_> {
    fn close_clause(&mut self, end: usize, next: usize) {
        let clause = &self.s[self.clause..end];
        if !self.figures_in_clause
            && crate::template::negations()
                .iter()
                .any(|n| clause.contains(n))
        {
            self.pending.push(Figure {
                sentence: 0..0,
                lead: self.base + self.clause..self.base + end,
                value: None,
            });
        }
        self.clause = next;
        self.lead = next;
        self.figures_in_clause = false;
    }

    fn close_sentence(&mut self, end: usize, out: &mut Vec<Mark>) {
        let raw = &self.s[self.sentence..end];
        let start = self.sentence + (raw.len() - raw.trim_start().len());
        let sentence = self.base + start..self.base + start + raw.trim().len();
        for mut f in self.pending.drain(..) {
            f.sentence = sentence.clone();
            out.push(Mark::Figure(f));
        }
        self.sentence = end;
    }
}

pub fn marks(text: &str, line: &Span, out: &mut Vec<Mark>) {
    let s = &text[line.clone()];
    if !s.contains('件') && !crate::template::negations().iter().any(|n| s.contains(n)) {
        return;
    }
    let mut cut = Cutter {
        s,
        base: line.start,
        sentence: 0,
        clause: 0,
        lead: 0,
        figures_in_clause: false,
        pending: Vec::new(),
    };
    let mut quotes = Quotes::default();
    let mut chars = s.char_indices().peekable();
    let mut before: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        quotes.step(c);
        if digit(c).is_some() && !before.is_some_and(|b| b == '.' || digit(b).is_some()) {
            let mut value = digit(c).unwrap_or(0);
            let mut end = at + c.len_utf8();
            let mut overflow = false;
            while let Some(&(i, d)) = chars.peek() {
                let Some(v) = digit(d) else { break };
                match value.checked_mul(10).and_then(|x| x.checked_add(v)) {
                    Some(x) => value = x,
                    None => overflow = true,
                }
                end = i + d.len_utf8();
                chars.next();
            }
            let rest = &s[end..];
            let unit = rest.trim_start_matches([' ', '\t', '\u{3000}']);
            if unit.starts_with('件') && !overflow && !quotes.inside() {
                cut.pending.push(Figure {
                    sentence: 0..0,
                    lead: line.start + cut.lead..line.start + at,
                    value: Some((value, line.start + at..line.start + end)),
                });
                cut.lead = end + (rest.len() - unit.len()) + '件'.len_utf8();
                cut.figures_in_clause = true;
            }
            before = s[..end].chars().next_back();
            continue;
        }
        if ends_clause(c) {
            let next = at + c.len_utf8();
            cut.close_clause(at, next);
            if ends_sentence(c) {
                cut.close_sentence(next, out);
            }
        }
        before = Some(c);
    }
    cut.close_clause(s.len(), s.len());
    cut.close_sentence(s.len(), out);
}
