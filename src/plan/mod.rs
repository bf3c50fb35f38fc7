//! Decides every file the build writes before any is written: one claim per output path, so two
//! sources mapping to one URL (or an alias shadowing a page) is an error naming both files, and
//! every template a page asks for is checked to exist.

pub mod css_urls;
pub mod feeds;
pub mod fingerprint;
pub mod photos;
pub mod sitemap;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::images::probe::is_photo_name;
use crate::load::front_matter::Positioned;
use crate::load::theme::{StaticData, Theme};
use crate::load::{Site, Source};
use feeds::{FeedFormat, feed_sections};
use fingerprint::Fingerprints;
use rustc_hash::{FxHashMap, FxHashSet};
use sitemap::SitemapBody;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Output path (no base) of listing page `number` (1-based) of a section at `url`.
pub fn pager_path(url: &str, number: usize) -> String {
    if number <= 1 {
        url.to_string()
    } else {
        format!("{url}page/{number}/")
    }
}

/// The output paths of a build. Every link of every page is looked up here, by a fast
/// non-cryptographic hash: the paths are the site's own, not hostile input.
pub type FileSet = rustc_hash::FxHashSet<String>;

/// One unit of output.
#[derive(Debug, Clone)]
pub enum Job {
    Page {
        page: usize,
        template: String,
    },
    /// Listing page `number` of `total` of a section.
    Listing {
        section: usize,
        number: usize,
        total: usize,
        template: String,
    },
    TagIndex,
    Tag(usize),
    NotFound,
    /// A redirect stub at `out` to the page at `to` (a URL path without base).
    Alias {
        out: String,
        to: String,
    },
    Static {
        out: String,
        data: StaticData,
    },
    Asset(usize),
    /// The Atom or RSS feed of a section.
    Feed {
        section: usize,
        format: FeedFormat,
    },
    /// `sitemap.xml`, or one part of a split sitemap.
    Sitemap {
        out: String,
        body: SitemapBody,
    },
    /// `robots.txt`, unless the site ships its own in `static/`.
    Robots,
}

/// All jobs plus the directories they need, created once up front.
#[derive(Debug, Default)]
pub struct Plan {
    pub jobs: Vec<Job>,
    pub dirs: BTreeSet<String>,
    /// Every output file path, for checking root-relative links.
    /// A hash set: links are looked up in it millions of times on a large site, and paths share
    /// long prefixes that ordered comparisons would walk again and again.
    pub files: FileSet,
    /// Output path -> the source that produced it, for messages about output files.
    pub owners: BTreeMap<String, String>,
    /// The static files, for `asset()` and their fingerprinted copies.
    pub fingerprints: Arc<Fingerprints>,
    /// The photos among the assets and static files, and the files made from them.
    pub photos: Arc<photos::Photos>,
}

pub const TAG_INDEX_TEMPLATE: &str = "taxonomy_list.html";
pub const TAG_TEMPLATE: &str = "taxonomy_term.html";
pub const NOT_FOUND_TEMPLATE: &str = "404.html";

#[derive(Default)]
struct Claims {
    owners: BTreeMap<String, String>,
    errors: Vec<Diagnostic>,
}

impl Claims {
    /// Records that `owner` writes `out`; a second claim is an error reported on the later source.
    fn claim(&mut self, out: String, owner: &str, at: (usize, usize)) -> bool {
        if let Some(first) = self.owners.get(&out) {
            let url = out.trim_end_matches("index.html");
            self.errors.push(
                Diagnostic::error(owner, at.0, at.1, format!("`/{url}` is also the URL of {first}"))
                    .with_help("two sources map to one URL: rename a file or set a different `slug:`"),
            );
            return false;
        }
        self.owners.insert(out, owner.to_string());
        true
    }

