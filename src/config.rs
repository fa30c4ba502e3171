//! Rule configuration: a severity per rule code, or the rule off. Read from JSON-shaped
//! settings (`{"rules": {"label-variant": "off", "blank-cell": "error"}}`) as editors send them.

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
        let Some(rules) = settings.get("rules").and_then(Value::as_object) else {
            return (config, problems);
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

    /// The findings with severities changed and rules that are off removed.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.overrides.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(
                |mut d| match self.overrides.iter().rev().find(|(c, _)| *c == d.code) {
                    Some((_, None)) => None,
                    Some((_, Some(s))) => {
                        d.severity = *s;
                        Some(d)
                    }
                    None => Some(d),
                },
            )
            .collect()
    }
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
            ["row-total", "balance"]
        );
        let (c, problems) = Config::from_settings(
            &json!({ "rules": { "balance": "off", "row-total": "warning" } }),
        );
        assert!(problems.is_empty());
        let after = c.apply(found);
        assert_eq!(after.len(), 1);
        assert_eq!(
            (after[0].code, after[0].severity),
            ("row-total", Severity::Warning)
        );
    }

    #[test]
    fn bad_settings_are_named_and_ignored() {
        let (c, problems) = Config::from_settings(
            &json!({ "rules": { "no-such": "off", "balance": "loud", "row-total": 3 } }),
        );
        assert_eq!(c, Config::default());
        assert_eq!(problems.len(), 3);
        assert!(problems.iter().any(|p| p.contains("no-such")));
    }
}
