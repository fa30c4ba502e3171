//! The canonical text layout, written block by block.

/// Text being written: paragraphs and table rows, one per line.
#[derive(Default)]
pub struct Canonical {
    out: String,
}

impl Canonical {
    /// A paragraph: its lines, each trimmed; blank ones dropped.
    pub fn paragraph(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim_matches(|c: char| c.is_whitespace());
            if !line.is_empty() {
                self.out.push_str(line);
                self.out.push('\n');
            }
        }
    }

    /// A table row: its cells between ` | `. A cell's own line breaks and a `|` in its text
    /// would split it, so they become nothing and a full-width bar.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        let cells: Vec<String> = cells.iter().map(|c| cell(c.as_ref())).collect();
        if cells.iter().all(String::is_empty) {
            return;
        }
        self.out.push_str(&cells.join(" | "));
        self.out.push('\n');
    }

    pub fn finish(self) -> String {
        self.out
    }
}

fn cell(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .collect::<String>()
        .replace('|', "\u{ff5c}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_paragraphs_one_per_line() {
        let mut c = Canonical::default();
        c.paragraph("  一、总体情况 \n\n本年度…\n");
        c.row(&["(二)部分公开\n(区分处理的)", " 1 ", "a|b"]);
        c.row(&["", " "]);
        assert_eq!(
            c.finish(),
            "一、总体情况\n本年度…\n(二)部分公开(区分处理的) | 1 | a\u{ff5c}b\n"
        );
    }
}
