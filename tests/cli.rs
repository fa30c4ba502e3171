//! The command-line contract of CLI.md: inputs, exit codes, output formats.

mod common;

use common::run_cli;

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn clean_reports_exit_0_and_errors_exit_1() {
    let seeds = common::seeds_dir();
    let (out, _, code) = run_cli(&["check", seeds.to_str().unwrap()], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 个错误"));
    let (out, _, code) = run_cli(&["check", "-"], &common::example());
    assert_eq!(code, 1);
    assert!(out.starts_with("-:35:45: error[row-total]: "), "{out}");
}

#[test]
fn text_output_is_plain_when_piped_and_coloured_on_request() {
    let (plain, _, _) = run_cli(&["check", "-"], &common::example());
    assert!(!plain.contains('\x1b'));
    let (coloured, _, _) = run_cli(&["check", "--color", "always", "-"], &common::example());
    assert!(coloured.contains("\x1b[1;31merror"));
}

#[test]
fn text_output_shows_the_line_and_marks_the_cell() {
    let (out, _, _) = run_cli(&["check", "-"], &common::example());
    let block: Vec<&str> = out.lines().take(5).collect();
    assert_eq!(
        block[2],
        "35 | 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 13 | ||"
    );
    // The caret sits under 13: a label of 16 wide characters (two columns each), then ASCII.
    let caret = block[3].find('^').unwrap();
    assert_eq!(&block[3][caret..], "^^");
    assert_eq!(
        caret,
        "35 | ".len() + 16 * 2 + " | 10 | 2 | 0 | 0 | 0 | 0 | ".len()
    );
    let rest: Vec<&str> = out.lines().skip(4).take_while(|l| !l.is_empty()).collect();
    assert!(rest.iter().all(|l| l.starts_with("   = ")), "{rest:?}");
    assert!(rest[0].contains("依据「每行的总计等于自然人与五类法人或其他组织之和」"));
    assert!(
        rest.last()
            .unwrap()
            .contains("将「一、本年新收政府信息公开申请数量」的总计改为 12(可用 --fix 自动修正)")
    );
}

#[test]
fn directories_are_walked_in_order_and_bad_files_exit_2() {
    let d = dir("walk");
    std::fs::create_dir_all(d.join("b")).unwrap();
    std::fs::write(d.join("b/2.md"), common::clean()).unwrap();
    std::fs::write(d.join("a.txt"), "会议纪要\n").unwrap();
    std::fs::write(d.join("c.txt"), [0x80, 0xff, 0x81, 0x0a]).unwrap();
    std::fs::write(d.join("ignored.xlsx"), "x").unwrap();
    let (out, err, code) = run_cli(&["check", "--format", "json", d.to_str().unwrap()], "");
    assert_eq!(code, 2, "a file in no encoding we read fails the run");
    assert!(
        err.contains("c.txt") && err.contains("无法识别文本编码") && err.contains("iconv -f"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = json["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(
        paths[0].ends_with("a.txt") && paths[1].ends_with("2.md"),
        "{paths:?}"
    );
    assert_eq!(files.len(), 3, "the other files are still checked");
    // The unreadable file is a record too, saying why.
    assert!(paths[2].ends_with("c.txt"), "{paths:?}");
    assert!(
        files[2]["error"]
            .as_str()
            .unwrap()
            .contains("无法识别文本编码")
    );
    assert!(files[2]["report"].is_null() && files[2]["diagnostics"] == serde_json::json!([]));
    assert!(files[0].get("error").is_none() && files[1].get("error").is_none());
    // Not a report: listed, with no report and no diagnostics.
    assert!(files[0]["report"].is_null());
    assert_eq!(files[0]["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(files[1]["report"]["year"], 2024);
    assert_eq!(files[1]["report"]["format"], "2021");
}

#[test]
fn json_positions_are_utf16() {
    // 𠀀 is one character but two UTF-16 code units: the cell after it moves by two.
    let text = common::clean().replacen("信息内容 | 本年制发件数", "𠀀信息内容 | 本年新发件数", 1);
    let (out, _, _) = run_cli(&["check", "--format", "json", "-"], &text);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "label-variant");
    assert_eq!(
        d["range"]["start"]["character"],
        "𠀀信息内容 | ".encode_utf16().count()
    );
    assert_eq!(
        d["range"]["end"]["character"],
        "𠀀信息内容 | 本年新发件数".encode_utf16().count()
    );
    let (text_out, _, _) = run_cli(&["check", "-"], &text);
    assert!(
        text_out.starts_with("-:18:9:"),
        "text output counts characters: {text_out}"
    );
}

/// The binary run in `cwd` with standard input left open: a command that waits on it is
/// killed after ten seconds and fails the test.
fn run_in(cwd: &std::path::Path, args: &[&str], stdin: Option<&str>) -> (String, String, i32) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut open = child.stdin.take();
    if let Some(text) = stdin {
        open.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("gongkai {args:?} still running after 10 s: waiting on stdin?");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_subcommand_has_help_and_none_waits_on_stdin_for_it() {
    let here = std::env::temp_dir();
    let (top, _, code) = run_in(&here, &["--help"], None);
    assert_eq!(code, 0);
    for sub in [
        "check",
        "lsp",
        "rules",
        "rule",
        "convert",
        "extract",
        "new",
        "init",
        "completions",
        "man",
    ] {
        assert!(top.contains(sub), "{sub} listed in gongkai --help");
        let (out, err, code) = run_in(&here, &[sub, "--help"], None);
        assert_eq!(code, 0, "{sub} --help: {err}");
        assert!(out.contains(&format!("Usage: gongkai {sub}")), "{out}");
    }
    let (out, _, code) = run_in(&here, &["check", "--help"], None);
    assert_eq!(code, 0);
    for option in ["--format", "--fix", "--color", "--config"] {
        assert!(out.contains(option), "{option} in check --help");
    }
    let (out, _, code) = run_in(&here, &["--version"], None);
    assert_eq!(
        (out.trim(), code),
        (format!("gongkai {}", env!("CARGO_PKG_VERSION")).as_str(), 0)
    );
}

#[test]
fn bad_usage_is_one_line_pointing_at_help_and_exits_2() {
    for (args, names) in [
        (&["check"][..], "gongkai check --help"),
        (&["check", "--format", "xml", "-"], "gongkai check --help"),
        (&["check", "--nope", "-"], "gongkai check --help"),
        (
            &["check", "--color", "sometimes", "-"],
            "gongkai check --help",
        ),
        (&["rule"], "gongkai rule --help"),
        (&["frobnicate"], "gongkai --help"),
    ] {
        let (out, err, code) = run_cli(args, "");
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: nothing on stdout");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        assert!(err.starts_with("gongkai: ") && err.contains(names), "{err}");
    }
    let (_, err, _) = run_cli(&["check", "--format", "xml", "-"], "");
    assert!(err.contains("取值无效") && err.contains("text"), "{err}");
    // No command at all: the help, on stderr, with status 2.
    let (_, err, code) = run_cli(&[], "");
    assert_eq!(code, 2);
    assert!(err.contains("Usage: gongkai <COMMAND>"), "{err}");
    let (_, err, code) = run_cli(&["check", "/no/such/file.txt"], "");
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/file.txt"));
}

#[test]
fn the_catalogue_lists_every_rule_of_the_table_in_chinese() {
    let (out, _, code) = run_cli(&["rules"], "");
    assert_eq!(code, 0);
    for r in gongkai::rules::RULES {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(r.code))
            .unwrap_or_else(|| panic!("{} listed: {out}", r.code));
        assert!(
            line.contains(r.category) && line.contains(r.summary),
            "{line}"
        );
        let severity = ["错误", "警告", "信息", "提示"][r.severity as usize];
        assert!(line.contains(severity), "{line}");
    }
    assert!(out.contains(&format!("共 {} 条规则", gongkai::rules::RULES.len())));
}

#[test]
fn the_catalogue_as_json_holds_every_rule_in_the_table_order() {
    let (out, err, code) = run_cli(&["rules", "--format", "json"], "");
    assert_eq!(code, 0, "{err}");
    let rules: Vec<serde_json::Value> = serde_json::from_str(&out).expect("a JSON array");
    assert_eq!(rules.len(), gongkai::rules::RULES.len());
    for (j, r) in rules.iter().zip(gongkai::rules::RULES) {
        assert_eq!(j["code"], r.code);
        assert_eq!(j["severity"], r.severity.as_str());
        assert_eq!(j["category"], r.category);
        assert_eq!(j["summary"], r.summary);
        assert_eq!(j["example"], r.example);
        let fix = match r.mend {
            gongkai::rules::Mend::Safe => "safe",
            gongkai::rules::Mend::Manual => "manual",
            gongkai::rules::Mend::None => "none",
        };
        assert_eq!(j["fix"], fix, "{}", r.code);
    }
}

#[test]
fn a_rule_is_explained_with_its_default_and_an_example() {
    let (out, _, code) = run_cli(&["rule", "balance"], "");
    assert_eq!(code, 0);
    let rule = gongkai::rules::rule_info("balance").unwrap();
    assert!(out.starts_with("balance(勾稽关系)"), "{out}");
    assert!(out.contains(rule.summary) && out.contains(&format!("示例:{}", rule.example)));
    assert!(out.contains("默认严重程度:错误(error)"), "{out}");
    assert!(out.contains("有安全修正"), "{out}");
    // Every rule of the table has its explanation and an example.
    for r in gongkai::rules::RULES {
        let (out, err, code) = run_cli(&["rule", r.code], "");
        assert_eq!(code, 0, "{}: {err}", r.code);
        assert!(
            r.example.ends_with('。') && out.contains(&format!("示例:{}", r.example)),
            "{out}"
        );
    }
    let (_, err, code) = run_cli(&["rule", "no-such-rule"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("no-such-rule") && err.contains("row-total"),
        "{err}"
    );
}

#[test]
fn init_writes_every_rule_with_its_default_and_never_overwrites() {
    let d = dir("init");
    let (out, err, code) = run_in(&d, &["init"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("gongkai.toml"));
    let written = std::fs::read_to_string(d.join("gongkai.toml")).unwrap();
    // As written, everything is commented out: the defaults.
    let (config, problems) = gongkai::config::Config::from_toml(&written).unwrap();
    assert!(
        problems.is_empty() && config == Default::default(),
        "{problems:?}"
    );
    // Each rule is named once with its default; uncommented, every line is a valid setting.
    for r in gongkai::rules::RULES {
        let setting = format!("# {} = \"{}\"", r.code, r.severity.as_str());
        assert_eq!(written.matches(&setting).count(), 1, "{setting}");
    }
    let uncommented: String = written
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|l| l.contains(" = \""))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (_, problems) = gongkai::config::Config::from_toml(&uncommented).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        uncommented.lines().filter(|l| l.contains(" = \"")).count(),
        gongkai::rules::RULES.len()
    );
    // A second init leaves the file as it is.
    std::fs::write(d.join("gongkai.toml"), "[rules]\nbalance = \"off\"\n").unwrap();
    let (_, err, code) = run_in(&d, &["init"], None);
    assert_eq!(code, 2);
    assert!(err.contains("已存在"), "{err}");
    assert_eq!(
        std::fs::read_to_string(d.join("gongkai.toml")).unwrap(),
        "[rules]\nbalance = \"off\"\n"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_same_definition() {
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef gongkai"),
        ("fish", "complete -c gongkai"),
    ] {
        let (out, err, code) = run_cli(&["completions", shell], "");
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(mark), "{shell}: {out}");
        for word in [
            "check", "format", "fix", "rules", "extract", "wide", "new", "last",
        ] {
            assert!(out.contains(word), "{shell} completes {word}");
        }
        if shell != "fish" {
            // fish completes no positional values; the others offer the rule codes.
            assert!(out.contains("row-total"), "{shell} completes rule codes");
        }
    }
    let (out, _, code) = run_cli(&["man"], "");
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH gongkai"),
        "{out}"
    );
    assert!(out.contains("check") && out.contains("lsp") && out.contains("extract"));
}

#[test]
fn a_config_file_turns_rules_off_and_changes_severities() {
    let d = dir("config");
    let config = d.join("gongkai.toml");
    std::fs::write(
        &config,
        "[rules]\nbalance = \"off\"\nrow-total = \"warning\"\n",
    )
    .unwrap();
    let (out, err, code) = run_cli(
        &[
            "check",
            "--format",
            "json",
            "--config",
            config.to_str().unwrap(),
            "-",
        ],
        &common::example(),
    );
    assert_eq!(code, 0, "no error is left: {err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found = json["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0]["code"].as_str(), found[0]["severity"].as_str()),
        (Some("row-total"), Some("warning"))
    );
}

#[test]
fn a_broken_config_file_is_named_by_its_line_and_the_defaults_stay() {
    let d = dir("broken-config");
    let config = d.join("gongkai.toml");
    std::fs::write(&config, "[rules]\nbalance = \"off\"\nrow-total = warning\n").unwrap();
    let (out, err, code) = run_cli(
        &["check", "--config", config.to_str().unwrap(), "-"],
        &common::example(),
    );
    assert_eq!(code, 2, "a broken config fails the run");
    assert!(
        err.contains("gongkai.toml") && err.contains("第 3 行"),
        "{err}"
    );
    assert!(out.contains("error[row-total]"), "defaults in force: {out}");
}

#[test]
fn reports_of_consecutive_years_are_checked_against_each_other() {
    let d = dir("years");
    let row_four = "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |";
    let last = common::year_before(&common::clean()).replace(
        row_four,
        "四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    );
    std::fs::write(d.join("2023.txt"), &last).unwrap();
    std::fs::write(d.join("2024.txt"), common::clean()).unwrap();
    let (out, _, _) = run_cli(&["check", "--format", "json", d.to_str().unwrap()], "");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = json["files"].as_array().unwrap();
    let codes = |f: &serde_json::Value| -> Vec<String> {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(files[0]["path"].as_str().unwrap().ends_with("2023.txt"));
    assert!(!codes(&files[0]).contains(&"carryover".to_string()));
    // 2024's 二 (1, 1) against 2023's 四 (2, 2): 自然人 and 总计, the place in 2023 named.
    let carry: Vec<&serde_json::Value> = files[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "carryover")
        .collect();
    assert_eq!(carry.len(), 2, "{out}");
    let related = &carry[1]["related"][0];
    assert!(related["file"].as_str().unwrap().ends_with("2023.txt"));
    assert_eq!(related["range"]["start"]["line"], 58);
    // Alone, the 2024 report has no year before to be checked against.
    let (out, _, _) = run_cli(&["check", d.join("2024.txt").to_str().unwrap()], "");
    assert!(!out.contains("carryover"), "{out}");
    // Text output names the place in the other file.
    let (out, _, _) = run_cli(&["check", d.to_str().unwrap()], "");
    assert!(
        out.contains("参见 see: ") && out.contains("2023.txt:59:"),
        "{out}"
    );
}

/// A write that fails half way (here a file-size limit of 2 KiB, as a full disk or a quota
/// would) must leave the report byte for byte as it was, and the run must not pretend the
/// fix went in: exit 2, and the findings are those of the unchanged file.
#[cfg(unix)]
#[test]
fn fix_that_cannot_be_written_leaves_the_original_intact() {
    let d = dir("fix-ulimit");
    let path = d.join("report-2024.txt");
    let original = common::example();
    assert!(original.len() > 2048, "the example must outgrow the limit");
    std::fs::write(&path, &original).unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -f 2; exec "$0" check --fix "$1""#)
        .arg(env!("CARGO_BIN_EXE_gongkai"))
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("原文件未改动"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[row-total]"));
    let left: Vec<_> = std::fs::read_dir(&d).unwrap().collect();
    assert_eq!(left.len(), 1, "the temporary file is removed");
    std::fs::remove_dir_all(&d).unwrap();
}

/// Without a limit the same run rewrites the file through the temporary copy.
#[test]
fn fix_replaces_the_file_and_leaves_nothing_beside_it() {
    let d = dir("fix-replace");
    let path = d.join("report-2024.txt");
    std::fs::write(&path, common::example()).unwrap();
    let (_, err, code) = run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read_to_string(&path).unwrap(), common::example());
    let left: Vec<_> = std::fs::read_dir(&d).unwrap().collect();
    assert_eq!(left.len(), 1);
    std::fs::remove_dir_all(&d).unwrap();
}

/// Bytes of `text` in GBK/GB18030 or UTF-16 with a BOM, as `iconv` would write them.
fn encoded(text: &str, encoding: &str) -> Vec<u8> {
    let mut b = Vec::new();
    match encoding {
        "UTF-16LE" => {
            b.extend([0xFF, 0xFE]);
            b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        }
        "UTF-16BE" => {
            b.extend([0xFE, 0xFF]);
            b.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        }
        "GBK" => b = encoding_rs::GBK.encode(text).0.into_owned(),
        _ => b = encoding_rs::GB18030.encode(text).0.into_owned(),
    }
    b
}

#[test]
fn gbk_gb18030_and_utf16_copies_of_a_seed_give_its_findings() {
    let d = dir("encodings");
    for (name, text) in common::seeds().into_iter().take(2) {
        let path = d.join(format!("{name}.txt"));
        std::fs::write(&path, &text).unwrap();
        let (want, _, code) = run_cli(&["check", "--format", "json", path.to_str().unwrap()], "");
        assert_eq!(code, 0);
        let want: serde_json::Value = serde_json::from_str(&want).unwrap();
        for (encoding, said) in [
            ("GBK", "GB18030"),
            ("GB18030", "GB18030"),
            ("UTF-16LE", "UTF-16LE"),
            ("UTF-16BE", "UTF-16BE"),
        ] {
            std::fs::write(&path, encoded(&text, encoding)).unwrap();
            let (out, err, code) =
                run_cli(&["check", "--format", "json", path.to_str().unwrap()], "");
            assert_eq!(code, 0, "seed {name} in {encoding}: {err}");
            let got: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(
                got["files"][0]["encoding"], said,
                "seed {name} in {encoding}"
            );
            assert_eq!(
                got["files"][0]["diagnostics"], want["files"][0]["diagnostics"],
                "seed {name} in {encoding}"
            );
        }
    }
}

#[test]
fn fix_writes_a_gbk_file_back_in_gbk_changing_only_the_fixed_cell() {
    let d = dir("fix-gbk");
    let path = d.join("report.txt");
    let broken = encoded(&common::example(), "GBK");
    std::fs::write(&path, &broken).unwrap();
    let (_, err, _) = run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    let fixed = std::fs::read(&path).unwrap();
    assert_eq!(fixed, encoded(&common::clean(), "GBK"), "{err}");
    // Only the total changed: the bytes differ in one place, 13 → 12.
    let diff: Vec<usize> = (0..broken.len())
        .filter(|&i| broken[i] != fixed[i])
        .collect();
    assert_eq!(diff.len(), 1);
    assert_eq!((broken[diff[0]], fixed[diff[0]]), (b'3', b'2'));
}

/// A folder of four reports: the example (an error with notes and a safe fix), the example
/// with a blank cell (a warning too), a clean copy and a seed.
fn four_reports(name: &str) -> std::path::PathBuf {
    let d = dir(name);
    std::fs::write(d.join("a.txt"), common::example()).unwrap();
    std::fs::write(d.join("b.txt"), example_with_a_blank()).unwrap();
    std::fs::write(d.join("c.txt"), common::clean()).unwrap();
    let (seed, text) = &common::seeds()[0];
    std::fs::write(d.join(format!("{seed}.txt")), text).unwrap();
    d
}

/// The output of `check --format FORMAT folder`.
fn formatted(format: &str, folder: &std::path::Path) -> String {
    run_cli(&["check", "--format", format, folder.to_str().unwrap()], "").0
}

#[test]
fn concise_is_the_first_line_of_each_text_block() {
    let d = four_reports("concise");
    let text = formatted("text", &d);
    let heads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(d.to_str().unwrap()) && l.contains("]: "))
        .collect();
    let concise = formatted("concise", &d);
    assert_eq!(concise.lines().collect::<Vec<_>>(), heads);
    assert_eq!(heads.len(), findings(&formatted("json", &d)).len());
    assert!(
        heads
            .iter()
            .any(|l| l.contains(":35:45: error[row-total]: ")),
        "{concise}"
    );
}

#[test]
fn jsonl_is_one_record_per_file_then_a_summary() {
    use std::io::BufRead;
    let d = four_reports("jsonl");
    let whole: serde_json::Value = serde_json::from_str(&formatted("json", &d)).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--format", "jsonl", d.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read as a consumer of a stream does: a line at a time, each a complete record.
    let mut records = Vec::new();
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        records.push(serde_json::from_str::<serde_json::Value>(&line.unwrap()).unwrap());
    }
    assert_eq!(child.wait().unwrap().code(), Some(1));
    let (summary, files) = records.split_last().unwrap();
    assert_eq!(files, whole["files"].as_array().unwrap().as_slice());
    let count = |s: &str| {
        files
            .iter()
            .flat_map(|f| f["diagnostics"].as_array().unwrap())
            .filter(|d| d["severity"] == s)
            .count()
    };
    assert_eq!(
        summary["summary"],
        serde_json::json!({ "files": 4, "reports": 4, "unreadable": 0, "errors": count("error"),
            "warnings": count("warning"), "information": count("information"), "hints": count("hint") })
    );
    assert!(count("error") >= 1 && count("warning") >= 1);
}

#[test]
fn sarif_is_a_valid_sarif_2_1_0_log_with_every_finding() {
    let d = four_reports("sarif");
    let out = formatted("sarif", &d);
    // The SARIF object model (serde-sarif, generated from the 2.1.0 schema) reads it back.
    let log: serde_sarif::sarif::Sarif = serde_json::from_str(&out).expect("a SARIF 2.1.0 log");
    assert_eq!(serde_json::to_value(&log.version).unwrap(), "2.1.0");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The properties the schema requires, and the ones code scanning reads.
    let run = &v["runs"][0];
    assert_eq!(v["runs"].as_array().unwrap().len(), 1);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "gongkai");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), gongkai::rules::RULES.len());
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string())
    );
    let json: serde_json::Value = serde_json::from_str(&formatted("json", &d)).unwrap();
    let expected: Vec<(String, &serde_json::Value)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap().to_string();
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |d| (path.clone(), d))
        })
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    for (r, (path, d)) in results.iter().zip(&expected) {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert_eq!(r["ruleId"], d["code"]);
        let level = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
        // The headline is the message; the notes follow in properties.
        let message = d["message"].as_str().unwrap();
        assert_eq!(r["message"]["text"], message.lines().next().unwrap());
        let notes: Vec<&str> = message.lines().skip(1).collect();
        if !notes.is_empty() {
            assert_eq!(r["properties"]["notes"], serde_json::json!(notes));
        }
        let place = &r["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], format!("file://{path}"));
        let region = &place["region"];
        // 1-based, UTF-16 columns (the run's columnKind): the JSON range plus one.
        assert_eq!(
            region["startLine"],
            d["range"]["start"]["line"].as_u64().unwrap() + 1
        );
        assert_eq!(
            region["startColumn"],
            d["range"]["start"]["character"].as_u64().unwrap() + 1
        );
        assert_eq!(
            region["endColumn"],
            d["range"]["end"]["character"].as_u64().unwrap() + 1
        );
        let safe = d["fix"]["safe"] == true;
        assert_eq!(r.get("fixes").is_some(), safe, "{r}");
    }
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert!(results.iter().any(
        |r| r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
            == "12"
    ));
}

