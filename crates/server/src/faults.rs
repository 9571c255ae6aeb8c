//! Fault injection for reliability tests (only with `--fault-injection`):
//! per request with the `X-Fault` header, or for randomized runs with counters
//! set through `POST /_faults`. Also the stream that makes "drop the
//! connection after commit" possible: each connection carries a kill switch a
//! handler can flip, after which the socket refuses to write the response and
//! the connection is closed.

use serde::{Deserialize, Serialize};
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// What `X-Fault` asks for, e.g. `X-Fault: delay=200, drop-after-commit`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestFaults {
    pub fail_500: bool,
    pub delay_ms: u64,
    pub drop_after_commit: bool,
}

impl RequestFaults {
    pub fn parse(header: &str) -> Self {
        let mut faults = Self::default();
        for part in header.split(',').map(str::trim) {
            match part.split_once('=') {
                Some(("delay", ms)) => faults.delay_ms = ms.trim().parse().unwrap_or(0),
                _ if part == "fail-500" => faults.fail_500 = true,
                _ if part == "drop-after-commit" => faults.drop_after_commit = true,
                _ => {}
            }
        }
        faults
    }
}

/// The settings of `POST /_faults`; 0 (or absent) turns a fault off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct FaultSettings {
    /// Every N-th API request fails with 500 before doing anything.
    pub fail500_every_nth: u64,
    /// Each API request waits a random 0..=M milliseconds first.
    pub delay_ms: u64,
    /// Every K-th committed submission closes its connection without an answer.
    pub drop_after_commit_every_nth: u64,
}

#[derive(Default)]
pub struct FaultInjector {
    settings: Mutex<FaultSettings>,
    requests: AtomicU64,
    commits: AtomicU64,
}

impl FaultInjector {
    pub fn settings(&self) -> FaultSettings {
        *self.settings.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn configure(&self, settings: FaultSettings) {
        *self.settings.lock().unwrap_or_else(|e| e.into_inner()) = settings;
        self.requests.store(0, Ordering::SeqCst);
        self.commits.store(0, Ordering::SeqCst);
    }

    /// The faults for one incoming API request: its header plus the counters.
    pub fn for_request(&self, header: Option<&str>) -> RequestFaults {
        let mut faults = header.map(RequestFaults::parse).unwrap_or_default();
        let settings = self.settings();
        let n = self.requests.fetch_add(1, Ordering::SeqCst) + 1;
        if settings.fail500_every_nth > 0 && n.is_multiple_of(settings.fail500_every_nth) {
            faults.fail_500 = true;
        }
        if settings.delay_ms > 0 {
            use rand::Rng;
            faults.delay_ms = faults.delay_ms.max(rand::rng().random_range(0..=settings.delay_ms));
        }
        faults
    }

    /// Called once per committed submission: drop its response?
    pub fn drop_this_commit(&self, requested: bool) -> bool {
        let every = self.settings().drop_after_commit_every_nth;
        let k = self.commits.fetch_add(1, Ordering::SeqCst) + 1;
        requested || (every > 0 && k.is_multiple_of(every))
    }
}

/// Per-connection switch: once flipped, the connection closes without writing.
#[derive(Clone, Default)]
pub struct KillSwitch(Arc<AtomicBool>);

impl KillSwitch {
    pub fn kill(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    fn is_killed(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A TCP stream whose writes fail once its kill switch is flipped, which makes
/// hyper abandon the connection (closing the socket) instead of answering.
pub struct KillableStream {
    inner: TcpStream,
    switch: KillSwitch,
}

impl KillableStream {
    pub fn new(inner: TcpStream, switch: KillSwitch) -> Self {
        Self { inner, switch }
    }
}

fn killed() -> io::Error {
    io::Error::new(io::ErrorKind::ConnectionAborted, "connection dropped by fault injection")
}

impl AsyncRead for KillableStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[io::IoSlice<'_>]) -> Poll<io::Result<usize>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.switch.is_killed() {
            return Poll::Ready(Err(killed()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// What a handler knows about its connection: the peer's address (for the
/// per-address limits) and the connection's kill switch.
#[derive(Clone)]
pub struct ClientConnection {
    pub peer: std::net::SocketAddr,
    pub switch: KillSwitch,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_parsing() {
        assert_eq!(RequestFaults::parse("fail-500"), RequestFaults { fail_500: true, ..Default::default() });
        assert_eq!(
            RequestFaults::parse("delay=250, drop-after-commit"),
            RequestFaults { delay_ms: 250, drop_after_commit: true, ..Default::default() }
        );
        assert_eq!(RequestFaults::parse("nonsense"), RequestFaults::default());
    }

    #[test]
    fn counters_pick_every_nth() {
        let faults = FaultInjector::default();
        faults.configure(FaultSettings { fail500_every_nth: 3, drop_after_commit_every_nth: 2, delay_ms: 0 });
        let fails: Vec<bool> = (0..6).map(|_| faults.for_request(None).fail_500).collect();
        assert_eq!(fails, [false, false, true, false, false, true]);
        let drops: Vec<bool> = (0..4).map(|_| faults.drop_this_commit(false)).collect();
        assert_eq!(drops, [false, true, false, true]);
    }
}
