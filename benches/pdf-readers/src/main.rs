//! Three PDF crates against `pdftotext -raw` on the CJK fixtures: are the characters (all but
//! whitespace) the same, how similar, how many lines equal, pages, time per file; then panics and
//! errors on 400 damaged copies of each file (cut short, or eight bytes changed).
//!
//!     pdf-readers text|damage A.pdf…    (A.raw.txt, `pdftotext -raw` of A.pdf, beside it)
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

type Pages = Result<Vec<String>, String>;

fn with_pdf_extract(b: &[u8]) -> Pages {
    pdf_extract::extract_text_from_mem_by_pages(b).map_err(|e| e.to_string())
}

fn with_lopdf(b: &[u8]) -> Pages {
    let doc = lopdf::Document::load_mem(b).map_err(|e| e.to_string())?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|&n| doc.extract_text(&[n]).map_err(|e| e.to_string()))
        .collect()
}

fn with_pdf_rs(b: &[u8]) -> Pages {
    use pdf::content::{Op, TextDrawAdjusted};
    let file = pdf::file::FileOptions::uncached()
        .load(b.to_vec())
        .map_err(|e| e.to_string())?;
    let r = file.resolver();
    let mut out = Vec::new();
    for page in file.pages() {
        let page = page.map_err(|e| e.to_string())?;
        let mut fonts = std::collections::HashMap::new();
        if let Ok(res) = page.resources() {
            for (name, font) in &res.fonts {
                let Ok(font) = font.load(&r) else { continue };
                let map = font.to_unicode(&r).and_then(|m| m.ok());
                fonts.insert(name.clone(), (font.is_cid(), map));
            }
        }
        let mut text = String::new();
        let mut cur: Option<&(bool, Option<pdf::font::ToUnicodeMap>)> = None;
        let ops = match &page.contents {
            Some(c) => c.operations(&r).map_err(|e| e.to_string())?,
            None => vec![],
        };
        let mut draw =
            |text: &mut String, cur: Option<&(bool, Option<pdf::font::ToUnicodeMap>)>, s: &[u8]| {
                let Some((cid, Some(map))) = cur else { return };
                if *cid {
                    for c in s.chunks(2) {
                        let code = if c.len() == 2 {
                            u16::from_be_bytes([c[0], c[1]])
                        } else {
                            c[0] as u16
                        };
                        text.push_str(map.get(code).unwrap_or(""));
                    }
                } else {
                    for &c in s {
                        text.push_str(map.get(c as u16).unwrap_or(""));
                    }
                }
            };
        for op in &ops {
            match op {
                Op::TextFont { name, .. } => cur = fonts.get(name),
                Op::TextDraw { text: s } => draw(&mut text, cur, s.as_bytes()),
                Op::TextDrawAdjusted { array } => {
                    for a in array {
                        if let TextDrawAdjusted::Text(s) = a {
                            draw(&mut text, cur, s.as_bytes())
                        }
                    }
                }
                Op::TextNewline | Op::EndText | Op::SetTextMatrix { .. } => {
                    if !text.ends_with('\n') {
                        text.push('\n')
                    }
                }
                Op::MoveTextPosition { translation } if translation.y != 0.0 => {
                    if !text.ends_with('\n') {
                        text.push('\n')
                    }
                }
                _ => {}
            }
        }
        out.push(text);
    }
    Ok(out)
}

fn nonws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn lines(s: &str) -> Vec<String> {
    s.lines().map(nonws).filter(|l| !l.is_empty()).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let readers: [(&str, fn(&[u8]) -> Pages); 3] = [
        ("pdf-extract", with_pdf_extract),
        ("lopdf", with_lopdf),
        ("pdf", with_pdf_rs),
    ];
    let mode = &args[0];
    for path in &args[1..] {
        let bytes = std::fs::read(path).unwrap();
        let stem = path.trim_end_matches(".pdf");
        let want_raw = std::fs::read_to_string(format!("{stem}.raw.txt")).unwrap_or_default();
        let want_pages = want_raw
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .count();
        for (name, f) in readers {
            if mode == "text" {
                let t0 = Instant::now();
                let mut n = 0;
                let mut got = catch_unwind(AssertUnwindSafe(|| f(&bytes)));
                while t0.elapsed().as_millis() < 1000 {
                    got = catch_unwind(AssertUnwindSafe(|| f(&bytes)));
                    n += 1;
                }
                let ms = t0.elapsed().as_secs_f64() * 1000.0 / n.max(1) as f64;
                match got {
                    Err(_) => println!("{path}\t{name}\tPANIC"),
                    Ok(Err(e)) => println!("{path}\t{name}\tERR {e}"),
                    Ok(Ok(pages)) => {
                        let all = pages.join("\u{c}");
                        let (g, w) = (nonws(&all), nonws(&want_raw));
                        let ratio = similar::TextDiff::from_chars(&g, &w).ratio();
                        let wl = lines(&want_raw);
                        let gl: std::collections::HashSet<String> =
                            lines(&all).into_iter().collect();
                        let same_lines = wl.iter().filter(|l| gl.contains(*l)).count();
                        let nonempty = pages.iter().filter(|p| !p.trim().is_empty()).count();
                        println!(
                            "{path}\t{name}\tpages {nonempty}/{want_pages}\tchars {}/{}\tequal {}\tsim {:.4}\tlines {}/{}\t{ms:.2} ms",
                            g.chars().count(),
                            w.chars().count(),
                            g == w,
                            ratio,
                            same_lines,
                            wl.len()
                        );
                    }
                }
            } else {
                // Damage: truncations and byte flips, counted panics and errors.
                let (mut panics, mut errs, mut oks) = (0, 0, 0);
                let mut seed: u64 = 0x9E3779B97F4A7C15;
                let mut next = || {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed
                };
                let t0 = Instant::now();
                for i in 0..400 {
                    let mut b = bytes.clone();
                    if i % 2 == 0 {
                        b.truncate((next() as usize) % b.len());
                    } else {
                        for _ in 0..8 {
                            let at = (next() as usize) % b.len();
                            b[at] = next() as u8;
                        }
                    }
                    match catch_unwind(AssertUnwindSafe(|| f(&b))) {
                        Err(_) => panics += 1,
                        Ok(Err(_)) => errs += 1,
                        Ok(Ok(_)) => oks += 1,
                    }
                }
                println!(
                    "{path}\t{name}\tdamaged 400: panics {panics}, errors {errs}, ok {oks}\t{:.1}s",
                    t0.elapsed().as_secs_f64()
                );
            }
        }
    }
}
