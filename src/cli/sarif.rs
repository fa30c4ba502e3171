//! `--format sarif`: a SARIF 2.1.0 log for code scanning. One run; the driver lists every rule
//! of the catalogue; each finding is a result with its headline as the message (the notes in
//! `properties.notes`), its place in UTF-16 columns (1-based, as SARIF counts them by default),
//! the cells it was computed from as related locations, and a safe fix as a SARIF fix. Written
//! a file at a time: the results as the files are done, then the invocation (whether every file
//! could be read).

use std::io::Write;

use serde_json::{Value, json};

use super::{Checked, Locate, Others};
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

/// `None` only for a place in last year's report that is no cell.
fn region(at: &Locate, span: &Span) -> Option<Value> {
    let start = at.position(span.start, Encoding::Utf16)?;
    let end = at.position(span.end, Encoding::Utf16)?;
    Some(json!({
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    }))
}

fn location(path: &str, at: &Locate, span: &Span) -> Option<Value> {
    Some(json!({ "physicalLocation": {
        "artifactLocation": { "uri": uri(path) },
        "region": region(at, span)?,
    }}))
}

fn result(c: &Checked, d: &gongkai::Diagnostic, others: Others) -> Value {
    let here = Locate::of(c);
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": d.headline() },
        "locations": [location(&c.path, &here, &d.span)],
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
            let mut l = match &rel.document {
                Some(path) => location(path, &others(path)?, &rel.span)?,
                None => location(&c.path, &here, &rel.span)?,
            };
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
            .map(|e| json!({ "deletedRegion": region(&here, &e.span), "insertedContent": { "text": e.new_text } }))
            .collect();
        r["fixes"] = json!([{
            "description": { "text": f.title },
            "artifactChanges": [{ "artifactLocation": { "uri": uri(&c.path) }, "replacements": replacements }],
        }]);
    }
    r
}

/// The log's opening, up to the results: the tool and every rule of the catalogue.
pub fn head(out: &mut impl Write) -> std::io::Result<()> {
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
    let tool = json!({ "driver": {
        "name": "gongkai",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    }});
    write!(
        out,
        "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\":"
    )?;
    let mut tool_text = Vec::new();
    super::json::pretty_at(&mut tool_text, &tool, 3)?;
    // `"tool": {` on one line, as a whole log pretty-printed has it.
    out.write_all(b" ")?;
    out.write_all(tool_text.trim_ascii_start())?;
    write!(
        out,
        ",\n      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": ["
    )
}

/// A file's results, each an item of `results`.
pub fn file(out: &mut impl Write, c: &Checked, others: Others) -> std::io::Result<()> {
    for (i, d) in c.diagnostics.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        super::json::pretty_at(out, &result(c, d, others), 4)?;
    }
    Ok(())
}

/// After the results (`items`: whether there were any): the invocation, with a notification
/// for each file that could not be read.
pub fn end(
    out: &mut impl Write,
    items: bool,
    unreadable: &[(String, String)],
) -> std::io::Result<()> {
    let notifications: Vec<Value> = unreadable
        .iter()
        .map(|(path, e)| {
            json!({
                "level": "error",
                "message": { "text": e },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(path) } } }],
            })
        })
        .collect();
    let invocations = json!([{
        "executionSuccessful": notifications.is_empty(),
        "toolExecutionNotifications": notifications,
    }]);
    if items {
        write!(out, "\n      ")?;
    }
    write!(out, "],\n      \"invocations\":")?;
    let mut text = Vec::new();
    super::json::pretty_at(&mut text, &invocations, 3)?;
    out.write_all(b" ")?;
    out.write_all(text.trim_ascii_start())?;
    writeln!(out, "\n    }}\n  ]\n}}")
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
