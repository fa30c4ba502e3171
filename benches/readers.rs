//! Readers' throughput, one core: `cargo bench --bench readers`. Each committed derived file
//! (the seeds and the example as .docx, web pages, PDF) converted for a second, then converted
//! and checked; figures go in benches/README.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gongkai::read::{Kind, convert};

/// Runs `f` for the budget after a warm-up; calls per second.
fn rate(f: &dyn Fn()) -> f64 {
    for _ in 0..5 {
        f();
    }
    let budget = Duration::from_secs(1);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        f();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/derived");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures/derived")
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(Kind::of(p), Some(Kind::Docx | Kind::Html | Kind::Pdf)))
        .collect();
    files.sort();
    println!(
        "{:<34} {:>8} {:>12} {:>16}",
        "file", "bytes", "converts/s", "convert+check/s"
    );
    let mut by_kind: Vec<(String, f64, f64, u32)> = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let kind = Kind::of(path).unwrap();
        let alone = rate(&|| {
            black_box(convert(kind, black_box(&bytes)).ok());
        });
        let checked = rate(&|| {
            if let Ok(text) = convert(kind, black_box(&bytes)) {
                black_box(gongkai::check(&text));
            }
        });
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        println!(
            "{name:<34} {:>8} {alone:>12.0} {checked:>16.0}",
            bytes.len()
        );
        let ext = path.extension().unwrap().to_string_lossy().to_string();
        let ext = if name.ends_with("-gbk.html") {
            "html (GBK)".to_string()
        } else {
            ext
        };
        match by_kind.iter_mut().find(|k| k.0 == ext) {
            Some(k) => {
                k.1 += 1.0 / alone;
                k.2 += 1.0 / checked;
                k.3 += 1;
            }
            None => by_kind.push((ext, 1.0 / alone, 1.0 / checked, 1)),
        }
    }
    println!();
    for (kind, a, c, n) in by_kind {
        println!(
            "{kind:<34} {:>8} {:>12.0} {:>16.0}",
            "",
            f64::from(n) / a,
            f64::from(n) / c
        );
    }
}
