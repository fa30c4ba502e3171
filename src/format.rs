//! Tables rewritten as aligned rows (`gongkai fmt`, the server's formatting): one row per line,
//! cells between ` | `, columns padded to the same display width (a CJK character counts two),
//! full-width digits of number cells made ASCII. Only the tables the parser read whole are
//! touched, each as one edit over its lines; prose, headings and every other table stay byte
//! for byte. The cells are the model's spans, in the model's order: the formatter names no row.

use unicode_width::UnicodeWidthStr;

use crate::diagnostic::Edit;
use crate::model::{Layout, Report, Span, Table};
use crate::parse::tokens::is_delimiter_row;
use crate::text::lines::{line_end, line_start};
use crate::text::number::Lexeme;

/// The edits that format every table of `report` read from `text`, in text order.
pub fn format(text: &str, report: &Report) -> Vec<Edit> {
    format_range(text, report, 0..text.len())
}

/// The edits that format the tables whose lines `range` touches (an empty range touches the
/// table it stands in). Each table's edit is kept only when the text it gives reads back as
/// the same findings on the same cells and needs no formatting again; what the parser would
/// read otherwise stays as written.
pub fn format_range(text: &str, report: &Report, range: Span) -> Vec<Edit> {
    let mut edits: Vec<Edit> = report
        .tables()
        .filter_map(|t| table(text, t, report.newline))
        .filter(|e| e.span.start <= range.end && range.start <= e.span.end)
        .filter(|e| text[e.span.clone()] != e.new_text)
        .collect();
    // Tables come in text order; one sharing a line with the table before it is left alone.
    let mut end = 0;
    edits.retain(|e| {
        let apart = e.span.start >= end;
        end = end.max(e.span.end);
        apart
    });
    if edits.is_empty() {
        return edits;
    }
    let before = findings(text, report);
    let holds = |edits: &[Edit]| {
        let after = crate::fix::apply(text, edits);
        let reread = crate::parse(&after);
        findings(&after, &reread) == before && settled(&after, &reread, &written(edits))
    };
    // Usually every table holds: one reading of the result settles it. Otherwise each on its own.
    if holds(&edits) {
        return edits;
    }
    let edits: Vec<Edit> = edits
        .into_iter()
        .filter(|e| holds(std::slice::from_ref(e)))
        .collect();
    if edits.len() > 1 && !holds(&edits) {
        return Vec::new();
    }
    edits
}

/// `text` with every table formatted.
pub fn formatted(text: &str) -> String {
    crate::fix::apply(text, &format(text, &crate::parse(text)))
}

/// Where `edits` put their text once applied.
fn written(edits: &[Edit]) -> Vec<Span> {
    let mut delta = 0isize;
    edits
        .iter()
        .map(|e| {
            let start = e.span.start.saturating_add_signed(delta);
            delta += e.new_text.len() as isize - e.span.len() as isize;
            start..start + e.new_text.len()
        })
        .collect()
}

/// Whether the tables standing where formatted text was written would be written as they are.
fn settled(text: &str, report: &Report, written: &[Span]) -> bool {
    report
        .tables()
        .filter_map(|t| table(text, t, report.newline))
        .filter(|e| {
            written
                .iter()
                .any(|w| w.start <= e.span.end && e.span.start <= w.end)
        })
        .all(|e| text[e.span.clone()] == e.new_text)
}

/// What formatting must keep: each finding's code and message (which name its cells and
/// values), and the characters under it but for spaces and `|`; `fullwidth-digit` aside, which the ASCII digits settle.
fn findings(text: &str, report: &Report) -> Vec<(&'static str, String, String)> {
    crate::rules::check(text, report)
        .into_iter()
        .filter(|d| d.code != "fullwidth-digit")
        .map(|d| {
            let under = essence(text, &d.span, &[]);
            (d.code, d.message, under)
        })
        .collect()
}

/// One piece of an output line: a cell's text as it will be written.
struct Piece {
    text: String,
    /// Where it came from (empty for a blank cell).
    span: Span,
}

