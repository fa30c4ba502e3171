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
