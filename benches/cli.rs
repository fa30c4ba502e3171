//! `gongkai check` end to end, as a user runs it: `cargo bench --bench cli` (figures in
//! benches/README.md). The optimised binary over folders of 1,000, 10,000 and 100,000 reports
//! (`GONGKAI_BENCH_SIZES=1000,10000` for fewer), text and JSON, `-j 1` and `-j 2`, output to
//! /dev/null; per run the wall time, the CPU time and the peak memory of the process (`wait4`).
//!
//! The reports are the seeds with their agency renamed per copy (a seed whose agency the checker
//! does not find gets a title naming one) and each in two years (the seed's and the year before,
//! which a folder walk sorts first), so that every pair of consecutive years is checked across
//! years. The folders are made under the temporary directory and
//! removed afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `k` in Chinese digits: agency names stay names (`三七镇…局`).
fn chinese(mut k: usize) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[k % 10]);
        k /= 10;
        if k == 0 {
            break;
        }
    }
    out.iter().rev().collect()
}

/// The seeds: text, agency as the checker reads it, year.
fn seeds() -> Vec<(String, String, u16)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("../shared/fixtures/seeds")
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let (report, _) = gongkai::check(&text);
            let year = report.year.as_ref().expect("a seed names its year").year;
            match report.agency() {
                Some(a) => (text.clone(), a.name.clone(), year),
                // A seed without a title naming its agency gets one.
                None => {
                    let agency = "甲镇人民政府".to_string();
                    let titled = format!("{agency}{year}年政府信息公开工作年度报告\n{text}");
                    (titled, agency, year)
                }
            }
        })
        .collect()
}

/// `files` reports in folders of 1,000: copy `k` of a seed renamed to agency `k`, in its year and
/// the year before.
fn generate(root: &Path, files: usize, seeds: &[(String, String, u16)]) {
    let _ = std::fs::remove_dir_all(root);
    for k in 0..files.div_ceil(2) {
        let (text, agency, year) = &seeds[k % seeds.len()];
        let renamed = text.replace(agency.as_str(), &format!("{}镇{agency}", chinese(k)));
        let before = renamed
            .replace(&year.to_string(), &(year - 1).to_string())
            .replace(&(year + 1).to_string(), &year.to_string());
        if k < seeds.len() {
            // The copies pair as meant: a new agency, the year before a year.
            let (now, _) = gongkai::check(&renamed);
            let (then, _) = gongkai::check(&before);
            let new_name = format!("{}镇{agency}", chinese(k));
            assert_eq!(
                now.agency().map(|a| a.name.as_str()),
                Some(new_name.as_str())
            );
            assert_eq!(then.year.as_ref().map(|y| y.year), Some(year - 1));
        }
        let dir = root.join(format!("{:03}", k / 500));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{k:06}-{}.txt", year - 1)), before).unwrap();
        if 2 * k + 1 < files {
            std::fs::write(dir.join(format!("{k:06}-{year}.txt")), renamed).unwrap();
        }
    }
}

struct Measured {
    wall: Duration,
    cpu: Duration,
    peak_kb: i64,
}

/// One run of the binary, its output thrown away; its resources from `wait4`.
#[expect(
    clippy::zombie_processes,
    reason = "reaped by wait4, which also gives its usage"
)]
fn run(args: &[&str]) -> Measured {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our child's, the pointers are to live locals.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    let wall = started.elapsed();
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak_kb: usage.ru_maxrss,
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::var("GONGKAI_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("GONGKAI_BENCH_SIZES: numbers"))
        .collect();
    let seeds = seeds();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at start: {}", load.trim());
    println!(
        "{:>8} {:>3} {:<5} {:>8} {:>8} {:>14} {:>10} {:>9}",
        "files", "-j", "form", "wall s", "cpu s", "reports/cpu·s", "µs/report", "peak MB"
    );
    for &files in &sizes {
        let root = std::env::temp_dir().join(format!("gongkai-bench-cli-{files}"));
        generate(&root, files, &seeds);
        let folder = root.to_str().unwrap();
        for (jobs, format) in [("1", "text"), ("1", "json"), ("2", "text"), ("2", "json")] {
            let m = run(&["check", "-j", jobs, "--format", format, folder]);
            println!(
                "{files:>8} {jobs:>3} {format:<5} {:>8.2} {:>8.2} {:>14.0} {:>10.1} {:>9.1}",
                m.wall.as_secs_f64(),
                m.cpu.as_secs_f64(),
                files as f64 / m.cpu.as_secs_f64(),
                m.cpu.as_secs_f64() * 1e6 / files as f64,
                m.peak_kb as f64 / 1024.0,
            );
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at end: {}", load.trim());
}
