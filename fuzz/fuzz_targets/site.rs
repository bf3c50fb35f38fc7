//! Fuzzes a whole site through the library's load, render and check path, as `knead build` and
//! `knead check` run it, with the output kept in memory.
//!
//! An input is up to six files separated by NUL bytes, in the order of [`FILES`]: `site.yaml`
//! first, then the home page, a section, two of its pages (one a bundle) and a top-level page.
//! A missing part leaves its file out; parts past the sixth are ignored. docs/fuzzing.md says
//! how to run it and how to turn an input back into a site.
//!
//! Asserted for every input: no panic. For an input that renders: every output path stays inside
//! the output directory, every XML file (feeds, sitemap) is well-formed XML, and every page
//! carries no raw C0 control character and only JSON-LD that parses.

#![no_main]

use knead::config::BuildOptions;
use knead::diagnostics::{Failure, github_annotation};
use knead::sink::MemorySink;
use knead::{Strictness, load_site, render_and_check, timing::Phases};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where each NUL-separated part of an input is written, under the site root.
const FILES: [&str; 6] = [
    "site.yaml",
    "content/_index.md",
    "content/guides/_index.md",
    "content/guides/a.md",
    "content/guides/b/index.md",
    "content/about.md",
];

/// The site of the case being run, removed by the panic hook: a crash aborts the process
/// before the temporary directory's own clean-up could run.
static CURRENT_SITE: Mutex<Option<PathBuf>> = Mutex::new(None);

fuzz_target!(
    init: {
        // One thread: the fuzzer runs one case at a time, and a second core is better spent
        // on a second fuzzer process (`-jobs=2`) than on waking rayon's workers for tiny sites.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
        // libFuzzer's hook aborts; the site is removed first.
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Some(site) = CURRENT_SITE.lock().ok().and_then(|mut s| s.take()) {
                let _ = std::fs::remove_dir_all(site);
            }
            abort(info);
        }));
    },
    |data: &[u8]| run(data)
);

fn run(data: &[u8]) {
    // In memory where the system has a RAM file system: creating files there is cheaper.
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let Ok(dir) = tempfile::Builder::new().prefix("knead-fuzz-").tempdir_in(base) else {
        return;
    };
    if let Ok(mut current) = CURRENT_SITE.lock() {
        *current = Some(dir.path().to_path_buf());
    }
    for (part, path) in data.split(|&b| b == 0).zip(FILES) {
        let full = dir.path().join(path);
        let written = full
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&full, part));
        if written.is_err() {
            return;
        }
    }
    let mut options = BuildOptions::new(dir.path());
    // A fixed day, so an input renders the same pages whenever it is replayed.
    options.today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
    match render_site(&options) {
        Ok(files) => check_output(&files),
        Err(failure) => print_failure(&failure),
    }
}

type Files = std::collections::BTreeMap<String, Vec<u8>>;

/// Loads and renders the site into memory, with SEO lints as warnings (as `knead build` does), so
/// that more inputs reach a finished output.
fn render_site(options: &BuildOptions) -> Result<Files, Failure> {
    let (site, theme) = load_site(options)?;
    let sink = MemorySink::default();
    render_and_check(&site, &theme, Some(&sink), Strictness::default(), &mut Phases::default())?;
    Ok(sink.into_files())
}

/// Formats every diagnostic both ways `knead` prints them: printing must not panic either.
fn print_failure(failure: &Failure) {
    let printed = failure.to_string();
    assert!(
        printed.contains("problem"),
        "a failure's report ends with its count: {printed}"
    );
    for d in &failure.diagnostics {
        let _ = github_annotation(d);
    }
}

fn check_output(files: &Files) {
    for (path, bytes) in files {
        assert!(stays_inside(path), "output path {path:?} leaves the output directory");
        if path.ends_with(".xml") {
            let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"));
            if let Err(e) = roxmltree::Document::parse(text) {
                panic!("{path} is not well-formed XML: {e}\n{text}");
            }
        }
        if path.ends_with(".html") {
            if let Some(at) = bytes.iter().position(|&b| is_raw_control(b)) {
                panic!("{path} carries the raw control byte {:#04x} at {at}", bytes[at]);
            }
            check_json_ld(path, &String::from_utf8_lossy(bytes));
        }
    }
}

/// Every JSON-LD block in a page's `<head>` (where the theme writes it; raw HTML in a body is
/// the site's own) parses as JSON up to the first `</script>`: nothing from the content closes
/// the script early or breaks its syntax.
fn check_json_ld(path: &str, html: &str) {
    let mut rest = html.split("</head>").next().unwrap_or(html);
    while let Some(at) = rest.find("application/ld+json") {
        rest = &rest[at..];
        let Some(start) = rest.find('>') else {
            panic!("{path}: a JSON-LD script tag is not closed");
        };
        let Some(end) = rest.find("</script>") else {
            panic!("{path}: a JSON-LD script is not closed");
        };
        let json = &rest[start + 1..end];
        if let Err(e) = serde_json::from_str::<serde_json::Value>(json) {
            panic!("{path}: JSON-LD does not parse: {e}\n{json}");
        }
        rest = &rest[end..];
    }
}

/// A relative path of normal segments: joined to the output directory, it names a file in it.
fn stays_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// C0 controls other than tab, line feed and carriage return, and DEL: invalid in XML 1.0 and
/// meaningless in HTML text.
fn is_raw_control(byte: u8) -> bool {
    (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')) || byte == 0x7f
}
