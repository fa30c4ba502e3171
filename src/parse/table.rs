//! Assembling one table from its token stream against one format's definition of it.
//!
//! Rows are recovered from the definition, not from line breaks: a row begins at a label the
//! definition knows and takes as many value cells as the table has columns; empty cells past
//! that are column-span padding, empty cells within it are blanks. This is what lets one cell
//! per line, one cell per paragraph and `|`-rows parse to the same table.

use crate::model::{Cell, HeaderCell, LabelCell, Layout, Row, Span, Table};
use crate::parse::tokens::{Token, token, words};
use crate::template::{Exact, Label, MatchKind, Probe, Start, TableDef, exact, match_label};
use crate::text::normalize::{fold, strip_numbering};
use crate::text::number::Lexeme;

/// A table as one definition reads it, and how well that definition fits.
pub struct Assembly {
    pub table: Table,
    pub score: i32,
    /// Lines of the region the table took; the rest is prose.
    pub lines_used: usize,
}

enum Class {
    Empty,
    Value,
    Group(LabelCell),
    Item(usize, LabelCell),
    Other,
}

fn weight(kind: MatchKind) -> i32 {
    match kind {
        MatchKind::Exact => 3,
        MatchKind::Variant => 2,
        MatchKind::Truncated | MatchKind::Misspelt => 1,
    }
}

fn rank(kind: MatchKind) -> usize {
    match kind {
        MatchKind::Exact => 0,
        MatchKind::Variant => 1,
        MatchKind::Truncated => 2,
        MatchKind::Misspelt => 3,
    }
}

struct Assembler<'a> {
    text: &'a str,
    tokens: &'a [Token],
    def: &'static TableDef,
    layout: Layout,
    labeled: bool,
    rows: Vec<Row>,
    current: Option<Row>,
    pending_groups: Vec<LabelCell>,
    group_context: Option<&'static str>,
    next_expected: usize,
    score: i32,
    skipped: Vec<Span>,
    /// Labels read cut short (`(四)无`, `行政规范`) and pieces of labels skipped, which the
    /// rest on a later line (`法提供`, `性文件`) may complete: each span and what it reads so far.
    cut: Vec<(Span, String)>,
}

/// Tokens of words one space apart that end with a numbered row label of `def`, while the
/// whole is none: `(三)不 4.保护第三方合法权益`, a narrow column's piece of a spanning label
/// set one space before the row's own (pdftotext). Each becomes the piece and the label.
fn split_pieces(text: &str, tokens: &[Token], def: &'static TableDef) -> Option<Vec<Token>> {
    let labels = || def.rows.iter().filter_map(|r| r.label.as_ref());
    let split = |t: &Token| -> Option<(Span, Span)> {
        if !matches!(t.lexeme, Lexeme::Other) || exact(def, &t.folded).is_some() {
            return None;
        }
        let s = &text[t.span.clone()];
        let words = words(s);
        if words.len() < 2 {
            return None;
        }
        let whole = Probe::new(&t.folded);
        if labels()
            .chain(def.groups)
            .any(|l| match_label(&whole, l).is_some())
        {
            return None;
        }
        (1..words.len()).find_map(|k| {
            let rest = fold(&s[words[k].start..]);
            let probe = Probe::new(&rest);
            let numbered = strip_numbering(&rest).len() < rest.len();
            let names_row = labels().any(|l| {
                matches!(
                    match_label(&probe, l),
                    Some(MatchKind::Exact | MatchKind::Truncated)
                )
            });
            (numbered && names_row).then(|| {
                let at = t.span.start;
                (at..at + words[k - 1].end, at + words[k].start..t.span.end)
            })
        })
    };
    let first = tokens.iter().position(|t| split(t).is_some())?;
    let mut out = tokens[..first].to_vec();
    for t in &tokens[first..] {
        match split(t) {
            Some((piece, label)) => {
                let mut a = token(text, piece.clone(), piece, t.line);
                a.line_start = t.line_start;
                let mut b = token(text, label.clone(), label, t.line);
                b.line_end = t.line_end;
                out.push(a);
                out.push(b);
            }
            None => out.push(t.clone()),
        }
    }
    Some(out)
}

