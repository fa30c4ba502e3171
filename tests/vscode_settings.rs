//! The VS Code extension's per-rule settings are generated from the catalogue
//! (`editors/vscode/scripts/rule-settings.js` reading `gongkai rules --format json`): package.json
//! must be what the script writes for this binary's rules. Needs `node` (as the extension does).

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn check(package: &Path) -> (bool, String) {
    let out = Command::new("node")
        .arg(Path::new(ROOT).join("editors/vscode/scripts/rule-settings.js"))
        .args([
            "--check",
            "--gongkai",
            env!("CARGO_BIN_EXE_gongkai"),
            "--package",
        ])
        .arg(package)
        .output()
        .expect("node runs (the VS Code extension's scripts need it)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn package_json_has_one_setting_per_rule_of_the_catalogue() {
    let package = Path::new(ROOT).join("editors/vscode/package.json");
    let (ok, err) = check(&package);
    assert!(ok, "{err}");
    let pkg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&package).unwrap()).unwrap();
    let props = pkg["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    for r in gongkai::rules::RULES {
        let p = &props[&format!("gongkai.rules.{}", r.code)];
        assert_eq!(p["default"], "default", "{}", r.code);
        let text = p["markdownDescription"].as_str().unwrap();
        assert!(
            text.contains(r.summary) && text.contains(r.category),
            "{text}"
        );
    }
}

#[test]
fn a_package_json_missing_a_rule_or_with_a_stale_description_is_out_of_date() {
    let package = Path::new(ROOT).join("editors/vscode/package.json");
    let mut pkg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&package).unwrap()).unwrap();
    let dir = std::env::temp_dir().join(format!("gongkai-vscode-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let props = pkg["contributes"]["configuration"]["properties"]
        .as_object_mut()
        .unwrap();
    props.remove("gongkai.rules.balance");
    let missing = dir.join("missing.json");
    std::fs::write(&missing, serde_json::to_string_pretty(&pkg).unwrap() + "\n").unwrap();
    let (ok, err) = check(&missing);
    assert!(!ok && err.contains("gongkai.rules.balance"), "{err}");

    // The same file with one rule's summary out of date, byte for byte otherwise.
    let summary = gongkai::rules::rule_info("row-total").unwrap().summary;
    let text = std::fs::read_to_string(&package).unwrap();
    assert!(text.contains(summary));
    let pkg = text.replacen(summary, "旧的说明", 1);
    let stale = dir.join("stale.json");
    std::fs::write(&stale, pkg).unwrap();
    let (ok, err) = check(&stale);
    assert!(!ok && err.contains("说明"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
