//! Live-reload event streams (server-sent events), one per open tab: at most
//! [`MAX_EVENT_STREAMS`] at once, `reload` written to every one after each build. A stream's
//! thread waits on its socket, so it ends as soon as the client closes the connection; a client
//! that vanishes without closing is noticed when the keep-alive comment written every
//! [`KEEP_ALIVE`] cannot be delivered.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Open event streams at once; a browser holds one per tab of the site. Past this a new stream
/// is refused (its tab just does not reload by itself) and the open ones keep working.
pub const MAX_EVENT_STREAMS: usize = 64;
/// Quiet time after which a comment is written, so that a vanished client is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long writing an event may wait for a client that does not read; past it the stream is
/// closed, so a stuck client cannot hold up the others.
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

const HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
Connection: keep-alive\r\n\r\nretry: 300\n\n";
const RELOAD: &[u8] = b"data: reload\n\n";
const COMMENT: &[u8] = b": keep-alive\n\n";

/// The open streams, shared between their threads and the builds that notify them.
#[derive(Default, Clone)]
pub struct EventStreams {
    registry: Arc<Mutex<Registry>>,
}

#[derive(Default)]
struct Registry {
    next_id: u64,
    /// Places taken, including streams not yet open.
    taken: usize,
    /// Write halves of the open streams, by place.
    open: Vec<(u64, TcpStream)>,
}

impl EventStreams {
    /// A place for one more stream; `None` when [`MAX_EVENT_STREAMS`] are taken.
    pub fn reserve(&self) -> Option<Place> {
        let mut registry = self.lock();
        if registry.taken >= MAX_EVENT_STREAMS {
            return None;
        }
        registry.taken += 1;
        registry.next_id += 1;
        Some(Place {
            streams: self.clone(),
            id: registry.next_id,
        })
    }

    /// Tells every open stream to reload; one that cannot take it is closed, which ends its
    /// thread.
    pub fn reload_all(&self) {
        self.lock().open.retain(|(_, stream)| {
            let delivered = send(stream, RELOAD);
            if !delivered {
                let _ = stream.shutdown(Shutdown::Both);
            }
            delivered
        });
    }

    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One stream's place, given back (and the stream forgotten) when dropped.
pub struct Place {
    streams: EventStreams,
    id: u64,
}

impl Place {
    /// Serves the event stream on `stream` until the client goes away.
    pub fn serve(self, stream: TcpStream) {
        let Ok(writer) = stream.try_clone() else {
            return;
        };
        if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() || stream.set_read_timeout(Some(KEEP_ALIVE)).is_err()
        {
            return;
        }
        {
            // The head goes out under the lock, so that it precedes any reload.
            let mut registry = self.streams.lock();
            if !send(&stream, HEAD) {
                return;
            }
            registry.open.push((self.id, writer));
        }
        // An event-stream client sends nothing more: reading only waits for it to close.
        let mut scratch = [0; 512];
        loop {
            match (&stream).read(&mut scratch) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    let _registry = self.streams.lock();
                    if !send(&stream, COMMENT) {
                        return;
                    }
                }
                Err(_) => return,
            }
        }
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut registry = self.streams.lock();
        registry.taken -= 1;
        registry.open.retain(|(id, _)| *id != self.id);
    }
}

fn send(mut stream: &TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).and_then(|()| stream.flush()).is_ok()
}
