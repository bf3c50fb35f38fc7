//! A hash of a value as it serialises, taken without building its text: the `site` object's
//! (which [`super::Renderer::site_hash`] gives) and the page summaries' (which tell whether
//! listings of a page would change).

use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Feeds serialised bytes into a hasher.
struct HashWriter<'h>(&'h mut DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash of `value` serialised as JSON; a value that cannot be serialised hashes differently
/// every time, so whatever compares it always sees a change.
pub fn serialized_hash(value: &impl Serialize) -> u64 {
    let mut hasher = DefaultHasher::new();
    if serde_json::to_writer(HashWriter(&mut hasher), value).is_err() {
        std::time::SystemTime::now().hash(&mut hasher);
    }
    hasher.finish()
}
