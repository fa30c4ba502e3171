//! `gongkai fmt [--check] [PATH...]`: each text report's tables formatted (`format::formatted`),
//! written back as `--fix` writes (through `replace`, in the file's own encoding), or with
//! `--check` only named; `-` (or no PATH) from standard input to standard output. A Word file,
//! PDF or web page named is refused (it is read by conversion and never written back); one in a
//! folder walked is passed over.

use std::io::Write;
use std::process::ExitCode;

use gongkai::text::encoding::encode;

use super::args::FmtArgs;
use super::inputs::{self, Input};

pub fn run(args: FmtArgs) -> ExitCode {
    super::replace::ignore_file_size_signal();
    let paths = if args.paths.is_empty() {
        vec!["-".to_string()]
    } else {
        args.paths
    };
    let mut failed = false;
    let mut inputs = inputs::collect(&paths, &mut failed);
    // In a folder walked, the files only converted (Word, PDF, web pages) are not fmt's: passed
    // over. Named, they are refused below.
    inputs.retain(|i| match i {
        Input::File(p) if !paths.iter().any(|n| std::path::Path::new(n) == p) => {
            matches!(
                gongkai::read::Kind::of(p),
                Some(gongkai::read::Kind::Text) | None
            )
        }
        _ => true,
    });
    if inputs.is_empty() && !failed {
        inputs::none_found(&paths);
        failed = true;
    }
    let (mut changed, mut files) = (0, 0);
    let mut stdout = std::io::stdout().lock();
    for input in &inputs {
        let (text, encoding) = match super::read(input) {
            Ok(read) => read,
            Err(e) => {
                eprintln!("gongkai: {}: {e}", input.display());
                failed = true;
                continue;
            }
        };
        let Some(encoding) = encoding else {
            eprintln!("{}", super::mending::not_rewritten(input, "重排", "fmt"));
            failed = true;
            continue;
        };
        files += 1;
        let out = gongkai::format::formatted(&text);
        let differs = out != text;
        changed += usize::from(differs);
        let written = match input {
            _ if args.check => {
                if differs {
                    let _ = writeln!(stdout, "{}", input.display());
                }
                Ok(())
            }
            Input::Stdin => stdout.write_all(&encode(&out, encoding)),
            Input::File(path) if differs => super::replace::replace(path, &encode(&out, encoding)),
            Input::File(_) => Ok(()),
        };
        if let Err(e) = written {
            eprintln!(
                "gongkai: {}: 无法写入,原文件未改动 / cannot write, the file is unchanged: {e}",
                input.display()
            );
            failed = true;
            changed -= usize::from(differs);
        }
    }
    let _ = stdout.flush();
    // Standard input alone is a filter: nothing to tell but what goes to standard output.
    let filter = !args.check && inputs.iter().all(|i| matches!(i, Input::Stdin));
    let _ = if filter {
        Ok(())
    } else if args.check {
        writeln!(
            std::io::stderr(),
            "{changed} 个文件需要重排,共 {files} 个 / {changed} of {files} files would be reformatted"
        )
    } else {
        writeln!(
            std::io::stderr(),
            "已重排 {changed} 个文件,共 {files} 个 / {changed} of {files} files reformatted"
        )
    };
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::from(u8::from(args.check && changed > 0))
    }
}
