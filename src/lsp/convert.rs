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

/// How a document's byte offsets become positions: its rope (an open document), or the
/// positions worked out when a file that is not open was read (`workspace::Filed`).
#[derive(Clone, Copy)]
pub enum Text<'a> {
    Rope(&'a Rope),
    Filed(&'a super::workspace::Filed),
}

impl Text<'_> {
    pub fn range(self, span: &Span, enc: Encoding) -> Range {
        match self {
            Text::Rope(rope) => range(rope, span, enc),
            Text::Filed(f) => Range::new(f.position(span.start), f.position(span.end)),
        }
    }
}

/// Where a finding's spans become locations: its own document, and the other report (last
/// year's) that its related places may point into.
pub struct Places<'a> {
    pub uri: &'a Uri,
    pub text: Text<'a>,
    pub other: Option<(&'a Uri, Text<'a>)>,
}

impl Places<'_> {
    fn location(&self, r: &gongkai::diagnostic::Related, enc: Encoding) -> Location {
        match (&r.document, self.other) {
            (Some(doc), Some((uri, text))) if doc == uri.as_str() => {
                Location::new(uri.clone(), text.range(&r.span, enc))
            }
            _ => Location::new(self.uri.clone(), self.text.range(&r.span, enc)),
        }
    }
}

pub fn diagnostic(at: &Places, d: &gongkai::Diagnostic, enc: Encoding) -> Diagnostic {
    let related = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: at.location(r, enc),
            message: r.message.clone(),
        })
        .collect();
    build(
        at.text.range(&d.span, enc),
        d.severity,
        d.code,
        d.message.clone(),
        related,
    )
}

/// A finding as the protocol has it, whatever it was kept as.
pub fn build(
    range: Range,
    s: gongkai::Severity,
    code: &str,
    message: String,
    related: Vec<DiagnosticRelatedInformation>,
) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(severity(s)),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some("gongkai".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
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
    let Text::Rope(rope) = at.text else {
        return Vec::new();
    };
    d.fix
        .iter()
        .chain(&d.alternatives)
        .map(|fix| CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic(at, d, enc)]),
            edit: Some(edit(rope, at.uri, &fix.edits, enc)),
            is_preferred: Some(fix.safe),
            ..CodeAction::default()
        })
        .collect()
}
