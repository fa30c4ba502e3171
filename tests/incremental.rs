//! The incrementally kept model equals a fresh parse, edit after edit (byte offsets; the
//! server-level property test with LSP positions is in src/lsp/documents.rs).

mod common;

/// A text and its incrementally kept report, compared with a fresh parse after every edit.
struct Doc {
    text: String,
    report: gongkai::Report,
}

impl Doc {
    fn new(text: String) -> Doc {
        let report = gongkai::parse(&text);
        Doc { text, report }
    }

    fn edit(&mut self, start: usize, end: usize, new: &str) {
        self.text.replace_range(start..end, new);
        gongkai::parse::edit(&mut self.report, &self.text, start..end, new.len());
        let fresh = gongkai::parse(&self.text);
        if self.report != fresh {
            for (i, (a, b)) in self.report.blocks.iter().zip(&fresh.blocks).enumerate() {
                if a != b {
                    let (x, y) = (format!("{a:#?}"), format!("{b:#?}"));
                    let diff: Vec<String> = x
                        .lines()
                        .zip(y.lines())
                        .enumerate()
                        .filter(|(_, (p, q))| p != q)
                        .take(6)
                        .map(|(n, (p, q))| format!("line {n}: {p} ≠ {q}"))
                        .collect();
                    panic!("block {i} differs:\n{}", diff.join("\n"));
                }
            }
            assert_eq!(self.report.blocks.len(), fresh.blocks.len(), "block count");
            assert_eq!(self.report, fresh);
        }
    }

    fn find(&self, s: &str) -> usize {
        self.text.find(s).unwrap_or_else(|| panic!("{s:?}"))
    }

    /// Byte offset of an LSP position (UTF-16), clamped.
    fn at(&self, line: u32, column: u32) -> usize {
        use gongkai::text::lines::{Encoding, LineIndex, Position};
        LineIndex::new(&self.text).offset(&self.text, Position { line, column }, Encoding::Utf16)
    }
}

fn seed(n: usize) -> Doc {
    Doc::new(common::seeds().swap_remove(n).1)
}

#[test]
fn a_line_break_in_the_preamble_moves_every_table() {
    seed(3).edit(9, 9, "\n");
}

#[test]
fn a_year_that_disappears_sends_tied_tables_back_to_their_default_reading() {
    // Seed 002 (a 2020 report) read in the 2019 format; delete its 统计期限 and title lines.
    let mut d = seed(2);
    let (from, to) = (d.find("发布单位"), d.find("一、总体情况"));
    d.edit(from, to, "");
}

#[test]
fn a_new_row_after_a_table_joins_it() {
    let mut d = Doc::new(common::example());
    let at = d.find("四、政府信息公开行政复议");
    d.edit(at, at, "注:单位为件\n");
    let at = d.find("第二十条第(六)项");
    d.edit(at, at, "其他对外管理服务事项 | 4 | ||\n");
}

#[test]
fn a_heading_typed_into_prose_splits_the_run_and_deleting_it_joins_it() {
    let mut d = Doc::new(common::example());
    let at = d.find("(二)依申请公开");
    d.edit(at, at, "二、主动公开政府信息情况\n");
    let from = d.find("二、主动公开政府信息情况\n(二)");
    d.edit(from, from + "二、主动公开政府信息情况\n".len(), "");
}

#[test]
fn crlf_halves_and_surrogate_neighbours() {
    let mut d = Doc::new(common::crlf(&common::example()));
    let at = d.find("\r\n") + 1;
    d.edit(at, at, "𠀀");
    let at = d.find("\r\n二、") + 1;
    d.edit(at, at + 1, "");
    let at = d.find("\r二、") + 1;
    d.edit(at, at, "\n");
}

#[test]
fn a_table_start_typed_where_the_text_ended() {
    let mut d = seed(0);
    let (a, b) = (d.at(68, 16), d.at(68, 48));
    d.edit(a, b, "\n");
    let a = d.at(69, 0);
    d.edit(a, a, "第二十条第(一)项 | |||\n");
}

