//! `gongkai rules`, `gongkai rule CODE` and `gongkai init`: the rule table of `rules::RULES`
//! shown to people, and written out as a `gongkai.toml` to edit.

use std::io::Write;
use std::process::ExitCode;

use gongkai::Severity;
use gongkai::rules::{Mend, RULES, rule_info};

use super::args::RulesFormat;
use super::text::{pad, width};

fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Information => "信息",
        Severity::Hint => "提示",
    }
}

fn mend_zh(m: Mend) -> &'static str {
    match m {
        Mend::Safe => "有安全修正(--fix 自动应用)",
        Mend::Manual => "有修正,需人工确认",
        Mend::None => "无自动修正",
    }
}

fn mend_code(m: Mend) -> &'static str {
    match m {
        Mend::Safe => "safe",
        Mend::Manual => "manual",
        Mend::None => "none",
    }
}

/// The catalogue in the table's order: one rule a line, or as JSON for tools (the VS Code
/// extension's per-rule settings are generated from it).
pub fn list(format: RulesFormat) -> ExitCode {
    if format == RulesFormat::Json {
        let rules: Vec<serde_json::Value> = RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code,
                    "severity": r.severity.as_str(),
                    "category": r.category,
                    "summary": r.summary,
                    "example": r.example,
                    "fix": mend_code(r.mend),
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&rules).expect("plain values serialize");
        return super::finish(
            writeln!(std::io::stdout().lock(), "{text}"),
            ExitCode::SUCCESS,
        );
    }
    let code_w = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0) + 2;
    let cat_w = RULES.iter().map(|r| width(r.category)).max().unwrap_or(0) + 2;
    let mut out = std::io::stdout().lock();
    let mut lines = vec![format!(
        "{}{}{}说明",
        pad("代码", code_w),
        pad("严重程度", 10),
        pad("类别", cat_w)
    )];
    lines.extend(RULES.iter().map(|r| {
        let fix = if r.mend == Mend::Safe {
            "〔可自动修正〕"
        } else {
            ""
        };
        format!(
            "{}{}{}{}{fix}",
            pad(r.code, code_w),
            pad(severity_zh(r.severity), 10),
            pad(r.category, cat_w),
            r.summary
        )
    }));
    lines.push(format!(
        "共 {} 条规则;`gongkai rule 代码` 查看详情,gongkai.toml 可改变严重程度或关闭规则。",
        RULES.len()
    ));
    super::finish(writeln!(out, "{}", lines.join("\n")), ExitCode::SUCCESS)
}

/// One rule explained: what it checks, its default, its fix, an example.
pub fn explain(code: &str) -> ExitCode {
    let Some(r) = rule_info(code) else {
        eprintln!("gongkai: 没有规则「{code}」/ no such rule(`gongkai rules` 列出全部规则)");
        return ExitCode::from(2);
    };
    let text = format!(
        "{code}({category})\n\n{summary}。\n\n默认严重程度:{sev}({sev_en})\n修正:{mend}\n\n示例:{example}\n\n\
         在 gongkai.toml 中设置:\n[rules]\n{code} = \"off\"   # 或 \"error\"、\"warning\"、\"information\"、\"hint\"",
        code = r.code,
        category = r.category,
        summary = r.summary,
        sev = severity_zh(r.severity),
        sev_en = r.severity.as_str(),
        mend = mend_zh(r.mend),
        example = r.example,
    );
    super::finish(
        writeln!(std::io::stdout().lock(), "{text}"),
        ExitCode::SUCCESS,
    )
}

/// A `gongkai.toml` naming every rule with its default, each line commented out.
fn config_template() -> String {
    let mut s = String::from(
        "# gongkai 设置文件。\n\
         # gongkai check 对每个文件使用从其所在目录向上最近的 gongkai.toml(--config 指定,--no-config 不用);\n\
         # 编辑器中的 gongkai lsp 读取工作区根目录的 gongkai.toml,编辑器设置优先。\n\
         # 每条规则可设为 \"error\"、\"warning\"、\"information\"、\"hint\" 改变严重程度,或 \"off\" 关闭。\n\
         # 下面列出全部规则及其默认值;去掉行首的 # 即生效。\n\n[rules]\n",
    );
    let mut category = "";
    for r in RULES {
        if r.category != category {
            category = r.category;
            s.push_str(&format!("\n# —— {category} ——\n"));
        }
        s.push_str(&format!(
            "# {} = \"{}\"   # {}\n",
            r.code,
            r.severity.as_str(),
            r.summary
        ));
    }
    s
}

/// Writes `gongkai.toml` in the current directory unless one is there.
pub fn init() -> ExitCode {
    let path = std::path::Path::new("gongkai.toml");
    let written =
        std::fs::File::create_new(path).and_then(|mut f| f.write_all(config_template().as_bytes()));
    match written {
        Ok(()) => {
            println!(
                "已写入 gongkai.toml(全部 {} 条规则,均为默认值)",
                RULES.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("gongkai: gongkai.toml 已存在,未覆盖 / already exists, left as it is");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("gongkai: 无法写入 gongkai.toml / cannot write: {e}");
            ExitCode::from(2)
        }
    }
}
