-- gongkai for Neovim: require("gongkai").setup(opts) for those who prefer a setup call to
-- vim.lsp.enable("gongkai"). opts are merged over lsp/gongkai.lua's config.
local M = {}

--- The server command's executable, as found on PATH (or given as a path), or nil.
---@param cmd string[]|nil
---@return string|nil
function M.executable(cmd)
  cmd = cmd or (vim.lsp.config.gongkai or {}).cmd or { "gongkai", "lsp" }
  local path = vim.fn.exepath(cmd[1])
  if path == "" then
    return nil
  end
  return path
end

---@param opts vim.lsp.Config|nil
function M.setup(opts)
  if opts and next(opts) ~= nil then
    vim.lsp.config("gongkai", opts)
  end
  if not M.executable() then
    vim.notify(
      "gongkai: 找不到 gongkai 可执行文件(请先 cargo install,或在 setup{ cmd = {...} } 中给出路径)",
      vim.log.levels.WARN
    )
  end
  vim.lsp.enable("gongkai")
end

return M
