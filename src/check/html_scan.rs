//! A small, fast scanner over the HTML knead itself wrote: the links and ids of a page, and the
//! few facts the SEO lints need. It tokenizes tags and attributes (quotes, comments, script and
//! style bodies) without building a DOM, so it can run on every page of every build.

use std::borrow::Cow;

/// A URL found in an attribute, with its 1-based position in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub url: String,
    pub line: usize,
    pub col: usize,
    /// Byte offset in the HTML; line and column are computed from it by [`locate`].
    pub offset: usize,
}

/// What one HTML page contains, as far as checks are concerned.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    pub links: Vec<FoundLink>,
    pub ids: Vec<String>,
    /// The ids as sorted hashes, in place of `ids` (see [`scan_keeping`]): a build keeps every
    /// page's ids until all links are checked, and ten strings a page add up.
    pub id_hashes: Vec<u64>,
    pub titles: Vec<String>,
    pub descriptions: Vec<String>,
    pub h1_count: usize,
    pub images_without_alt: Vec<FoundLink>,
    pub lang: Option<String>,
    pub noindex: bool,
    pub is_redirect: bool,
}

impl PageFacts {
    /// Whether the page has an element with this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.ids.iter().any(|i| i == id) || self.id_hashes.binary_search(&id_hash(id)).is_ok()
    }
}

/// A 64-bit hash of an id (xxh3), the same for the same text within and across runs; two
/// different ids of one page sharing it is too unlikely to matter.
fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// Scans one page.
pub fn scan(html: &str) -> PageFacts {
    let mut facts = scan_unlocated(html);
    locate(html, &mut facts);
    facts
}

/// Fills in the line and column of every link and image of `facts`, scanned from `html`.
/// Separate from the scan so that a caller can first drop the links it does not need:
/// counting lines and characters up to every link was a tenth of a build.
pub fn locate(html: &str, facts: &mut PageFacts) {
    let mut lines = crate::diagnostics::LineIndex::new(html);
    for link in facts.links.iter_mut().chain(facts.images_without_alt.iter_mut()) {
        (link.line, link.col) = lines.at(link.offset);
    }
}

/// Scans one page, leaving lines and columns at 0 (see [`locate`]); `ids` are kept as text,
/// in page order.
pub fn scan_unlocated(html: &str) -> PageFacts {
    let Scan { mut facts, links, ids } = tokenize(html, None);
    facts.links = links.into_iter().map(|(url, offset)| link(url, offset)).collect();
    facts.ids = ids.0.into_iter().map(Cow::into_owned).collect();
    facts
}

/// A stretch of a page whose facts are known without scanning it: a markdown body, whose links
/// were checked before rendering and whose ids are its headings', except for the stretches
/// inside it that components wrote.
pub struct Known<'k> {
    /// Byte range of the stretch in the page.
    pub range: std::ops::Range<usize>,
    pub ids: &'k [&'k str],
    pub h1_count: usize,
    /// Byte ranges in the page, inside `range` and in order, that are scanned all the same.
    pub unknown: &'k [std::ops::Range<usize>],
}

impl Known<'_> {
    /// The parts of the page the scan skips: `range` less `unknown`, in order.
    fn skipped(&self) -> Vec<std::ops::Range<usize>> {
        let mut skipped = Vec::with_capacity(self.unknown.len() + 1);
        let mut from = self.range.start;
        for hole in self.unknown {
            skipped.push(from..hole.start.max(from));
            from = from.max(hole.end);
        }
        skipped.push(from..self.range.end.max(from));
        skipped.retain(|r| !r.is_empty());
        skipped
    }
}

/// The ids of a page while it is scanned, borrowed from it.
pub struct Ids<'a>(Vec<Cow<'a, str>>, std::cell::OnceCell<Vec<usize>>);

impl Ids<'_> {
    /// Ids a page may have before a search for one sorts them first.
    const FEW: usize = 32;

    fn new() -> Self {
        Ids(Vec::new(), std::cell::OnceCell::new())
    }

    /// Whether the page has an element with this id. A page has a handful of ids, searched
    /// in order; a page with many (thousands of headings, each linked from its table of
    /// contents) has their order sorted once and binary-searched, since searching the list for
    /// every link would be quadratic.
    pub fn contains(&self, id: &str) -> bool {
        if self.0.len() <= Self::FEW {
            return self.0.iter().any(|i| i == id);
        }
        let sorted = self.1.get_or_init(|| {
            let mut order: Vec<usize> = (0..self.0.len()).collect();
            order.sort_unstable_by(|&a, &b| self.0[a].cmp(&self.0[b]));
            order
        });
        sorted.binary_search_by(|&i| (*self.0[i]).cmp(id)).is_ok()
    }
}

