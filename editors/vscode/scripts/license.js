// The .vsix carries the licence of the repository it is built from: LICENSE-MIT and
// LICENSE-APACHE at the top level, as Cargo.toml's `license = "MIT OR Apache-2.0"` says,
// joined into the one LICENSE file vsce packs (written here, not kept as a second copy).
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..", "..");
const cargo = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
const license = /^license\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
const pkg = require("../package.json");
if (license !== pkg.license) {
  throw new Error(`package.json license ${pkg.license} is not Cargo.toml's ${license}`);
}
const parts = ["LICENSE-MIT", "LICENSE-APACHE"].map((f) => fs.readFileSync(path.join(root, f), "utf8").trimEnd());
fs.writeFileSync(
  path.join(__dirname, "..", "LICENSE"),
  `gongkai is licensed under either of ${license.replace(" OR ", " or ")}, at your option.\n\n` +
    parts.join("\n\n" + "-".repeat(72) + "\n\n") + "\n",
);
console.log(`LICENSE: ${license}`);
