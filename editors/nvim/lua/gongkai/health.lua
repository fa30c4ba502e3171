-- :checkhealth gongkai
local M = {}

function M.check()
  vim.health.start("gongkai")
  if vim.fn.has("nvim-0.11") == 0 then
    vim.health.error("需要 Neovim 0.11 或更新版本 (vim.lsp.config / vim.lsp.enable)")
  else
    vim.health.ok("Neovim " .. tostring(vim.version()))
  end
  local path = require("gongkai").executable()
  if not path then
    vim.health.error("找不到 gongkai 可执行文件", {
      "cargo install --locked --path <gongkai 源码目录>",
      '或 vim.lsp.config("gongkai", { cmd = { "/path/to/gongkai", "lsp" } })',
    })
    return
  end
  local out = vim.system({ path, "--version" }, { text = true }):wait()
  if out.code == 0 then
    vim.health.ok("找到 " .. path .. " (" .. vim.trim(out.stdout) .. ")")
  else
    vim.health.error(path .. " --version 失败: " .. (out.stderr or ""))
  end
  local enabled = vim.lsp.is_enabled and vim.lsp.is_enabled("gongkai")
  if enabled then
    vim.health.ok('vim.lsp.enable("gongkai") 已启用')
  else
    vim.health.warn('尚未启用: vim.lsp.enable("gongkai") 或 require("gongkai").setup()')
  end
end

return M
