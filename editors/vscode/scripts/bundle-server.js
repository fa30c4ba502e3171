// Copies the release server binary into server/ so that the .vsix runs on a machine with no
// Rust toolchain. Builds it first when it is missing.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..", "..");
const built = path.join(root, "target", "release", "gongkai");
if (!fs.existsSync(built)) {
  execFileSync("cargo", ["build", "--release", "--locked", "--manifest-path", path.join(root, "Cargo.toml")], {
    stdio: "inherit",
  });
}
const dest = path.join(__dirname, "..", "server");
fs.mkdirSync(dest, { recursive: true });
fs.copyFileSync(built, path.join(dest, "gongkai"));
fs.chmodSync(path.join(dest, "gongkai"), 0o755);
// The release profile keeps symbols for profiling; the shipped binary need not.
try {
  execFileSync("strip", [path.join(dest, "gongkai")]);
} catch {
  console.log("strip not available: the bundled server keeps its symbols");
}
console.log(`bundled ${built} -> server/gongkai`);
