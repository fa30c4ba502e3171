//! A year as reports write it: `2024年`, `2024 年`, `２０２４年`, `二〇二四年` (four digits,
//! ASCII, full-width or Chinese, then 年 with blanks allowed between).

/// The value of one year digit in any of the three spellings.
fn digit(c: char) -> Option<u16> {
    match c {
        '0'..='9' => Some(c as u16 - '0' as u16),
        '０'..='９' => Some(c as u16 - '０' as u16),
        '〇' | '○' | '零' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// A year found in text: its value, the span of its digits, and where its 年 ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    pub year: u16,
    pub digits: std::ops::Range<usize>,
    pub end: usize,
}

/// The year whose digits start at `s[at..]` (the character before must not be a digit).
fn year_at(s: &str, at: usize) -> Option<Year> {
    let mut year = 0u16;
    let mut chars = s[at..].char_indices();
    for _ in 0..4 {
        let (_, c) = chars.next()?;
        year = year * 10 + digit(c)?;
    }
    let digits_end = chars.clone().next().map_or(s.len(), |(i, _)| at + i);
    let rest = &s[digits_end..];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t', '\u{3000}']).len();
    let end = rest[blanks..]
        .starts_with('年')
        .then(|| digits_end + blanks + '年'.len_utf8())?;
    (1990..=2200).contains(&year).then_some(Year {
        year,
        digits: at..digits_end,
        end,
    })
}

/// Every year in `s`, in order, with spans relative to `s`.
pub fn years(s: &str) -> impl Iterator<Item = Year> + '_ {
    let mut prev_digit = false;
    s.char_indices().filter_map(move |(i, c)| {
        let is_digit = digit(c).is_some();
        let starts = is_digit && !prev_digit;
        prev_digit = is_digit;
        starts.then(|| year_at(s, i)).flatten()
    })
}

/// Whether a year is read as the start of a date (`2025年1月13日`, `二〇二五年一月`).
pub fn starts_date(s: &str, y: &Year) -> bool {
    let rest = s[y.end..].trim_start_matches([' ', '\t', '\u{3000}']);
    let month: usize = rest
        .chars()
        .take_while(|c| digit(*c).is_some() || *c == '十')
        .map(char::len_utf8)
        .sum();
    month > 0 && rest[month..].trim_start().starts_with('月')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<u16> {
        years(s).map(|y| y.year).collect()
    }

    #[test]
    fn every_spelling_of_a_year() {
        assert_eq!(all("2024年度"), [2024]);
        assert_eq!(all("2024 年度"), [2024]);
        assert_eq!(all("２０２４年"), [2024]);
        assert_eq!(all("二〇二四年"), [2024]);
        assert_eq!(all("二零二一年"), [2021]);
        assert_eq!(all("自2019年至2021年"), [2019, 2021]);
    }

    #[test]
    fn numbers_that_are_not_years() {
        // A document number, a count, five digits, a year out of range, 十 in a count.
        assert_eq!(all("国办公开办函〔2021〕30号"), Vec::<u16>::new());
        assert_eq!(all("受理申请2024件"), Vec::<u16>::new());
        assert_eq!(all("12024年"), Vec::<u16>::new());
        assert_eq!(all("1024年"), Vec::<u16>::new());
        assert_eq!(all("一千二百年"), Vec::<u16>::new());
    }

    #[test]
    fn a_year_that_opens_a_date() {
        let s = "2025年1月13日 2024年度 二〇二五年一月二十日 二〇二四年政府";
        let flags: Vec<bool> = years(s).map(|y| starts_date(s, &y)).collect();
        assert_eq!(flags, [true, false, true, false]);
    }
}
