//! The HTTP side: static files from the current snapshot with the live-reload script added to
//! HTML, the site's 404 page for unknown paths, and the server-sent events stream.

use super::inject::{self, EVENTS_PATH};
use super::state::State;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// Answers requests until the server is dropped; each request gets its own thread, since event
/// streams stay open for as long as the tab.
pub fn serve(server: tiny_http::Server, state: Arc<State>) {
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || respond(request, &state));
    }
}

/// How a request path maps onto the built files.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(String),
    /// `/services` when `/services/` exists: redirect, as static hosts do.
    Redirect(String),
    NotFound,
    /// `..`, encoded or not, backslashes, NUL or invalid UTF-8: never looked up.
    Refused,
}

/// Maps a URL path to a file key of the snapshot.
pub fn resolve(raw_path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let path = raw_path.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Resolved::Refused;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Resolved::Refused;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Resolved::Refused;
    }
    let joined = segments.join("/");
    let key = if decoded.ends_with('/') {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined.clone()
    };
    if exists(&key) {
        Resolved::File(key)
    } else if !decoded.ends_with('/') && exists(&format!("{joined}/index.html")) {
        Resolved::Redirect(format!("{path}/"))
    } else {
        Resolved::NotFound
    }
}

fn respond(request: Request, state: &State) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::from_string("only GET and HEAD are served").with_status_code(405));
        return;
    }
    if request.url().split('?').next() == Some(EVENTS_PATH) {
        stream_events(request, state);
        return;
    }
    let snapshot = state.snapshot();
    let error = snapshot.error.as_deref();
    let files = &snapshot.files;
    let response = match resolve(request.url(), |key| files.contains_key(key)) {
        _ if files.is_empty() => file_response(inject::error_page(error.unwrap_or("no build yet")), "index.html", 500),
        Resolved::File(key) => {
            let body = &files[key.as_str()];
            let body = if is_html(&key) {
                inject::page(body, error)
            } else {
                body.to_vec()
            };
            file_response(body, &key, 200)
        }
        Resolved::Redirect(location) => with_header(
            Response::from_data(Vec::new()).with_status_code(301),
            "Location",
            &location,
        ),
        Resolved::NotFound => match files.get("404.html") {
            Some(page) => file_response(inject::page(page, error), "404.html", 404),
            None => file_response(b"404 not found".to_vec(), "404.txt", 404),
        },
        Resolved::Refused => file_response(b"400 bad path".to_vec(), "400.txt", 400),
    };
    let _ = request.respond(response);
}

fn file_response(body: Vec<u8>, key: &str, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let textual = mime.type_() == "text" || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml" | "svg");
    let content_type = if textual && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let response = Response::from_data(body).with_status_code(status);
    with_header(
        with_header(response, "Content-Type", &content_type),
        "Cache-Control",
        "no-store",
    )
}

fn is_html(key: &str) -> bool {
    key.ends_with(".html") || key.ends_with(".htm")
}

/// Adds a header; values are ASCII we wrote or a request's own path, and one that is not a valid
/// header value is left out rather than failing the response.
fn with_header<R: std::io::Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// Server-sent events: `reload` after every build, a comment every 15 s so closed tabs are noticed.
fn stream_events(request: Request, state: &State) {
    let builds = state.subscribe();
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: keep-alive\r\n\r\nretry: 300\n\n";
    if out.write_all(head.as_bytes()).and_then(|()| out.flush()).is_err() {
        return;
    }
    loop {
        let message: &[u8] = match builds.recv_timeout(Duration::from_secs(15)) {
            Ok(()) => b"data: reload\n\n",
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => b": keep-alive\n\n",
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if out.write_all(message).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        matches!(key, "index.html" | "services/index.html" | "style.css" | "a b.txt")
    }

    #[test]
    fn paths_map_to_files_and_tricks_are_refused() {
        assert_eq!(resolve("/", site), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/services/?x=1", site),
            Resolved::File("services/index.html".into())
        );
        assert_eq!(resolve("/services", site), Resolved::Redirect("/services/".into()));
        assert_eq!(resolve("/style.css", site), Resolved::File("style.css".into()));
        assert_eq!(resolve("/a%20b.txt", site), Resolved::File("a b.txt".into()));
        assert_eq!(resolve("/nope/", site), Resolved::NotFound);
        for trick in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/services/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "/a%5c..%5cb",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(resolve(trick, site), Resolved::Refused, "{trick}");
        }
    }
}
