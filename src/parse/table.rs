//! Assembling one table from its token stream against one format's definition of it.
//!
//! Rows are recovered from the definition, not from line breaks: a row begins at a label the
//! definition knows and takes as many value cells as the table has columns; empty cells past
//! that are column-span padding, empty cells within it are blanks. This is what lets one cell
//! per line, one cell per paragraph and `|`-rows parse to the same table.

use crate::model::{Cell, HeaderCell, LabelCell, Layout, Row, Span, Table};
use crate::parse::tokens::{Token, words};
use crate::template::{Exact, Label, MatchKind, Probe, Start, TableDef, exact, match_label};
use crate::text::normalize::fold;
use crate::text::number::Lexeme;

/// A table as one definition reads it, and how well that definition fits.
pub struct Assembly {
    pub table: Table,
    pub score: i32,
    /// Tokens the table took; the rest of the region is prose.
    pub tokens_used: usize,
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
        MatchKind::Truncated => 1,
    }
}

fn rank(kind: MatchKind) -> usize {
    match kind {
        MatchKind::Exact => 0,
        MatchKind::Variant => 1,
        MatchKind::Truncated => 2,
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
    /// The last group label read cut short (`(四)无`), which a fragment after a page break
    /// (`法提供`) may complete: its span and what it reads so far.
    cut_group: Option<(Span, String)>,
}

pub fn assemble(text: &str, tokens: &[Token], def: &'static TableDef, layout: Layout) -> Assembly {
    let mut a = Assembler {
        text,
        tokens,
        def,
        layout,
        labeled: def.rows.iter().any(|r| r.label.is_some()),
        rows: Vec::new(),
        current: None,
        pending_groups: Vec::new(),
        group_context: None,
        next_expected: 0,
        score: 0,
        skipped: Vec::new(),
        cut_group: None,
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
        tokens_used: used.max(1),
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
        },
    }
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
            // Cells one space apart on one line (`结果维持 结果 其他 尚未 总计`, pdftotext
            // -raw): each word a cell, when each is one.
            if found.is_none()
                && let Some(mut words) = self.header_words(t, cursor)
            {
                if self.complete_words(&mut words, i + 1) {
                    i += 1;
                }
                for (span, (l, k, next)) in words {
                    cursor = next;
                    self.score += weight(k);
                    cells.push(HeaderCell {
                        span,
                        matched: Some((l, k)),
                    });
                }
                i += 1;
                continue;
            }
            let matched = found.map(|(l, k, next)| {
                cursor = next;
                (l, k)
            });
            if matched.is_none() {
                let starts_rows = if self.labeled {
                    !matches!(self.classify(i).0, Class::Other | Class::Value)
                } else {
                    matches!(t.lexeme, Lexeme::Number(_) | Lexeme::Blank { marker: true })
                };
                if starts_rows {
                    break;
                }
                // An unrecognised header cell stands in the slot it occupies, so the cells
                // after it stay aligned with the expected header.
                cursor += 1;
            }
            self.score += matched.map_or(-1, |(_, k)| weight(k));
            cells.push(HeaderCell {
                span: t.span.start..self.tokens[i + width - 1].span.end,
                matched,
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

    /// A token of words one space apart, each a header cell in turn from `cursor`.
    #[allow(clippy::type_complexity)]
    fn header_words(
        &self,
        t: &Token,
        mut cursor: usize,
    ) -> Option<Vec<(Span, (&'static Label, MatchKind, usize))>> {
        let s = &self.text[t.span.clone()];
        let words = words(s);
        if words.len() < 2 {
            return None;
        }
        let mut out = Vec::new();
        for w in words {
            let m = self.header_match(&fold(&s[w.clone()]), cursor)?;
            cursor = m.2;
            out.push((t.span.start + w.start..t.span.start + w.end, m));
        }
        Some(out)
    }

    /// The line of words at token `next` completing, word by word, the cut-short cells of
    /// the line before (`商业企业 科研 社会公 法律服务 其他` / `机构 益组织 机构`: each column
    /// wrapped in a narrow PDF column). Marks them exact and says whether it did.
    #[allow(clippy::type_complexity)]
    fn complete_words(
        &self,
        cells: &mut [(Span, (&'static Label, MatchKind, usize))],
        next: usize,
    ) -> bool {
        let Some(t) = self.tokens.get(next) else {
            return false;
        };
        if !t.line_start || !t.line_end || !matches!(t.lexeme, Lexeme::Other) {
            return false;
        }
        let s = &self.text[t.span.clone()];
        let tails = words(s);
        let mut cut: Vec<&mut (Span, (&'static Label, MatchKind, usize))> = cells
            .iter_mut()
            .filter(|c| c.1.1 == MatchKind::Truncated)
            .collect();
        if cut.is_empty() || cut.len() != tails.len() {
            return false;
        }
        let completes = cut.iter().zip(&tails).all(|(c, w)| {
            let joined = fold(&format!("{}{}", &self.text[c.0.clone()], &s[w.clone()]));
            match_label(&Probe::new(&joined), c.1.0) == Some(MatchKind::Exact)
        });
        if completes {
            for c in &mut cut {
                c.1.1 = MatchKind::Exact;
            }
        }
        completes
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
        let mut joined = t.folded.clone();
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
        for (idx, row) in self.def.rows.iter().enumerate() {
            let Some(label) = &row.label else { continue };
            let Some(kind) = match_label(&probe, label) else {
                continue;
            };
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
        let group = self
            .def
            .groups
            .iter()
            .filter_map(|l| match_label(&probe, l).map(|k| (l, k)))
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
            cells: Vec::new(),
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

    /// Whether token `t` at a line start is the rest of the group label torn before it by a
    /// page break (`(四)无` … `法提供`); if so that label now reads in full: a label read cut
    /// short becomes exact, a piece skipped as unknown words is no longer hinted at.
    fn completes_group(&mut self, t: &Token) -> bool {
        let Some((span, folded)) = &self.cut_group else {
            return false;
        };
        let joined = format!("{folded}{}", t.folded);
        let probe = Probe::new(&joined);
        let exact = |l: &'static Label| match_label(&probe, l) == Some(MatchKind::Exact);
        if let Some(k) = self.skipped.iter().position(|s| s == span) {
            // The piece was skipped: the group now leads the row that followed it.
            let Some(group) = self.def.groups.iter().find(|l| exact(l)) else {
                return false;
            };
            let span = self.skipped.remove(k);
            if let Some(row) = self
                .rows
                .iter_mut()
                .chain(self.current.as_mut())
                .find(|r| r.span.start >= span.end)
            {
                row.span.start = span.start;
                row.labels.insert(
                    0,
                    LabelCell {
                        span,
                        label: group,
                        kind: MatchKind::Exact,
                    },
                );
            }
            self.group_context = Some(group.official);
        } else {
            let Some(label) = self
                .rows
                .iter_mut()
                .chain(self.current.as_mut())
                .flat_map(|r| r.labels.iter_mut())
                .chain(self.pending_groups.iter_mut())
                .find(|l| l.span == *span)
            else {
                return false;
            };
            if !exact(label.label) {
                return false;
            }
            label.kind = MatchKind::Exact;
        }
        self.cut_group = None;
        true
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
        if !self.completes_group(t) {
            self.skipped.push(t.span.clone());
            self.cut_group = Some((t.span.clone(), t.folded.clone()));
        }
        true
    }

    /// Whether the tokens of the line from `i` are all header cells of the table, written
    /// exactly; the index past the line if so.
    fn header_line(&self, i: usize) -> Option<usize> {
        let end = (i..self.tokens.len()).find(|&k| self.tokens[k].line_end)? + 1;
        let line = &self.tokens[i..end];
        (line.iter().any(|t| !t.is_empty())
            && line.iter().all(|t| t.is_empty() || self.is_header_cell(t)))
        .then_some(end)
    }

    fn is_header_cell(&self, t: &Token) -> bool {
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
            if t.line_start
                && !matches!(class, Class::Value | Class::Empty)
                && self
                    .current
                    .as_ref()
                    .is_none_or(|r| r.cells.len() >= n_cols)
            {
                if let Some((width, hint)) = self.unplaced(i, &class) {
                    if hint {
                        self.skipped
                            .push(t.span.start..self.tokens[i + width - 1].span.end);
                    }
                    i += width;
                    used = i;
                    continue;
                }
                if matches!(class, Class::Other) && (self.torn_piece(i) || self.completes_group(t))
                {
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
                    self.cut_group = (l.kind == MatchKind::Truncated)
                        .then(|| (l.span.clone(), fold(&self.text[l.span.clone()])));
                    self.pending_groups.push(l);
                }
                Class::Item(idx, l) => {
                    self.group_context = self.def.rows[idx].groups.last().copied();
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
