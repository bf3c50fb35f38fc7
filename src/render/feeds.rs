//! Atom and RSS feeds for sections with `feed: true` (`guides/atom.xml`, `guides/rss.xml`): the
//! newest dated pages below the section, absolute links, full content or summary per config.

use super::Renderer;
use super::run::Run;
use super::xml::{self, XmlWriter};
use crate::config::FeedContent;
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::load::front_matter::Date;
use crate::plan::feeds::{FeedFormat, entries_of, feed_sections};
use serde::Serialize;
use std::io;

/// One feed link for `<head>`, available to templates as `site.feeds` (all of them) and
/// `meta.feeds` (those of the page, see [`feeds_of_sections`]).
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub title: String,
    pub url: String,
    pub media_type: &'static str,
    /// The section publishing the feed.
    #[serde(skip)]
    pub section: usize,
}

/// The feed title: the section's title with the site's, or the site's alone for the home feed.
fn feed_title(site: &Site, section: usize) -> String {
    if section == 0 {
        site.config.title.clone()
    } else {
        format!("{} | {}", site.sections[section].meta.title, site.config.title)
    }
}

/// Every feed of the site, for `<link rel="alternate">` on every page.
pub fn feed_links(site: &Site, urls: &super::views::Urls) -> Vec<FeedLink> {
    feed_sections(site)
        .into_iter()
        .flat_map(|id| {
            FeedFormat::ALL.map(|format| FeedLink {
                title: format!(
                    "{} ({})",
                    feed_title(site, id),
                    if format == FeedFormat::Atom { "Atom" } else { "RSS" }
                ),
                url: urls.href(&format!("{}{}", site.sections[id].url, format.file())),
                media_type: format.media_type(),
                section: id,
            })
        })
        .collect()
}

/// The feeds each section's pages advertise in `<head>`, by section id: the feeds of the
/// section and of its ancestors below the home page (with the home page's own feed, if any),
/// so a guide names the guides feed and not the feed of every other section. A page with no
/// such feed (the home page, a service page when only guides publish one) names every feed of
/// the site, so readers still find them from anywhere.
pub fn feeds_of_sections(site: &Site, all: &[FeedLink]) -> Vec<Vec<FeedLink>> {
    (0..site.sections.len())
        .map(|id| {
            let mut chain = Vec::new();
            let mut next = Some(id);
            while let Some(s) = next.filter(|&s| s != 0) {
                chain.push(s);
                next = site.sections[s].parent;
            }
            if !all.iter().any(|f| chain.contains(&f.section)) {
                return all.to_vec();
            }
            chain.push(0);
            all.iter().filter(|f| chain.contains(&f.section)).cloned().collect()
        })
        .collect()
}

struct Entry<'a> {
    title: &'a str,
    url: String,
    author: Option<&'a str>,
    published: Date,
    updated: Date,
    summary_html: &'a str,
    content_html: Option<&'a str>,
}

struct Feed<'a> {
    title: String,
    description: &'a str,
    language: &'a str,
    author: &'a str,
    home: String,
    self_url: String,
    updated: Date,
    entries: Vec<Entry<'a>>,
}

impl Feed<'_> {
    /// About the size of the written feed: the entries' HTML grows by about a fifth when
    /// escaped (every tag's `<` and `>`), and each entry has half a kilobyte of other elements.
    fn size_hint(&self) -> usize {
        let entries: usize = self
            .entries
            .iter()
            .map(|e| (e.summary_html.len() + e.content_html.map_or(0, str::len)) * 5 / 4 + 512)
            .sum();
        1024 + entries
    }
}

