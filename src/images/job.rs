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

/// A photo as probed: how to read it, its key and its pixel count.
pub struct Source<R> {
    pub read: R,
    /// The key its bytes had when probed (see [`super::probe::key`]).
    pub key: String,
    pub pixels: u64,
}

/// The bytes of every copy in `wanted`, in order, from the cache or made from the photo
/// `source`. The photo is read again to decode it; bytes that are not those probed (the file
/// was edited meanwhile, even to the same length and time) are an error, not copies cached
/// under the key of other bytes.
pub fn make<R: FnOnce() -> Result<Vec<u8>, Problem>>(
    wanted: &[&Copy],
    source: Source<R>,
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
        let bytes = (source.read)()?;
        if super::probe::key(&bytes, settings) != source.key {
            return Err(Problem::new(
                "the photo changed while the site was being built",
                "build again: the photo is read once to plan its copies and again to make them, \
                 and it was edited in between",
            ));
        }
        let _taken = budget.take(source.pixels);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::copies::Copies;
    use crate::images::probe::probe;

    fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_pixel(width, height, image::Rgb([shade, 0, 0]))
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("a PNG encodes");
        out.into_inner()
    }

    #[test]
    fn a_photo_changed_since_it_was_probed_is_an_error_not_a_cache_entry() {
        let settings = ImageSettings::default();
        let probed_bytes = png(40, 30, 10);
        let probed = probe(&probed_bytes, &settings).expect("the photo probes");
        let copies = Copies::plan("a.png", &probed, &settings);
        let wanted: Vec<&Copy> = copies.outputs().collect();
        let dir = tempfile::tempdir().expect("a temp dir");
        let key = crate::images::cache_key::CacheKey {
            bytes: [7; 32],
            file: None,
        };
        let cache = Cache::at_site(dir.path(), key);
        let budget = PixelBudget::for_max_pixels(settings.max_pixels);
        let tools = Tools {
            settings: &settings,
            cache: &cache,
            budget: &budget,
        };
        let source = |bytes: Vec<u8>| Source {
            read: move || Ok(bytes),
            key: probed.key.clone(),
            pixels: 1200,
        };
        let problem = make(&wanted, source(png(40, 30, 200)), &tools).expect_err("other bytes");
        assert!(problem.message.contains("changed"), "{problem:?}");
        assert!(!dir.path().join(".knead-cache/images").exists(), "nothing was cached");
        let (made, counts) = make(&wanted, source(probed_bytes), &tools).expect("the probed bytes");
        assert_eq!(made.len(), wanted.len());
        assert_eq!(counts.encoded, 2, "its own width in WebP and PNG");
    }
}
