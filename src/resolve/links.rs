//! RESOLVE: every internal link form -> a URL, or an error that says what is wrong and what was
//! probably meant. The same [`LinkIndex`] validates links before anything is written and rewrites
//! them while rendering, so what was checked is what is published.

use crate::diagnostics::{Category, Diagnostic, did_you_mean, did_you_mean_path};
use crate::load::{Site, Source};
use crate::plan::FileSet;
use crate::url_path::{SVG, data_media_type, is_external, normalize, refused_scheme};
use rayon::prelude::*;
// Fast non-cryptographic hashing: the keys are the site's own paths and ids, not hostile input.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// What a link points at inside the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Page(usize),
    Section(usize),
}

/// Lookup tables for link resolution, built once per build from the loaded site.
pub struct LinkIndex<'a> {
    site: &'a Site,
    /// `site.config.base_path()`, found once: every href starts with it.
    base_path: &'a str,
    by_source: HashMap<&'a str, Target>,
    by_url: HashMap<&'a str, Target>,
    /// `by_url` with keys in lower case, made on the first miss: Hugo writes URLs in lower
    /// case, knead keeps a file's own. Two URLs that differ only by case are a build error of
    /// their own (their files would overwrite each other on macOS and Windows); the key they
    /// share leads to neither (`None`), so that no link is taken for one of them by chance.
    by_lower_url: std::sync::OnceLock<HashMap<String, Option<Target>>>,
    /// Content path of each colocated file -> its output path.
    assets: HashMap<&'a str, &'a str>,
    /// Output path of each colocated file -> the file under `content/`: the files a
    /// root-relative link (`/guides/x/photo.jpg`) may name.
    asset_files: HashMap<&'a str, &'a std::path::Path>,
    /// Output files that are not pages (static files, assets) for root-relative links.
    files: FileSet,
    anchors: HashMap<Target, HashSet<&'a str>>,
}

/// A link that does not resolve: the message and, where one is close, a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    pub message: String,
    pub help: Option<String>,
    pub category: &'static Category,
}

fn fail<T>(category: &'static Category, message: String) -> Result<T, LinkError> {
    Err(LinkError {
        message,
        help: None,
        category,
    })
}

/// What is wrong with a link, as the report that ends a failed build counts it.
pub mod category {
    use crate::diagnostics::Category;

    pub static MISSING_PAGE: Category = Category {
        one: "link to a missing page",
        many: "links to missing pages",
    };
    pub static MISSING_FILE: Category = Category {
        one: "link to a missing file",
        many: "links to missing files",
    };
    pub static MISSING_HEADING: Category = Category {
        one: "link to a missing heading",
        many: "links to missing headings",
    };
    pub static UNKNOWN_NAME: Category = Category {
        one: "unknown named link",
        many: "unknown named links",
    };
    pub static UNPUBLISHED: Category = Category {
        one: "link to an unpublished page",
        many: "links to unpublished pages",
    };
    pub static AMBIGUOUS: Category = Category {
        one: "link that two pages fit",
        many: "links that two pages fit",
    };
    pub static REFUSED: Category = Category {
        one: "refused link",
        many: "refused links",
    };
    pub static OUTSIDE: Category = Category {
        one: "link outside content/",
        many: "links outside content/",
    };
    pub static DEFINITION: Category = Category {
        one: "broken link definition",
        many: "broken link definitions",
    };
    pub static IMAGE: Category = Category {
        one: "broken `image:`",
        many: "broken `image:` entries",
    };
    pub static SELF_LINK: Category = Category {
        one: "named link to its own page",
        many: "named links to their own pages",
    };
}

impl<'a> LinkIndex<'a> {
    /// Indexes `site`; `files` are the other output paths (static files) that links may target.
    pub fn new(site: &'a Site, files: FileSet) -> Self {
        let documents = || {
            let sections = site.sections.iter().enumerate();
            let sections = sections.map(|(i, s)| (Target::Section(i), &s.source, s.url.as_str(), &s.analysis));
            let pages = site.pages.iter().enumerate();
            sections.chain(pages.map(|(i, p)| (Target::Page(i), &p.source, p.url.as_str(), &p.analysis)))
        };
        // The paths and the ids of ten thousand pages, each on a core of its own.
        let ((by_source, by_url), anchors) = rayon::join(
            || {
                let mut by_source = HashMap::default();
                let mut by_url = HashMap::default();
                for (target, source, url, _) in documents() {
                    by_source.insert(source.rel.as_str(), target);
                    by_url.insert(url, target);
                }
                (by_source, by_url)
            },
            || {
                documents()
                    .map(|(target, _, _, a)| (target, a.ids().collect()))
                    .collect()
            },
        );
        let assets = site.assets.iter().map(|a| (a.rel.as_str(), a.out.as_str())).collect();
        let asset_files = site.assets.iter().map(|a| (a.out.as_str(), a.path.as_path())).collect();
        LinkIndex {
            site,
            base_path: site.config.base_path(),
            by_source,
            by_url,
            by_lower_url: std::sync::OnceLock::new(),
            assets,
            asset_files,
            files,
            anchors,
        }
    }

