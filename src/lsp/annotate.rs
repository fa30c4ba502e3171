//! The arithmetic in the editor, as protocol values: code lenses over each table (how its
//! relations stand, and `gongkai.fixTable` to apply its safe fixes), document highlights of a
//! cell's totals and parts, go to definition from a prose figure to its cells, semantic
//! tokens. What each means is `gongkai::annotate`; here positions are converted.

use ropey::Rope;
use serde::Deserialize;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use gongkai::annotate::{Role, Token, TokenKind};
use gongkai::model::Span;

use super::convert;
use super::position::{Encoding, Walk, offset, position};
use super::server::Backend;

pub const FIX_TABLE: &str = "gongkai.fixTable";

/// The legend: token types in `TokenKind` order (headings as namespaces, as the outline shows
/// sections; labels as properties; totals and numbers as numbers), and one modifier,
/// `readonly`, on totals: a total is what its parts make it.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::NAMESPACE,
            SemanticTokenType::PROPERTY,
            SemanticTokenType::NUMBER,
        ],
        token_modifiers: vec![SemanticTokenModifier::READONLY],
    }
}

/// `(type index, modifier bits)` of a kind, by `legend`.
fn encoded(kind: TokenKind) -> (u32, u32) {
    match kind {
        TokenKind::Heading => (0, 0),
        TokenKind::Label => (1, 0),
        TokenKind::Total => (2, 1),
        TokenKind::Number => (2, 0),
    }
}

/// Tokens delta-encoded in `enc`, each cut at line breaks (clients need not take tokens over
/// several lines); only those meeting `within`, when given.
pub fn semantic_tokens(
    rope: &Rope,
    tokens: &[Token],
    within: Option<&Span>,
    enc: Encoding,
) -> Vec<SemanticToken> {
    let mut out = Vec::new();
    let mut walk = Walk::new(rope, enc);
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for t in tokens {
        // Ranges end before their end position.
        if within.is_some_and(|w| t.span.end <= w.start || w.end <= t.span.start) {
            continue;
        }
        let (ty, bits) = encoded(t.kind);
        let end = t.span.end.min(rope.len_bytes());
        let mut from = t.span.start.min(end);
        while from < end {
            let start = from;
            let a = walk.position(start);
            // A token going on past its line stops at the line's end, before its break (a
            // character past the end clamps there); the rest starts the next line.
            let line = a.line as usize;
            let next = (line + 1 < rope.len_lines()).then(|| rope.line_to_byte(line + 1));
            let to = match next {
                Some(n) if end >= n => {
                    from = n;
                    offset(rope, Position::new(a.line, u32::MAX), enc)
                }
                _ => {
                    from = end;
                    end
                }
            };
            if to <= start {
                continue;
            }
            let b = walk.position(to);
            let delta_line = a.line - last_line;
            let delta_start = if delta_line == 0 {
                a.character - last_start
            } else {
                a.character
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: b.character - a.character,
                token_type: ty,
                token_modifiers_bitset: bits,
            });
            (last_line, last_start) = (a.line, a.character);
        }
    }
    out
}

/// The command's one argument: the document and the line its table starts on.
#[derive(Deserialize)]
struct FixTable {
    uri: Uri,
    line: u32,
}

fn invalid(message: String) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

/// The span of the table starting on `line` (where its lens stands).
fn table_on(rope: &Rope, report: &gongkai::Report, line: u32) -> Option<Span> {
    report
        .tables()
        .find(|t| rope.byte_to_line(t.span.start) == line as usize)
        .map(|t| t.span.clone())
}

impl Backend {
    /// Above each table with relations: how they stand; and, when the client applies edits
    /// and the table has safe fixes, `全部修正` running `gongkai.fixTable` on it.
    pub async fn code_lenses(&self, uri: &Uri) -> Option<Vec<CodeLens>> {
        let enc = self.docs.encoding();
        let (version, tables) = self.docs.with(uri, |d| {
            let tables: Vec<(Span, Range, String)> = gongkai::annotate::tables(&d.report)
                .into_iter()
                .map(|s| {
                    let at = position(&d.rope, s.table.span.start, enc);
                    (s.table.span.clone(), Range::new(at, at), s.title())
                })
                .collect();
            (d.version, tables)
        })?;
        // The findings of the same version, for the fix lens.
        let findings = self
            .apply_edit
            .load(std::sync::atomic::Ordering::Relaxed)
            .then(|| self.findings(uri))
            .flatten()
            .filter(|f| f.version == version);
        let mut out = Vec::new();
        for (span, range, title) in tables {
            out.push(CodeLens {
                range,
                // No command to run: the title is what it says.
                command: Some(Command::new(title, String::new(), None)),
                data: None,
            });
            let Some(f) = &findings else { continue };
            let n = gongkai::fix::safe_edits_within(&f.items, &span).len();
            if n > 0 {
                let arg = serde_json::json!({ "uri": uri, "line": range.start.line });
                out.push(CodeLens {
                    range,
                    command: Some(Command::new(
                        format!("全部修正(本表 {n} 处可安全修正)"),
                        FIX_TABLE.to_string(),
                        Some(vec![arg]),
                    )),
                    data: None,
                });
            }
        }
        Some(out)
    }

