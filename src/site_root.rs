//! The site root as the boundary of everything a build reads. A site arrives in pull requests,
//! so its symbolic links are untrusted: each one is resolved (`canonicalize`) and must lead to a
//! visible file or directory inside the canonical site root. A link out of the site would
//! publish the build machine's files (`/proc/self/environ` holds CI secrets); a link into a
//! hidden path would publish the checkout's `.git/config`, where CI keeps its access token.
//! Files are then read at their resolved paths, never through the link again.

use crate::diagnostics::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// A file knead leaves in every output directory it writes, so it can tell its own output from
/// a directory it must not replace (`--output ~`) and a symbolic link into an output from one
/// into the site. Its text says so; nothing reads it back.
pub const OUTPUT_MARKER: &str = ".knead-output";

/// Joins a root as typed by the user with a relative path, without a leading `./`.
pub fn display_under(root: &Path, relative: &str) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        relative.to_string()
    } else {
        format!("{}/{relative}", root.display().to_string().trim_end_matches('/'))
    }
}

const OUTSIDE_HELP: &str = "symbolic links may only point inside the site; copy the file into the site instead";

/// The site root, as typed (for messages) and resolved (for checking links).
#[derive(Debug, Clone)]
pub struct SiteRoot {
    typed: PathBuf,
    real: PathBuf,
}

/// One file found by [`SiteRoot::files`].
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Path under the walked directory, `/`-separated, as the site names it (links not
    /// resolved: a linked file takes the link's place in the site).
    pub rel: String,
    /// Where to read the file: the resolved path once a symbolic link is on the way, else the
    /// path walked.
    pub path: PathBuf,
}

impl SiteRoot {
    /// The site at `root`; an error when the directory cannot be resolved.
    pub fn open(root: &Path) -> Result<SiteRoot, Diagnostic> {
        match std::fs::canonicalize(root) {
            Ok(real) => Ok(SiteRoot {
                typed: root.to_path_buf(),
                real,
            }),
            Err(e) => Err(Diagnostic::file_error(
                root.display().to_string(),
                format!("cannot read the site directory: {e}"),
            )
            .with_help("run knead from the site root, or pass --root DIR")),
        }
    }

    /// `rel` (a `/`-separated path under the root) as the user should see it in messages.
    fn shown(&self, rel: &str) -> String {
        display_under(&self.typed, rel)
    }

    /// `path` (the typed root joined with more) as the user should see it in messages.
    fn shown_path(&self, path: &Path) -> String {
        path.strip_prefix(&self.typed)
            .map_or_else(|_| path.display().to_string(), |rel| self.shown(&slash_path(rel)))
    }

    /// Where to read the site file at `rel` (`site.yaml`, `content/x.md`): the path itself when
    /// no symbolic link is on the way, its resolved path when every link on the way stays
    /// inside the site, else an error naming the file. A file that does not exist is left to
    /// the reader to report.
    pub fn file(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = self.typed.join(rel);
        match std::fs::canonicalize(&path) {
            Ok(real) if real == self.real.join(rel) => Ok(path),
            Ok(real) => self.check_target(real, &self.shown(rel)),
            Err(e) if is_symlink(&path) => Err(unresolvable(&path, &self.shown(rel), &e)),
            Err(_) => Ok(path),
        }
    }

    /// Every file under the directory `rel` (`content`, `themes/clinic/static`), sorted by path,
    /// hidden and editor temporary files left out, each with the path to read it from. A link
    /// out of the site or into a hidden path, a dangling link, a loop and an unreadable
    /// directory are diagnostics naming the link. A missing directory has no files.
    pub fn files(&self, rel: &str) -> (Vec<SiteFile>, Vec<Diagnostic>) {
        let dir = self.typed.join(rel);
        let base = match self.base(&dir, rel) {
            Ok(Base::Plain) => None,
            Ok(Base::Linked(real)) => Some(real),
            Ok(Base::Missing) => return (Vec::new(), Vec::new()),
            Err(error) => return (Vec::new(), vec![error]),
        };
        let mut files = Vec::new();
        let mut errors = Vec::new();
        // Where each directory on the way down really is, by depth: `None` until a link is
        // crossed, so that a site without links is read at the paths walked.
        let mut real_dirs: Vec<Option<PathBuf>> = vec![base];
        let mut walker = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
        while let Some(item) = walker.next() {
            let entry = match item {
                Ok(entry) if entry.depth() > 0 => entry,
                Ok(_) => continue,
                Err(err) => {
                    errors.push(self.walk_error(&err));
                    continue;
                }
            };
            let depth = entry.depth();
            let is_dir = entry.file_type().is_dir();
            let real = if entry.path_is_symlink() {
                match self.resolve_link(entry.path()) {
                    Ok(real) => Some(real),
                    Err(error) => {
                        errors.push(error);
                        if is_dir {
                            walker.skip_current_dir();
                        }
                        continue;
                    }
                }
            } else {
                let parent = real_dirs.get(depth - 1).and_then(Option::as_ref);
                parent.map(|parent| parent.join(entry.file_name()))
            };
            if is_dir {
                real_dirs.truncate(depth);
                real_dirs.push(real);
            } else if entry.file_type().is_file() {
                let Ok(under) = entry.path().strip_prefix(&dir) else {
                    continue;
                };
                files.push(SiteFile {
                    rel: slash_path(under),
                    path: real.unwrap_or_else(|| entry.into_path()),
                });
            }
        }
        (files, errors)
    }

