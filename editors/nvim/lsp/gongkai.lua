-- gongkai: 政府信息公开工作年度报告检查器的语言服务器配置 (Neovim 0.11+).
-- With this directory on 'runtimepath':  vim.lsp.enable("gongkai")
-- Override anything with vim.lsp.config("gongkai", { ... }) before enabling.
---@type vim.lsp.Config
return {
  cmd = { "gongkai", "lsp" },
  filetypes = { "text", "markdown" },
  -- A workspace is the folder holding gongkai.toml or a repository; a lone report works too.
  root_markers = { "gongkai.toml", ".git" },
  settings = {
    gongkai = {
      -- 规则代码 → "error" | "warning" | "information" | "hint" | "off"
      rules = {},
      -- 在诊断列表中列出工作区里未打开的报告的诊断
      folderDiagnostics = true,
    },
  },
}
