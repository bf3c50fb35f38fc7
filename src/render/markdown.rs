//! Markdown -> HTML for one page, with heading ids from the load pass and every link rewritten
//! to the URL the link index resolved (links were validated before rendering started).

use crate::content::Source;
use crate::content::autolink::Hit;
use crate::content::markdown::{Analysis, Heading, MORE_MARKER, RawLink, options};
use crate::links::{LinkIndex, Resolution};
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};
use std::cell::Cell;
use std::collections::VecDeque;

/// How many links ahead [`BodyEvents::resolve`] looks for the one it meets: enough to step over
/// the links of image descriptions, few enough to stay linear on a page of many links.
const LOOK_AHEAD: usize = 16;

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    /// HTML of the summary: everything before `<!-- more -->`, or the first paragraph.
    pub summary_html: String,
}

/// Renders `source`'s body. Links that do not resolve (impossible after a successful check) are
/// left as written rather than panicking.
///
/// Events stream from the parser through the rewriting below straight into the HTML writer, and
/// the summary is the prefix of the HTML written before its cut: collecting the events of a page
/// and writing them twice (page and summary) cost a sixth of rendering markdown.
///
/// `resolved` holds what the links of `analysis` resolved to, when known (see
/// [`crate::links::DocLinks`]); links are resolved again otherwise.
pub fn render(
    source: &Source,
    analysis: &Analysis,
    index: &LinkIndex<'_>,
    resolved: Option<&[Resolution]>,
) -> RenderedBody {
    let written = Cell::new(0);
    let mut html = String::with_capacity(source.body().len() + source.body().len() / 2);
    let mut events = BodyEvents {
        parser: Parser::new_ext(source.body(), options()),
        headings: analysis.headings.iter(),
        autolinks: analysis.autolinks.iter().peekable(),
        index,
        source,
        links: &analysis.links,
        resolved: resolved.unwrap_or_default(),
        next_link: 0,
        queued: VecDeque::new(),
        text_index: 0,
        depth: 0,
        written: &written,
        paragraph_ends_next: false,
        first_paragraph: None,
        more: None,
    };
    let writer = Counting {
        out: &mut html,
        written: &written,
    };
    // Writing to a `String` cannot fail.
    let _ = html::write_html_fmt(writer, &mut events);
    if events.paragraph_ends_next && events.first_paragraph.is_none() {
        events.first_paragraph = Some(written.get());
    }
    let cut = events.more.or(events.first_paragraph).unwrap_or(0);
    RenderedBody {
        summary_html: html[..cut.min(html.len())].to_string(),
        html,
    }
}

/// A `String` that publishes its length after every write, so the event stream knows how much
/// HTML its earlier events became.
struct Counting<'a> {
    out: &'a mut String,
    written: &'a Cell<usize>,
}

impl std::fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// The parser's events with knead's rewrites: heading ids from the load pass, resolved links and
/// autolinks, images with their size; it also finds where the summary ends.
struct BodyEvents<'s, 'i> {
    parser: Parser<'s>,
    headings: std::slice::Iter<'s, Heading>,
    autolinks: std::iter::Peekable<std::slice::Iter<'s, Hit>>,
    index: &'i LinkIndex<'i>,
    source: &'s Source,
    /// The links of the body as the load pass saw them, in order, and what they resolved to.
    links: &'s [RawLink],
    resolved: &'s [Resolution],
    /// The link the renderer should meet next.
    next_link: usize,
    /// Events produced ahead, by an autolinked text.
    queued: VecDeque<Event<'s>>,
    text_index: usize,
    depth: usize,
    written: &'s Cell<usize>,
    /// The event just handed out ends the first paragraph.
    paragraph_ends_next: bool,
    /// Length of the HTML up to the end of the first paragraph, and up to the first
    /// `<!-- more -->`, once known: the summary is the latter, else the former.
    first_paragraph: Option<usize>,
    more: Option<usize>,
}

