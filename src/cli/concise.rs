//! `--format concise`: one line per finding, `path:line:col: severity[code]: headline`, as the
//! first line of the text output has it (1-based line, column in characters).

use std::io::Write;

use super::Checked;
use gongkai::text::lines::Encoding;

pub fn file(out: &mut impl Write, c: &Checked) -> std::io::Result<()> {
    for d in &c.diagnostics {
        let at = c.lines.position(&c.text, d.span.start, Encoding::Utf32);
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            c.path,
            at.line + 1,
            at.column + 1,
            d.severity.as_str(),
            d.code,
            d.headline()
        )?;
    }
    Ok(())
}