#[test]
fn github_annotations_one_per_finding_with_escaped_notes() {
    let d = four_reports("github");
    let out = formatted("github", &d);
    let expected = findings(&formatted("json", &d));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        expected.len(),
        "one line each: line breaks are escaped"
    );
    for (line, (name, code, severity)) in lines.iter().zip(&expected) {
        let level = match severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let prefix = format!("::{level} file={}/{name},line=", d.display());
        assert!(line.starts_with(&prefix), "{line}");
        assert!(line.contains(&format!(",title=gongkai {code}::")), "{line}");
    }
    let row_total = lines.iter().find(|l| l.contains("row-total")).unwrap();
    assert!(
        row_total.contains(",line=35,endLine=35,col=45,endColumn=46,"),
        "{row_total}"
    );
    assert!(
        row_total.contains("实为 13%0A依据"),
        "the notes follow the headline: {row_total}"
    );
}

#[test]
fn text_for_several_files_ends_with_a_table_per_file() {
    let d = four_reports("table");
    let out = formatted("text", &d);
    let table_at = out.rfind("\n文件 ").expect("a table") + 1;
    let table: Vec<&str> = out[table_at..].lines().collect();
    assert!(table[0].ends_with(" 错误  警告  提示"), "{table:?}");
    // The header is as wide as the rows: 文件 and each count heading take four columns.
    let columns = |l: &str| {
        l.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    assert_eq!(columns(table[0]), columns(table[1]), "{table:?}");
    let row = |name: &str| {
        table
            .iter()
            .find(|l| l.starts_with(d.join(name).to_str().unwrap()))
            .copied()
    };
    assert!(
        row("a.txt").unwrap().ends_with("   1     0     0"),
        "{table:?}"
    );
    assert!(
        row("b.txt").unwrap().ends_with("   1     1     0"),
        "{table:?}"
    );
    assert!(
        row("c.txt").is_none(),
        "clean files are counted, not listed"
    );
    assert!(out.contains("个文件没有问题"), "{out}");
    assert!(out.trim_end().ends_with("条提示"));
    // One file: no table.
    let (one, _, _) = run_cli(&["check", d.join("a.txt").to_str().unwrap()], "");
    assert!(!one.contains("错误  警告  提示"));
}

#[test]
fn statistics_count_findings_per_rule() {
    let d = four_reports("statistics");
    let found = findings(&formatted("json", &d));
    let (out, _, code) = run_cli(&["check", "--statistics", d.to_str().unwrap()], "");
    assert_eq!(code, 1, "the exit status is the run's");
    let (json, _, _) = run_cli(
        &[
            "check",
            "--statistics",
            "--format",
            "json",
            d.to_str().unwrap(),
        ],
        "",
    );
    let stats: serde_json::Value = serde_json::from_str(&json).unwrap();
    let stats = stats["statistics"].as_array().unwrap();
    let mut total = 0;
    for s in stats {
        let code = s["code"].as_str().unwrap();
        let n = s["count"].as_u64().unwrap() as usize;
        assert_eq!(
            n,
            found
                .iter()
                .filter(|(_, c, sev)| c == code && sev == &s["severity"])
                .count()
        );
        let line = out
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(code))
            .unwrap();
        assert_eq!(line.split_whitespace().next(), Some(n.to_string().as_str()));
        total += n;
    }
    assert_eq!(total, found.len());
    let counts: Vec<u64> = stats.iter().map(|s| s["count"].as_u64().unwrap()).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first"
    );
    let (_, err, code) = run_cli(
        &[
            "check",
            "--statistics",
            "--format",
            "sarif",
            d.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn quiet_and_min_severity_set_a_floor() {
    let d = four_reports("floor");
    let all = findings(&formatted("json", &d));
    assert!(all.iter().any(|f| f.2 == "information"), "{all:?}");
    let (out, _, _) = run_cli(
        &[
            "check",
            "--format",
            "json",
            "--min-severity",
            "warning",
            d.to_str().unwrap(),
        ],
        "",
    );
    let warned: Vec<_> = all
        .iter()
        .filter(|f| f.2 == "error" || f.2 == "warning")
        .cloned()
        .collect();
    assert_eq!(findings(&out), warned);
    let (out, _, code) = run_cli(&["check", "--quiet", d.to_str().unwrap()], "");
    assert_eq!(code, 1);
    let heads: Vec<&str> = out.lines().filter(|l| l.contains("]: ")).collect();
    assert_eq!(heads.len(), all.iter().filter(|f| f.2 == "error").count());
    assert!(heads.iter().all(|l| l.contains(": error[")), "{out}");
    assert!(
        !out.contains("检查了") && !out.contains("错误  警告"),
        "no summary: {out}"
    );
}

#[test]
fn no_file_found_warns_and_a_path_twice_is_checked_once() {
    let d = dir("nothing");
    std::fs::write(d.join("notes.xlsx"), "x").unwrap();
    let (out, err, code) = run_cli(&["check", "--format", "json", d.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(err.contains("没有找到要检查的文件"), "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        serde_json::json!({"files": []})
    );
    let d = four_reports("twice");
    let a = d.join("a.txt");
    let dotted = d.join(".").join("a.txt");
    let (out, _, _) = run_cli(
        &[
            "check",
            "--format",
            "json",
            a.to_str().unwrap(),
            d.to_str().unwrap(),
            dotted.to_str().unwrap(),
            "-",
            "-",
        ],
        &common::example(),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths.len(),
        5,
        "a.txt once, where it first appears; stdin once: {paths:?}"
    );
    assert_eq!(paths[0], a.to_str().unwrap());
    assert_eq!(paths[4], "-");
}

/// `(file name, code, severity)` of every finding in a JSON output, in order.
fn findings(json_out: &str) -> Vec<(String, String, String)> {
    let json: serde_json::Value = serde_json::from_str(json_out).unwrap();
    let mut out = Vec::new();
    for f in json["files"].as_array().unwrap() {
        let path = std::path::Path::new(f["path"].as_str().unwrap());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for d in f["diagnostics"].as_array().unwrap() {
            out.push((
                name.clone(),
                d["code"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
            ));
        }
    }
    out
}

#[test]
fn the_nearest_gongkai_toml_above_each_file_applies() {
    let d = dir("nearest");
    std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
    std::fs::write(d.join("gongkai.toml"), "[rules]\nrow-total = \"warning\"\n").unwrap();
    std::fs::write(d.join("sub/gongkai.toml"), "[rules]\nrow-total = \"off\"\n").unwrap();
    std::fs::write(d.join("a.txt"), common::example()).unwrap();
    std::fs::write(d.join("sub/deeper/b.txt"), common::example()).unwrap();
    let root = d.to_str().unwrap();
    let row_total = |name: &str, severity: &str| {
        (
            "row-total".to_string(),
            name.to_string(),
            severity.to_string(),
        )
    };
    let as_found = |out: &str| -> Vec<(String, String, String)> {
        findings(out)
            .into_iter()
            .map(|(n, c, s)| (c, n, s))
            .collect()
    };
    // a.txt: the root's file; b.txt: the closer one in sub/, which turns the rule off.
    let (out, err, code) = run_cli(&["check", "--format", "json", root], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(as_found(&out), [row_total("a.txt", "warning")]);
    // A relative path finds the same files (the search starts from the absolute folder).
    let (out, _, _) = run_in(
        &d.join("sub/deeper"),
        &["check", "--format", "json", "b.txt"],
        None,
    );
    assert_eq!(as_found(&out), []);
    // Standard input: from the current directory.
    let (out, _, _) = run_in(
        &d.join("sub"),
        &["check", "--format", "json", "-"],
        Some(&common::example()),
    );
    assert_eq!(as_found(&out), []);
    let (out, _, _) = run_in(
        &d,
        &["check", "--format", "json", "-"],
        Some(&common::example()),
    );
    assert_eq!(as_found(&out), [row_total("-", "warning")]);
    // --no-config: the defaults everywhere.
    let (out, _, code) = run_cli(&["check", "--format", "json", "--no-config", root], "");
    assert_eq!(code, 1);
    assert_eq!(
        as_found(&out),
        [row_total("a.txt", "error"), row_total("b.txt", "error")]
    );
    // --config: that file for every input, whatever lies beside them.
    let (out, _, _) = run_cli(
        &[
            "check",
            "--format",
            "json",
            "--config",
            d.join("gongkai.toml").to_str().unwrap(),
            root,
        ],
        "",
    );
    assert_eq!(
        as_found(&out),
        [row_total("a.txt", "warning"), row_total("b.txt", "warning")]
    );
    let (_, err, code) = run_cli(&["check", "--config", "x.toml", "--no-config", root], "");
    assert_eq!(code, 2, "{err}");
    // A broken file found beside a report is named once and fails the run; defaults stay.
    std::fs::write(d.join("sub/gongkai.toml"), "[rules]\nrow-total = off\n").unwrap();
    std::fs::copy(d.join("sub/deeper/b.txt"), d.join("sub/deeper/c.txt")).unwrap();
    let (out, err, code) = run_cli(&["check", "--format", "json", root], "");
    assert_eq!(code, 2);
    assert_eq!(err.matches("gongkai.toml").count(), 1, "{err}");
    assert!(err.contains("第 2 行"), "{err}");
    assert_eq!(
        as_found(&out),
        [
            row_total("a.txt", "warning"),
            row_total("b.txt", "error"),
            row_total("c.txt", "error")
        ]
    );
}

/// The findings the language server publishes for each file of a folder opened as its
/// workspace, once it has gone quiet: `(file name, code, severity)`, in position order.
fn server_findings(folder: &std::path::Path, files: &[&str]) -> Vec<(String, String, String)> {
    use common::wire::{frame, read_frame};
    use std::io::{BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        while let Some(m) = read_frame(&mut out) {
            if tx.send(m).is_err() {
                break;
            }
        }
    });
    let uri = |name: &str| format!("file://{}", folder.join(name).display());
    let mut send = |v: serde_json::Value| stdin.write_all(&frame(&v.to_string())).unwrap();
    send(
        serde_json::json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{
        "capabilities":{}, "rootUri": uri(""),
        "workspaceFolders":[{"uri": uri(""), "name": "reports"}]}}),
    );
    // As a client does: nothing more until the server has answered initialize.
    while rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap()["id"] != 1 {}
    send(serde_json::json!({"jsonrpc":"2.0","method":"initialized","params":{}}));
    for name in files {
        let text = std::fs::read_to_string(folder.join(name)).unwrap();
        send(
            serde_json::json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{
            "textDocument":{"uri": uri(name), "languageId":"plaintext","version":1,"text":text}}}),
        );
    }
    // The last diagnostics published per file, once every file has some and a second passes
    // with nothing new (30 s at most).
    let mut last: std::collections::HashMap<String, serde_json::Value> = Default::default();
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(30) {
        match rx.recv_timeout(std::time::Duration::from_secs(1)) {
            Ok(m) if m["method"] == "textDocument/publishDiagnostics" => {
                let uri = m["params"]["uri"].as_str().unwrap().to_string();
                last.insert(uri, m["params"]["diagnostics"].clone());
            }
            Ok(_) => {}
            Err(_) if files.iter().all(|f| last.contains_key(&uri(f))) => break,
            Err(_) => {}
        }
    }
    send(serde_json::json!({"jsonrpc":"2.0","id":2,"method":"shutdown"}));
    send(serde_json::json!({"jsonrpc":"2.0","method":"exit"}));
    let _ = child.wait();
    let severity = |n: &serde_json::Value| {
        ["", "error", "warning", "information", "hint"][n.as_u64().unwrap() as usize]
    };
    let mut found = Vec::new();
    for name in files {
        let published = last
            .get(&uri(name))
            .unwrap_or_else(|| panic!("nothing published for {name}: {:?}", last.keys()));
        for d in published.as_array().unwrap() {
            found.push((
                name.to_string(),
                d["code"].as_str().unwrap().into(),
                severity(&d["severity"]).into(),
            ));
        }
    }
    found
}

#[test]
fn the_cli_and_the_language_server_agree_on_a_folder_with_a_gongkai_toml() {
    let d = dir("agree");
    std::fs::write(
        d.join("gongkai.toml"),
        "[rules]\nrow-total = \"warning\"\nlabel-variant = \"off\"\nlate-publication = \"hint\"\n",
    )
    .unwrap();
    let mut names = vec!["example.txt".to_string()];
    std::fs::write(d.join("example.txt"), common::example()).unwrap();
    for (name, text) in common::seeds() {
        std::fs::write(d.join(format!("{name}.txt")), text).unwrap();
        names.push(format!("{name}.txt"));
    }
    names.sort();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (out, err, _) = run_cli(&["check", "--format", "json", d.to_str().unwrap()], "");
    let cli = findings(&out);
    let with_defaults = findings(
        &run_cli(
            &[
                "check",
                "--format",
                "json",
                "--no-config",
                d.to_str().unwrap(),
            ],
            "",
        )
        .0,
    );
    // The settings make a difference here, or agreeing would prove nothing.
    assert_ne!(cli, with_defaults, "{err}");
    assert!(cli.contains(&("example.txt".into(), "row-total".into(), "warning".into())));
    assert_eq!(cli, server_findings(&d, &names));
}

/// The example with a blank cell too: one safe fix (the total) and one left to a person.
fn example_with_a_blank() -> String {
    let text = common::example().replacen("行政许可 | 1520 |", "行政许可 | / |", 1);
    assert_ne!(text, common::example());
    text
}

#[test]
fn fix_says_what_it_fixed_and_what_is_left() {
    let d = dir("fix-told");
    let path = d.join("2024.txt");
    std::fs::write(&path, example_with_a_blank()).unwrap();
    let (out, err, code) = run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "only a warning is left: {out}");
    let told: Vec<&str> = err.lines().collect();
    assert_eq!(
        told,
        [
            format!("{}: 已修正 1 处,剩余 1 处", path.display()).as_str(),
            "  35:45 [row-total] 将「一、本年新收政府信息公开申请数量」的总计改为 12",
            "共修正 1 处(1 个文件),剩余 1 处",
        ]
    );
    // The report is on the fixed file: the blank cell is what remains.
    assert!(
        out.contains("warning[blank-cell]") && !out.contains("row-total"),
        "{out}"
    );
    // Nothing left to fix: said so.
    let (_, err, _) = run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    assert_eq!(err.trim(), "共修正 0 处(0 个文件),剩余 1 处");
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let d = dir("diff");
    let path = d.join("2024.txt");
    std::fs::write(&path, example_with_a_blank()).unwrap();
    let (diff, err, code) = run_cli(&["check", "--diff", path.to_str().unwrap()], "");
    assert_eq!(code, 1, "there is something to fix: {err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        example_with_a_blank()
    );
    let p = path.display().to_string();
    assert!(
        diff.starts_with(&format!("--- {p}\n+++ {p}\n@@ ")),
        "{diff}"
    );
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 13 | ||",
            "+一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 0 | 0 | 12 | ||",
        ]
    );
    assert!(
        err.contains("可修正 1 处") && err.contains("未写入任何文件"),
        "{err}"
    );
    // The diff applied by patch(1) gives what --fix writes.
    let copy = d.join("copy.txt");
    std::fs::copy(&path, &copy).unwrap();
    let patched = std::process::Command::new("patch")
        .arg(&copy)
        .stdin(
            std::fs::File::open({
                std::fs::write(d.join("fix.diff"), &diff).unwrap();
                d.join("fix.diff")
            })
            .unwrap(),
        )
        .output()
        .unwrap();
    assert!(patched.status.success(), "{patched:?}");
    run_cli(&["check", "--fix", path.to_str().unwrap()], "");
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&path).unwrap());
    // Nothing to fix: no diff, status 0.
    let (diff, _, code) = run_cli(&["check", "--diff", path.to_str().unwrap()], "");
    assert_eq!((diff.as_str(), code), ("", 0));
    let (_, err, code) = run_cli(&["check", "--diff", "--fix", path.to_str().unwrap()], "");
    assert_eq!(code, 2, "{err}");
}

