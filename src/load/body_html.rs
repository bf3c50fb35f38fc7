//! A body's HTML, written at load time in the same parse as its analysis, with holes where the
//! hrefs of its links and images go: they can only be resolved once every page is loaded.
//! Filling the holes ([`crate::render::markdown`]) is a copy; parsing the markdown a second
//! time to render it was a sixth of a build.
//!
//! pulldown-cmark's own HTML writer writes the body, so the output is exactly what it writes for
//! the resolved links. A link or image gets a marker as its destination; the writer below
//! records where the marker would have been written instead of writing it.

use super::alt_text::AltText;
use super::callout;
use super::markdown::{MORE_MARKER, Pass, options};
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// The destination given to links and images whose href is left open. The writer recognises
/// it by address, not by text, so no text a page could contain is mistaken for it. It needs no
/// escaping, so the escaper hands it to the writer in one piece.
static HOLE: &str = "knead-href";

/// What pulldown-cmark writes before an image's `src`.
pub const IMG_OPEN: &str = "<img src=\"";

/// A body rendered to HTML, hrefs left open.
#[derive(Debug, Clone, Default)]
pub struct BodyHtml {
    pub html: String,
    /// In the order they appear in `html`.
    pub holes: Vec<Hole>,
    /// Where the summary ends in `html`: at `<!-- more -->`, else after the first paragraph.
    /// A marker inside a block of HTML (where a cut could fall inside a tag, or inside an
    /// element the block closes) ends the summary where the block starts.
    pub summary_end: usize,
    /// The HTML that closes the elements open where the summary ends, in the order they close.
    pub summary_closing: String,
}

/// A body as the site holds it: shared with whoever renders it, so that a build can free each
/// body once every output showing it is rendered (the page and its feeds; see
/// [`crate::render::run::Run::freeing_bodies`]). `knead serve` keeps them all.
#[derive(Debug, Default)]
pub struct SharedBody(Mutex<Option<Arc<BodyHtml>>>);

impl SharedBody {
    pub fn new(body: BodyHtml) -> Self {
        SharedBody(Mutex::new(Some(Arc::new(body))))
    }

    /// The body; empty once forgotten.
    pub fn get(&self) -> Arc<BodyHtml> {
        self.lock().clone().unwrap_or_default()
    }

    /// Gives the body's HTML and holes back the room they grew into while it was written: a
    /// build holds every page's body from loading to rendering, and a string that grew by
    /// doubling holds up to twice its length. Bodies are kept uncompressed: compressing them
    /// would cost about a tenth of a build's instructions, and without transparent huge pages
    /// (see `prefer_small_pages` in main.rs) they fit the memory budget as they are.
    pub fn shrink(&self) {
        let mut stored = self.lock();
        if let Some(body) = stored.as_mut().and_then(Arc::get_mut) {
            body.html.shrink_to_fit();
            body.holes.shrink_to_fit();
        }
    }

    /// Frees the body as soon as its current readers are done with it.
    pub fn forget(&self) {
        self.lock().take();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<BodyHtml>>> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clone for SharedBody {
    fn clone(&self) -> Self {
        SharedBody(Mutex::new(self.lock().clone()))
    }
}

/// Where one href goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hole {
    /// Byte offset in [`BodyHtml::html`].
    pub at: usize,
    /// The link, as an index in [`super::markdown::Analysis::links`].
    pub link: usize,
    /// For an image: what replacing the whole tag by one with width and height needs, in case
    /// the image's size turns out to be known.
    pub image: Option<Box<ImageHole>>,
}

/// An `<img>` tag, as pulldown-cmark wrote it: `<img src="`, the hole, then `" alt="…"`, the
/// title if any, and `" />`. A tag written with width and height keeps its alt text and title as
/// written, so they are the same whether or not the image's size is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageHole {
    /// The tag's bytes in [`BodyHtml::html`].
    pub tag: Range<usize>,
}

thread_local! {
    /// The HTML being written. Written here and then copied to a string of its exact size, the
    /// bodies that a build keeps until rendering waste no capacity and leave no holes.
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Parses `body` once, feeding every event to `pass` and writing the HTML.
pub(super) fn render(body: &str, pass: &mut Pass<'_>) -> BodyHtml {
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.clear();
        render_into(body, pass, scratch)
    })
}

