//! Markdown -> HTML for one page, with heading ids from the load pass and every link rewritten
//! to the URL the link index resolved (links were validated before rendering started).

use crate::content::Source;
use crate::content::autolink::Hit;
use crate::content::markdown::{Analysis, MORE_MARKER, options};
use crate::links::LinkIndex;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    /// HTML of the summary: everything before `<!-- more -->`, or the first paragraph.
    pub summary_html: String,
}

/// Renders `source`'s body. Links that do not resolve (impossible after a successful check) are
/// left as written rather than panicking.
pub fn render(source: &Source, analysis: &Analysis, index: &LinkIndex<'_>) -> RenderedBody {
    let mut heading_ids = analysis.headings.iter().map(|h| h.id.as_str());
    let resolve = |dest: CowStr<'_>| -> CowStr<'static> {
        CowStr::from(index.resolve(source, &dest).unwrap_or_else(|_| dest.to_string()))
    };
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut more_at: Option<usize> = None;
    let mut first_paragraph_end: Option<usize> = None;
    let mut depth = 0usize;
    let mut text_index = 0usize;
    let mut autolinks = analysis.autolinks.iter().peekable();
    let mut pending_image: Option<PendingImage<'_>> = None;
    for event in Parser::new_ext(source.body(), options()) {
        // Inside an image written with its size: collect the alt text, then write the tag.
        if pending_image.is_some() {
            continue_image(&event, &mut pending_image, &mut text_index, &mut events);
            continue;
        }
        let event = match event {
            Event::Text(text) => {
                let index = text_index;
                text_index += 1;
                let mut hits = Vec::new();
                while let Some(hit) = autolinks.next_if(|h| h.text_index == index) {
                    hits.push(hit);
                }
                if !hits.is_empty() {
                    push_autolinked(&mut events, &text, &hits, &resolve);
                    continue;
                }
                Event::Text(text)
            }
            Event::Start(Tag::Heading {
                level, classes, attrs, ..
            }) => {
                let id = heading_ids.next().map(|id| CowStr::from(id.to_string()));
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: resolve(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = resolve(dest_url);
                match index.asset_file(&dest_url).and_then(|f| imagesize::size(f).ok()) {
                    // Known size: write the tag ourselves with width and height, so the page
                    // does not jump while the image loads.
                    Some(size) => {
                        pending_image = Some(PendingImage {
                            src: dest_url,
                            title,
                            size,
                            alt: String::new(),
                        });
                        continue;
                    }
                    None => Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                }
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains(MORE_MARKER) => {
                more_at.get_or_insert(events.len());
                continue;
            }
            other => other,
        };
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if *end == TagEnd::Paragraph && depth == 0 && first_paragraph_end.is_none() {
                    first_paragraph_end = Some(events.len() + 1);
                }
            }
            _ => {}
        }
        events.push(event);
    }
    let mut out = RenderedBody::default();
    html::push_html(&mut out.html, events.iter().cloned());
    let cut = more_at.or(first_paragraph_end).unwrap_or(0).min(events.len());
    html::push_html(&mut out.summary_html, events[..cut].iter().cloned());
    out
}

/// An image whose size is known, while its alt text is read.
struct PendingImage<'e> {
    src: CowStr<'static>,
    title: CowStr<'e>,
    size: imagesize::ImageSize,
    alt: String,
}

/// One event inside a [`PendingImage`]: text goes to the alt text (counted like any text, so
/// autolink positions stay aligned), the image's end writes the tag.
fn continue_image<'e>(
    event: &Event<'e>,
    pending: &mut Option<PendingImage<'e>>,
    text_index: &mut usize,
    events: &mut Vec<Event<'e>>,
) {
    match event {
        Event::Text(text) => {
            *text_index += 1;
            if let Some(image) = pending.as_mut() {
                image.alt.push_str(text);
            }
        }
        Event::Code(text) => {
            if let Some(image) = pending.as_mut() {
                image.alt.push_str(text);
            }
        }
        Event::End(TagEnd::Image) => {
            if let Some(image) = pending.take() {
                let html = sized_image(&image.src, &image.title, &image.alt, image.size);
                events.push(Event::InlineHtml(CowStr::from(html)));
            }
        }
        _ => {}
    }
}

/// `<img>` with its intrinsic size, escaped by the crate, as pulldown-cmark would write it otherwise.
fn sized_image(src: &str, title: &str, alt: &str, size: imagesize::ImageSize) -> String {
    use html_escape::{encode_double_quoted_attribute as attr, encode_safe};
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", attr(title))
    };
    format!(
        "<img src=\"{}\" alt=\"{}\"{title} width=\"{}\" height=\"{}\">",
        encode_safe(src),
        attr(alt),
        size.width,
        size.height
    )
}

/// Splits a text event around its autolinks: text, link start, phrase, link end, text.
fn push_autolinked<'e>(
    events: &mut Vec<Event<'e>>,
    text: &str,
    hits: &[&Hit],
    resolve: &dyn Fn(CowStr<'_>) -> CowStr<'static>,
) {
    let mut at = 0;
    for hit in hits {
        if hit.start > at {
            events.push(Event::Text(CowStr::from(text[at..hit.start].to_string())));
        }
        let dest_url = resolve(CowStr::from(hit.dest.as_str()));
        let link = Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            title: CowStr::from(""),
            id: CowStr::from(""),
        };
        events.push(Event::Start(link));
        events.push(Event::Text(CowStr::from(text[hit.start..hit.end].to_string())));
        events.push(Event::End(TagEnd::Link));
        at = hit.end;
    }
    if at < text.len() {
        events.push(Event::Text(CowStr::from(text[at..].to_string())));
    }
}