    /// The file under `content/` behind a root-relative href (`/clinic/guides/x/photo.jpg`), for
    /// reading an image's size.
    pub fn asset_file(&self, href: &str) -> Option<&'a std::path::Path> {
        let out = href.strip_prefix(self.base_path)?;
        let out = out.split(['#', '?']).next()?;
        self.asset_files.get(out).copied()
    }

    /// The page or section at a content path (`services/x.md`).
    pub fn target_of_source(&self, rel: &str) -> Option<Target> {
        self.by_source.get(rel).copied()
    }

    /// URL path (no base path) of a target.
    pub fn url_of(&self, target: Target) -> &'a str {
        match target {
            Target::Page(i) => &self.site.pages[i].url,
            Target::Section(i) => &self.site.sections[i].url,
        }
    }

    /// The href of `dest` as written in `from`: absolute URLs unchanged, internal links as the
    /// base path plus the target's path, fragments kept.
    pub fn href(&self, from: &Source, dest: &str) -> Result<String, LinkError> {
        self.resolve(from, dest).map(|(href, _)| href)
    }

    /// The page or section a link points at, if it points at one.
    pub fn target(&self, from: &Source, dest: &str) -> Option<Target> {
        self.resolve(from, dest).ok().and_then(|(_, t)| t)
    }

    /// [`LinkIndex::href`], with the page or section the link points at.
    pub fn resolve(&self, from: &Source, dest: &str) -> Result<(String, Option<Target>), LinkError> {
        let base = self.base_path;
        if is_external(dest) {
            return match refused_scheme(dest) {
                Some(scheme) => Err(refused(dest, scheme)),
                None => Ok((dest.to_string(), None)),
            };
        }
        if let Some(name) = dest.strip_prefix('@').filter(|n| !n.starts_with('/')) {
            return self.named(name, from);
        }
        let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
        let (path, query) = path.split_once('?').map_or((path, ""), |(p, q)| (p, q));
        let (url, target) = if path.is_empty() {
            (
                self.url_of(self.target_of_source(&from.rel).ok_or_else(|| LinkError {
                    message: "unknown page".into(),
                    help: None,
                    category: &category::MISSING_PAGE,
                })?)
                .to_string(),
                self.target_of_source(&from.rel),
            )
        } else if let Some(rel) = path.strip_prefix("@/") {
            let t = self.by_source_path(rel, dest)?;
            (self.url_of(t).to_string(), Some(t))
        } else if let Some(rooted) = path.strip_prefix('/') {
            self.root_relative(rooted, dest)?
        } else {
            self.relative(from, path, dest)?
        };
        if let (Some(fragment), Some(target)) = (fragment, target) {
            self.check_anchor(target, fragment, dest, path.is_empty())?;
        }
        // Pushed, not formatted: every link of every page comes through here.
        let mut href = String::with_capacity(base.len() + url.len() + query.len() + fragment.map_or(0, str::len) + 2);
        href.push_str(base);
        href.push_str(&url);
        if !query.is_empty() {
            href.push('?');
            href.push_str(query);
        }
        if let Some(f) = fragment {
            href.push('#');
            href.push_str(f);
        }
        Ok((href, target))
    }

    fn named(&self, name: &str, from: &Source) -> Result<(String, Option<Target>), LinkError> {
        let links = &self.site.config.links;
        match links.get(name) {
            Some(value) if value.starts_with("@/") || value.starts_with('/') => self.resolve(from, value),
            Some(value) => match refused_scheme(value) {
                Some(scheme) => Err(LinkError {
                    message: format!(
                        "link to `@{name}`, which is `{value}` in site.yaml: {}",
                        refused_why(value, scheme)
                    ),
                    ..refused(value, scheme)
                }),
                None => Ok((value.clone(), None)),
            },
            None if self.site.config.unset_links.iter().any(|n| n == name) => Err(LinkError {
                message: format!("link to `@{name}`: `{name}` is null in site.yaml, as it is not known yet"),
                help: Some(format!(
                    "write the sentence without the link until `links.{name}` is set, or link a page that \
                     stays true meanwhile, such as [contact us](@/contact.md)"
                )),
                category: &category::UNKNOWN_NAME,
            }),
            None => {
                let hint = did_you_mean(name, links.keys().map(String::as_str))
                    .map_or_else(String::new, |s| format!(" (did you mean `@{s}`?)"));
                Err(LinkError {
                    message: format!("link to `@{name}`: no such named link{hint}"),
                    help: Some(format!(
                        "named links are defined under `links:` in site.yaml; known: {}",
                        known(links.keys())
                    )),
                    category: &category::UNKNOWN_NAME,
                })
            }
        }
    }

    fn by_source_path(&self, rel: &str, dest: &str) -> Result<Target, LinkError> {
        if let Some(t) = self.by_source.get(rel) {
            return Ok(*t);
        }
        if let Some(t) = rel
            .strip_suffix(".md")
            .and_then(|stem| self.by_source.get(format!("{stem}/index.md").as_str()))
        {
            return Ok(*t);
        }
        if let Some(skipped) = self.site.skipped.iter().find(|s| s.rel == rel) {
            return fail(
                &category::UNPUBLISHED,
                format!(
                    "link to `{dest}`: that page is not published because {}",
                    skipped.reason
                ),
            );
        }
        let hint = did_you_mean_path(rel, self.by_source.keys().copied())
            .map_or_else(String::new, |s| format!(" (did you mean `@/{s}`?)"));
        fail(&category::MISSING_PAGE, format!("link to `{dest}`: no such page{hint}"))
    }

    fn root_relative(&self, rooted: &str, dest: &str) -> Result<(String, Option<Target>), LinkError> {
        let with_slash = if rooted.is_empty() || rooted.ends_with('/') {
            rooted.to_string()
        } else {
            [rooted, "/"].concat()
        };
        if let Some(&t) = self.by_url.get(with_slash.as_str()) {
            return Ok((with_slash, Some(t)));
        }
        if self.files.contains(rooted) || self.asset_files.contains_key(rooted) || self.is_generated(&with_slash) {
            return Ok((rooted.to_string(), None));
        }
        if let Some(t) = self.page_at_url(&with_slash) {
            return Ok((self.url_of(t).to_string(), Some(t)));
        }
        // `/services/massage.md`: a content file named from the root of content/.
        if rooted.ends_with(".md") {
            let t = self.by_source_path(rooted, dest)?;
            return Ok((self.url_of(t).to_string(), Some(t)));
        }
        let hint = did_you_mean_path(&with_slash, self.by_url.keys().copied())
            .map_or_else(String::new, |s| format!(" (did you mean `/{s}`?)"));
        fail(
            &category::MISSING_PAGE,
            format!("link to `{dest}`: no page or file at this URL{hint}"),
        )
    }

    /// The page or section at a URL path (`services/massage/`), in this letter case or another.
    fn page_at_url(&self, url: &str) -> Option<Target> {
        if let Some(&t) = self.by_url.get(url) {
            return Some(t);
        }
        let lower = self.by_lower_url.get_or_init(|| {
            let mut lower: HashMap<String, Option<Target>> = HashMap::default();
            for (url, &t) in &self.by_url {
                lower
                    .entry(url.to_lowercase())
                    .and_modify(|seen| *seen = None)
                    .or_insert(Some(t));
            }
            lower
        });
        lower.get(&url.to_lowercase()).copied().flatten()
    }

    /// Listings that exist without a source file: tag pages and pagination.
    fn is_generated(&self, url: &str) -> bool {
        url == "tags/" && !self.site.tags.is_empty()
            || url
                .strip_prefix("tags/")
                .is_some_and(|t| self.site.tags.iter().any(|term| format!("{}/", term.slug) == t))
    }

    fn relative(&self, from: &Source, path: &str, dest: &str) -> Result<(String, Option<Target>), LinkError> {
        let dir = from.rel.rfind('/').map_or("", |i| &from.rel[..=i]);
        let Some(joined) = normalize(&[dir, path].concat()) else {
            return fail(
                &category::OUTSIDE,
                format!("link to `{dest}`: points outside the content directory"),
            );
        };
        if joined.ends_with(".md") {
            let t = self.by_source_path(&joined, dest)?;
            return Ok((self.url_of(t).to_string(), Some(t)));
        }
        if let Some(out) = self.assets.get(joined.as_str()) {
            return Ok(((*out).to_string(), None));
        }
        if names_a_page(&joined) {
            return self.page_without_md(from, path, &joined, dest);
        }
        let hint = did_you_mean_path(&joined, self.assets.keys().copied())
            .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
        Err(LinkError {
            message: format!("link to `{dest}`: no such file in content/ (looked for `{joined}`){hint}"),
            help: looks_like_email(path).then(|| {
                format!("an email address is linked as `mailto:{path}`, or written `<{path}>` with no link text")
            }),
            category: &category::MISSING_FILE,
        })
    }

    /// A page or section named without `.md` (`massage`, `./massage`, `services/`, `../`), as
    /// Hugo sites write them: the file beside this one (`massage.md`, `massage/index.md` or the
    /// section `massage/_index.md`), or the page at that URL from this page's URL, as a browser
    /// reads it. The two differ for a page that is not a section or bundle (its URL is a folder
    /// its file is not in); when they name two pages, the link is an error naming both.
    fn page_without_md(
        &self,
        from: &Source,
        path: &str,
        joined: &str,
        dest: &str,
    ) -> Result<(String, Option<Target>), LinkError> {
        let stem = joined.trim_end_matches('/');
        let files: Vec<String> = if stem.is_empty() {
            vec!["_index.md".into()]
        } else {
            ["", "/index", "/_index"].map(|end| format!("{stem}{end}.md")).into()
        };
        let by_file = files.iter().find_map(|f| self.by_source.get(f.as_str()).copied());
        let page_url = self.target_of_source(&from.rel).map_or("", |t| self.url_of(t));
        let url =
            normalize(&[page_url, path].concat()).map(|u| if u.is_empty() || u.ends_with('/') { u } else { u + "/" });
        let by_url = url.as_deref().and_then(|u| self.page_at_url(u));
        match (by_file, by_url) {
            (Some(a), Some(b)) if a != b => Err(LinkError {
                message: format!(
                    "link to `{dest}`: two pages fit, `@/{}` beside this file and `@/{}` from this page's URL `/{page_url}`",
                    self.source_of(a),
                    self.source_of(b)
                ),
                help: Some("name the one you mean by its file: `@/` and its path under content/".into()),
                category: &category::AMBIGUOUS,
            }),
            (Some(t), _) | (None, Some(t)) => Ok((self.url_of(t).to_string(), Some(t))),
            (None, None) => {
                if let Some(skipped) = self.site.skipped.iter().find(|s| files.contains(&s.rel)) {
                    return fail(
                        &category::UNPUBLISHED,
                        format!(
                            "link to `{dest}`: that page is not published because {}",
                            skipped.reason
                        ),
                    );
                }
                let hint = did_you_mean_path(joined, self.by_source.keys().copied())
                    .map_or_else(String::new, |s| format!(" (did you mean `@/{s}`?)"));
                let mut looked = files.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
                if let Some(url) = url {
                    looked.push_str(&format!(" and the URL `/{url}`"));
                }
                Err(LinkError {
                    message: format!("link to `{dest}`: no such page{hint}"),
                    help: Some(format!("a link without `.md` is looked up as {looked}")),
                    category: &category::MISSING_PAGE,
                })
            }
        }
    }

    /// The content path of a target's source file.
    fn source_of(&self, target: Target) -> &'a str {
        match target {
            Target::Page(i) => &self.site.pages[i].source.rel,
            Target::Section(i) => &self.site.sections[i].source.rel,
        }
    }

    fn check_anchor(&self, target: Target, fragment: &str, dest: &str, same_page: bool) -> Result<(), LinkError> {
        let ids = &self.anchors[&target];
        if fragment.is_empty() || fragment == "top" || ids.contains(fragment) {
            return Ok(());
        }
        let hint = did_you_mean(fragment, ids.iter().copied())
            .map_or_else(String::new, |s| format!(" (did you mean `#{s}`?)"));
        let place = if same_page { "this page" } else { "that page" };
        Err(LinkError {
            message: format!("link to `{dest}`: no heading `#{fragment}` on {place}{hint}"),
            help: Some("anchors are GitHub-style heading slugs: `## How Often?` -> `#how-often`".into()),
            category: &category::MISSING_HEADING,
        })
    }
}

