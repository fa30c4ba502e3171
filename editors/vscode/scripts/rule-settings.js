// The per-rule settings (`gongkai.rules.<code>`) in package.json, generated from the server's
// catalogue (`gongkai rules --format json`) so that the list never drifts from the rules.
//
//   node scripts/rule-settings.js [--check] [--gongkai BIN] [--package FILE]
//
// Without --gongkai the catalogue comes from `cargo run`. --check writes nothing and fails,
// naming what differs, when the file is not what this script would write.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const check = args.includes("--check");
const pkgPath = path.resolve(option("--package") ?? path.join(__dirname, "..", "package.json"));
const root = path.resolve(__dirname, "..", "..", "..");

const catalogue = JSON.parse(
  option("--gongkai")
    ? execFileSync(option("--gongkai"), ["rules", "--format", "json"]).toString()
    : execFileSync(
        "cargo",
        ["run", "--quiet", "--locked", "--bin", "gongkai", "--manifest-path", path.join(root, "Cargo.toml"),
         "--", "rules", "--format", "json"],
        { stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 },
      ).toString(),
);

const PREFIX = "gongkai.rules.";
const SEVERITY_ZH = { error: "错误", warning: "警告", information: "信息", hint: "提示" };
const FIX_ZH = { safe: "有安全修正(“修正所有”与保存时修正会自动应用)", manual: "有修正,需人工确认", none: "无自动修正" };

// "default" leaves the rule as the server has it (gongkai.toml, else the catalogue): the
// extension sends only the rules set to something else, so a workspace's gongkai.toml still counts.
function property(rule, order) {
  const dflt = SEVERITY_ZH[rule.severity];
  if (!dflt) throw new Error(`unknown severity ${rule.severity} of ${rule.code}`);
  return {
    type: "string",
    enum: ["default", "error", "warning", "information", "hint", "off"],
    enumDescriptions: [`默认(gongkai.toml 中的设置,否则为${dflt})`, "错误", "警告", "信息", "提示", "关闭此规则"],
    default: "default",
    markdownDescription:
      `**${rule.category}** · ${rule.summary}。默认严重程度:${dflt};${FIX_ZH[rule.fix]}。\n\n示例:${rule.example}`,
    order,
  };
}

const text = fs.readFileSync(pkgPath, "utf8");
const pkg = JSON.parse(text);
const props = pkg.contributes.configuration.properties;
const kept = Object.entries(props).filter(([k]) => !k.startsWith(PREFIX));
const first = kept.length;
pkg.contributes.configuration.properties = Object.fromEntries([
  ...kept,
  ...catalogue.map((r, i) => [PREFIX + r.code, property(r, first + i)]),
]);
const wanted = JSON.stringify(pkg, null, 2) + "\n";

if (check) {
  if (wanted === text) process.exit(0);
  const have = new Set(Object.keys(props).filter((k) => k.startsWith(PREFIX)));
  const want = new Set(catalogue.map((r) => PREFIX + r.code));
  const missing = [...want].filter((k) => !have.has(k));
  const extra = [...have].filter((k) => !want.has(k));
  console.error(
    `${pkgPath} 中的规则设置与规则目录不一致 / out of date with the catalogue` +
      (missing.length ? `\n  缺少 missing: ${missing.join(", ")}` : "") +
      (extra.length ? `\n  多出 extra: ${extra.join(", ")}` : "") +
      (!missing.length && !extra.length ? "\n  说明、顺序或格式不同 / descriptions, order or layout differ" : "") +
      "\n运行 run: (cd editors/vscode && npm run rule-settings)",
  );
  process.exit(1);
}
fs.writeFileSync(pkgPath, wanted);
console.log(`${path.relative(process.cwd(), pkgPath)}: ${catalogue.length} rule settings`);
