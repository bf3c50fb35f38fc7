//! Structured data: one JSON-LD `@graph` per page, built as serde values from `site.yaml` facts and
//! front matter. The clinic is a `HealthAndBeautyBusiness` (schema.org has no massage type) with
//! only the facts that are set; pages add `WebPage`/`MedicalWebPage`, `Article`, `Service` (with
//! an `Offer` per priced session), `BreadcrumbList` and `FAQPage` nodes. Authors and reviewers are
//! `Person`s, with their role, credentials and place on the team page when a byline names a
//! member of the team by id. No review or rating markup: Google ignores a business's
//! markup of its own reviews, so the theme links to the Google profile instead.

use super::people::PersonView;
use crate::config::SiteConfig;
use crate::load::component_check::{INCLUDE, Snippets, included};
use crate::load::components::{ArgValue, Call};
use crate::load::front_matter::Meta;
use crate::render::views::Urls;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

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
    /// The components the body calls: each `faq` block is a question of the FAQPage, as the
    /// front matter's `faq:` entries are, and so is each `faq` block of the snippets it includes.
    pub components: &'a [Call],
    /// The site's snippets, by name.
    pub snippets: &'a Snippets,
}

/// The `<script type="application/ld+json">` body for `page`, safe to place inside the element.
/// The same text as serialising `{"@context": …, "@graph": [business, website, page nodes…]}`
/// in one go; the first two nodes are the same on every page and come from `shared`.
pub fn script(
    shared: &LdShared,
    config: &SiteConfig,
    urls: &Urls,
    team: &[PersonView<'_>],
    page: &LdPage<'_>,
) -> String {
    // Room for a typical page's graph up front: growing the string from the shared head's
    // length copied it several times per page.
    let mut out = String::with_capacity(shared.head.len() + 2048);
    out.push_str(&shared.head);
    let mut json = Vec::with_capacity(2048);
    for node in page_nodes(shared, config, urls, team, page) {
        json.clear();
        // Serialising plain structs into a buffer cannot fail.
        let _ = serde_json::to_writer(&mut json, &node);
        out.push(',');
        push_script_safe(&mut out, std::str::from_utf8(&json).unwrap_or_default());
    }
    out.push_str("]}");
    out
}

/// The start of every page's graph, up to and including the business and website nodes:
/// serialised once per build instead of once per page.
#[derive(Debug, Clone)]
pub struct LdShared {
    head: String,
    /// The `@id`s of the business and website nodes, which page nodes point to.
    business_id: String,
    website_id: String,
}

impl LdShared {
    /// The business and website nodes of `config`, serialised once for every page.
    pub fn new(config: &SiteConfig, urls: &Urls) -> LdShared {
        let home = urls.permalink("");
        let business_id = node_id(&home, "business");
        let business = business(config, urls, &business_id).to_string();
        let website_id = node_id(&home, "website");
        let website = website(config, &home, &website_id, &business_id).to_string();
        let head = format!(
            "{{\"@context\":\"https://schema.org\",\"@graph\":[{},{}",
            script_safe(&business),
            script_safe(&website)
        );
        LdShared {
            head,
            business_id,
            website_id,
        }
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
fn page_nodes<'p>(
    shared: &LdShared,
    config: &'p SiteConfig,
    urls: &Urls,
    team: &'p [PersonView<'p>],
    page: &'p LdPage<'p>,
) -> Vec<Node<'p>> {
    let url = urls.permalink(page.path);
    let dates = Dates::of(page.meta);
    let people = People {
        shared,
        config,
        team,
        urls,
    };
    let mut nodes = vec![Node::WebPage(webpage(
        config,
        page,
        &url,
        &shared.website_id,
        &dates,
        &people,
    ))];
    match page.kind {
        LdKind::Article => nodes.push(Node::Article(article(
            config,
            page,
            &url,
            &shared.business_id,
            dates,
            &people,
        ))),
        LdKind::Service => nodes.push(Node::Service(ServiceNode {
            id: node_id(&url, "service"),
            kind: "Service",
            description: page.description,
            name: page.name,
            offers: page
                .meta
                .map_or_else(Vec::new, |m| offers(m, page.name, config.currency())),
            provider: IdRef {
                id: shared.business_id.clone(),
            },
            service_type: page.name,
            url: url.clone(),
        })),
        LdKind::Home | LdKind::Collection | LdKind::Page => {}
    }
    if !page.crumbs.is_empty() {
        nodes.push(Node::Breadcrumbs(BreadcrumbList {
            id: node_id(&url, "breadcrumb"),
            kind: "BreadcrumbList",
            items: page
                .crumbs
                .iter()
                .enumerate()
                .map(|(i, (name, path))| ListItem {
                    kind: "ListItem",
                    item: urls.permalink(path),
                    name,
                    position: i + 1,
                })
                .collect(),
        }));
    }
    let written = page.meta.map_or(&[][..], |m| m.faq.as_slice());
    let written = written.iter().map(|f| (f.q.as_str(), f.a.as_str()));
    let questions: Vec<Question<'_>> = written
        .chain(component_faq(page.components, page.snippets))
        .map(|(q, a)| Question {
            kind: "Question",
            answer: Answer {
                kind: "Answer",
                text: a,
            },
            name: q,
        })
        .collect();
    if !questions.is_empty() {
        nodes.push(Node::Faq(FaqPage {
            id: node_id(&url, "faq"),
            kind: "FAQPage",
            questions,
        }));
    }
    nodes
}