fn render_into(body: &str, pass: &mut Pass<'_>, html: &mut String) -> BodyHtml {
    let written = Cell::new(0);
    let ends_line = Cell::new(true);
    let mut marks = Vec::new();
    let mut events = LoadEvents {
        parser: Parser::new_ext(body, options()).into_offset_iter(),
        pass,
        queued: VecDeque::new(),
        hole_links: Vec::new(),
        open_image: None,
        images: Vec::new(),
        written: &written,
        ends_line: &ends_line,
        terms: 0,
        image_depth: 0,
        image_ends_next: false,
        image_ends: Vec::new(),
        paragraph_ends_next: false,
        html_block: None,
        first_paragraph: None,
        more: None,
    };
    let writer = MarkingWriter {
        out: html,
        written: &written,
        ends_line: &ends_line,
        marks: &mut marks,
    };
    // Writing to a `String` cannot fail.
    let _ = html::write_html_fmt(writer, &mut events);
    events.handed_out_last();
    let summary = events.more.take().or(events.first_paragraph.take());
    let (summary_end, summary_closing) =
        summary.map_or((0, String::new()), |cut| (cut.at.unwrap_or(html.len()), cut.closing));
    debug_assert_eq!(
        marks.len(),
        events.hole_links.len(),
        "every marker handed out is written"
    );
    let mut holes: Vec<Hole> = marks
        .iter()
        .zip(&events.hole_links)
        .map(|(&at, &link)| Hole { at, link, image: None })
        .collect();
    for (image, end) in events.images.into_iter().zip(events.image_ends) {
        if let Some(hole) = holes.get_mut(image.hole) {
            hole.image = Some(Box::new(ImageHole {
                tag: hole.at.saturating_sub(IMG_OPEN.len())..end,
            }));
        }
    }
    BodyHtml {
        html: html.as_str().to_owned(),
        holes,
        summary_end: summary_end.min(html.len()),
        summary_closing,
    }
}

/// Where a summary ends in a body's HTML.
#[derive(Debug)]
struct Cut {
    /// The HTML that closes the elements open there, known once the event before the cut is
    /// read (the events of a heading are all read before its start is written).
    closing: String,
    /// Byte offset in the HTML, known once the event before the cut is written.
    at: Option<usize>,
}

/// A `String` that publishes its length and whether it ends a line after every write and,
/// instead of writing [`HOLE`], records where it would have gone.
struct MarkingWriter<'a> {
    out: &'a mut String,
    written: &'a Cell<usize>,
    ends_line: &'a Cell<bool>,
    marks: &'a mut Vec<usize>,
}

impl std::fmt::Write for MarkingWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if std::ptr::eq(s, HOLE) {
            self.marks.push(self.out.len());
        } else if let Some(last) = s.as_bytes().last() {
            self.out.push_str(s);
            self.written.set(self.out.len());
            self.ends_line.set(*last == b'\n');
        }
        Ok(())
    }
}

/// An image whose description is being read.
struct OpenImage {
    /// Which hole is its `src`.
    hole: usize,
    alt: AltText,
}

/// The parser's events as the writer gets them: analysed, links and images given [`HOLE`],
/// autolinks split out of their text, heading ids added, definition list terms written with
/// theirs, alerts written as callouts; it also finds where the summary and each image tag end.
struct LoadEvents<'s, 'p, 'r> {
    parser: pulldown_cmark::OffsetIter<'s, pulldown_cmark::DefaultBrokenLinkCallback>,
    pass: &'p mut Pass<'r>,
    /// Events read ahead: the pieces of an autolinked text, a heading up to its end.
    queued: VecDeque<Event<'s>>,
    /// The link each [`HOLE`] handed out stands for, in order.
    hole_links: Vec<usize>,
    open_image: Option<OpenImage>,
    /// Images read to their end, in order.
    images: Vec<OpenImage>,
    written: &'p Cell<usize>,
    /// Whether the HTML written so far ends a line (or is empty), as the writer tells before
    /// starting a block on a line of its own.
    ends_line: &'p Cell<bool>,
    /// Definition list terms handed out.
    terms: usize,
    /// Images open among the events handed out.
    image_depth: usize,
    /// The event just handed out ends an image tag.
    image_ends_next: bool,
    /// Where each image tag ends in the HTML, in order.
    image_ends: Vec<usize>,
    /// The event just handed out ends the first paragraph.
    paragraph_ends_next: bool,
    /// Where the block of HTML being handed out starts.
    html_block: Option<usize>,
    /// Where the summary ends if it is the first paragraph, and where it ends at the first
    /// `<!-- more -->`, once known: the summary is the latter, else the former.
    first_paragraph: Option<Cut>,
    more: Option<Cut>,
}

