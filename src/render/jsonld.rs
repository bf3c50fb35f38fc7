//! Structured data: one JSON-LD `@graph` per page, built as serde values from `site.yaml` facts and
//! front matter. The clinic is a `HealthAndBeautyBusiness` (schema.org has no massage type) with
//! only the facts that are set; pages add `WebPage`/`MedicalWebPage`, `Article`, `Service`,
//! `BreadcrumbList` and `FAQPage` nodes. No review or rating markup: Google ignores a business's
//! markup of its own reviews, so the theme links to the Google profile instead.

use crate::config::SiteConfig;
use crate::content::front_matter::Meta;
use crate::render::views::Urls;
use serde_json::{Map, Value, json};

/// What kind of page the graph describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LdKind {
    Home,
    /// Section listings and tag pages.
    Collection,
    /// A page of the services section.
    Service,
    /// A dated page (guides, comparisons).
    Article,
    Page,
}

/// The facts of one page that go into its graph.
pub struct LdPage<'a> {
    /// URL path under the site root, without base: `guides/x/`.
    pub path: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub kind: LdKind,
    /// Front matter of a page or section, for dates, people, FAQ and tags.
    pub meta: Option<&'a Meta>,
    /// `(name, path)` from the home page down to this page; empty on the home page.
    pub crumbs: Vec<(String, String)>,
    /// Absolute URL of the page's image.
    pub image: Option<String>,
}

/// The `<script type="application/ld+json">` body for `page`, safe to place inside the element.
/// The same text as serialising `{"@context": …, "@graph": [business, website, page nodes…]}`
/// in one go; the first two nodes are the same on every page and come from `shared`.
pub fn script(shared: &LdShared, config: &SiteConfig, urls: &Urls, page: &LdPage<'_>) -> String {
    let mut out = shared.head.clone();
    for node in page_nodes(config, urls, page) {
        out.push(',');
        push_script_safe(&mut out, &node.to_string());
    }
    out.push_str("]}");
    out
}

/// The start of every page's graph, up to and including the business and website nodes:
/// serialised once per build instead of once per page.
#[derive(Debug, Clone)]
pub struct LdShared {
    head: String,
}

impl LdShared {
    pub fn new(config: &SiteConfig, urls: &Urls) -> LdShared {
        let home = urls.permalink("");
        let business_id = format!("{home}#business");
        let business = business(config, urls, &business_id).to_string();
        let website = website(config, &home, &business_id).to_string();
        let head = format!(
            "{{\"@context\":\"https://schema.org\",\"@graph\":[{},{}",
            script_safe(&business),
            script_safe(&website)
        );
        LdShared { head }
    }
}

/// Escapes `<`, `>` and `&` as JSON unicode escapes: the JSON means the same, and no field
/// (`</script>`, `<!--`) can end the script element early.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    push_script_safe(&mut out, json);
    out
}