#[test]
fn fix_of_standard_input_or_with_stdout_writes_the_fixed_text_out() {
    let expected = gongkai::fix::fix_all(&example_with_a_blank(), &Default::default()).text;
    // `--fix -`: the fixed text on stdout, the report and what was fixed on stderr.
    let (out, err, code) = run_cli(&["check", "--fix", "-"], &example_with_a_blank());
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected);
    assert!(err.contains("-: 已修正 1 处,剩余 1 处"), "{err}");
    assert!(err.contains("warning[blank-cell]"), "{err}");
    // `--stdout`: the same for a file, which is left as it was.
    let d = dir("fix-stdout");
    let path = d.join("2024.txt");
    std::fs::write(&path, example_with_a_blank()).unwrap();
    let (out, err, code) = run_cli(
        &[
            "check",
            "--fix",
            "--stdout",
            "--format",
            "json",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, expected);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        example_with_a_blank()
    );
    // The report, then what was fixed (said once every file is done).
    let json_at = err.find('{').unwrap();
    let mut values = serde_json::Deserializer::from_str(&err[json_at..]).into_iter();
    let report: serde_json::Value = values.next().unwrap().unwrap();
    assert!(err.trim_end().ends_with("剩余 1 处"), "{err}");
    assert_eq!(report["files"][0]["diagnostics"][0]["code"], "blank-cell");
    // --stdout needs --fix, and one input.
    let (_, err, code) = run_cli(&["check", "--stdout", path.to_str().unwrap()], "");
    assert_eq!(code, 2, "{err}");
    let (_, err, code) = run_cli(
        &["check", "--fix", "--stdout", path.to_str().unwrap(), "-"],
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn parallel_checking_gives_the_same_output_in_input_order() {
    let d = dir("jobs");
    // Forty files: the seeds, the example and its variants, and a pair of consecutive years.
    let mut texts: Vec<String> = common::seeds().into_iter().map(|(_, t)| t).collect();
    texts.extend([common::example(), example_with_a_blank(), common::clean()]);
    for i in 0..40 {
        std::fs::write(d.join(format!("{i:02}.txt")), &texts[i % texts.len()]).unwrap();
    }
    std::fs::write(d.join("z-2023.txt"), common::year_before(&common::clean())).unwrap();
    let folder = d.to_str().unwrap();
    for format in ["json", "text", "jsonl", "sarif"] {
        let (one, _, code_one) = run_cli(&["check", "-j", "1", "--format", format, folder], "");
        let (four, _, code_four) = run_cli(&["check", "-j", "4", "--format", format, folder], "");
        assert_eq!(code_one, code_four);
        assert!(one == four, "{format}: -j 4 differs from -j 1");
    }
    let json: serde_json::Value = serde_json::from_str(&formatted("json", &d)).unwrap();
    let files = json["files"].as_array().unwrap();
    let paths: Vec<&str> = files
        .iter()
        .filter(|f| f.get("addendum").is_none())
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "walk order kept");
    // The copies of the 2024 report came before their year before (z-2023.txt): their findings
    // across years follow it, one addendum each, in input order.
    let last = files.iter().position(|f| f["path"] == paths[40]).unwrap();
    let addenda: Vec<&str> = files[last + 1..]
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths[40].ends_with("z-2023.txt") && !addenda.is_empty());
    assert!(files[last + 1..].iter().all(|f| f["addendum"] == true));
    assert!(addenda.is_sorted(), "{addenda:?}");
    // Diffs of several files come out in input order too.
    let (diffs, _, _) = run_cli(&["check", "-j", "4", "--diff", folder], "");
    let headers: Vec<&str> = diffs.lines().filter(|l| l.starts_with("--- ")).collect();
    let mut in_order = headers.clone();
    in_order.sort();
    assert!(headers.len() > 2, "{diffs}");
    assert_eq!(headers, in_order);
}

