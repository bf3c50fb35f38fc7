//! `knead serve` over plain HTTP, in-process: what it serves, what it refuses, what it leaves alone.

use crate::support::TestSite;
use knead::serve::{DevServer, MAX_CONNECTIONS, MAX_EVENT_STREAMS, MAX_REQUEST_HEAD, ServeEvent, ServeOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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

/// Sends `raw` on a new connection (a write the server cuts short is fine) and returns all that
/// comes back until the server closes the connection.
fn exchange(addr: SocketAddr, raw: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = stream.write_all(raw);
    read_until(&mut stream, None)
}

/// Reads until `needle` has arrived (`None`: until the connection ends) or nothing comes for 20 s.
fn read_until(stream: &mut TcpStream, needle: Option<&str>) -> String {
    let mut got = String::new();
    let mut buffer = [0; 4096];
    while needle.is_none_or(|needle| !got.contains(needle)) {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => got.push_str(&String::from_utf8_lossy(&buffer[..n])),
        }
    }
    got
}

fn status(response: &str) -> Option<u16> {
    response.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

fn request_for(host: &str, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
}

/// Opens a live-reload event stream: the connection and the status of the answer's head.
fn open_events(addr: SocketAddr) -> (TcpStream, Option<u16>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream
        .write_all(b"GET /__knead/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
        .unwrap();
    let head = read_until(&mut stream, Some("\r\n\r\n"));
    (stream, status(&head))
}

#[test]
fn an_oversized_request_head_is_refused_and_the_server_goes_on_serving() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    let line = "a".repeat(4 * MAX_REQUEST_HEAD);
    let response = exchange(
        server.addr(),
        format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {line}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status(&response), Some(431), "{response}");
    let (status, _, body) = get(server.addr(), "/services/stretch/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Assisted Stretching</h1>"), "{body}");
}

#[test]
fn connections_past_the_cap_get_503_until_others_close() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    let idle: Vec<TcpStream> = (0..MAX_CONNECTIONS)
        .map(|_| TcpStream::connect(server.addr()).unwrap())
        .collect();
    let refused = exchange(server.addr(), request_for("localhost", "/").as_bytes());
    assert_eq!(status(&refused), Some(503), "{refused}");
    drop(idle);
    // The idle connections' threads end once they see the connections closed.
    let served = (0..200)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(20));
            status(&exchange(server.addr(), request_for("localhost", "/").as_bytes()))
        })
        .find(|status| *status == Some(200));
    assert_eq!(served, Some(Some(200)));
}

#[test]
fn event_streams_past_the_cap_get_503_and_open_ones_still_reload() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    let mut open: Vec<TcpStream> = (0..MAX_EVENT_STREAMS)
        .map(|_| {
            let (stream, status) = open_events(server.addr());
            assert_eq!(status, Some(200));
            stream
        })
        .collect();
    let (_, refused) = open_events(server.addr());
    assert_eq!(refused, Some(503));
    let (status, _, _) = get(server.addr(), "/");
    assert_eq!(status, 200, "pages are still served");
    let page = site.root().join("content/services/stretch.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nOne more line.\n")).unwrap();
    for stream in &mut open {
        let events = read_until(stream, Some("data: reload"));
        assert!(events.contains("data: reload"), "{events}");
    }
}

#[test]
fn a_closed_event_stream_gives_its_place_back() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    let open_all = || -> Vec<TcpStream> {
        (0..MAX_EVENT_STREAMS)
            .filter_map(|_| match open_events(server.addr()) {
                (stream, Some(200)) => Some(stream),
                _ => None,
            })
            .collect()
    };
    let first = open_all();
    assert_eq!(first.len(), MAX_EVENT_STREAMS);
    drop(first);
    // Each stream's thread ends when it sees its client gone, which may take a moment: retry.
    let mut second = Vec::new();
    for _ in 0..100 {
        second.extend(open_all().into_iter().take(MAX_EVENT_STREAMS - second.len()));
        if second.len() == MAX_EVENT_STREAMS {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        second.len(),
        MAX_EVENT_STREAMS,
        "every closed stream's place was given back"
    );
    let (_, past_the_cap) = open_events(server.addr());
    assert_eq!(past_the_cap, Some(503));
}

#[test]
fn a_redirect_never_leaves_the_server() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    for path in ["//services", "///services", "//services?x=1", "/%2Fservices"] {
        let response = exchange(server.addr(), request_for("localhost", path).as_bytes());
        let location = response
            .lines()
            .find_map(|line| line.to_ascii_lowercase().strip_prefix("location: ").map(str::to_string));
        if let Some(location) = &location {
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{path}: {location}"
            );
        }
        assert_eq!(status(&response), Some(301), "{path}: {response}");
    }
}