/// [`script_safe`], appending to `out`.
fn push_script_safe(out: &mut String, json: &str) {
    let mut rest = json;
    while let Some(at) = memchr::memchr3(b'<', b'>', b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// The nodes after the business and website: the page, its article or service, breadcrumbs, FAQ.
fn page_nodes(config: &SiteConfig, urls: &Urls, page: &LdPage<'_>) -> Vec<Value> {
    let home = urls.permalink("");
    let url = urls.permalink(page.path);
    let business_id = format!("{home}#business");
    let mut nodes = vec![webpage(config, page, &url, &home)];
    let meta = page.meta;
    match page.kind {
        LdKind::Article => nodes.push(article(config, page, &url, &business_id)),
        LdKind::Service => nodes.push(json!({
            "@type": "Service",
            "@id": format!("{url}#service"),
            "name": page.name,
            "serviceType": page.name,
            "description": page.description,
            "url": url,
            "provider": { "@id": business_id },
        })),
        LdKind::Home | LdKind::Collection | LdKind::Page => {}
    }
    if !page.crumbs.is_empty() {
        let items: Vec<Value> = page
            .crumbs
            .iter()
            .enumerate()
            .map(|(i, (name, path))| {
                json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": urls.permalink(path) })
            })
            .collect();
        nodes.push(json!({ "@type": "BreadcrumbList", "@id": format!("{url}#breadcrumb"), "itemListElement": items }));
    }
    if let Some(meta) = meta.filter(|m| !m.faq.is_empty()) {
        let questions: Vec<Value> = meta
            .faq
            .iter()
            .map(|f| json!({ "@type": "Question", "name": f.q, "acceptedAnswer": { "@type": "Answer", "text": f.a } }))
            .collect();
        nodes.push(json!({ "@type": "FAQPage", "@id": format!("{url}#faq"), "mainEntity": questions }));
    }
    nodes
}

/// The clinic, with only the facts `site.yaml` sets.
fn business(config: &SiteConfig, urls: &Urls, id: &str) -> Value {
    let c = &config.clinic;
    let mut node = object(json!({
        "@type": "HealthAndBeautyBusiness",
        "@id": id,
        "name": config.clinic_name(),
        "url": urls.permalink(""),
    }));
    set(&mut node, "description", non_empty(&config.description));
    set(&mut node, "telephone", c.telephone.as_deref());
    set(&mut node, "email", c.email.as_deref());
    let a = &c.address;
    let mut address = object(json!({ "@type": "PostalAddress" }));
    set(&mut address, "streetAddress", a.street.as_deref());
    set(&mut address, "addressLocality", a.locality.as_deref());
    set(&mut address, "addressRegion", a.region.as_deref());
    set(&mut address, "postalCode", a.postal_code.as_deref());
    set(&mut address, "addressCountry", a.country.as_deref());
    if address.len() > 1 {
        node.insert("address".into(), Value::Object(address));
    }
    if let Some(geo) = &c.geo {
        node.insert(
            "geo".into(),
            json!({ "@type": "GeoCoordinates", "latitude": geo.latitude, "longitude": geo.longitude }),
        );
    }
    set_list(&mut node, "openingHours", &c.opening_hours);
    set(&mut node, "priceRange", c.price_range.as_deref());
    set_list(&mut node, "areaServed", &c.area_served);
    let mut same_as: Vec<String> = config
        .links
        .iter()
        // The booking link is a tool, not a profile of the clinic; every other external named
        // link (reviews, maps, social profiles) identifies the business.
        .filter(|(name, _)| name.as_str() != "booking")
        .map(|(_, url)| url)
        .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
        .cloned()
        .collect();
    same_as.sort();
    same_as.dedup();
    set_list(&mut node, "sameAs", &same_as);
    Value::Object(node)
}

fn website(config: &SiteConfig, home: &str, business_id: &str) -> Value {
    let mut node = object(json!({
        "@type": "WebSite",
        "@id": format!("{home}#website"),
        "url": home,
        "name": config.title,
        "inLanguage": config.language,
        "publisher": { "@id": business_id },
    }));
    set(&mut node, "description", non_empty(&config.description));
    Value::Object(node)
}

/// `MedicalWebPage` when a reviewer is named (with `reviewedBy` and `lastReviewed`),
/// `CollectionPage` for listings, `WebPage` otherwise.
fn webpage(config: &SiteConfig, page: &LdPage<'_>, url: &str, home: &str) -> Value {
    let reviewer = page.meta.and_then(|m| m.reviewed_by.as_deref());
    let kind = match (page.kind, reviewer) {
        (_, Some(_)) => "MedicalWebPage",
        (LdKind::Collection, None) => "CollectionPage",
        _ => "WebPage",
    };
    let mut node = object(json!({
        "@type": kind,
        "@id": format!("{url}#webpage"),
        "url": url,
        "name": page.name,
        "description": page.description,
        "inLanguage": config.language,
        "isPartOf": { "@id": format!("{home}#website") },
    }));
    if !page.crumbs.is_empty() {
        node.insert("breadcrumb".into(), json!({ "@id": format!("{url}#breadcrumb") }));
    }
    if let Some(image) = &page.image {
        node.insert(
            "primaryImageOfPage".into(),
            json!({ "@type": "ImageObject", "url": image }),
        );
    }
    if let Some(meta) = page.meta {
        set(&mut node, "datePublished", meta.date.map(|d| d.iso_day()).as_deref());
        set(
            &mut node,
            "dateModified",
            meta.updated.or(meta.date).map(|d| d.iso_day()).as_deref(),
        );
        if let Some(name) = reviewer {
            node.insert("reviewedBy".into(), json!({ "@type": "Person", "name": name }));
            set(
                &mut node,
                "lastReviewed",
                meta.updated.or(meta.date).map(|d| d.iso_day()).as_deref(),
            );
        }
    }
    Value::Object(node)
}

fn article(config: &SiteConfig, page: &LdPage<'_>, url: &str, business_id: &str) -> Value {
    let mut node = object(json!({
        "@type": "Article",
        "@id": format!("{url}#article"),
        "headline": page.name.chars().take(110).collect::<String>(),
        "description": page.description,
        "inLanguage": config.language,
        "mainEntityOfPage": { "@id": format!("{url}#webpage") },
        "publisher": { "@id": business_id },
    }));
    let author = page.meta.and_then(|m| m.author.as_deref());
    node.insert(
        "author".into(),
        author.map_or_else(
            || json!({ "@id": business_id }),
            |name| json!({ "@type": "Person", "name": name }),
        ),
    );
    if let Some(meta) = page.meta {
        set(&mut node, "datePublished", meta.date.map(|d| d.iso_day()).as_deref());
        set(
            &mut node,
            "dateModified",
            meta.updated.or(meta.date).map(|d| d.iso_day()).as_deref(),
        );
        set_list(&mut node, "keywords", &meta.tags);
    }
    set(&mut node, "image", page.image.as_deref());
    Value::Object(node)
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn set(node: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
        node.insert(key.into(), Value::String(v.to_string()));
    }
}

fn set_list(node: &mut Map<String, Value>, key: &str, values: &[String]) {
    if !values.is_empty() {
        node.insert(key.into(), json!(values));
    }
}

fn non_empty(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_breakouts_are_escaped_and_still_json() {
        let json = json!({ "name": "a </script><!-- & b" }).to_string();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>'), "{safe}");
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "a </script><!-- & b");
    }
}