/// [`scan_unlocated`], keeping only the links for which `keep(url, ids of the page)` holds, and
/// skipping the `known` stretch (taking its facts as given). The ids come out as hashes only
/// (see [`PageFacts::id_hashes`]).
/// Links and ids are borrowed from the page until then: a page has a hundred links, and most
/// are settled at once (see `check::Keep`), so copying each into a string was wasted work.
pub fn scan_keeping<'a>(
    html: &'a str,
    known: Option<&Known<'a>>,
    mut keep: impl FnMut(&str, &Ids<'a>) -> bool,
) -> PageFacts {
    let Scan { mut facts, links, ids } = tokenize(html, known);
    facts.links = links
        .into_iter()
        .filter(|(url, _)| keep(url, &ids))
        .map(|(url, offset)| link(url, offset))
        .collect();
    let mut hashes: Vec<u64> = ids.0.iter().map(|id| id_hash(id)).collect();
    hashes.sort_unstable();
    hashes.dedup();
    facts.id_hashes = hashes;
    facts
}

/// The elements a check looks at; the others are only stepped over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    A,
    H1,
    Html,
    Img,
    Meta,
    /// `script` and `style`, whose content is not markup (JSON-LD may well quote some).
    RawText,
    Title,
    Other,
}

impl Element {
    fn of(name: &[u8]) -> Element {
        let is = |known: &str| name.eq_ignore_ascii_case(known.as_bytes());
        match name.len() {
            1 if is("a") => Element::A,
            2 if is("h1") => Element::H1,
            3 if is("img") => Element::Img,
            4 if is("meta") => Element::Meta,
            4 if is("html") => Element::Html,
            5 if is("title") => Element::Title,
            5 if is("style") => Element::RawText,
            6 if is("script") => Element::RawText,
            _ => Element::Other,
        }
    }
}

/// The attributes a check reads; the others (classes, roles, labels, most of a page's
/// attributes) are stepped over.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attribute {
    Id,
    Name,
    /// `href`, `poster` and `action`: a URL to check (`src` is one too, see [`Attribute::Src`]).
    Link,
    /// A URL to check, which an image's check reads too.
    Src,
    Srcset,
    Lang,
    Alt,
    Content,
    HttpEquiv,
    Other,
}

impl Attribute {
    fn of(name: &[u8]) -> Attribute {
        let is = |known: &str| name.eq_ignore_ascii_case(known.as_bytes());
        match name.len() {
            2 if is("id") => Attribute::Id,
            3 if is("src") => Attribute::Src,
            3 if is("alt") => Attribute::Alt,
            4 if is("href") => Attribute::Link,
            4 if is("name") => Attribute::Name,
            4 if is("lang") => Attribute::Lang,
            6 if is("poster") || is("action") => Attribute::Link,
            6 if is("srcset") => Attribute::Srcset,
            7 if is("content") => Attribute::Content,
            10 if is("http-equiv") => Attribute::HttpEquiv,
            _ => Attribute::Other,
        }
    }
}

/// The first value of each attribute that some element's check reads (raw text, and where it
/// starts), as the attributes of one tag are read.
#[derive(Default)]
struct Lookups<'a> {
    name: Option<&'a str>,
    src: Option<&'a str>,
    lang: Option<&'a str>,
    alt: bool,
    content: Option<(&'a str, usize)>,
    http_equiv: Option<&'a str>,
}

fn link(url: impl Into<String>, offset: usize) -> FoundLink {
    FoundLink {
        url: url.into(),
        line: 0,
        col: 0,
        offset,
    }
}

/// A scan in progress: the facts, and the links and ids still borrowed from the page.
struct Scan<'a> {
    facts: PageFacts,
    links: Vec<(Cow<'a, str>, usize)>,
    ids: Ids<'a>,
}

