-- Headless Neovim test of editors/nvim: run by .ci/run as
--   nvim --headless --clean --cmd "set rtp^=<repo>/editors/nvim" -l tests/editors/nvim_test.lua <report>
-- Every failure names the step that failed; the exit code is 0 only if every step passed.
local report = assert(arg[1], "usage: nvim -l nvim_test.lua <report with one broken total>")

local function step(name, ok, detail)
  io.stderr:write((ok and "ok   " or "FAIL ") .. name .. (detail and (": " .. detail) or "") .. "\n")
  if not ok then
    os.exit(1)
  end
end

vim.cmd("filetype on")
vim.lsp.enable("gongkai")
vim.cmd.edit(report)
step("filetype is text", vim.bo.filetype == "text", vim.bo.filetype)

local client
step("server attaches", vim.wait(10000, function()
  client = vim.lsp.get_clients({ bufnr = 0, name = "gongkai" })[1]
  return client ~= nil and client.initialized
end, 20))

local function row_totals()
  return vim.tbl_filter(function(d)
    return d.code == "row-total"
  end, vim.diagnostic.get(0))
end

step("diagnostics arrive", vim.wait(10000, function()
  return #row_totals() > 0
end, 20))
local d = row_totals()[1]
local line = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]
step("row-total on the broken row", line:find("一、本年新收政府信息公开申请数量", 1, true) == 1, line)
step("on the cell 13", line:sub(d.col + 1, d.end_col) == "13", line:sub(d.col + 1, d.end_col))

-- The plugin asks for code lenses: the 申请表's says its relations fail and offers 全部修正.
local function lens_titles()
  return vim.tbl_map(function(l)
    return l.command and l.command.title or ""
  end, vim.lsp.codelens.get(0))
end
local function has_lens(part)
  return vim.iter(lens_titles()):any(function(t)
    return t:find(part, 1, true) ~= nil
  end)
end
step("a code lens says the 申请表's relations fail", vim.wait(10000, function()
  return has_lens("处勾稽关系不成立")
end, 20), table.concat(lens_titles(), " / "))
step("and offers 全部修正", has_lens("全部修正"), table.concat(lens_titles(), " / "))

-- Hover on 第二十条第(五)项: Article 20 item (五), verbatim.
local lnum
for i, l in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
  if l:find("第二十条第(五)项", 1, true) == 1 then
    lnum = i - 1
  end
end
step("第二十条第(五)项 found", lnum ~= nil)
local hover = client:request_sync("textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = lnum, character = 2 },
}, 5000, 0)
local text = hover and hover.result and hover.result.contents and hover.result.contents.value or ""
step(
  "hover quotes Article 20 (五)",
  text:find("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果；", 1, true) ~= nil,
  text:sub(1, 120)
)

-- The quick fix, applied through the client.
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = d.user_data.lsp.range,
  context = { diagnostics = { d.user_data.lsp }, only = { "quickfix" } },
}
local actions = client:request_sync("textDocument/codeAction", params, 5000, 0)
local action = actions and actions.result and actions.result[1]
step("a quick fix is offered", action ~= nil and action.edit ~= nil)
step("it is preferred", action.isPreferred == true)
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
step("the fix wrote 12", vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]:find("| 12 |", 1, true) ~= nil)
step("the diagnostic clears", vim.wait(10000, function()
  return #row_totals() == 0
end, 20))

-- :GongkaiFixAll: the slip undone, then every safe fix at once.
vim.cmd("silent undo")
step("the slip is back", vim.wait(10000, function()
  return #row_totals() == 1
end, 20))
step(":GongkaiFixAll is defined", vim.fn.exists(":GongkaiFixAll") == 2)
-- Its help, from doc/gongkai.txt and the committed doc/tags.
local report_win = vim.api.nvim_get_current_win()
local helped = pcall(vim.cmd, "help :GongkaiFixAll")
step(
  ":help :GongkaiFixAll opens doc/gongkai.txt",
  helped and vim.fs.basename(vim.api.nvim_buf_get_name(0)) == "gongkai.txt",
  vim.api.nvim_buf_get_name(0)
)
vim.cmd("helpclose")
vim.api.nvim_set_current_win(report_win)
vim.cmd("GongkaiFixAll")
step(":GongkaiFixAll fixes it", vim.wait(10000, function()
  return #row_totals() == 0
end, 20))
step(
  "and wrote 12",
  vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]:find("| 12 |", 1, true) ~= nil
)

-- Two years of one agency in a folder (marked by a gongkai.toml): opening this year's report,
-- the server reads last year's from disk and checks 上年结转 against its 结转下年度.
local example = table.concat(vim.fn.readfile(report), "\n")
local clean = example:gsub("| 0 | 0 | 0 | 0 | 13 |", "| 0 | 0 | 0 | 0 | 12 |", 1)
local last = clean:gsub("2024", "2023"):gsub("2025", "2024")
last = last:gsub("行政规范性文件 | 3 | 1 | 15 |", "行政规范性文件 | 2 | 0 | 13 |", 1)
last = last:gsub("四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |", "四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |", 1)
local years = vim.fn.tempname()
vim.fn.mkdir(years, "p")
vim.fn.writefile({ "[rules]" }, years .. "/gongkai.toml")
vim.fn.writefile(vim.split(last, "\n"), years .. "/2023.txt")
vim.fn.writefile(vim.split(clean, "\n"), years .. "/2024.txt")
vim.cmd.edit(years .. "/2024.txt")
local function carryovers()
  return vim.tbl_filter(function(x)
    return x.code == "carryover"
  end, vim.diagnostic.get(0))
