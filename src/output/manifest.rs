//! The files a build wrote, each with a hash of its bytes, listed in the output's marker file.
//! The next build reads the list to tell which of the previous output's files it would write
//! again unchanged without reading them back: comparing every file byte for byte was about 5%
//! of a rebuild of a large site (see [`super::reuse`], which decides when the list is trusted).
//!
//! The list holds only paths and hashes of bytes, so the same input still gives byte-identical
//! output. It ends with a line giving its length when it names every file the build wrote: only
//! then may the next build update the output in place (see [`super::update`]), since a file
//! missing from the list would be left behind there.

use rustc_hash::FxHashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The hash of a file's bytes: XXH3, 128 bits (fast enough to hash every page of a build for
/// under 1% of its time; its 128 bits make an accidental match of different bytes negligible).
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// What the marker says after its first line: a blank line, an explanation, then one line per file.
const HEADER: &str = "\nFiles this build wrote, each after a hash of its bytes (XXH3-128), so that the next build can\ntell which of them it would write again unchanged:\n\n";

/// The files written so far; filled from every thread.
#[derive(Default)]
pub struct Manifest {
    files: Mutex<Vec<(String, u128)>>,
    /// Set when a written file cannot be listed: the list is then not complete.
    unlisted: AtomicBool,
}

impl Manifest {
    /// Records that `path` was written with bytes of hash `hash`. A path with a line break
    /// cannot be listed and is left out (the next build then compares that file's bytes).
    pub fn record(&self, path: &str, hash: u128) {
        if path.contains(['\n', '\r']) {
            self.unlisted.store(true, Ordering::Relaxed);
            return;
        }
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.push((path.to_string(), hash));
    }

    /// The paths written so far, each once, in path order.
    pub fn paths(&self) -> Vec<String> {
        let files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut paths: Vec<String> = files.iter().map(|(path, _)| path.clone()).collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }

    /// The marker file's text: `intro` (its first line), then the files in path order, then
    /// their count when the list is complete.
    pub fn marker_text(&self, intro: &str) -> String {
        use std::fmt::Write;
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_unstable();
        files.dedup();
        let mut text = String::with_capacity(intro.len() + HEADER.len() + files.len() * 80);
        text.push_str(intro);
        text.push_str(HEADER);
        let mut listed = 0;
        let mut complete = !self.unlisted.load(Ordering::Relaxed);
        for (i, (path, hash)) in files.iter().enumerate() {
            // A path written twice with different bytes is left out: which came last is unknown.
            let same_path = |j: usize| files.get(j).is_some_and(|(other, _)| other == path);
            if same_path(i + 1) || i.checked_sub(1).is_some_and(same_path) {
                complete = false;
                continue;
            }
            let _ = writeln!(text, "{hash:032x} {path}");
            listed += 1;
        }
        if complete {
            let _ = writeln!(text, "{END}{listed}");
        }
        text
    }
}

/// How the last line of a complete list starts; the number of files listed follows.
const END: &str = "end of the list, files listed: ";

/// Whether `marker` ends with the line that says its list is complete, and its count is right
/// (a marker cut short by a crash has no such line).
pub fn is_complete(marker: &str) -> bool {
    let Some(count) = marker.lines().last().and_then(|line| line.strip_prefix(END)) else {
        return false;
    };
    count
        .parse::<usize>()
        .is_ok_and(|count| count == entries(marker).count())
}

/// The files a marker lists, with their hashes; anything that is not a well-formed line is
/// skipped (a marker written by an older knead lists nothing, and every file is then compared).
pub fn entries(marker: &str) -> impl Iterator<Item = (&str, u128)> {
    marker.lines().filter_map(|line| {
        let (hash, path) = line.split_once(' ')?;
        if hash.len() != 32 || path.is_empty() {
            return None;
        }
        Some((path, u128::from_str_radix(hash, 16).ok()?))
    })
}

/// [`entries`], by path.
pub fn parse(marker: &str) -> FxHashMap<&str, u128> {
    entries(marker).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_lists_each_file_once_in_path_order_and_reads_back() {
        let manifest = Manifest::default();
        manifest.record("b/index.html", hash(b"bee"));
        manifest.record("a.html", hash(b"a"));
        manifest.record("bad\nname.html", hash(b"x"));
        manifest.record("a.html", hash(b"a"));
        manifest.record("twice.html", hash(b"one"));
        manifest.record("twice.html", hash(b"two"));
        let text = manifest.marker_text("Intro line.\n");
        assert!(text.starts_with("Intro line.\n\n"), "{text}");
        let listed: Vec<&str> = text
            .lines()
            .filter(|l| {
                l.split_once(' ')
                    .is_some_and(|(h, _)| h.len() == 32 && h.chars().all(|c| c.is_ascii_hexdigit()))
            })
            .collect();
        assert_eq!(listed.len(), 2, "{text}");
        assert!(
            !text.contains("twice.html"),
            "written with two different contents: {text}"
        );
        assert!(
            listed[0].ends_with(" a.html") && listed[1].ends_with(" b/index.html"),
            "{text}"
        );
        assert!(!is_complete(&text), "twice.html is not listed: {text}");
        let read = parse(&text);
        assert_eq!(read.len(), 2);
        assert_eq!(read["b/index.html"], hash(b"bee"));
        assert_eq!(read["a.html"], hash(b"a"));
        assert_ne!(hash(b"bee"), hash(b"bef"));
    }

    #[test]
    fn a_list_naming_every_file_written_says_so_in_its_last_line() {
        let manifest = Manifest::default();
        manifest.record("b/index.html", hash(b"bee"));
        manifest.record("a.html", hash(b"a"));
        manifest.record("a.html", hash(b"a"));
        let text = manifest.marker_text("Intro line.\n");
        assert!(is_complete(&text), "{text}");
        assert_eq!(manifest.paths(), ["a.html", "b/index.html"]);
        let cut_short = &text[..text.rfind("b/index").unwrap()];
        assert!(!is_complete(cut_short));
        assert!(!is_complete(
            &text.replace("a.html\n", "a.html\nxyz\n").replace(": 2", ": 3")
        ));
        let unlisted = Manifest::default();
        unlisted.record("a.html", hash(b"a"));
        unlisted.record("line\nbreak.html", hash(b"x"));
        assert!(!is_complete(&unlisted.marker_text("Intro line.\n")));
    }

    #[test]
    fn a_marker_without_a_list_lists_nothing() {
        assert!(parse("This directory is written by `knead build` and replaced on every build.\n").is_empty());
        assert!(parse("xyz a.html\n").is_empty());
    }
}