impl<'s> LoadEvents<'s, '_, '_> {
    /// Reads a heading or a definition list term from its start event to its end into
    /// `queued`, so that its id (made from its text) is known when its start tag is written.
    fn read_titled(&mut self, start: Event<'s>, at: usize) {
        let slot = self.queued.len();
        self.take_into_queue(start, at);
        while let Some((event, range)) = self.parser.next() {
            let end = matches!(event, Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle));
            self.take_into_queue(event, range.start);
            if end {
                break;
            }
        }
        if let Some(Event::Start(Tag::Heading { id, .. })) = self.queued.get_mut(slot) {
            *id = self.pass.last_heading_id().map(|i| CowStr::from(i.to_string()));
        }
    }

    /// [`Self::take`], keeping what the writer gets in `queued`.
    fn take_into_queue(&mut self, mut event: Event<'s>, at: usize) {
        if self.take(&mut event, at) {
            self.queued.push_back(event);
        }
    }

    /// Analyses one event (at byte `at` of the body) and turns it into what the writer gets
    /// for it, in place. Returns false when the event was replaced by pieces in `queued` (an
    /// autolinked text) or by nothing (HTML in an image description). Events are large (a link
    /// carries three strings): changed where they lie instead of rebuilt, they are not copied
    /// around for every one of a page's hundreds.
    fn take(&mut self, event: &mut Event<'s>, at: usize) -> bool {
        // The body's text was cleaned before parsing, but a character reference (`&#1;`) is
        // decoded by the parser into the character it names: only text the parser made, not
        // borrowed from the body, needs another look.
        if let Event::Text(text) | Event::Start(Tag::Link { title: text, .. } | Tag::Image { title: text, .. }) = event
            && !matches!(text, CowStr::Borrowed(_))
            && let std::borrow::Cow::Owned(clean) = crate::control_chars::replace(text)
        {
            *text = clean.into();
        }
        if let Some(image) = self.open_image.as_mut()
            && !image.alt.describe(event)
        {
            return false;
        }
        match event {
            Event::Start(tag) => {
                self.pass.start(tag, at, self.parser.reference_definitions());
                self.open_href(tag);
            }
            Event::End(end) => {
                self.pass.end(*end);
                if *end == TagEnd::Paragraph && self.pass.at_top_level() && self.first_paragraph.is_none() {
                    self.first_paragraph = Some(Cut {
                        closing: self.pass.closing(),
                        at: None,
                    });
                }
                if self.open_image.as_ref().is_some_and(|i| i.alt.is_done()) {
                    self.images.extend(self.open_image.take());
                }
            }
            Event::Text(text) => {
                let hits = self.pass.text(text, Some(at));
                if !hits.is_empty() {
                    let text = std::mem::replace(text, CowStr::Borrowed(""));
                    self.queue_autolinked(text, &hits);
                    return false;
                }
            }
            Event::Code(text) => {
                self.pass.text(text, None);
            }
            Event::SoftBreak | Event::HardBreak => self.pass.line_break(),
            Event::Html(html) | Event::InlineHtml(html) => {
                if self.more.is_none() && html.contains(MORE_MARKER) {
                    self.more = Some(Cut {
                        closing: self.pass.closing(),
                        at: None,
                    });
                }
                self.pass.html(html, at);
            }
            Event::FootnoteReference(_) => self.pass.footnote_reference(),
            _ => {}
        }
        true
    }

    /// Gives a link or image [`HOLE`] as its destination, unless it is inside an image's
    /// description, where the writer ignores links and images.
    fn open_href(&mut self, tag: &mut Tag<'s>) {
        if self.open_image.is_some() {
            return;
        }
        match tag {
            Tag::Link { dest_url, .. } => {
                self.hole_links.push(self.pass.last_link());
                *dest_url = CowStr::Borrowed(HOLE);
            }
            Tag::Image { dest_url, .. } => {
                self.open_image = Some(OpenImage {
                    hole: self.hole_links.len(),
                    alt: AltText::new(),
                });
                self.hole_links.push(self.pass.last_link());
                *dest_url = CowStr::Borrowed(HOLE);
            }
            _ => {}
        }
    }

    /// Queues a text split around its autolinks: text, link start, phrase, link end, text. The
    /// links of `hits` are the last ones of the analysis.
    fn queue_autolinked(&mut self, text: CowStr<'s>, hits: &[crate::load::autolink::Hit]) {
        let piece = |range: Range<usize>| match &text {
            CowStr::Borrowed(s) => CowStr::Borrowed(&s[range]),
            other => CowStr::from(other[range].to_string()),
        };
        let first_link = self.pass.out.links.len() - hits.len();
        let mut at = 0;
        for (i, hit) in hits.iter().enumerate() {
            if hit.start > at {
                self.queued.push_back(Event::Text(piece(at..hit.start)));
            }
            self.hole_links.push(first_link + i);
            self.queued.push_back(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::Borrowed(HOLE),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            self.queued.push_back(Event::Text(piece(hit.start..hit.end)));
            self.queued.push_back(Event::End(TagEnd::Link));
            at = hit.end;
        }
        if at < text.len() {
            self.queued.push_back(Event::Text(piece(at..text.len())));
        }
    }

    /// Puts the HTML knead writes in place of the writer's for an event, if any: a definition
    /// list term's start tag with the term's id, a callout's start and end.
    fn own_markup(&mut self, event: &mut Event<'s>) {
        // The writer starts these elements on a line of their own.
        let new_line = || if self.ends_line.get() { "" } else { "\n" };
        let html = match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => match new_line() {
                "" => CowStr::Borrowed(callout::open(*kind)),
                new_line => CowStr::from([new_line, callout::open(*kind)].concat()),
            },
            Event::End(TagEnd::BlockQuote(Some(_))) => CowStr::Borrowed(callout::CLOSE),
            Event::Start(Tag::DefinitionListTitle) => {
                let Some(id) = self.pass.term_id(self.terms) else {
                    return;
                };
                let mut html = format!("{}<dt id=\"", new_line());
                // Writing to a `String` cannot fail.
                let _ = pulldown_cmark_escape::escape_html(&mut html, id);
                html.push_str("\">");
                self.terms += 1;
                html.into()
            }
            _ => return,
        };
        *event = Event::Html(html);
    }

    /// Notes the HTML written in the markdown that is handed out next, a line of a block of
    /// HTML or an inline tag: where the summary ends, if it holds the first `<!-- more -->`.
    /// Returns false if it is only the marker, which is written nowhere.
    fn hand_out_html(&mut self, html: &str, is_block: bool) -> bool {
        if let Some(more) = self.more.as_mut()
            && more.at.is_none()
            && html.contains(MORE_MARKER)
        {
            let block = self.html_block.filter(|_| is_block);
            more.at = Some(block.unwrap_or(self.written.get()));
        }
        html.trim() != MORE_MARKER
    }

    /// Notes what the event handed out last ended, now that the writer has written it.
    fn handed_out_last(&mut self) {
        if std::mem::take(&mut self.paragraph_ends_next)
            && let Some(first_paragraph) = self.first_paragraph.as_mut()
        {
            first_paragraph.at = Some(self.written.get());
        }
        if std::mem::take(&mut self.image_ends_next) {
            self.image_ends.push(self.written.get());
        }
    }
}