/// A link with a scheme that runs code or carries a document, which is not published.
fn refused(dest: &str, scheme: &str) -> LinkError {
    LinkError {
        message: format!("link to `{dest}`: {}", refused_why(dest, scheme)),
        help: Some(
            "link to a page (`@/contact.md`), a web address (`https://…`), an email address (`mailto:…`) or a phone number (`tel:…`)"
                .into(),
        ),
        category: &category::REFUSED,
    }
}

/// Why a link to `dest`, whose `scheme` [`refused_scheme`] refuses, is not published.
fn refused_why(dest: &str, scheme: &str) -> &'static str {
    if data_media_type(dest).as_deref() == Some(SVG) {
        "an SVG image can carry scripts, so knead does not publish one as a `data:` URL; save it as a file beside the page and link to that"
    } else if scheme.eq_ignore_ascii_case("data") {
        "a `data:` link carries a whole document; knead publishes `data:image/…` only"
    } else {
        "it runs code when clicked, so knead does not publish it"
    }
}

fn known<'k>(keys: impl Iterator<Item = &'k String>) -> String {
    let list: Vec<String> = keys.map(|k| format!("@{k}")).collect();
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

/// Whether a content path names a page rather than a file: it ends with `/`, or its last part
/// has no extension (`services/massage`, `services/`, or the home page's empty path).
fn names_a_page(joined: &str) -> bool {
    joined.ends_with('/') || !joined.rsplit('/').next().unwrap_or(joined).contains('.')
}

/// `info@example.com`: no slash, and text on both sides of one `@`.
fn looks_like_email(path: &str) -> bool {
    !path.contains('/')
        && path
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !host.contains('@'))
}

