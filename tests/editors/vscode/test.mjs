// A real VS Code test: code-server (VS Code 1.100.3) with the gongkai .vsix installed, driven by
// playwright-core in Debian's headless Chromium. Each step says what it checks; a failure
// names the step, and a screenshot of the moment is saved beside the others.
//
//   node test.mjs <code-server entry.js> <extensions dir> <user data dir> <workspace> <shots dir>
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [entry, extensions, userData, workspace, shots] = process.argv.slice(2);
if (!shots) {
  console.error("usage: node test.mjs <entry.js> <extensions> <user-data> <workspace> <shots>");
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const port = 18000 + Math.floor(Math.random() * 2000);
const started = Date.now();
const log = (s) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${s}`);

const server = spawn(
  process.execPath,
  [entry, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--extensions-dir", extensions,
   "--user-data-dir", userData, "--disable-telemetry", "--disable-update-check",
   "--disable-workspace-trust", workspace],
  { stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));

let browser, page;
let current = "start";
async function step(name, fn) {
  current = name;
  log(`step: ${name}`);
  return fn();
}

async function main() {
  await step("code-server answers", async () => {
    for (let i = 0; i < 120; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error("code-server did not answer within 30 s");
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await step("the workbench loads", async () => {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 60000 });
  });
  await step("the report opens", async () => {
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 450 } });
    await page.keyboard.press("Control+P");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 15000 });
    await page.keyboard.type("report-2024.txt");
    await page.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: 15000 });
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: 15000 });
  });
  await step("the broken total gets a squiggle", async () => {
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 60000 });
    await page.screenshot({ path: path.join(shots, "1-squiggle.png") });
  });
  await step("the Problems panel lists it with its code", async () => {
    await page.keyboard.press("Control+Shift+M");
    const entry = page.locator(".markers-panel .monaco-list-row", { hasText: "row-total" }).first();
    await entry.waitFor({ timeout: 30000 });
    const text = await page.locator(".markers-panel").innerText();
    if (!text.includes("应为 12")) throw new Error(`the entry lacks the arithmetic: ${text.slice(0, 300)}`);
    await page.screenshot({ path: path.join(shots, "2-problems.png") });
  });
  await step("last year's report in the folder: carryover against it", async () => {
    // report-2023.txt is never opened: the server found it scanning the workspace.
    const entry = page.locator(".markers-panel .monaco-list-row", { hasText: "carryover" }).first();
    await entry.waitFor({ timeout: 30000 });
    const text = await page.locator(".markers-panel").innerText();
    if (!text.includes("应为 2")) throw new Error(`the entry lacks last year's figure: ${text.slice(0, 600)}`);
  });
  const goTo = async (where) => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+G");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 10000 });
    await page.keyboard.type(where);
    await page.keyboard.press("Enter");
  };
  await step("the hover on 第二十条第(五)项 quotes Article 20", async () => {
    await goTo("21:3");
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const hover = page.locator(".monaco-hover", { hasText: "办理行政许可和其他对外管理服务事项" }).first();
    await hover.waitFor({ timeout: 30000 });
    await page.screenshot({ path: path.join(shots, "3-hover.png") });
    await page.keyboard.press("Escape");
  });
  await step("the quick fix, through the lightbulb", async () => {
    await goTo("35:46");
    // The gutter lightbulb (class names vary across VS Code versions).
    const bulb = page.locator('[class*="lightBulb"], [class*="lightbulb"], [class*="light-bulb"]').first();
    await bulb.waitFor({ timeout: 30000 });
    await bulb.click();
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: "改为 12" }).first();
    await fix.waitFor({ timeout: 15000 });
    await page.screenshot({ path: path.join(shots, "4-quickfix.png") });
    // The menu opened from the lightbulb has its first entry focused: accept it.
    await page.keyboard.press("Enter");
  });
  await step("the squiggle is gone", async () => {
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ state: "detached", timeout: 30000 });
    const row = page.locator(".monaco-editor .view-line", { hasText: "一、本年新收政府信息公开申请数量" }).first();
    // The editor renders spaces as no-break spaces.
    const text = async () => (await row.innerText()).replace(/\s+/g, " ");
    // The inlay hint beside the total goes once the total is right (VS Code asks again for
    // hints a moment after an edit); then the cell reads 12.
    for (let i = 0; (await text()).includes("应为"); i++) {
      if (i > 40) throw new Error(`the inlay hint stayed: ${await text()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!(await text()).includes("| 12 |")) throw new Error(`the cell was not rewritten: ${await text()}`);
    await page.screenshot({ path: path.join(shots, "5-fixed.png") });
  });
  await step("the command 修正本报告中所有可安全修正的问题 fixes it again after an undo", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+Z");
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 30000 });
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 10000 });
    await page.keyboard.type("gongkai: 修正本报告中所有");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "修正本报告中所有可安全修正的问题" }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ state: "detached", timeout: 30000 });
  });
}

let failed = false;
try {
  await main();
  log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  failed = true;
  console.error(`FAILED at step "${current}": ${e.message}`);
  if (page) await page.screenshot({ path: path.join(shots, "failure.png") }).catch(() => {});
  console.error("code-server output (last 2000 chars):\n" + serverLog.slice(-2000));
} finally {
  if (browser) await browser.close().catch(() => {});
  server.kill();
}
process.exit(failed ? 1 : 0);
