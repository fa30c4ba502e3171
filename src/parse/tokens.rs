//! Table cells as a flat stream of tokens, whatever the layout: `|`-separated rows, one cell
//! per line, one cell per paragraph, a Markdown pipe table, or columns set apart by spaces (as
//! pdftotext and pandoc's plain tables give them).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Layout, Span};
use crate::parse::lines::trimmed;
use crate::text::normalize::fold;
use crate::text::number::{Lexeme, lex};

#[derive(Debug, Clone)]
pub struct Token {
    /// The text without surrounding blanks (zero-width at the slot's start when empty).
    pub span: Span,
    /// Everything between the separators.
    pub slot: Span,
    /// Index of the token's line within the table's region.
    pub line: usize,
    /// The first token of its line.
    pub line_start: bool,
    /// The last token of its line.
    pub line_end: bool,
    /// The folded text, for matching labels (empty for numbers and blanks).
    pub folded: String,
    /// What the text is as a value.
    pub lexeme: Lexeme,
}

impl Token {
    pub fn is_empty(&self) -> bool {
        self.span.is_empty()
    }
}

/// A Markdown table's delimiter row: `| --- | :---: |`.
pub fn is_delimiter_row(line: &str) -> bool {
    let s = line.trim();
    // The characters first: almost every line fails at its first one.
    s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        && s.contains("---")
        && s.contains('|')
}

/// A page number as printed documents carry it (`- 4 -`, `— 4 —`, `第 4 页`, `第4页 共9页`):
/// text made from a PDF has it wherever a page ended, rows of a table included.
pub fn is_page_furniture(line: &str) -> bool {
    static PAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-—–‐]+[0-9]{1,4}[-—–‐]+|第[0-9]{1,4}页(?:[,/]?共[0-9]{1,4}页)?|共[0-9]{1,4}页[,/]?第[0-9]{1,4}页)$")
            .expect("a valid pattern")
    });
    let s = line.trim();
    // Cheap first: a page number opens with a dash, 第 or 共.
    s.len() < 40 && s.starts_with(['-', '—', '–', '‐', '－', '第', '共']) && PAGE.is_match(&fold(s))
}

/// A plain table's rule (`-----  ------`, pandoc's), drawn above and below its rows.
pub fn is_rule_line(line: &str) -> bool {
    let s = line.trim();
    s.starts_with("---") && s.chars().all(|c| c == '-' || c.is_whitespace())
}

/// The cells of a line without `|`: the pieces between runs of two or more blanks (or a tab),
/// and within a piece the numbers that end it one space apart (`规章 0 0 0`, as pdftotext
/// -raw writes a row). A piece of words stays whole: labels may hold single spaces.
pub fn spaced_cells(text: &str, line: &Span) -> Vec<Span> {
    let s = &text[line.clone()];
    let mut out = Vec::new();
    let mut piece_start: Option<usize> = None;
    let mut piece_end = 0;
    let mut gap = 0;
    let mut tab = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            gap += 1;
            tab |= c == '\t';
            continue;
        }
        if let Some(start) = piece_start
            && (gap >= 2 || tab)
        {
            split_values(line.start + start, &s[start..piece_end], &mut out);
            piece_start = None;
        }
        piece_start.get_or_insert(i);
        piece_end = i + c.len_utf8();
        gap = 0;
        tab = false;
    }
    if let Some(start) = piece_start {
        split_values(line.start + start, &s[start..piece_end], &mut out);
    }
    out
}

/// `piece` (at offset `at`) as its leading words, if any, then each number ending it.
fn split_values(at: usize, piece: &str, out: &mut Vec<Span>) {
    let words = words(piece);
    let number = |span: Span| matches!(lex(&piece[span]), Lexeme::Number(_));
    // From the end: numbers, each alone or with its unit a space after (`429148 元`).
    let mut values: Vec<Span> = Vec::new();
    let mut k = words.len();
    while k > 0 {
        if number(words[k - 1].clone()) {
            values.push(words[k - 1].clone());
            k -= 1;
        } else if k >= 2
            && number(words[k - 2].clone())
            && number(words[k - 2].start..words[k - 1].end)
        {
            values.push(words[k - 2].start..words[k - 1].end);
            k -= 2;
        } else {
            break;
        }
    }
    if k > 0 {
        out.push(at + words[0].start..at + words[k - 1].end);
    }
    out.extend(values.iter().rev().map(|w| at + w.start..at + w.end));
}

/// The byte ranges of the blank-separated words of `s`.
pub fn words(s: &str) -> Vec<Span> {
    let mut words: Vec<Span> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(from)) => {
                words.push(from..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push(from..s.len());
    }
    words
}

/// How the lines of a region lay out their cells. In a Markdown document (one with a
/// delimiter row anywhere) every table whose lines open with `|` is a Markdown table.
pub fn layout(text: &str, lines: &[Span], markdown: bool) -> Layout {
    if markdown
        && lines
            .iter()
            .map(|l| text[l.clone()].trim_start())
            .find(|s| !s.is_empty())
            .is_some_and(|s| s.starts_with('|'))
    {
        return Layout::Markdown;
    }
    let mut rows = 0;
    let mut piped = 0;
    let mut nonblank = 0;
    for l in lines {
        let s = &text[l.clone()];
        if markdown && is_delimiter_row(s) {
            return Layout::Markdown;
        }
        if s.trim().is_empty() {
            continue;
        }
        nonblank += 1;
        if s.contains('|') {
            piped += 1;
            if s.split('|')
                .filter(|c| !c.trim().is_empty())
                .nth(1)
                .is_some()
            {
                rows += 1;
            }
        }
    }
    if piped == 0 {
        let spaced = lines.iter().any(|l| {
            let s = &text[l.clone()];
            !is_rule_line(s) && spaced_cells(text, l).len() > 1
        });
        if spaced {
            Layout::Spaced
        } else {
            Layout::Paragraphs
        }
    } else if rows * 2 >= nonblank {
        Layout::Rows
    } else {
        Layout::CellLines
    }
}

