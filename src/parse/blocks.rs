//! Reading text into blocks (headings, tables, runs of prose), from any line start; and
//! bringing a report's blocks up to date after an edit by reading only what the edit touched.
//!
//! A line's kind depends on the line alone, except where a table, once begun, claims the lines
//! after it. So reading may restart at any block boundary, and may stop as soon as it reaches,
//! past the edit, a line start where an old block began (or a line inside an old run of prose):
//! from there on the old blocks are still right, moved by the edit's change in length.

use super::{derive, figures, lines, read_table, table_start, tokens, year};
use crate::model::{Block, BlockKind, Mark, Report, Span, Table};
use crate::template::Start;

/// What reading should do at a line start, asked before each line.
pub enum Resume {
    Continue,
    /// The old blocks from this index on hold as they are (moved by the edit).
    Stop(usize),
    /// The rest of this old prose block, from this old offset, continues the prose here.
    Merge {
        block: usize,
        from_old: usize,
    },
}

/// Blocks from the line start `from` until the end of the text or until `resume` says stop.
pub fn read(
    text: &str,
    from: usize,
    markdown: bool,
    resume: &mut dyn FnMut(usize) -> Resume,
) -> (Vec<Block>, Resume) {
    let mut blocks: Vec<Block> = Vec::new();
    let mut prose: Option<(usize, Vec<Mark>)> = None;
    let close = |blocks: &mut Vec<Block>, prose: &mut Option<(usize, Vec<Mark>)>, at: usize| {
        if let Some((start, marks)) = prose.take() {
            blocks.push(Block {
                span: start..at,
                kind: BlockKind::Prose { marks },
            });
        }
    };
    let mut pos = from;
    while pos < text.len() {
        match resume(pos) {
            Resume::Continue => {}
            other => {
                close(&mut blocks, &mut prose, pos);
                return (blocks, other);
            }
        }
        let (line, next) = lines::next_line(text, pos);
        let s = &text[line.clone()];
        if let Some(def) = lines::heading(s) {
            close(&mut blocks, &mut prose, pos);
            blocks.push(Block {
                span: pos..next,
                kind: BlockKind::Heading {
                    def,
                    text: lines::trimmed(text, &line),
                },
            });
            pos = next;
            continue;
        }
        if let Some(kind) = table_start(text, &line) {
            let (table, used, region, starts, p) =
                region_table(text, line.clone(), pos, next, kind, markdown);
            if let Some(mut t) = table {
                let used = used.clamp(1, region.len());
                let end = starts.get(used).copied().unwrap_or(p);
                t.delimiter_rows = region[..used]
                    .iter()
                    .any(|l| tokens::is_delimiter_row(&text[l.clone()]));
                t.region = pos..p;
                close(&mut blocks, &mut prose, pos);
                blocks.push(Block {
                    span: pos..end,
                    kind: BlockKind::Table(t),
                });
                pos = end;
                continue;
            }
        }
        let marks = &mut prose.get_or_insert_with(|| (pos, Vec::new())).1;
        year::marks(text, &line, marks);
        figures::marks(text, &line, marks);
        if tokens::is_delimiter_row(s) {
            marks.push(Mark::Delimiter(line.start));
        }
        if let Some((def, at)) = lines::candidate(s) {
            marks.push(Mark::Heading(
                def,
                line.start + at.start..line.start + at.end,
            ));
        }
        pos = next;
    }
    close(&mut blocks, &mut prose, text.len());
    (blocks, Resume::Continue)
}

/// Most stretches of a table's own kind one table reads through (a header repeated after each
/// page break starts one, and so may its first row): past them, what follows is another table.
const MAX_STRETCHES: usize = 32;

