//! Rule configuration: a severity per rule code, or the rule off. Read from JSON-shaped
//! settings (`{"rules": {"label-variant": "off", "blank-cell": "error"}}`) as editors send them,
//! or from a `gongkai.toml` file:
//!
//! ```toml
//! [rules]
//! label-variant = "off"
//! blank-cell = "error"
//! ```

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::rule_info;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// `(code, None)` turns a rule off; `(code, Some(s))` sets its severity.
    overrides: Vec<(&'static str, Option<Severity>)>,
}

impl Config {
    /// Settings as an editor sends them; unknown codes and values are reported, not fatal.
    pub fn from_settings(settings: &Value) -> (Config, Vec<String>) {
        let mut config = Config::default();
        let mut problems = Vec::new();
        // Settings of the wrong shape are said, not silently taken for none.
        let rules = match settings {
            Value::Null => return (config, problems),
            Value::Object(o) => match o.get("rules") {
                None | Some(Value::Null) => return (config, problems),
                // An empty table in Lua (Neovim's `rules = {}`) is sent as an empty array.
                Some(Value::Array(a)) if a.is_empty() => return (config, problems),
                Some(Value::Object(rules)) => rules,
                Some(other) => {
                    problems.push(format!(
                        "「rules」应为表(规则代码 = 严重程度),而不是{} / `rules` should be a table",
                        shape(other)
                    ));
                    return (config, problems);
                }
            },
            other => {
                problems.push(format!(
                    "设置应为对象(如 {{\"rules\": {{…}}}}),而不是{} / settings should be an object",
                    shape(other)
                ));
                return (config, problems);
            }
        };
        for (code, value) in rules {
            let Some(rule) = rule_info(code) else {
                problems.push(format!("未知的规则代码「{code}」"));
                continue;
            };
            match value.as_str() {
                Some("off") => config.overrides.push((rule.code, None)),
                Some(s) => match Severity::parse(s) {
                    Some(sev) => config.overrides.push((rule.code, Some(sev))),
                    None => problems.push(format!(
                        "规则「{code}」的取值「{s}」无效(应为 error、warning、information、hint 或 off)"
                    )),
                },
                None => problems.push(format!("规则「{code}」的取值应为字符串")),
            }
        }
        (config, problems)
    }

    /// A `gongkai.toml`. A file that is not TOML is an error naming its line (the caller keeps
    /// the defaults); settings it cannot use are named with their lines and skipped.
    pub fn from_toml(text: &str) -> Result<(Config, Vec<String>), String> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(s.start));
            format!("第 {line} 行:{}", e.message().trim())
        })?;
        let settings = serde_json::to_value(&table).map_err(|e| e.to_string())?;
        let (config, problems) = Config::from_settings(&settings);
        // Name each problem's line by the rule code it is about.
        let problems = problems
            .into_iter()
            .map(|p| {
                let line = text
                    .lines()
                    .position(|l| {
                        let key = l.split('=').next().unwrap_or("").trim().trim_matches('"');
                        !key.is_empty() && p.contains(&format!("「{key}」"))
                    })
                    .map_or(String::new(), |i| format!("第 {} 行:", i + 1));
                format!("{line}{p}")
            })
            .collect();
        Ok((config, problems))
    }

    /// A `gongkai.toml` on disk, read as `from_toml` reads it; a file that cannot be read is an
    /// error too. The one loader of both fronts.
    pub fn load(path: &Path) -> Result<(Config, Vec<String>), String> {
        // A regular file only, and no larger than settings can be: a pipe is never waited on.
        let bytes = crate::read::file(path, MAX_FILE_BYTES).map_err(|e| format!("设置文件:{e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "设置文件不是 UTF-8 文本(第 {} 字节起),请以 UTF-8 另存 / not UTF-8",
                e.utf8_error().valid_up_to() + 1
            )
        })?;
        Config::from_toml(&text)
    }

    /// This configuration with `over` laid on top: where both set a rule, `over` wins.
    pub fn then(mut self, over: &Config) -> Config {
        self.overrides.extend(over.overrides.iter().cloned());
        self
    }

    /// The findings with severities changed and rules that are off removed.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.overrides.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.severity(d.code, d.severity)?;
                Some(d)
            })
            .collect()
    }

    /// The severity a finding of rule `code` found at `default` has here; `None` when the
    /// rule is off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.overrides.iter().rev().find(|(c, _)| *c == code) {
            Some((_, s)) => *s,
            None => Some(default),
        }
    }
}