pub fn tokenize(text: &str, lines: &[Span], layout: Layout) -> Vec<Token> {
    // A token per line, and one more per `|`: no regrowing while the rows are cut.
    let bars = match (lines.first(), lines.last()) {
        (Some(first), Some(last)) => text.as_bytes()[first.start..last.end]
            .iter()
            .filter(|&&b| b == b'|')
            .count(),
        _ => 0,
    };
    let mut tokens = Vec::with_capacity(lines.len() + bars);
    let mut pieces: Vec<Span> = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let s = &text[line.clone()];
        let first = tokens.len();
        if !s.contains('|') {
            if is_page_furniture(s) {
                continue;
            }
            if layout == Layout::Spaced {
                if !is_rule_line(s) {
                    for span in spaced_cells(text, line) {
                        push_spaced(text, span, li, &mut tokens);
                    }
                }
            } else {
                let span = trimmed(text, line);
                if !span.is_empty() {
                    tokens.push(token(text, span, line.clone(), li));
                }
            }
        } else if layout == Layout::Markdown && is_delimiter_row(s) {
            continue;
        } else {
            pieces.clear();
            let mut at = line.start;
            for piece in s.split('|') {
                pieces.push(at..at + piece.len());
                at += piece.len() + 1;
            }
            // The piece after the last `|` ends the line, it is no cell; in Markdown, so is the
            // piece before the first.
            if pieces.len() > 1 && text[pieces[pieces.len() - 1].clone()].trim().is_empty() {
                pieces.pop();
            }
            if layout == Layout::Markdown
                && pieces.len() > 1
                && text[pieces[0].clone()].trim().is_empty()
            {
                pieces.remove(0);
            }
            for slot in pieces.drain(..) {
                let span = trimmed(text, &slot);
                tokens.push(token(text, span, slot, li));
            }
        }
        if tokens.len() > first {
            tokens[first].line_start = true;
            let last = tokens.len() - 1;
            tokens[last].line_end = true;
        }
    }
    tokens
}

/// A spaced cell as its tokens: `000` is three zeros, as pdftotext writes narrow cells of
/// zeros with no gap between them; no count is written with a leading zero.
fn push_spaced(text: &str, span: Span, line: usize, tokens: &mut Vec<Token>) {
    let zeros = &text[span.clone()];
    if zeros.len() > 1 && zeros.bytes().all(|b| b == b'0') {
        for at in span {
            tokens.push(token(text, at..at + 1, at..at + 1, line));
        }
    } else {
        tokens.push(token(text, span.clone(), span, line));
    }
}

pub fn token(text: &str, span: Span, slot: Span, line: usize) -> Token {
    let written = &text[span.clone()];
    let lexeme = lex(written);
    // Only words are ever matched against labels.
    let folded = if matches!(lexeme, Lexeme::Other) {
        fold(written)
    } else {
        String::new()
    };
    Token {
        folded,
        lexeme,
        span,
        slot,
        line,
        line_start: false,
        line_end: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<&str> {
        spaced_cells(line, &(0..line.len()))
            .into_iter()
            .map(|s| &line[s])
            .collect()
    }

    #[test]
    fn spaced_cells_as_pdftotext_and_pandoc_set_them() {
        // Runs of spaces part cells; one space parts a label from its numbers, not words.
        assert_eq!(
            cells("  三、本年度办理结果     (一)予以公开   6  1"),
            ["三、本年度办理结果", "(一)予以公开", "6", "1"]
        );
        assert_eq!(cells("规章 0 0 0"), ["规章", "0", "0", "0"]);
        assert_eq!(cells("结果维持 结果 其他"), ["结果维持 结果 其他"]);
        assert_eq!(
            cells("政府集中采购 10 429148 元"),
            ["政府集中采购", "10", "429148 元"]
        );
        assert_eq!(cells("2024 年度"), ["2024 年度"]);
    }

    #[test]
    fn zeros_run_together_are_as_many_cells() {
        let t = "行政许可\n000\n0 10 100\n";
        let lines = crate::parse::lines::split_range(t, 0..t.len());
        let toks = tokenize(t, &lines, Layout::Spaced);
        let written: Vec<&str> = toks.iter().map(|k| &t[k.span.clone()]).collect();
        assert_eq!(written, ["行政许可", "0", "0", "0", "0", "10", "100"]);
        // Only spaced text runs narrow cells together: a `|` cell is as written.
        let t = "行政许可 | 000 |\n";
        let lines = crate::parse::lines::split_range(t, 0..t.len());
        let toks = tokenize(t, &lines, Layout::Rows);
        assert!(toks.iter().any(|k| &t[k.span.clone()] == "000"));
    }

    #[test]
    fn page_numbers_are_told_from_cells() {
        for page in [
            "- 4 -",
            "— 12 —",
            "第 4 页",
            "第4页 共9页",
            "第 4 页/共 9 页",
            "－４－",
        ] {
            assert!(is_page_furniture(page), "{page}");
        }
        for cell in [
            "4",
            "-4",
            "第4项",
            "四、结转下年度继续办理",
            "- 4",
            "第二十条第(一)项",
        ] {
            assert!(!is_page_furniture(cell), "{cell}");
        }
    }
}
