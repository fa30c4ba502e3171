//! The core's findings, in byte offsets, as protocol values.

use std::collections::HashMap;

use gongkai::model::Span;
use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::position::{Encoding, position};

pub fn range(rope: &Rope, span: &Span, enc: Encoding) -> Range {
    Range::new(
        position(rope, span.start, enc),
        position(rope, span.end, enc),
    )
}

fn severity(s: gongkai::Severity) -> DiagnosticSeverity {
    match s {
        gongkai::Severity::Error => DiagnosticSeverity::ERROR,
        gongkai::Severity::Warning => DiagnosticSeverity::WARNING,
        gongkai::Severity::Information => DiagnosticSeverity::INFORMATION,
        gongkai::Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Where a finding's spans become locations: its own document, and the other report (last
/// year's) that its related places may point into.
pub struct Places<'a> {
    pub uri: &'a Uri,
    pub rope: &'a Rope,
    pub other: Option<(&'a Uri, &'a Rope)>,
}

impl Places<'_> {
    fn location(&self, r: &gongkai::diagnostic::Related, enc: Encoding) -> Location {
        match (&r.document, self.other) {
            (Some(doc), Some((uri, rope))) if doc == uri.as_str() => {
                Location::new(uri.clone(), range(rope, &r.span, enc))
            }
            _ => Location::new(self.uri.clone(), range(self.rope, &r.span, enc)),
        }
    }
}

pub fn diagnostic(at: &Places, d: &gongkai::Diagnostic, enc: Encoding) -> Diagnostic {
    let rope = at.rope;
    Diagnostic {
        range: range(rope, &d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("gongkai".to_string()),
        message: d.message.clone(),
        related_information: (!d.related.is_empty()).then(|| {
            d.related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: at.location(r, enc),
                    message: r.message.clone(),
                })
                .collect()
        }),
        ..Diagnostic::default()
    }
}

pub fn edit(
    rope: &Rope,
    uri: &Uri,
    edits: &[gongkai::diagnostic::Edit],
    enc: Encoding,
) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|e| TextEdit::new(range(rope, &e.span, enc), e.new_text.clone()))
        .collect();
    WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))
}

/// The quick fixes of one finding: its fix (preferred when safe), then each alternative.
pub fn quick_fixes(at: &Places, d: &gongkai::Diagnostic, enc: Encoding) -> Vec<CodeAction> {
    d.fix
        .iter()
        .chain(&d.alternatives)
        .map(|fix| CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic(at, d, enc)]),
            edit: Some(edit(at.rope, at.uri, &fix.edits, enc)),
            is_preferred: Some(fix.safe),
            ..CodeAction::default()
        })
        .collect()
}