/// A line to write: its cells, and how many of them lead (labels) before the value columns;
/// `None` for a line that is not aligned column by column (a title, a multi-level header).
struct Line {
    cells: Vec<Piece>,
    lead: Option<usize>,
    /// A Markdown delimiter row, kept as such (its cells are runs of `-`).
    delimiter: bool,
}

/// The edit that rewrites one table, or `None` when it is left as it is: not read whole
/// (`unread`, lines skipped, a label or header torn around other cells, a cell over several
/// lines), or holding anything besides its cells, `|` and spaces (a page number, words the
/// model does not account for).
fn table(text: &str, t: &Table, nl: &str) -> Option<Edit> {
    if t.unread || !t.skipped.is_empty() || t.rows.is_empty() {
        return None;
    }
    if t.header.iter().any(|h| h.rest.is_some())
        || t.rows
            .iter()
            .flat_map(|r| &r.labels)
            .any(|l| l.rest.is_some())
    {
        return None;
    }
    let mut lines = pieces(text, t)?;
    let span = replaced(text, t);
    let delimiters = delimiter_rows(text, &span, &mut lines)?;
    if essence(text, &span, &delimiters) != essence_of(&lines) {
        return None;
    }
    let rendered = render(&mut lines, t.layout);
    Some(Edit {
        span,
        new_text: rendered.join(nl),
    })
}

/// The table's cells as output lines: the title row, the header (its lines as written, or one
/// line when every cell stood on a line of its own), then each row on a line. `None` when the
/// cells do not stand in text order or one spans a line break.
fn pieces(text: &str, t: &Table) -> Option<Vec<Line>> {
    let piece = |span: &Span, number: bool| {
        let s = &text[span.clone()];
        Piece {
            text: if number {
                ascii_digits(s)
            } else {
                s.to_string()
            },
            span: span.clone(),
        }
    };
    let line = |cells, lead| Line {
        cells,
        lead,
        delimiter: false,
    };
    let mut lines = Vec::new();
    if let Some(m) = &t.marker {
        lines.push(line(vec![piece(m, false)], None));
    }
    let one_per_line = matches!(t.layout, Layout::CellLines | Layout::Paragraphs);
    let mut header: Vec<Piece> = Vec::new();
    for h in &t.header {
        let broken = header
            .last()
            .is_some_and(|p| text[p.span.end..h.span.start].contains(['\n', '\r']));
        if broken && !one_per_line {
            lines.push(line(std::mem::take(&mut header), None));
        }
        header.push(piece(&h.span, false));
    }
    if !header.is_empty() {
        lines.push(line(header, None));
    }
    let mut seen: Vec<Span> = Vec::new();
    for r in &t.rows {
        let mut cells = Vec::new();
        for l in &r.labels {
            if !seen.contains(&l.span) {
                seen.push(l.span.clone());
                cells.push(piece(&l.span, false));
            }
        }
        if let Some(u) = &r.unknown_label {
            cells.push(piece(u, false));
        }
        let lead = cells.len();
        for c in r.cells.iter().chain(&r.extras) {
            cells.push(piece(&c.span, matches!(c.lexeme, Lexeme::Number(_))));
        }
        lines.push(line(cells, Some(lead)));
    }
    let mut at = 0;
    for p in lines.iter().flat_map(|l| &l.cells) {
        if p.span.start < at || text[p.span.clone()].contains(['\n', '\r']) {
            return None;
        }
        at = p.span.end.max(at);
    }
    Some(lines)
}

/// The lines the table stands on, whole, without the last line's break; and the lines of bare
/// `|` right after it (a run of empty cells written one cell per line) with them.
fn replaced(text: &str, t: &Table) -> Span {
    let start = line_start(text, t.span.start);
    let mut end = line_end(text, t.span.end.max(t.span.start));
    loop {
        let next = next_line(text, end);
        let line = &text[next.clone()];
        if next.end > t.region.end
            || next.start >= text.len()
            || !line.contains('|')
            || !line.chars().all(|c| c == '|' || c.is_whitespace())
        {
            return start..end;
        }
        end = next.end;
    }
}

/// The line after the break at `end`.
fn next_line(text: &str, end: usize) -> Span {
    let rest = &text[end..];
    let skip = if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(!rest.is_empty())
    };
    let start = end + skip;
    start..line_end(text, start)
}