/// Checks every link, image and `related:` entry of every page and section; all problems are
/// returned together.
pub fn check(site: &Site, index: &LinkIndex<'_>, resolved: &ResolvedLinks) -> Vec<Diagnostic> {
    let docs: Vec<(
        &Source,
        &crate::load::markdown::Analysis,
        &crate::load::front_matter::Meta,
    )> = site
        .sections
        .iter()
        .map(|s| (&s.source, &s.analysis, &s.meta))
        .chain(site.pages.iter().map(|p| (&p.source, &p.analysis, &p.meta)))
        .collect();
    let links: Vec<&DocLinks> = resolved.sections.iter().chain(&resolved.pages).collect();
    let mut found: Vec<Diagnostic> = docs
        .par_iter()
        .zip(links.par_iter())
        .flat_map_iter(|((source, analysis, meta), links)| doc_errors(source, analysis, meta, links, index))
        .collect();
    found.extend(check_config_links(site, index));
    found
}

/// Every link problem of one page or section, whose links resolved to `links`: broken links,
/// a broken `image:`, named links back to the page itself. A whole build and `knead serve`'s
/// re-check of one edited page both ask here, so they find the same problems.
pub fn doc_errors(
    source: &Source,
    analysis: &crate::load::markdown::Analysis,
    meta: &crate::load::front_matter::Meta,
    links: &DocLinks,
    index: &LinkIndex<'_>,
) -> Vec<Diagnostic> {
    let mut found = links.errors(source, analysis, meta);
    found.extend(image_error(source, meta, index));
    found.extend(self_links(source, analysis, links, index));
    found
}

