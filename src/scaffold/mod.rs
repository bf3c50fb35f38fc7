//! INIT and NEW: a starter site, and new pages filled in from archetypes.
//!
//! Both commands only ever create files: they refuse to overwrite anything, and when they fail
//! half-way they remove what they had created, so a retry starts from the same state.

pub mod init;
pub mod new;

use crate::diagnostics::Diagnostic;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Replaces `{{name}}` (or `{{ name }}`) placeholders with their values. Archetypes are plain
/// text, not templates: a stray `{%` or `{{ other }}` in them stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out
            .replace(&format!("{{{{{name}}}}}"), value)
            .replace(&format!("{{{{ {name} }}}}"), value);
    }
    out
}

/// Files and directories created so far by one command, to undo them if a later step fails.
#[derive(Debug)]
pub(crate) struct NewFiles {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl NewFiles {
    pub(crate) fn new() -> Self {
        NewFiles {
            files: Vec::new(),
            dirs: Vec::new(),
        }
    }

    /// Writes `text` to `path`, creating missing parent directories; fails with `AlreadyExists`
    /// rather than replace a file, even one that appeared since the caller looked.
    pub(crate) fn write(&mut self, path: &Path, text: &str) -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            self.create_dirs(parent)?;
        }
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
        self.files.push(path.to_path_buf());
        file.write_all(text.as_bytes())?;
        file.sync_all()
    }

    fn create_dirs(&mut self, dir: &Path) -> std::io::Result<()> {
        if dir.as_os_str().is_empty() || dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            self.create_dirs(parent)?;
        }
        std::fs::create_dir(dir)?;
        self.dirs.push(dir.to_path_buf());
        Ok(())
    }

    /// Removes everything created so far, newest first (best effort: this runs after a failure).
    pub(crate) fn undo(self) {
        for file in self.files.iter().rev() {
            let _ = std::fs::remove_file(file);
        }
        for dir in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// An I/O failure while creating `shown`, as a diagnostic.
fn write_error(shown: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::usage_error(format!("cannot create {shown}: {error}"))
        .with_help("check that the directory is writable and that no file stands where a directory is needed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_placeholders_only() {
        let text = "{{title}} / {{ title }} / {{date}} / {{other}} / {% raw %}";
        assert_eq!(
            fill(text, &[("title", "Foam Rolling"), ("date", "2026-06-01")]),
            "Foam Rolling / Foam Rolling / 2026-06-01 / {{other}} / {% raw %}"
        );
    }

    #[test]
    fn undo_removes_created_files_and_directories_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.md"), "x").unwrap();
        let mut created = NewFiles::new();
        created.write(&dir.path().join("a/b/page.md"), "hello").unwrap();
        let again = created.write(&dir.path().join("keep.md"), "y").unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
        created.undo();
        assert!(!dir.path().join("a").exists());
        assert_eq!(std::fs::read_to_string(dir.path().join("keep.md")).unwrap(), "x");
    }
}
