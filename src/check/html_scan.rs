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
    /// The ids as sorted hashes, once [`PageFacts::compact_ids`] replaced `ids` by them: a build
    /// keeps every page's ids until all links are checked, and ten strings a page add up.
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

    /// Replaces `ids` by their hashes (see `id_hashes`).
    pub fn compact_ids(&mut self) {
        let mut hashes: Vec<u64> = self.ids.iter().map(|id| id_hash(id)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        self.id_hashes = hashes;
        self.ids = Vec::new();
    }
}

/// A 64-bit hash of an id, the same for the same text within a run (SipHash with fixed keys);
/// two different ids of one page sharing it is too unlikely to matter.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

const LINK_ATTRS: [&str; 4] = ["href", "src", "poster", "action"];

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

/// Scans one page, leaving lines and columns at 0 (see [`locate`]).
pub fn scan_unlocated(html: &str) -> PageFacts {
    scan_keeping(html, None, |_, _| true)
}

/// A stretch of a page whose facts are known without scanning it: a markdown body, whose links
/// were checked before rendering and whose ids are its headings'.
pub struct Known<'k> {
    /// Byte range of the stretch in the page.
    pub range: std::ops::Range<usize>,
    pub ids: &'k [&'k str],
    pub h1_count: usize,
}

/// [`scan_unlocated`], keeping only the links for which `keep(url, ids of the page)` holds, and
/// skipping the `known` stretch (taking its facts as given).
/// Links are borrowed from the page until then: a page has a hundred, and most are settled
/// at once (see `check::Keep`), so copying each into a string was wasted work.
pub fn scan_keeping(html: &str, known: Option<&Known<'_>>, mut keep: impl FnMut(&str, &[String]) -> bool) -> PageFacts {
    let mut scan = Scan {
        facts: PageFacts::default(),
        links: Vec::new(),
    };
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let skip = known.map_or(0..0, |k| k.range.clone());
    if let Some(k) = known {
        scan.facts.ids.extend(k.ids.iter().map(|id| (*id).to_string()));
        scan.facts.h1_count += k.h1_count;
    }
    let mut pos = 0;
    // memchr's vectorised search: finding the next `<` was a third of the scan with `str::find`.
    while let Some(found) = memchr::memchr(b'<', &bytes[pos..]) {
        let start = pos + found;
        if skip.contains(&start) {
            pos = skip.end;
            continue;
        }
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            pos = memchr::memmem::find(rest.as_bytes(), b"-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") {
            pos = memchr::memchr(b'>', rest.as_bytes()).map_or(html.len(), |e| start + e + 1);
            continue;
        }
        let name_len = rest.as_bytes()[1..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - 1);
        if name_len == 0 {
            pos = start + 1;
            continue;
        }
        let name = lowercase(&rest[1..=name_len]);
        attrs.clear();
        let (end, first_attr) = attributes(html, start + 1 + name_len, &mut attrs);
        pos = end;
        let tag = Tag {
            name: &name,
            attrs: &attrs,
            first_attr,
        };
        scan.record(&tag);
        // What a script or style holds is not markup (JSON-LD may well quote some).
        if matches!(&*name, "script" | "style" | "title") && bytes.get(end.saturating_sub(2)).is_none_or(|b| *b != b'/')
        {
            let body_end = find_close(&html[end..], &name).map_or(html.len(), |e| end + e);
            if name == "title" {
                scan.facts.titles.push(decode(&html[end..body_end]).trim().to_string());
            }
            pos = body_end;
        }
    }
    let Scan { mut facts, links } = scan;
    facts.links = links
        .into_iter()
        .filter(|(url, _)| keep(url, &facts.ids))
        .map(|(url, offset)| link(url, offset))
        .collect();
    facts
}

/// Attribute values are the raw text of the page, decoded only when read: most attributes
/// (classes, roles, labels) are never looked at.
struct Attr<'a> {
    name: Cow<'a, str>,
    raw: &'a str,
    offset: usize,
}

impl<'a> Attr<'a> {
    fn value(&self) -> Cow<'a, str> {
        decode(self.raw)
    }
}

struct Tag<'t, 'a> {
    name: &'t str,
    /// Only the attributes some check reads (see [`read_by_checks`]).
    attrs: &'t [Attr<'a>],
    /// Where the tag's first attribute starts, whichever it is (0 without attributes).
    first_attr: usize,
}

impl<'a> Tag<'_, 'a> {
    fn attr(&self, name: &str) -> Option<Cow<'a, str>> {
        self.attrs.iter().find(|a| a.name == name).map(Attr::value)
    }
}

fn link(url: impl Into<String>, offset: usize) -> FoundLink {
    FoundLink {
        url: url.into(),
        line: 0,
        col: 0,
        offset,
    }
}

/// A scan in progress: the facts, and the links still borrowed from the page.
struct Scan<'a> {
    facts: PageFacts,
    links: Vec<(Cow<'a, str>, usize)>,
}

