//! Making the copies of one photo: each is taken from the cache when a valid entry is there,
//! and the photo is decoded once (and only when some copy is missing) to make the others. One
//! photo is decoded at a time per thread, so memory stays bounded by the number of threads.

use super::ImageSettings;
use super::cache::{Cache, Expected};
use super::copies::Copy;
use super::encode::{Pixels, decode};
use super::probe::Problem;
use std::collections::HashMap;

/// How a photo's copies were had.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Copies encoded by this build.
    pub encoded: usize,
    /// Copies taken from the cache.
    pub reused: usize,
}

/// The bytes of every copy in `wanted`, in order, from `cache` or made from the photo that
/// `read` gives.
pub fn make(
    wanted: &[&Copy],
    read: impl FnOnce() -> Result<Vec<u8>, Problem>,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<(Vec<Vec<u8>>, Counts), Problem> {
    let mut counts = Counts::default();
    let mut made: HashMap<&str, Vec<u8>> = HashMap::new();
    let mut missing: Vec<&Copy> = Vec::new();
    for copy in wanted {
        if made.contains_key(copy.cache_name.as_str()) || missing.iter().any(|m| m.cache_name == copy.cache_name) {
            continue;
        }
        let expected = Expected {
            format: copy.format,
            width: copy.shape.width,
            height: copy.shape.height,
        };
        match cache.get(&copy.cache_name, expected) {
            Some(bytes) => {
                counts.reused += 1;
                made.insert(&copy.cache_name, bytes);
            }
            None => missing.push(copy),
        }
    }
    if !missing.is_empty() {
        let pixels: Pixels = decode(&read()?, settings)?;
        for copy in missing {
            let bytes = pixels.resized(copy.shape)?.encode(copy.format, settings.quality)?;
            cache.put(&copy.cache_name, &bytes);
            counts.encoded += 1;
            made.insert(&copy.cache_name, bytes);
        }
    }
    let bytes = wanted
        .iter()
        .map(|copy| made.get(copy.cache_name.as_str()).cloned().unwrap_or_default())
        .collect();
    Ok((bytes, counts))
}
