//! Files as reports come in: each seed and the example as a .docx (with the official
//! template's merged cells) and as a web page (UTF-8, and GBK with a declared charset and a
//! site's menus around it) give the source's findings: the same codes on the same rows and
//! cells. A PDF's text layer comes out as `pdftotext -raw` gives it, so what the parser reads
//! of extracted text it reads of PDFs. Damaged inputs get one clear message, and no input makes
//! a reader panic.

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

/// The committed PDFs: `(source, file, pdftotext -raw of it)`. LibreOffice's export of two
/// seeds (one per format) and of the example, with two Type 1 subsets of Noto Serif CJK and
/// ToUnicode maps; and the example as Word and WPS export it, one CID TrueType font with
/// Identity-H codes and a ToUnicode map.
const PDFS: &[(&str, &str, &str)] = &[
    ("000", "000.pdf", "pdftotext-raw.txt"),
    ("002", "002.pdf", "pdftotext-raw.txt"),
    ("example", "example.pdf", "pdftotext-raw.txt"),
    ("example", "example-cid.pdf", "cid-pdftotext-raw.txt"),
];

#[test]
fn pdf_text_layer_comes_out_as_pdftotext_raw_gives_it() {
    for &(name, file, raw) in PDFS {
        let got = read(&derived(name, file));
        let want = std::fs::read_to_string(derived(name, raw)).unwrap();
        assert_eq!(got, want, "{name}/{file}");
        // A form feed ends each page, as pdftotext writes them.
        assert!(got.ends_with("\n\u{c}") && got.matches('\u{c}').count() >= 2);
    }
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn pdfs_hold_the_title_and_give_the_sources_findings() {
    let sources = sources();
    for &(name, file, _) in PDFS {
        let text = &sources.iter().find(|(n, _)| n == name).unwrap().1;
        let got = read(&derived(name, file));
        let flat = without_spaces(&got);
        // The report's first line: its title, where it has one (the seeds open with their
        // metadata or with 一、总体情况).
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.contains('|'))
            .unwrap();
        assert!(flat.contains(&without_spaces(first)), "{file}: {first}");
        // The same codes on the same rows and cells as the text the PDF was made from.
        assert_eq!(
            common::findings(&got),
            common::findings(text),
            "{file}:\n{got}"
        );
    }
}

fn special(file: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pdf")
            .join(file),
    )
    .unwrap()
}

#[test]
fn pdfs_without_text_or_behind_a_password_or_cut_short_get_one_clear_message() {
    let scan = refused("scan.pdf", &special("scanned.pdf"));
    assert!(scan.contains("PDF 没有文字层(可能是扫描件)"), "{scan}");
    let locked = refused("locked.PDF", &special("password.pdf"));
    assert!(
        locked.contains("已加密") && locked.contains("密码"),
        "{locked}"
    );
    let example = std::fs::read(derived("example", "example.pdf")).unwrap();
    for cut in [example.len() / 2, example.len() - 100, 10] {
        let m = refused("cut.pdf", &example[..cut]);
        assert!(m.contains("PDF 文件不完整"), "{cut}: {m}");
    }
    assert!(refused("a.pdf", b"").contains("文件为空"));
    assert!(refused("a.pdf", b"<html>not a pdf</html>").contains("不是有效的 PDF 文件"));
}

const SHORT_PAGE: &str = "示例市数据资源管理局2024年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息412条。\n\u{c}";

#[test]
fn a_pdf_with_only_an_owner_password_is_read() {
    // Many published reports forbid copying but open without a password: their text is read.
    let got = convert(Kind::Pdf, &special("restricted.pdf")).unwrap();
    assert_eq!(got, SHORT_PAGE);
}

#[test]
fn text_drawn_from_a_form_is_read() {
    // The scan above with a page laid over it as a form XObject: the form's text is the page's.
    let got = convert(Kind::Pdf, &special("scanned-with-text.pdf")).unwrap();
    assert_eq!(got, SHORT_PAGE);
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
    for (name, what) in [("a.doc", ".doc"), ("b.WPS", ".wps"), ("c.ofd", ".ofd")] {
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
    assert_eq!(Kind::of(Path::new("报告.PDF")), Some(Kind::Pdf));
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
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend_from_slice(&bytes);
        pdf.extend_from_slice(b"\n%%EOF\n");
        let _ = convert(Kind::Pdf, &pdf);
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
        // A PDF (each of the two font setups in turn): a byte changed anywhere, and the same
        // cut short.
        let file = ["example-cid.pdf", "example.pdf"][flip % 2];
        let mut pdf = std::fs::read(derived("example", file)).unwrap();
        let at = (flip * 9 + cut) % pdf.len();
        pdf[at] = byte;
        let _ = convert(Kind::Pdf, &pdf);
        pdf.truncate(pdf.len() - cut.min(pdf.len()) / 4);
        let _ = convert(Kind::Pdf, &pdf);
    }
}