pub fn assemble(text: &str, tokens: &[Token], def: &'static TableDef, layout: Layout) -> Assembly {
    let split = if layout == Layout::Spaced {
        split_pieces(text, tokens, def)
    } else {
        None
    };
    let tokens = split.as_deref().unwrap_or(tokens);
    let mut a = Assembler {
        text,
        tokens,
        def,
        layout,
        labeled: def.rows.iter().any(|r| r.label.is_some()),
        rows: Vec::with_capacity(def.rows.len()),
        current: None,
        pending_groups: Vec::new(),
        group_context: None,
        next_expected: 0,
        score: 0,
        skipped: Vec::new(),
        cut: Vec::new(),
    };
    let mut i = 0;
    let mut marker = None;
    if let Start::Marker(m) = def.start
        && tokens.first().is_some_and(|t| t.folded == fold(m))
    {
        marker = Some(tokens[0].span.clone());
        i = 1;
    }
    let (header, after_header) = a.header(i);
    i = after_header;
    let used = a.rows_from(i);
    let last = tokens[..used.max(1)]
        .iter()
        .rev()
        .find(|t| !t.is_empty())
        .map_or(tokens[0].slot.end, |t| t.span.end);
    let start = tokens.first().map_or(0, |t| t.span.start);
    Assembly {
        score: a.score,
        lines_used: tokens[used.clamp(1, tokens.len()) - 1].line + 1,
        table: Table {
            def,
            fits: Vec::new(),
            tied: Vec::new(),
            delimiter_rows: false,
            region: 0..0,
            span: start..last.max(start),
            marker,
            layout,
            header,
            rows: a.rows,
            skipped: a.skipped,
            unread: false,
        },
    }
}

/// Rows that a clean table, or one with a slip or two, does not give before a table's cells
/// are taken to stand out of their rows' order.
const SCRAMBLED_ROWS: usize = 3;

/// Whether a table's cells stand out of their rows' order, as plain `pdftotext` (neither
/// `-layout` nor `-raw`) writes a table with merged cells: a group's values before its labels,
/// two labels run together, a label's pieces among values. Told by what no typing slip gives:
/// several rows that are odd (a row the format lacks, values past the row's columns, words in
/// a value cell), or one value cell holding the rest of its row's label (`行政处` … `罚`) or
/// words of a column's header (`未经复议直接起诉`).
pub fn scrambled(text: &str, table: &Table) -> bool {
    let mut odd = 0;
    for r in &table.rows {
        let words = || r.cells.iter().filter(|c| matches!(c.lexeme, Lexeme::Other));
        if words().any(|c| torn_label(text, table.def, r, c)) {
            return true;
        }
        if r.unknown_label.is_some() || !r.extras.is_empty() || words().next().is_some() {
            odd += 1;
            if odd == SCRAMBLED_ROWS {
                return true;
            }
        }
    }
    false
}

/// A value cell's words complete its row's label, or are words of a column's header.
fn torn_label(text: &str, def: &TableDef, row: &Row, cell: &Cell) -> bool {
    let words = fold(&text[cell.span.clone()]);
    if words.is_empty() {
        return false;
    }
    let header = words.chars().count() >= 2
        && def.columns.iter().any(|c| {
            fold(c.label.official).contains(&words)
                || c.group.is_some_and(|g| fold(g).contains(&words))
        });
    header
        || row.item_label().is_some_and(|l| {
            let whole = fold(&text[l.span.clone()]) + &words;
            let whole = strip_numbering(&whole);
            std::iter::once(l.label.official)
                .chain(l.label.variants.iter().copied())
                .any(|w| strip_numbering(&fold(w)) == whole)
        })
}