#[test]
fn the_last_line_cut_then_a_table_started_after_it() {
    let mut d = seed(0);
    let from = d.find("本年度无收") + "本年度无收".len();
    let to = d.text.len();
    d.edit(from, to, "\n");
    let end = d.text.len();
    d.edit(end, end, "第二十条第(一)项 | |||\n");
}

#[test]
fn a_heading_typed_after_a_trailing_table_then_split() {
    let mut d = seed(0);
    let (a, b) = (d.at(68, 0), d.at(68, 16));
    d.edit(a, b, "\n");
    let a = d.at(68, 0);
    d.edit(a, a, "第二十条第(一)项 | |||\n");
    d.edit(0, 0, "\n");
    let a = d.at(71, 0);
    d.edit(a, a, "一、总体情况");
    let a = d.at(71, 1);
    d.edit(a, a, "\n");
}

#[test]
fn delimiter_rows_typed_near_a_trailing_table() {
    let mut d = seed(2);
    let (a, b) = (d.at(70, 0), d.at(72, 2));
    d.edit(a, b, "信息内容 | 本年制发件数 | ||\n");
    let a = d.at(71, 0);
    d.edit(a, a, "第二十条第(一)项 | |||\n");
    let a = d.at(72, 0);
    d.edit(a, a, "| --- |");
    let (a, b) = (d.at(3, 0), d.at(4, 1));
    d.edit(a, b, "| --- |");
}

#[test]
fn every_cell_of_a_table_retyped() {
    let mut d = Doc::new(common::example());
    let spans: Vec<_> = d
        .report
        .tables()
        .flat_map(|t| {
            t.rows
                .iter()
                .flat_map(|r| r.cells.iter().map(|c| c.span.clone()))
        })
        .collect();
    for span in spans.into_iter().rev() {
        d.edit(span.start, span.end, "9");
    }
}

/// Inside a run of prose, reading restarts after the last line of running text: a table start
/// typed below running text, then rows typed under it, make one table.
#[test]
fn a_table_typed_into_prose_line_by_line() {
    let mut d = seed(1);
    let at = d.find("(3)政府信息管理。");
    d.edit(at, at, "第二十条第(五)项 | |||\n");
    let at = d.find("(3)政府信息管理。");
    d.edit(at, at, "信息内容 | 本年处理决定数量 | ||\n");
    let at = d.find("(3)政府信息管理。");
    d.edit(at, at, "行政许可 | 289 | ||\n");
    let at = d.find("行政许可 | 289 | ||\n(3)");
    d.edit(at + "行政许可 | ".len(), at + "行政许可 | 289".len(), "3");
}

/// The figure a prose line states, read against the claims once: an edit in a table keeps
/// the reading (the same memo), and the findings are those of a fresh check.
#[test]
fn a_table_edit_keeps_what_the_prose_figures_read() {
    use gongkai::model::{BlockKind, Mark};
    let figure = "全年共受理政府信息公开申请2件";
    let memo = |d: &Doc| {
        let at = d.find(figure);
        d.report
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Prose { marks } => marks.iter().find_map(|m| match m {
                    Mark::Figure(f) if f.sentence.contains(&at) && f.value.is_some() => {
                        f.memo.0.get().cloned()
                    }
                    _ => None,
                }),
                _ => None,
            })
            .expect("the figure, read")
    };
    let mut d = seed(1);
    gongkai::rules::check(&d.text, &d.report);
    let read = memo(&d);
    let row = "一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | ";
    let cell = d.find(row) + row.len() - 2;
    d.edit(cell, cell + 1, "3");
    let findings = gongkai::rules::check(&d.text, &d.report);
    assert!(std::sync::Arc::ptr_eq(&read, &memo(&d)), "read again");
    assert_eq!(findings, gongkai::check(&d.text).1);
    assert!(findings.iter().any(|f| f.code == "narrative-count"));
}
