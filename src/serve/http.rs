//! What the dev server answers: static files from the current snapshot with the live-reload
//! script added to HTML, the site's 404 page for unknown paths, the live-reload event stream,
//! and refusals for requests addressed to another host.

use super::connection::{Reply, Request, Response};
use super::host::AllowedHosts;
use super::inject::{self, EVENTS_PATH};
use super::state::State;
use std::sync::Arc;

/// The answer to `request`: requests for another host are refused (see [`AllowedHosts`]).
pub fn answer(request: &Request, state: &State, hosts: AllowedHosts) -> Reply {
    let response = match request.host.as_deref() {
        None => Response::text(400, "400 bad request: no Host header\n"),
        Some(host) if !hosts.allows(host) => Response::text(
            403,
            "403 forbidden: knead serve answers only requests for localhost, 127.0.0.1, [::1] \
             or the address it listens on\n",
        ),
        Some(_) if !matches!(request.method.as_str(), "GET" | "HEAD") => {
            Response::text(405, "405 only GET and HEAD are served\n").header("Allow", "GET, HEAD")
        }
        Some(_) if request.target.split('?').next() == Some(EVENTS_PATH) => {
            return match state.events().reserve() {
                Some(place) => Reply::TakeOver(Box::new(move |stream| place.serve(stream))),
                None => Reply::Respond(Response::text(
                    503,
                    "503 too many open live-reload streams: close some tabs of this site\n",
                )),
            };
        }
        Some(_) => file_answer(&request.target, state),
    };
    Reply::Respond(response)
}

/// How a request path maps onto the built files.
#[derive(Debug, PartialEq, Eq)]
pub enum UrlPath {
    File(String),
    /// `/services` when `/services/` exists: redirect, as static hosts do, always to a path on
    /// this server.
    Redirect(String),
    NotFound,
    /// `..`, encoded or not, backslashes, NUL or invalid UTF-8: never looked up.
    Refused,
}

/// Maps a URL path to a file key of the snapshot.
pub fn resolve(raw_path: &str, exists: impl Fn(&str) -> bool) -> UrlPath {
    let path = raw_path.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return UrlPath::Refused;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return UrlPath::Refused;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return UrlPath::Refused;
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
        UrlPath::File(key)
    } else if !decoded.ends_with('/') && exists(&format!("{joined}/index.html")) {
        // One leading slash only: `//about/` would send the browser to the host `about`.
        UrlPath::Redirect(format!("/{}/", path.trim_start_matches('/')))
    } else {
        UrlPath::NotFound
    }
}

/// A built file, a redirect or the 404 page, from the current snapshot.
fn file_answer(target: &str, state: &State) -> Response {
    let snapshot = state.snapshot();
    let error = snapshot.error.as_deref();
    let warnings = snapshot.warnings.as_deref();
    let files = &snapshot.files;
    match resolve(target, |key| files.contains_key(key)) {
        _ if files.is_empty() => file_response(inject::error_page(error.unwrap_or("no build yet")), "index.html", 500),
        UrlPath::File(key) => {
            let body = &files[key.as_str()];
            if is_html(&key) {
                file_response(inject::page(body, error, warnings), &key, 200)
            } else {
                file_response(Arc::clone(body), &key, 200)
            }
        }
        UrlPath::Redirect(location) => Response::new(301, Vec::new()).header("Location", location),
        UrlPath::NotFound => match files.get("404.html") {
            Some(page) => file_response(inject::page(page, error, warnings), "404.html", 404),
            None => file_response(b"404 not found".to_vec(), "404.txt", 404),
        },
        UrlPath::Refused => file_response(b"400 bad path".to_vec(), "400.txt", 400),
    }
}

fn file_response(body: impl Into<Arc<[u8]>>, key: &str, status: u16) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let textual = mime.type_() == "text" || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml" | "svg");
    let content_type = if textual && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    Response::new(status, body)
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-store")
}

fn is_html(key: &str) -> bool {
    key.ends_with(".html") || key.ends_with(".htm")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        matches!(key, "index.html" | "services/index.html" | "style.css" | "a b.txt")
    }

    #[test]
    fn paths_map_to_files_and_tricks_are_refused() {
        assert_eq!(resolve("/", site), UrlPath::File("index.html".into()));
        assert_eq!(
            resolve("/services/?x=1", site),
            UrlPath::File("services/index.html".into())
        );
        assert_eq!(resolve("/services", site), UrlPath::Redirect("/services/".into()));
        assert_eq!(resolve("//services", site), UrlPath::Redirect("/services/".into()));
        assert_eq!(resolve("///services?x", site), UrlPath::Redirect("/services/".into()));
        assert_eq!(resolve("/style.css", site), UrlPath::File("style.css".into()));
        assert_eq!(resolve("/a%20b.txt", site), UrlPath::File("a b.txt".into()));
        assert_eq!(resolve("/nope/", site), UrlPath::NotFound);
        for trick in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/services/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "/a%5c..%5cb",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(resolve(trick, site), UrlPath::Refused, "{trick}");
        }
    }
}
