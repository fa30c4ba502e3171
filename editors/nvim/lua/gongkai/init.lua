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

--- The year to draft: one the buffer's first line or name names, else the reporting year (a
--- year's report is due by 31 January of the next), as the server decides for its code action.
---@param bufnr integer
---@return integer
function M.default_year(bufnr)
  local function named(s)
    for y in (s or ""):gmatch("%f[%d]%d%d%d%d%f[%D]") do
      local n = tonumber(y)
      if n >= 1990 and n <= 2200 then
        return n
      end
    end
  end
  local first = vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1]
  return named(first) or named(vim.fs.basename(vim.api.nvim_buf_get_name(bufnr))) or (os.date("*t").year - 1)
end

--- :GongkaiNew [year] [agency]: the server's gongkai.newReport, which has Neovim create the
--- report beside the current file (never over a file there) through workspace/applyEdit; the
--- new buffer is shown, unsaved.
---@param year integer|nil
---@param agency string|nil
function M.new(year, agency)
  -- The buffer's own server: another root's has another workspace (and last year's report).
  local client = vim.lsp.get_clients({ bufnr = 0, name = "gongkai" })[1]
    or vim.lsp.get_clients({ name = "gongkai" })[1]
  if not client then
    vim.notify("gongkai: 语言服务器未运行(先打开一份 .txt 或 .md 报告)", vim.log.levels.ERROR)
    return
  end
  local arg = { year = year or M.default_year(0), agency = agency }
  -- Beside the current buffer's file (else in the current directory), not at the root.
  local here = vim.api.nvim_buf_get_name(0)
  local dir = here ~= "" and vim.fs.dirname(here) or vim.fn.getcwd()
  local name = (agency or "") .. arg.year .. "年政府信息公开工作年度报告.txt"
  arg.uri = vim.uri_from_fname(vim.fs.joinpath(dir, name))
  client:request("workspace/executeCommand", { command = "gongkai.newReport", arguments = { arg } }, function(err, result)
    if err then
      vim.notify("gongkai: " .. err.message, vim.log.levels.ERROR)
    elseif result and result.applied then
      vim.cmd.edit(vim.fn.fnameescape(vim.uri_to_fname(result.uri)))
      -- Neovim 0.11 opens the created buffer to the server empty and sends none of the edit
      -- applied to it: attaching again sends the text as it stands.
      local buf = vim.api.nvim_get_current_buf()
      if vim.lsp.buf_is_attached(buf, client.id) then
        vim.lsp.buf_detach_client(buf, client.id)
      end
      vim.lsp.buf_attach_client(buf, client.id)
    else
      vim.notify("gongkai: 未能新建报告(同名文件可能已存在)", vim.log.levels.WARN)
    end
  end)
end

return M
