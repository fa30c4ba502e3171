//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=…,line=…,col=…,title=…::message`), the notes as further lines of the message.

use std::io::Write;

use super::Checked;
use gongkai::Severity;
use gongkai::text::lines::Encoding;

/// The message part of a workflow command: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn file(out: &mut impl Write, c: &Checked) -> std::io::Result<()> {
    let file = property(&c.path);
    if let Some(e) = &c.error {
        writeln!(out, "::error file={file},title=gongkai::{}", data(e))?;
    }
    for d in &c.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "notice",
        };
        let start = c.lines.position(&c.text, d.span.start, Encoding::Utf32);
        let end = c.lines.position(&c.text, d.span.end, Encoding::Utf32);
        writeln!(
            out,
            "::{level} file={file},line={},endLine={},col={},endColumn={},title={}::{}",
            start.line + 1,
            end.line + 1,
            start.column + 1,
            end.column.max(start.column + 1),
            property(&format!("gongkai {}", d.code)),
            data(d.message.trim_end())
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_line_breaks_are_escaped() {
        assert_eq!(data("应为 3\n说明:50%"), "应为 3%0A说明:50%25");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
