//! The accept loop, with the limits a server on an open network needs: slow
//! or silent clients are cut, open connections are capped, and a shutdown
//! does not wait for ever on a client that never finishes.
//!
//! hyper's HTTP/1 connection does the protocol; this loop adds what
//! `axum::serve` leaves out: a timer (without one hyper never enforces its
//! header-read timeout), a semaphore around `accept`, and a deadline on the
//! graceful shutdown. The whole-request timeout and the body limit are tower
//! layers on the router (see `api::router`).

use crate::faults::{ClientConnection, KillSwitch, KillableStream};
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Connection limits (command-line flags; see README).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Time to receive a request's headers, counted from the moment the
    /// connection waits for a request; so it also closes keep-alive
    /// connections that stay silent that long.
    pub header_read_timeout: Duration,
    /// Open connections at most; further ones wait in the listen backlog.
    pub max_connections: usize,
    /// How long a shutdown waits for requests in flight before closing them.
    pub shutdown_timeout: Duration,
}

/// Serves `app` on `listener` until `shutdown` completes, then drains the
/// open connections for at most `limits.shutdown_timeout`.
pub async fn serve(listener: TcpListener, app: Router, limits: ConnectionLimits, shutdown: impl Future<Output = ()>) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    tokio::pin!(shutdown);
    let mut at_cap_logged = false;

    loop {
        // Take a permit before accepting: at the cap, new clients wait in the
        // kernel's backlog instead of costing memory here.
        let permit = match permits.clone().try_acquire_owned() {
            Ok(permit) => {
                at_cap_logged = false;
                permit
            }
            Err(_) => {
                if !at_cap_logged {
                    tracing::warn!(max = limits.max_connections, "connection cap reached; new connections wait");
                    at_cap_logged = true;
                }
                tokio::select! {
                    permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
                    () = &mut shutdown => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small JSON answers: send them now rather than wait for more data.
        let _ = stream.set_nodelay(true);
        let switch = KillSwitch::default();
        let io = TokioIo::new(KillableStream::new(stream, switch.clone()));
        // Handlers see the peer (for the per-address limits) and the kill switch.
        let connection_info = ClientConnection { peer, switch };
        let router = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(connection_info.clone()));
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            // Errors here are the client's doing (reset, timeout, bad request line).
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }

    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_timeout) => {
            tracing::warn!(timeout_ms = limits.shutdown_timeout.as_millis() as u64, "connections still open at the shutdown deadline; closing them");
        }
    }
}
