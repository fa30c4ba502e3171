//! The `gongkai` binary: `check` (batch) and `lsp` (language server), both thin fronts over the
//! analysis library.

mod cli;
mod files;
mod lsp;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => cli::check(&args[1..]),
        Some("lsp") => lsp::run(),
        Some("--version" | "-V") => {
            println!("gongkai {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "help") => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        other => {
            match other {
                Some(cmd) => eprintln!("gongkai: 未知命令 unknown command: {cmd}\n"),
                None => eprintln!("gongkai: 缺少命令 no command given\n"),
            }
            eprintln!("{}", cli::USAGE);
            ExitCode::from(2)
        }
    }
}