/// Reads the tags of `html` (except the `known` stretch) into a [`Scan`].
fn tokenize<'a>(html: &'a str, known: Option<&Known<'a>>) -> Scan<'a> {
    let mut scan = Scan {
        facts: PageFacts::default(),
        links: Vec::new(),
        ids: Ids::new(),
    };
    let bytes = html.as_bytes();
    let skipped = known.map_or_else(Vec::new, Known::skipped);
    let mut skip = skipped.iter().peekable();
    if let Some(k) = known {
        scan.ids.0.extend(k.ids.iter().map(|id| Cow::Borrowed(*id)));
        scan.facts.h1_count += k.h1_count;
    }
    let mut pos = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[pos..]) {
        let start = pos + found;
        while skip.next_if(|s| s.end <= start).is_some() {}
        if let Some(s) = skip.peek().filter(|s| s.contains(&start)) {
            pos = s.end;
            continue;
        }
        let rest = &bytes[start + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                pos = memchr::memmem::find(rest, b"-->").map_or(html.len(), |e| start + 1 + e + 3);
                continue;
            }
            Some(b'/' | b'!' | b'?') => {
                pos = memchr::memchr(b'>', rest).map_or(html.len(), |e| start + 1 + e + 1);
                continue;
            }
            _ => {}
        }
        let name_len = rest
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 {
            pos = start + 1;
            continue;
        }
        let element = Element::of(&rest[..name_len]);
        let end = scan.tag(html, element, start + 1 + name_len);
        pos = end;
        let self_closing = bytes.get(end.saturating_sub(2)) == Some(&b'/');
        if matches!(element, Element::RawText | Element::Title) && !self_closing {
            let name = &html[start + 1..=start + name_len];
            let body_end = find_close(&html[end..], name).map_or(html.len(), |e| end + e);
            if element == Element::Title {
                scan.facts.titles.push(decode(&html[end..body_end]).trim().to_string());
            }
            pos = body_end;
        }
    }
    scan
}

impl<'a> Scan<'a> {
    /// Reads the attributes of a tag of `element` from `from` up to its closing `>`, recording
    /// what they hold; returns the offset after `>`.
    fn tag(&mut self, html: &'a str, element: Element, from: usize) -> usize {
        let b = html.as_bytes();
        let mut lookups = Lookups::default();
        let mut first = None;
        let mut i = from;
        let end = loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            match b.get(i) {
                None => break b.len(),
                Some(b'>') => break i + 1,
                Some(_) => {}
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attribute = Attribute::of(&b[name_start..i]);
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            // The value and where it starts, or for an attribute without a value its name's start.
            let (raw, offset) = if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (value_start, value_end, next) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |e| i + 1 + e);
                        (i + 1, end, (end + 1).min(b.len()))
                    }
                    _ => {
                        let end = b[i..]
                            .iter()
                            .position(|c| c.is_ascii_whitespace() || *c == b'>')
                            .map_or(b.len(), |e| i + e);
                        (i, end, end)
                    }
                };
                i = next;
                (&html[value_start..value_end], value_start)
            } else {
                ("", name_start)
            };
            first.get_or_insert(offset);
            self.attribute(element, attribute, raw, offset, &mut lookups);
        };
        self.element(element, &lookups, first.unwrap_or(0));
        end
    }

    /// Records one attribute: the ids and links it gives at once, what the element's own check
    /// reads into `lookups` (first value only).
    fn attribute(
        &mut self,
        element: Element,
        attribute: Attribute,
        raw: &'a str,
        offset: usize,
        lookups: &mut Lookups<'a>,
    ) {
        match attribute {
            Attribute::Id => self.ids.0.push(decode(raw)),
            Attribute::Name if element == Element::A => self.ids.0.push(decode(raw)),
            Attribute::Name => {
                lookups.name.get_or_insert(raw);
            }
            Attribute::Link => self.links.push((decode(raw), offset)),
            Attribute::Src => {
                self.links.push((decode(raw), offset));
                lookups.src.get_or_insert(raw);
            }
            Attribute::Srcset => {
                for candidate in decode(raw).split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        self.links.push((Cow::Owned(url.to_string()), offset));
                    }
                }
            }
            Attribute::Lang => {
                lookups.lang.get_or_insert(raw);
            }
            Attribute::Alt => lookups.alt = true,
            Attribute::Content => {
                lookups.content.get_or_insert((raw, offset));
            }
            Attribute::HttpEquiv => {
                lookups.http_equiv.get_or_insert(raw);
            }
            Attribute::Other => {}
        }
    }

    /// Records what an element's check reads from its attributes; `first_attr` is where its
    /// first attribute starts (0 without attributes).
    fn element(&mut self, element: Element, lookups: &Lookups<'a>, first_attr: usize) {
        let facts = &mut self.facts;
        match element {
            Element::H1 => facts.h1_count += 1,
            Element::Html => facts.lang = lookups.lang.map(|l| decode(l).into_owned()),
            Element::Img if !lookups.alt => {
                let src = lookups.src.map(decode).unwrap_or_default();
                facts.images_without_alt.push(link(src, first_attr));
            }
            Element::Meta => self.meta(lookups),
            _ => {}
        }
    }

    fn meta(&mut self, lookups: &Lookups<'a>) {
        let facts = &mut self.facts;
        let name = lookups.name.map(|n| decode(n).to_ascii_lowercase());
        let (content, content_at) = lookups
            .content
            .map_or((Cow::Borrowed(""), 0), |(raw, at)| (decode(raw), at));
        match name.as_deref() {
            Some("description") => facts.descriptions.push(content.to_string()),
            Some("robots") if content.to_ascii_lowercase().contains("noindex") => facts.noindex = true,
            _ => {}
        }
        if lookups
            .http_equiv
            .is_some_and(|h| decode(h).eq_ignore_ascii_case("refresh"))
        {
            facts.is_redirect = true;
            if let Some((_, url)) = content.split_once(['=']) {
                let url = url.trim().trim_matches(['\'', '"']).to_string();
                self.links.push((Cow::Owned(url), content_at));
            }
        }
    }
}

