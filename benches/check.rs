//! Parse + check throughput on the seed reports, one core: `cargo bench --bench check`.
//! Prints reports per second and the time per report; figures go in benches/README.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/seeds");
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("../shared/fixtures/seeds")
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    seeds.sort();
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/report-2024.txt"),
    )
    .unwrap();
    seeds.push(("example".into(), example));

    // Under callgrind, a fixed number of runs per report makes instruction counts comparable
    // between builds: `BENCH_RUNS=200 valgrind --tool=callgrind target/release/deps/check-…`.
    let fixed: Option<u64> = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok());
    let budget = Duration::from_secs(2);
    let mut total_reports = 0u64;
    let mut total_time = Duration::ZERO;
    println!(
        "{:<28} {:>10} {:>14} {:>12}",
        "report", "bytes", "reports/s", "µs/report"
    );
    for (name, text) in &seeds {
        // Warm up, then run for the budget.
        for _ in 0..if fixed.is_some() { 1 } else { 200 } {
            black_box(gongkai::check(black_box(text)));
        }
        let start = Instant::now();
        let mut n = 0u64;
        while fixed.map_or(start.elapsed() < budget, |runs| n < runs) {
            for _ in 0..100 {
                black_box(gongkai::check(black_box(text)));
            }
            n += 100;
        }
        let t = start.elapsed();
        total_reports += n;
        total_time += t;
        println!(
            "{:<28} {:>10} {:>14.0} {:>12.1}",
            name,
            text.len(),
            n as f64 / t.as_secs_f64(),
            t.as_secs_f64() * 1e6 / n as f64
        );
    }
    println!(
        "{:<28} {:>10} {:>14.0} {:>12.1}",
        "all",
        "",
        total_reports as f64 / total_time.as_secs_f64(),
        total_time.as_secs_f64() * 1e6 / total_reports as f64
    );
}