impl Renderer<'_> {
    /// Renders the `format` feed of `section`.
    pub(super) fn feed(&self, run: &Run<'_>, section: usize, format: FeedFormat) -> Result<String, Diagnostic> {
        let site = self.site;
        let origin = origin(&site.config.base_url);
        let bodies = {
            let mut slot = run.feed_bodies[section]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match slot.take() {
                // The section's other feed rendered them: take them, so they are freed with it.
                Some(bodies) => bodies,
                None => {
                    let bodies = std::sync::Arc::new(self.entry_bodies(run, section, origin));
                    *slot = Some(std::sync::Arc::clone(&bodies));
                    bodies
                }
            }
        };
        let entries: Vec<Entry<'_>> = bodies
            .iter()
            .filter_map(|body| {
                let page = run.pages.get(body.page);
                let published = page.meta.date?;
                Some(Entry {
                    title: &page.meta.title,
                    url: self.urls.permalink(&page.url),
                    author: page.meta.author.as_deref(),
                    published,
                    updated: page.meta.updated.unwrap_or(published).max(published),
                    summary_html: &body.summary_html,
                    content_html: body.content_html.as_deref(),
                })
            })
            .collect();
        let s = &site.sections[section];
        // Planned only for sections with dated pages (see `feed_sections`), so never empty.
        let Some(updated) = entries.iter().map(|e| e.updated).max() else {
            return Err(Diagnostic::file_error(
                &s.source.display,
                "a feed needs at least one dated page",
            ));
        };
        let feed = Feed {
            title: feed_title(site, section),
            description: s.meta.description.as_deref().unwrap_or(&site.config.description),
            language: &site.config.language,
            author: site.config.clinic_name(),
            home: self.urls.permalink(&s.url),
            self_url: self.urls.permalink(&format!("{}{}", s.url, format.file())),
            updated,
            entries,
        };
        let written = match format {
            FeedFormat::Atom => atom(&feed),
            FeedFormat::Rss => rss(&feed),
        };
        written.map_err(|e| Diagnostic::file_error(&feed.self_url, format!("cannot write feed: {e}")))
    }
}

impl Renderer<'_> {
    /// The rendered bodies of the dated entries of `section`'s feeds, links made absolute.
    /// Computed once for the Atom and the RSS feed together (see [`Run`]).
    fn entry_bodies(&self, run: &Run<'_>, section: usize, origin: &str) -> Vec<EntryBody> {
        let full = self.site.config.feed_content == FeedContent::Full;
        entries_of(self.site, section)
            .into_iter()
            .map(|id| {
                // A component that fails fails the page's own render, which reports it.
                let body = self.page_body(run, id).unwrap_or_default();
                EntryBody {
                    page: id,
                    summary_html: absolutize(&body.summary_html, origin),
                    content_html: full.then(|| absolutize(&body.html, origin)),
                }
            })
            .collect()
    }
}

/// One feed entry's HTML, shared by a section's Atom and RSS feeds.
#[derive(Debug)]
pub struct EntryBody {
    page: usize,
    summary_html: String,
    content_html: Option<String>,
}

/// `https://x.org/clinic/` -> `https://x.org`: what a root-relative link is relative to.
fn origin(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
    base_url[after_scheme..]
        .find('/')
        .map_or(base_url, |i| &base_url[..after_scheme + i])
}

