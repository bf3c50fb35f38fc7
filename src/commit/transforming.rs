//! The asset steps as [`Sink`] wrappers, so rendering and link checking stay unaware of them:
//! pages are checked as rendered and minified on their way out, and every file that reaches the
//! output directory, whoever wrote it, gets its compressed siblings.

use super::precompress;
use crate::minify;
use crate::sink::Sink;
use std::io;
use std::path::Path;

/// Minifies HTML and CSS before passing them on.
pub struct Minifying<'a> {
    inner: &'a dyn Sink,
}

impl<'a> Minifying<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Minifying { inner }
    }
}

impl Sink for Minifying<'_> {
    fn make_dirs(&self, dirs: &[&str]) -> io::Result<()> {
        self.inner.make_dirs(dirs)
    }
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        match minify::file(path, bytes) {
            Some(small) => self.inner.write(path, &small),
            None => self.inner.write(path, bytes),
        }
    }
    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        if minify::applies_to(path) {
            self.write(path, &std::fs::read(from)?)
        } else {
            self.inner.copy(path, from)
        }
    }
}

/// Writes `.gz` and `.br` siblings beside text files.
pub struct Precompressing<'a> {
    inner: &'a dyn Sink,
}

impl<'a> Precompressing<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Precompressing { inner }
    }

    fn siblings(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if precompress::wanted(path, bytes.len()) {
            for (sibling, compressed) in precompress::siblings(path, bytes)? {
                self.inner.write(&sibling, &compressed)?;
            }
        }
        Ok(())
    }
}

impl Sink for Precompressing<'_> {
    fn make_dirs(&self, dirs: &[&str]) -> io::Result<()> {
        self.inner.make_dirs(dirs)
    }
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(path, bytes)?;
        self.siblings(path, bytes)
    }
    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        self.inner.copy(path, from)?;
        let len = std::fs::metadata(from).map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX));
        if precompress::wanted(path, len) {
            self.siblings(path, &std::fs::read(from)?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::MemorySink;

    #[test]
    fn minified_then_compressed() {
        let memory = MemorySink::default();
        let precompressing = Precompressing::new(&memory);
        let minifying = Minifying::new(&precompressing);
        let page = format!(
            "<!DOCTYPE html><html lang=en><title>x</title><p>{}</p>",
            "word ".repeat(400)
        );
        minifying.write("index.html", page.as_bytes()).unwrap();
        minifying.write("tiny.css", b"a {\n  color: red;\n}\n").unwrap();
        let files = memory.into_files();
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["index.html", "index.html.br", "index.html.gz", "tiny.css"]
        );
        assert_eq!(files["tiny.css"], b"a{color:red}");
        assert!(files["index.html"].len() < page.len());
    }
}
