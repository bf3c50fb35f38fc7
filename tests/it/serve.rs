//! `knead serve` over plain HTTP, in-process: what it serves, what it refuses, what it leaves alone.

use crate::support::TestSite;
use knead::serve::{DevServer, ServeEvent, ServeOptions};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

fn start(site: &TestSite) -> (DevServer, Arc<Mutex<Vec<String>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let options = ServeOptions {
        build: site.options.clone(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        write_output: false,
    };
    let server = DevServer::start(
        options,
        Arc::new(move |event: ServeEvent| seen.lock().unwrap().push(format!("{event:?}"))),
    )
    .unwrap();
    (server, events)
}

/// Sends `GET path` exactly as written; returns status, lower-cased head and body.
fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let response = crate::support::http_get(addr, path);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_string())
}

#[test]
fn serves_pages_with_content_types_and_the_reload_script() {
    let site = TestSite::fixture("clinic-mini");
    let (server, events) = start(&site);
    let (status, head, body) = get(server.addr(), "/services/stretch/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("<h1>Assisted Stretching</h1>"), "{body}");
    assert!(body.contains("new EventSource(\"/__knead/events\")"));
    let (status, head, _) = get(server.addr(), "/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (status, head, _) = get(server.addr(), "/guides/foam-rolling/roller.svg");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/svg+xml"), "{head}");
    let (status, head, _) = get(server.addr(), "/services");
    assert_eq!(status, 301);
    assert!(head.contains("location: /services/"), "{head}");
    let canonical = format!(
        "<link rel=\"canonical\" href=\"http://{}/services/stretch/\">",
        server.addr()
    );
    assert!(body.contains(&canonical), "links point at the server, not at base_url");
    assert!(events.lock().unwrap().iter().any(|e| e.starts_with("Built")));
    assert!(
        !site.public().exists(),
        "serve writes nothing to public/ unless --output says so"
    );
}

#[test]
fn unknown_paths_get_the_404_page_and_path_tricks_are_refused() {
    let site = TestSite::fixture("clinic-mini").file("secret.txt", "outside the output");
    let (server, _) = start(&site);
    let (status, head, body) = get(server.addr(), "/no/such/page/");
    assert_eq!(status, 404);
    assert!(head.contains("text/html"));
    assert!(body.contains("Page not found"), "{body}");
    for trick in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/guides/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
    ] {
        let (status, _, body) = get(server.addr(), trick);
        assert_eq!(status, 400, "{trick}");
        assert!(!body.contains("outside the output"), "{trick}");
    }
}

#[test]
fn a_failed_first_build_is_served_as_an_error_page() {
    let site = TestSite::fixture("clinic-mini").page("bad.md", "titel: Bad", "");
    let (server, events) = start(&site);
    let (status, _, body) = get(server.addr(), "/");
    assert_eq!(status, 500);
    assert!(body.contains("id=\"knead-error-overlay\""), "{body}");
    assert!(body.contains("bad.md:2:1: error: unknown field `titel`"), "{body}");
    assert!(events.lock().unwrap().iter().any(|e| e.starts_with("Failed")));
}