impl<'s> BodyEvents<'s, '_> {
    /// The href of a link or image, as resolved before: links arrive in the order the load pass
    /// saw them, except that a link inside a sized image's description never arrives, so the
    /// next link with the same destination is taken (the same destination resolves the same).
    /// Resolved now when unknown (or more than [`LOOK_AHEAD`] links ahead).
    fn resolve(&mut self, dest: &str) -> CowStr<'static> {
        let ahead = self.links.get(self.next_link..).unwrap_or_default();
        let known = ahead
            .iter()
            .take(LOOK_AHEAD)
            .position(|l| l.dest == dest)
            .and_then(|i| Some((i, self.resolved.get(self.next_link + i)?)));
        let href = match known {
            Some((i, resolution)) => {
                self.next_link += i + 1;
                resolution.as_ref().map(|href| href.text(self.index)).map_err(|_| ())
            }
            None => self.index.resolve(self.source, dest).map_err(|_| ()),
        };
        CowStr::from(href.unwrap_or_else(|()| dest.to_string()))
    }

    /// The next event after the rewrites, before the summary bookkeeping.
    fn rewritten(&mut self) -> Option<Event<'s>> {
        if let Some(event) = self.queued.pop_front() {
            return Some(event);
        }
        loop {
            let event = self.parser.next()?;
            return Some(match event {
                Event::Text(text) => {
                    let index = self.text_index;
                    self.text_index += 1;
                    let mut hits = Vec::new();
                    while let Some(hit) = self.autolinks.next_if(|h| h.text_index == index) {
                        hits.push(hit);
                    }
                    if hits.is_empty() {
                        Event::Text(text)
                    } else {
                        let mut events = Vec::new();
                        push_autolinked(&mut events, &text, &hits, &mut |d| self.resolve(&d));
                        self.queued.extend(events);
                        match self.queued.pop_front() {
                            Some(first) => first,
                            None => continue,
                        }
                    }
                }
                Event::Start(Tag::Heading {
                    level, classes, attrs, ..
                }) => {
                    let id = self.headings.next().map(|h| CowStr::from(h.id.clone()));
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
                    dest_url: self.resolve(&dest_url),
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.resolve(&dest_url);
                    match self.index.asset_file(&dest_url).and_then(|f| imagesize::size(f).ok()) {
                        // Known size: write the tag ourselves with width and height, so the page
                        // does not jump while the image loads.
                        Some(size) => self.sized_image_event(PendingImage {
                            src: dest_url,
                            title,
                            size,
                            alt: String::new(),
                        }),
                        None => Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }),
                    }
                }
                Event::Html(ref h) | Event::InlineHtml(ref h) if h.contains(MORE_MARKER) => {
                    self.more.get_or_insert(self.written.get());
                    continue;
                }
                other => other,
            });
        }
    }

    /// Reads the alt text of an image whose size is known up to its end (text counted like any
    /// text, so autolink positions stay aligned) and returns the `<img>` tag.
    fn sized_image_event(&mut self, mut image: PendingImage<'s>) -> Event<'s> {
        for event in self.parser.by_ref() {
            match event {
                Event::Text(text) => {
                    self.text_index += 1;
                    image.alt.push_str(&text);
                }
                Event::Code(text) => image.alt.push_str(&text),
                Event::End(TagEnd::Image) => break,
                _ => {}
            }
        }
        Event::InlineHtml(CowStr::from(sized_image(
            &image.src,
            &image.title,
            &image.alt,
            image.size,
        )))
    }
}

impl<'s> Iterator for BodyEvents<'s, '_> {
    type Item = Event<'s>;

    fn next(&mut self) -> Option<Event<'s>> {
        // The writer wrote the previous event before asking for this one.
        if std::mem::take(&mut self.paragraph_ends_next) {
            self.first_paragraph.get_or_insert(self.written.get());
        }
        let event = self.rewritten()?;
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(1);
                if *end == TagEnd::Paragraph && self.depth == 0 && self.first_paragraph.is_none() {
                    self.paragraph_ends_next = true;
                }
            }
            _ => {}
        }
        Some(event)
    }
}

/// An image whose size is known, while its alt text is read.
struct PendingImage<'e> {
    src: CowStr<'static>,
    title: CowStr<'e>,
    size: imagesize::ImageSize,
    alt: String,
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
    resolve: &mut dyn FnMut(CowStr<'_>) -> CowStr<'static>,
) {
    let mut at = 0;
    for hit in hits {
        if hit.start > at {
            events.push(Event::Text(CowStr::from(text[at..hit.start].to_string())));
        }
        let dest_url = resolve(CowStr::from(&*hit.dest));
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