#[test]
fn a_line_wider_than_the_terminal_is_shown_as_a_window_around_the_cell() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "-"])
        .env("COLUMNS", "40")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(common::example().as_bytes())
        .unwrap();
    let out = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    let block: Vec<&str> = out.lines().take(4).collect();
    let columns = |l: &str| {
        l.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    assert!(
        block[2].starts_with("35 | ...") && columns(block[2]) <= 40,
        "{block:?}"
    );
    // The caret still sits under 13.
    let caret = block[3].find('^').unwrap();
    let prefix_columns = columns(&block[2][..block[2].find(" 13 ").unwrap() + 1]);
    assert_eq!(caret, prefix_columns, "{block:?}");
    assert_eq!(&block[3][caret..], "^^");
    // Without a terminal or COLUMNS the line is whole (as the other tests see it).
    let (whole, _, _) = run_cli(&["check", "-"], &common::example());
    assert!(whole.contains("35 | 一、本年新收政府信息公开申请数量 | 10 |"));
}

/// `check --format FORMAT a.txt -` with standard input held open: the part of a.txt must be
/// readable before standard input is closed, then the rest follows.
#[test]
fn output_is_written_while_the_run_goes_on() {
    use std::io::{BufRead, Write};
    use std::process::{Command, Stdio};
    let d = dir("stream");
    std::fs::write(d.join("a.txt"), common::example()).unwrap();
    for (format, first) in [
        ("jsonl", "{\"path\":\"a.txt\""),
        ("text", "a.txt:35:45: error"),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["check", "-j", "2", "--format", format, "a.txt", "-"])
            .current_dir(&d)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                tx.send(line.unwrap()).unwrap();
            }
        });
        let line = rx.recv_timeout(std::time::Duration::from_secs(20));
        let Ok(line) = line else {
            child.kill().unwrap();
            panic!("{format}: nothing of a.txt written while standard input is open");
        };
        assert!(line.starts_with(first), "{format}: {line}");
        // Standard input is read only now.
        let mut stdin = stdin;
        stdin.write_all(example_with_a_blank().as_bytes()).unwrap();
        drop(stdin);
        assert_eq!(child.wait().unwrap().code(), Some(1));
        reader.join().unwrap();
        let rest: Vec<String> = rx.into_iter().collect();
        assert!(
            rest.iter().any(|l| l.contains("blank-cell")),
            "{format}: {rest:?}"
        );
    }
}