impl Assembler<'_> {
    /// Header cells from `i` until the first row; each aligned with the expected header.
    fn header(&mut self, mut i: usize) -> (Vec<HeaderCell>, usize) {
        let mut cursor = 0;
        let mut cells = Vec::new();
        while i < self.tokens.len() {
            let t = &self.tokens[i];
            if t.is_empty() {
                i += 1;
                continue;
            }
            let (found, width) = self.wrapped(i, |folded| {
                let m = self.header_match(folded, cursor)?;
                Some((m, rank(m.1)))
            });
            if found.is_none() {
                let starts_rows = if self.labeled {
                    !matches!(self.classify(i).0, Class::Other | Class::Value)
                } else {
                    matches!(t.lexeme, Lexeme::Number(_) | Lexeme::Blank { marker: true })
                };
                if starts_rows {
                    break;
                }
                // Cells one space apart on one line (`结果维持 结果 其他 尚未 总计`, pdftotext
                // -raw): each word a cell, when each is one.
                if let Some(words) = self.header_words(t, cursor) {
                    for (span, (l, k, next)) in words {
                        cursor = next;
                        self.score += weight(k);
                        cells.push(HeaderCell {
                            span,
                            matched: Some((l, k)),
                            rest: None,
                        });
                    }
                    i += 1;
                    continue;
                }
                if self.completes_header(t, &mut cells) {
                    i += 1;
                    continue;
                }
                // An unrecognised header cell stands in the slot it occupies, so the cells
                // after it stay aligned with the expected header.
                cursor += 1;
            }
            let matched = found.map(|(l, k, next)| {
                cursor = next;
                (l, k)
            });
            self.score += matched.map_or(-1, |(_, k)| weight(k));
            cells.push(HeaderCell {
                span: t.span.start..self.tokens[i + width - 1].span.end,
                matched,
                rest: None,
            });
            i += width;
        }
        (cells, i)
    }

    /// The header cell `folded` is, with the cursor after it: the expected cell at the
    /// cursor, else the next one written exactly, else any written exactly (the cursor stays).
    fn header_match(
        &self,
        folded: &str,
        cursor: usize,
    ) -> Option<(&'static Label, MatchKind, usize)> {
        let expected = self.def.header;
        let probe = Probe::new(folded);
        let exactly = |l: &&'static Label| match_label(&probe, l) == Some(MatchKind::Exact);
        if let Some(l) = expected.get(cursor)
            && let Some(k) = match_label(&probe, l)
        {
            return Some((l, k, cursor + 1));
        }
        let ahead = cursor.min(expected.len());
        if let Some(k) = expected[ahead..].iter().position(|l| exactly(&l)) {
            return Some((&expected[ahead + k], MatchKind::Exact, ahead + k + 1));
        }
        let l = expected.iter().find(exactly)?;
        Some((l, MatchKind::Exact, cursor))
    }

    /// A token of words one space apart, each a header cell in turn from `cursor`; else, the
    /// words being a run of the expected header elsewhere (text laid out by columns may set
    /// the header's lines out of order), that run.
    #[allow(clippy::type_complexity)]
    fn header_words(
        &self,
        t: &Token,
        cursor: usize,
    ) -> Option<Vec<(Span, (&'static Label, MatchKind, usize))>> {
        let s = &self.text[t.span.clone()];
        let words = words(s);
        if words.len() < 2 {
            return None;
        }
        let folded: Vec<String> = words.iter().map(|w| fold(&s[w.clone()])).collect();
        let span = |w: &Span| t.span.start + w.start..t.span.start + w.end;
        let in_turn = || {
            let mut at = cursor;
            let mut out = Vec::new();
            for (w, f) in words.iter().zip(&folded) {
                let m = self.header_match(f, at)?;
                at = m.2;
                out.push((span(w), m));
            }
            Some(out)
        };
        let expected = self.def.header;
        let run = || {
            (0..=expected.len().checked_sub(words.len())?).find_map(|p| {
                words
                    .iter()
                    .zip(&folded)
                    .enumerate()
                    .map(|(j, (w, f))| {
                        let l = &expected[p + j];
                        let k = match_label(&Probe::new(f), l)?;
                        Some((span(w), (l, k, p + j + 1)))
                    })
                    .collect::<Option<Vec<_>>>()
            })
        };
        in_turn().or_else(run)
    }

    /// Whether the words of token `t` are each the rest of a header cell read cut short before
    /// (`科研` … `机构`, `(本列数据…等于第三项加` … `第四项之和)`: a narrow PDF column wraps each
    /// cell, and text laid out by columns sets the rests on a later line, among other cells).
    /// Each completes the first cut-short cell it makes whole, which then reads exact.
    fn completes_header(&self, t: &Token, cells: &mut [HeaderCell]) -> bool {
        if !matches!(t.lexeme, Lexeme::Other) {
            return false;
        }
        let s = &self.text[t.span.clone()];
        // Each word: the cell it completes, how the whole reads, the word's span.
        let mut done: Vec<(usize, MatchKind, Span)> = Vec::new();
        for w in words(s) {
            let rest = fold(&s[w.clone()]);
            let whole = |k: usize| {
                let (l, kind) = cells[k].matched?;
                let joined = fold(&self.text[cells[k].span.clone()]) + &rest;
                let reads = match_label(&Probe::new(&joined), l)?;
                (kind == MatchKind::Truncated && reads != MatchKind::Truncated).then_some(reads)
            };
            let Some((k, reads)) = (0..cells.len())
                .filter(|k| !done.iter().any(|(d, _, _)| d == k))
                .find_map(|k| whole(k).map(|r| (k, r)))
            else {
                return false;
            };
            done.push((k, reads, t.span.start + w.start..t.span.start + w.end));
        }
        for (k, reads, piece) in &done {
            if let Some((_, kind)) = &mut cells[*k].matched {
                *kind = *reads;
            }
            // Written otherwise than the official words, the cell is reported whole.
            if *reads != MatchKind::Exact {
                cells[*k].rest = Some(piece.clone());
            }
        }
        !done.is_empty()
    }

    /// What `read` makes of token `i`, or of it joined with the lines of words after it when
    /// that reads better: a label wrapped over up to four lines by a narrow column
    /// (`行政规范` / `性文件`). `read` gives a value and its rank (0 best); returns the best
    /// value and how many tokens it took.
    fn wrapped<T>(
        &self,
        i: usize,
        read: impl Fn(&str) -> Option<(T, usize)>,
    ) -> (Option<T>, usize) {
        const MAX_LINES: usize = 4;
        let t = &self.tokens[i];
        let mut best = read(&t.folded).map(|(v, r)| (v, r, 1));
        let mut joined = String::new();
        for k in 1..MAX_LINES {
            if best.as_ref().is_some_and(|(_, r, _)| *r == 0) || !self.tokens[i + k - 1].line_end {
                break;
            }
            let Some(next) = self.tokens.get(i + k) else {
                break;
            };
            if !next.line_start || next.is_empty() || !matches!(next.lexeme, Lexeme::Other) {
                break;
            }
            if joined.is_empty() {
                joined.push_str(&t.folded);
            }
            joined.push_str(&next.folded);
            let Some((v, r)) = read(&joined) else {
                break;
            };
            if best.as_ref().is_none_or(|(_, b, _)| r < *b) {
                best = Some((v, r, k + 1));
            }
        }
        match best {
            Some((v, _, width)) => (Some(v), width),
            None => (None, 1),
        }
    }

    /// The best label of the definition for `folded`: rows first, by match quality, then the
    /// row under the current group, then the row expected next.
    fn best_label(&self, folded: &str) -> Option<Class> {
        // An exact label is the best match there can be; a table's labels are distinct.
        match exact(self.def, folded) {
            Some(Exact::Row(idx)) => {
                let label = self.def.rows[idx].label.as_ref()?;
                return Some(Class::Item(idx, self.label_cell(label, MatchKind::Exact)));
            }
            Some(Exact::Group(l)) => {
                return Some(Class::Group(self.label_cell(l, MatchKind::Exact)));
            }
            None => {}
        }
        let probe = Probe::new(folded);
        let mut best: Option<((usize, usize, usize), usize, MatchKind)> = None;
        let mut misspelt = 0;
        for (idx, row) in self.def.rows.iter().enumerate() {
            let Some(label) = &row.label else { continue };
            let Some(kind) = match_label(&probe, label) else {
                continue;
            };
            misspelt += usize::from(kind == MatchKind::Misspelt);
            let in_group = usize::from(row.groups.last().copied() != self.group_context);
            let distance = if idx >= self.next_expected {
                idx - self.next_expected
            } else {
                1000 + idx
            };
            let key = (rank(kind), in_group, distance);
            if best.as_ref().is_none_or(|(k, _, _)| key < *k) {
                best = Some((key, idx, kind));
            }
        }
        // A typo as close to two labels names neither.
        if misspelt > 1 && best.is_some_and(|(_, _, k)| k == MatchKind::Misspelt) {
            best = None;
        }
        let group = self
            .def
            .groups
            .iter()
            .filter_map(|l| match_label(&probe, l).map(|k| (l, k)))
            .filter(|(_, k)| *k != MatchKind::Misspelt)
            .min_by_key(|(_, k)| rank(*k));
        match (best, group) {
            (Some((key, _, _)), Some((l, k))) if rank(k) < key.0 => {
                Some(Class::Group(self.label_cell(l, k)))
            }
            (Some((_, idx, kind)), _) => Some(Class::Item(
                idx,
                self.label_cell(self.def.rows[idx].label.as_ref()?, kind),
            )),
            (None, Some((l, k))) => Some(Class::Group(self.label_cell(l, k))),
            (None, None) => None,
        }
    }

    fn label_cell(&self, label: &'static Label, kind: MatchKind) -> LabelCell {
        LabelCell {
            span: 0..0,
            label,
            kind,
            rest: None,
        }
    }

    /// What token `i` is, and how many tokens it spans (a label broken across lines).
    fn classify(&self, i: usize) -> (Class, usize) {
        let t = &self.tokens[i];
        if t.is_empty() {
            return (Class::Empty, 1);
        }
        if !matches!(t.lexeme, Lexeme::Other) {
            return (Class::Value, 1);
        }
        let (class, width) = self.wrapped(i, |folded| {
            let c = self.best_label(folded)?;
            let r = match &c {
                Class::Item(_, l) | Class::Group(l) => rank(l.kind),
                _ => usize::MAX,
            };
            Some((c, r))
        });
        match class {
            Some(c) => (
                self.spanned(c, t.span.start..self.tokens[i + width - 1].span.end),
                width,
            ),
            None => (Class::Other, 1),
        }
    }

    fn spanned(&self, c: Class, span: Span) -> Class {
        match c {
            Class::Item(i, mut l) => {
                l.span = span;
                Class::Item(i, l)
            }
            Class::Group(mut l) => {
                l.span = span;
                Class::Group(l)
            }
            c => c,
        }
    }

    fn row_layout(&self) -> bool {
        matches!(
            self.layout,
            Layout::Rows | Layout::Markdown | Layout::Spaced
        )
    }

    fn finish(&mut self) {
        if let Some(row) = self.current.take() {
            let missing = self.def.columns.len().saturating_sub(row.cells.len());
            self.score -= i32::from(missing > 0) + row.extras.len() as i32;
            match row.def {
                Some(idx) => {
                    self.score += weight(row.item_label().map_or(MatchKind::Exact, |l| l.kind));
                    self.next_expected = idx + 1;
                }
                None => self.score -= 2,
            }
            self.rows.push(row);
        }
    }

    /// Begin a row at token offset `at` (where an unlabeled row's first cell stands).
    fn start(
        &mut self,
        def: Option<usize>,
        mut labels: Vec<LabelCell>,
        unknown: Option<Span>,
        at: usize,
    ) {
        self.finish();
        let mut all = std::mem::take(&mut self.pending_groups);
        all.append(&mut labels);
        let start = all
            .first()
            .map(|l| l.span.start)
            .or(unknown.as_ref().map(|s| s.start))
            .unwrap_or(at);
        self.current = Some(Row {
            def,
            labels: all,
            unknown_label: unknown,
            cells: Vec::with_capacity(self.def.columns.len()),
            extras: Vec::new(),
            span: start..start,
        });
    }

    fn complete(&self) -> bool {
        let last = self.def.rows.len() - 1;
        let seen = |r: &Row| r.def == Some(last);
        self.rows.iter().any(seen)
            || self
                .current
                .as_ref()
                .is_some_and(|r| seen(r) && r.cells.len() >= self.def.columns.len())
    }

    /// Whether token `t` at a line start is the rest of labels cut short before it: by a page
    /// break (`(四)无` … `法提供`), or by a PDF column that set the row's values beside the
    /// label's middle (`行政规范` / `3 1 15` / `性文件`); each of its words the rest of one
    /// (`他处理 费用、…`: two columns wrapped). If so those labels read on: a label read cut
    /// short becomes exact when whole, a piece skipped as unknown words is no longer hinted at.
    fn completes_cut(&mut self, t: &Token) -> bool {
        if self.cut.is_empty() || !matches!(t.lexeme, Lexeme::Other) {
            return false;
        }
        let s = &self.text[t.span.clone()];
        let mut plan: Vec<(usize, String, Span)> = Vec::new();
        for w in words(s) {
            let rest = fold(&s[w.clone()]);
            let Some(c) = (0..self.cut.len()).rev().find(|&c| {
                !plan.iter().any(|(p, _, _)| *p == c)
                    && self.cut_reads(&self.cut[c].0, &(self.cut[c].1.clone() + &rest))
            }) else {
                return false;
            };
            let at = t.span.start;
            plan.push((c, self.cut[c].1.clone() + &rest, at + w.start..at + w.end));
        }
        for (c, joined, piece) in plan {
            let span = self.cut[c].0.clone();
            self.read_on(&span, &joined, piece);
            self.cut[c].1 = joined;
        }
        true
    }

    /// The label cut short at `span`, if `joined` completes it or reads further into it
    /// (for a skipped piece: completes a group).
    fn cut_reads(&self, span: &Span, joined: &str) -> bool {
        let probe = Probe::new(joined);
        if self.skipped.contains(span) {
            return self
                .def
                .groups
                .iter()
                .any(|l| match_label(&probe, l) == Some(MatchKind::Exact));
        }
        if let Some(l) = self
            .rows
            .iter()
            .chain(self.current.as_ref())
            .flat_map(|r| r.labels.iter())
            .chain(self.pending_groups.iter())
            .find(|l| l.span == *span)
        {
            return match_label(&probe, l.label).is_some();
        }
        // A row read as unknown: its label's rest may make it one the format has.
        self.rows
            .iter()
            .chain(self.current.as_ref())
            .any(|r| r.def.is_none() && r.unknown_label.as_ref() == Some(span))
            && matches!(self.best_label(joined), Some(Class::Item(..)))
    }

    /// The label cut short at `span` read as `joined` (which [`Self::cut_reads`]), `piece`
    /// the rest just read.
    fn read_on(&mut self, span: &Span, joined: &str, piece: Span) {
        let probe = Probe::new(joined);
        let exact = |l: &'static Label| match_label(&probe, l) == Some(MatchKind::Exact);
        if let Some(k) = self.skipped.iter().position(|s| s == span) {
            // The piece was skipped: the group now leads the first row read under it (or,
            // none being, the row after the piece).
            let Some(group) = self.def.groups.iter().find(|l| exact(l)) else {
                return;
            };
            let span = self.skipped.remove(k);
            let def = self.def;
            let under = |r: &Row| {
                r.def
                    .is_some_and(|d| def.rows[d].groups.contains(&group.official))
            };
            let first = self
                .rows
                .iter()
                .chain(self.current.as_ref())
                .position(under)
                .or_else(|| {
                    self.rows
                        .iter()
                        .chain(self.current.as_ref())
                        .position(|r| r.span.start >= span.end)
                });
            if let Some(row) =
                first.and_then(|k| self.rows.iter_mut().chain(self.current.as_mut()).nth(k))
                && !row.labels.iter().any(|l| std::ptr::eq(l.label, group))
            {
                row.span.start = row.span.start.min(span.start);
                row.labels.insert(
                    0,
                    LabelCell {
                        span,
                        label: group,
                        kind: MatchKind::Exact,
                        rest: None,
                    },
                );
            }
            self.group_context = Some(group.official);
            return;
        }
        if let Some(label) = self
            .rows
            .iter_mut()
            .chain(self.current.as_mut())
            .flat_map(|r| r.labels.iter_mut())
            .chain(self.pending_groups.iter_mut())
            .find(|l| l.span == *span)
        {
            // Whole, it reads in the official words, or in other words quoted with their rest.
            match match_label(&probe, label.label) {
                Some(MatchKind::Exact) => label.kind = MatchKind::Exact,
                Some(MatchKind::Variant) if label.rest.is_none() => {
                    label.kind = MatchKind::Variant;
                    label.rest = Some(piece);
                }
                _ => {}
            }
            return;
        }
        // An unknown row whose label, with its rest, is a row of the format (in its official
        // words or a variant; cut short, it reads on).
        let Some(Class::Item(idx, mut label)) = self.best_label(joined) else {
            return;
        };
        if label.kind == MatchKind::Truncated {
            return;
        }
        label.span = span.clone();
        label.rest = Some(piece);
        if let Some(row) = self
            .rows
            .iter_mut()
            .chain(self.current.as_mut())
            .find(|r| r.def.is_none() && r.unknown_label.as_ref() == Some(span))
        {
            row.def = Some(idx);
            row.unknown_label = None;
            row.labels.push(label);
        }
    }

    /// Skips the line of words at token `i`, remembering it for a later line to complete. Its
    /// words may be pieces of several spanning labels (`三、本年度 法提供`: two columns torn by a
    /// page break): then the words that complete a label cut short before read on, and each
    /// other word is a piece of its own.
    fn skip_pieces(&mut self, i: usize) {
        let t = &self.tokens[i];
        let s = &self.text[t.span.clone()];
        let words: Vec<Span> = words(s)
            .into_iter()
            .map(|w| t.span.start + w.start..t.span.start + w.end)
            .collect();
        let completing = |a: &Self, w: &Span| {
            let rest = fold(&a.text[w.clone()]);
            (0..a.cut.len())
                .rev()
                .find(|&c| a.cut_reads(&a.cut[c].0, &(a.cut[c].1.clone() + &rest)))
                .map(|c| (c, a.cut[c].1.clone() + &rest))
        };
        if words.len() < 2 || !words.iter().any(|w| completing(self, w).is_some()) {
            self.skipped.push(t.span.clone());
            self.open_cut(t.span.clone());
            return;
        }
        for w in words {
            match completing(self, &w) {
                Some((c, joined)) => {
                    let span = self.cut[c].0.clone();
                    self.read_on(&span, &joined, w);
                    self.cut[c].1 = joined;
                }
                None => {
                    self.skipped.push(w.clone());
                    self.open_cut(w);
                }
            }
        }
    }

    /// Remembers a label read cut short, or a piece skipped, for the rest to complete.
    fn open_cut(&mut self, span: Span) {
        const OPEN: usize = 4;
        let folded = fold(&self.text[span.clone()]);
        if self.cut.len() == OPEN {
            self.cut.remove(0);
        }
        self.cut.push((span, folded));
    }

    /// Words at a line start before a row's label on the same line, which are no label:
    /// a piece of a spanning label torn by a page break (`(四)无 | 1.本机关…`), or the rest of
    /// one (`法提供 | 2.没有…`). Skipped: the row reads by its own label.
    fn torn_piece(&mut self, i: usize) -> bool {
        let t = &self.tokens[i];
        if !t.line_start || t.line_end {
            return false;
        }
        let next = (i + 1..self.tokens.len())
            .take_while(|&k| k == i + 1 || !self.tokens[k - 1].line_end)
            .find(|&k| !self.tokens[k].is_empty());
        if !next.is_some_and(|k| matches!(self.classify(k).0, Class::Item(..))) {
            return false;
        }
        self.skipped.push(t.span.clone());
        self.open_cut(t.span.clone());
        true
    }

    /// Whether the line from `i` is a header line of the table: its cells all header cells
    /// written exactly, or (a per-group header, `项目 | 类别 | 自然人 | … | 总计`, as exports
    /// that make one table per group give it) words no label of the table, two or more of them
    /// header cells. The index past the line if so.
    fn header_line(&self, i: usize) -> Option<usize> {
        let end = (i..self.tokens.len()).find(|&k| self.tokens[k].line_end)? + 1;
        let line = &self.tokens[i..end];
        // A row's numbers rule it out at once.
        if line.iter().any(|t| matches!(t.lexeme, Lexeme::Number(_))) {
            return None;
        }
        let cells = line.iter().filter(|t| !t.is_empty()).count();
        let header = line.iter().filter(|t| self.is_header_cell(t)).count();
        let all = cells > 0 && header == cells;
        (all || header >= 2 && self.words_line(i).is_some()).then_some(end)
    }

    fn is_header_cell(&self, t: &Token) -> bool {
        if t.folded.is_empty() {
            return false;
        }
        let probe = Probe::new(&t.folded);
        self.def
            .header
            .iter()
            .any(|l| match_label(&probe, l) == Some(MatchKind::Exact))
    }

    /// Whether the line from token `i` is words only, none a label of the table (header
    /// words, `项目 | 自然人 | … | 总计`, are no labels here, whatever they resemble); the index
    /// past the line if so.
    fn words_line(&self, i: usize) -> Option<usize> {
        let end = (i..self.tokens.len()).find(|&k| self.tokens[k].line_end)? + 1;
        (i..end)
            .all(|k| {
                let t = &self.tokens[k];
                t.is_empty()
                    || matches!(t.lexeme, Lexeme::Other)
                        && (self.is_header_cell(t)
                            || !matches!(self.classify(k).0, Class::Item(..) | Class::Group(_)))
            })
            .then_some(end)
    }

    /// A line from token `i` (at its start, `class` its first token) that the table cannot
    /// place: the header again (a page break in the source), skipped quietly; or words with no
    /// label of the table between two rows (a running title, a per-group header `类别 | 数据1
    /// | …`), skipped with a hint. The tokens it spans, and whether to hint.
    fn unplaced(&self, i: usize, class: &Class) -> Option<(usize, bool)> {
        // A label written exactly is never a header cell; one written otherwise may be
        // (`总计` reads as (七)总计 cut short).
        match class {
            Class::Item(_, l) | Class::Group(l)
                if l.kind == MatchKind::Exact || !self.is_header_cell(&self.tokens[i]) =>
            {
                return None;
            }
            _ => {}
        }
        if self.complete() {
            return None;
        }
        if let Some(end) = self.header_line(i) {
            return Some((end - i, false));
        }
        if !matches!(class, Class::Other) {
            return None;
        }
        let end = self.words_line(i)?;
        if self.rows.is_empty() && self.current.is_none() {
            return None;
        }
        // Between rows: after this line and a few more like it comes a label. (A few: a table
        // of nothing but words is not searched to its end from every line.)
        const MAX_LINES: usize = 4;
        let mut next = end;
        for _ in 0..MAX_LINES {
            match self.words_line(next).or_else(|| self.header_line(next)) {
                Some(e) => next = e,
                None => break,
            }
        }
        let line_end = (next..self.tokens.len()).find(|&k| self.tokens[k].line_end);
        let after = line_end.is_some_and(|e| {
            (next..=e).any(|k| matches!(self.classify(k).0, Class::Item(..) | Class::Group(_)))
        });
        after.then_some((end - i, true))
    }

    /// Rows from token `i`; returns the number of tokens the table used.
    fn rows_from(&mut self, mut i: usize) -> usize {
        let n_cols = self.def.columns.len();
        let mut used = i;
        while i < self.tokens.len() {
            let t = &self.tokens[i];
            let (class, width) = self.classify(i);
            // In row layouts a row ends with its line, unless the line carries on its values.
            if self.row_layout()
                && t.line_start
                && !matches!(class, Class::Value)
                && let Some(row) = &self.current
                && !row.cells.is_empty()
            {
                self.finish();
            }
            // The rest of a label cut short comes before the row's values or after them.
            if t.line_start
                && matches!(class, Class::Other)
                && self
                    .current
                    .as_ref()
                    .is_none_or(|r| r.cells.is_empty() || r.cells.len() >= n_cols)
                && self.completes_cut(t)
            {
                i += 1;
                used = i;
                continue;
            }
            if t.line_start
                && !matches!(class, Class::Value | Class::Empty)
                && self
                    .current
                    .as_ref()
                    .is_none_or(|r| r.cells.len() >= n_cols)
            {
                if let Some((width, hint)) = self.unplaced(i, &class) {
                    if hint && width == 1 {
                        self.skip_pieces(i);
                    } else if hint {
                        self.skipped
                            .push(t.span.start..self.tokens[i + width - 1].span.end);
                    }
                    i += width;
                    used = i;
                    continue;
                }
                if matches!(class, Class::Other) && self.torn_piece(i) {
                    i += 1;
                    used = i;
                    continue;
                }
            }
            match class {
                Class::Empty => {
                    if let Some(row) = self.current.as_mut()
                        && row.cells.len() < n_cols
                    {
                        row.cells.push(cell(t));
                    }
                }
                Class::Group(l) => {
                    self.finish();
                    self.group_context = Some(l.label.official);
                    if l.kind == MatchKind::Truncated {
                        self.open_cut(l.span.clone());
                    }
                    self.pending_groups.push(l);
                }
                Class::Item(idx, l) => {
                    self.group_context = self.def.rows[idx].groups.last().copied();
                    if l.kind == MatchKind::Truncated {
                        self.open_cut(l.span.clone());
                    }
                    self.start(Some(idx), vec![l], None, t.span.start);
                }
                Class::Value => {
                    if self.current.is_none() {
                        if self.labeled {
                            // Values under a group label but no item: a row the format lacks.
                            let unknown = self.pending_groups.last().map(|l| l.span.clone());
                            if unknown.is_none() && self.complete() {
                                break;
                            }
                            self.start(
                                None,
                                Vec::new(),
                                unknown.or(Some(t.span.clone())),
                                t.span.start,
                            );
                        } else if self.rows.is_empty() {
                            self.start(Some(0), Vec::new(), None, t.span.start);
                        } else if self.complete() {
                            break;
                        }
                    }
                    if let Some(row) = self.current.as_mut() {
                        if row.cells.len() < n_cols {
                            row.cells.push(cell(t));
                        } else {
                            row.extras.push(cell(t));
                        }
                    } else if let Some(row) = self.rows.last_mut() {
                        row.extras.push(cell(t));
                    }
                }
                Class::Other => {
                    let takes_value = self
                        .current
                        .as_ref()
                        .is_some_and(|r| r.cells.len() < n_cols);
                    if takes_value {
                        if let Some(row) = self.current.as_mut() {
                            row.cells.push(cell(t));
                        }
                    } else {
                        if self.complete() || !self.labeled {
                            break;
                        }
                        self.start(None, Vec::new(), Some(t.span.clone()), t.span.start);
                        self.open_cut(t.span.clone());
                    }
                }
            }
            if let Some(row) = self.current.as_mut()
                && !t.is_empty()
            {
                row.span.end = row.span.end.max(self.tokens[i + width - 1].span.end);
            }
            i += width;
            used = i;
        }
        self.finish();
        used
    }
}

fn cell(t: &Token) -> Cell {
    Cell {
        span: t.span.clone(),
        slot: t.slot.clone(),
        lexeme: t.lexeme.clone(),
    }
}
