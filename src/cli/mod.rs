//! `gongkai check`: the batch front over the analysis core (CLI.md).

mod inputs;
mod json;
mod replace;
mod text;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use gongkai::Severity;
use gongkai::config::Config;
use gongkai::text::lines::LineIndex;

pub const USAGE: &str = "\
gongkai — 政府信息公开工作年度报告检查器 / checker for government information disclosure annual reports

用法 Usage:
  gongkai check [--format text|json] [--fix] <路径 PATH>...
  gongkai lsp          在标准输入输出上运行语言服务器 / run the language server on stdio
  gongkai --version

  PATH    文件或目录(目录下的 *.txt、*.md 按序递归检查);`-` 读标准输入
          a file or a directory (walked for *.txt and *.md, sorted); `-` reads stdin
  --format text|json   输出格式(默认 text)/ output format (default text)
  --fix                就地应用所有安全的修正,再报告其余问题 / apply every safe fix in place
  --color auto|always|never   文本输出是否着色(默认 auto)/ colour text output
  --config FILE        规则设置文件(gongkai.toml:[rules] 代码 = 'off' 或严重程度)/ rule settings

退出码 Exit: 0 无错误 no error · 1 有错误 errors found · 2 用法错误或文件不可读 bad usage or unreadable file";

#[derive(Debug, PartialEq)]
enum Format {
    Text,
    Json,
}

struct Options {
    format: Format,
    fix: bool,
    color: bool,
    config: Option<String>,
    paths: Vec<String>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut format = Format::Text;
    let mut fix = false;
    let mut color = None;
    let mut config = None;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} 需要一个值 / needs a value"))
        };
        match flag {
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("未知的输出格式 unknown format: {other}")),
                }
            }
            "--fix" => fix = true,
            "--config" => config = Some(value("--config")?),
            "--color" => {
                color = Some(match value("--color")?.as_str() {
                    "always" => true,
                    "never" => false,
                    "auto" => {
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    }
                    other => return Err(format!("未知的 --color 取值 unknown value: {other}")),
                })
            }
            "-" => paths.push(a.clone()),
            f if f.starts_with('-') => return Err(format!("未知选项 unknown option: {f}")),
            _ => paths.push(a.clone()),
        }
    }
    if paths.is_empty() {
        return Err("缺少要检查的路径 / no PATH given".to_string());
    }
    let color = color.unwrap_or_else(|| {
        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
    });
    Ok(Options {
        format,
        fix,
        color,
        config,
        paths,
    })
}

/// One checked document, ready for output.
pub struct Checked {
    pub path: String,
    /// The encoding the file was read in (and `--fix` writes it back in).
    pub encoding: gongkai::text::encoding::Encoding,
    pub text: String,
    pub lines: LineIndex,
    pub report: gongkai::Report,
    pub diagnostics: Vec<gongkai::Diagnostic>,
}

pub fn check(args: &[String]) -> ExitCode {
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gongkai: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if opts.fix {
        replace::ignore_file_size_signal();
    }
    let mut failed = false;
    let config = match &opts.config {
        Some(path) => load_config(path, &mut failed),
        None => Config::default(),
    };
    let mut checked = Vec::new();
    for input in inputs::collect(&opts.paths, &mut failed) {
        let (text, encoding) = match read(&input) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("gongkai: {}: {e}", input.display());
                failed = true;
                continue;
            }
        };
        let text = match (&input, opts.fix) {
            (inputs::Input::File(path), true) => {
                let (fixed, _) = gongkai::fix::fix_all(&text, &config);
                if fixed == text {
                    text
                } else if let Err(e) =
                    replace::replace(path, &gongkai::text::encoding::encode(&fixed, encoding))
                {
                    // The file still holds the text as it was: report on that, not on the fix.
                    eprintln!(
                        "gongkai: {}: 无法写入修正,原文件未改动 / cannot write the fix, the file is unchanged: {e}",
                        path.display()
                    );
                    failed = true;
                    text
                } else {
                    fixed
                }
            }
            (inputs::Input::Stdin, true) => {
                eprintln!("gongkai: --fix 不改写标准输入 / --fix leaves standard input as it is");
                text
            }
            _ => text,
        };
        let (report, diagnostics) = gongkai::check(&text);
        let diagnostics = config.apply(diagnostics);
        checked.push(Checked {
            path: input.display(),
            encoding,
            lines: LineIndex::new(&text),
            text,
            report,
            diagnostics,
        });
    }
    across_years(&mut checked, &config);
    let mut out = std::io::stdout().lock();
    let written = match opts.format {
        Format::Json => json::write(&mut out, &checked),
        Format::Text => text::write(&mut out, &checked, opts.color),
    };
    if written.and_then(|()| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    let errors = checked
        .iter()
        .flat_map(|c| &c.diagnostics)
        .any(|d| d.severity == Severity::Error);
    if failed {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The across-documents rules among the files given: each report against the same agency's
/// report for the year before, when that is among them too.
fn across_years(checked: &mut [Checked], config: &Config) {
    use gongkai::rules::{Identity, Previous};
    let ids: Vec<Option<Identity>> = checked
        .iter()
        .map(|c| Identity::of(&c.report).filter(|_| c.report.is_report))
        .collect();
    let mut found = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let Some(last) = id
            .as_ref()
            .and_then(|id| ids.iter().position(|o| o.as_ref() == Some(&id.previous())))
        else {
            continue;
        };
        let previous = Previous {
            report: &checked[last].report,
            document: &checked[last].path,
        };
        found.push((
            i,
            config.apply(gongkai::rules::across_years(&checked[i].report, &previous)),
        ));
    }
    for (i, diagnostics) in found {
        let c = &mut checked[i];
        c.diagnostics.extend(diagnostics);
        gongkai::diagnostic::sort(&mut c.diagnostics);
    }
}

/// The settings of `--config`; a file that cannot be read or parsed is said (with its line) and
/// fails the run, and the defaults stay in force.
fn load_config(path: &str, failed: &mut bool) -> Config {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("gongkai: {path}: 无法读取设置文件 cannot read: {e};使用默认设置");
            *failed = true;
            return Config::default();
        }
    };
    match Config::from_toml(&text) {
        Ok((config, problems)) => {
            for p in problems {
                eprintln!("gongkai: {path}: {p}(已忽略 ignored)");
            }
            config
        }
        Err(e) => {
            eprintln!("gongkai: {path}: {e};使用默认设置 / defaults in force");
            *failed = true;
            Config::default()
        }
    }
}

fn read(input: &inputs::Input) -> Result<(String, gongkai::text::encoding::Encoding), String> {
    let bytes = match input {
        inputs::Input::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| format!("无法读取 cannot read: {e}"))?;
            b
        }
        inputs::Input::File(p) => {
            std::fs::read(p).map_err(|e| format!("无法读取 cannot read: {e}"))?
        }
    };
    gongkai::text::encoding::decode(&bytes)
}
