//! Folding labels so that the wordings real reports use compare equal: no spaces or line
//! breaks, half-width punctuation, no Markdown decoration, one kind of quote.

/// The folded form of a label, for comparison only (never shown to users).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    // The bytes from `run` on are copied as written when something else must be written.
    let mut run = 0;
    let mut prev_digit = false;
    let mut i = 0;
    while i < b.len() {
        // The common case first, without decoding: ASCII that stays as it is, and ideographs
        // (lead bytes E4–E9, U+4000–U+9FFF), which `fold_char` never changes.
        match b[i] {
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | b'*' | b'_' | b'`' | b'#' | b'\'' => {}
            c @ 0x00..=0x7f => {
                prev_digit = c.is_ascii_digit();
                i += 1;
                continue;
            }
            0xe4..=0xe9 => {
                prev_digit = false;
                i += 3;
                continue;
            }
            _ => {}
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        out.push_str(&s[run..i]);
        if let Some(f) = fold_char(c, prev_digit) {
            prev_digit = f.is_ascii_digit();
            out.push(f);
        }
        i += c.len_utf8();
        run = i;
    }
    out.push_str(&s[run..]);
    out
}

/// One character as [`fold`] writes it (`None`: dropped), `prev_digit` whether the character
/// written before it is a digit.
pub fn fold_char(c: char, prev_digit: bool) -> Option<char> {
    Some(match c {
        c if c.is_whitespace() => return None,
        '*' | '_' | '`' | '#' | '\u{feff}' => return None,
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '“' | '”' | '「' | '」' | '‘' | '’' | '\'' => '"',
        '、' if prev_digit => '.',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        c => c,
    })
}

/// A folded label without its leading number (`一、`, `(三)`, `1.`), so that a label whose
/// numbering was dropped or changed can still be recognised.
pub fn strip_numbering(folded: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十";
    let s = folded;
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(end) = rest.find(')')
            && end > 0
            && rest[..end].chars().all(|c| NUMERALS.contains(c))
        {
            return &rest[end + 1..];
        }
        return s;
    }
    let head = s
        .char_indices()
        .take_while(|&(_, c)| NUMERALS.contains(c) || c.is_ascii_digit())
        .last()
        .map(|(i, c)| i + c.len_utf8());
    match head {
        Some(n) => match s[n..].chars().next() {
            Some(sep @ ('、' | '.')) => &s[n + sep.len_utf8()..],
            _ => s,
        },
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_spacing_and_width() {
        assert_eq!(fold("商业 企业"), "商业企业");
        assert_eq!(fold("三、本年度办\n理结果"), "三、本年度办理结果");
        assert_eq!(fold("（一）予以公开"), "(一)予以公开");
        assert_eq!(fold("**第二十条第（一）项**"), "第二十条第(一)项");
        assert_eq!(fold("1、属于国家秘密"), "1.属于国家秘密");
        assert_eq!(fold("3.危及\"三安全一稳定\""), fold("3.危及“三安全一稳定”"));
    }

    proptest::proptest! {
        /// The byte-level fast path writes what folding each character in turn writes.
        #[test]
        fn fold_is_fold_char_in_turn(
            s in "[ \t\r\n\u{b}\u{c}\u{85}\u{a0}\u{3000}\u{feff}*_`#'a-z0-9０-９、，（）“”「」【】〔〕一二三件𠀀😀\u{4000}\u{9fff}\u{ff5e}\u{ff5f}]{0,24}"
        ) {
            let mut want = String::new();
            let mut prev_digit = false;
            for c in s.chars() {
                if let Some(f) = fold_char(c, prev_digit) {
                    prev_digit = f.is_ascii_digit();
                    want.push(f);
                }
            }
            proptest::prop_assert_eq!(fold(&s), want);
        }
    }

    #[test]
    fn numbering_is_stripped() {
        assert_eq!(strip_numbering("一、总体情况"), "总体情况");
        assert_eq!(strip_numbering("(三)不予公开"), "不予公开");
        assert_eq!(strip_numbering("12.其他"), "其他");
        assert_eq!(strip_numbering("规章"), "规章");
        assert_eq!(strip_numbering("(本列数据"), "(本列数据");
    }
}
