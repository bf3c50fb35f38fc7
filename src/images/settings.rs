//! The `images:` settings of `site.yaml`: which widths photos are resized to, how they are
//! encoded and how large an image knead agrees to decode.

use serde::Deserialize;

/// `images:` in `site.yaml`. Every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageSettings {
    /// Widths in pixels each photo is resized to; widths above a photo's own are left out (no
    /// photo is enlarged), and a photo narrower than the largest width keeps its own width too.
    pub widths: Vec<u32>,
    /// Lossy quality of the WebP and JPEG copies, 1 to 100.
    pub quality: u8,
    /// Images with more pixels than this (width × height) are refused rather than decoded: a
    /// small file can claim 20,000 × 20,000 pixels and take gigabytes of memory to decode.
    pub max_pixels: u64,
    /// The `sizes` attribute of images in page bodies: how wide the image is shown at each
    /// viewport width, so the browser picks the smallest copy that is sharp.
    pub sizes: String,
}

/// The largest width or height of a copy: the most a WebP image can have (JPEG allows 65535).
pub const MAX_SIDE: u32 = 16_383;

/// The widths of a photo's copies unless `site.yaml` says otherwise.
pub const DEFAULT_WIDTHS: [u32; 4] = [480, 960, 1440, 1920];

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: DEFAULT_WIDTHS.to_vec(),
            quality: 80,
            max_pixels: 100_000_000,
            sizes: "(min-width: 44rem) 42rem, calc(100vw - 2rem)".to_string(),
        }
    }
}

impl ImageSettings {
    /// What is wrong with the settings, as a message for the `images:` line, or `None`.
    pub fn problem(&self) -> Option<String> {
        if self.widths.is_empty() {
            return Some("`images.widths` is empty: give at least one width, such as [480, 960, 1440, 1920]".into());
        }
        if let Some(w) = self.widths.iter().find(|&&w| w == 0 || w > MAX_SIDE) {
            return Some(format!(
                "`images.widths` has {w}: widths go from 1 to {MAX_SIDE} pixels"
            ));
        }
        if !(1..=100).contains(&self.quality) {
            return Some(format!("`images.quality` is {}: it goes from 1 to 100", self.quality));
        }
        if self.max_pixels == 0 {
            return Some("`images.max_pixels` is 0: no image could be published".into());
        }
        None
    }

    /// The widths of the copies of a photo `width` pixels wide: the configured widths below it,
    /// then its own width if it is narrower than the largest configured one. Sorted, no repeats.
    pub fn widths_for(&self, width: u32) -> Vec<u32> {
        let mut widths: Vec<u32> = self.widths.iter().copied().filter(|&w| w < width).collect();
        if self.widths.iter().any(|&w| w >= width) {
            widths.push(width);
        }
        widths.sort_unstable();
        widths.dedup();
        widths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_are_never_enlarged_and_keep_their_own_width_when_small() {
        let s = ImageSettings::default();
        assert_eq!(s.widths_for(4000), [480, 960, 1440, 1920]);
        assert_eq!(s.widths_for(1000), [480, 960, 1000]);
        assert_eq!(s.widths_for(1920), [480, 960, 1440, 1920]);
        assert_eq!(s.widths_for(300), [300]);
    }

    #[test]
    fn bad_settings_are_named() {
        let mut s = ImageSettings::default();
        assert!(s.problem().is_none());
        s.quality = 0;
        assert!(s.problem().unwrap().contains("quality"));
        s = ImageSettings {
            widths: vec![],
            ..ImageSettings::default()
        };
        assert!(s.problem().unwrap().contains("widths"));
        s.widths = vec![16_383];
        assert!(s.problem().is_none());
        s.widths = vec![16_384];
        assert!(s.problem().unwrap().contains("16384"));
    }
}
