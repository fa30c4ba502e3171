" Vim + ALE against `gongkai lsp` (run by .ci/run):
"   vim --not-a-term -N -u NONE -i NONE -S tests/editors/vim_ale_test.vim <report>
" The configuration under test is the README's, verbatim between the markers. Results go to
" $GONGKAI_VIM_OUT; the exit code is 0 only if every step passed.
set nocompatible
filetype on
let &runtimepath .= ',' . get(environ(), 'ALE_DIR', '/usr/share/vim-ale')
runtime plugin/ale.vim
" --- README: Vim (ALE) ---
call ale#linter#Define('text', {
\   'name': 'gongkai',
\   'lsp': 'stdio',
\   'executable': 'gongkai',
\   'command': '%e lsp',
\   'project_root': {buffer -> fnamemodify(bufname(buffer), ':p:h')},
\})
call ale#linter#Define('markdown', {
\   'name': 'gongkai',
\   'lsp': 'stdio',
\   'executable': 'gongkai',
\   'command': '%e lsp',
\   'project_root': {buffer -> fnamemodify(bufname(buffer), ':p:h')},
\})
let g:ale_linters = {'text': ['gongkai'], 'markdown': ['gongkai']}
" --- end ---
let s:out = []
let s:waited = 0
function! s:Finish(ok) abort
  call writefile(s:out + [a:ok ? 'vim ale test passed' : 'vim ale test FAILED'] + (a:ok ? [] : split(execute('messages'), "\n")), $GONGKAI_VIM_OUT)
  execute a:ok ? 'qa!' : 'cq!'
endfunction
function! s:Step(name, ok, ...) abort
  call add(s:out, (a:ok ? 'ok   ' : 'FAIL ') . a:name . (a:0 ? ': ' . a:1 : ''))
  if !a:ok
    call s:Finish(0)
  endif
endfunction
function! s:Poll(timer) abort
  let l:list = ale#engine#GetLoclist(bufnr('%'))
  let l:found = filter(copy(l:list), {_, d -> get(d, 'code', '') is# 'row-total'})
  if empty(l:found)
    let s:waited += 1
    if s:waited > 100
      call s:Step('row-total arrives', 0, string(l:list))
    endif
    call timer_start(200, function('s:Poll'))
    return
  endif
  call s:Step('row-total arrives', 1)
  call s:Step('on line 35', l:found[0].lnum == 35, l:found[0].lnum)
  call s:Step('an error', l:found[0].type is# 'E', l:found[0].type)
  call s:Step('with the arithmetic', stridx(l:found[0].text, '应为 12') >= 0, l:found[0].text)
  call s:Finish(1)
endfunction
" This script runs after the file was loaded: detect its type now and ask ALE to lint it.
filetype detect
call s:Step('filetype is text', &filetype is# 'text', &filetype)
call ale#Queue(0, 'lint_file')
call timer_start(200, function('s:Poll'))
