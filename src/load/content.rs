//! LOAD: `content/` -> [`Site`]. Reads and parses every file in parallel, then assembles the
//! section tree, filters drafts and future pages, orders pages and builds the tag taxonomy.

use super::autolink::Rules;
use super::front_matter::{self, Meta, SectionMeta, SortBy};
use super::markdown::{self, Analysis};
use super::model::{Asset, Page, PageId, Section, SectionId, Site, Skipped, Source, Term};
use super::slug::{segment_from_name, tag_title, term_slug};
use super::walk::{self, Entry, Kind};
use crate::config::{BuildOptions, SiteConfig};
use crate::diagnostics::Diagnostic;
use crate::site_root::{self, SiteRoot};
use crate::yaml::YamlSource;
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// A parsed content file before it is placed in the tree.
enum Parsed {
    Section(Source, Meta, SectionMeta, Analysis),
    Page(Source, Meta, Analysis),
}

/// The front matter and analysis of a page whose text is unchanged since an earlier load, by
/// content path and text: `knead serve` reloads a site without parsing every page again.
pub type Reuse<'r> = &'r (dyn Fn(&str, &str) -> Option<(Meta, Analysis)> + Sync);

/// What becomes of a file's text once it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bodies {
    /// Kept whole, for `knead serve` to compare with the file's next version.
    Keep,
    /// Not kept beyond the front matter: the body lives on as HTML in the analysis, shrunk to
    /// its length (see [`super::body_html::SharedBody::shrink`]); keeping the text too would
    /// cost a build tens of megabytes at ten thousand pages.
    Forget,
}

/// Loads the site for one build; every problem in every file is collected before failing.
/// The pages' markdown bodies are not kept (see [`Source::whole`]).
pub fn load(options: &BuildOptions, config: SiteConfig) -> Result<Site, Vec<Diagnostic>> {
    load_with(options, config, &|_, _| None, Bodies::Forget)
}

/// [`load`], keeping every file's text and taking the parse of pages whose text is unchanged
/// from `reuse`.
pub fn load_reusing(options: &BuildOptions, config: SiteConfig, reuse: Reuse<'_>) -> Result<Site, Vec<Diagnostic>> {
    load_with(options, config, reuse, Bodies::Keep)
}