/// The question and answer of each `{% faq(q="…") %}` … `{% end %}` of a body, and of the
/// snippets it includes, in the order they stand on the page; a snippet included more than once
/// gives its questions once.
fn component_faq<'c>(calls: &'c [Call], snippets: &'c Snippets) -> Vec<(&'c str, &'c str)> {
    fn walk<'c>(
        calls: &'c [Call],
        snippets: &'c Snippets,
        seen: &mut BTreeSet<&'c str>,
        out: &mut Vec<(&'c str, &'c str)>,
    ) {
        for call in calls {
            if call.name == INCLUDE {
                if let Some((name, snippet)) = included(call).and_then(|n| snippets.get_key_value(n))
                    && seen.insert(name.as_str())
                {
                    walk(&snippet.analysis.components, snippets, seen, out);
                }
                continue;
            }
            let question = call.args.iter().find(|a| a.name == "q");
            if call.name == "faq"
                && let (Some(ArgValue::Text(q)), Some(a)) = (question.map(|q| &q.value), &call.body_text)
            {
                out.push((q.as_str(), a.as_str()));
            }
        }
    }
    let mut out = Vec::new();
    walk(calls, snippets, &mut BTreeSet::new(), &mut out);
    out
}

/// `url#name`, the `@id` of one node of a page's graph (built without the formatting
/// machinery: a page's graph makes several).
fn node_id(url: &str, name: &str) -> String {
    let mut id = String::with_capacity(url.len() + 1 + name.len());
    id.push_str(url);
    id.push('#');
    id.push_str(name);
    id
}

// The page nodes as plain structs, serialised straight to text: building `serde_json` maps for
// every page was most of the cost of its structured data. Fields are in alphabetical order, the
// order `serde_json` maps have, so the text is what it always was.

/// One node of a page's graph.
#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    WebPage(WebPageNode<'a>),
    Article(ArticleNode<'a>),
    Service(ServiceNode<'a>),
    Breadcrumbs(BreadcrumbList<'a>),
    Faq(FaqPage<'a>),
}

#[derive(Serialize)]
struct IdRef {
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize)]
struct Typed<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebPageNode<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    breadcrumb: Option<IdRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    in_language: &'a str,
    is_part_of: IdRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_image_of_page: Option<Typed<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<PersonNode<'a>>,
    url: String,
}

/// A person: a member of the team (with their role, credentials, photo, place on the team page
/// and the clinic they work for) or a name as a byline writes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonNode<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    honorific_suffix: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    works_for: Option<IdRef>,
}

/// What person nodes are made from: the team as templates see it.
struct People<'a, 'x> {
    shared: &'x LdShared,
    config: &'a SiteConfig,
    team: &'a [PersonView<'a>],
    urls: &'x Urls,
}

impl<'a> People<'a, '_> {
    /// The person a byline names: the team member with that id, else the byline as a name.
    fn person(&self, byline: &'a str) -> PersonNode<'a> {
        let Some(p) = super::people::named(&self.config.team, self.team, Some(byline)) else {
            return PersonNode {
                kind: "Person",
                honorific_suffix: None,
                image: None,
                job_title: None,
                name: byline,
                url: None,
                works_for: None,
            };
        };
        PersonNode {
            kind: "Person",
            honorific_suffix: p.credentials,
            image: p.photo.as_ref().map(|photo| self.urls.absolute(&photo.src)),
            job_title: p.role,
            name: p.name,
            url: p.url.as_deref().map(|href| self.urls.absolute(href)),
            works_for: Some(IdRef {
                id: self.shared.business_id.clone(),
            }),
        }
    }
}

/// The author: a named person, or the clinic.
#[derive(Serialize)]
#[serde(untagged)]
enum Author<'a> {
    Person(PersonNode<'a>),
    Clinic(IdRef),
}

/// One way to book a service, with its price.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OfferNode {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    price: String,
    price_currency: String,
}

/// The offers of a service that have a price, each named by the service, its length and its
/// variant's name (`Russian Massage Therapy, 60 min`).
fn offers(meta: &Meta, service: &str, currency: &str) -> Vec<OfferNode> {
    meta.offers
        .iter()
        .filter_map(|o| {
            let price = o.price?;
            let name: Vec<String> = [
                Some(service.to_string()),
                o.name.clone(),
                o.minutes.map(|m| format!("{m} min")),
            ]
            .into_iter()
            .flatten()
            .collect();
            Some(OfferNode {
                kind: "Offer",
                name: name.join(", "),
                price: crate::render::offers::plain_amount(price),
                price_currency: currency.to_string(),
            })
        })
        .collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArticleNode<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Author<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    in_language: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    main_entity_of_page: IdRef,
    publisher: IdRef,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceNode<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    offers: Vec<OfferNode>,
    provider: IdRef,
    service_type: &'a str,
    url: String,
}