/// Named links (`@booking`) that lead back to the page they are written on: a visitor who
/// follows "book online" and lands where they were goes round in a loop.
fn self_links(
    source: &Source,
    analysis: &crate::load::markdown::Analysis,
    links: &DocLinks,
    index: &LinkIndex<'_>,
) -> Vec<Diagnostic> {
    let own = index.target_of_source(&source.rel);
    let config = &index.site.config;
    analysis
        .links
        .iter()
        .zip(&links.body)
        .filter_map(|(link, resolution)| {
            let name = link.dest.strip_prefix('@').filter(|n| !n.starts_with('/'))?;
            let target = resolution.as_ref().ok()?.target()?;
            (Some(target) == own).then(|| {
                let value = config.links.get(name).map_or("", String::as_str);
                let err = LinkError {
                    message: format!("link to `@{name}` leads back to this page (`{name}` is `{value}` in site.yaml)"),
                    help: Some(format!(
                        "a named link is meant to lead elsewhere: set `links.{name}` in site.yaml to where it should go \
                         (or to null until that is known), or rewrite the sentence without the link"
                    )),
                    category: &category::SELF_LINK,
                };
                to_diagnostic(&source.display, link.line, link.col, err)
            })
        })
        .collect()
}

/// Why the front matter's `image:` names no image: it must be an http(s) URL (checked when
/// the front matter is read) or resolve like a link to a file of the site, not to a page.
fn image_error(source: &Source, meta: &crate::load::front_matter::Meta, index: &LinkIndex<'_>) -> Option<Diagnostic> {
    let image = meta.image.as_ref()?;
    let err = match index.resolve(source, &image.value) {
        Ok((_, None)) => return None,
        Ok((_, Some(_))) => LinkError {
            message: format!("image `{}`: that is a page, not an image file", image.value),
            help: Some("name an image file: /images/card.jpg (in static/) or card.jpg (beside the page)".into()),
            category: &category::IMAGE,
        },
        Err(err) => LinkError {
            message: err.message.replacen("link to ", "image ", 1),
            help: err.help,
            category: &category::IMAGE,
        },
    };
    Some(to_diagnostic(&source.display, image.line, image.col, err))
}