end
step("carryover against last year's file", vim.wait(10000, function()
  return #carryovers() == 2
end, 20), tostring(#carryovers()))
local related = carryovers()[1].user_data.lsp.relatedInformation[1]
step("it points into 2023.txt", related.location.uri == vim.uri_from_fname(years .. "/2023.txt"), related.location.uri)

-- :GongkaiNew: the server has Neovim create the report beside this one, 上年结转 from 2023.txt.
step(":GongkaiNew is defined", vim.fn.exists(":GongkaiNew") == 2)
vim.cmd("GongkaiNew 2024 示例市数据资源管理局")
local drafted = years .. "/示例市数据资源管理局2024年政府信息公开工作年度报告.txt"
step("the new report is shown", vim.wait(10000, function()
  return vim.api.nvim_buf_get_name(0) == drafted
end, 20), vim.api.nvim_buf_get_name(0))
local draft = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
step("its title", draft:find("示例市数据资源管理局2024年政府信息公开工作年度报告", 1, true) == 1, draft:sub(1, 80))
step(
  "its 上年结转 is last year's 结转",
  draft:find("二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |", 1, true) ~= nil,
  draft:match("二、上年结转[^\n]*")
)

-- Completion in the drafted report: a heading typed at a line start.
local drafting = vim.lsp.get_clients({ bufnr = 0, name = "gongkai" })[1]
step("the draft has its server", drafting ~= nil)
local last_line = vim.api.nvim_buf_line_count(0)
vim.api.nvim_buf_set_lines(0, last_line, last_line, false, { "二、主" })
-- Neovim sends a buffer change after a debounce: give it time to go out.
vim.wait(500, function()
  return false
end, 50)
local typed = #"二、主"
local synced = drafting:request_sync(
  "textDocument/documentSymbol",
  { textDocument = { uri = vim.uri_from_bufnr(0) } },
  5000,
  0
)
step("the server has the draft's text (its outline)", #(synced and synced.result or {}) == 6, vim.inspect(synced))
local completion = drafting:request_sync("textDocument/completion", {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = last_line, character = drafting.offset_encoding == "utf-8" and typed or 3 },
}, 5000, 0)
local offered = completion and completion.result and completion.result.items or {}
local heading
for _, item in ipairs(offered) do
  if item.label == "二、主动公开政府信息情况" then
    heading = item
  end
end
step("completion offers 二、主动公开政府信息情况", heading ~= nil, tostring(#offered) .. " items")
vim.lsp.util.apply_text_edits({ heading.textEdit }, vim.api.nvim_get_current_buf(), drafting.offset_encoding)
step(
  "its edit replaces what was typed",
  vim.api.nvim_buf_get_lines(0, last_line, last_line + 1, false)[1] == "二、主动公开政府信息情况",
  vim.api.nvim_buf_get_lines(0, last_line, last_line + 1, false)[1]
)

-- Formatting (vim.lsp.buf.format): a range first formats only the table it touches, then the
-- whole buffer becomes what `gongkai fmt` writes; the findings stay on their cells.
local unformatted = vim.fn.tempname() .. ".txt"
vim.fn.writefile(vim.fn.readfile(report), unformatted)
vim.cmd.edit(unformatted)
step("diagnostics arrive before formatting", vim.wait(10000, function()
  return #row_totals() == 1
end, 20))
local function line_of(prefix)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    if l:find(prefix, 1, true) == 1 then
      return i, l
    end
  end
end
local permit = line_of("行政许可")
vim.lsp.buf.format({ name = "gongkai", range = { start = { permit, 0 }, ["end"] = { permit, 0 } } })
local _, permit_line = line_of("行政许可")
step("range formatting aligns its table", permit_line == "行政许可 | 1520             |", permit_line)
local _, rule_line = line_of("规章")
step("and leaves the others", rule_line == "规章 | 0 | 0 | 0 |", rule_line)
vim.lsp.buf.format({ name = "gongkai" })
local buffer = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n") .. "\n"
local cli = vim.fn.system({ "gongkai", "fmt", "-" }, table.concat(vim.fn.readfile(report), "\n") .. "\n")
step("the buffer is what gongkai fmt writes", buffer == cli, buffer ~= cli and buffer or nil)
local _, header = line_of("信息内容")
step("its first table aligned", header == "信息内容       | 本年制发件数 | 本年废止件数 | 现行有效件数 |", header)
vim.wait(500, function()
  return false
end, 50)
local moved = row_totals()
step("the row-total is found again", vim.wait(10000, function()
  moved = row_totals()
  return #moved == 1
end, 20))
local total_line = vim.api.nvim_buf_get_lines(0, moved[1].lnum, moved[1].lnum + 1, false)[1]
step("on the cell 13", total_line:sub(moved[1].col + 1, moved[1].end_col) == "13", total_line)

-- An ordinary text file stays quiet.
local plain = vim.fn.tempname() .. ".txt"
vim.fn.writefile({ "会议纪要", "一、会议时间", "二、参会人员" }, plain)
vim.cmd.edit(plain)
vim.wait(1500, function()
  return false
end, 50)
step("an ordinary .txt gets no diagnostics", #vim.diagnostic.get(0) == 0)

io.stderr:write("nvim test passed\n")
os.exit(0)
