//! The secret that authenticates the image cache's entries: 32 random bytes kept outside every
//! site, in `$KNEAD_CACHE_KEY_DIR/cache-key`, else `$XDG_CACHE_HOME/knead/cache-key`, else
//! `$HOME/.cache/knead/cache-key`, made (readable by its owner only) on first use.
//!
//! A cache entry is reused only when its HMAC-SHA256 under this key verifies, so entries that
//! arrive with a site (a pull request, a copied artifact) are never published: only this machine
//! (or whoever holds its key file) can make an entry that passes. When the key file cannot be
//! made or read, the build uses a random key of its own: the cache then works within one process
//! (`knead serve`) but no later build reuses its entries.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The file name of the key in its directory.
pub const FILE_NAME: &str = "cache-key";

/// Bytes of key.
const LEN: usize = 32;

/// A cache key and where it is kept.
#[derive(Clone, PartialEq, Eq)]
pub struct CacheKey {
    pub bytes: [u8; LEN],
    /// The key file, or `None` when the key lives only in this process.
    pub file: Option<PathBuf>,
}

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The bytes are a secret: never printed.
        f.debug_struct("CacheKey")
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

/// Keys already loaded by this process, by directory: `knead serve` builds many times, and a key
/// that lives only in memory must stay the same between its builds.
static LOADED: Mutex<Option<HashMap<PathBuf, CacheKey>>> = Mutex::new(None);

/// The directory the key is kept in when nothing says otherwise: `$KNEAD_CACHE_KEY_DIR`, else
/// `$XDG_CACHE_HOME/knead`, else `$HOME/.cache/knead`; `None` when none is set.
pub fn default_dir() -> Option<PathBuf> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    set("KNEAD_CACHE_KEY_DIR")
        .or_else(|| set("XDG_CACHE_HOME").map(|d| d.join("knead")))
        .or_else(|| set("HOME").map(|d| d.join(".cache/knead")))
}

/// The key kept in `dir` (made there if it has none), or a key for this process only when
/// `dir` is `None` or the key file cannot be made or read.
pub fn load(dir: Option<&Path>) -> CacheKey {
    let memo_dir = dir.map_or_else(PathBuf::new, Path::to_path_buf);
    let mut memo = LOADED.lock().unwrap_or_else(PoisonError::into_inner);
    let memo = memo.get_or_insert_with(HashMap::new);
    if let Some(key) = memo.get(&memo_dir) {
        return key.clone();
    }
    let key = dir
        .and_then(|dir| {
            let file = dir.join(FILE_NAME);
            let bytes = read_key(&file).or_else(|| make_key(dir, &file))?;
            Some(CacheKey {
                bytes,
                file: Some(file),
            })
        })
        .unwrap_or_else(|| CacheKey {
            bytes: random().unwrap_or_else(fallback_random),
            file: None,
        });
    memo.insert(memo_dir, key.clone());
    key
}

/// The key in `file`, if it is a regular file (not a link) of exactly [`LEN`] bytes.
fn read_key(file: &Path) -> Option<[u8; LEN]> {
    let meta = std::fs::symlink_metadata(file).ok()?;
    if !meta.is_file() || meta.len() != LEN as u64 {
        return None;
    }
    let mut bytes = [0; LEN];
    super::cache::open_no_follow(file)?.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

/// Makes a new key file in `dir`: written to a temporary file (mode 0600) and linked into place
/// only if no key is there yet, so two builds starting together end up with the same key.
fn make_key(dir: &Path, file: &Path) -> Option<[u8; LEN]> {
    std::fs::create_dir_all(dir).ok()?;
    let bytes = random()?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).ok()?;
    temp.write_all(&bytes).ok()?;
    temp.as_file().sync_all().ok()?;
    match temp.persist_noclobber(file) {
        Ok(_) => Some(bytes),
        // Another build made it first: its key is the one.
        Err(_) => read_key(file),
    }
}

fn random() -> Option<[u8; LEN]> {
    let mut bytes = [0; LEN];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes)
}

/// A key for this process when the system's random source fails: the standard library's
/// randomly seeded hashers, never written anywhere.
fn fallback_random() -> [u8; LEN] {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0; LEN];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(i);
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let key_dir = dir.path().join("knead");
        let made = load(Some(&key_dir));
        assert_eq!(made.file.as_deref(), Some(key_dir.join(FILE_NAME).as_path()));
        assert_eq!(std::fs::read(key_dir.join(FILE_NAME)).unwrap(), made.bytes);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(key_dir.join(FILE_NAME)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(read_key(&key_dir.join(FILE_NAME)), Some(made.bytes));
        assert_eq!(load(Some(&key_dir)), made);
    }

    #[test]
    fn a_key_file_that_cannot_be_made_gives_a_key_of_this_process() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "not a directory").unwrap();
        let key = load(Some(&blocker.join("knead")));
        assert_eq!(key.file, None);
        assert_ne!(key.bytes, [0; LEN]);
    }
}
