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

pub fn diagnostic(rope: &Rope, uri: &Uri, d: &gongkai::Diagnostic, enc: Encoding) -> Diagnostic {
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
                    location: Location::new(uri.clone(), range(rope, &r.span, enc)),
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

/// The quick fix of one finding.
pub fn quick_fix(
    rope: &Rope,
    uri: &Uri,
    d: &gongkai::Diagnostic,
    enc: Encoding,
) -> Option<CodeAction> {
    let fix = d.fix.as_ref()?;
    Some(CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(rope, uri, d, enc)]),
        edit: Some(edit(rope, uri, &fix.edits, enc)),
        is_preferred: Some(fix.safe),
        ..CodeAction::default()
    })
}
