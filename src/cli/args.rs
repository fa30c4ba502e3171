//! The command line as one `clap` definition: parsing, `--help`, the shell completions and the
//! man page all come from it.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// gongkai — 政府信息公开工作年度报告检查器与语言服务器
/// / checker and language server for government information disclosure annual reports
#[derive(Parser)]
#[command(name = "gongkai", version, propagate_version = true)]
#[command(
    after_help = "退出码 Exit: 0 无错误 no error · 1 有错误 errors found · 2 用法错误或文件不可读 bad usage or unreadable file"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// 检查报告 / check reports
    Check(CheckArgs),
    /// 在标准输入输出上运行语言服务器(LSP 3.17)/ run the language server on stdio
    Lsp,
    /// 列出全部规则:代码、严重程度、类别、说明 / list every rule
    Rules {
        /// 输出格式 / output format
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// 解释一条规则,附示例 / explain one rule, with an example
    Rule {
        /// 规则代码,如 row-total / a rule code
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(
            gongkai::rules::RULES.iter().map(|r| r.code)
        ))]
        code: String,
    },
    /// 把 Word 文件(.docx)、网页(.html)转为可编辑、可检查的文本:每行一个表格行,格间用 ` | `
    /// / convert .docx and web pages to the canonical text layout
    Convert {
        /// 要转换的文件或目录 / files or directories
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// 写入此目录(每个文件写为同名 .txt);不给则写到标准输出
        /// / write DIR/<name>.txt for each input; without it, to standard output
        #[arg(short, long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
    },
    /// 把报告表格中的数字导出为数据(CSV 或 JSON Lines):每个数值单元格一条记录;`--wide` 每份报告一行主要数字
    /// / the table numbers as data: a record per value cell, or with --wide a row per report
    Extract(ExtractArgs),
    /// 起草一份新报告:六个部分的标题与要求,该年度格式的每张表、每一行,单元格留空待填;
    /// 给出上年报告时,填入“二、上年结转”并注明现行有效件数的基数
    /// / start a new report: the year's format with every table and row, cells empty
    New {
        /// 报告年度,如 2025 / the reporting year
        #[arg(long, value_name = "YEAR")]
        year: u16,
        /// 报告机关名称 / the reporting body
        #[arg(long, value_name = "NAME")]
        agency: Option<String>,
        /// 上年报告(任何 check 能读的文件)/ last year's report (any file check reads)
        #[arg(long, value_name = "FILE")]
        last: Option<std::path::PathBuf>,
        /// 写入此文件(已有则不覆盖);不给则写到标准输出
        /// / write to this file (never over an existing one); without it, to standard output
        #[arg(short, long, value_name = "FILE")]
        out: Option<std::path::PathBuf>,
    },
    /// 重排报告中的表格:每行一个表格行,格间用 ` | `,各列按显示宽度对齐,数字格中的全角数字改为半角;
    /// 正文一字不改,未能完整读出的表格保持原样
    /// / tables as aligned rows (prose untouched; a table not read whole is left as it is)
    Fmt(FmtArgs),
    /// 在当前目录写一份注释齐全的 gongkai.toml(已有则不覆盖)/ write a commented gongkai.toml
    Init,
    /// 输出 shell 补全脚本 / print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// 输出 man 手册页(roff)/ print the man page
    Man,
}

#[derive(Args)]
#[command(
    after_help = "退出码 Exit: 0 无错误 no error · 1 有错误 errors found · 2 用法错误或文件不可读 bad usage or unreadable file"
)]
pub struct CheckArgs {
    /// 文件或目录(目录下的 *.txt、*.md、*.docx、*.html 按序递归检查);`-` 读标准输入
    /// / files or directories (walked for *.txt, *.md, *.docx, *.html, sorted); `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// 就地应用所有安全的修正,再报告其余问题 / apply every safe fix in place, then report the rest
    #[arg(long)]
    pub fix: bool,
    /// 与 --fix 同用:修正后的文本写到标准输出,不改文件(报告写到标准错误);`--fix -` 亦然
    /// / with --fix: the fixed text to standard output, the file untouched
    #[arg(long, requires = "fix")]
    pub stdout: bool,
    /// 以统一差异格式显示安全修正,不写任何文件(有可修正处时退出码为 1)
    /// / show the safe fixes as a unified diff, write nothing (status 1 when there are any)
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// 文本输出是否着色 / colour the text output
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,
    /// 规则设置文件([rules] 代码 = "off" 或严重程度),代替离每个文件最近的 gongkai.toml
    /// / a settings file instead of the nearest gongkai.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// 不用任何 gongkai.toml,规则取默认值 / use no settings file: every rule at its default
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// 只输出各规则的问题数,不列出问题本身 / counts per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// 只报告错误,不输出汇总 / errors only, no summary
    #[arg(long, short)]
    pub quiet: bool,
    /// 只报告不低于此严重程度的问题 / report findings of this severity or above
    #[arg(long, value_enum, default_value_t = MinSeverity::Hint, value_name = "SEVERITY")]
    pub min_severity: MinSeverity,
    /// 并行检查的线程数(默认:CPU 核数);输出仍按输入顺序 / worker threads (default: one per core)
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Args)]
#[command(
    after_help = "退出码 Exit: 0 已重排或无需重排 formatted or nothing to do · 1 (--check) 有文件需要重排 files would change · 2 用法错误、文件不可读或不是文本 bad usage, unreadable file or not a text file"
)]
pub struct FmtArgs {
    /// 文件或目录(目录下的 *.txt、*.md 按序递归);`-` 或不给:读标准输入,写到标准输出
    /// / files or directories (walked as check walks them); `-` or none: standard input to standard output
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// 只检查不写入:列出需要重排的文件,有则退出码为 1 / write nothing: list the files that would change, status 1 if any
    #[arg(long)]
    pub check: bool,
}

