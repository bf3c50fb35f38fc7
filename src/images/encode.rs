//! The pixel work on one photo: decode it (refusing more pixels than allowed), turn it upright
//! by its EXIF orientation, resize it and encode each copy. Only pixels go into the copies: the
//! encoders write no EXIF, XMP or other metadata, so nothing of where or with what a photo was
//! taken is published.

use super::ImageSettings;
use super::probe::{Format, Problem, check_pixels};
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};
use std::io::Cursor;

/// A decoded photo, upright, as 8-bit RGBA (the one pixel type knead resizes).
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    /// Whether the photo has transparency; without, its copies are encoded as RGB.
    pub alpha: bool,
    pub data: Vec<u8>,
}

/// How a photo's copy is cut from it: scaled to `width` × `height`, cropped to that shape from
/// the middle when it is not the photo's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub width: u32,
    pub height: u32,
}

/// Decodes `bytes`, which must not have more than `images.max_pixels` pixels, and turns the
/// result upright.
pub fn decode(bytes: &[u8], settings: &ImageSettings) -> Result<Pixels, Problem> {
    super::probe::guarded(|| decode_unguarded(bytes, settings))
}

fn decode_unguarded(bytes: &[u8], settings: &ImageSettings) -> Result<Pixels, Problem> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(Problem::unreadable)?;
    let mut limits = image::Limits::default();
    // Room for the decoded image at 16 bits per channel with alpha (8 bytes a pixel), and no
    // more.
    limits.max_alloc = Some(settings.max_pixels.saturating_mul(8).max(1 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(Problem::unreadable)?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height, settings)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let decoded = DynamicImage::from_decoder(decoder).map_err(Problem::unreadable)?;
    let alpha = decoded.color().has_alpha();
    // 8-bit RGBA first (the decoded buffer is dropped as soon as it is converted; an 8-bit RGBA
    // photo is not copied), then upright: a turn copies the 4 bytes a pixel once.
    let mut image = DynamicImage::ImageRgba8(decoded.into_rgba8());
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let data = image.into_rgba8().into_raw();
    Ok(Pixels {
        width,
        height,
        alpha,
        data,
    })
}

impl Pixels {
    /// The photo scaled to `shape` (cropped from the middle to its proportions), or itself when
    /// `shape` is its own size.
    pub fn resized(&self, shape: Shape) -> Result<std::borrow::Cow<'_, Pixels>, Problem> {
        if shape.width == self.width && shape.height == self.height {
            return Ok(std::borrow::Cow::Borrowed(self));
        }
        let failed = |e: &dyn std::fmt::Display| {
            Problem::new(
                format!("resizing failed: {e}"),
                "this is a bug in knead: please report it with the photo",
            )
        };
        let source = ImageRef::new(self.width, self.height, &self.data, PixelType::U8x4).map_err(|e| failed(&e))?;
        let mut resized = Image::new(shape.width, shape.height, PixelType::U8x4);
        let options = ResizeOptions::new()
            .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
            .fit_into_destination(Some((0.5, 0.5)))
            // Opaque pixels need no premultiplying by their alpha.
            .use_alpha(self.alpha);
        Resizer::new()
            .resize(&source, &mut resized, &options)
            .map_err(|e| failed(&e))?;
        Ok(std::borrow::Cow::Owned(Pixels {
            width: shape.width,
            height: shape.height,
            alpha: self.alpha,
            data: resized.into_vec(),
        }))
    }

    /// The pixels encoded as `format`: lossy WebP and JPEG at `quality`, PNG losslessly.
    pub fn encode(&self, format: Format, quality: u8) -> Result<Vec<u8>, Problem> {
        let failed = |e: &dyn std::fmt::Display| {
            Problem::new(
                format!("encoding a {} copy failed: {e}", format.extension()),
                "this is a bug in knead: please report it with the photo",
            )
        };
        // An opaque photo is encoded without its alpha channel: smaller. JPEG has no alpha, so
        // a transparent photo's JPEG copies (its social card) show it on white.
        let alpha = self.alpha && format != Format::Jpeg;
        let rgb: Vec<u8>;
        let (data, color) = if alpha {
            (self.data.as_slice(), ExtendedColorType::Rgba8)
        } else if self.alpha {
            rgb = self.data.chunks_exact(4).flat_map(on_white).collect();
            (rgb.as_slice(), ExtendedColorType::Rgb8)
        } else {
            rgb = self.data.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
            (rgb.as_slice(), ExtendedColorType::Rgb8)
        };
        let mut out = Vec::new();
        match format {
            Format::Webp => {
                let encoder = if alpha {
                    webp::Encoder::from_rgba(data, self.width, self.height)
                } else {
                    webp::Encoder::from_rgb(data, self.width, self.height)
                };
                let mut config = webp::WebPConfig::new().map_err(|()| failed(&"libwebp has no configuration"))?;
                config.quality = f32::from(quality);
                // libwebp's default effort (method 4): a few percent larger files than its
                // slowest setting for half the time.
                config.method = 4;
                let encoded = encoder
                    .encode_advanced(&config)
                    .map_err(|e| failed(&format!("{e:?}")))?;
                out.extend_from_slice(&encoded);
            }
            Format::Jpeg => {
                JpegEncoder::new_with_quality(&mut out, quality)
                    .write_image(data, self.width, self.height, color)
                    .map_err(|e| failed(&e))?;
            }
            Format::Png => {
                PngEncoder::new_with_quality(
                    &mut out,
                    CompressionType::Fast,
                    image::codecs::png::FilterType::Adaptive,
                )
                .write_image(data, self.width, self.height, color)
                .map_err(|e| failed(&e))?;
            }
        }
        Ok(out)
    }
}

/// An RGBA pixel laid on white: what a transparent photo looks like on a plain page.
fn on_white(pixel: &[u8]) -> [u8; 3] {
    let alpha = u16::from(pixel[3]);
    let blend = |c: u8| {
        let mixed = (u16::from(c) * alpha + 255 * (255 - alpha) + 127) / 255;
        u8::try_from(mixed).unwrap_or(u8::MAX)
    };
    [blend(pixel[0]), blend(pixel[1]), blend(pixel[2])]
}

impl Clone for Pixels {
    fn clone(&self) -> Self {
        Pixels {
            width: self.width,
            height: self.height,
            alpha: self.alpha,
            data: self.data.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_pixels_become_white_in_a_jpeg() {
        assert_eq!(on_white(&[10, 20, 30, 255]), [10, 20, 30]);
        assert_eq!(on_white(&[10, 20, 30, 0]), [255, 255, 255]);
        assert_eq!(on_white(&[0, 0, 0, 128]), [127, 127, 127]);
        let pixels = Pixels {
            width: 2,
            height: 1,
            alpha: true,
            data: vec![0, 0, 0, 0, 0, 0, 0, 255],
        };
        let jpeg = pixels
            .encode(Format::Jpeg, 90)
            .expect("a transparent photo encodes as JPEG");
        let decoded = image::load_from_memory(&jpeg).unwrap().into_rgb8();
        assert!(
            decoded.get_pixel(0, 0).0.iter().all(|&c| c > 200),
            "{:?}",
            decoded.get_pixel(0, 0)
        );
    }
}
