//! Findings and their fixes, in byte offsets; fronts convert them to lines and columns.
//!
//! A message's first line is its headline, one short sentence of what is wrong; any further
//! lines give the reasoning (which relation, why there is no fix, what to check first).

use crate::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "information" | "info" => Severity::Information,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Safe to apply without a person's judgement (`--fix`, `source.fixAll`): recomputed totals,
    /// canonical labels, digit normalisation.
    pub safe: bool,
}

/// Another place that a finding was computed from: in the same document, or in the one the
/// front named (`document`) when it handed that report to an across-documents rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
    pub document: Option<String>,
}

/// Findings in text order (start, end, then code): how every front lists them.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub related: Vec<Related>,
    /// The fix to offer first (LSP `isPreferred` when safe).
    pub fix: Option<Fix>,
    /// Other fixes, where the cause is not certain: each a candidate a person chooses from,
    /// never preferred, never applied by `--fix`.
    pub alternatives: Vec<Fix>,
}

impl Diagnostic {
    /// The first line of the message: what is wrong.
    pub fn headline(&self) -> &str {
        self.message.lines().next().unwrap_or("")
    }

    /// The lines after the headline: why, and what to check.
    pub fn notes(&self) -> impl Iterator<Item = &str> {
        self.message.lines().skip(1)
    }
}