/// What a link resolved to, or why it does not resolve.
pub type Resolution = Result<Href, Box<LinkError>>;

/// Where a resolved link goes. Most links go to a page or section with nothing after its URL;
/// their href is kept as the target alone, which is what it is written from (a build holds
/// every link of every page until rendering, and a string each added a twentieth to its memory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Href {
    /// The base path and the URL of the target.
    Target(Target),
    /// Any other href, with the page or section it points at, if any.
    Text(Box<str>, Option<Target>),
}

impl Href {
    fn new(href: String, target: Option<Target>, index: &LinkIndex<'_>) -> Href {
        match target {
            Some(t) if is_href_of(&href, index.base_path, index.url_of(t)) => Href::Target(t),
            _ => Href::Text(href.into_boxed_str(), target),
        }
    }

    /// The page or section the link points at.
    pub fn target(&self) -> Option<Target> {
        match self {
            Href::Target(t) => Some(*t),
            Href::Text(_, t) => *t,
        }
    }

    /// The href to write.
    pub fn text(&self, index: &LinkIndex<'_>) -> String {
        match self {
            Href::Target(t) => [index.base_path, index.url_of(*t)].concat(),
            Href::Text(href, _) => href.to_string(),
        }
    }
}

/// Whether `href` is `base` followed by `url`.
fn is_href_of(href: &str, base: &str, url: &str) -> bool {
    href.len() == base.len() + url.len() && href.starts_with(base) && href.ends_with(url)
}

/// The links of one page or section, resolved once: the link check reports the failures, the
/// graph reads the targets and the renderer writes the hrefs (resolving every link three
/// times was a twentieth of a large build).
#[derive(Debug, Default)]
pub struct DocLinks {
    /// One per entry of `analysis.links`, in that order.
    pub body: Vec<Resolution>,
    /// One per `related:` entry of the front matter.
    pub related: Vec<Resolution>,
}

impl DocLinks {
    /// Resolves the body links and `related:` entries of a document.
    pub fn resolve(
        source: &Source,
        analysis: &crate::load::markdown::Analysis,
        meta: &crate::load::front_matter::Meta,
        index: &LinkIndex<'_>,
    ) -> DocLinks {
        DocLinks {
            body: analysis
                .links
                .iter()
                .map(|l| resolution(index, source, &l.dest))
                .collect(),
            related: meta
                .related
                .iter()
                .map(|r| resolution(index, source, &r.value))
                .collect(),
        }
    }

