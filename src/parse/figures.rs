//! Figures in running text: every `N件` (also `宗`, `条`, `个`, and Chinese numerals: `两件`,
//! `十二件`) with the words that lead to it, and every clause that
//! denies something (`未收到…申请`). What a figure counts is read later against the template's
//! claims; here a line is only cut into sentences and clauses. Line-local, like every mark.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Figure, Mark, Span};

/// Any word some claim of some format reads as a denial (`未收到`, `不涉及`…): the template's.
static DENIAL: LazyLock<Regex> = LazyLock::new(|| crate::template::claim_words(|c| c.negations));

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

/// The units a count is given in: `12件`, `1宗`, `0条`, `3个`.
const UNITS: [char; 4] = ['件', '宗', '条', '个'];

/// Whether `rest` (after a number) starts with a count's unit. `条` and `个` also count other
/// things when a noun follows (`3个工作日`, `2条建议`): only bare ones are counts.
fn unit_len(rest: &str) -> Option<usize> {
    let mut chars = rest.chars();
    let unit = chars.next().filter(|u| UNITS.contains(u))?;
    let bare = chars.next().is_none_or(|c| !ideograph(c));
    (matches!(unit, '件' | '宗') || bare).then_some(unit.len_utf8())
}

fn ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{20000}'..='\u{3134f}')
}

/// A Chinese numeral's value: `两` 2, `十二` 12, `二十` 20, `一百零五` 105, `二〇二四` 2024.
fn chinese_number(s: &str) -> Option<u64> {
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c);
    let value = |c: char| match c {
        '零' => Some(0),
        '两' => Some(2),
        _ => digit(c).map(|d| d as u64),
    };
    if !s.contains(['十', '百', '千']) {
        return s
            .chars()
            .try_fold(0u64, |n, c| n.checked_mul(10)?.checked_add(value(c)?));
    }
    let (mut total, mut pending) = (0u64, None::<u64>);
    for c in s.chars() {
        let scale = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                pending = Some(value(c)?);
                continue;
            }
        };
        total = total.checked_add(pending.take().unwrap_or(1).checked_mul(scale)?)?;
    }
    total.checked_add(pending.unwrap_or(0))
}

fn is_chinese_digit(c: char) -> bool {
    "〇零一二两三四五六七八九十百千".contains(c)
}

/// Whether the number after `before` is an ordinal (`第二十条`, `第3条`): it counts nothing.
fn ordinal(before: &str) -> bool {
    before.ends_with('第')
}

/// The units as UTF-8: every one is three bytes (checked when this is built).
const ENCODED_UNITS: [[u8; 3]; UNITS.len()] = {
    let mut out = [[0; 3]; UNITS.len()];
    let mut k = 0;
    while k < UNITS.len() {
        let c = UNITS[k] as u32;
        assert!(c >= 0x800 && c < 0x10000, "a unit is three bytes in UTF-8");
        out[k] = [
            0xe0 | (c >> 12) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ];
        k += 1;
    }
    out
};

/// The byte offsets of the units in `s`, in one pass that compares each three-byte character
/// with them: a search per unit stops at every ideograph sharing its last byte, and a set of
/// chars as the pattern decodes every char.
fn unit_offsets(s: &str) -> impl Iterator<Item = usize> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let at = i;
            match b[at] {
                0xe0..=0xef => {
                    i += 3;
                    if let Some(&[x, y, z]) = b.get(at..i)
                        && ENCODED_UNITS.contains(&[x, y, z])
                    {
                        return Some(at);
                    }
                }
                0xc0..=0xdf => i += 2,
                0xf0..=0xff => i += 4,
                _ => i += 1,
            }
        }
        None
    })
}

/// What a line holds before its units, from one search for all of them: whether any unit has
/// a number right before it (`12件`, `3 条`, `两件`; most prose lines hold none, though many
/// hold a unit's character in another word: `条例`, `个人`), and whether one has a Chinese
/// numeral (`两件`: only then are ideographs decoded one by one).
fn counts(s: &str) -> (bool, bool) {
    let (mut any, mut chinese) = (false, false);
    for i in unit_offsets(s) {
        any |= s[..i]
            .trim_end_matches([' ', '\t', '\u{3000}'])
            .chars()
            .next_back()
            .is_some_and(|c| digit(c).is_some() || is_chinese_digit(c));
        let run = s[..i].trim_end_matches(is_chinese_digit);
        chinese |= run.len() < i && !ordinal(run) && unit_len(&s[i..]).is_some();
        if chinese {
            break;
        }
    }
    (any, chinese)
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
    /// Whether the line holds a denial word at all (most do not: then no clause is searched).
    denials: bool,
    sentence: usize,
    clause: usize,
    lead: usize,
    figures_in_clause: bool,
    pending: Vec<Figure>,
}