/// The table of `kind` whose first line is `line` (at `pos`, the next line at `next`): the
/// table, the lines it used, its region's lines and their starts, and where the region ends.
///
/// A region runs until a heading, a line of running text or another kind's table start. A
/// line that starts a table of the same kind may be the header again after a page break, or
/// the table's own first row, so it does not end the region by itself: the table is read up to
/// it, and the region goes on past it only while the table is not complete or used every line
/// read. So each of many tables of one kind in a row reads its own lines and the next one's
/// start, not every line after it.
fn region_table(
    text: &str,
    line: Span,
    pos: usize,
    next: usize,
    kind: &'static str,
    markdown: bool,
) -> (Option<Table>, usize, Vec<Span>, Vec<usize>, usize) {
    let marker = matches!(super::defs_of(kind)[0].start, Start::Marker(_));
    let mut region = vec![line];
    let mut starts = vec![pos];
    let mut p = next;
    let mut stretches = 1;
    loop {
        let mut same_kind = false;
        while p < text.len() {
            let (l, n) = lines::next_line(text, p);
            let ls = &text[l.clone()];
            if lines::heading(ls).is_some() || super::is_prose(ls) {
                break;
            }
            if let Some(k) = table_start(text, &l) {
                same_kind = k == kind && !marker && stretches < MAX_STRETCHES;
                break;
            }
            region.push(l);
            starts.push(p);
            p = n;
        }
        // Read without the year; `derive` settles tables that fit both formats.
        let (table, used) = read_table(text, &region, kind, None, markdown);
        let done = table.as_ref().is_some_and(|t| {
            let last = t.def.rows.len() - 1;
            t.rows.iter().any(|r| r.def == Some(last)) && used < region.len()
        });
        if !same_kind || done {
            return (table, used, region, starts, p);
        }
        // The same-kind start joins the region as the first line of its stretch.
        let (l, n) = lines::next_line(text, p);
        region.push(l);
        starts.push(p);
        p = n;
        stretches += 1;
    }
}

pub fn has_delimiter(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match &b.kind {
        BlockKind::Table(t) => t.delimiter_rows,
        BlockKind::Prose { marks } => marks.iter().any(|m| matches!(m, Mark::Delimiter(_))),
        BlockKind::Heading { .. } => false,
    })
}

/// Whether a run of prose has a line of running text, which no table reads past.
fn has_running_text(text: &str, run: &Span) -> bool {
    let mut pos = run.start;
    while pos < run.end {
        let (line, next) = lines::next_line(text, pos);
        if super::is_prose(&text[line]) {
            return true;
        }
        pos = next;
    }
    false
}

/// Where reading may restart inside the run of prose `block` for an edit at `probe` (in the
/// text before the edit, unchanged up to it): the start of the line after the last line of
/// running text before the line holding `probe`, if that is past the run's start.
fn prose_restart(text: &str, block: &Block, probe: usize) -> Option<usize> {
    if !matches!(block.kind, BlockKind::Prose { .. }) || probe >= block.span.end {
        return None;
    }
    let b = text.as_bytes();
    // The start of the line holding `at`; the `\n` of a `\r\n` belongs to the line it ends.
    let line_of = |mut at: usize| {
        if at > 0 && b[at] == b'\n' && b[at - 1] == b'\r' {
            at -= 1;
        }
        b[..at]
            .iter()
            .rposition(|&c| c == b'\n' || c == b'\r')
            .map_or(0, |i| i + 1)
    };
    let mut cur = line_of(probe);
    while cur > block.span.start {
        let prev = line_of(cur - 1);
        let (line, _) = lines::next_line(text, prev);
        let s = &text[line.clone()];
        if super::is_prose(s) && lines::heading(s).is_none() && table_start(text, &line).is_none() {
            return Some(cur);
        }
        cur = prev;
    }
    None
}

/// Joins prose block `b` onto prose block `a` (which ends where `b` begins).
fn join(a: &mut Block, b: Block) {
    a.span.end = b.span.end;
    if let (BlockKind::Prose { marks }, BlockKind::Prose { marks: more }) = (&mut a.kind, b.kind) {
        marks.extend(more);
    }
}