impl<'a> Scan<'a> {
    fn record(&mut self, tag: &Tag<'_, 'a>) {
        let facts = &mut self.facts;
        for a in tag.attrs {
            if a.name == "id" || (a.name == "name" && tag.name == "a") {
                facts.ids.push(a.value().into_owned());
            } else if LINK_ATTRS.contains(&&*a.name) {
                self.links.push((a.value(), a.offset));
            } else if a.name == "srcset" {
                let value = a.value();
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        self.links.push((Cow::Owned(url.to_string()), a.offset));
                    }
                }
            }
        }
        match tag.name {
            "h1" => facts.h1_count += 1,
            "html" => facts.lang = tag.attr("lang").map(Cow::into_owned),
            "img" if tag.attr("alt").is_none() => {
                let offset = tag.first_attr;
                facts
                    .images_without_alt
                    .push(link(tag.attr("src").unwrap_or_default(), offset));
            }
            "meta" => self.record_meta(tag),
            _ => {}
        }
    }

    fn record_meta(&mut self, tag: &Tag<'_, 'a>) {
        let facts = &mut self.facts;
        let name = tag.attr("name").map(|n| n.to_ascii_lowercase());
        let content = tag.attr("content").unwrap_or_default();
        match name.as_deref() {
            Some("description") => facts.descriptions.push(content.to_string()),
            Some("robots") if content.to_ascii_lowercase().contains("noindex") => facts.noindex = true,
            _ => {}
        }
        if tag
            .attr("http-equiv")
            .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        {
            facts.is_redirect = true;
            if let Some((_, url)) = content.split_once(['=']) {
                let offset = tag.attrs.iter().find(|a| a.name == "content").map_or(0, |a| a.offset);
                let url = url.trim().trim_matches(['\'', '"']).to_string();
                self.links.push((Cow::Owned(url), offset));
            }
        }
    }
}

/// Parses attributes from `from` up to the closing `>`, keeping in `attrs` those that some check
/// reads; returns the offset after `>` and that of the first attribute (0 if none).
fn attributes<'a>(html: &'a str, from: usize, attrs: &mut Vec<Attr<'a>>) -> (usize, usize) {
    let b = html.as_bytes();
    let mut i = from;
    let mut first = None;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (b.len(), first.unwrap_or(0));
        }
        if b[i] == b'>' {
            return (i + 1, first.unwrap_or(0));
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = lowercase(&html[name_start..i]);
        let kept = read_by_checks(&name);
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        // The value and where it starts, or for an attribute without a value its name's start.
        let (raw, offset) = if i < b.len() && b[i] == b'=' {
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
        } else if !name.is_empty() {
            ("", name_start)
        } else {
            continue;
        };
        first.get_or_insert(offset);
        if kept {
            attrs.push(Attr { name, raw, offset });
        }
    }
}

/// Whether some check reads an attribute of this (lower-case) name. The others (classes, roles,
/// labels, most of a page's attributes) are stepped over without being kept.
fn read_by_checks(name: &str) -> bool {
    matches!(
        name,
        "id" | "name" | "href" | "src" | "poster" | "action" | "srcset" | "lang" | "alt" | "content" | "http-equiv"
    )
}

fn decode(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    html_escape::decode_html_entities(text)
}

fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
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
            "<html lang=\"en\"><head><title>T</title></head><body><h1>T</h1><a href=\"#more\">m</a>{body}<a href=\"/kept/\">k</a></body></html>"
        );
        let keep = |url: &str, _: &[String]| url != "/settled/";
        let full = scan_keeping(&page, None, keep);
        let at = page.find(body).unwrap();
        let known = Known {
            range: at..at + body.len(),
            ids: &["intro", "more"],
            h1_count: 1,
        };
        let skipping = scan_keeping(&page, Some(&known), keep);
        let urls = |f: &PageFacts| f.links.iter().map(|l| (l.url.clone(), l.offset)).collect::<Vec<_>>();
        assert_eq!(urls(&skipping), urls(&full));
        let at_of = |s: &str| page.find(s).unwrap();
        assert_eq!(
            urls(&full),
            [
                ("#more".to_string(), at_of("#more")),
                ("/kept/".to_string(), at_of("/kept/"))
            ]
        );
        let sorted = |f: &PageFacts| {
            let mut ids = f.ids.clone();
            ids.sort();
            ids
        };
        assert_eq!(sorted(&skipping), sorted(&full));
        assert_eq!((skipping.h1_count, full.h1_count), (2, 2));
        assert_eq!(skipping.titles, full.titles);
        assert_eq!(skipping.lang, full.lang);
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
        assert!(LINK_ATTRS.iter().all(|a| read_by_checks(a)));
        let f = scan("<p class=\"x\" data-x=\"/no/\"><img class=c loading=lazy src=\"/i.png\"></p>");
        assert_eq!(f.links.iter().map(|l| l.url.as_str()).collect::<Vec<_>>(), ["/i.png"]);
        let first = "<p class=\"x\" data-x=\"/no/\"><img class=".len();
        assert_eq!(
            f.images_without_alt[0].offset, first,
            "the image is located at its first attribute"
        );
    }

    #[test]
    fn compacted_ids_are_still_found() {
        let mut f = scan("<h2 id=\"a\">A</h2><p id=\"b-2\">B</p><a name=\"c\">C</a>");
        f.compact_ids();
        assert!(f.ids.is_empty());
        assert_eq!(f.id_hashes.len(), 3);
        assert!(f.has_id("a") && f.has_id("b-2") && f.has_id("c"));
        assert!(!f.has_id("b") && !f.has_id("") && !f.has_id("A"));
    }
}