impl<'s> Iterator for LoadEvents<'s, '_, '_> {
    type Item = Event<'s>;

    fn next(&mut self) -> Option<Event<'s>> {
        // The writer wrote the previous event before asking for this one.
        self.handed_out_last();
        loop {
            let mut event = match self.queued.pop_front() {
                Some(event) => event,
                None => {
                    let (mut event, range) = self.parser.next()?;
                    if matches!(event, Event::Start(Tag::Heading { .. } | Tag::DefinitionListTitle)) {
                        self.read_titled(event, range.start);
                        continue;
                    }
                    if !self.take(&mut event, range.start) {
                        continue;
                    }
                    event
                }
            };
            if let Event::Html(html) | Event::InlineHtml(html) = &event
                && !self.hand_out_html(html, matches!(event, Event::Html(_)))
            {
                continue;
            }
            match &event {
                Event::Start(tag) => {
                    self.image_depth += usize::from(matches!(tag, Tag::Image { .. }));
                    if *tag == Tag::HtmlBlock {
                        self.html_block = Some(self.written.get());
                    }
                }
                Event::End(end) => {
                    if *end == TagEnd::HtmlBlock {
                        self.html_block = None;
                    }
                    if *end == TagEnd::Paragraph && self.first_paragraph.as_ref().is_some_and(|cut| cut.at.is_none()) {
                        self.paragraph_ends_next = true;
                    }
                    if *end == TagEnd::Image {
                        self.image_depth = self.image_depth.saturating_sub(1);
                        self.image_ends_next = self.image_depth == 0;
                    }
                }
                _ => {}
            }
            self.own_markup(&mut event);
            return Some(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::autolink::Rules;
    use crate::load::markdown::{Analysis, analyse, options};

    /// The body's HTML with every hole filled with the link's destination as written.
    fn filled_with_dests(a: &Analysis) -> String {
        let loaded = a.body.get();
        let mut out = String::new();
        let mut copied = 0;
        for hole in &loaded.holes {
            out.push_str(&loaded.html[copied..hole.at]);
            pulldown_cmark_escape::escape_href(&mut out, &a.links[hole.link].dest).unwrap();
            copied = hole.at;
        }
        out.push_str(&loaded.html[copied..]);
        out
    }

    fn pulldown_html(body: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, options()));
        html
    }