#[test]
fn output_follows_the_order_the_files_are_given_in_with_two_jobs() {
    let d = dir("order");
    // The first file is the slowest (the example many times over), the others come in an order
    // that is not the walk's.
    std::fs::write(d.join("big.txt"), common::example().repeat(40)).unwrap();
    let mut given = vec![d.join("big.txt").display().to_string()];
    for i in (0..30).rev() {
        let path = d.join(format!("{i:02}.txt"));
        let text = if i % 2 == 0 {
            common::example()
        } else {
            example_with_a_blank()
        };
        std::fs::write(&path, text).unwrap();
        given.push(path.display().to_string());
    }
    let mut args = vec!["check", "-j", "2", "--format", "jsonl"];
    args.extend(given.iter().map(String::as_str));
    let (out, _, _) = run_cli(&args, "");
    let paths: Vec<String> = out
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["path"].as_str().map(str::to_string)
        })
        .collect();
    assert_eq!(paths, given);
    // The text blocks too, file after file as given.
    args[4] = "concise";
    let (out, _, _) = run_cli(&args, "");
    let mut named: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    named.dedup();
    assert_eq!(named, given);
}

/// Last year's report after this year's: the findings across years are the same, given in an
/// addendum once last year's report is read.
#[test]
fn a_year_before_given_after_its_year_gives_the_same_findings_in_an_addendum() {
    let d = dir("years-reversed");
    let row_four = "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |";
    let last = common::year_before(&common::clean()).replace(
        row_four,
        "四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    );
    let (old, new) = (d.join("2023.txt"), d.join("2024.txt"));
    std::fs::write(&old, &last).unwrap();
    std::fs::write(&new, common::clean()).unwrap();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let (out, _, _) = run_cli(args, "");
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let forward = lines(&["check", "--format", "jsonl", old, new]);
    let reversed = lines(&["check", "--format", "jsonl", new, old]);
    let order: Vec<(&str, bool)> = reversed
        .iter()
        .filter_map(|r| Some((r["path"].as_str()?, r.get("addendum").is_some())))
        .collect();
    assert_eq!(order, [(new, false), (old, false), (new, true)]);
    assert!(
        reversed[2]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "carryover"),
        "{:?}",
        reversed[2]
    );
    // Every finding of each file the same, related places in the other file included.
    let of = |records: &[serde_json::Value], path: &str| {
        let mut all: Vec<String> = records
            .iter()
            .filter(|r| r["path"] == path)
            .flat_map(|r| r["diagnostics"].as_array().unwrap().clone())
            .map(|d| d.to_string())
            .collect();
        all.sort();
        all
    };
    for path in [old, new] {
        assert_eq!(of(&forward, path), of(&reversed, path), "{path}");
    }
    assert!(of(&reversed, new).iter().any(|d| d.contains("carryover")));
    // Standard input, which cannot be read twice, keeps its text for its addendum.
    let (out, _, _) = run_cli(&["check", "--format", "jsonl", "-", old], &common::clean());
    let piped: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        (piped[2]["path"].as_str(), piped[2]["addendum"].as_bool()),
        (Some("-"), Some(true))
    );
    assert_eq!(piped[2]["diagnostics"], reversed[2]["diagnostics"]);
    assert_eq!(forward.last(), reversed.last(), "the same summary");
    // Text: the block after last year's file, counted in this year's row of the table.
    let (text, _, _) = run_cli(&["check", new, old], "");
    let heads: Vec<&str> = text.lines().filter(|l| l.contains("]: ")).collect();
    let last_of_old = heads.iter().rposition(|l| l.starts_with(old)).unwrap();
    let carry = heads
        .iter()
        .position(|l| l.contains("[carryover]"))
        .unwrap();
    assert!(
        carry > last_of_old && heads[carry].starts_with(new),
        "{text}"
    );
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(new) && !l.contains(": "))
        .collect();
    assert_eq!(rows.len(), 1, "one row for this year's file: {text}");
}

/// `gongkai check dir | head -1`: once the report cannot be written, the files after are not
/// read (a file the run would have said it cannot read, last in the walk, is never named),
/// and the run ends with 2, having written nothing more.
#[test]
fn a_closed_pipe_ends_the_run() {
    use std::io::BufRead;
    let d = dir("closed-pipe");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/report-2024.txt"
    ))
    .unwrap();
    for i in 0..400 {
        std::fs::write(d.join(format!("{i:04}.txt")), &example).unwrap();
    }
    // Not UTF-8, not GB18030: said on standard error when read.
    std::fs::write(d.join("9999.txt"), b"\xff\xfe\xfd\x80\x81").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "check",
            "--format",
            "concise",
            "-j",
            "2",
            d.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("0000.txt"), "{first}");
    // The read end is dropped: the next write fails.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("9999.txt"), "{err}");
    assert_eq!(out.status.code(), Some(2));
}
