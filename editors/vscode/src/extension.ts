// gongkai for VS Code: starts `gongkai lsp` for plain-text and Markdown documents. Only reports
// get diagnostics (the server says nothing about other text).
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
type ServerState = "starting" | "running" | "stopped";
let serverState: ServerState = "stopped";

/** The languages the server is started for (and the status bar item shown with). */
const LANGUAGES = ["plaintext", "markdown"];

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The setting, then the bundled binary (linux-x64), then `gongkai` on PATH. */
function findServer(context: vscode.ExtensionContext): { path?: string; tried: string[] } {
  const tried: string[] = [];
  const configured = vscode.workspace.getConfiguration("gongkai").get<string>("server.path", "");
  if (configured) {
    tried.push(`gongkai.server.path = ${configured}`);
    return { path: isExecutable(configured) ? configured : undefined, tried };
  }
  const bundled = context.asAbsolutePath(path.join("server", "gongkai"));
  tried.push(bundled);
  if (process.platform === "linux" && process.arch === "x64" && isExecutable(bundled)) {
    return { path: bundled, tried };
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === "win32" ? "gongkai.exe" : "gongkai");
    if (isExecutable(candidate)) return { path: candidate, tried };
  }
  tried.push("PATH");
  return { tried };
}

/** The rules set to something other than "default" (`gongkai.rules.<code>`, generated from the
 * catalogue by scripts/rule-settings.js). A rule left at "default" is not sent, so the
 * workspace's gongkai.toml, which the editor's settings override, still decides it. */
function ruleSettings(
  rules: Record<string, unknown> = vscode.workspace.getConfiguration("gongkai").get("rules", {}),
): { rules: Record<string, unknown>; folderDiagnostics: boolean } {
  return {
    rules: Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== "default")),
    folderDiagnostics: vscode.workspace.getConfiguration("gongkai").get<boolean>("folderDiagnostics", true),
  };
}

const SEVERITY_NAMES = ["个错误", "个警告", "条信息", "条提示"];

/** The status bar item: this document's findings by severity and the server's state; a click
 * shows the log, or restarts a stopped server. */
function updateStatus(): void {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !LANGUAGES.includes(doc.languageId)) {
    status.hide();
    return;
  }
  const counts = [0, 0, 0, 0];
  for (const d of vscode.languages.getDiagnostics(doc.uri)) {
    if (d.source === "gongkai") counts[d.severity]++;
  }
  const [errors, warnings, infos, hints] = counts;
  const stateZh = { starting: "正在启动", running: "运行中", stopped: "已停止" }[serverState];
  const findings = counts.map((n, i) => `${n} ${SEVERITY_NAMES[i]}`).join("、");
  if (serverState === "running") {
    status.text =
      errors + warnings + infos + hints === 0
        ? "$(check) gongkai"
        : `gongkai $(error) ${errors} $(warning) ${warnings} $(info) ${infos}` + (hints ? ` $(light-bulb) ${hints}` : "");
  } else {
    status.text = serverState === "starting" ? "$(sync~spin) gongkai" : "$(circle-slash) gongkai";
  }
  status.backgroundColor =
    serverState === "stopped" ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  status.command = serverState === "stopped" ? "gongkai.restartServer" : "gongkai.showLog";
  const action = serverState === "stopped" ? "点击重启语言服务器" : "点击显示日志";
  status.tooltip = `gongkai 语言服务器${stateZh}\n本报告:${findings}\n${action}`;
  status.accessibilityInformation = { label: `gongkai 语言服务器${stateZh};本报告:${findings}` };
  status.show();
}

