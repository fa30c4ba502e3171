//! A service in front of the language server that makes two things hold by construction:
//!
//! - **Text edits apply in wire order.** tower-lsp runs handlers concurrently (tower-lsp issue
//!   284), so `did_change` handlers may interleave. Here, `didOpen`/`didChange`/`didClose` are
//!   applied inside `Service::call`, which the transport calls once per message, in the order
//!   the messages arrived, before any handler future runs.
//! - **A panicking handler does not take the server down.** The panic is caught, written to
//!   stderr and to the client's log (`window/logMessage`), and a request gets an internal-error
//!   response.
//! - **The lifecycle the specification sets.** Text notifications before `initialize` are
//!   dropped, whether `shutdown` came before `exit` decides the exit status, and `exit` is
//!   told to `serve`, which then stops at once, whatever work is pending.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use futures::FutureExt;
use futures::future::BoxFuture;
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_lsp_server::ls_types::MessageType;
use tower_lsp_server::{Client, ExitedError};

use super::documents::Documents;

pub struct Ordered<S> {
    pub inner: S,
    pub docs: Arc<Documents>,
    pub client: Client,
    pub lifecycle: Arc<Lifecycle>,
}

/// What the wrapper has seen of the protocol's lifecycle.
#[derive(Default)]
pub struct Lifecycle {
    initialize: AtomicBool,
    shutdown: AtomicBool,
    /// Told when `exit` arrives, so that the server stops whatever work is pending.
    exit: tokio::sync::Notify,
}

impl Lifecycle {
    /// `exit` ends the process with 0 only after `shutdown` (LSP: otherwise 1).
    pub fn shut_down(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    /// Resolves once `exit` has arrived (even if it came before this was awaited).
    pub async fn exited(&self) {
        self.exit.notified().await
    }
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

impl<S> Service<Request> for Ordered<S>
where
    S: Service<Request, Response = Option<Response>, Error = ExitedError>,
    S::Future: Send + 'static,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = BoxFuture<'static, Result<Option<Response>, ExitedError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let method = req.method().to_string();
        match method.as_str() {
            "initialize" => self.lifecycle.initialize.store(true, Ordering::SeqCst),
            "shutdown" => self.lifecycle.shutdown.store(true, Ordering::SeqCst),
            // `notify_one` keeps the wake-up for a waiter that comes later.
            "exit" => self.lifecycle.exit.notify_one(),
            _ => {}
        }
        if method.starts_with("textDocument/did")
            && self.lifecycle.initialize.load(Ordering::SeqCst)
            && let Some(params) = req.params()
        {
            let docs = &self.docs;
            if let Err(p) =
                std::panic::catch_unwind(AssertUnwindSafe(|| docs.apply(&method, params)))
            {
                eprintln!("gongkai: panic applying {method}: {}", panic_text(&*p));
            }
        }
        let id = req.id().cloned();
        let client = self.client.clone();
        let fut = self.inner.call(req);
        Box::pin(async move {
            match AssertUnwindSafe(fut).catch_unwind().await {
                Ok(r) => r,
                Err(p) => {
                    let text = format!("gongkai: panic in {method}: {}", panic_text(&*p));
                    eprintln!("{text}");
                    client.log_message(MessageType::ERROR, text).await;
                    Ok(id.map(|id| Response::from_error(id, Error::internal_error())))
                }
            }
        })
    }
}
