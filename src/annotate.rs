//! What an editor draws over a report to show its arithmetic: each table's relations as they
//! stand (code lens), a cell's totals and parts (highlights), the cells a prose figure is read
//! against (go to definition), and what each span is (semantic tokens). All of it from the
//! relation instances the arithmetic rules read (`relations`), in byte offsets.

use crate::model::{BlockKind, Mark, Report, Span, Table};
use crate::relations::{At, Standing, counts, instances};
use crate::text::number::Lexeme;

/// How a table's relation instances stand. An instance is one relation at one row or column
/// (`Instance`): `broken` counts the instances the arithmetic rules find broken.
#[derive(Debug, Clone, PartialEq)]
pub struct TableStatus<'a> {
    pub table: &'a Table,
    pub held: usize,
    pub broken: usize,
    /// Blanks or words among their cells: not yet checked.
    pub unchecked: usize,
}

impl TableStatus<'_> {
    /// The lens title, saying what its count counts.
    pub fn title(&self) -> String {
        let total = self.held + self.broken + self.unchecked;
        if self.broken > 0 {
            format!(
                "{} 处勾稽关系不成立(共 {total} 处,每条关系在每行或每列各算一处)",
                self.broken
            )
        } else if self.unchecked == 0 {
            format!("勾稽关系全部成立(共 {total} 处)")
        } else {
            format!(
                "已核对的 {} 处勾稽关系成立,{} 处有未填或非数字的格,未核对",
                self.held, self.unchecked
            )
        }
    }
}

/// Every table read with rows whose template has relations, in text order.
pub fn tables(report: &Report) -> Vec<TableStatus<'_>> {
    report
        .tables()
        .filter(|t| !t.unread && !instances(t).is_empty())
        .map(|table| {
            let grid = counts(table);
            let mut status = TableStatus {
                table,
                held: 0,
                broken: 0,
                unchecked: 0,
            };
            for inst in instances(table) {
                match inst.standing(table.def, &grid) {
                    Standing::Holds => status.held += 1,
                    Standing::Broken => status.broken += 1,
                    Standing::Unchecked => status.unchecked += 1,
                }
            }
            status
        })
        .collect()
}

/// What a highlighted cell is to the cell under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The total of a relation the cursor's cell is in (the cursor's own, when it is one).
    Total,
    /// A part the total adds up (or takes away).
    Part,
}

/// On a value cell: for each relation instance it is the total of, that total and its parts;
/// for each it is a part of, that total and the cell. A cell both total and part is a
/// `Total`. Nothing on a cell in no relation, or off the cells.
pub fn highlights(report: &Report, offset: usize) -> Vec<(Span, Role)> {
    let Some((table, at)) = report
        .tables()
        .find_map(|t| t.cell_at(offset).map(|(at, _)| (t, at)))
    else {
        return Vec::new();
    };
    let mut roles: Vec<(At, Role)> = Vec::new();
    let mut mark = |cell: At, role: Role| match roles.iter_mut().find(|(c, _)| *c == cell) {
        Some((_, r)) if role == Role::Total => *r = Role::Total,
        Some(_) => {}
        None => roles.push((cell, role)),
    };
    for inst in instances(table).iter().filter(|i| i.involves(at)) {
        mark(inst.target, Role::Total);
        if inst.target == at {
            for &p in inst.plus.iter().chain(&inst.minus) {
                mark(p, Role::Part);
            }
        } else {
            mark(at, Role::Part);
        }
    }
    let mut out: Vec<(Span, Role)> = roles
        .into_iter()
        .filter_map(|((r, c), role)| Some((table.cell(r, c)?.place(), role)))
        .collect();
    out.sort_by_key(|(s, _)| s.start);
    out
}

/// The figure the prose states at `offset` (its number, or a denial's clause) and where the
/// cells it is read against stand; `None` where the prose states nothing the rules read.
pub fn figure_cells(text: &str, report: &Report, offset: usize) -> Option<(Span, Vec<Span>)> {
    let (span, told) = crate::rules::told_at(text, report, offset)?;
    let mut places: Vec<Span> = Vec::new();
    for p in told.into_iter().flat_map(|t| t.places) {
        if !places.contains(&p) {
            places.push(p);
        }
    }
    (!places.is_empty()).then_some((span, places))
}