function setState(s: ServerState): void {
  serverState = s;
  updateStatus();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = findServer(context);
  if (!found.path) {
    setState("stopped");
    output.appendLine(`找不到 gongkai 语言服务器,已查找:${found.tried.join(";")}`);
    const choice = await vscode.window.showErrorMessage(
      "gongkai:找不到语言服务器。请在设置 gongkai.server.path 中填写 gongkai 的路径,或把 gongkai 放到 PATH 中。",
      "打开设置",
      "显示日志",
    );
    if (choice === "打开设置") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "gongkai.server.path");
    } else if (choice === "显示日志") {
      output.show();
    }
    return;
  }
  output.appendLine(`启动 ${found.path} lsp`);
  const serverOptions: ServerOptions = { command: found.path, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "plaintext" },
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: ruleSettings(),
    outputChannel: output,
    middleware: {
      provideInlayHints: (document, range, token, next) =>
        vscode.workspace.getConfiguration("gongkai").get<boolean>("inlayHints.enabled", true)
          ? next(document, range, token)
          : [],
    },
  };
  client = new LanguageClient("gongkai", "gongkai 年度报告检查", serverOptions, clientOptions);
  client.onDidChangeState((e) =>
    setState(e.newState === State.Running ? "running" : e.newState === State.Starting ? "starting" : "stopped"),
  );
  setState("starting");
  try {
    await client.start();
  } catch (e) {
    setState("stopped");
    output.appendLine(`语言服务器未能启动:${e instanceof Error ? e.message : String(e)}`);
  }
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    "vscode.executeCodeActionProvider",
    doc.uri,
    whole,
    "source.fixAll.gongkai",
  );
  const action = actions?.find((a) => a.kind?.value === "source.fixAll.gongkai");
  if (action?.edit) {
    await vscode.workspace.applyEdit(action.edit);
  } else {
    vscode.window.showInformationMessage("gongkai:本报告没有可自动修正的问题。");
  }
}

/** The year to draft: one the active document's name or title names, else the reporting year
 * (reports for a year are due by 31 January of the next). The server decides the same way for
 * its code action (`skeleton::year_named`, `reporting_year`). */
function defaultYear(): number {
  const doc = vscode.window.activeTextEditor?.document;
  const named = (s: string) => /(?<![0-9])((?:19|2[0-2])[0-9]{2})(?![0-9])/.exec(s)?.[1];
  const found = doc ? (named(doc.lineAt(0).text) ?? named(path.basename(doc.fileName))) : undefined;
  return found ? Number(found) : new Date().getFullYear() - 1;
}

/** "新建年度报告": asks the year and the agency, runs the server's `gongkai.newReport` (which
 * sends the edit creating the file, never over one there) and shows the new report. */
async function newReport(): Promise<void> {
  if (!client) {
    vscode.window.showErrorMessage("gongkai:语言服务器未运行。");
    return;
  }
  const year = await vscode.window.showInputBox({
    title: "新建年度报告",
    prompt: "报告年度",
    value: String(defaultYear()),
    validateInput: (v) => (/^[0-9]{4}$/.test(v.trim()) ? undefined : "请输入四位年份,如 2025"),
  });
  if (year === undefined) return;
  const agency = await vscode.window.showInputBox({
    title: "新建年度报告",
    prompt: "机关名称(可留空;工作区中有该机关上一年的报告时,据以填写上年结转)",
  });
  if (agency === undefined) return;
  try {
    const answer = await client.sendRequest(ExecuteCommandRequest.type, {
      command: "gongkai.newReport",
      arguments: [{ year: Number(year.trim()), agency: agency.trim() || undefined }],
    });
    if (answer?.applied && answer.uri) {
      await vscode.window.showTextDocument(vscode.Uri.parse(answer.uri));
    } else {
      vscode.window.showWarningMessage("gongkai:未能新建报告(同名文件可能已存在)。");
    }
  } catch (e) {
    vscode.window.showErrorMessage(`gongkai:${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("gongkai");
  status = vscode.window.createStatusBarItem("gongkai.status", vscode.StatusBarAlignment.Left, 0);
  status.name = "gongkai";
  context.subscriptions.push(
    output,
    status,
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (e.uris.some((u) => u.toString() === active)) updateStatus();
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.commands.registerCommand("gongkai.restartServer", async () => {
      // A client that never started cannot stop cleanly: dropped all the same.
      await client?.stop().catch(() => undefined);
      client = undefined;
      await start(context);
    }),
    vscode.commands.registerCommand("gongkai.fixAll", fixAll),
    vscode.commands.registerCommand("gongkai.new", newReport),
    vscode.commands.registerCommand("gongkai.showLog", () => output.show()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("gongkai.server.path")) {
        await vscode.commands.executeCommand("gongkai.restartServer");
      } else if (e.affectsConfiguration("gongkai.rules") && client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { gongkai: ruleSettings() },
        });
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
