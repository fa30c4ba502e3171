//! `gongkai new`: a draft of the year's format that the checker reads as a whole report with
//! nothing but empty cells to fill; with last year's report, 上年结转 filled from its 结转下年度.

mod common;

use gongkai::model::FormatVerdict;
use gongkai::template::Format;

fn example_path() -> String {
    format!("{}/examples/report-2024.txt", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_draft_of_each_format_is_a_whole_report_with_only_cells_to_fill() {
    for year in [2020, 2025] {
        let (draft, err, status) = common::run_cli(
            &[
                "new",
                "--year",
                &year.to_string(),
                "--agency",
                "某某县交通运输局",
            ],
            "",
        );
        assert_eq!(status, 0, "{err}");
        let report = gongkai::parse::parse(&draft);
        assert!(report.is_report);
        assert_eq!(report.year.as_ref().map(|y| y.year), Some(year));
        assert_eq!(
            report.agency().map(|a| a.name.as_str()),
            Some("某某县交通运输局")
        );
        let format = Format::for_year(year).unwrap();
        match report.format {
            FormatVerdict::Tables(f) | FormatVerdict::Year(f) => assert_eq!(f.id, format.id),
            other => panic!("{year}: format {other:?}"),
        }
        // Every table of the format, every row, every section: only the cells are left.
        for def in format.tables {
            let table = report.table(def.kind).expect(def.kind);
            assert!(std::ptr::eq(table.def, *def), "{year}: {}", def.kind);
            assert_eq!(table.rows.len(), def.rows.len(), "{year}: {}", def.kind);
        }
        let codes: std::collections::BTreeSet<&str> = common::codes(&draft).into_iter().collect();
        assert_eq!(codes, ["blank-cell"].into(), "{year}: {draft}");
    }
}

#[test]
fn last_years_report_fills_the_carryover_and_notes_the_bases() {
    let last = gongkai::parse::parse(&common::example());
    let (draft, err, status) =
        common::run_cli(&["new", "--year", "2025", "--last", &example_path()], "");
    assert_eq!(status, 0, "{err}");
    let report = gongkai::parse::parse(&draft);
    // The agency comes from last year's report when none is given.
    assert_eq!(
        report.agency().map(|a| &a.name),
        last.agency().map(|a| &a.name)
    );
    let (now, then) = (
        report.table("申请表").unwrap(),
        last.table("申请表").unwrap(),
    );
    let def = now.def;
    let (carried, left) = (def.row("二").unwrap(), def.row("四").unwrap());
    let row = |t: &gongkai::model::Table, r: usize| -> Vec<Option<i64>> {
        (0..def.columns.len())
            .map(|c| {
                t.cell(r, c).and_then(|cell| match &cell.lexeme {
                    gongkai::text::number::Lexeme::Number(n) => n.integer(),
                    _ => None,
                })
            })
            .collect()
    };
    assert_eq!(row(now, carried), row(then, left));
    assert!(row(now, carried).iter().all(Option::is_some));
    // Across the two years, the carryover holds.
    let previous = gongkai::rules::Previous {
        seen: &gongkai::rules::Seen::of(&last),
        document: "report-2024.txt",
    };
    let across = gongkai::rules::across_years(&report, &previous);
    assert!(across.iter().all(|d| d.code != "carryover"), "{across:#?}");
    // 现行有效件数 needs this year's figures too: last year's are noted, not filled in.
    assert!(
        draft.contains("(上年报告的现行有效件数:规章 0、行政规范性文件 15;"),
        "{draft}"
    );
}

#[test]
fn a_year_without_a_format_and_an_existing_file_are_refused() {
    let (_, err, status) = common::run_cli(&["new", "--year", "2015"], "");
    assert_eq!(status, 2);
    assert!(err.contains("2015"), "{err}");

    let dir = std::env::temp_dir().join(format!("gongkai-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let begun = dir.join("report-2025.txt");
    std::fs::write(&begun, "已经开始写的报告").unwrap();
    let (_, err, status) = common::run_cli(
        &["new", "--year", "2025", "-o", begun.to_str().unwrap()],
        "",
    );
    assert_eq!(status, 2);
    assert!(err.contains("已存在"), "{err}");
    assert_eq!(std::fs::read_to_string(&begun).unwrap(), "已经开始写的报告");
    let fresh = dir.join("new-2025.txt");
    let (_, err, status) = common::run_cli(
        &["new", "--year", "2025", "-o", fresh.to_str().unwrap()],
        "",
    );
    assert_eq!(status, 0, "{err}");
    assert!(
        std::fs::read_to_string(&fresh)
            .unwrap()
            .contains("2025年政府信息公开工作年度报告")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
