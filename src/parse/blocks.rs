//! Reading text into blocks (headings, tables, runs of prose), from any line start; and
//! bringing a report's blocks up to date after an edit by reading only what the edit touched.
//!
//! A line's kind depends on the line alone, except where a table, once begun, claims the lines
//! after it. So reading may restart at any block boundary, and may stop as soon as it reaches,
//! past the edit, a line start where an old block began (or a line inside an old run of prose):
//! from there on the old blocks are still right, moved by the edit's change in length.

use super::{derive, figures, lines, read_table, table_start, tokens, year};
use crate::model::{Block, BlockKind, Mark, Report, Span};
use crate::template::{Format, Start};

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
    // Tables are read without the year; `derive` settles those that fit both formats.
    let year_format: Option<&'static Format> = None;
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
            let marker = matches!(super::defs_of(kind)[0].start, Start::Marker(_));
            let mut region = vec![line.clone()];
            let mut starts = vec![pos];
            let mut p = next;
            while p < text.len() {
                let (l, n) = lines::next_line(text, p);
                let ls = &text[l.clone()];
                if lines::heading(ls).is_some()
                    || super::is_prose(ls)
                    || table_start(text, &l).is_some_and(|k| k != kind || marker)
                {
                    break;
                }
                region.push(l);
                starts.push(p);
                p = n;
            }
            let (table, used) = read_table(text, &region, kind, year_format, markdown);
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
    // The block holding the edit's start, then back over what a table before it could look
    // through: a table reads ahead of its last line until a heading or a line of running
    // text, so an edit there may give it another row.
    // One byte back: an edit at a line's start may complete the line break before it (`\r` +
    // `\n`), which belongs to the block before.
    let probe = old.start - 1;
    let first = old_blocks
        .iter()
        .position(|b| b.span.end > probe)
        .unwrap_or(old_blocks.len() - 1);
    let mut start_idx = first;
    while start_idx > 0 {
        let prev = &old_blocks[start_idx - 1];
        let see_through = match prev.kind {
            BlockKind::Table(_) => true,
            BlockKind::Prose { .. } => !has_running_text(text, &prev.span),
            BlockKind::Heading { .. } => false,
        };
        if !see_through {
            break;
        }
        start_idx -= 1;
    }
    let from = old_blocks[start_idx].span.start;
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

    let mut blocks: Vec<Block> = old_blocks[..start_idx].to_vec();
    let rest: Vec<Block> = match how {
        Resume::Continue => Vec::new(),
        Resume::Stop(k) => old_blocks[k..].to_vec(),
        Resume::Merge { block, from_old } => {
            let old_block = &old_blocks[block];
            let marks = match &old_block.kind {
                BlockKind::Prose { marks } => marks
                    .iter()
                    .filter(|m| m.at() >= from_old)
                    .cloned()
                    .collect(),
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
            old_blocks[block + 1..].to_vec()
        }
    };
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
