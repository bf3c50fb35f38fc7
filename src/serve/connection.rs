//! One HTTP/1.1 connection of the dev server: reads each request head (parsed by httparse) into
//! a buffer of at most [`MAX_HEAD`] bytes within [`HEAD_TIMEOUT`], answers it with the handler's
//! reply and keeps the connection for the next request when the client allows it. A head that
//! does not fit gets 431, one that does not parse 400, one that takes too long 408, and the
//! connection is closed. Request bodies are never read: a request that has one is answered and
//! its connection closed.

use memchr::memmem;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most a request line and its headers may take together. Browsers send 1-3 KiB (cookies
/// included); 16 KiB is the limit Node.js applies.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most header lines one request may have.
const MAX_HEADERS: usize = 64;
/// How long a client has to send a whole request head; also how long an idle kept-alive
/// connection stays open.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After an error answer, what is still read and dropped (so that the client sees the answer
/// rather than a connection reset) before the connection is closed regardless.
const LINGER_TIME: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;

/// A request head, as the handler sees it.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// The `Host` header, `None` when there is none (a request with two is answered 400
    /// before any handler sees it).
    pub host: Option<String>,
}

/// An answer with its whole body.
pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Arc<[u8]>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Arc<[u8]>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A short plain-text answer, for errors.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, text.as_bytes())
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("Cache-Control", "no-store")
    }

    /// Adds a header; a value with a control character (which would end the header line) is
    /// left out rather than sent.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        let value = value.into();
        if !value.bytes().any(|b| b.is_ascii_control()) {
            self.headers.push((name, value));
        }
        self
    }

    /// Writes status line, headers and (unless `head_only`) the body.
    pub fn write_to(&self, out: &mut impl Write, head_only: bool, keep_alive: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        head.push_str(if keep_alive {
            "\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// What the handler does with a request.
pub enum Reply {
    Respond(Response),
    /// The handler takes the connection over (an event stream that stays open): nothing more
    /// is read or written here.
    TakeOver(Box<dyn FnOnce(TcpStream) + Send>),
}

/// Serves requests on `stream` until the client closes it, stops sending, or a request means
/// the connection cannot be reused.
pub fn run(stream: TcpStream, handler: &(dyn Fn(&Request) -> Reply + Sync)) {
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let mut reader = HeadReader::new();
    loop {
        let head = match reader.next(&stream) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(refusal) => {
                if refusal.write_to(&mut &stream, false, false).is_ok() {
                    close_gently(&stream);
                }
                return;
            }
        };
        let head_only = head.request.method == "HEAD";
        match handler(&head.request) {
            Reply::Respond(response) => {
                if response.write_to(&mut &stream, head_only, head.keep_alive).is_err() || !head.keep_alive {
                    close_gently(&stream);
                    return;
                }
            }
            Reply::TakeOver(take) => return take(stream),
        }
    }
}

/// A request and whether its connection may carry another one.
struct Head {
    request: Request,
    keep_alive: bool,
}

/// Reads request heads into one fixed buffer; bytes after a head (a pipelined request) stay for
/// the next one. The buffer lives on the connection thread's stack: a heap block of this size
/// would make the allocator set up far more memory for each thread.
struct HeadReader {
    buffer: [u8; MAX_HEAD],
    filled: usize,
}

impl HeadReader {
    fn new() -> HeadReader {
        HeadReader {
            buffer: [0; MAX_HEAD],
            filled: 0,
        }
    }

    /// The next request head; `None` when the client closed the connection or sent nothing
    /// within [`HEAD_TIMEOUT`]; `Err` with the answer to send when the head is too large, does
    /// not parse or is not complete in time.
    fn next(&mut self, stream: &TcpStream) -> Result<Option<Head>, Response> {
        let deadline = Instant::now() + HEAD_TIMEOUT;
        // Only parse once an empty line (the end of a head) has arrived: a client sending a
        // byte at a time then costs one short search per read, not a parse of everything so far.
        let mut searched: usize = 0;
        loop {
            let fresh = &self.buffer[searched.saturating_sub(3)..self.filled];
            if (memmem::find(fresh, b"\n\r\n").is_some() || memmem::find(fresh, b"\n\n").is_some())
                && let Some(head) = self.parse()?
            {
                return Ok(Some(head));
            }
            searched = self.filled;
            if self.filled == self.buffer.len() {
                return Err(Response::text(431, "431 request header fields too large\n"));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
                return self.timed_out();
            }
            match (&*stream).read(&mut self.buffer[self.filled..]) {
                Ok(0) => return Ok(None),
                Ok(read) => self.filled += read,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return self.timed_out();
                }
                Err(_) => return Ok(None),
            }
        }
    }

    /// No head within [`HEAD_TIMEOUT`]: an idle connection just ends, a started head gets 408.
    fn timed_out(&self) -> Result<Option<Head>, Response> {
        if self.filled == 0 {
            Ok(None)
        } else {
            Err(Response::text(408, "408 request timeout\n"))
        }
    }

    /// The head at the start of the buffer, removed from it; `None` if it is not complete.
    fn parse(&mut self) -> Result<Option<Head>, Response> {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        let length = match parsed.parse(&self.buffer[..self.filled]) {
            Ok(httparse::Status::Complete(length)) => length,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(httparse::Error::TooManyHeaders) => {
                return Err(Response::text(431, "431 too many request header fields\n"));
            }
            Err(_) => return Err(Response::text(400, "400 bad request\n")),
        };
        let named = |name: &'static str| {
            parsed
                .headers
                .iter()
                .filter(move |h| h.name.eq_ignore_ascii_case(name))
                .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
        };
        let hosts: Vec<String> = named("Host").collect();
        if hosts.len() > 1 {
            return Err(Response::text(400, "400 more than one Host header\n"));
        }
        let has_body = named("Transfer-Encoding").next().is_some() || named("Content-Length").any(|n| n != "0");
        let close_asked = named("Connection").any(|v| v.split(',').any(|t| t.trim().eq_ignore_ascii_case("close")));
        let head = Head {
            request: Request {
                method: parsed.method.unwrap_or_default().to_string(),
                target: parsed.path.unwrap_or_default().to_string(),
                host: hosts.into_iter().next(),
            },
            keep_alive: parsed.version == Some(1) && !close_asked && !has_body,
        };
        self.buffer.copy_within(length..self.filled, 0);
        self.filled -= length;
        Ok(Some(head))
    }
}

/// Ends the connection after the last answer: stops writing, then reads and drops what the
/// client is still sending, for at most [`LINGER_TIME`] and [`LINGER_BYTES`], so that closing
/// does not reset the connection before the client has read the answer.
pub fn close_gently(stream: &TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER_TIME;
    let mut scratch = [0; 4096];
    let mut dropped = 0;
    while dropped < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match (&*stream).read(&mut scratch) {
            Ok(0) => return,
            Ok(read) => dropped += read,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}
