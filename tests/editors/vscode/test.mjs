// A real VS Code test: code-server (VS Code 1.100.3) with the gongkai .vsix installed, driven by
// playwright-core in Debian's headless Chromium. Each step says what it checks; a failure
// names the step, and a screenshot of the moment is saved beside the others.
//
//   node test.mjs <code-server entry.js> <extensions dir> <user data dir> <workspace> <shots dir>
//
// Run alone (code-server set up once, kept between runs): GONGKAI_CODE_SERVER=DIR .ci/vscode
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
  // The status bar item says, for screen readers, the server's state and this report's counts.
  const statusItem = page.locator('[aria-label^="gongkai 语言服务器"]').first();
  const statusSays = async (want, timeout = 30000) => {
    const until = Date.now() + timeout;
    let label = "";
    while (Date.now() < until) {
      label = (await statusItem.getAttribute("aria-label", { timeout: 5000 }).catch(() => "")) ?? "";
      if (want.every((w) => label.includes(w))) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the status bar item says "${label}", not ${JSON.stringify(want)}`);
  };
  await step("the status bar item counts this report's findings and says the server runs", async () => {
    // report-2024.txt: the broken total (error), two carryover cells (warnings), effective-count.
    await statusSays(["运行中", "1 个错误、2 个警告、1 条信息、0 条提示"]);
    const box = await statusItem.boundingBox();
    await page.screenshot({
      path: path.join(shots, "6-status-bar.png"),
      clip: { x: 0, y: Math.max(0, box.y - 60), width: 700, height: box.height + 60 },
    });
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
    await statusSays(["运行中", "0 个错误、2 个警告"]);
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
  await step("the code lens above the 申请表 says its relations fail, and its 全部修正 clears them", async () => {
    // Undo the fix-all: the broken total is back, and so is the lens saying so.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+Z");
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 30000 });
    await goTo("30:1");
    const broken = page.locator(".monaco-editor .codelens-decoration", { hasText: "处勾稽关系不成立" }).first();
    await broken.waitFor({ timeout: 30000 });
    const fixAll = page.locator(".monaco-editor .codelens-decoration a", { hasText: "全部修正" }).first();
    await fixAll.waitFor({ timeout: 30000 });
    await page.screenshot({ path: path.join(shots, "11-code-lens.png") });
    await fixAll.click();
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ state: "detached", timeout: 30000 });
    // No table's lens says a relation fails any more.
    await broken.waitFor({ state: "detached", timeout: 30000 });
    await page.screenshot({ path: path.join(shots, "12-code-lens-fixed.png") });
  });
  await step("a rule set to off in the Settings editor (gongkai.rules.carryover) drops its findings", async () => {
    await page.keyboard.press("Control+Comma");
    // The Settings editor opens with its search box focused.
    await page.locator(".settings-editor .search-container").first().waitFor({ timeout: 15000 });
    await page.keyboard.type("gongkai.rules.carryover");
    const item = page.locator(".settings-editor .setting-item-contents", { hasText: "上年结转" }).first();
    await item.waitFor({ timeout: 15000 });
    await item.locator("select").selectOption("off");
    await page.screenshot({ path: path.join(shots, "7-rule-setting.png") });
    await page.keyboard.press("Control+W");
    await statusSays(["运行中", "0 个错误、0 个警告、1 条信息"]);
    await page.locator(".markers-panel .monaco-list-row", { hasText: "carryover" }).first()
      .waitFor({ state: "detached", timeout: 30000 });
  });
  const CARRIED = "二、上年结转政府信息公开申请数量";
  const lineOf = (label) => page.locator(".monaco-editor .view-line", { hasText: label }).first();
  const lineText = async (label) => (await lineOf(label).innerText()).replace(/\s+/g, " ");
  await step("新建年度报告 with last year's report in the folder: 上年结转 is last year's 结转", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").waitFor({ timeout: 10000 });
    await page.keyboard.type("gongkai: 新建年度报告");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "新建年度报告" }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press("Enter");
    // The year asked, by default the one the open report's title names; the agency left blank:
    // the server takes the one agency the folder has a 2023 report of.
    await page.locator(".quick-input-widget", { hasText: "报告年度" }).waitFor({ timeout: 10000 });
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2024");
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget", { hasText: "机关名称" }).waitFor({ timeout: 10000 });
    await page.keyboard.press("Enter");
    await page.locator(".tab", { hasText: "2024年政府信息公开工作年度报告" }).first().waitFor({ timeout: 30000 });
    await page.locator(".monaco-editor .view-line", { hasText: "2024年政府信息公开工作年度报告" }).first().waitFor({ timeout: 15000 });
    // Find the row (the editor renders only the lines in view); the find leaves it selected.
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+F");
    await page.keyboard.type(CARRIED);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await lineOf(CARRIED).waitFor({ timeout: 10000 });
    const row = await lineText(CARRIED);
    // report-2023.txt carried 2 natural persons over (总计 2).
    if (!row.includes(`${CARRIED} | 2 | 0 | 0 | 0 | 0 | 0 | 2 |`)) throw new Error(`上年结转 is not last year's 结转: ${row}`);
    await page.screenshot({ path: path.join(shots, "8-new-report.png") });
  });
  await step("the completion menu offers 二、上年结转政府信息公开申请数量 after 二、上年 at a line start", async () => {
    // The label is still selected by the find: typing replaces it.
    await page.keyboard.type("二、上年");
    await page.keyboard.press("Control+Space");
    const item = page.locator(".suggest-widget .monaco-list-row", { hasText: CARRIED }).first();
    await item.waitFor({ timeout: 15000 });
    await page.screenshot({ path: path.join(shots, "9-completion.png") });
    // Its first item is the row not yet written; accepting it puts the label back whole.
    const first = await page.locator(".suggest-widget .monaco-list-row").first().innerText();
    if (!first.includes(CARRIED)) throw new Error(`the first item is ${first}`);
    await page.keyboard.press("Enter");
    await item.waitFor({ state: "detached", timeout: 10000 });
    const row = await lineText(CARRIED);
    if (!row.startsWith(`${CARRIED} | 2 |`)) throw new Error(`the completion did not write the label: ${row}`);
  });
  // A setting changed in the Settings editor (its search box focused when it opens).
  const setSetting = async (key, describedBy, value) => {
    await page.keyboard.press("Control+Comma");
    await page.locator(".settings-editor .search-container").first().waitFor({ timeout: 15000 });
    await page.keyboard.type(key);
    const item = page.locator(".settings-editor .setting-item-contents", { hasText: describedBy }).first();
    await item.waitFor({ timeout: 15000 });
    await item.locator("input").fill(value);
    // The Settings editor writes a text setting a moment after the last keystroke.
    await new Promise((r) => setTimeout(r, 1000));
    await page.keyboard.press("Control+W");
  };
  await step("a server path that does not exist: the status bar item says stopped; cleared, running again", async () => {
    await setSetting("gongkai.server.path", "可执行文件的路径", "/nonexistent/gongkai");
    await statusSays(["已停止"]);
    await page.locator(".notifications-toasts", { hasText: "找不到语言服务器" }).first().waitFor({ timeout: 15000 });
    await page.screenshot({ path: path.join(shots, "10-stopped.png") });
    await setSetting("gongkai.server.path", "可执行文件的路径", "");
    await statusSays(["运行中"]);
  });
  await step("a click on the status bar item shows the log", async () => {
    await statusItem.click();
    await page.locator(".part.panel", { hasText: "启动 " }).first().waitFor({ timeout: 15000 });
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