/// Bring `report` up to date with `text`, which is its old text with `old` (a byte range of
/// the old text) replaced by `new_len` bytes. The result equals `parse(text)`.
pub fn edit(report: &mut Report, text: &str, old: Span, new_len: usize) {
    let delta = new_len as isize - old.len() as isize;
    let new_end = old.start + new_len;
    if report.blocks.is_empty() || old.start < 3 {
        // An edit at the very start may add or remove a byte-order mark: read it all again.
        *report = super::parse(text);
        return;
    }
    let old_blocks = std::mem::take(&mut report.blocks);
    // The block holding the edit's start, or the first table before it whose region reaches
    // the edit's line: a table reads ahead of its last line (and looks at all it read, its
    // layout for one) until a heading, a line of running text or another kind of table, so
    // an edit there may change it. Tables whose region ended earlier, and prose (read line by
    // line), stand.
    // One byte back: an edit at a line's start may complete the line break before it (`\r` +
    // `\n`), which belongs to the block before.
    let probe = old.start - 1;
    let first = old_blocks
        .iter()
        .position(|b| b.span.end > probe)
        .unwrap_or(old_blocks.len() - 1);
    // (Looking back for `\n` alone errs early with `\r` line breaks, which costs a reread.)
    let line_start = text.as_bytes()[..probe.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let mut start_idx = first;
    for k in (0..first).rev() {
        match &old_blocks[k].kind {
            BlockKind::Table(t) if t.region.end >= line_start => start_idx = k,
            BlockKind::Table(_) => {}
            BlockKind::Prose { .. } if !has_running_text(text, &old_blocks[k].span) => {}
            _ => break,
        }
    }
    // Inside a run of prose, reading restarts after the last line of running text before
    // the edit: no table before that line reads past it, and lines are read alone.
    let restart = (start_idx == first)
        .then(|| prose_restart(text, &old_blocks[first], probe))
        .flatten();
    let from = restart.unwrap_or(old_blocks[start_idx].span.start);
    // Blocks that begin after the edit are untouched text.
    let untouched = old_blocks
        .iter()
        .position(|b| b.span.start > old.end)
        .unwrap_or(old_blocks.len());

    let mut resume = |pos: usize| -> Resume {
        if pos < new_end.max(from) || pos <= from {
            return Resume::Continue;
        }
        let Some(q) = pos.checked_add_signed(-delta) else {
            return Resume::Continue;
        };
        if q < old.end {
            return Resume::Continue;
        }
        // The old block holding old offset q.
        let k = old_blocks
            .partition_point(|b| b.span.start <= q)
            .saturating_sub(1);
        let b = &old_blocks[k];
        if b.span.start == q && k >= untouched {
            return match b.kind {
                BlockKind::Prose { .. } => Resume::Merge {
                    block: k,
                    from_old: q,
                },
                _ => Resume::Stop(k),
            };
        }
        // Past the edit's end, a line start here was a line start in the old text too.
        if matches!(b.kind, BlockKind::Prose { .. })
            && b.span.start < q
            && q < b.span.end
            && q > old.end
        {
            return Resume::Merge {
                block: k,
                from_old: q,
            };
        }
        Resume::Continue
    };
    let (mut fresh, how) = read(text, from, report.markdown, &mut resume);

    // The old blocks are moved, never copied: a run of prose may hold 2 MB of marks.
    let mut old_blocks = old_blocks;
    let rest: Vec<Block> = match how {
        Resume::Continue => Vec::new(),
        Resume::Stop(k) => old_blocks.split_off(k),
        Resume::Merge { block, from_old } => {
            let after = old_blocks.split_off(block + 1);
            let old_block = &mut old_blocks[block];
            let marks = match &mut old_block.kind {
                BlockKind::Prose { marks } => {
                    let keep = marks.partition_point(|m| m.at() < from_old);
                    marks.split_off(keep)
                }
                _ => Vec::new(),
            };
            let mut tail = Block {
                span: from_old..old_block.span.end,
                kind: BlockKind::Prose { marks },
            };
            tail.shift(delta);
            match fresh.last_mut() {
                Some(last)
                    if matches!(last.kind, BlockKind::Prose { .. })
                        && last.span.end == tail.span.start =>
                {
                    join(last, tail)
                }
                _ => fresh.push(tail),
            }
            after
        }
    };
    old_blocks.truncate(start_idx + usize::from(restart.is_some()));
    let mut blocks = old_blocks;
    if let Some(r) = restart
        && let Some(head) = blocks.last_mut()
    {
        // The run's lines before the restart, with their marks.
        head.span.end = r;
        if let BlockKind::Prose { marks } = &mut head.kind {
            marks.truncate(marks.partition_point(|m| m.at() < r));
        }
    }
    // A run of prose that now follows a run of prose is one run.
    let mut fresh = fresh.into_iter();
    if let Some(first_new) = fresh.next() {
        match blocks.last_mut() {
            Some(prev)
                if matches!(prev.kind, BlockKind::Prose { .. })
                    && matches!(first_new.kind, BlockKind::Prose { .. }) =>
            {
                join(prev, first_new)
            }
            _ => blocks.push(first_new),
        }
    }
    blocks.extend(fresh);
    for mut b in rest {
        b.shift(delta);
        blocks.push(b);
    }
    let markdown = has_delimiter(&blocks);
    if markdown != report.markdown {
        // Every table reads differently in a Markdown document: read it all again.
        *report = super::parse(text);
        return;
    }
    *report = derive(text, blocks, markdown);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        Block {
            span: 0..text.len(),
            kind: BlockKind::Prose { marks: Vec::new() },
        }
    }

    #[test]
    fn prose_restarts_after_the_last_line_of_running_text() {
        let running = "本年度我局认真贯彻落实政府信息公开条例,持续推进政务公开工作。\n";
        let text = format!("{running}{running}短行\n行政许可 | 289 | ||\n{running}");
        let b = block(&text);
        let second = running.len();
        let short = 2 * running.len();
        // In the second line: after the first. In the short lines: after the second.
        assert_eq!(prose_restart(&text, &b, second + 3), Some(second));
        assert_eq!(
            prose_restart(&text, &b, short + "短行\n行".len()),
            Some(short)
        );
        // In the first line: nothing before it to restart after.
        assert_eq!(prose_restart(&text, &b, 3), None);
        // A `\r\n` break: its `\n` belongs to the line it ends.
        let crlf = text.replace('\n', "\r\n");
        let second = running.len() + 1;
        assert_eq!(
            prose_restart(&crlf, &block(&crlf), 2 * second - 1),
            Some(second)
        );
    }

    /// Tables of one kind in a row: each reads its own lines and the next one's start, not
    /// every line after it (which made 500 of them quadratic to open), and an edit in the last
    /// one reads that one again, not the others.
    #[test]
    fn tables_of_one_kind_in_a_row_read_their_own_lines() {
        let example = include_str!("../../examples/report-2024.txt");
        let report = super::super::parse(example);
        let apply = report
            .blocks
            .iter()
            .find(|b| matches!(&b.kind, BlockKind::Table(t) if t.def.kind == "申请表"))
            .unwrap();
        let table = &example[apply.span.clone()];
        let text = format!(
            "{}{}{}",
            &example[..apply.span.end],
            table.repeat(3),
            &example[apply.span.end..]
        );
        let mut report = super::super::parse(&text);
        let tables: Vec<(Span, Span)> = report
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Table(t) if t.def.kind == "申请表" => {
                    Some((b.span.clone(), t.region.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 4);
        for (i, (span, region)) in tables.iter().enumerate() {
            assert_eq!(span.len(), table.len(), "table {i} is one copy");
            if let Some((next, _)) = tables.get(i + 1) {
                assert!(
                    region.end <= next.end,
                    "table {i} reads no further than the next"
                );
            }
        }
        // An edit in the last copy: the blocks before it are kept, not read again (a fresh
        // read would give equal blocks, so the sign is that they are the same allocation).
        let before: Vec<*const crate::model::Row> =
            report.tables().map(|t| t.rows.as_ptr()).collect();
        let at = tables[3].0.start + table.find("| 1 |").unwrap() + 2;
        let mut edited = text.clone();
        edited.replace_range(at..at + 1, "2");
        edit(&mut report, &edited, at..at + 1, 1);
        let after: Vec<*const crate::model::Row> =
            report.tables().map(|t| t.rows.as_ptr()).collect();
        let earlier = report.tables().filter(|t| t.span.start < at).count() - 1;
        let kept = before
            .iter()
            .zip(&after)
            .take_while(|(a, b)| a == b)
            .count();
        assert_eq!(kept, earlier, "the tables before the edited one are kept");
        assert_eq!(report, super::super::parse(&edited));
    }

    #[test]
    fn short_lines_and_tables_starts_are_read_again() {
        let text = "短行\n第二十条第(五)项 | |||\n信息内容 | 本年处理决定数量 | ||\n";
        assert_eq!(prose_restart(text, &block(text), text.len() - 2), None);
    }
}
