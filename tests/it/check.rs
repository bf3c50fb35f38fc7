//! `knead check` and the checks of the final HTML that `build` shares with it.

use crate::support::{TestSite, fixtures};
use assert_cmd::Command;
use std::io::{BufRead, BufReader, Write};

fn knead() -> Command {
    Command::cargo_bin("knead").unwrap()
}

fn run_check(site: &TestSite, extra: &[&str]) -> (i32, String, String) {
    let out = knead()
        .args(["check", "--root"])
        .arg(site.root())
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const GOOD_DESCRIPTION: &str = "description: \"A description long enough for search engines to show it in results.\"";

#[test]
fn check_passes_on_a_clean_site_and_writes_nothing() {
    let site = TestSite::fixture("clinic-mini");
    let (code, stdout, stderr) = run_check(&site, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("checked 5 pages: no errors"), "{stdout}");
    assert!(!site.public().exists());
    assert_eq!(
        walkdir::WalkDir::new(site.root()).into_iter().count(),
        walkdir::WalkDir::new(crate::support::fixtures().join("clinic-mini"))
            .into_iter()
            .count()
            + walkdir::WalkDir::new(crate::support::fixtures().join("probe-theme"))
                .into_iter()
                .count()
            + 1,
        "check must not create any file"
    );
}

#[test]
fn check_fails_on_seo_lints_that_build_only_warns_about() {
    let site = TestSite::fixture("links");
    let (code, _, stderr) = run_check(&site, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}:1:1: error: meta description is too short",
            site.shown("content/contact.md")
        )),
        "{stderr}"
    );
    site.build_ok();
}

#[test]
fn check_reports_every_broken_link_form_and_exits_1() {
    let site = TestSite::fixture("links");
    std::fs::copy(
        fixtures().join("links-broken/broken.md"),
        site.root().join("content/guides/broken.md"),
    )
    .unwrap();
    let (code, _, stderr) = run_check(&site, &[]);
    assert_eq!(code, 1);
    let lines: Vec<usize> = stderr
        .lines()
        .filter(|l| l.contains(": error: link to"))
        .filter_map(|l| l.strip_prefix(&format!("{}:", site.shown("content/guides/broken.md"))))
        .map(|rest| rest.split(':').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(
        lines,
        (4..=12).collect::<Vec<_>>(),
        "one error per broken line:\n{stderr}"
    );
}

#[test]
fn github_format_prints_annotations() {
    let site = TestSite::fixture("clinic-mini").page(
        "x.md",
        &format!("title: X\n{GOOD_DESCRIPTION}"),
        "Go [nowhere](@/nope.md).",
    );
    let (code, stdout, _) = run_check(&site, &["--format", "github"]);
    assert_eq!(code, 1);
    let file = site.shown("content/x.md");
    assert!(
        stdout.contains(&format!(
            "::error file={file},line=5,col=4::link to `@/nope.md`: no such page"
        )),
        "{stdout}"
    );
}

#[test]
fn links_written_by_templates_are_checked_in_the_final_html() {
    let site = TestSite::new().file(
        "themes/probe/templates/404.html",
        "<a href=\"/no-such-page/\">x</a> <a href=\"/#missing-id\">y</a> <a href=\"/\">ok</a>",
    );
    let errors: Vec<String> = site
        .error_lines()
        .into_iter()
        .filter(|e| e.contains(": error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "the 404 page: error: rendered page `404.html` (line 1:10) links to `/no-such-page/`: no page or file at this URL",
            "the 404 page: error: rendered page `404.html` (line 1:41) links to `/#missing-id`: no element with id `missing-id` on that page",
        ]
    );
}

#[test]
fn seo_lints_warn_in_build_fail_in_check_and_with_strict() {
    let site = TestSite::new()
        .page("a.md", "title: Same\ndescription: Too short.", "")
        .page("b.md", &format!("title: Same\n{GOOD_DESCRIPTION}"), "[a](@/a.md)");
    let report = site.build_ok();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    let a = site.shown("content/a.md");
    let b = site.shown("content/b.md");
    assert!(
        warnings.iter().any(|w| w.starts_with(&format!(
            "{a}:3:1: warning: meta description is too short (10 characters, at least 50)"
        ))),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with(&format!(
            "{b}:2:1: warning: title \"Same | Test Clinic\" is also the title of {a}"
        ))),
        "{warnings:?}"
    );
    let out = knead().args(["build", "--root"]).arg(site.root()).output().unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("warnings, -v shows them)")
    );
    let strict = site.with(|o| o.strict = true);
    assert!(
        strict
            .errors()
            .iter()
            .any(|e| e.contains("meta description is too short"))
    );
    let (code, _, stderr) = run_check(&strict, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error: meta description is too short"), "{stderr}");
}

#[test]
fn orphan_pages_are_reported_as_warnings() {
    let site = TestSite::fixture("clinic-mini").page("lonely.md", &format!("title: Lonely\n{GOOD_DESCRIPTION}"), "");
    let (code, _, stderr) = run_check(&site, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{}: warning: orphan page: no other page links to `/lonely/`",
            site.shown("content/lonely.md")
        )),
        "{stderr}"
    );
}

/// A tiny HTTP server on 127.0.0.1 that answers by path, for `--external`.
fn serve_statuses() -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        // Never hang the test run: give up after 20 s if knead sends fewer requests than expected.
        listener.set_nonblocking(true).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while seen.len() < 3 && std::time::Instant::now() < deadline {
            let mut stream = match listener.accept() {
                Ok((stream, _)) => stream,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                    continue;
                }
                Err(e) => panic!("{e}"),
            };
            stream.set_nonblocking(false).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut header = String::new();
            let mut agent = String::new();
            while reader.read_line(&mut header).unwrap() > 2 {
                if header.to_ascii_lowercase().starts_with("user-agent:") {
                    agent = header.trim().to_string();
                }
                header.clear();
            }
            seen.push(format!("{} {agent}", request_line.trim()));
            let response = if request_line.contains("/ok") {
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            } else if request_line.contains("/moved") {
                "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string()
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            };
            stream.write_all(response.as_bytes()).unwrap();
        }
        seen
    });
    (base, handle)
}

#[test]
fn external_links_are_checked_only_on_request() {
    let (base, server) = serve_statuses();
    let body = format!("[a]({base}/ok) [b]({base}/moved) [c]({base}/gone) [d](@/services/deep-tissue.md)");
    let site = TestSite::fixture("clinic-mini").page("ext.md", &format!("title: Ext\n{GOOD_DESCRIPTION}"), &body);
    site.build_ok();
    let (code, _, stderr) = run_check(&site, &["--external", "--timeout", "5"]);
    let requests = server.join().unwrap();
    assert_eq!(code, 1, "{stderr}");
    let file = site.shown("content/ext.md");
    assert!(
        stderr.contains(&format!(
            "{file}: error: external link `{base}/gone` is broken: the server answered 404"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}: warning: external link `{base}/moved` redirects (301) to `/ok`"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains(&format!("`{base}/ok`")), "{stderr}");
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.starts_with("HEAD ") && r.contains("knead-link-check/")),
        "{requests:?}"
    );
}