    /// `gongkai.fixTable`: the safe fixes of the findings in the table starting on the line
    /// given, sent as a `workspace/applyEdit`, as the `source.fixAll` action would for the
    /// whole report; answers `{applied, edits}`.
    pub async fn fix_table(
        &self,
        arguments: Vec<serde_json::Value>,
    ) -> Result<Option<serde_json::Value>> {
        let arg = arguments.into_iter().next().unwrap_or_default();
        let req: FixTable = serde_json::from_value(arg)
            .map_err(|e| invalid(format!("{FIX_TABLE} 的参数应为 {{uri, line}}:{e}")))?;
        if !self.apply_edit.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(invalid(
                "编辑器不接受服务器发来的修改(workspace/applyEdit) / the client cannot apply edits"
                    .into(),
            ));
        }
        let enc = self.docs.encoding();
        let f = self
            .findings(&req.uri)
            .ok_or_else(|| invalid(format!("{}:文档未打开 / not open", req.uri.as_str())))?;
        let span = self
            .docs
            .with(&req.uri, |d| {
                (d.version == f.version)
                    .then(|| table_on(&d.rope, &d.report, req.line))
                    .flatten()
            })
            .flatten()
            .ok_or_else(|| {
                invalid(format!(
                    "第 {} 行没有表格 / no table there",
                    req.line as u64 + 1
                ))
            })?;
        let edits = gongkai::fix::safe_edits_within(&f.items, &span);
        if edits.is_empty() {
            return Ok(Some(serde_json::json!({ "applied": false, "edits": 0 })));
        }
        let edit = convert::edit(&f.rope, &req.uri, &edits, enc);
        let applied = self.apply(edit).await;
        Ok(Some(serde_json::json!({
            "applied": applied,
            "edits": edits.len(),
        })))
    }

    /// On a value cell: the totals of its relations as `Read`, their parts as `Text`.
    pub fn highlights(&self, uri: &Uri, at: Position) -> Option<Vec<DocumentHighlight>> {
        let enc = self.docs.encoding();
        self.docs.with(uri, |d| {
            let lit = gongkai::annotate::highlights(&d.report, offset(&d.rope, at, enc));
            (!lit.is_empty()).then(|| {
                lit.iter()
                    .map(|(span, role)| DocumentHighlight {
                        range: convert::range(&d.rope, span, enc),
                        kind: Some(match role {
                            Role::Total => DocumentHighlightKind::READ,
                            Role::Part => DocumentHighlightKind::TEXT,
                        }),
                    })
                    .collect()
            })
        })?
    }

    /// From a prose figure: the cells it is read against; as links from the figure when the
    /// client takes links.
    pub fn definition(&self, uri: &Uri, at: Position) -> Option<GotoDefinitionResponse> {
        let enc = self.docs.encoding();
        let links = self
            .definition_links
            .load(std::sync::atomic::Ordering::Relaxed);
        self.docs.with(uri, |d| {
            let (figure, cells) =
                gongkai::annotate::figure_cells(&d.text, &d.report, offset(&d.rope, at, enc))?;
            let range = |s: &Span| convert::range(&d.rope, s, enc);
            Some(if links {
                GotoDefinitionResponse::Link(
                    cells
                        .iter()
                        .map(|c| LocationLink {
                            origin_selection_range: Some(range(&figure)),
                            target_uri: uri.clone(),
                            target_range: range(c),
                            target_selection_range: range(c),
                        })
                        .collect(),
                )
            } else {
                GotoDefinitionResponse::Array(
                    cells
                        .iter()
                        .map(|c| Location::new(uri.clone(), range(c)))
                        .collect(),
                )
            })
        })?
    }

    /// The document's semantic tokens, all of them or those meeting `range`.
    pub fn tokens(&self, uri: &Uri, range: Option<Range>) -> Option<SemanticTokens> {
        let enc = self.docs.encoding();
        self.docs.with(uri, |d| {
            let within = range.map(|r| offset(&d.rope, r.start, enc)..offset(&d.rope, r.end, enc));
            let tokens = gongkai::annotate::tokens(&d.report);
            SemanticTokens {
                result_id: None,
                data: semantic_tokens(&d.rope, &tokens, within.as_ref(), enc),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(delta line, delta start, length)` of each token.
    fn shape(tokens: &[SemanticToken]) -> Vec<(u32, u32, u32)> {
        tokens
            .iter()
            .map(|t| (t.delta_line, t.delta_start, t.length))
            .collect()
    }

    #[test]
    fn a_token_over_lines_is_cut_at_each_line_break() {
        // A label wrapped over three lines (CRLF, then 𠀀 of two UTF-16 units), then a number.
        let rope = Rope::from_str("x ab\r\n𠀀c\nd 7\n");
        let label = Token {
            span: 2..13,
            kind: TokenKind::Label,
        };
        let number = Token {
            span: 14..15,
            kind: TokenKind::Number,
        };
        let tokens = [label, number];
        let utf16 = semantic_tokens(&rope, &tokens, None, Encoding::Utf16);
        assert_eq!(shape(&utf16), [(0, 2, 2), (1, 0, 3), (1, 0, 1), (0, 2, 1)]);
        assert_eq!(utf16[0].token_type, 1);
        let utf8 = semantic_tokens(&rope, &tokens, None, Encoding::Utf8);
        assert_eq!(shape(&utf8), [(0, 2, 2), (1, 0, 5), (1, 0, 1), (0, 2, 1)]);
        // A range holding only the number.
        let only = semantic_tokens(&rope, &tokens, Some(&(14..15)), Encoding::Utf16);
        assert_eq!(shape(&only), [(2, 2, 1)], "the label ends before it");
    }
}