/// The Markdown delimiter rows inside the table, put back among the output lines where they
/// stood (after the line holding the last cell before them). `None` when one stands inside what
/// becomes a line. Returns their spans, which the words check leaves out.
fn delimiter_rows(text: &str, span: &Span, lines: &mut Vec<Line>) -> Option<Vec<Span>> {
    let mut found = Vec::new();
    let mut at = span.start;
    while at <= span.end {
        let end = line_end(text, at);
        if is_delimiter_row(&text[at..end]) {
            found.push(at..end);
        }
        at = next_line(text, end).start;
        if at <= end {
            break;
        }
    }
    for d in found.iter().rev() {
        let before = lines
            .iter()
            .rposition(|l| l.cells.first().is_some_and(|c| c.span.start < d.start))?;
        if lines[before].cells.iter().any(|c| c.span.start > d.start) {
            return None;
        }
        let cells: Vec<Piece> = text[d.clone()]
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| Piece {
                text: c.trim().to_string(),
                span: d.clone(),
            })
            .collect();
        // A Markdown table's first row has as many cells as its delimiter row, or it is none.
        let row = &mut lines[before].cells;
        let end = row.last().map_or(d.start, |c| c.span.end);
        while row.len() < cells.len() {
            row.push(Piece {
                text: String::new(),
                span: end..end,
            });
        }
        lines.insert(
            before + 1,
            Line {
                cells,
                lead: None,
                delimiter: true,
            },
        );
    }
    Some(found)
}

/// What must survive formatting: every character of `span` but spaces, line breaks and `|`,
/// full-width digits read as ASCII (the one change made to a cell), delimiter rows left out.
fn essence(text: &str, span: &Span, delimiters: &[Span]) -> String {
    let kept: String = text[span.clone()]
        .char_indices()
        .filter(|&(i, c)| {
            let at = span.start + i;
            c != '|' && !c.is_whitespace() && !delimiters.iter().any(|d| d.contains(&at))
        })
        .map(|(_, c)| c)
        .collect();
    ascii_digits(&kept)
}

/// The same of the cells to be written.
fn essence_of(lines: &[Line]) -> String {
    let text: String = lines
        .iter()
        .filter(|l| !l.delimiter)
        .flat_map(|l| &l.cells)
        .map(|p| p.text.as_str())
        .collect();
    essence(&text, &(0..text.len()), &[])
}

