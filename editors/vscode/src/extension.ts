// gongkai for VS Code: starts `gongkai lsp` for plain-text and Markdown documents. Only reports
// get diagnostics (the server says nothing about other text).
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
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

function ruleSettings(): { rules: Record<string, string> } {
  return { rules: vscode.workspace.getConfiguration("gongkai").get<Record<string, string>>("rules", {}) };
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