    #[test]
    fn filling_the_holes_with_the_destinations_gives_pulldown_cmarks_own_html() {
        let body = "Intro [a](@/x.md \"T & co\") and <a@b.org> and <https://e.org/a?b=1&c>.\n\n\
            ![alt *em* `code` [inner](in.md)](photo.jpg \"Ti\\\"tle\") [![p](p.png)](@/y.md#f)\n\n\
            [ref][r] text[^1] & more\n\n| a | [t](t.md) |\n|---|---|\n| ![](q.png) | x |\n\n\
            - [ ] [task](task.md)\n\n[^1]: Note with [link](n.md).\n\n[r]: <ref dest.md>\n";
        let a = analyse(body, 0, "p.md", &Rules::default());
        let loaded = a.body.get();
        assert_eq!(filled_with_dests(&a), pulldown_html(body));
        let dests: Vec<&str> = loaded.holes.iter().map(|h| a.links[h.link].dest.as_str()).collect();
        // The link inside the image description has no hole: the writer leaves links out of alt text.
        assert_eq!(
            dests,
            [
                "@/x.md",
                "mailto:a@b.org",
                "https://e.org/a?b=1&c",
                "photo.jpg",
                "@/y.md#f",
                "p.png",
                "ref dest.md",
                "t.md",
                "q.png",
                "task.md",
                "n.md"
            ]
        );
        assert!(a.links.iter().any(|l| l.dest == "in.md"), "still checked");
    }

    #[test]
    fn a_shrunk_body_reads_back_as_it_was_until_forgotten() {
        let body = "# Intro\n\nSee [a](@/x.md) and ![p](p.png \"T\").\n\n<!-- more -->\n\nMore text. ".repeat(20);
        let a = analyse(&body, 0, "p.md", &Rules::default());
        let before = (*a.body.get()).clone();
        a.body.shrink();
        let after = a.body.get();
        assert_eq!(after.html, before.html);
        assert_eq!(after.html.capacity(), after.html.len(), "shrunk to its length");
        assert_eq!(after.holes, before.holes);
        assert_eq!(after.summary_end, before.summary_end);
        assert_eq!(after.summary_closing, before.summary_closing);
        a.body.forget();
        assert!(a.body.get().html.is_empty());
    }