    /// Where the directory `dir` (at `rel` under the root) really is, or an error when a link
    /// on the way breaks the rules.
    fn base(&self, dir: &Path, rel: &str) -> Result<Base, Diagnostic> {
        let real = match std::fs::canonicalize(dir) {
            Ok(real) => real,
            Err(_) if !is_symlink(dir) => return Ok(Base::Missing),
            Err(e) => return Err(unresolvable(dir, &self.shown(rel), &e)),
        };
        if !real.is_dir() {
            return Ok(Base::Missing);
        }
        if real == self.real.join(rel) {
            return Ok(Base::Plain);
        }
        // Named by the first link on the way, when the directory itself is not one.
        let mut on_the_way = self.typed.clone();
        for part in rel.split('/') {
            on_the_way.push(part);
            if is_symlink(&on_the_way) {
                self.resolve_link(&on_the_way)?;
            }
        }
        self.check_target(real, &self.shown(rel)).map(Base::Linked)
    }

    /// The checked target of the symbolic link at `link`.
    fn resolve_link(&self, link: &Path) -> Result<PathBuf, Diagnostic> {
        match std::fs::canonicalize(link) {
            Ok(real) => self.check_target(real, &self.shown_path(link)),
            Err(e) => Err(unresolvable(link, &self.shown_path(link), &e)),
        }
    }

    /// `real` (a resolved path reached from `shown`) when it is a visible path inside the site.
    fn check_target(&self, real: PathBuf, shown: &str) -> Result<PathBuf, Diagnostic> {
        let Ok(under) = real.strip_prefix(&self.real) else {
            return Err(Diagnostic::file_error(
                shown,
                format!("symbolic link leads outside the site, to {}", real.display()),
            )
            .with_help(OUTSIDE_HELP));
        };
        if under
            .components()
            .any(|c| matches!(c, Component::Normal(name) if name.to_string_lossy().starts_with('.')))
        {
            return Err(Diagnostic::file_error(
                shown,
                format!("symbolic link leads to a hidden path, {}", slash_path(under)),
            )
            .with_help("symbolic links may not point into hidden files or directories such as .git; copy the file into the site instead"));
        }
        // An output directory (it holds knead's marker) would be published again, inside itself.
        if let Some(output) = real
            .ancestors()
            .take_while(|dir| *dir != self.real)
            .find(|dir| dir.join(crate::site_root::OUTPUT_MARKER).is_file())
        {
            let output = output
                .strip_prefix(&self.real)
                .map_or_else(|_| output.display().to_string(), slash_path);
            return Err(Diagnostic::file_error(
                shown,
                format!("symbolic link leads into the output directory {output}/"),
            )
            .with_help("symbolic links may not point into what knead writes; link to the source file instead"));
        }
        Ok(real)
    }

    /// A walk error as a diagnostic naming the path: a link's own problem first, then a loop
    /// or an unreadable directory.
    fn walk_error(&self, err: &walkdir::Error) -> Diagnostic {
        let Some(path) = err.path() else {
            return Diagnostic::file_error(self.shown("."), format!("cannot read: {err}"));
        };
        if is_symlink(path)
            && let Err(error) = self.resolve_link(path)
        {
            return error;
        }
        let shown = self.shown_path(path);
        if err.loop_ancestor().is_some() {
            Diagnostic::file_error(shown, "symlink loop: the link leads back to a directory that holds it")
                .with_help("remove the symbolic link that points back to one of its parent directories")
        } else {
            let why = err.io_error().map_or_else(|| err.to_string(), ToString::to_string);
            Diagnostic::file_error(shown, format!("cannot read: {why}"))
        }
    }
}

/// Where a walked directory really is.
enum Base {
    /// No directory there.
    Missing,
    /// At the path walked: no link on the way.
    Plain,
    /// At this resolved path, inside the site.
    Linked(PathBuf),
}

/// Where to read the site file at `rel` under `root` (see [`SiteRoot::file`]). When the root
/// itself cannot be resolved, the plain path, whose reading then fails and is reported there.
pub fn site_file(root: &Path, rel: &str) -> Result<PathBuf, Diagnostic> {
    match SiteRoot::open(root) {
        Ok(site) => site.file(rel),
        Err(_) => Ok(root.join(rel)),
    }
}

/// Dotfiles, editor backups and swap files are never part of a site.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#') || name.ends_with(".swp")
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Why the link at `link` (shown as `shown`) cannot be followed: it dangles, loops, or cannot
/// be read.
fn unresolvable(link: &Path, shown: &str, error: &std::io::Error) -> Diagnostic {
    let target = std::fs::read_link(link).map_or_else(|_| "?".to_string(), |t| t.display().to_string());
    if error.kind() == std::io::ErrorKind::NotFound {
        Diagnostic::file_error(shown, format!("symbolic link to {target}, which does not exist"))
            .with_help("remove the link, or point it at a file inside the site")
    } else if is_loop(error) {
        Diagnostic::file_error(
            shown,
            format!("symlink loop: the link to {target} goes round in a circle"),
        )
        .with_help("remove the symbolic link, or point it at a file inside the site")
    } else {
        Diagnostic::file_error(shown, format!("cannot follow the symbolic link to {target}: {error}"))
            .with_help(OUTSIDE_HELP)
    }
}

#[cfg(unix)]
fn is_loop(error: &std::io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &std::io::Error) -> bool {
    false
}

/// A relative path with `/` between its parts, whatever the platform.
fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
