//! `--format sarif`: a SARIF 2.1.0 log for code scanning. One run; the driver lists every rule
//! of the catalogue; each finding is a result with its headline as the message (the notes in
//! `properties.notes`), its place in UTF-16 columns (1-based, as SARIF counts them by default),
//! the cells it was computed from as related locations, and a safe fix as a SARIF fix.

use std::io::Write;

use serde_json::{Value, json};

use super::Checked;
use gongkai::Severity;
use gongkai::model::Span;
use gongkai::rules::RULES;
use gongkai::text::lines::Encoding;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A path as a URI reference: relative paths stay relative (code scanning resolves them against
/// the checkout), absolute ones become `file:` URIs; bytes outside the unreserved set and `/`
/// are percent-encoded.
fn uri(path: &str) -> String {
    let encoded: String = path
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

fn region(c: &Checked, span: &Span) -> Value {
    let start = c.lines.position(&c.text, span.start, Encoding::Utf16);
    let end = c.lines.position(&c.text, span.end, Encoding::Utf16);
    json!({
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    })
}

fn location(c: &Checked, span: &Span) -> Value {
    json!({ "physicalLocation": {
        "artifactLocation": { "uri": uri(&c.path) },
        "region": region(c, span),
    }})
}

fn result(c: &Checked, d: &gongkai::Diagnostic, checked: &[Checked]) -> Value {
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": d.headline() },
        "locations": [location(c, &d.span)],
    });
    if let Some(i) = RULES.iter().position(|rule| rule.code == d.code) {
        r["ruleIndex"] = json!(i);
    }
    let notes: Vec<&str> = d.notes().collect();
    if !notes.is_empty() {
        r["properties"] = json!({ "notes": notes });
    }
    let related: Vec<Value> = d
        .related
        .iter()
        .filter_map(|rel| {
            let there = match &rel.document {
                Some(path) => checked.iter().find(|o| &o.path == path)?,
                None => c,
            };
            let mut l = location(there, &rel.span);
            l["message"] = json!({ "text": rel.message });
            Some(l)
        })
        .collect();
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    if let Some(f) = d.fix.as_ref().filter(|f| f.safe) {
        let replacements: Vec<Value> = f
            .edits
            .iter()
            .map(|e| json!({ "deletedRegion": region(c, &e.span), "insertedContent": { "text": e.new_text } }))
            .collect();
        r["fixes"] = json!([{
            "description": { "text": f.title },
            "artifactChanges": [{ "artifactLocation": { "uri": uri(&c.path) }, "replacements": replacements }],
        }]);
    }
    r
}

pub fn write(out: &mut impl Write, checked: &[Checked]) -> std::io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{}。示例:{}", r.summary, r.example) },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "category": r.category },
            })
        })
        .collect();
    let results: Vec<Value> = checked
        .iter()
        .flat_map(|c| c.diagnostics.iter().map(move |d| result(c, d, checked)))
        .collect();
    let notifications: Vec<Value> = checked
        .iter()
        .filter_map(|c| {
            let e = c.error.as_ref()?;
            Some(json!({
                "level": "error",
                "message": { "text": e },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&c.path) } } }],
            }))
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "gongkai",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("reports/2024.txt"), "reports/2024.txt");
        assert_eq!(uri("/tmp/a b.txt"), "file:///tmp/a%20b.txt");
        assert_eq!(uri("报告.txt"), "%E6%8A%A5%E5%91%8A.txt");
    }
}
