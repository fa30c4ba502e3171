//! Text utilities that know nothing of reports: label folding, line/column positions, numbers.

pub mod agency;
pub mod encoding;
pub mod lines;
pub mod normalize;
pub mod number;
pub mod year;

/// Written text quoted in a message: whole when short, else its first [`EXCERPT_CHARS`]
/// characters and `…` (a cell or a line may be megabytes long, and a message is read whole).
pub fn excerpt(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(EXCERPT_CHARS) {
        None => s.into(),
        Some((end, _)) => format!("{}…", &s[..end]).into(),
    }
}

/// Characters of written text a message quotes.
pub const EXCERPT_CHARS: usize = 60;

#[cfg(test)]
mod tests {
    #[test]
    fn long_text_is_quoted_by_its_start() {
        assert_eq!(super::excerpt("十二件"), "十二件");
        let long = "字".repeat(1 << 20);
        let quoted = super::excerpt(&long);
        assert_eq!(quoted.chars().count(), super::EXCERPT_CHARS + 1);
        assert!(quoted.ends_with("字…"));
        let exact = "字".repeat(super::EXCERPT_CHARS);
        assert_eq!(super::excerpt(&exact), exact);
    }
}