    /// The links that do not resolve, as errors at their place in the source.
    pub fn errors(
        &self,
        source: &Source,
        analysis: &crate::load::markdown::Analysis,
        meta: &crate::load::front_matter::Meta,
    ) -> Vec<Diagnostic> {
        let body = analysis
            .links
            .iter()
            .enumerate()
            .zip(&self.body)
            .flat_map(|((i, link), r)| {
                let Err(err) = r else { return [None, None] };
                let used = to_diagnostic(&source.display, link.line, link.col, (**err).clone());
                // A reference-style link is fixed at its definition, reported once for all its
                // uses (equal diagnostics are printed once).
                let definition = analysis
                    .definitions
                    .binary_search_by_key(&i, |d| d.link)
                    .ok()
                    .map(|d| &analysis.definitions[d])
                    .map(|d| {
                        to_diagnostic(&source.display, d.line, d.col, (**err).clone())
                            .with_label(format!("the definition of `[{}]`", d.label))
                            .with_category(&category::DEFINITION)
                    });
                [Some(used), definition]
            });
        let body = body.flatten();
        let related = meta.related.iter().zip(&self.related).filter_map(|(rel, r)| {
            let err = (**r.as_ref().err()?).clone();
            Some(to_diagnostic(&source.display, rel.line, rel.col, err))
        });
        body.chain(related).collect()
    }

    /// The pages and sections the document links to (body links, then `related:`), in order,
    /// with repeats.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        targets(&self.body).chain(targets(&self.related))
    }

    /// The pages and sections the body links to, in order, with repeats.
    pub fn body_targets(&self) -> impl Iterator<Item = Target> + '_ {
        targets(&self.body)
    }

    /// The pages and sections the `related:` entries name, in order.
    pub fn related_targets(&self) -> impl Iterator<Item = Target> + '_ {
        targets(&self.related)
    }
}

/// [`LinkIndex::resolve`], kept compact for [`DocLinks`].
fn resolution(index: &LinkIndex<'_>, from: &Source, dest: &str) -> Resolution {
    match index.resolve(from, dest) {
        Ok((href, target)) => Ok(Href::new(href, target, index)),
        Err(e) => Err(Box::new(e)),
    }
}

/// The targets among resolved links.
fn targets(resolutions: &[Resolution]) -> impl Iterator<Item = Target> + '_ {
    resolutions
        .iter()
        .filter_map(|r| r.as_ref().ok().and_then(Href::target))
}

/// The [`DocLinks`] of every section and page, by id.
#[derive(Debug, Default)]
pub struct ResolvedLinks {
    pub sections: Vec<DocLinks>,
    pub pages: Vec<DocLinks>,
}

impl ResolvedLinks {
    /// Resolves every link of the site, on every core.
    pub fn new(site: &Site, index: &LinkIndex<'_>) -> ResolvedLinks {
        let sections = site
            .sections
            .par_iter()
            .map(|s| DocLinks::resolve(&s.source, &s.analysis, &s.meta, index))
            .collect();
        let pages = site
            .pages
            .par_iter()
            .map(|p| DocLinks::resolve(&p.source, &p.analysis, &p.meta, index))
            .collect();
        ResolvedLinks { sections, pages }
    }
}

fn to_diagnostic(file: &str, line: usize, col: usize, err: LinkError) -> Diagnostic {
    let d = Diagnostic::error(file, line, col, err.message).with_category(err.category);
    match err.help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Named links, menu entries and a `team_page` written in `site.yaml` that point inside the site
/// must resolve too. (Left to its default, a team page that does not exist only means the team's
/// bylines link nowhere.)
fn check_config_links(site: &Site, index: &LinkIndex<'_>) -> Vec<Diagnostic> {
    use crate::yaml::Step::{Item, Key};
    let home = &site.home().source;
    let config = &site.config;
    let links = config
        .links
        .iter()
        .map(|(name, dest)| (dest, vec![Key("links"), Key(name)]));
    let menu = config
        .menu
        .iter()
        .enumerate()
        .map(|(i, m)| (&m.url, vec![Key("menu"), Item(i), Key("url")]));
    let team_page = config
        .team_page_written
        .iter()
        .map(|page| (page, vec![Key("team_page")]));
    links
        .chain(menu)
        .chain(team_page)
        .filter_map(|(dest, path)| Some((path, index.href(home, dest).err()?)))
        .map(|(path, err)| {
            let (line, col) = config.position(&path);
            to_diagnostic(&config.file.display, line, col, err)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(normalize("guides/../services/x.md").as_deref(), Some("services/x.md"));
        assert_eq!(normalize("guides/./a/"), Some("guides/a/".into()));
        assert_eq!(normalize("../x.md"), None);
    }

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("@/x.md"));
        assert!(!is_external("/services/"));
    }

    #[test]
    fn email_addresses_written_as_paths_are_recognised() {
        assert!(looks_like_email("info@example.com"));
        assert!(!looks_like_email("@example.com"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("team/a@b.png"));
    }
}