/// The largest settings file read: one line per rule is a few kilobytes.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// What a settings value is, in words, for a message about its shape.
fn shape(v: &Value) -> &'static str {
    match v {
        Value::Null => "空值",
        Value::Bool(_) => "布尔值",
        Value::Number(_) => "数字",
        Value::String(_) => "字符串",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

/// What a settings file is called.
pub const FILE_NAME: &str = "gongkai.toml";

/// The `gongkai.toml` nearest to `dir`: in it or the closest folder above it, as ruff and typos
/// find theirs. `dir` should be absolute, or the search stops at the current directory.
pub fn nearest(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(in_folder)
}

/// The `gongkai.toml` in `dir` itself, if there is one (a folder of that name is none).
pub fn in_folder(dir: &Path) -> Option<PathBuf> {
    Some(dir.join(FILE_NAME)).filter(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_rule_off_and_a_severity_changed() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/report-2024.txt"
        ))
        .unwrap();
        let (_, found) = crate::check(&text);
        assert_eq!(
            found.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["row-total"]
        );
        let (c, problems) = Config::from_settings(&json!({ "rules": { "row-total": "warning" } }));
        assert!(problems.is_empty());
        let after = c.apply(found.clone());
        assert_eq!(after.len(), 1);
        assert_eq!(
            (after[0].code, after[0].severity),
            ("row-total", Severity::Warning)
        );
        let (off, _) = Config::from_settings(&json!({ "rules": { "row-total": "off" } }));
        assert!(off.apply(found).is_empty());
    }

    #[test]
    fn a_toml_file_and_settings_laid_over_it() {
        let (file, problems) =
            Config::from_toml("[rules]\nbalance = \"off\"\nrow-total = \"warning\"\n").unwrap();
        assert!(problems.is_empty());
        let (editor, _) = Config::from_settings(&json!({ "rules": { "row-total": "error" } }));
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/report-2024.txt"
        ))
        .unwrap();
        let (_, found) = crate::check(&text);
        let after = file.then(&editor).apply(found);
        assert_eq!(after.len(), 1);
        assert_eq!(
            (after[0].code, after[0].severity),
            ("row-total", Severity::Error)
        );
    }

    #[test]
    fn a_broken_toml_file_is_named_by_its_line() {
        let err =
            Config::from_toml("[rules]\nbalance = \"off\"\nrow-total = warning\n").unwrap_err();
        assert!(err.starts_with("第 3 行:"), "{err}");
        let (_, problems) =
            Config::from_toml("[rules]\nbalance = \"off\"\nno-such-rule = \"off\"\n").unwrap();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("第 3 行:") && problems[0].contains("no-such-rule"),
            "{problems:?}"
        );
    }

    #[test]
    fn the_nearest_file_is_the_closest_folder_up() {
        let root = std::env::temp_dir().join(format!("gongkai-nearest-{}", std::process::id()));
        let deep = root.join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        assert_eq!(nearest(&deep), Some(root.join(FILE_NAME)));
        std::fs::write(root.join("a/b").join(FILE_NAME), "").unwrap();
        assert_eq!(nearest(&deep), Some(root.join("a/b").join(FILE_NAME)));
        // A folder of that name is not a settings file.
        std::fs::create_dir_all(deep.join(FILE_NAME)).unwrap();
        assert_eq!(nearest(&deep), Some(root.join("a/b").join(FILE_NAME)));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn bad_settings_are_named_and_ignored() {
        let (c, problems) = Config::from_settings(
            &json!({ "rules": { "no-such": "off", "balance": "loud", "row-total": 3 } }),
        );
        assert_eq!(c, Config::default());
        assert_eq!(problems.len(), 3);
        assert!(problems.iter().any(|p| p.contains("no-such")));
        // The wrong shape is said too; no settings at all is no problem.
        for wrong in [
            json!({ "rules": 5 }),
            json!({ "rules": ["off"] }),
            json!("loud"),
        ] {
            let (c, problems) = Config::from_settings(&wrong);
            assert_eq!(c, Config::default());
            assert_eq!(problems.len(), 1, "{wrong}");
            assert!(problems[0].contains("应为"), "{problems:?}");
        }
        for none in [
            json!(null),
            json!({}),
            json!({ "rules": null, "other": 1 }),
            // Neovim sends an empty Lua table as an empty array.
            json!({ "rules": [] }),
        ] {
            assert!(Config::from_settings(&none).1.is_empty(), "{none}");
        }
        let (_, problems) = Config::from_toml("# 设置\n\nrules = 5\n").unwrap();
        assert!(
            problems[0].starts_with("第 3 行:「rules」应为表"),
            "{problems:?}"
        );
    }
}