fn load_with(
    options: &BuildOptions,
    config: SiteConfig,
    reuse: Reuse<'_>,
    bodies: Bodies,
) -> Result<Site, Vec<Diagnostic>> {
    let display_root = options.display_path("content");
    let site_root = SiteRoot::open(&options.root).map_err(|e| vec![e])?;
    if !options.root.join("content").is_dir() {
        let missing = site_root.file("content").err().unwrap_or_else(|| {
            Diagnostic::file_error(&display_root, "no content directory")
                .with_help("create content/_index.md for the home page (knead init DIR makes a starter site)")
        });
        return Err(vec![missing]);
    }
    let (entries, mut errors) = walk::walk(&site_root, &display_root);
    let autolinks = Rules::new(&config.autolink, config.autolink_max);
    // Filtered first, so that the parallel map knows its length and collects in place: a
    // parsed page is large, and each extra move of ten thousand of them was a wait of its own.
    let documents: Vec<&Entry> = entries
        .iter()
        .filter(|e| !matches!(e.kind, Kind::Asset | Kind::Snippet))
        .collect();
    let parsed: Vec<Result<Parsed, Diagnostic>> = documents
        .par_iter()
        .map(|e| parse_file(e, &display_root, &autolinks, reuse, bodies))
        .collect();
    let mut sections = Vec::new();
    let mut pages = Vec::with_capacity(parsed.len());
    for item in parsed {
        match item {
            Ok(Parsed::Section(source, meta, settings, analysis)) => sections.push((source, meta, settings, analysis)),
            Ok(Parsed::Page(source, meta, analysis)) => pages.push((source, meta, analysis)),
            Err(d) => errors.push(d),
        }
    }
    let snippets = snippets(&entries, &display_root, &autolinks, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut site = Site {
        snippets,
        sections: build_sections(sections, &config, &display_root),
        config,
        pages: Vec::new(),
        assets: Vec::new(),
        tags: Vec::new(),
        skipped: Vec::new(),
        tag_slugs: std::collections::HashMap::new(),
    };
    place_pages(&mut site, pages, options);
    site.assets = assets(&entries, &site);
    sort_pages(&mut site);
    site.tag_slugs = tag_slugs(&site);
    site.tags = taxonomy(&site);
    Ok(site)
}

/// Reads and parses one page again (for `knead serve`): its source, front matter and analysis.
/// `None` when the file at `rel` is not a page (a section's `_index.md`).
pub fn reparse_page(
    options: &BuildOptions,
    config: &SiteConfig,
    rel: &str,
) -> Result<Option<(Source, Meta, Analysis)>, Diagnostic> {
    let entry = Entry {
        rel: rel.to_string(),
        path: site_root::site_file(&options.root, &format!("content/{rel}"))?,
        kind: Kind::Page,
    };
    let autolinks = Rules::new(&config.autolink, config.autolink_max);
    match parse_file(
        &entry,
        &options.display_path("content"),
        &autolinks,
        &|_, _| None,
        Bodies::Keep,
    )? {
        Parsed::Page(source, meta, analysis) => Ok(Some((source, meta, analysis))),
        Parsed::Section(..) => Ok(None),
    }
}

thread_local! {
    /// The file being parsed. A build keeps only what it parsed out of each file; read into
    /// one buffer per thread, the files leave no holes between those long-lived allocations
    /// (which added tens of megabytes to the peak at ten thousand pages).
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn parse_file(
    entry: &Entry,
    display_root: &str,
    autolinks: &Rules,
    reuse: Reuse<'_>,
    bodies: Bodies,
) -> Result<Parsed, Diagnostic> {
    let display = format!("{display_root}/{}", entry.rel);
    READ_BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        std::fs::File::open(&entry.path)
            // Through `take`, which reads into the buffer's spare room until the end: a `File`
            // first asks the size (`statx`, `lseek`), two system calls per file that the reused
            // buffer does not need.
            .and_then(|file| file.take(u64::MAX).read_to_end(buffer))
            .map_err(|e| Diagnostic::file_error(&display, format!("cannot read: {e}")))?;
        // simdutf8 checks a page's text several times faster than the standard library.
        let text = simdutf8::compat::from_utf8(buffer).map_err(|e| {
            let valid = e.valid_up_to();
            let (line, col) = crate::diagnostics::line_col(&String::from_utf8_lossy(&buffer[..valid]), valid);
            Diagnostic::error(&display, line, col, "file is not valid UTF-8")
                .with_help("save the file with UTF-8 encoding")
        })?;
        parse_text(entry, display, text, autolinks, reuse, bodies)
    })
}

fn parse_text(
    entry: &Entry,
    display: String,
    text: &str,
    autolinks: &Rules,
    reuse: Reuse<'_>,
    bodies: Bodies,
) -> Result<Parsed, Diagnostic> {
    let split = front_matter::split(text).map_err(|(line, message)| {
        Diagnostic::error(&display, line, 1, message).with_help("start the file with:\n---\ntitle: \"Page title\"\n---")
    })?;
    let body_offset = split.body_offset;
    let reused = (entry.kind == Kind::Page).then(|| reuse(&entry.rel, text)).flatten();
    let (meta, settings, analysis) = match reused {
        Some((meta, analysis)) => (meta, None, analysis),
        None => {
            let yaml = YamlSource {
                file: &display,
                text: split.yaml,
                line_offset: split.yaml_line_offset,
            };
            let analysis = markdown::analyse(text, body_offset, &entry.rel, autolinks);
            let (meta, settings) = if entry.kind == Kind::Section {
                front_matter::parse_section(yaml).map(|(m, s)| (m, Some(s)))?
            } else {
                (front_matter::parse_page(yaml)?, None)
            };
            (meta, settings, analysis)
        }
    };
    let whole = match bodies {
        Bodies::Keep => Some(text.to_string()),
        Bodies::Forget => {
            analysis.body.shrink();
            None
        }
    };
    let source = Source {
        rel: entry.rel.clone(),
        display,
        path: entry.path.clone(),
        front_matter: text[..body_offset.min(text.len())].to_string(),
        whole,
        body_offset,
        placeholders: super::placeholders::find(text, body_offset),
    };
    Ok(match settings {
        Some(settings) => Parsed::Section(source, meta, settings, analysis),
        None => Parsed::Page(source, meta, analysis),
    })
}

