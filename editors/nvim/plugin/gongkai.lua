-- :GongkaiNew [year] [agency]: a new annual report to draft (see require("gongkai").new).
vim.api.nvim_create_user_command("GongkaiNew", function(opts)
  local year = tonumber(opts.fargs[1] or "")
  if opts.fargs[1] and not year then
    vim.notify("gongkai: 年度应为四位数字,如 :GongkaiNew 2025", vim.log.levels.ERROR)
    return
  end
  local agency = opts.fargs[2] and table.concat(opts.fargs, " ", 2) or nil
  require("gongkai").new(year, agency)
end, { nargs = "*", desc = "新建年度报告" })

-- :GongkaiFixAll: every safe fix of the report at once (the server's source.fixAll.gongkai:
-- totals recomputed, labels in the official wording, full-width digits made ASCII).
vim.api.nvim_create_user_command("GongkaiFixAll", function()
  vim.lsp.buf.code_action({
    context = { only = { "source.fixAll.gongkai" }, diagnostics = {} },
    apply = true,
  })
end, { nargs = 0, desc = "修正本报告中所有可安全修正的问题" })

-- Code lenses (each table's 勾稽关系 status, and 全部修正 to run its safe fixes): Neovim shows
-- them only when asked, so ask on attach and whenever the text may have changed.
vim.api.nvim_create_autocmd("LspAttach", {
  group = vim.api.nvim_create_augroup("gongkai.codelens", { clear = true }),
  callback = function(ev)
    local client = vim.lsp.get_client_by_id(ev.data.client_id)
    if not client or client.name ~= "gongkai" or not client:supports_method("textDocument/codeLens") then
      return
    end
    vim.lsp.codelens.refresh({ bufnr = ev.buf })
    vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "TextChanged" }, {
      group = vim.api.nvim_create_augroup("gongkai.codelens." .. ev.buf, { clear = true }),
      buffer = ev.buf,
      callback = function()
        vim.lsp.codelens.refresh({ bufnr = ev.buf })
      end,
    })
  end,
})
