//! Copies of photos kept between builds, under `.knead-cache/images/` at the site root, so a
//! build whose photos did not change decodes and encodes none. An entry is named by the photo's
//! key (its bytes and the settings, see [`super::probe`]) and the copy it holds; deleting the
//! directory only costs the next build the time to make them again.
//!
//! The directory is input like any other, and may arrive from a pull request or a copied build
//! artifact, so nothing in it is trusted: knead follows no symbolic link into or out of it, and
//! reuses an entry only when its HMAC-SHA256, under a secret key kept outside the site (see
//! [`super::cache_key`]), verifies for that entry's name, it is a well-formed image of the
//! expected format and size, and it holds no metadata. An entry made on another machine, or
//! renamed, or changed, is made again and never published.

use super::cache_key::CacheKey;
use super::metadata;
use super::probe::Format;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What ends every entry: the HMAC-SHA256 of the entry's name and image bytes, then this mark.
const MARK: &[u8; 8] = b"kneadim2";

/// Bytes of the HMAC.
const MAC_LEN: usize = 32;

/// Entries larger than this are not read: no copy of a photo is this large.
const MAX_ENTRY: u64 = 256 << 20;

/// The image cache of one site; `None` directory when it has none (or cannot be used safely).
#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
    key: Option<CacheKey>,
}

/// What a cached copy must be to be reused.
#[derive(Debug, Clone, Copy)]
pub struct Expected {
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

impl Cache {
    /// The cache under `root/.knead-cache/images`, made on the first write, its entries
    /// authenticated with `key`. A cache path that is a symbolic link, or is not a directory,
    /// leaves the build without a cache.
    pub fn at_site(root: &Path, key: CacheKey) -> Self {
        let top = root.join(".knead-cache");
        let dir = top.join("images");
        Cache {
            dir: real_dirs_or_missing(&top, &dir).then_some(dir),
            key: Some(key),
        }
    }

    /// No cache: every copy is made.
    pub fn none() -> Self {
        Cache { dir: None, key: None }
    }

    /// Whether entries written now can be reused by a later build: the key is kept in a file.
    pub fn persists(&self) -> bool {
        self.dir.is_some() && self.key.as_ref().is_some_and(|k| k.file.is_some())
    }

    /// The key, when there is a cache to use.
    pub fn key(&self) -> Option<&CacheKey> {
        self.key.as_ref()
    }

    /// The HMAC of the entry `name` holding `image`.
    fn mac(&self, name: &str, image: &[u8]) -> Option<Hmac<Sha256>> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key.as_ref()?.bytes).ok()?;
        mac.update(&(name.len() as u64).to_le_bytes());
        mac.update(name.as_bytes());
        mac.update(image);
        Some(mac)
    }

    fn path(&self, name: &str) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(name))
    }

    /// The copy `name` holds, if it is one knead made of the expected format and size.
    pub fn get(&self, name: &str, expected: Expected) -> Option<Vec<u8>> {
        let path = self.path(name)?;
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_ENTRY {
            return None;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).ok()?);
        open_no_follow(&path)?.take(MAX_ENTRY).read_to_end(&mut bytes).ok()?;
        let image_len = bytes.len().checked_sub(MAC_LEN + MARK.len())?;
        let (image, trailer) = bytes.split_at(image_len);
        let (sum, mark) = trailer.split_at(MAC_LEN);
        if mark != MARK || self.mac(name, image)?.verify_slice(sum).is_err() {
            return None;
        }
        let size = imagesize::blob_size(image).ok()?;
        let format = metadata::format_of(image)?;
        let matches = format == expected.format
            && size.width == usize::try_from(expected.width).ok()?
            && size.height == usize::try_from(expected.height).ok()?;
        if !matches || metadata::has_metadata(image, format) {
            return None;
        }
        bytes.truncate(image_len);
        Some(bytes)
    }

    /// Keeps `image` as `name`, written whole or not at all (a temporary file renamed into
    /// place). A cache that cannot be written only means the next build makes the copy again.
    pub fn put(&self, name: &str, image: &[u8]) {
        let (Some(dir), Some(path)) = (self.dir.as_ref(), self.path(name)) else {
            return;
        };
        let Some(top) = dir.parent() else { return };
        let Some(mac) = self.mac(name, image) else { return };
        if std::fs::symlink_metadata(dir).is_err() {
            let _ = std::fs::create_dir_all(dir);
            write_gitignore(top);
        }
        if !real_dirs_or_missing(top, dir) || std::fs::symlink_metadata(dir).is_err() {
            return;
        }
        let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) else {
            return;
        };
        let sum = mac.finalize().into_bytes();
        let written = file
            .write_all(image)
            .and_then(|()| file.write_all(&sum))
            .and_then(|()| file.write_all(MARK));
        if written.is_ok() {
            // Renaming replaces a symbolic link at `path` itself, never what it points to.
            let _ = file.persist(path);
        }
    }
}

/// Writes `top/.gitignore` so the cache is never committed, whatever the site's own .gitignore
/// says; only when no file of that name exists. Creating it anew fails on any existing entry,
/// a symbolic link included, so nothing is ever written through a link.
fn write_gitignore(top: &Path) {
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(top.join(".gitignore"));
    if let Ok(mut file) = created {
        let _ = file.write_all(b"*\n");
    }
}

/// Whether `top` and `dir` are each a directory, not a symbolic link, or do not exist yet.
fn real_dirs_or_missing(top: &Path, dir: &Path) -> bool {
    [top, dir].into_iter().all(|d| match std::fs::symlink_metadata(d) {
        Ok(meta) => meta.is_dir(),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    })
}

#[cfg(unix)]
pub(super) fn open_no_follow(path: &Path) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .ok()
}

#[cfg(not(unix))]
pub(super) fn open_no_follow(path: &Path) -> Option<std::fs::File> {
    std::fs::File::open(path).ok()
}
