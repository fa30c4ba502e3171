//! The parser and the checker never panic, whatever the text; every span they return lies on
//! character boundaries inside it, every fix applies, and formatting keeps the words and settles.

mod common;

use proptest::prelude::*;

fn sound(text: &str) {
    let (report, diagnostics) = gongkai::check(text);
    let ok = |s: &std::ops::Range<usize>| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for t in report.tables() {
        assert!(ok(&t.span));
        for r in &t.rows {
            assert!(r.cells.iter().all(|c| ok(&c.span) && ok(&c.slot)));
            assert!(
                r.labels
                    .iter()
                    .all(|l| ok(&l.span) && l.rest.as_ref().is_none_or(ok))
            );
        }
        assert!(t.header.iter().all(|h| ok(&h.span)));
        assert!(t.skipped.iter().all(ok));
    }
    for d in &diagnostics {
        assert!(ok(&d.span), "{d:?}");
        assert!(d.related.iter().all(|r| ok(&r.span)));
        if let Some(f) = &d.fix {
            assert!(f.edits.iter().all(|e| ok(&e.span)));
            let _ = gongkai::check(&gongkai::fix::apply(text, &f.edits));
        }
    }
    let _ = gongkai::fix::fix_all(text, &Default::default());
}

/// Formatting: edits in order, apart, on character boundaries; the words as they were (all but
/// spaces, `|` and a delimiter row's `-`/`:`, full-width digits read as ASCII); a second pass
/// changes nothing.
fn formats_soundly(text: &str) {
    let edits = gongkai::format::format(text, &gongkai::parse(text));
    let mut at = 0;
    for e in &edits {
        assert!(at <= e.span.start && e.span.start <= e.span.end && e.span.end <= text.len());
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        at = e.span.end;
    }
    let once = gongkai::fix::apply(text, &edits);
    let words = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '|' | '-' | ':'))
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                _ => c,
            })
            .collect()
    };
    assert_eq!(words(&once), words(text));
    assert_eq!(gongkai::format::formatted(&once), once);
}

