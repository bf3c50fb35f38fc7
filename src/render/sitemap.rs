//! `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`, written from the plan's sitemap files
//! (see [`crate::plan::sitemap`]).

use super::views::Urls;
use super::xml;
use crate::plan::sitemap::SitemapBody;
use chrono::NaiveDate;
use std::io;

const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// Writes one sitemap file with absolute URLs.
pub fn render(body: &SitemapBody, urls: &Urls) -> io::Result<String> {
    let (root, child) = match body {
        SitemapBody::Urls(_) => ("urlset", "url"),
        SitemapBody::Index(_) => ("sitemapindex", "sitemap"),
    };
    let items: Vec<(String, Option<NaiveDate>)> = match body {
        SitemapBody::Urls(entries) => entries.iter().map(|e| (urls.permalink(&e.path), e.lastmod)).collect(),
        SitemapBody::Index(parts) => parts.iter().map(|(name, day)| (urls.permalink(name), *day)).collect(),
    };
    // An entry is its URL and about a hundred bytes of tags, date and indentation.
    let capacity = 256 + items.iter().map(|(loc, _)| loc.len() + 100).sum::<usize>();
    let mut w = xml::document(capacity)?;
    w.create_element(root)
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|w| {
            for (loc, day) in &items {
                w.create_element(child).write_inner_content(|w| {
                    xml::text_element(w, "loc", loc)?;
                    if let Some(day) = day {
                        xml::text_element(w, "lastmod", &day.format("%Y-%m-%d").to_string())?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(xml::finish(w))
}

/// `robots.txt`: allow everything and name the sitemap.
pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.permalink("sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::sitemap::Entry;

    #[test]
    fn writes_absolute_escaped_urls() {
        let urls = Urls {
            base_path: "/clinic/".into(),
            base_url: "https://x.org/clinic/".into(),
        };
        let entry = Entry {
            path: "a&b/".into(),
            lastmod: NaiveDate::from_ymd_opt(2026, 3, 1),
        };
        let xml = render(&SitemapBody::Urls(vec![entry]), &urls).unwrap();
        assert!(xml.contains("<loc>https://x.org/clinic/a&amp;b/</loc>"), "{xml}");
        assert!(xml.contains("<lastmod>2026-03-01</lastmod>"), "{xml}");
    }
}