/// What a span of the text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A section heading, or a table's 第二十条 title row.
    Heading,
    /// A row label or a column header, as the format names it.
    Label,
    /// A number in a cell that is the total of a relation.
    Total,
    /// Any other number in a value cell, or a figure the prose states.
    Number,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Every token of the report in text order, from one walk over its blocks. Spans may cover
/// several lines (a wrapped label); they never overlap.
pub fn tokens(report: &Report) -> Vec<Token> {
    let mut out = Vec::new();
    let mut push = |span: &Span, kind| {
        if !span.is_empty() {
            out.push(Token {
                span: span.clone(),
                kind,
            });
        }
    };
    let headings = |span: &Span| report.sections.iter().any(|s| s.heading == *span);
    for block in &report.blocks {
        match &block.kind {
            BlockKind::Heading { text, .. } if headings(text) => push(text, TokenKind::Heading),
            BlockKind::Heading { .. } => {}
            BlockKind::Prose { marks } => {
                for m in marks {
                    match m {
                        Mark::Heading(_, s) if headings(s) => push(s, TokenKind::Heading),
                        Mark::Figure(f) => {
                            if let Some((_, s)) = &f.value {
                                push(s, TokenKind::Number);
                            }
                        }
                        _ => {}
                    }
                }
            }
            BlockKind::Table(t) => {
                if let Some(m) = &t.marker {
                    push(m, TokenKind::Heading);
                }
                for h in t.header.iter().filter(|h| h.matched.is_some()) {
                    push(&h.span, TokenKind::Label);
                    if let Some(rest) = &h.rest {
                        push(rest, TokenKind::Label);
                    }
                }
                // Indexed `row * columns + column`, as `Counts`.
                let cols = t.def.columns.len();
                let mut totals = vec![false; t.def.rows.len() * cols];
                for i in instances(t) {
                    totals[i.target.0 * cols + i.target.1] = true;
                }
                for row in &t.rows {
                    for l in &row.labels {
                        push(&l.span, TokenKind::Label);
                        if let Some(rest) = &l.rest {
                            push(rest, TokenKind::Label);
                        }
                    }
                    for (c, cell) in row.cells.iter().enumerate() {
                        if !matches!(cell.lexeme, Lexeme::Number(_)) {
                            continue;
                        }
                        let total = row.def.is_some_and(|r| totals[r * cols + c]);
                        let kind = if total {
                            TokenKind::Total
                        } else {
                            TokenKind::Number
                        };
                        push(&cell.span, kind);
                    }
                }
            }
        }
    }
    // A torn label's rest stands after its row's values.
    out.sort_by_key(|t| t.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/report-2024.txt"
        ))
        .unwrap()
    }

    /// The byte offset of the last `needle` within the first `context`.
    fn at(text: &str, context: &str, needle: &str) -> usize {
        text.find(context).unwrap() + context.rfind(needle).unwrap()
    }

    #[test]
    fn the_example_has_one_broken_row_total_in_its_request_table() {
        let text = example();
        let report = crate::parse(&text);
        let status = tables(&report);
        let kinds: Vec<&str> = status.iter().map(|s| s.table.def.kind).collect();
        assert_eq!(kinds, ["申请表", "复议诉讼表"]);
        // 一's 总计 is 13 for 10 + 2: its row total, and the 总计 column's 一 + 二 = 三 + 四.
        assert_eq!(status[0].broken, 2, "{status:?}");
        assert!(status[0].title().starts_with("2 处勾稽关系不成立"));
        assert_eq!((status[1].broken, status[1].unchecked), (0, 0));
        assert!(status[1].title().starts_with("勾稽关系全部成立"));
        let fixed = text.replacen("| 0 | 0 | 13 |", "| 0 | 0 | 12 |", 1);
        let report = crate::parse(&fixed);
        assert_eq!(tables(&report)[0].broken, 0);
    }

    #[test]
    fn a_blank_total_is_unchecked_and_said_so() {
        let text = example().replacen("| 0 | 0 | 13 |", "| 0 | 0 |  |", 1);
        let report = crate::parse(&text);
        let s = &tables(&report)[0];
        assert_eq!(s.broken, 0, "{s:?}");
        assert!(s.unchecked > 0);
        assert!(s.title().contains("未核对"), "{}", s.title());
    }

    #[test]
    fn a_total_lights_its_parts_and_a_part_its_totals() {
        let text = example();
        let report = crate::parse(&text);
        let row = "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 13 |";
        let total = at(&text, row, "13");
        let lit = highlights(&report, total);
        let span = |o: usize, n: &str| o..o + n.len();
        assert!(lit.contains(&(span(total, "13"), Role::Total)));
        assert!(lit.contains(&(span(at(&text, row, "10"), "10"), Role::Part)));
        // It is also a part: of 一 + 二 = 三 + 四 in the 总计 column, whose total is 三's.
        let parts = lit.iter().filter(|(_, r)| *r == Role::Part).count();
        assert!(parts >= 6, "{lit:?}");
        let ten = at(&text, row, "10");
        let lit = highlights(&report, ten);
        assert!(lit.contains(&(span(ten, "10"), Role::Part)), "{lit:?}");
        assert!(lit.contains(&(span(total, "13"), Role::Total)), "{lit:?}");
        // Off the cells, and on a cell in no relation (行政许可): nothing.
        assert!(highlights(&report, at(&text, row, "本年新收")).is_empty());
        assert!(highlights(&report, at(&text, "行政许可 | 1520", "1520")).is_empty());
    }

    #[test]
    fn a_prose_figure_goes_to_the_cells_it_is_read_against() {
        let text = example();
        let report = crate::parse(&text);
        let figure = at(&text, "全年新收政府信息公开申请12件", "12");
        let (span, places) = figure_cells(&text, &report, figure).unwrap();
        assert_eq!(&text[span], "12");
        let total = at(
            &text,
            "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 13 |",
            "13",
        );
        assert_eq!(
            places,
            vec![Span {
                start: total,
                end: total + 2
            }]
        );
        // A count of something no claim reads (培训2次 is not 件), and plain words: nothing.
        assert!(figure_cells(&text, &report, at(&text, "开展业务培训2次", "2")).is_none());
        assert!(figure_cells(&text, &report, at(&text, "落实公开前", "公开")).is_none());
    }

    #[test]
    fn a_conjoined_figure_goes_to_each_cell_it_sums() {
        let said = "落实公开前保密审查,按季度清理失效文件。";
        let text = example().replacen(said, &format!("{said}其中予以公开及部分公开8件。"), 1);
        let report = crate::parse(&text);
        let (_, places) = figure_cells(&text, &report, at(&text, "部分公开8件", "8")).unwrap();
        let one = "(一)予以公开 | 6 | 1 | 0 | 0 | 0 | 0 | 7 |";
        let two =
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | 0 | 0 | 0 | 0 | 0 | 1 |";
        let cells: Vec<&str> = places.iter().map(|p| &text[p.clone()]).collect();
        assert_eq!(cells, ["7", "1"]);
        // The rows' 总计, their last cells.
        assert_eq!(places[0].start, at(&text, one, "7 |"));
        assert_eq!(places[1].start, at(&text, two, "1 |"));
    }

    #[test]
    fn tokens_are_ordered_and_name_headings_labels_totals_and_numbers() {
        let text = example();
        let report = crate::parse(&text);
        let tokens = tokens(&report);
        assert!(tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        let kind_of = |o: usize| tokens.iter().find(|t| t.span.start == o).map(|t| t.kind);
        assert_eq!(
            kind_of(at(&text, "一、总体情况", "一")),
            Some(TokenKind::Heading)
        );
        let row = "一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 13 |";
        assert_eq!(kind_of(at(&text, row, "一")), Some(TokenKind::Label));
        assert_eq!(kind_of(at(&text, row, "10")), Some(TokenKind::Number));
        assert_eq!(kind_of(at(&text, row, "13")), Some(TokenKind::Total));
        assert_eq!(
            kind_of(at(&text, "全年新收政府信息公开申请12件", "12")),
            Some(TokenKind::Number)
        );
        assert_eq!(
            kind_of(at(&text, "第二十条第(一)项", "第二十条第(一)项")),
            Some(TokenKind::Heading)
        );
        // Prose words are nothing.
        assert_eq!(kind_of(at(&text, "落实公开前", "落")), None);
    }
}