/// Pieces real reports are made of, so that random text reaches deep into the parser.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" | ".to_string()),
        Just("|".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just("\u{feff}".to_string()),
        Just("0".to_string()),
        Just("12".to_string()),
        Just("-3".to_string()),
        Just("１２".to_string()),
        Just("1,234".to_string()),
        Just("18651.06万元".to_string()),
        Just("/".to_string()),
        Just("一、总体情况".to_string()),
        Just("三、收到和处理政府信息公开申请情况".to_string()),
        Just("第二十条第(一)项".to_string()),
        Just("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)".to_string()),
        Just("一、本年新收政府信息公开申请数量".to_string()),
        Just("三、本年度办".to_string()),
        Just("(七)总计".to_string()),
        Just("行政复议".to_string()),
        Just("结果".to_string()),
        Just("| --- |".to_string()),
        Just("2021年".to_string()),
        Just("统计期限".to_string()),
        Just("收到政府信息公开申请".to_string()),
        Just("7件".to_string()),
        Just("含上年结转".to_string()),
        Just("未收到".to_string()),
        Just("未发生行政诉讼".to_string()),
        Just("《".to_string()),
        Just("“".to_string()),
        Just("。".to_string()),
        // Page furniture and the pieces of labels a PDF's narrow columns wrap.
        Just("- 4 -".to_string()),
        Just("— 4 —".to_string()),
        Just("第 4 页".to_string()),
        Just("第4页 共9页".to_string()),
        Just("\u{c}".to_string()),
        Just(" ".to_string()),
        Just("     ".to_string()),
        Just("  ---------- -------".to_string()),
        Just("行政规范".to_string()),
        Just("性文件".to_string()),
        Just("(四)无".to_string()),
        Just("法提供".to_string()),
        Just("(三)不 4.保护第三方合法权益".to_string()),
        Just("结果维 结果纠 其他结".to_string()),
        Just("持".to_string()),
        Just("429148 元".to_string()),
        Just("𠀀".to_string()),
        Just("😀".to_string()),
        "\\PC{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_text(s in "\\PC{0,400}") {
        sound(&s);
    }

    #[test]
    fn report_shaped_text(pieces in prop::collection::vec(piece(), 0..300)) {
        sound(&pieces.concat());
    }

    /// Two years of one agency, both damaged: the rules across documents hold up too, and
    /// their places lie in the right text.
    #[test]
    fn damaged_years(cuts in prop::collection::vec((any::<bool>(), 0usize..8_000, 0usize..40, piece()), 1..8)) {
        let mut this = common::clean();
        let mut last = common::year_before(&this);
        for (which, at, len, insert) in cuts {
            let text = if which { &mut this } else { &mut last };
            let start = gongkai::text::lines::floor_char_boundary(text, at % (text.len() + 1));
            let end = gongkai::text::lines::floor_char_boundary(text, (start + len).min(text.len()));
            text.replace_range(start..end, &insert);
        }
        let (report, _) = gongkai::check(&this);
        let (previous, _) = gongkai::check(&last);
        let previous = gongkai::rules::Previous { seen: &gongkai::rules::Seen::of(&previous), document: "last" };
        for d in gongkai::rules::across_years(&report, &previous) {
            prop_assert!(this.get(d.span.clone()).is_some());
            for r in &d.related {
                prop_assert_eq!(r.document.as_deref(), Some("last"));
                prop_assert!(last.get(r.span.clone()).is_some());
            }
        }
    }

    /// The texts pdftotext and pandoc made of the seeds, damaged: the layouts of extracted
    /// text hold up as the clean ones do.
    #[test]
    fn damaged_extracted_text(seed in 0usize..6, method in 0usize..5, cuts in prop::collection::vec((0usize..20_000, 0usize..40, piece()), 1..8)) {
        let names = ["000", "001", "002", "003", "004", "example"];
        let methods = ["pdftotext", "pdftotext-layout", "pdftotext-raw", "pandoc-markdown", "pandoc-plain"];
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/derived")
            .join(names[seed])
            .join(format!("{}.txt", methods[method]));
        let mut text = std::fs::read_to_string(path).unwrap();
        for (at, len, insert) in cuts {
            let start = gongkai::text::lines::floor_char_boundary(&text, at % (text.len() + 1));
            let end = gongkai::text::lines::floor_char_boundary(&text, (start + len).min(text.len()));
            text.replace_range(start..end, &insert);
        }
        sound(&text);
    }

    #[test]
    fn damaged_seeds(seed in 0usize..5, cuts in prop::collection::vec((0usize..20_000, 0usize..40, piece()), 1..8)) {
        let (_, mut text) = common::seeds().swap_remove(seed);
        for (at, len, insert) in cuts {
            let start = gongkai::text::lines::floor_char_boundary(&text, at % (text.len() + 1));
            let end = gongkai::text::lines::floor_char_boundary(&text, (start + len).min(text.len()));
            text.replace_range(start..end, &insert);
        }
        sound(&text);
    }
}

proptest! {
    // Each case reads a report three times over (the edits are checked by reading them back).
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Formatting damaged seeds and extracted texts (where it has tables to rewrite): never a
    /// panic, the words kept, settled after one pass.
    #[test]
    fn damaged_reports_format_soundly(source in 0usize..11, cuts in prop::collection::vec((0usize..20_000, 0usize..40, piece()), 1..8)) {
        let mut text = match source {
            0..5 => common::seeds().swap_remove(source).1,
            _ => {
                let names = ["000", "001", "002", "003", "004", "example"];
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/derived")
                    .join(names[source - 5])
                    .join(if source % 2 == 0 { "pandoc-plain.txt" } else { "pdftotext-raw.txt" });
                std::fs::read_to_string(path).unwrap()
            }
        };
        for (at, len, insert) in cuts {
            let start = gongkai::text::lines::floor_char_boundary(&text, at % (text.len() + 1));
            let end = gongkai::text::lines::floor_char_boundary(&text, (start + len).min(text.len()));
            text.replace_range(start..end, &insert);
        }
        formats_soundly(&text);
    }
}