    /// Output paths that differ only by letter case (`About/index.html` and `about/index.html`,
    /// `Logo.png` and `logo.png`, or a directory and a file) are one path on the file systems of
    /// macOS and Windows, where one source would overwrite or merge into the other: an error on
    /// the later path's source, naming the earlier one's. Only a path with a capital or
    /// non-ASCII letter can clash with another, so a site without any costs one scan of its
    /// paths, and one with some a hash lookup per directory level of each path.
    fn check_letter_case(&mut self) {
        let cased_prefixes: FxHashSet<String> = self
            .owners
            .keys()
            .filter(|path| has_cased_letters(path))
            .flat_map(|path| prefixes(path))
            .filter(|prefix| has_cased_letters(prefix))
            .map(str::to_lowercase)
            .collect();
        if cased_prefixes.is_empty() {
            return;
        }
        // Folded prefix -> its first spelling, as shown (`/about/` for a directory), and the
        // source of that spelling.
        let mut spellings: FxHashMap<Cow<'_, str>, (&str, String, &str)> = FxHashMap::default();
        let mut reported: FxHashSet<(&str, &str)> = FxHashSet::default();
        for (path, owner) in &self.owners {
            let cased = has_cased_letters(path);
            for prefix in prefixes(path) {
                let folded = if cased {
                    Cow::Owned(prefix.to_lowercase())
                } else {
                    Cow::Borrowed(prefix)
                };
                if !cased_prefixes.contains(folded.as_ref()) {
                    continue;
                }
                let shown = if prefix.len() < path.len() {
                    format!("/{prefix}/")
                } else {
                    format!("/{prefix}")
                };
                let (first, first_shown, first_owner) =
                    spellings.entry(folded).or_insert((prefix, shown.clone(), owner));
                if *first != prefix && reported.insert((first_owner, owner)) {
                    self.errors.push(
                        Diagnostic::file_error(
                            owner,
                            format!("`{shown}` differs only by letter case from `{first_shown}` of {first_owner}"),
                        )
                        .with_help("macOS and Windows do not tell capital letters apart in file names, so one would overwrite the other there: rename one of the two files"),
                    );
                }
            }
        }
    }
}

/// The directories of an output path, outermost first, then the path itself: `a`, `a/b`,
/// `a/b/c.html` for `a/b/c.html`.
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(|(slash, _)| &path[..slash])
        .chain(std::iter::once(path))
}

/// Whether `text` has a letter whose lowercase differs (any capital), or any non-ASCII
/// character (left to a full Unicode lowercase).
fn has_cased_letters(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii())
}

/// Plans the build: pages, section listings with pagination, tag pages, 404, aliases, assets
/// and static files.
pub fn plan(site: &Site, theme: &Theme) -> Result<Plan, Vec<Diagnostic>> {
    let mut claims = Claims::default();
    let mut jobs = Vec::new();
    add_listings(site, theme, &mut claims, &mut jobs);
    for (id, page) in site.pages.iter().enumerate() {
        let section_default = site.sections[page.section].settings.page_template.as_ref();
        let default = section_default.map_or("page.html", |p| p.value.as_str());
        let Some(template) = pick_template(
            theme,
            &page.source,
            page.meta.template.as_ref(),
            default,
            &mut claims.errors,
        ) else {
            continue;
        };
        let at = page
            .meta
            .slug
            .as_ref()
            .map_or((0, 0), |_| crate::yaml::key_position(page.source.yaml(), "slug"));
        if claims.claim(format!("{}index.html", page.url), &page.source.display, at) {
            jobs.push(Job::Page { page: id, template });
        }
        add_aliases(&page.meta.aliases, &page.source, &page.url, &mut claims, &mut jobs);
    }
    add_generated(site, theme, &mut claims, &mut jobs);
    let photo_candidates = add_files(site, theme, &mut claims, &mut jobs);
    let photos = plan_photos(site, photo_candidates, &mut claims);
    add_search_files(site, theme, &mut claims, &mut jobs);
    claims.check_letter_case();
    if !claims.errors.is_empty() {
        return Err(claims.errors);
    }
    let files: FileSet = claims.owners.keys().cloned().collect();
    let dirs = files
        .iter()
        .filter_map(|f| f.rfind('/').map(|i| f[..i].to_string()))
        .collect();
    let statics = jobs
        .iter()
        .filter_map(|job| match job {
            Job::Static { out, data } => Some((out.clone(), data.clone())),
            _ => None,
        })
        .collect();
    let fingerprints = Fingerprints::new(site.config.fingerprint, site.config.minify, statics, files.clone());
    Ok(Plan {
        jobs,
        dirs,
        files,
        owners: claims.owners,
        fingerprints: Arc::new(fingerprints),
        photos: Arc::new(photos),
    })
}

/// The listing pages of every section (more than one when it is paginated) and its aliases.
fn add_listings(site: &Site, theme: &Theme, claims: &mut Claims, jobs: &mut Vec<Job>) {
    for (id, section) in site.sections.iter().enumerate() {
        let default = if id == crate::load::HOME {
            "index.html"
        } else {
            "section.html"
        };
        let Some(template) = pick_template(
            theme,
            &section.source,
            section.meta.template.as_ref(),
            default,
            &mut claims.errors,
        ) else {
            continue;
        };
        let total = section
            .settings
            .paginate_by
            .map_or(1, |n| section.pages.len().div_ceil(n).max(1));
        for number in 1..=total {
            let out = format!("{}index.html", pager_path(&section.url, number));
            if claims.claim(out, &section.source.display, (0, 0)) {
                jobs.push(Job::Listing {
                    section: id,
                    number,
                    total,
                    template: template.clone(),
                });
            }
        }
        add_aliases(&section.meta.aliases, &section.source, &section.url, claims, jobs);
    }
}

