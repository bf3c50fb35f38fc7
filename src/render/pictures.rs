//! The HTML of a photo: a `<picture>` whose WebP `<source>` and fallback `<img>` list every
//! copy with its width (`srcset`), so the browser downloads the smallest copy that is sharp at
//! the width `sizes` says the image is shown; `width` and `height` keep the page from jumping
//! while it loads. Images below the first screen load lazily; the first image of a page, the
//! likely largest paint, is fetched first instead.

use crate::images::copies::Copy;
use crate::plan::photos::Photo;
use html_escape::encode_double_quoted_attribute as attribute;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use std::fmt::Write;

/// How the browser should fetch an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// Below the first screen, probably: `loading="lazy"`.
    Lazy,
    /// The page's main image: fetched early (`fetchpriority="high"`).
    Eager,
}

/// `srcset` of `copies`: `/a-480.x.webp 480w, /a-960.x.webp 960w`, not HTML-escaped.
pub fn srcset(copies: &[Copy], base_path: &str) -> String {
    let mut set = String::new();
    for copy in copies {
        if !set.is_empty() {
            set.push_str(", ");
        }
        set.push_str(&href(copy, base_path));
        let _ = write!(set, " {}w", copy.shape.width);
    }
    set
}

/// What is percent-encoded in the path of a copy's URL: controls, spaces, non-ASCII and what
/// would end a path or a `srcset` candidate (`?`, `#`, `%`, `,`) or cannot stand in an
/// attribute as it is (quotes, angle brackets). `&` and `'` stay: they are HTML-escaped where
/// the URL is written into HTML, and only there.
const URL_ESCAPED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'%')
    .add(b',')
    .add(b'\\')
    .add(b'^')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Root-relative URL of a copy, percent-encoded but not HTML-escaped: templates and JSON
/// escape it as they write it.
pub fn href(copy: &Copy, base_path: &str) -> String {
    format!("{base_path}{}", utf8_percent_encode(&copy.out, URL_ESCAPED))
}

/// The `<picture>` of `photo`; `attributes` are written into its `<img>` as they are (the alt
/// text and title of a markdown image, already escaped: ` alt="…"`).
pub fn picture(photo: &Photo, base_path: &str, sizes: &str, loading: Loading, attributes: &str) -> String {
    let copies = &photo.copies;
    let img_copies = copies.img_copies();
    let sizes = attribute(sizes);
    let mut html = String::with_capacity(512);
    html.push_str("<picture>");
    if !copies.fallback.is_empty() {
        let _ = write!(
            html,
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
            attribute(&srcset(&copies.webp, base_path))
        );
    }
    let largest = img_copies.last().unwrap_or(&copies.plain);
    let _ = write!(
        html,
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{sizes}\"{attributes} width=\"{}\" height=\"{}\"",
        attribute(&href(largest, base_path)),
        attribute(&srcset(img_copies, base_path)),
        largest.shape.width,
        largest.shape.height
    );
    html.push_str(match loading {
        Loading::Lazy => " loading=\"lazy\" decoding=\"async\">",
        Loading::Eager => " fetchpriority=\"high\" decoding=\"async\">",
    });
    html.push_str("</picture>");
    html
}

/// A photo as templates see it (`image()`): what a `<picture>` of it needs.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PhotoView {
    /// The largest copy in the photo's own format (WebP for a WebP photo).
    pub src: String,
    /// Every copy in that format, with its width.
    pub srcset: String,
    /// The WebP copies, for a `<source type="image/webp">`; empty for a WebP photo.
    pub webp_srcset: String,
    pub sizes: String,
    /// Size of `src`.
    pub width: u32,
    pub height: u32,
    /// MIME type of `src`.
    pub mime: &'static str,
}

/// The view of `photo`, with only the copies of `widths` when given (each must be one of the
/// photo's widths).
pub fn view(photo: &Photo, base_path: &str, sizes: &str, widths: Option<&[u32]>) -> Result<PhotoView, String> {
    let copies = &photo.copies;
    let pick = |list: &[Copy]| -> Result<Vec<Copy>, String> {
        let Some(widths) = widths else {
            return Ok(list.to_vec());
        };
        widths
            .iter()
            .map(|w| {
                list.iter().find(|c| c.shape.width == *w).cloned().ok_or_else(|| {
                    let known: Vec<String> = list.iter().map(|c| c.shape.width.to_string()).collect();
                    format!(
                        "the photo has no copy {w} pixels wide (its widths: {})",
                        known.join(", ")
                    )
                })
            })
            .collect()
    };
    let img_copies = pick(copies.img_copies())?;
    let webp = if copies.fallback.is_empty() {
        Vec::new()
    } else {
        pick(&copies.webp)?
    };
    let largest = img_copies.iter().max_by_key(|c| c.shape.width).unwrap_or(&copies.plain);
    Ok(PhotoView {
        src: href(largest, base_path),
        srcset: srcset(&img_copies, base_path),
        webp_srcset: srcset(&webp, base_path),
        sizes: sizes.to_string(),
        width: largest.shape.width,
        height: largest.shape.height,
        mime: largest.format.mime(),
    })
}
