//! Making the copies of one photo: each is taken from the cache when a valid entry is there,
//! and the photo is decoded once (and only when some copy is missing) to make the others. The
//! decoded pixels are held only while the [`PixelBudget`] allows, so memory stays bounded
//! however many threads run photos.

use super::ImageSettings;
use super::budget::PixelBudget;
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

/// What making a photo's copies needs besides the photo.
pub struct Tools<'a> {
    pub settings: &'a ImageSettings,
    pub cache: &'a Cache,
    pub budget: &'a PixelBudget,
}

/// The bytes of every copy in `wanted`, in order, from the cache or made from the photo that
/// `read` gives, which has `pixels` pixels.
pub fn make(
    wanted: &[&Copy],
    read: impl FnOnce() -> Result<Vec<u8>, Problem>,
    pixels: u64,
    tools: &Tools<'_>,
) -> Result<(Vec<Vec<u8>>, Counts), Problem> {
    let Tools {
        settings,
        cache,
        budget,
    } = *tools;
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
        let bytes = read()?;
        let _taken = budget.take(pixels);
        let pixels: Pixels = decode(&bytes, settings)?;
        drop(bytes);
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