#[derive(Args)]
#[command(
    after_help = "字段说明见 docs/extract.md / the fields are described in docs/extract.md\n退出码 Exit: 0 成功 done · 2 用法错误或文件不可读(其余文件照常导出)bad usage or unreadable file (the others are still extracted)"
)]
pub struct ExtractArgs {
    /// 文件或目录(同 check:目录按序递归);`-` 读标准输入
    /// / files or directories (walked as check walks them); `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = ExtractFormat::Csv)]
    pub format: ExtractFormat,
    /// 每份报告一行:申请、办理结果、结转、复议、诉讼、规范性文件等主要数字
    /// / one row per report with the headline figures
    #[arg(long)]
    pub wide: bool,
    /// 写入此文件(不给则写到标准输出)/ write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// CSV 开头不写 UTF-8 BOM(BOM 让 Excel 正确显示中文)/ no byte-order mark before the CSV
    #[arg(long)]
    pub no_bom: bool,
    /// 并行读取的线程数(默认:CPU 核数);输出仍按输入顺序 / worker threads (default: one per core)
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// 逗号分隔,UTF-8 带 BOM,Excel 可直接打开 / comma-separated, UTF-8 with a BOM, opens in Excel
    Csv,
    /// JSON Lines:每条记录一行 / one JSON object per line
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// 一条规则一行的表 / a table, one rule a line
    Text,
    /// JSON 数组,每条规则的代码、严重程度、类别、说明、示例、修正(CLI.md)
    /// / a JSON array: code, severity, category, summary, example, fix
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 编译器风格,附原文行;多个文件时末尾附各文件统计表 / compiler style, with the source line
    Text,
    /// 每条问题一行 / one line per finding
    Concise,
    /// 机器可读的 JSON(CLI.md)/ machine-readable JSON
    Json,
    /// JSON Lines:每个文件一行,最后一行为汇总 / one record per file, then a summary record
    Jsonl,
    /// SARIF 2.1.0(代码扫描)/ for code scanning
    Sarif,
    /// GitHub Actions 工作流注释 / GitHub workflow annotations
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Error,
    Warning,
    Information,
    Hint,
}

impl MinSeverity {
    pub fn severity(self) -> gongkai::Severity {
        use gongkai::Severity as S;
        match self {
            MinSeverity::Error => S::Error,
            MinSeverity::Warning => S::Warning,
            MinSeverity::Information => S::Information,
            MinSeverity::Hint => S::Hint,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// 输出到终端且未设 NO_COLOR 时着色 / on a terminal without NO_COLOR
    Auto,
    Always,
    Never,
}

impl Color {
    pub fn on(self) -> bool {
        use std::io::IsTerminal;
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

/// A parse failure as one line naming the command's `--help`; help and version go out as clap
/// prints them.
pub fn usage_error(e: clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return std::process::ExitCode::from(if e.exit_code() == 0 { 0 } else { 2 });
    }
    let rendered = e.render().to_string();
    // clap's first paragraph and its tips (a similar name, `--` before a value), on one line.
    let mut detail: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("error: "))
        .collect();
    detail.extend(
        rendered
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("tip:")),
    );
    let detail = detail.join(" ");
    // The subcommand being parsed, for the `--help` to point at.
    use clap::CommandFactory;
    let command = std::env::args()
        .nth(1)
        .filter(|a| Cli::command().get_subcommands().any(|c| c.get_name() == a))
        .map_or("gongkai".to_string(), |a| format!("gongkai {a}"));
    let what = match e.kind() {
        ErrorKind::UnknownArgument => "未知选项",
        ErrorKind::InvalidSubcommand => "未知命令",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "取值无效",
        ErrorKind::MissingRequiredArgument | ErrorKind::MissingSubcommand => "缺少参数",
        ErrorKind::ArgumentConflict => "选项冲突",
        _ => "用法错误",
    };
    eprintln!("gongkai: {what} / {detail}(用法见 `{command} --help`)");
    std::process::ExitCode::from(2)
}

/// `gongkai completions SHELL`: the script for that shell, from the definition above.
pub fn completions(shell: clap_complete::Shell) -> std::process::ExitCode {
    use clap::CommandFactory;
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "gongkai", &mut out);
    std::process::ExitCode::SUCCESS
}

/// `gongkai man`: the man page (roff), from the definition above.
pub fn man() -> std::process::ExitCode {
    use clap::CommandFactory;
    let written = clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout().lock());
    super::finish(written, std::process::ExitCode::SUCCESS)
}