/// Makes root-relative `href`/`src` attributes and `srcset` candidates absolute: feed readers
/// show entries away from the site, where `/services/x/` means nothing.
fn absolutize(html: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find("=\"/") {
        let (before, after) = rest.split_at(pos + 2);
        out.push_str(before);
        if before.ends_with(" srcset=\"") {
            let end = after.find('"').unwrap_or(after.len());
            let (set, tail) = after.split_at(end);
            out.push_str(&absolute_srcset(set, origin));
            rest = tail;
            continue;
        }
        let attribute_ok = before.ends_with("href=\"") || before.ends_with("src=\"");
        if attribute_ok && !after.starts_with("//") {
            out.push_str(origin);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `/a-300.webp 300w, /a-600.webp 600w` with each root-relative URL made absolute.
fn absolute_srcset(set: &str, origin: &str) -> String {
    set.split(", ")
        .map(|candidate| {
            if candidate.starts_with('/') && !candidate.starts_with("//") {
                format!("{origin}{candidate}")
            } else {
                candidate.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn atom(feed: &Feed<'_>) -> io::Result<String> {
    let mut w = xml::document(feed.size_hint())?;
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xml:lang", feed.language))
        .write_inner_content(|w| {
            xml::text_element(w, "title", &feed.title)?;
            xml::text_element(w, "subtitle", feed.description)?;
            link(w, &feed.home, "alternate", "text/html")?;
            link(w, &feed.self_url, "self", "application/atom+xml")?;
            xml::text_element(w, "id", &feed.home)?;
            xml::text_element(w, "updated", &feed.updated.rfc3339())?;
            person(w, feed.author)?;
            w.create_element("generator")
                .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                .write_text_content(xml::escaped("knead"))?;
            for entry in &feed.entries {
                w.create_element("entry").write_inner_content(|w| {
                    xml::text_element(w, "title", entry.title)?;
                    link(w, &entry.url, "alternate", "text/html")?;
                    xml::text_element(w, "id", &entry.url)?;
                    xml::text_element(w, "published", &entry.published.rfc3339())?;
                    xml::text_element(w, "updated", &entry.updated.rfc3339())?;
                    if let Some(author) = entry.author {
                        person(w, author)?;
                    }
                    html_element(w, "summary", entry.summary_html)?;
                    if let Some(content) = entry.content_html {
                        html_element(w, "content", content)?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(xml::finish(w))
}

fn rss(feed: &Feed<'_>) -> io::Result<String> {
    let mut w = xml::document(feed.size_hint())?;
    w.create_element("rss")
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"))
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                xml::text_element(w, "title", &feed.title)?;
                xml::text_element(w, "link", &feed.home)?;
                xml::text_element(w, "description", feed.description)?;
                xml::text_element(w, "language", feed.language)?;
                xml::text_element(w, "lastBuildDate", &feed.updated.rfc2822())?;
                xml::text_element(w, "generator", "knead")?;
                w.create_element("atom:link")
                    .with_attribute(("href", feed.self_url.as_str()))
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", "application/rss+xml"))
                    .write_empty()?;
                for entry in &feed.entries {
                    w.create_element("item").write_inner_content(|w| {
                        xml::text_element(w, "title", entry.title)?;
                        xml::text_element(w, "link", &entry.url)?;
                        w.create_element("guid")
                            .with_attribute(("isPermaLink", "true"))
                            .write_text_content(xml::escaped(&entry.url))?;
                        xml::text_element(w, "pubDate", &entry.published.rfc2822())?;
                        let body = entry.content_html.unwrap_or(entry.summary_html);
                        xml::text_element(w, "description", body)?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(xml::finish(w))
}

fn link(w: &mut XmlWriter, href: &str, rel: &str, media_type: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("href", href))
        .with_attribute(("rel", rel))
        .with_attribute(("type", media_type))
        .write_empty()?;
    Ok(())
}

fn person(w: &mut XmlWriter, name: &str) -> io::Result<()> {
    w.create_element("author")
        .write_inner_content(|w| xml::text_element(w, "name", name))?;
    Ok(())
}

/// An Atom text construct holding escaped HTML.
fn html_element(w: &mut XmlWriter, name: &str, html: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("type", "html"))
        .write_text_content(xml::escaped(html))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_links_become_absolute() {
        assert_eq!(origin("https://x.org/clinic/"), "https://x.org");
        assert_eq!(origin("http://localhost:1111/"), "http://localhost:1111");
        let html = r#"<a href="/clinic/a/">a</a><img src="/clinic/p.png" alt="p"><a href="//cdn.x/">c</a><a href="https://y.org/">y</a><a data-x="/z">z</a>"#;
        assert_eq!(
            absolutize(html, "https://x.org"),
            r#"<a href="https://x.org/clinic/a/">a</a><img src="https://x.org/clinic/p.png" alt="p"><a href="//cdn.x/">c</a><a href="https://y.org/">y</a><a data-x="/z">z</a>"#
        );
        let html = r#"<source srcset="/a-1.webp 1w, /a-2.webp 2w"><img srcset="//cdn.x/a.jpg 1w" src="/a.jpg">"#;
        assert_eq!(
            absolutize(html, "https://x.org"),
            r#"<source srcset="https://x.org/a-1.webp 1w, https://x.org/a-2.webp 2w"><img srcset="//cdn.x/a.jpg 1w" src="https://x.org/a.jpg">"#
        );
    }
}
