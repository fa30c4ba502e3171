//! Byte offsets to line/column positions and back, in any of the encodings LSP negotiates.
//!
//! Lines break at `\n`, `\r\n` and `\r`, as LSP says. Columns count UTF-8 bytes, UTF-16 code
//! units or Unicode scalar values; an offset inside a character is clamped to its start.

/// How a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values, which is what LSP calls utf-32 and what a person calls characters.
    Utf32,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// The start offset of every line of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // The `\n` of a `\r\n` already counted.
        let mut counted = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if counted == Some(i) {
                continue;
            }
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                starts.push(i + 2);
                counted = Some(i + 1);
            } else {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a line's content, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.len)
            .min(self.len);
        let content = &text.as_bytes()[start..end];
        let trimmed = content
            .iter()
            .rposition(|&b| b != b'\n' && b != b'\r')
            .map_or(0, |p| p + 1);
        start..start + trimmed
    }

    /// The position of a byte offset (clamped to the text, and to a character boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = column_width(&text[start..offset], enc);
        Position {
            line: line as u32,
            column: column as u32,
        }
    }

    /// The byte offset of a position. A line past the end clamps to the end of the text; a
    /// column past the end of its line clamps to the line's end; a column inside a character
    /// (the middle of a surrogate pair) clamps to that character's start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let mut remaining = pos.column as usize;
        for (i, c) in text[range.clone()].char_indices() {
            let w = char_width(c, enc);
            if remaining < w {
                return range.start + i;
            }
            remaining -= w;
        }
        range.end
    }
}

fn char_width(c: char, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// The width of a string in the given encoding.
pub fn column_width(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.encode_utf16().count(),
        Encoding::Utf32 => s.chars().count(),
    }
}

/// The start of the line holding byte `pos`.
pub fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The end of the line holding byte `pos`, before its break.
pub fn line_end(text: &str, pos: usize) -> usize {
    text[pos..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| pos + i)
}

/// The largest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_lf_crlf_and_lone_cr() {
        for (text, starts) in [
            ("", vec![0]),
            ("a\nb", vec![0, 2]),
            ("a\r\nb\rc\n", vec![0, 3, 5, 7]),
            ("\r\r\n\n\r", vec![0, 1, 3, 4, 5]),
            ("表\r\n格\n", vec![0, 5, 9]),
        ] {
            assert_eq!(LineIndex::new(text).starts, starts, "{text:?}");
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a𠀀b\r\n第二行😀x\rz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let b = text.find('b').unwrap();
        assert_eq!(
            idx.position(text, b, Encoding::Utf16),
            Position { line: 0, column: 3 }
        );
        assert_eq!(
            idx.position(text, b, Encoding::Utf32),
            Position { line: 0, column: 2 }
        );
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x, Encoding::Utf16),
            Position { line: 1, column: 5 }
        );
        assert_eq!(
            idx.offset(text, Position { line: 1, column: 5 }, Encoding::Utf16),
            x
        );
    }

    #[test]
    fn positions_clamp_instead_of_panicking() {
        let text = "𠀀\n";
        let idx = LineIndex::new(text);
        // Inside the surrogate pair: the character's start.
        assert_eq!(
            idx.offset(text, Position { line: 0, column: 1 }, Encoding::Utf16),
            0
        );
        // Past the end of the line: the line's end, before the break.
        assert_eq!(
            idx.offset(
                text,
                Position {
                    line: 0,
                    column: 99
                },
                Encoding::Utf16
            ),
            4
        );
        // Past the last line: the end of the text.
        assert_eq!(
            idx.offset(text, Position { line: 7, column: 0 }, Encoding::Utf16),
            5
        );
        // An offset inside a character maps to that character.
        assert_eq!(
            idx.position(text, 2, Encoding::Utf16),
            Position { line: 0, column: 0 }
        );
    }
}