#[test]
fn requests_for_another_host_are_refused() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    let port = server.addr().port();
    for host in [
        format!("attacker.example:{port}"),
        "attacker.example".to_string(),
        format!("localhost.attacker.example:{port}"),
        format!("192.168.1.5:{port}"),
    ] {
        for path in ["/", "/__knead/events"] {
            let response = exchange(server.addr(), request_for(&host, path).as_bytes());
            assert_eq!(status(&response), Some(403), "{host}{path}: {response}");
            assert!(!response.contains("<h1>"), "{response}");
        }
    }
    let no_host = exchange(server.addr(), b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&no_host), Some(400), "{no_host}");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("clinic.localhost:{port}"),
    ] {
        let response = exchange(server.addr(), request_for(&host, "/").as_bytes());
        assert_eq!(status(&response), Some(200), "{host}: {response}");
    }
}

#[test]
fn one_connection_carries_several_requests_and_head_sends_no_body() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    let requests = "GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n\
                    HEAD /services/stretch/ HTTP/1.1\r\nHost: localhost\r\n\r\n\
                    GET /services/stretch/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let responses = exchange(server.addr(), requests.as_bytes());
    let (_, _, page) = get(server.addr(), "/services/stretch/");
    let answers: Vec<&str> = responses.split("HTTP/1.1 200 OK\r\n").skip(1).collect();
    let [css_answer, head_answer, page_answer] = answers[..] else {
        panic!("three answers expected: {responses}");
    };
    assert!(css_answer.contains("Content-Type: text/css"), "{css_answer}");
    let length = format!("Content-Length: {}\r\n", page.len());
    assert!(
        head_answer.contains(&length) && head_answer.ends_with("\r\n\r\n"),
        "{head_answer}"
    );
    assert!(
        page_answer.contains(&length) && page_answer.ends_with(&page),
        "{page_answer}"
    );
}

/// Asks for `path` every 50 ms until `wanted` holds of the body, for up to 20 s.
fn wait_for(addr: SocketAddr, path: &str, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    for _ in 0..400 {
        let (_, _, body) = get(addr, path);
        if wanted(&body) {
            return body;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

/// The one element matching `selector` in `doc`.
#[track_caller]
fn one<'a>(doc: &'a scraper::Html, selector: &str) -> scraper::ElementRef<'a> {
    let found: Vec<_> = doc.select(&scraper::Selector::parse(selector).unwrap()).collect();
    assert_eq!(found.len(), 1, "{selector}: {}", doc.html());
    found[0]
}

fn text_of(element: scraper::ElementRef<'_>) -> String {
    element.text().collect()
}

/// A panel the server adds: an open `<dialog>` named by its title, closed by a labelled button
/// that a `<form method="dialog">` makes work without JavaScript. Returns the title and the
/// text of its `<pre>`.
#[track_caller]
fn panel(doc: &scraper::Html, id: &str, button_label: &str) -> (String, String) {
    let dialog = one(doc, &format!("dialog#{id}[open]"));
    let title_id = dialog.value().attr("aria-labelledby").unwrap();
    let title = text_of(one(doc, &format!("#{title_id}")));
    let buttons: Vec<_> = dialog
        .select(&scraper::Selector::parse("form[method=dialog] > button[type=submit]").unwrap())
        .collect();
    assert_eq!(buttons.len(), 1, "{}", dialog.html());
    assert_eq!(buttons[0].value().attr("aria-label"), Some(button_label));
    assert_eq!(text_of(buttons[0]), "Close");
    let pre: Vec<_> = dialog.select(&scraper::Selector::parse("pre").unwrap()).collect();
    (title, text_of(pre[0]))
}

#[test]
fn warnings_are_a_closable_panel_on_every_page_and_counted_in_the_terminal() {
    let site = TestSite::fixture("clinic-mini");
    let (server, events) = start(&site);
    let orphan = format!(
        "{}: warning: orphan page: no other page links to `/guides/sleep/`\n  \
         help: link to it from a related page, a section intro or the menu, so readers can find it",
        site.shown("content/guides/sleep.md")
    );
    for path in ["/services/stretch/", "/no/such/page/"] {
        let (_, _, body) = get(server.addr(), path);
        let doc = scraper::Html::parse_document(&body);
        let (title, text) = panel(&doc, knead::serve::WARNINGS_ID, "Close the warnings");
        assert_eq!(
            (title.as_str(), text.as_str()),
            ("knead: 1 warning", orphan.as_str()),
            "{path}"
        );
        assert!(
            doc.select(&scraper::Selector::parse("h1").unwrap()).count() == 1,
            "the page is all there"
        );
    }
    let built = events
        .lock()
        .unwrap()
        .iter()
        .find(|e| e.starts_with("Built"))
        .cloned()
        .unwrap();
    assert!(
        built.starts_with("Built { summary: \"built 5 pages, 3 sections, 22 files in ")
            && built.contains(" ms (1 warning)\""),
        "{built}"
    );

    // A second orphan: the panel counts two.
    let lonely = add_orphan_guide(&site);
    let body = wait_for(server.addr(), "/", "two warnings", |b| b.contains("knead: 2 warnings"));
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(
        panel(&doc, knead::serve::WARNINGS_ID, "Close the warnings").0,
        "knead: 2 warnings"
    );

    // No warnings, no panel.
    std::fs::remove_file(&lonely).unwrap();
    let stretch = site.root().join("content/services/stretch.md");
    let text = std::fs::read_to_string(&stretch).unwrap();
    std::fs::write(&stretch, format!("{text}\nSleep well: [sleep](@/guides/sleep.md).\n")).unwrap();
    let body = wait_for(server.addr(), "/services/stretch/", "the link to sleep", |b| {
        b.contains("Sleep well")
    });
    assert!(!body.contains("<dialog"), "{body}");
}

#[test]
fn a_failed_rebuild_is_a_closable_overlay_over_the_last_good_page() {
    let site = TestSite::fixture("clinic-mini");
    let (server, _) = start(&site);
    let stretch = site.root().join("content/services/stretch.md");
    let text = std::fs::read_to_string(&stretch).unwrap();
    std::fs::write(&stretch, text.replacen("title:", "titel:", 1)).unwrap();
    let body = wait_for(server.addr(), "/services/stretch/", "the overlay", |b| {
        b.contains("role=\"alertdialog\"")
    });
    let doc = scraper::Html::parse_document(&body);
    let (title, error) = panel(&doc, knead::serve::OVERLAY_ID, "Close the error message");
    assert_eq!(
        title,
        "knead: the last build failed. Under this message is the last good build of the page: close the \
         message to see it, fix the error and save to rebuild."
    );
    assert!(
        error.starts_with(&format!(
            "{}:2:1: error: unknown field `titel`",
            site.shown("content/services/stretch.md")
        )),
        "{error}"
    );
    let overlay = one(&doc, &format!("dialog#{}", knead::serve::OVERLAY_ID));
    assert_eq!(overlay.value().attr("role"), Some("alertdialog"));
    assert_eq!(
        one(&doc, "dialog[role=alertdialog] button").value().attr("autofocus"),
        Some(""),
        "Enter closes it at once"
    );
    assert_eq!(
        text_of(one(&doc, "h1")),
        "Assisted Stretching",
        "the last good page is under it"
    );
    assert_eq!(
        doc.select(&scraper::Selector::parse("dialog").unwrap()).count(),
        1,
        "no warnings panel: the error lists the warnings"
    );
}

/// Lines a child process has written so far, read on a thread of their own.
fn lines_of(pipe: impl std::io::Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    use std::io::BufRead;
    let lines = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
            seen.lock().unwrap().push(line);
        }
    });
    lines
}