fn decode(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    html_escape::decode_html_entities(text)
}

/// Where `</name` starts in `haystack`, any case, without copying the rest of the page.
fn find_close(haystack: &str, name: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&bytes[from..], b"</") {
        let at = from + found;
        let candidate = bytes.get(at + 2..at + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_ids_and_seo_facts() {
        let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>A &amp; B</title>\n<meta name=\"description\" content=\"Desc\">\n\
            <!-- <a href=\"/commented/\"> -->\n<script type=\"application/ld+json\">{\"a\":\"<a href='/no/'>\"}</script>\
            <meta http-equiv=\"refresh\" content=\"0; url=/new/\"></head>\n<body><h1 id=top>T</h1>\
            <a href='/x/?a=1&amp;b=2#f' name=anchor>x</a><img src=\"p.png\" srcset=\"p.png 1x, p2.png 2x\"><img alt=\"\" src=q.png></body></html>";
        let f = scan(html);
        let urls: Vec<_> = f.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["/new/", "/x/?a=1&b=2#f", "p.png", "p.png", "p2.png", "q.png"]);
        assert_eq!(f.ids, ["top", "anchor"]);
        assert_eq!(f.titles, ["A & B"]);
        assert_eq!(f.descriptions, ["Desc"]);
        assert_eq!(f.h1_count, 1);
        assert_eq!(f.images_without_alt.len(), 1);
        assert_eq!(f.lang.as_deref(), Some("en"));
        assert!(f.is_redirect);
        assert_eq!((f.links[1].line, f.links[1].col), (6, 33));
    }

    #[test]
    fn a_known_stretch_is_skipped_and_its_facts_taken_as_given() {
        let body = "<h1 id=\"intro\">Intro</h1>\n<p><a href=\"/settled/\">s</a></p>\n<h2 id=\"more\">More</h2>\n";
        let page = format!(
            "<html lang=\"en\"><head><title>T</title></head><body><h1>T</h1><a href=\"#more\">m</a><a href=\"#gone\">g</a>{body}<a href=\"/kept/\">k</a></body></html>"
        );
        // As a build does: a fragment naming an id of the page itself is settled.
        let keep =
            |url: &str, ids: &Ids<'_>| url != "/settled/" && url.strip_prefix('#').is_none_or(|id| !ids.contains(id));
        let full = scan_keeping(&page, None, keep);
        let at = page.find(body).unwrap();
        let known = Known {
            range: at..at + body.len(),
            ids: &["intro", "more"],
            h1_count: 1,
            unknown: &[],
        };
        let skipping = scan_keeping(&page, Some(&known), keep);
        let urls = |f: &PageFacts| f.links.iter().map(|l| (l.url.clone(), l.offset)).collect::<Vec<_>>();
        assert_eq!(urls(&skipping), urls(&full));
        let at_of = |s: &str| page.find(s).unwrap();
        assert_eq!(
            urls(&full),
            [
                ("#gone".to_string(), at_of("#gone")),
                ("/kept/".to_string(), at_of("/kept/"))
            ]
        );
        for f in [&full, &skipping] {
            assert!(f.ids.is_empty(), "ids come out as hashes");
            assert_eq!(f.id_hashes.len(), 2);
            assert!(f.has_id("intro") && f.has_id("more") && !f.has_id("settled"));
        }
        assert_eq!((skipping.h1_count, full.h1_count), (2, 2));
        assert_eq!(skipping.titles, full.titles);
        assert_eq!(skipping.lang, full.lang);
    }

    #[test]
    fn what_components_wrote_inside_a_known_stretch_is_scanned() {
        let own = "<h2 id=\"own\">Own</h2>\n<p><a href=\"/own-link/\">o</a></p>\n";
        let first = "<p class=\"btn-row\"><a id=\"book\" href=\"/book/\">Book</a></p>\n";
        let second = "<figure id=\"fig\"><img src=\"/x.jpg\"></figure>\n";
        let body = format!("{own}{first}{own}{second}");
        let page = format!("<html><body><main>{body}</main><a href=\"/footer/\">f</a></body></html>");
        let at = page.find(&body).unwrap();
        let first_at = at + own.len();
        let second_at = first_at + first.len() + own.len();
        let unknown = [first_at..first_at + first.len(), second_at..second_at + second.len()];
        let known = Known {
            range: at..at + body.len(),
            ids: &["own"],
            h1_count: 0,
            unknown: &unknown,
        };
        let facts = scan_keeping(&page, Some(&known), |_, _| true);
        let urls: Vec<&str> = facts.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            ["/book/", "/x.jpg", "/footer/"],
            "the body's own link is known, the components' are read"
        );
        assert!(facts.has_id("own") && facts.has_id("book") && facts.has_id("fig"));
        assert_eq!(facts.images_without_alt.len(), 1);
        assert_eq!(facts.images_without_alt[0].url, "/x.jpg");
    }

    #[test]
    fn a_page_with_many_ids_finds_each_and_no_other() {
        for count in [3, Ids::FEW, Ids::FEW + 1, 500] {
            let mut ids = Ids::new();
            ids.0.extend((0..count).rev().map(|n| Cow::Owned(format!("h-{n}"))));
            assert!((0..count).all(|n| ids.contains(&format!("h-{n}"))), "{count}");
            assert!(!ids.contains("h") && !ids.contains(&format!("h-{count}")), "{count}");
        }
    }

    #[test]
    fn tag_and_attribute_names_are_read_in_any_case() {
        let f = scan(
            "<HTML LANG=\"en\"><Body><IMG SRC=\"/A.png\" Alt=x><a dätä-x=\"1\" HREF=\"/b/\" ID=Top>b</a><H1>T</H1>",
        );
        assert_eq!(
            f.links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>(),
            ["/A.png", "/b/"]
        );
        assert!(f.images_without_alt.is_empty());
        assert_eq!(f.lang.as_deref(), Some("en"));
        assert_eq!(f.ids, ["Top"]);
        assert_eq!(f.h1_count, 1);
    }

    #[test]
    fn every_link_attribute_is_read() {
        assert!(
            ["href", "src", "poster", "action", "HREF"]
                .iter()
                .all(|a| matches!(Attribute::of(a.as_bytes()), Attribute::Link | Attribute::Src))
        );
        let f = scan("<p class=\"x\" data-x=\"/no/\"><img class=c loading=lazy src=\"/i.png\"></p>");
        assert_eq!(f.links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>(), ["/i.png"]);
        let first = "<p class=\"x\" data-x=\"/no/\"><img class=".len();
        assert_eq!(
            f.images_without_alt[0].offset, first,
            "the image is located at its first attribute"
        );
    }

    #[test]
    fn ids_kept_as_hashes_are_still_found() {
        let f = scan_keeping(
            "<h2 id=\"a\">A</h2><p id=\"b-2\">B</p><a name=\"c\">C</a><i id=\"a\"></i>",
            None,
            |_, _| true,
        );
        assert!(f.ids.is_empty());
        assert_eq!(f.id_hashes.len(), 3);
        assert!(f.has_id("a") && f.has_id("b-2") && f.has_id("c"));
        assert!(!f.has_id("b") && !f.has_id("") && !f.has_id("A"));
    }
}
