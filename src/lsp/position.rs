//! LSP positions ⇄ byte offsets on a rope, in the negotiated encoding, clamped as the
//! specification says: a line past the end means the end of the document, a character past
//! the end of its line means the line's end, and a character inside a surrogate pair means the
//! start of that character. Nothing here panics on any input.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first encoding the client offers that we speak; UTF-16 when it offers none.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(|k| match k.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    pub(super) fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// The byte offset of a position.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let mut remaining = pos.character as usize;
    let mut at = start;
    for c in rope.line(line).chars() {
        if c == '\n' || c == '\r' {
            break;
        }
        let w = enc.width(c);
        if remaining < w {
            break;
        }
        remaining -= w;
        at += c.len_utf8();
    }
    at
}

/// The position of a byte offset (clamped to the document).
pub fn position(rope: &Rope, byte: usize, enc: Encoding) -> Position {
    let byte = byte.min(rope.len_bytes());
    let line = rope.byte_to_line(byte);
    let line_byte = rope.line_to_byte(line);
    let character = match enc {
        Encoding::Utf8 => byte - line_byte,
        Encoding::Utf16 => {
            let c = rope.byte_to_char(byte);
            rope.char_to_utf16_cu(c) - rope.char_to_utf16_cu(rope.byte_to_char(line_byte))
        }
        Encoding::Utf32 => rope.byte_to_char(byte) - rope.byte_to_char(line_byte),
    };
    Position::new(line as u32, character as u32)
}

/// Positions of byte offsets asked for in increasing order, each measured on from the one
/// before when on the same line: a line holding many offsets (a table row's cells) is read
/// once, not once per offset. Equal to `position` for every offset.
pub struct Walk<'a> {
    rope: &'a Rope,
    enc: Encoding,
    line: usize,
    /// Where the next line starts (`usize::MAX` on the last).
    next_line: usize,
    /// The last offset measured on `line`, and its column.
    byte: usize,
    column: usize,
}

impl<'a> Walk<'a> {
    pub fn new(rope: &'a Rope, enc: Encoding) -> Walk<'a> {
        let mut w = Walk {
            rope,
            enc,
            line: 0,
            next_line: 0,
            byte: 0,
            column: 0,
        };
        w.start_line(0);
        w
    }

    fn start_line(&mut self, line: usize) {
        self.line = line;
        self.byte = self.rope.line_to_byte(line);
        self.column = 0;
        self.next_line = if line + 1 < self.rope.len_lines() {
            self.rope.line_to_byte(line + 1)
        } else {
            usize::MAX
        };
    }

    pub fn position(&mut self, byte: usize) -> Position {
        let byte = byte.min(self.rope.len_bytes());
        if byte < self.byte || byte >= self.next_line {
            self.start_line(self.rope.byte_to_line(byte));
        }
        let enc = self.enc;
        self.column += self
            .rope
            .byte_slice(self.byte..byte)
            .chars()
            .map(|c| enc.width(c))
            .sum::<usize>();
        self.byte = byte;
        Position::new(self.line as u32, self.column as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_gives_what_position_gives() {
        let text = "a𠀀b\r\n😀 | 12\r表 | 3\n\n x";
        let rope = Rope::from_str(text);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let mut walk = Walk::new(&rope, enc);
            for &b in &bounds {
                assert_eq!(walk.position(b), position(&rope, b, enc), "{b} {enc:?}");
            }
            // Going back, and jumping over lines.
            for &b in bounds.iter().rev().step_by(3) {
                assert_eq!(walk.position(b), position(&rope, b, enc), "{b} {enc:?}");
            }
        }
    }

    #[test]
    fn clamping_and_surrogates() {
        let rope = Rope::from_str("a𠀀b\r\n😀\rz");
        let p = |l, c| Position::new(l, c);
        assert_eq!(offset(&rope, p(0, 3), Encoding::Utf16), 5); // after 𠀀
        assert_eq!(offset(&rope, p(0, 2), Encoding::Utf16), 1); // inside the pair: its start
        assert_eq!(offset(&rope, p(0, 99), Encoding::Utf16), 6); // line end, before \r\n
        assert_eq!(offset(&rope, p(9, 0), Encoding::Utf16), rope.len_bytes());
        assert_eq!(offset(&rope, p(2, 0), Encoding::Utf8), 13); // lines break at a lone \r too
        assert_eq!(offset(&rope, p(0, 2), Encoding::Utf32), 5);
        assert_eq!(position(&rope, 5, Encoding::Utf16), p(0, 3));
        assert_eq!(position(&rope, 5, Encoding::Utf32), p(0, 2));
        assert_eq!(position(&rope, 5, Encoding::Utf8), p(0, 5));
        assert_eq!(position(&rope, 999, Encoding::Utf16), p(2, 1));
    }
}
