//! The five real published reports: recognised, right format and year, no false alarm, and
//! exactly the real findings they carry.

mod common;

use common::seeds;

fn summary(text: &str) -> (bool, Option<u16>, Option<&'static str>) {
    let r = gongkai::parse(text);
    (r.is_report, r.year.map(|y| y.year), r.format.id())
}

#[test]
fn every_seed_is_recognised_with_its_format_and_year() {
    let got: Vec<_> = seeds()
        .iter()
        .map(|(n, t)| (n.clone(), summary(t)))
        .collect();
    let want = vec![
        ("000".to_string(), (true, Some(2021), Some("2021"))),
        ("001".to_string(), (true, Some(2024), Some("2021"))),
        ("002".to_string(), (true, Some(2020), Some("2019"))),
        ("003".to_string(), (true, Some(2020), Some("2019"))),
        ("004".to_string(), (true, Some(2021), Some("2021"))),
    ];
    assert_eq!(got, want);
}

#[test]
fn seeds_raise_only_their_real_label_variants() {
    for (name, text) in seeds() {
        let (_, diagnostics) = gongkai::check(&text);
        let found: Vec<(&str, &str)> = diagnostics
            .iter()
            .map(|d| (d.code, &text[d.span.clone()]))
            .collect();
        let want: Vec<(&str, &str)> = match name.as_str() {
            "000" => vec![("label-variant", "规范性文件")],
            "001" => vec![("label-variant", "本年新发件数")],
            // The 复议诉讼表 header cut short by a narrow column: 结果 | 其他 | 尚未.
            // The 复议诉讼表 header cut short by a narrow column: 结果 | 其他 | 尚未; and a 2021
            // report signed 2021年1月27日, before its period ended.
            "004" => [
                "结果", "其他", "尚未", "结果", "结果", "其他", "尚未", "结果", "结果", "其他",
                "尚未",
            ]
            .iter()
            .map(|w| ("label-variant", *w))
            .chain(std::iter::once(("date-before-period-end", "2021年1月27日")))
            .collect(),
            _ => vec![],
        };
        assert_eq!(found, want, "seed {name}");
    }
}

#[test]
fn every_seed_table_is_complete() {
    for (name, text) in seeds() {
        let r = gongkai::parse(&text);
        let format = r.format.format().unwrap();
        assert_eq!(r.tables().count(), format.tables.len(), "seed {name}");
        for t in r.tables() {
            assert_eq!(t.rows.len(), t.def.rows.len(), "seed {name} {}", t.def.kind);
            for row in &t.rows {
                assert!(
                    row.def.is_some(),
                    "seed {name}: unknown row in {}",
                    t.def.kind
                );
                assert_eq!(row.cells.len(), t.def.columns.len(), "seed {name}");
                assert!(row.extras.is_empty(), "seed {name}");
            }
        }
        assert_eq!(r.sections.len(), 6, "seed {name}");
    }
}

#[test]
fn text_that_is_not_a_report_is_said_so() {
    for t in [
        "",
        "会议纪要\n一、会议时间\n二、参会人员\n",
        "Hello, world.\n| a | b |\n",
        "一、总体情况\n今年工作很好。",
    ] {
        let (report, diagnostics) = gongkai::check(t);
        assert!(!report.is_report, "{t:?}");
        assert!(diagnostics.is_empty());
    }
}
