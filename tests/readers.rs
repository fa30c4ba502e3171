//! Files as reports come in: each seed and the example as a .docx (with the official
//! template's merged cells) and as a web page (UTF-8, and GBK with a declared charset and a
//! site's menus around it) give the source's findings: the same codes on the same rows and
//! cells. Damaged inputs get one clear message, and no input makes a reader panic.

mod common;

use std::path::{Path, PathBuf};

use gongkai::read::{Kind, convert};

fn derived(name: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/derived")
        .join(name)
        .join(file)
}

fn sources() -> Vec<(String, String)> {
    let mut all = common::seeds();
    all.push(("example".to_string(), common::example()));
    all
}

fn read(path: &Path) -> String {
    let kind = Kind::of(path).unwrap();
    convert(kind, &std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn docx_gives_the_sources_findings() {
    for (name, text) in sources() {
        let got = read(&derived(&name, &format!("{name}.docx")));
        assert_eq!(
            common::findings(&got),
            common::findings(&text),
            "{name}.docx:\n{got}"
        );
    }
}

#[test]
fn web_pages_give_the_sources_findings() {
    for (name, text) in sources() {
        for page in ["page.html", "page-gbk.html"] {
            let got = read(&derived(&name, page));
            assert_eq!(
                common::findings(&got),
                common::findings(&text),
                "{name}/{page}:\n{got}"
            );
        }
    }
}

/// The message a file of this name and content gets.
fn refused(name: &str, bytes: &[u8]) -> String {
    let kind = Kind::of(Path::new(name)).unwrap();
    convert(kind, bytes).expect_err(name).0
}

#[test]
fn damaged_inputs_get_one_clear_message() {
    let docx = std::fs::read(derived("example", "example.docx")).unwrap();
    assert!(refused("a.docx", &docx[..docx.len() / 2]).contains("不是有效的 .docx 文件"));
    assert!(refused("a.docx", b"PK\x03\x04 not really").contains("不是有效的 .docx 文件"));
    // An encrypted Word file is an OLE compound file.
    assert!(
        refused("a.docx", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).contains("已加密")
    );
    assert!(refused("a.DOCX", b"").contains("文件为空"));
    assert!(
        refused(
            "a.html",
            "<html><body><p>年度报告见附件。</p></body></html>".as_bytes()
        )
        .contains("网页中没有表格")
    );
    assert!(refused("a.htm", b"<html><script>x()</script></html>").contains("没有正文文字"));
    for (name, what) in [
        ("a.doc", ".doc"),
        ("b.WPS", ".wps"),
        ("c.ofd", ".ofd"),
        ("d.pdf", "PDF"),
    ] {
        let m = refused(name, b"x");
        assert!(
            m.contains(what) && m.contains("另存为 .docx"),
            "{name}: {m}"
        );
    }
}

#[test]
fn extensions_are_matched_without_regard_to_case() {
    assert_eq!(Kind::of(Path::new("报告.DOCX")), Some(Kind::Docx));
    assert_eq!(Kind::of(Path::new("报告.Htm")), Some(Kind::Html));
    assert_eq!(Kind::of(Path::new("报告.TXT")), Some(Kind::Text));
    assert_eq!(Kind::of(Path::new("报告.xlsx")), None);
    assert_eq!(Kind::of(Path::new("报告")), None);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn readers_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
        let _ = convert(Kind::Docx, &bytes);
        let _ = convert(Kind::Html, &bytes);
    }

    #[test]
    fn readers_never_panic_on_damaged_real_files(cut in 0usize..11000, flip in 0usize..11000, byte in proptest::prelude::any::<u8>()) {
        let mut docx = std::fs::read(derived("example", "example.docx")).unwrap();
        let at = flip % docx.len();
        docx[at] = byte;
        docx.truncate(cut.min(docx.len()));
        let _ = convert(Kind::Docx, &docx);
        let mut page = std::fs::read(derived("example", "page-gbk.html")).unwrap();
        let at = flip % page.len();
        page[at] = byte;
        page.truncate(cut.min(page.len()));
        let _ = convert(Kind::Html, &page);
    }
}
