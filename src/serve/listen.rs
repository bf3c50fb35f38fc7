//! Accepts connections, each served on its own thread, at most [`MAX_CONNECTIONS`] at once (event
//! streams included): past that a connection gets a fixed 503 answer and is closed, so a flood
//! of clients costs neither threads nor memory beyond the cap.

use super::connection::{self, Reply, Request, Response};
use std::io::Read;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Open connections served at once. A browser opens at most six per site plus one event stream
/// per tab, and idle connections close after a few seconds.
pub const MAX_CONNECTIONS: usize = 128;

/// Serves connections until the listener fails for good.
pub fn serve(listener: TcpListener, handler: Arc<dyn Fn(&Request) -> Reply + Send + Sync>) {
    let open = Arc::new(AtomicUsize::new(0));
    for incoming in listener.incoming() {
        let Ok(stream) = incoming else {
            // Out of file descriptors, say: wait for connections to close rather than spin.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let Some(permit) = Permit::take(&open) else {
            refuse(&stream);
            continue;
        };
        let handler = Arc::clone(&handler);
        // A thread that cannot be started drops its connection, and the permit with it.
        let _ = std::thread::Builder::new()
            .name("knead-http".to_string())
            .spawn(move || {
                let _permit = permit;
                connection::run(stream, &*handler);
            });
    }
}

/// One of the [`MAX_CONNECTIONS`] places, given back when dropped.
struct Permit(Arc<AtomicUsize>);

impl Permit {
    fn take(open: &Arc<AtomicUsize>) -> Option<Permit> {
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_CONNECTIONS).then_some(n + 1)
        })
        .ok()
        .map(|_| Permit(Arc::clone(open)))
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers 503 on the accepting thread without ever waiting on the client: the answer fits an
/// empty send buffer, and only what has already arrived (up to 64 KiB) is read and dropped
/// before closing, so that the client sees the answer rather than a reset.
fn refuse(stream: &TcpStream) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let busy = Response::text(503, "503 knead serve: too many connections\n").header("Retry-After", "1");
    let _ = busy.write_to(&mut &*stream, false, false);
    let _ = stream.shutdown(Shutdown::Write);
    let mut scratch = [0; 4096];
    for _ in 0..16 {
        if !matches!((&*stream).read(&mut scratch), Ok(n) if n > 0) {
            break;
        }
    }
}
