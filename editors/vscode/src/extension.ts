// gongkai for VS Code: starts `gongkai lsp` for plain-text and Markdown documents. Only reports
// get diagnostics (the server says nothing about other text).
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

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

function ruleSettings(): { rules: Record<string, string>; folderDiagnostics: boolean } {
  const config = vscode.workspace.getConfiguration("gongkai");
  return {
    rules: config.get<Record<string, string>>("rules", {}),
    folderDiagnostics: config.get<boolean>("folderDiagnostics", true),
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = findServer(context);
  if (!found.path) {
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
    synchronize: { configurationSection: "gongkai" },
    outputChannel: output,
    middleware: {
      provideInlayHints: (document, range, token, next) =>
        vscode.workspace.getConfiguration("gongkai").get<boolean>("inlayHints.enabled", true)
          ? next(document, range, token)
          : [],
    },
  };
  client = new LanguageClient("gongkai", "gongkai 年度报告检查", serverOptions, clientOptions);
  await client.start();
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
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("gongkai.restartServer", async () => {
      await client?.stop();
      client = undefined;
      await start(context);
    }),
    vscode.commands.registerCommand("gongkai.fixAll", fixAll),
    vscode.commands.registerCommand("gongkai.new", newReport),
    vscode.commands.registerCommand("gongkai.showLog", () => output.show()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("gongkai.server.path")) {
        await vscode.commands.executeCommand("gongkai.restartServer");
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