    #[test]
    fn image_holes_know_their_whole_tag() {
        let body = "Look: ![a *b* `c`](photo.jpg \"T\") done.\n";
        let a = analyse(body, 0, "p.md", &Rules::default());
        let loaded = a.body.get();
        let image = loaded.holes[0].image.as_deref().unwrap();
        assert_eq!(
            &loaded.html[image.tag.clone()],
            "<img src=\"\" alt=\"a b c\" title=\"T\" />"
        );
        assert_eq!(
            loaded.html,
            "<p>Look: <img src=\"\" alt=\"a b c\" title=\"T\" /> done.</p>\n"
        );
    }

    #[test]
    fn html_in_an_image_description_stays_out_of_its_alt_text() {
        let body = "![<br>A calm\ntreatment <b>room</b>,  \nbright<br/>and <BR>quiet<br>  `now`](p.png)\n";
        let a = analyse(body, 0, "p.md", &Rules::default());
        assert_eq!(
            a.body.get().html,
            "<p><img src=\"\" alt=\"A calm treatment room, bright and quiet now\" /></p>\n"
        );
        assert!(!a.raw_html, "no HTML of the description reaches the page");
    }

    #[test]
    fn headings_get_their_ids_and_keep_their_links() {
        let body = "## See [the guide](g.md)\n\n## See the guide\n\n### Own {#mine}\n";
        let a = analyse(body, 0, "p.md", &Rules::default());
        assert_eq!(
            filled_with_dests(&a),
            "<h2 id=\"see-the-guide\">See <a href=\"g.md\">the guide</a></h2>\n\
             <h2 id=\"see-the-guide-1\">See the guide</h2>\n<h3 id=\"mine\">Own</h3>\n"
        );
    }

    #[test]
    fn definition_list_terms_get_ids_from_the_heading_counter() {
        let body = "## Cupping {#cupping}\n\nCupping\n: Suction cups.\n\n*Deep* `tissue`\n: Firm.\n: Slow.\n\n\
            > Cupping\n> : Again.\n\n- item\n\n  Deep tissue\n  : In a list.\n";
        let a = analyse(body, 0, "p.md", &Rules::default());
        assert_eq!(a.term_ids, ["cupping-1", "deep-tissue", "cupping-2", "deep-tissue-1"]);
        let mut ids = a.term_ids.iter();
        let expected = pulldown_html(body).replace("<dt>", "\u{0}");
        let expected = expected
            .split('\u{0}')
            .enumerate()
            .map(|(i, part)| match i {
                0 => part.to_string(),
                _ => format!("<dt id=\"{}\">{part}", ids.next().unwrap()),
            })
            .collect::<String>();
        assert!(
            expected.contains("<dt id=\"deep-tissue\"><em>Deep</em> <code>tissue</code></dt>"),
            "{expected}"
        );
        assert_eq!(filled_with_dests(&a), expected);
        assert_eq!(
            a.ids().collect::<Vec<_>>(),
            ["cupping", "cupping-1", "deep-tissue", "cupping-2", "deep-tissue-1"]
        );
    }

    #[test]
    fn alerts_become_callouts_with_a_visible_title() {
        let body = "> [!WARNING]\n> Stop if it *hurts*.\n\n- tight\n  > [!TIP]\n  > Breathe.\n\n\
            > [!NOTE] on the same line\n> is a quote.\n";
        let a = analyse(body, 0, "p.md", &Rules::default());
        assert_eq!(
            filled_with_dests(&a),
            "<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n\
             <p>Stop if it <em>hurts</em>.</p>\n</div>\n\
             <ul>\n<li>tight\n<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n\
             <p>Breathe.</p>\n</div>\n</li>\n</ul>\n\
             <blockquote>\n<p>[!NOTE] on the same line\nis a quote.</p>\n</blockquote>\n"
        );
        assert!(!a.raw_html);
    }

    #[test]
    fn autolinks_become_links_with_holes() {
        let phrases = [("deep tissue".to_string(), "@/services/deep.md".to_string())].into();
        let body = "Try *deep tissue* work, or deep tissue again.\n\n## Deep tissue\n";
        let a = analyse(body, 0, "p.md", &Rules::new(&phrases, 5));
        let loaded = a.body.get();
        assert_eq!(
            filled_with_dests(&a),
            "<p>Try <em><a href=\"@/services/deep.md\">deep tissue</a></em> work, or deep tissue again.</p>\n\
             <h2 id=\"deep-tissue\">Deep tissue</h2>\n"
        );
        assert_eq!(a.links.len(), 1);
        assert_eq!(loaded.holes[0].link, 0);
    }