/// Full-width digits as ASCII; everything else as written.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The lines written out: aligned lines pad their leading labels to one width and each value
/// column to its own; a delimiter row's dashes fill its columns.
fn render(lines: &mut [Line], layout: Layout) -> Vec<String> {
    let values = lines
        .iter()
        .filter(|l| !l.delimiter)
        .filter_map(|l| l.lead.map(|n| l.cells.len() - n))
        .max()
        .unwrap_or(0);
    // A line naming the leading column and each value column (a simple header, its delimiter)
    // lines up with the rows.
    for l in lines.iter_mut() {
        if l.lead.is_none() && l.cells.len() == values + 1 && values > 0 {
            l.lead = Some(1);
        }
    }
    let lead_text = |l: &Line, n: usize| {
        l.cells[..n]
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let mut lead_width = 0;
    let mut widths = vec![0; values];
    for l in lines.iter().filter(|l| !l.delimiter) {
        let Some(n) = l.lead else { continue };
        lead_width = lead_width.max(lead_text(l, n).width());
        for (w, p) in widths.iter_mut().zip(&l.cells[n..]) {
            *w = (*w).max(p.text.width());
        }
    }
    lines
        .iter()
        .map(|l| {
            // A row without labels (复议诉讼表's one row) has no leading cell to pad.
            let lead = l.lead.filter(|&n| n > 0);
            let mut cells: Vec<String> = match lead {
                Some(n) => {
                    let mut out = vec![lead_text(l, n)];
                    out.extend(l.cells[n..].iter().map(|p| p.text.clone()));
                    out
                }
                None => l.cells.iter().map(|p| p.text.clone()).collect(),
            };
            if l.lead.is_some() {
                let leading = lead.map(|_| lead_width);
                let column = leading.into_iter().chain(widths.iter().copied());
                for (c, w) in cells.iter_mut().zip(column) {
                    if l.delimiter {
                        *c = dashes(c, w);
                    } else {
                        pad(c, w);
                    }
                }
            } else if l.delimiter {
                for c in &mut cells {
                    *c = dashes(c, 3);
                }
            }
            match layout {
                Layout::Markdown => format!("| {} |", cells.join(" | ")),
                _ => format!("{} |", cells.join(" | ")),
            }
        })
        .collect()
}

fn pad(cell: &mut String, width: usize) {
    let w = cell.width();
    cell.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
}

/// A delimiter cell as wide as its column, its alignment colons kept.
fn dashes(cell: &str, width: usize) -> String {
    let (left, right) = (cell.starts_with(':'), cell.ends_with(':') && cell.len() > 1);
    let inner = width.max(3) - usize::from(left) - usize::from(right);
    format!(
        "{}{}{}",
        if left { ":" } else { "" },
        "-".repeat(inner),
        if right { ":" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../examples/report-2024.txt");

    /// The display column of each `|` on a line.
    fn bars(line: &str) -> Vec<usize> {
        line.char_indices()
            .filter(|&(_, c)| c == '|')
            .map(|(i, _)| line[..i].width())
            .collect()
    }

    #[test]
    fn a_table_becomes_aligned_rows_and_the_prose_stays() {
        let out = formatted(EXAMPLE);
        let table: Vec<&str> = out.lines().skip(16).take(4).collect();
        assert_eq!(
            table,
            [
                "第二十条第(一)项 |",
                "信息内容       | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
                "规章           | 0            | 0            | 0            |",
                "行政规范性文件 | 3            | 1            | 15           |",
            ]
        );
        // CJK counts two columns: the bars stand at the same display columns on every line.
        assert!(table[1..].iter().all(|l| bars(l) == bars(table[1])));
        let prose = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| !l.contains('|'))
                .map(String::from)
                .collect()
        };
        assert_eq!(prose(&out), prose(EXAMPLE));
        assert_eq!(formatted(&out), out);
    }

    #[test]
    fn full_width_digits_become_ascii_only_in_number_cells() {
        let text = EXAMPLE
            .replace("行政许可 | 1520 |", "行政许可 | １５２０ |")
            .replace("开展业务培训2次", "开展业务培训２次");
        let out = formatted(&text);
        assert!(out.contains("行政许可 | 1520 "), "{out}");
        assert!(out.contains("开展业务培训２次"));
        let (_, before) = crate::check(&text);
        let (_, after) = crate::check(&out);
        assert!(before.iter().any(|d| d.code == "fullwidth-digit"));
        assert!(!after.iter().any(|d| d.code == "fullwidth-digit"));
    }

    #[test]
    fn a_table_with_a_line_it_could_not_place_is_left_alone() {
        let text = EXAMPLE.replace(
            "规章 | 0 | 0 | 0 |",
            "规章 | 0 | 0 | 0 |\n注:本表不含内部文件",
        );
        let report = crate::parse(&text);
        let t = report.tables().next().unwrap();
        assert!(!t.skipped.is_empty());
        let edits = format(&text, &report);
        assert!(edits.iter().all(|e| e.span.start > t.span.end), "{edits:?}");
        assert_eq!(edits.len(), report.tables().count() - 1);
    }

    #[test]
    fn range_formatting_takes_the_tables_the_range_touches() {
        let report = crate::parse(EXAMPLE);
        let at = EXAMPLE.find("行政许可").unwrap();
        let edits = format_range(EXAMPLE, &report, at..at);
        assert_eq!(edits.len(), 1);
        assert!(EXAMPLE[edits[0].span.clone()].starts_with("第二十条第(五)项"));
        let prose = EXAMPLE.find("一、总体情况").unwrap();
        assert!(format_range(EXAMPLE, &report, prose..prose + 3).is_empty());
    }

    #[test]
    fn delimiter_cells_fill_their_columns() {
        assert_eq!(dashes("---", 6), "------");
        assert_eq!(dashes(":---:", 5), ":---:");
        assert_eq!(dashes(":--", 2), ":--");
    }
}