#[derive(Serialize)]
struct BreadcrumbList<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

#[derive(Serialize)]
struct FaqPage<'a> {
    #[serde(rename = "@id")]
    id: String,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "mainEntity")]
    questions: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "acceptedAnswer")]
    answer: Answer<'a>,
    name: &'a str,
}

#[derive(Serialize)]
struct Answer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
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
    set(&mut node, "description", Some(&config.description));
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
    let hours: Vec<String> = config.hours.iter().map(|row| row.machine.clone()).collect();
    set_list(&mut node, "openingHours", &hours);
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
        // A search by name can find other businesses: it identifies nobody.
        .filter(|l| !crate::config::facts::is_map_search(l))
        .cloned()
        .collect();
    same_as.sort();
    same_as.dedup();
    set_list(&mut node, "sameAs", &same_as);
    let map = config.links.get("maps").map(String::as_str);
    set(
        &mut node,
        "hasMap",
        map.filter(|m| m.starts_with("https://") || m.starts_with("http://")),
    );
    Value::Object(node)
}

fn website(config: &SiteConfig, home: &str, id: &str, business_id: &str) -> Value {
    let mut node = object(json!({
        "@type": "WebSite",
        "@id": id,
        "url": home,
        "name": config.title,
        "inLanguage": config.language,
        "publisher": { "@id": business_id },
    }));
    set(&mut node, "description", Some(&config.description));
    Value::Object(node)
}

/// `MedicalWebPage` when a reviewer is named (with `reviewedBy` and `lastReviewed`),
/// `CollectionPage` for listings, `WebPage` otherwise.
fn webpage<'a>(
    config: &'a SiteConfig,
    page: &'a LdPage<'a>,
    url: &str,
    website_id: &str,
    dates: &Dates,
    people: &People<'a, '_>,
) -> WebPageNode<'a> {
    let reviewer = page.meta.and_then(|m| m.reviewed_by.as_deref());
    let kind = match (page.kind, reviewer) {
        (_, Some(_)) => "MedicalWebPage",
        (LdKind::Collection, None) => "CollectionPage",
        _ => "WebPage",
    };
    WebPageNode {
        id: node_id(url, "webpage"),
        kind,
        breadcrumb: (!page.crumbs.is_empty()).then(|| IdRef {
            id: node_id(url, "breadcrumb"),
        }),
        last_reviewed: reviewer.and(dates.modified.clone()),
        date_modified: dates.modified.clone(),
        date_published: dates.published.clone(),
        description: page.description,
        in_language: &config.language,
        is_part_of: IdRef {
            id: website_id.to_string(),
        },
        name: page.name,
        primary_image_of_page: page.image.as_deref().map(|image| Typed {
            kind: "ImageObject",
            name: None,
            url: Some(image),
        }),
        reviewed_by: reviewer.map(|name| people.person(name)),
        url: url.to_string(),
    }
}

/// `datePublished` and `dateModified` (the update, else the publication) of a page's meta,
/// written once for the page and its article.
struct Dates {
    published: Option<String>,
    modified: Option<String>,
}

impl Dates {
    fn of(meta: Option<&Meta>) -> Dates {
        Dates {
            published: meta.and_then(|m| m.date).map(|d| d.iso_day()),
            modified: meta.and_then(|m| m.updated.or(m.date)).map(|d| d.iso_day()),
        }
    }
}

fn article<'a>(
    config: &'a SiteConfig,
    page: &'a LdPage<'a>,
    url: &str,
    business_id: &str,
    dates: Dates,
    people: &People<'a, '_>,
) -> ArticleNode<'a> {
    let author = page.meta.and_then(|m| m.author.as_deref());
    ArticleNode {
        id: node_id(url, "article"),
        kind: "Article",
        author: author.map_or_else(
            || {
                Author::Clinic(IdRef {
                    id: business_id.to_string(),
                })
            },
            |name| Author::Person(people.person(name)),
        ),
        date_modified: dates.modified,
        date_published: dates.published,
        description: page.description,
        headline: page.name.chars().take(110).collect(),
        image: crate::config::set(page.image.as_deref()),
        in_language: &config.language,
        keywords: page.meta.map_or(&[], |m| m.tags.as_slice()),
        main_entity_of_page: IdRef {
            id: node_id(url, "webpage"),
        },
        publisher: IdRef {
            id: business_id.to_string(),
        },
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn set(node: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = crate::config::set(value) {
        node.insert(key.into(), Value::String(v.to_string()));
    }
}

fn set_list(node: &mut Map<String, Value>, key: &str, values: &[String]) {
    if !values.is_empty() {
        node.insert(key.into(), json!(values));
    }
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
