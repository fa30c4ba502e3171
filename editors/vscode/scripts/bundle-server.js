// Builds the release server and copies it into server/ so that the .vsix runs on a machine with
// no Rust toolchain. Always through cargo, which rebuilds what changed (an old binary in
// target/release is never bundled as it is), and from where cargo says it put the binary
// (`CARGO_TARGET_DIR` and `build.target-dir` respected).
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..", "..");
// Compiler messages as JSON on stdout (one per line), the diagnostics rendered on stderr.
const messages = execFileSync(
  "cargo",
  [
    "build",
    "--release",
    "--locked",
    "--bin",
    "gongkai",
    "--message-format=json-render-diagnostics",
    "--manifest-path",
    path.join(root, "Cargo.toml"),
  ],
  { stdio: ["ignore", "pipe", "inherit"], maxBuffer: 256 << 20 },
).toString();
let built;
for (const line of messages.split("\n")) {
  if (!line.startsWith("{")) continue;
  const m = JSON.parse(line);
  if (m.reason === "compiler-artifact" && m.target.name === "gongkai" && m.executable) {
    built = m.executable;
  }
}
if (!built) {
  throw new Error("cargo reported no gongkai executable");
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