fn add_generated(site: &Site, theme: &Theme, claims: &mut Claims, jobs: &mut Vec<Job>) {
    let require = |name: &str, why: &str, errors: &mut Vec<Diagnostic>| {
        let ok = theme.templates.contains_key(name);
        if !ok {
            errors.push(Diagnostic::file_error(
                &theme.templates_display,
                format!("template `{name}` not found ({why})"),
            ));
        }
        ok
    };
    if !site.tags.is_empty()
        && require(TAG_INDEX_TEMPLATE, "needed for /tags/", &mut claims.errors)
        && require(TAG_TEMPLATE, "needed for tag pages", &mut claims.errors)
    {
        if claims.claim("tags/index.html".into(), "the tags taxonomy", (0, 0)) {
            jobs.push(Job::TagIndex);
        }
        for (i, term) in site.tags.iter().enumerate() {
            if claims.claim(
                format!("{}index.html", Site::term_url(term)),
                &format!("tag `{}`", term.name),
                (0, 0),
            ) {
                jobs.push(Job::Tag(i));
            }
        }
    }
    if require(NOT_FOUND_TEMPLATE, "needed for 404.html", &mut claims.errors)
        && claims.claim("404.html".into(), "the 404 page", (0, 0))
    {
        jobs.push(Job::NotFound);
    }
}

/// The jobs that copy the content's assets and the static files, and the photos among them;
/// an image file knead does not publish as it is (HEIC, camera raw…) is an error.
fn add_files(site: &Site, theme: &Theme, claims: &mut Claims, jobs: &mut Vec<Job>) -> Vec<photos::Candidate> {
    let root = &site.config.root;
    let mut photo_candidates = Vec::new();
    for (i, asset) in site.assets.iter().enumerate() {
        let shown = format!("content/{}", asset.rel);
        if let Some(p) = crate::images::probe::unpublished_image(&asset.out) {
            let shown = crate::site_root::display_under(root, &shown);
            claims
                .errors
                .push(Diagnostic::file_error(shown, p.message).with_help(p.help));
            continue;
        }
        if claims.claim(asset.out.clone(), &shown, (0, 0)) {
            jobs.push(Job::Asset(i));
            if is_photo_name(&asset.out) {
                let shown = crate::site_root::display_under(root, &shown);
                photo_candidates.push((asset.out.clone(), StaticData::Disk(asset.path.clone()), shown));
            }
        }
    }
    for (out, data) in &theme.statics {
        let shown = format!("static/{out}");
        // A theme's file is named by where it is on disk; a bundled theme's as `static/`.
        let shown_on_disk = || match data {
            StaticData::Disk(path) => match path.strip_prefix(root) {
                Ok(rel) => crate::site_root::display_under(root, &rel.to_string_lossy()),
                Err(_) => path.display().to_string(),
            },
            StaticData::Embedded(_) => shown.clone(),
        };
        if let Some(p) = crate::images::probe::unpublished_image(out) {
            claims
                .errors
                .push(Diagnostic::file_error(shown_on_disk(), p.message).with_help(p.help));
            continue;
        }
        if claims.claim(out.clone(), &shown, (0, 0)) {
            jobs.push(Job::Static {
                out: out.clone(),
                data: data.clone(),
            });
            if is_photo_name(out) {
                photo_candidates.push((out.clone(), data.clone(), shown_on_disk()));
            }
        }
    }
    photo_candidates
}

/// The photos of the build, probed, their copies claimed.
fn plan_photos(site: &Site, photo_candidates: Vec<photos::Candidate>, claims: &mut Claims) -> photos::Photos {
    let config = &site.config;
    // The key is read (or made) only for a site with photos.
    let cache = if photo_candidates.is_empty() {
        crate::images::cache::Cache::none()
    } else {
        let key = crate::images::cache_key::load(config.cache_key_dir.as_deref());
        crate::images::cache::Cache::at_site(&config.root, key)
    };
    let photos = photos::Photos::probe(photo_candidates, &config.images, cache).unwrap_or_else(|errors| {
        claims.errors.extend(errors);
        photos::Photos::default()
    });
    for (_, photo) in photos.iter() {
        for copy in photo.copies.webp.iter().chain(&photo.copies.fallback) {
            claims.claim(copy.out.clone(), &photo.shown, (0, 0));
        }
    }
    photos
}

