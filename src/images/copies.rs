//! The files one photo becomes, decided from its header alone: a WebP and a copy in the photo's
//! own format at each width, the photo's own name (the largest copy in its own format, so old
//! links and `![](room.jpg)` in feeds still show it, without metadata), and on demand a
//! 1200 × 630 social card. Each name carries part of the photo's key, so a changed photo gets
//! new names and hosts may cache every copy for a year.

use super::ImageSettings;
use super::encode::Shape;
use super::probe::{Format, Probed, Problem};
use super::settings::MAX_SIDE;

/// Social cards (`og:image`) are this shape: what link previews show without cropping.
pub const CARD: Shape = Shape {
    width: 1200,
    height: 630,
};

/// One file made from a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// Output path.
    pub out: String,
    pub format: Format,
    pub shape: Shape,
    /// Name of its cache entry.
    pub cache_name: String,
}

/// Every file made from one photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copies {
    /// WebP copies, narrowest first.
    pub webp: Vec<Copy>,
    /// Copies in the photo's own format, narrowest first: what browsers without WebP show.
    /// Empty for a WebP photo, whose own format is WebP.
    pub fallback: Vec<Copy>,
    /// The photo's own output path, holding the largest copy in its own format.
    pub plain: Copy,
    /// The social card, written only when a page names the photo as its `image:`.
    pub card: Copy,
}

impl Copies {
    /// The copies of the photo `probed`, published at output path `out` (`guides/x/room.jpg`).
    pub fn plan(out: &str, probed: &Probed, settings: &ImageSettings) -> Self {
        let (stem, _) = split_extension(out);
        let hash = &probed.key[..8];
        let copy = |tag: &str, format: Format, shape: Shape| Copy {
            out: format!("{stem}-{tag}.{hash}.{}", format.extension()),
            format,
            shape,
            cache_name: format!("{}-{tag}.{}", probed.key, format.extension()),
        };
        let scaled = |width: u32| Shape {
            width,
            height: scaled_height(probed, width),
        };
        let widths = settings.widths_for(probed.width);
        let webp: Vec<Copy> = widths
            .iter()
            .map(|&w| copy(&w.to_string(), Format::Webp, scaled(w)))
            .collect();
        let fallback: Vec<Copy> = if probed.format == Format::Webp {
            Vec::new()
        } else {
            widths
                .iter()
                .map(|&w| copy(&w.to_string(), probed.format, scaled(w)))
                .collect()
        };
        let largest = fallback.last().or(webp.last()).cloned();
        let largest_width = widths.last().copied().unwrap_or(probed.width);
        let plain = Copy {
            out: out.to_string(),
            ..largest.unwrap_or_else(|| copy(&largest_width.to_string(), probed.format, scaled(largest_width)))
        };
        let card_format = if probed.format == Format::Png {
            Format::Png
        } else {
            Format::Jpeg
        };
        Copies {
            webp,
            fallback,
            plain,
            card: copy("card", card_format, card_shape(probed)),
        }
    }

    /// What is wrong with the copies, if one would be wider or taller than a WebP image can be
    /// ([`MAX_SIDE`]): a long screenshot keeps its height at every width.
    pub fn problem(&self) -> Option<Problem> {
        let tallest = self
            .outputs()
            .chain(std::iter::once(&self.card))
            .map(|c| c.shape)
            .max_by_key(|s| s.width.max(s.height))?;
        (tallest.width.max(tallest.height) > MAX_SIDE).then(|| {
            Problem::new(
                format!(
                    "its copies would be {} × {} pixels, more than the {MAX_SIDE} a WebP image can have on a side",
                    tallest.width, tallest.height
                ),
                "crop the image, or split a long screenshot into several shorter images",
            )
        })
    }

    /// Every output path but the card's.
    pub fn outputs(&self) -> impl Iterator<Item = &Copy> {
        self.webp
            .iter()
            .chain(&self.fallback)
            .chain(std::iter::once(&self.plain))
    }

    /// The copies browsers without WebP pick from: the fallback, or the WebP copies of a WebP
    /// photo.
    pub fn img_copies(&self) -> &[Copy] {
        if self.fallback.is_empty() {
            &self.webp
        } else {
            &self.fallback
        }
    }
}

/// The height of the copy `width` pixels wide, keeping the photo's proportions.
fn scaled_height(probed: &Probed, width: u32) -> u32 {
    let height = (u64::from(probed.height) * u64::from(width) + u64::from(probed.width) / 2) / u64::from(probed.width);
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

/// The social card's shape: 1200 × 630, or the largest shape of those proportions that fits a
/// smaller photo (never enlarged).
fn card_shape(probed: &Probed) -> Shape {
    let width = u64::from(CARD.width.min(probed.width));
    let height = width * u64::from(CARD.height) / u64::from(CARD.width);
    let (width, height) = if height > u64::from(probed.height) {
        let height = u64::from(probed.height);
        (height * u64::from(CARD.width) / u64::from(CARD.height), height)
    } else {
        (width, height)
    };
    Shape {
        width: u32::try_from(width).unwrap_or(1).max(1),
        height: u32::try_from(height).unwrap_or(1).max(1),
    }
}

/// `dir/room.jpg` -> (`dir/room`, `jpg`).
fn split_extension(path: &str) -> (&str, &str) {
    match path.rfind('.') {
        Some(dot) if !path[dot..].contains('/') => (&path[..dot], &path[dot + 1..]),
        _ => (path, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probed(format: Format, width: u32, height: u32) -> Probed {
        Probed {
            format,
            width,
            height,
            key: "0123456789abcdef0123456789abcdef".into(),
        }
    }

    #[test]
    fn a_phone_photo_gets_four_widths_in_two_formats_and_keeps_its_name() {
        let c = Copies::plan(
            "guides/x/room.jpg",
            &probed(Format::Jpeg, 4000, 3000),
            &ImageSettings::default(),
        );
        let names: Vec<&str> = c.webp.iter().map(|c| c.out.as_str()).collect();
        assert_eq!(names[0], "guides/x/room-480.01234567.webp");
        assert_eq!(c.webp.len(), 4);
        assert_eq!(c.fallback[3].out, "guides/x/room-1920.01234567.jpg");
        assert_eq!(
            c.fallback[3].shape,
            Shape {
                width: 1920,
                height: 1440
            }
        );
        assert_eq!(c.plain.out, "guides/x/room.jpg");
        assert_eq!(c.plain.shape, c.fallback[3].shape);
        assert_eq!(c.card.shape, CARD);
    }

    #[test]
    fn copies_taller_than_webp_allows_are_refused() {
        let s = ImageSettings::default();
        let tall = Copies::plan("shot.png", &probed(Format::Png, 1000, 30_000), &s);
        let problem = tall.problem().expect("the copy of its own width, 1000, is 30000 tall");
        assert!(problem.message.contains("1000 × 30000"), "{problem:?}");
        assert!(
            Copies::plan("a.jpg", &probed(Format::Jpeg, 4000, 16_000), &s)
                .problem()
                .is_none()
        );
    }

    #[test]
    fn small_and_webp_photos_are_not_enlarged() {
        let c = Copies::plan("a.webp", &probed(Format::Webp, 600, 300), &ImageSettings::default());
        assert!(c.fallback.is_empty());
        assert_eq!(c.webp.len(), 2);
        assert_eq!(
            c.plain.shape,
            Shape {
                width: 600,
                height: 300
            }
        );
        assert_eq!(c.plain.format, Format::Webp);
        assert_eq!(
            c.card.shape,
            Shape {
                width: 571,
                height: 300
            }
        );
    }
}
