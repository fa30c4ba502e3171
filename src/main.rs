//! The `gongkai` binary: `check` (batch), `lsp` (language server), `convert`, `extract`, `fmt` and the
//! catalogue commands, all thin fronts over the analysis library.

mod cli;
mod files;
mod lsp;

use std::process::ExitCode;

use clap::Parser;
use cli::args::{Cli, Command};

fn main() -> ExitCode {
    let parsed = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return cli::args::usage_error(e),
    };
    match parsed.command {
        Command::Check(args) => cli::check(args),
        Command::Lsp => lsp::run(),
        Command::Rules { format } => cli::catalogue::list(format),
        Command::Rule { code } => cli::catalogue::explain(&code),
        Command::Convert { paths, out } => cli::convert::run(&paths, out.as_deref()),
        Command::Extract(args) => cli::extract::run(args),
        Command::New {
            year,
            agency,
            last,
            out,
        } => cli::new::run(year, agency.as_deref(), last.as_deref(), out.as_deref()),
        Command::Fmt(args) => cli::fmt::run(args),
        Command::Init => cli::catalogue::init(),
        Command::Completions { shell } => cli::args::completions(shell),
        Command::Man => cli::args::man(),
    }
}