/// Feeds, the sitemap (computed from the page jobs, so it lists exactly what is written) and
/// `robots.txt`.
fn add_search_files(site: &Site, theme: &Theme, claims: &mut Claims, jobs: &mut Vec<Job>) {
    for section in feed_sections(site) {
        for format in FeedFormat::ALL {
            let out = format!("{}{}", site.sections[section].url, format.file());
            if claims.claim(out, &site.sections[section].source.display, (0, 0)) {
                jobs.push(Job::Feed { section, format });
            }
        }
    }
    for (out, body) in sitemap::files(sitemap::entries(site, jobs), sitemap::MAX_URLS) {
        if claims.claim(out.clone(), "the sitemap", (0, 0)) {
            jobs.push(Job::Sitemap { out, body });
        }
    }
    if !theme.statics.contains_key("robots.txt") && claims.claim("robots.txt".into(), "robots.txt", (0, 0)) {
        jobs.push(Job::Robots);
    }
}

/// The template a page or section uses, checked to exist; a missing one is reported at the
/// front-matter line that asked for it.
fn pick_template(
    theme: &Theme,
    source: &Source,
    asked: Option<&Positioned>,
    default: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    let name = asked.map_or(default, |p| p.value.as_str());
    if theme.templates.contains_key(name) {
        return Some(name.to_string());
    }
    let hint = did_you_mean(name, theme.templates.keys().map(String::as_str))
        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
    let (line, col) = asked.map_or((0, 0), |p| (p.line, p.col));
    errors.push(
        Diagnostic::error(
            &source.display,
            line,
            col,
            format!("template `{name}` not found in {}{hint}", theme.templates_display),
        )
        .with_help(format!(
            "available templates: {}",
            theme.templates.keys().cloned().collect::<Vec<_>>().join(", ")
        )),
    );
    None
}

fn add_aliases(aliases: &[Positioned], source: &Source, target: &str, claims: &mut Claims, jobs: &mut Vec<Job>) {
    for alias in aliases {
        match alias_output(&alias.value) {
            Ok(out) => {
                if claims.claim(out.clone(), &source.display, (alias.line, alias.col)) {
                    jobs.push(Job::Alias {
                        out,
                        to: target.to_string(),
                    });
                }
            }
            Err(why) => claims.errors.push(
                Diagnostic::error(
                    &source.display,
                    alias.line,
                    alias.col,
                    format!("alias `{}` {why}", alias.value),
                )
                .with_help("an alias is an old URL path of this page, such as /old-name/ or /old/page.html"),
            ),
        }
    }
}

/// `/old/` -> `old/index.html`, `/old.html` -> `old.html`; path tricks are refused.
pub fn alias_output(alias: &str) -> Result<String, String> {
    if alias.contains("://") || alias.contains(['?', '#', '\\']) {
        return Err("must be a path on this site, without query or fragment".into());
    }
    let mut segments = Vec::new();
    for segment in alias.split('/').filter(|s| !s.is_empty()) {
        crate::load::slug::check_segment(segment).map_err(|why| format!("has a segment `{segment}` that {why}"))?;
        segments.push(segment);
    }
    if segments.is_empty() {
        return Err("would replace the home page".into());
    }
    let joined = segments.join("/");
    Ok(if joined.ends_with(".html") || joined.ends_with(".htm") {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter_case_errors(paths: &[&str]) -> Vec<String> {
        let mut claims = Claims::default();
        for path in paths {
            assert!(claims.claim((*path).to_string(), &format!("src/{path}"), (0, 0)));
        }
        claims.check_letter_case();
        claims.errors.iter().map(|e| e.message.clone()).collect()
    }

    #[test]
    fn paths_that_differ_only_by_letter_case_clash_once_per_pair_of_sources() {
        assert_eq!(
            letter_case_errors(&["About/index.html", "about/index.html"]),
            ["`/about/` differs only by letter case from `/About/` of src/About/index.html"]
        );
        assert_eq!(
            letter_case_errors(&["ABOUT", "about/index.html"]),
            ["`/about/` differs only by letter case from `/ABOUT` of src/ABOUT"]
        );
        assert_eq!(
            letter_case_errors(&["É.png", "é.png"]),
            ["`/é.png` differs only by letter case from `/É.png` of src/É.png"]
        );
        assert!(letter_case_errors(&["About/index.html", "about-us/index.html", "a/B.png", "b/b.png"]).is_empty());
    }

    #[test]
    fn aliases_map_to_files_and_refuse_tricks() {
        assert_eq!(alias_output("/old-name/").unwrap(), "old-name/index.html");
        assert_eq!(alias_output("old/page.html").unwrap(), "old/page.html");
        assert!(alias_output("/../../etc/").is_err());
        assert!(alias_output("/").is_err());
        assert!(alias_output("https://x.org/").is_err());
    }
}