    /// The page's HTML and its summary's, holes left empty.
    fn page_and_summary(body: &str) -> (String, String) {
        let loaded = analyse(body, 0, "p.md", &Rules::default()).body.get();
        let summary = [&loaded.html[..loaded.summary_end], &loaded.summary_closing].concat();
        (loaded.html.clone(), summary)
    }

    #[test]
    fn a_summary_cut_inside_elements_closes_them() {
        assert_eq!(
            page_and_summary("> One.\n>\n> <!-- more -->\n>\n> Two.\n"),
            (
                "<blockquote>\n<p>One.</p>\n<p>Two.</p>\n</blockquote>\n".into(),
                "<blockquote>\n<p>One.</p>\n</blockquote>\n".into()
            )
        );
        assert_eq!(
            page_and_summary("- A **b <!-- more --> c** d\n- E\n").1,
            "<ul>\n<li>A <strong>b </strong></li>\n</ul>\n"
        );
        assert_eq!(
            page_and_summary("Para <em>x <!-- more --> y</em> z\n"),
            (
                "<p>Para <em>x  y</em> z</p>\n".into(),
                "<p>Para <em>x </em></p>\n".into()
            )
        );
        assert_eq!(
            page_and_summary("<div class=\"box\">\n\n<span>Intro</span> text\n\n<!-- more -->\n\n</div>\n").1,
            "<div class=\"box\">\n<p><span>Intro</span> text</p>\n</div>"
        );
        assert_eq!(
            page_and_summary("> [!TIP]\n> Rest.\n\n<div><section>\n\nFirst.\n\n</section></div>\n").1,
            "<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>Rest.</p>\n</div>\n\
             <div><section>\n<p>First.</p>\n</section></div>"
        );
    }

    #[test]
    fn a_marker_inside_html_keeps_that_html_and_ends_the_summary_before_it() {
        let body = "Intro.\n\n<div class=\"note\">Call us <!-- more --> today</div>\n\nAfter.\n";
        assert_eq!(
            page_and_summary(body),
            (
                "<p>Intro.</p>\n<div class=\"note\">Call us <!-- more --> today</div>\n<p>After.</p>\n".into(),
                "<p>Intro.</p>\n".into()
            )
        );
        let body = "Intro.\n\n<div>\nCall us\n<!-- more -->\ntoday\n</div>\n";
        assert_eq!(
            page_and_summary(body),
            (
                "<p>Intro.</p>\n<div>\nCall us\ntoday\n</div>\n".into(),
                "<p>Intro.</p>\n".into()
            )
        );
        assert_eq!(page_and_summary("<!-- more --> Tail.\n").0, "<!-- more --> Tail.\n");
        let body = "One <!-- more --> two.\n\n<div>x <!-- more --> y</div>\n\nThree <!-- more --> four.\n";
        assert_eq!(
            page_and_summary(body),
            (
                "<p>One  two.</p>\n<div>x <!-- more --> y</div>\n<p>Three  four.</p>\n".into(),
                "<p>One </p>\n".into()
            ),
            "later markers are left out where they stand alone"
        );
    }

    #[test]
    fn the_summary_ends_after_the_first_paragraph_or_at_the_marker() {
        let a = analyse("## T\n\nOne [x](x.md).\n\nTwo.\n", 0, "p.md", &Rules::default());
        let loaded = a.body.get();
        assert_eq!(
            &loaded.html[..loaded.summary_end],
            "<h2 id=\"t\">T</h2>\n<p>One <a href=\"\">x</a>.</p>\n"
        );
        let a = analyse(
            "One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n",
            0,
            "p.md",
            &Rules::default(),
        );
        let loaded = a.body.get();
        assert_eq!(&loaded.html[..loaded.summary_end], "<p>One.</p>\n<p>Two.</p>\n");
        assert!(!loaded.html.contains("more"));
    }
}
