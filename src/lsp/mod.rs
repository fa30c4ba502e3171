//! `gongkai lsp`: the language server over stdio. Thin glue: positions and messages are
//! converted here; everything a report means comes from the library.

mod annotate;
mod completion;
mod convert;
mod documents;
mod drafting;
mod formatting;
mod frames;
mod ordered;
mod position;
mod server;
#[cfg(test)]
mod tests;
mod workspace;

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

use documents::Documents;
use ordered::{Lifecycle, Ordered};
use server::Backend;

/// Serve one client on a pair of streams until it sends `exit` (or closes its end); true when
/// `shutdown` came first.
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite,
{
    // Frames pass through `frames::relay` first, so that a malformed one is answered, not fatal.
    let (relayed, to_server) = tokio::io::duplex(1 << 16);
    tokio::spawn(frames::relay(input, relayed));
    let docs = Arc::new(Documents::default());
    let shared = docs.clone();
    let (service, socket) = LspService::build(move |client| Backend::new(client, shared.clone()))
        .custom_method(frames::MALFORMED, Backend::malformed)
        .finish();
    let client = service.inner().client.clone();
    let lifecycle = Arc::new(Lifecycle::default());
    let ordered = Ordered {
        inner: service,
        docs,
        client,
        lifecycle: lifecycle.clone(),
    };
    // tower-lsp's `serve` returns only when every pending handler has (a workspace scan of
    // thousands of files, a client request never answered); `exit` must not wait for them.
    tokio::select! {
        () = Server::new(to_server, output, socket).serve(ordered) => {}
        () = lifecycle.exited() => {}
    }
    lifecycle.shut_down()
}

/// `gongkai lsp`: serve on stdin/stdout; logs go to stderr.
pub fn run() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gongkai: cannot start the runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let shut_down = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // The stdin reader is a blocking thread that would hold the process open; the protocol has
    // ended, so leave at once: 0 after `shutdown`, 1 for an `exit` (or end of input) without it.
    std::process::exit(if shut_down { 0 } else { 1 })
}
