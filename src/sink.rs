//! Where rendered files go, as the renderer sees it: a [`Sink`] takes each file as it is
//! rendered. The stages after rendering are sinks wrapped around each other (the link check's
//! scan, minifying, compressing, the staging directory), so the renderer never knows which ones
//! a run uses.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Mutex;

/// Somewhere rendered files can be written; implementations must be safe to call in parallel.
pub trait Sink: Sync {
    /// Creates the directories that files will be written into (called once, before writes).
    fn make_dirs(&self, dirs: &[&str]) -> io::Result<()>;
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        self.write(path, &std::fs::read(from)?)
    }
    /// Writes a rendered page (text, so a sink that reads it need not check its UTF-8 again)
    /// that embeds a markdown body whose ids and links are already known (see [`KnownBody`]);
    /// only a sink that looks inside pages cares.
    fn write_page(&self, path: &str, text: &str, _body: &KnownBody<'_>) -> io::Result<()> {
        self.write(path, text.as_bytes())
    }
}

/// A markdown body as the renderer wrote it into a page, with what a scan of its HTML would
/// find, known from the load pass: its links were checked before rendering, its ids are those
/// of its headings and definition list terms. Only bodies of markdown's own elements and
/// components qualify (no raw HTML, no footnotes); what the components wrote is not known and
/// is scanned.
pub struct KnownBody<'a> {
    pub html: &'a str,
    pub ids: Vec<&'a str>,
    /// `<h1>` elements in the body (`# Title` headings).
    pub h1_count: usize,
    /// Byte ranges of `html` that components wrote, in order.
    pub unknown: &'a [std::ops::Range<usize>],
}

/// Keeps the site in memory: for `knead check`, the dev server and tests.
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn make_dirs(&self, _: &[&str]) -> io::Result<()> {
        Ok(())
    }
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}
