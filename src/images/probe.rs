//! What a photo is, read from its header without decoding its pixels: format, size as shown
//! (after its EXIF orientation) and a key naming its bytes and the encoding settings. Plans and
//! HTML need no more, so pages can be written before any photo is decoded.

use super::ImageSettings;
use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

/// Bumped whenever the encoded bytes of a given input and settings change, so cache entries and
/// fingerprints made by another encoder are not reused.
const ENCODER_VERSION: u8 = 1;

/// The raster formats knead resizes and re-encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The file extension of this format's copies.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The MIME type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// Whether a file name is one of a photo knead processes (`.jpg`, `.jpeg`, `.png`, `.webp`).
pub fn is_photo_name(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    ["jpg", "jpeg", "png", "webp"]
        .iter()
        .any(|known| ext.eq_ignore_ascii_case(known))
}

/// Photo formats browsers do not show, which a page must not link as an image.
pub fn unsupported_extension(name: &str) -> Option<String> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    [
        "heic", "heif", "tif", "tiff", "bmp", "dng", "cr2", "nef", "arw", "raw", "psd",
    ]
    .contains(&ext.as_str())
    .then_some(ext)
}

/// Image files knead neither processes nor publishes as they are, since they can carry where
/// and with what a photo was taken (EXIF, GPS) and knead does not re-encode them: HEIC/HEIF,
/// TIFF, AVIF, camera raw files and the like. `.jfif` (a JPEG under another name) is among
/// them, to be renamed `.jpg`. The problem says what to do.
pub fn unpublished_image(name: &str) -> Option<Problem> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    if ext == "jfif" {
        return Some(Problem::new(
            "a .jfif file is a JPEG photo under another name, and knead does not publish it as it is",
            "rename it to .jpg (and its links): knead then publishes it as a photo, resized and without metadata",
        ));
    }
    let camera = [
        "heic", "heif", "avif", "tif", "tiff", "bmp", "psd", "dng", "raw", "cr2", "cr3", "nef", "nrw", "arw", "orf",
        "rw2", "raf", "pef", "srw", "x3f",
    ];
    camera.contains(&ext.as_str()).then(|| {
        Problem::new(
            format!(
                "{} images are not published: knead does not resize them or remove their metadata, which can \
                 include where the photo was taken",
                ext.to_uppercase()
            ),
            "export it as JPEG (or PNG, WebP) and link that file instead; knead makes the smaller copies",
        )
    })
}

/// A photo as its header describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probed {
    pub format: Format,
    /// Width and height as the photo is shown: swapped when its orientation turns it.
    pub width: u32,
    pub height: u32,
    /// 32 hex digits: a hash of the photo's bytes and of the settings that shape its copies.
    pub key: String,
}

/// Why a photo cannot be published, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: String,
}

impl Problem {
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            help: help.into(),
        }
    }

    /// A file that is not a well-formed image of its format.
    pub fn unreadable(why: impl std::fmt::Display) -> Self {
        Problem::new(
            format!("the image cannot be read: {why}"),
            "the file is damaged or cut short: export it again from the camera or editor",
        )
    }
}

/// Runs decoder work `f`, turning a panic in a decoder (a hostile or damaged file can trigger
/// one) into the error of an unreadable image rather than a crashed build.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, Problem>) -> Result<T, Problem> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(Problem::unreadable("the decoder failed on its data")))
}

/// Reads the header of `bytes`.
pub fn probe(bytes: &[u8], settings: &ImageSettings) -> Result<Probed, Problem> {
    guarded(|| probe_unguarded(bytes, settings))
}

fn probe_unguarded(bytes: &[u8], settings: &ImageSettings) -> Result<Probed, Problem> {
    // The size its header claims is checked before any decoder reads further.
    if let Ok(size) = imagesize::blob_size(bytes) {
        let side = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        check_pixels(side(size.width), side(size.height), settings)?;
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(Problem::unreadable)?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => Format::Jpeg,
        Some(ImageFormat::Png) => Format::Png,
        Some(ImageFormat::WebP) => Format::Webp,
        Some(other) => {
            return Err(Problem::new(
                format!("{other:?} images are not supported"),
                "save the photo as JPEG, PNG or WebP",
            ));
        }
        None => {
            return Err(Problem::new(
                "this is not a JPEG, PNG or WebP image",
                "save the photo as JPEG, PNG or WebP (a file's name does not change its format)",
            ));
        }
    };
    let mut decoder = reader.into_decoder().map_err(Problem::unreadable)?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height, settings)?;
    if format == Format::Jpeg && !super::metadata::jpeg_is_complete(bytes) {
        return Err(Problem::unreadable("the file ends before the image does"));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if turns(orientation) {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Probed {
        format,
        width,
        height,
        key: key(bytes, settings),
    })
}

/// Refuses an image of no pixels or of more than `max_pixels`.
pub fn check_pixels(width: u32, height: u32, settings: &ImageSettings) -> Result<(), Problem> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(Problem::unreadable("it has no pixels"));
    }
    if pixels > settings.max_pixels {
        return Err(Problem::new(
            format!(
                "the image is {width} × {height} pixels, more than `images.max_pixels` ({}) allows",
                settings.max_pixels
            ),
            "resize the photo before adding it (a web page needs no more than about 2,000 pixels across), \
             or raise `images.max_pixels` in site.yaml if the file is trusted",
        ));
    }
    Ok(())
}

/// Whether an orientation swaps width and height.
pub fn turns(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// A hash of the photo's bytes and of what shapes its copies (quality, encoder version, knead's
/// version, which pins the versions of its image crates), as 32 hex digits; the width is part
/// of each copy's name. Another release of knead never reuses copies an earlier one made.
pub fn key(bytes: &[u8], settings: &ImageSettings) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(bytes);
    hasher.update(&[settings.quality, ENCODER_VERSION]);
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    format!("{:032x}", hasher.digest128())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_names_are_told_by_extension() {
        assert!(is_photo_name("a/Room.JPG"));
        assert!(is_photo_name("x.webp"));
        assert!(!is_photo_name("logo.svg"));
        assert!(!is_photo_name("anim.gif"));
        assert_eq!(unsupported_extension("IMG_1.HEIC").as_deref(), Some("heic"));
        assert_eq!(unsupported_extension("a.jpg"), None);
        assert!(unpublished_image("IMG_1.HEIC").is_some_and(|p| p.message.contains("HEIC")));
        assert!(unpublished_image("x.dng").is_some());
        assert!(unpublished_image("x.jfif").is_some_and(|p| p.help.contains(".jpg")));
        assert!(unpublished_image("x.jpg").is_none());
        assert!(unpublished_image("notes.txt").is_none());
    }

    #[test]
    fn a_decoder_panic_is_an_unreadable_image() {
        let problem = guarded::<()>(|| panic!("a decoder bug")).unwrap_err();
        assert!(problem.message.contains("cannot be read"), "{problem:?}");
        assert_eq!(guarded(|| Ok(3)), Ok(3));
    }

    #[test]
    fn a_file_that_is_no_image_is_refused() {
        let problem = probe(b"hello, not an image", &ImageSettings::default()).unwrap_err();
        assert!(problem.message.contains("not a JPEG, PNG or WebP"), "{problem:?}");
    }
}