/// The snippets among `entries`, read and analysed, by name.
fn snippets(
    entries: &[Entry],
    display_root: &str,
    autolinks: &Rules,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, super::Snippet> {
    let mut snippets = BTreeMap::new();
    for entry in entries.iter().filter(|e| e.kind == Kind::Snippet) {
        let display = format!("{display_root}/{}", entry.rel);
        let text = match std::fs::read_to_string(&entry.path) {
            Ok(text) => text,
            Err(e) => {
                errors.push(Diagnostic::file_error(&display, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.rel[walk::SNIPPETS.len()..].trim_end_matches(".md").to_string();
        let analysis = markdown::analyse(&text, 0, &entry.rel, autolinks);
        let source = Source {
            rel: entry.rel.clone(),
            display,
            path: entry.path.clone(),
            front_matter: String::new(),
            whole: None,
            body_offset: 0,
            placeholders: super::placeholders::find(&text, 0),
        };
        snippets.insert(name, super::Snippet { source, analysis, text });
    }
    snippets
}

/// The directory part of a content path: `guides/foo/` for `guides/foo/index.md`.
fn dir_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..=i])
}

/// `Guides/My Stuff/` -> `Guides/my-stuff/`: each directory becomes a safe URL segment.
fn dir_url(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| format!("{}/", segment_from_name(s)))
        .collect()
}

fn build_sections(
    mut found: Vec<(Source, Meta, SectionMeta, Analysis)>,
    config: &SiteConfig,
    display_root: &str,
) -> Vec<Section> {
    found.sort_by(|a, b| dir_of(&a.0.rel).cmp(dir_of(&b.0.rel)));
    if found.first().is_none_or(|s| s.0.rel != "_index.md") {
        let meta = Meta {
            title: config.title.clone(),
            description: Some(config.description.clone()),
            ..Meta::default()
        };
        let source = Source {
            rel: "_index.md".into(),
            display: format!("{display_root}/_index.md"),
            path: std::path::PathBuf::new(),
            front_matter: String::new(),
            whole: None,
            body_offset: 0,
            placeholders: Vec::new(),
        };
        found.insert(0, (source, meta, SectionMeta::default(), Analysis::default()));
    }
    let mut sections: Vec<Section> = Vec::with_capacity(found.len());
    let mut by_dir: BTreeMap<String, SectionId> = BTreeMap::new();
    for (source, meta, settings, analysis) in found {
        let dir = dir_of(&source.rel).to_string();
        let parent = (!dir.is_empty()).then(|| nearest_section(&by_dir, parent_dir(&dir)));
        let id = sections.len();
        if let Some(p) = parent {
            sections[p].subsections.push(id);
        }
        by_dir.insert(dir.clone(), id);
        sections.push(Section {
            url: dir_url(&dir),
            source,
            meta,
            settings,
            analysis,
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
    }
    sections
}

fn parent_dir(dir: &str) -> &str {
    dir_of(dir.trim_end_matches('/'))
}

/// The section owning `dir`: its own `_index.md`, or the closest ancestor's.
fn nearest_section(by_dir: &BTreeMap<String, SectionId>, mut dir: &str) -> SectionId {
    loop {
        if let Some(&id) = by_dir.get(dir) {
            return id;
        }
        if dir.is_empty() {
            return 0;
        }
        dir = parent_dir(dir);
    }
}

fn section_dirs(site: &Site) -> BTreeMap<String, SectionId> {
    site.sections
        .iter()
        .enumerate()
        .map(|(i, s)| (dir_of(&s.source.rel).to_string(), i))
        .collect()
}

/// Where a loaded page goes: its section, URL and sort key, or why it is left out.
type Placement = Result<(SectionId, String, String), &'static str>;

fn place_pages(site: &mut Site, pages: Vec<(Source, Meta, Analysis)>, options: &BuildOptions) {
    let by_dir = section_dirs(site);
    // Worked out on every core: one by one, ten thousand pages took a wait of their own.
    let placements: Vec<Placement> = pages
        .par_iter()
        .map(|(source, meta, _)| placement(source, meta, options, &by_dir))
        .collect();
    site.pages.reserve(pages.len());
    for ((source, meta, analysis), placement) in pages.into_iter().zip(placements) {
        let (section, url, sort_title) = match placement {
            Ok(placed) => placed,
            Err(reason) => {
                let notice = (reason == FUTURE).then(|| future_notice(&source, &meta)).flatten();
                site.skipped.push(Skipped {
                    rel: source.rel,
                    reason,
                    notice,
                });
                continue;
            }
        };
        let id = site.pages.len();
        site.sections[section].pages.push(id);
        site.pages.push(Page {
            source,
            meta,
            analysis,
            url,
            section,
            sort_title,
        });
    }
}

/// Why a draft is left out.
const DRAFT: &str = "it is a draft (build with --drafts to include it)";
/// Why a page dated in the future is left out.
const FUTURE: &str = "its date is in the future (build with --future to include it)";

fn placement(source: &Source, meta: &Meta, options: &BuildOptions, by_dir: &BTreeMap<String, SectionId>) -> Placement {
    if meta.draft && !options.drafts {
        return Err(DRAFT);
    }
    if meta.date.is_some_and(|d| d.day > options.today) && !options.future {
        return Err(FUTURE);
    }
    let (container, own_name) = page_location(&source.rel);
    let section = nearest_section(by_dir, container);
    let slug = meta.slug.clone().unwrap_or_else(|| segment_from_name(own_name));
    let url = format!("{}{slug}/", dir_url(container));
    Ok((section, url, meta.title.to_lowercase()))
}

/// The note that a page is left out for its date, at the line of `date:`: a year typed as 2062
/// for 2026 hides a page as surely as `draft: true`.
fn future_notice(source: &Source, meta: &Meta) -> Option<Diagnostic> {
    let date = meta.date?.iso_day();
    let (line, col) = crate::yaml::key_position(source.yaml(), "date");
    Some(
        Diagnostic::error(
            &source.display,
            line,
            col,
            format!("page left out: its date, {date}, is in the future"),
        )
        .with_help(format!(
            "fix the date if it is a typo; otherwise the first build on or after {date} publishes the page (or any build with --future)"
        ))
        .note(),
    )
}

/// The directory a page lives in and its own name: `guides/` + `foo` for both `guides/foo.md`
/// and the bundle `guides/foo/index.md`.
fn page_location(rel: &str) -> (&str, &str) {
    if let Some(bundle) = rel.strip_suffix("/index.md") {
        let name = bundle.rsplit('/').next().unwrap_or(bundle);
        (&bundle[..bundle.len() - name.len()], name)
    } else {
        let dir = dir_of(rel);
        (dir, rel[dir.len()..].trim_end_matches(".md"))
    }
}

/// Content assets keep their place relative to their page: a bundle's files follow the page's
/// URL (slug included); loose files keep their directory path.
fn assets(entries: &[Entry], site: &Site) -> Vec<Asset> {
    let bundles: BTreeMap<&str, &str> = site
        .pages
        .iter()
        .filter_map(|p| p.source.rel.strip_suffix("index.md").map(|dir| (dir, p.url.as_str())))
        .filter(|(dir, _)| !dir.is_empty())
        .collect();
    let skipped_bundles: BTreeSet<&str> = site
        .skipped
        .iter()
        .filter_map(|s| s.rel.strip_suffix("index.md"))
        .filter(|dir| !dir.is_empty())
        .collect();
    // Each file's directories are looked up: comparing every file with every bundle was
    // quadratic on a site of page bundles.
    entries
        .iter()
        .filter(|e| e.kind == Kind::Asset)
        .filter_map(|e| {
            let owner = walk::ancestor_dirs(&e.rel).find_map(|dir| bundles.get_key_value(dir));
            let skipped_bundle = walk::ancestor_dirs(&e.rel).any(|dir| skipped_bundles.contains(dir));
            if owner.is_none() && skipped_bundle {
                return None;
            }
            let out = match owner {
                Some((dir, url)) => format!("{url}{}", asset_name_path(&e.rel[dir.len()..])),
                None => asset_name_path(&e.rel),
            };
            Some(Asset {
                rel: e.rel.clone(),
                out,
                path: e.path.clone(),
            })
        })
        .collect()
}

/// Keeps a file name when it is URL-safe, otherwise slugifies its stem (keeping the extension).
fn asset_name_path(rel: &str) -> String {
    let dir = dir_of(rel);
    let name = &rel[dir.len()..];
    let safe_name = match name.rsplit_once('.') {
        _ if crate::load::slug::check_segment(name).is_ok() => name.to_string(),
        Some((stem, ext)) => format!("{}.{}", segment_from_name(stem), ext.to_lowercase()),
        None => segment_from_name(name),
    };
    format!("{}{safe_name}", dir_url(dir))
}

fn sort_pages(site: &mut Site) {
    let pages = &site.pages;
    for section in &mut site.sections {
        let by = section.settings.sort_by;
        section.pages.sort_by(|&a, &b| compare(by, &pages[a], &pages[b]));
    }
}

/// weight (unset last), then date (newest first), then title, then path: a total, stable order.
/// `sort_by: date` puts date first and `sort_by: title` puts title first.
pub fn compare(by: SortBy, a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |p: &Page| p.meta.weight.unwrap_or(i64::MAX);
    let by_weight = weight(a).cmp(&weight(b));
    let by_date = b.meta.date.cmp(&a.meta.date);
    let by_title = a.sort_title.cmp(&b.sort_title);
    let first = match by {
        SortBy::Weight => by_weight.then(by_date).then(by_title),
        SortBy::Date => by_date.then(by_weight).then(by_title),
        SortBy::Title => by_title.then(by_weight).then(by_date),
    };
    first.then_with(|| a.source.rel.cmp(&b.source.rel))
}

/// The term slug of each distinct tag written on the pages.
fn tag_slugs(site: &Site) -> std::collections::HashMap<String, String> {
    let mut slugs = std::collections::HashMap::new();
    for tag in site.pages.iter().flat_map(|p| &p.meta.tags) {
        if !slugs.contains_key(tag) {
            slugs.insert(tag.clone(), term_slug(tag));
        }
    }
    slugs
}

/// Tags and their pages; a tag's display name comes from `tag_titles:` or its humanized text.
fn taxonomy(site: &Site) -> Vec<Term> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        for tag in &page.meta.tags {
            let slug = site.tag_slug(tag);
            if slug.is_empty() {
                continue;
            }
            // Looked up before inserting: most of ten thousand pages' tags are already terms.
            let term = match terms.get_mut(&*slug) {
                Some(term) => term,
                None => terms.entry(slug.to_string()).or_insert_with(|| Term {
                    name: tag_title(&site.config.tag_titles, tag, &slug),
                    slug: slug.to_string(),
                    pages: Vec::new(),
                }),
            };
            // Pages are visited in order, so a tag repeated on one page is always the last id.
            if term.pages.last() != Some(&id) {
                term.pages.push(id);
            }
        }
    }
    let mut terms: Vec<Term> = terms.into_values().collect();
    terms.par_iter_mut().for_each(|term| {
        term.pages
            .sort_by(|&a, &b| compare(SortBy::Date, &site.pages[a], &site.pages[b]));
    });
    terms
}

/// Ids of all pages in `section` and its subsections, in the section's order (used by listings
/// such as "latest guides").
pub fn pages_below(site: &Site, section: SectionId) -> Vec<PageId> {
    let mut ids = site.sections[section].pages.clone();
    for &sub in &site.sections[section].subsections {
        ids.extend(pages_below(site, sub));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_locations_and_urls() {
        assert_eq!(page_location("guides/foo/index.md"), ("guides/", "foo"));
        assert_eq!(page_location("guides/x.md"), ("guides/", "x"));
        assert_eq!(page_location("about.md"), ("", "about"));
        assert_eq!(dir_url("Guides/My Stuff/"), "Guides/my-stuff/");
        assert_eq!(asset_name_path("guides/My Photo.JPG"), "guides/my-photo.jpg");
    }
}
