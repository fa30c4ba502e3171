//! gongkai — the analysis core: a report's text becomes a model with exact spans, the model is
//! checked against the official format, and findings come back with their fixes.
//!
//! This library knows nothing of LSP, of async runtimes or of the command line; the binary's
//! `cli` and `lsp` modules are thin fronts over it.

pub mod model;
pub mod parse;
pub mod read;
pub mod template;
pub mod text;

pub use model::Report;
pub use parse::parse;
pub mod annotate;
pub mod complete;
pub mod config;
pub mod diagnostic;
pub mod explain;
pub mod fix;
pub mod format;
pub mod outline;
pub mod relations;
pub mod render;
pub mod rules;
pub mod skeleton;

pub use diagnostic::{Diagnostic, Severity};

/// Parse and check a text: the one call the fronts make.
pub fn check(text: &str) -> (Report, Vec<Diagnostic>) {
    let report = parse(text);
    let diagnostics = rules::check(text, &report);
    (report, diagnostics)
}
