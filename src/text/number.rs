//! Reading a table cell as a number, the way officers write them: `12`, `+2`, `-18`, `１２`,
//! `1,234`, `18651.06`, `429148元`, `12件`, or a blank marker (`/`, `—`, `无`).

/// What a cell's text is, before its column says whether that is acceptable.
#[derive(Debug, Clone, PartialEq)]
pub enum Lexeme {
    /// Empty, or a marker that stands for "nothing here".
    Blank {
        marker: bool,
    },
    Number(NumberText),
    /// Words, Chinese numerals, `1O`…
    Other,
}

/// A number as written.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberText {
    /// The value in hundredths, so that amounts (`18651.06`) stay exact.
    pub cents: i128,
    pub has_fraction: bool,
    /// An explicit `+` or `-`.
    pub signed: bool,
    /// Written with full-width digits or punctuation.
    pub fullwidth: bool,
    /// Written with thousands separators.
    pub grouped: bool,
    /// A unit written after the number (`元`, `万元`, `件`…).
    pub unit: Option<&'static str>,
}

/// A written number in ASCII digits, without separators, spaces or unit: what a fix writes.
pub fn ascii(written: &str) -> String {
    let mut out = String::with_capacity(written.len());
    for c in written.chars() {
        match c {
            '0'..='9' | '.' | '-' => out.push(c),
            '\u{ff10}'..='\u{ff19}' => out.push(char::from_u32(c as u32 - 0xfee0).unwrap_or(c)),
            '．' => out.push('.'),
            '－' | '−' => out.push('-'),
            _ => {}
        }
    }
    out
}

impl NumberText {
    /// The whole value, when the number has no fraction.
    pub fn integer(&self) -> Option<i64> {
        if self.has_fraction {
            return None;
        }
        // In i64 when it fits: an i128 division is a library call, and every cell asks.
        match i64::try_from(self.cents) {
            Ok(cents) => Some(cents / 100),
            Err(_) => i64::try_from(self.cents / 100).ok(),
        }
    }
}

const BLANK_MARKERS: &[&str] = &["/", "／", "—", "——", "-", "－", "–", "无", "\\", "、"];
const UNITS: &[&str] = &["万元", "元", "件", "个", "条", "项", "次", "人", "份"];

pub fn lex(text: &str) -> Lexeme {
    let s = text.trim_matches(|c: char| c.is_whitespace() || c == '*');
    if s.is_empty() {
        return Lexeme::Blank { marker: false };
    }
    if BLANK_MARKERS.contains(&s) {
        return Lexeme::Blank { marker: true };
    }
    lex_number(s).map_or(Lexeme::Other, Lexeme::Number)
}

fn lex_number(s: &str) -> Option<NumberText> {
    let mut rest = s;
    let mut unit = None;
    for u in UNITS {
        if let Some(r) = rest.strip_suffix(u) {
            unit = Some(*u);
            rest = r.trim_end();
            break;
        }
    }
    let wide_digit = |c: char| ('\u{ff10}'..='\u{ff19}').contains(&c);
    let mut fullwidth = false;
    let mut grouped = false;
    let mut signed = false;
    let mut negative = false;
    let mut int_digits = 0usize;
    let mut frac_digits = 0usize;
    let mut in_fraction = false;
    let mut int_part: i128 = 0;
    let mut frac_part: i128 = 0;
    for (i, written) in rest.char_indices() {
        let (c, wide) = match written {
            c if wide_digit(c) => (char::from_u32(c as u32 - 0xfee0)?, true),
            '＋' => ('+', true),
            '－' | '−' => ('-', true),
            '．' => ('.', true),
            '，' => (',', true),
            c => (c, false),
        };
        fullwidth |= wide;
        match c {
            '+' | '-' if i == 0 => {
                signed = true;
                negative = c == '-';
            }
            '0'..='9' => {
                let d = i128::from(c as u8 - b'0');
                if in_fraction {
                    frac_digits += 1;
                    if frac_digits <= 2 {
                        frac_part = frac_part * 10 + d;
                    }
                } else {
                    int_digits += 1;
                    int_part = int_part.checked_mul(10)?.checked_add(d)?;
                }
            }
            ',' if !in_fraction && int_digits > 0 => {
                // A thousands separator stands before a group of exactly three digits.
                let after = &rest[i + written.len_utf8()..];
                let group = after
                    .chars()
                    .take_while(|&d| d.is_ascii_digit() || wide_digit(d))
                    .count();
                if group != 3 {
                    return None;
                }
                grouped = true;
            }
            '.' if !in_fraction && int_digits > 0 => in_fraction = true,
            _ => return None,
        }
    }
    if int_digits == 0 || (in_fraction && frac_digits == 0) {
        return None;
    }
    let frac_scaled = match frac_digits {
        0 => 0,
        1 => frac_part * 10,
        _ => frac_part,
    };
    let magnitude = int_part.checked_mul(100)?.checked_add(frac_scaled)?;
    Some(NumberText {
        cents: if negative { -magnitude } else { magnitude },
        has_fraction: in_fraction,
        signed,
        fullwidth,
        grouped,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> NumberText {
        match lex(s) {
            Lexeme::Number(n) => n,
            other => panic!("{s:?} lexed as {other:?}"),
        }
    }

    #[test]
    fn plain_and_signed_counts() {
        assert_eq!(num("12").integer(), Some(12));
        assert_eq!(num("+2").integer(), Some(2));
        assert!(num("+2").signed);
        assert_eq!(num("-18").integer(), Some(-18));
    }

    #[test]
    fn wide_digits_and_separators_are_numbers_that_need_rewriting() {
        let n = num("１２");
        assert_eq!((n.integer(), n.fullwidth), (Some(12), true));
        assert_eq!(ascii("１２"), "12");
        let n = num("1,234");
        assert_eq!((n.integer(), n.grouped), (Some(1234), true));
        assert_eq!(ascii("1,234"), "1234");
        assert_eq!(num("1，234").integer(), Some(1234));
        assert_eq!(ascii("73802895.90元"), "73802895.90");
        assert_eq!(lex("1,23"), Lexeme::Other);
    }

    #[test]
    fn amounts_keep_their_cents_and_unit() {
        let n = num("73802895.90元");
        assert_eq!((n.cents, n.unit), (7_380_289_590, Some("元")));
        assert_eq!(num("18651.06").cents, 1_865_106);
        assert_eq!(num("12件").unit, Some("件"));
    }

    #[test]
    fn blanks_and_words() {
        assert_eq!(lex("  "), Lexeme::Blank { marker: false });
        assert_eq!(lex("—"), Lexeme::Blank { marker: true });
        assert_eq!(lex("无"), Lexeme::Blank { marker: true });
        assert_eq!(lex("二"), Lexeme::Other);
        assert_eq!(lex("1O"), Lexeme::Other);
        assert_eq!(
            lex("99999999999999999999999999999999999999999"),
            Lexeme::Other
        );
    }
}