impl Cutter<'_> {
    fn close_clause(&mut self, end: usize, next: usize) {
        if self.denials && !self.figures_in_clause && DENIAL.is_match(&self.s[self.clause..end]) {
            self.pending.push(Figure {
                sentence: 0..0,
                lead: self.base + self.clause..self.base + end,
                value: None,
                memo: Default::default(),
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

/// The character at byte `i` when it may matter here (ASCII, punctuation, full-width forms),
/// and the bytes it takes. Ideographs (most of the text) are skipped without decoding.
fn next_char(s: &str, i: usize) -> (Option<char>, usize) {
    let b = s.as_bytes()[i];
    match b {
        0x00..=0x7f => (Some(b as char), 1),
        // General punctuation (“”‘’), CJK punctuation (。《》「」), full-width forms (,:0-9).
        0xe2 | 0xe3 | 0xef => s[i..]
            .chars()
            .next()
            .map_or((None, 1), |c| (Some(c), c.len_utf8())),
        0xc0..=0xdf => (None, 2),
        0xe0..=0xef => (None, 3),
        _ => (None, 4),
    }
}

pub fn marks(text: &str, line: &Span, out: &mut Vec<Mark>) {
    let s = &text[line.clone()];
    let denials = DENIAL.is_match(s);
    let (any, chinese) = counts(s);
    if !denials && !any {
        return;
    }
    let mut cut = Cutter {
        s,
        base: line.start,
        denials,
        sentence: 0,
        clause: 0,
        lead: 0,
        figures_in_clause: false,
        pending: Vec::new(),
    };
    let mut quotes = Quotes::default();
    // Whether the character before may continue a number (a digit or a decimal point).
    let mut in_number = false;
    let mut i = 0;
    while i < s.len() {
        let (c, len) = if chinese {
            let c = s[i..].chars().next();
            (c, c.map_or(1, char::len_utf8))
        } else {
            next_char(s, i)
        };
        let Some(c) = c else {
            in_number = false;
            i += len;
            continue;
        };
        quotes.step(c);
        if chinese && is_chinese_digit(c) && !in_number {
            let at = i;
            let run: String = s[i..]
                .chars()
                .take_while(|&d| is_chinese_digit(d))
                .collect();
            i += run.len();
            if let (Some(value), Some(unit)) = (chinese_number(&run), unit_len(&s[i..]))
                && !quotes.inside()
                && !ordinal(&s[..at])
            {
                cut.pending.push(Figure {
                    sentence: 0..0,
                    lead: line.start + cut.lead..line.start + at,
                    value: Some((value, line.start + at..line.start + i)),
                    memo: Default::default(),
                });
                cut.lead = i + unit;
                cut.figures_in_clause = true;
            }
            continue;
        }
        if let Some(first) = digit(c)
            && !in_number
        {
            let at = i;
            let mut value = first;
            let mut overflow = false;
            i += len;
            while i < s.len() {
                let (d, dlen) = next_char(s, i);
                let Some(v) = d.and_then(digit) else { break };
                match value.checked_mul(10).and_then(|x| x.checked_add(v)) {
                    Some(x) => value = x,
                    None => overflow = true,
                }
                i += dlen;
            }
            let end = i;
            let rest = &s[end..];
            let unit = rest.trim_start_matches([' ', '\t', '\u{3000}']);
            if let Some(unit_len) = unit_len(unit)
                && !overflow
                && !quotes.inside()
                && !ordinal(&s[..at])
            {
                cut.pending.push(Figure {
                    sentence: 0..0,
                    lead: line.start + cut.lead..line.start + at,
                    value: Some((value, line.start + at..line.start + end)),
                    memo: Default::default(),
                });
                cut.lead = end + (rest.len() - unit.len()) + unit_len;
                cut.figures_in_clause = true;
            }
            // `1.5件` is no count: the digits after a point are not a number's start.
            in_number = true;
            continue;
        }
        in_number = c == '.';
        if ends_clause(c) {
            let next = i + len;
            cut.close_clause(i, next);
            if ends_sentence(c) {
                cut.close_sentence(next, out);
            }
        }
        i += len;
    }
    cut.close_clause(s.len(), s.len());
    cut.close_sentence(s.len(), out);
}