/// Waits up to 20 s for `lines` to hold `n` lines, and returns them.
fn wait_for_lines(lines: &Mutex<Vec<String>>, n: usize) -> Vec<String> {
    for _ in 0..400 {
        if lines.lock().unwrap().len() >= n {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    lines.lock().unwrap().clone()
}

/// `rebuilt … in 3.1 ms (1 warning)` -> `rebuilt … in … ms (1 warning)`.
fn without_time(summary: &str) -> String {
    let (before, after) = summary.rsplit_once(" in ").unwrap();
    let (_, after) = after.split_once(" ms").unwrap();
    format!("{before} in … ms{after}")
}

#[test]
fn the_terminal_shows_the_warnings_again_when_they_change() {
    let site = TestSite::fixture("clinic-mini");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_knead"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines_of(child.stdout.take().unwrap());
    let stderr = lines_of(child.stderr.take().unwrap());
    let orphan = |path: &str| {
        [
            format!(
                "{}: warning: orphan page: no other page links to `/guides/{path}/`",
                site.shown(&format!("content/guides/{path}.md"))
            ),
            "  help: link to it from a related page, a section intro or the menu, so readers can find it".to_string(),
        ]
    };
    let out = wait_for_lines(&stdout, 2);
    assert_eq!(
        without_time(&out[0]),
        "built 5 pages, 3 sections, 22 files in … ms (1 warning)"
    );
    assert!(out[1].starts_with("serving http://127.0.0.1:"), "{out:?}");
    assert_eq!(wait_for_lines(&stderr, 2), orphan("sleep"));

    // The same warnings after an edit: only the summary.
    let stretch = site.root().join("content/services/stretch.md");
    let text = std::fs::read_to_string(&stretch).unwrap();
    std::fs::write(&stretch, format!("{text}\nOne more line.\n")).unwrap();
    let out = wait_for_lines(&stdout, 3);
    assert_eq!(
        without_time(&out[2]),
        "rebuilt services/stretch/index.html in … ms (1 warning)"
    );

    // Other warnings: all of them again.
    add_orphan_guide(&site);
    let out = wait_for_lines(&stdout, 4);
    assert!(out[3].ends_with(" ms (2 warnings)"), "{out:?}");
    let err = wait_for_lines(&stderr, 6);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(err[2..], [orphan("lonely"), orphan("sleep")].concat());
}

/// Writes `content/guides/lonely.md`, a guide no page links to: one more orphan-page warning.
/// Returns its path.
pub fn add_orphan_guide(site: &TestSite) -> std::path::PathBuf {
    let lonely = site.root().join("content/guides/lonely.md");
    std::fs::write(
        &lonely,
        "---\ntitle: Lonely\ndescription: \"A guide no other page links to, which makes it an orphan page.\"\n---\n\
         Nobody links here.\n",
    )
    .unwrap();
    lonely
}
