//! `gongkai check` against hostile inputs: what is not a regular file (a pipe named `*.txt`, a
//! device) is never read, a stream without end is cut off, and a deep tree costs its depth. Each
//! run is bounded: a hang is killed and fails the test instead of stalling it.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A named pipe nobody writes to: opening it to read would wait forever.
fn fifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// `gongkai ARGS` with `stdin`, killed if it runs past `limit`: (stdout, stderr, status).
fn run_within(args: &[&str], stdin: Stdio, limit: Duration) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("COLUMNS")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gongkai {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    (
        out.join().unwrap(),
        err.join().unwrap(),
        status.code().unwrap_or(-1),
    )
}

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn a_pipe_in_a_folder_is_skipped_and_one_named_is_refused() {
    let d = dir("fifo");
    std::fs::write(d.join("a.txt"), common::example()).unwrap();
    fifo(&d.join("b.txt"));
    let folder = d.to_str().unwrap();
    let (out, err, code) = run_within(&["check", folder], Stdio::null(), LIMIT);
    assert_eq!(code, 1, "the example's error, and nothing else: {err}");
    assert!(out.contains("a.txt") && !out.contains("b.txt"), "{out}");
    let (pipe, file) = (d.join("b.txt"), d.join("a.txt"));
    let (out, err, code) = run_within(
        &["check", pipe.to_str().unwrap(), file.to_str().unwrap()],
        Stdio::null(),
        LIMIT,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("b.txt: 不是普通文件"), "{err}");
    assert!(
        out.contains("error[row-total]"),
        "the other file checked: {out}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_device_is_refused_and_endless_input_cut_off() {
    let d = dir("device");
    std::fs::write(d.join("a.txt"), common::example()).unwrap();
    let file = d.join("a.txt");
    let (out, err, code) = run_within(
        &["check", "/dev/zero", file.to_str().unwrap()],
        Stdio::null(),
        LIMIT,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("/dev/zero: 不是普通文件"), "{err}");
    assert!(
        out.contains("error[row-total]"),
        "the other file checked: {out}"
    );
    // Standard input is read, but no further than a document can be.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let (_, err, code) = run_within(&["check", "-"], Stdio::from(zero), LIMIT);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("-: 超过 64 MB"), "{err}");
    let _ = std::fs::remove_dir_all(&d);
}

/// 1,200 folders one inside the next, a file every tenth level and the example at the bottom:
/// walked, configured and checked in a few seconds (it took its depth cubed: 27 s).
#[test]
fn twelve_hundred_nested_folders_are_checked_in_time_linear_in_depth() {
    let d = dir("deep");
    let mut p = d.clone();
    for i in 0..1200 {
        p.push("d");
        if i % 10 == 0 {
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(p.join("note.txt"), "会议纪要\n").unwrap();
        }
    }
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("2024.txt"), common::example()).unwrap();
    let started = Instant::now();
    let (out, err, code) = run_within(
        &["check", "--format", "concise", d.to_str().unwrap()],
        Stdio::null(),
        LIMIT,
    );
    let took = started.elapsed();
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.matches("note.txt").count(), 0, "no findings in notes");
    assert!(
        out.contains("2024.txt") && out.contains("row-total"),
        "{out}"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let _ = std::fs::remove_dir_all(&d);
}

/// A `gongkai.toml` that is no UTF-8, or a pipe given as `--config`: said on one line of
/// standard error in Chinese first, the defaults kept, the file still checked, status 2. Settings
/// of the wrong shape are said too.
#[test]
fn settings_that_cannot_be_used_are_said() {
    let d = dir("settings");
    std::fs::write(d.join("a.txt"), common::example()).unwrap();
    std::fs::write(
        d.join("gongkai.toml"),
        b"[rules]\nrow-total = \"\xff\xfe\"\n",
    )
    .unwrap();
    let file = d.join("a.txt");
    let (out, err, code) = run_within(&["check", file.to_str().unwrap()], Stdio::null(), LIMIT);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("gongkai.toml: 设置文件不是 UTF-8 文本(第 22 字节起)"),
        "{err}"
    );
    assert!(out.contains("error[row-total]"), "defaults in force: {out}");
    std::fs::write(d.join("gongkai.toml"), "rules = \"off\"\n").unwrap();
    let (out, err, code) = run_within(&["check", file.to_str().unwrap()], Stdio::null(), LIMIT);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("第 1 行:「rules」应为表"), "{err}");
    assert!(out.contains("error[row-total]"), "{out}");
    let pipe = d.join("pipe.toml");
    fifo(&pipe);
    let (out, err, code) = run_within(
        &[
            "check",
            "--config",
            pipe.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        Stdio::null(),
        LIMIT,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("设置文件:不是普通文件"), "{err}");
    assert!(out.contains("error[row-total]"), "{out}");
    let _ = std::fs::remove_dir_all(&d);
}

/// A table row whose label runs on for 10 MB: the findings on it quote its start and show a
/// window of the line, so the output stays kilobytes (it was 28 MB here, 576 MB with 27
/// findings on such a line), in every format.
#[test]
fn a_line_of_megabytes_is_quoted_and_shown_in_part() {
    let d = dir("long-line");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/report-2024.txt"
    ))
    .unwrap();
    let long = example.replacen("(七)总计", &format!("(七)总计{}", "字".repeat(3 << 20)), 1);
    let path = d.join("long.txt");
    std::fs::write(&path, &long).unwrap();
    for format in ["text", "json", "concise", "sarif"] {
        let (out, err, status) = run_within(
            &["check", "--format", format, path.to_str().unwrap()],
            Stdio::null(),
            LIMIT,
        );
        assert_eq!(status, 1, "{format}: {err}");
        assert!(out.contains("unknown-row"), "{format}");
        assert!(out.len() < 64 << 10, "{format}: {} bytes", out.len());
    }
}
