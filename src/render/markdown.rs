//! A page body's HTML, written at load time (see [`crate::load::body_html`]), with its holes
//! filled: every link's href is the URL the link index resolved (links were validated before
//! rendering started), a photo becomes a `<picture>` of its copies (see [`super::pictures`]),
//! and another image whose size is known gets width and height.

use crate::load::Source;
use crate::load::body_html::{BodyHtml, Hole, IMG_OPEN};
use crate::load::markdown::Analysis;
use crate::load::theme::StaticData;
use crate::plan::fingerprint::Fingerprints;
use crate::plan::photos::Photos;
use crate::resolve::links::{LinkIndex, Resolution};
use std::fmt::Write;

use super::pictures::{self, Loading};

/// What turning a body's images into pictures needs.
#[derive(Clone, Copy)]
pub struct Pictures<'a> {
    pub photos: &'a Photos,
    /// The static files, for the size of an image that is no photo (SVG, GIF).
    pub statics: &'a Fingerprints,
    pub base_path: &'a str,
    /// Whether the body's first image is the page's main one (fetched first, not lazily): true
    /// unless the page names an `image:` or an `extra.hero_image`, which the theme shows above
    /// the body.
    pub first_is_main: bool,
}

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    /// HTML of the summary: everything before `<!-- more -->`, or up to the end of the first
    /// paragraph, with the elements open there closed.
    pub summary_html: String,
    /// Where components wrote their output into `html`: the only stretches of the body whose
    /// links and ids the load stage does not know (see [`crate::sink::KnownBody`]).
    pub component_outputs: Vec<std::ops::Range<usize>>,
}

/// Renders `body`, the body of `source` as loaded with `analysis`. Links that do not resolve (impossible after a
/// successful check) are left as written rather than panicking.
///
/// `resolved` holds what the links of `analysis` resolved to, when known (see
/// [`crate::resolve::links::DocLinks`]); links are resolved again otherwise.
pub fn render(
    source: &Source,
    analysis: &Analysis,
    body: &BodyHtml,
    index: &LinkIndex<'_>,
    resolved: Option<&[Resolution]>,
    pictures: Pictures<'_>,
) -> RenderedBody {
    let mut filling = Filling {
        from: &body.html,
        html: String::with_capacity(body.html.len() + body.holes.len() * 48),
        copied: 0,
        summary_end: body.summary_end,
        summary_len: None,
        pictures,
        images: 0,
    };
    for hole in &body.holes {
        let Some(link) = analysis.links.get(hole.link) else {
            continue;
        };
        let known = resolved.and_then(|r| r.get(hole.link));
        let href = match known {
            Some(resolution) => resolution.as_ref().map(|href| href.text(index)).map_err(|_| ()),
            None => index.href(source, &link.dest).map_err(|_| ()),
        };
        let href = href.unwrap_or_else(|()| link.dest.clone());
        filling.fill(hole, &href, index);
    }
    filling.copy_to(body.html.len());
    let summary_len = filling.summary_len.unwrap_or(0);
    RenderedBody {
        summary_html: [&filling.html[..summary_len], body.summary_closing.as_str()].concat(),
        html: filling.html,
        component_outputs: Vec::new(),
    }
}

/// The body's HTML being copied with its holes filled.
struct Filling<'a> {
    from: &'a str,
    html: String,
    /// Bytes of `from` copied or replaced so far.
    copied: usize,
    summary_end: usize,
    /// Where the summary ends in `html`, once copied that far.
    summary_len: Option<usize>,
    pictures: Pictures<'a>,
    /// Images filled so far.
    images: usize,
}

impl Filling<'_> {
    /// Copies `from` up to byte `to`.
    fn copy_to(&mut self, to: usize) {
        let to = to.max(self.copied);
        if self.summary_len.is_none() && (self.copied..=to).contains(&self.summary_end) {
            self.summary_len = Some(self.html.len() + self.summary_end - self.copied);
        }
        self.html.push_str(&self.from[self.copied..to]);
        self.copied = to;
    }

    fn fill(&mut self, hole: &Hole, href: &str, index: &LinkIndex<'_>) {
        let Some(image) = &hole.image else {
            self.copy_to(hole.at);
            // Writing to a `String` cannot fail.
            let _ = pulldown_cmark_escape::escape_href(&mut self.html, href);
            return;
        };
        self.images += 1;
        let out = crate::plan::photos::out_of_href(href, self.pictures.base_path);
        if let Some(photo) = out.and_then(|out| self.pictures.photos.get(out))
            && let Some(rest) = self.from.get(hole.at..image.tag.end)
        {
            // A photo: the `<picture>` of its copies, with the alt text and title as written.
            let attributes = rest.strip_prefix('"').unwrap_or(rest);
            let attributes = attributes.strip_suffix(" />").unwrap_or(attributes);
            let loading = if self.images == 1 && self.pictures.first_is_main {
                Loading::Eager
            } else {
                Loading::Lazy
            };
            let p = self.pictures;
            let sizes = &p.photos.settings.sizes;
            self.copy_to(image.tag.start);
            self.html
                .push_str(&pictures::picture(photo, p.base_path, sizes, loading, attributes));
            self.copied = image.tag.end.max(self.copied);
            return;
        }
        let size = index
            .asset_file(href)
            .and_then(|f| imagesize::size(f).ok())
            .or_else(|| match self.pictures.statics.source(out?)? {
                StaticData::Disk(path) => imagesize::size(path).ok(),
                StaticData::Embedded(bytes) => imagesize::blob_size(bytes).ok(),
            });
        if let Some(size) = size
            && let Some(rest) = self.from.get(hole.at..image.tag.end)
        {
            // Known size: the tag gets width and height, so the page does not jump while the
            // image loads. Its alt text and title stay as the writer wrote them.
            self.copy_to(image.tag.start);
            self.html.push_str(IMG_OPEN);
            let _ = pulldown_cmark_escape::escape_href(&mut self.html, href);
            self.html.push_str(rest.strip_suffix(" />").unwrap_or(rest));
            let _ = write!(self.html, " width=\"{}\" height=\"{}\">", size.width, size.height);
            self.copied = image.tag.end.max(self.copied);
            return;
        }
        self.copy_to(hole.at);
        // Writing to a `String` cannot fail.
        let _ = pulldown_cmark_escape::escape_href(&mut self.html, href);
    }
}
