//! `site.yaml` -> [`SiteConfig`], and the command-line knobs of one build -> [`BuildOptions`].
//!
//! Every struct denies unknown keys: a misspelt setting is an error with a "did you mean", never a
//! silently ignored line.

pub mod facts;
pub mod hours;
pub mod team;

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, YamlSource};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The site's settings, read from `site.yaml` at the site root.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site name, used in titles, feeds and structured data.
    pub title: String,
    /// Default meta description for pages that have none.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published at; may carry a path prefix (`https://x.org/clinic/`).
    pub base_url: String,
    /// `<html lang>` and feed language.
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme directory under `themes/`; `clinic` is bundled in the binary when absent on disk.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Title template for pages other than the home page: `{page}` and `{site}` are replaced.
    #[serde(default = "default_title_template")]
    pub title_template: String,
    /// Facts about the business, shown by the theme and used for structured data.
    #[serde(default)]
    pub clinic: Clinic,
    /// Named links (`@reviews` in markdown, `link(name="reviews")` in templates). A link set to
    /// `null` is left out, as if it were not written: a placeholder for a link not known yet.
    #[serde(default, deserialize_with = "links_without_nulls")]
    pub links: BTreeMap<String, String>,
    /// The clinic's people, shown on the team page and named by id in `author`/`reviewed_by`.
    #[serde(default)]
    pub team: Vec<team::TeamMember>,
    /// The page that shows the team (`@/` path), as written; [`SiteConfig::team_page`] gives
    /// the default. People named in bylines link to their place on it (`#team-<id>`).
    #[serde(rename = "team_page")]
    pub team_page_written: Option<String>,
    /// A short note printed at the foot of every page (a disclaimer, say); none by default.
    pub footer_note: Option<String>,
    /// Main navigation, in order; `url` may be an `@/` source path or a named link.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Phrase -> `@/` target: the first plain mention of the phrase on a page becomes a link.
    #[serde(default)]
    pub autolink: BTreeMap<String, String>,
    /// At most this many autolinks are added to one page.
    #[serde(default = "default_autolink_max")]
    pub autolink_max: usize,
    /// The section whose pages are the clinic's services: a page's links to them are listed as
    /// "services mentioned" (`page.mentions`).
    #[serde(default = "default_services_section")]
    pub services_section: String,
    /// Display names of tags by slug (`russian-massage: Russian massage`); other tags are shown
    /// with hyphens as spaces and a capital first letter.
    #[serde(default)]
    pub tag_titles: BTreeMap<String, String>,
    /// Whether feed entries carry the whole page (`full`) or only its summary (`summary`).
    #[serde(default)]
    pub feed_content: FeedContent,
    /// Newest entries per feed; 0 means all.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Static files that templates link with `asset()` get a content hash in their name
    /// (`style.3f2a9c1e.css`), so hosts and browsers may cache them for a year. On by default.
    #[serde(default = "default_true")]
    pub fingerprint: bool,
    /// Minify HTML pages and CSS files (`--minify` turns it on for one build).
    #[serde(default)]
    pub minify: bool,
    /// `knead build` writes `.gz` and `.br` siblings of text files (`--precompress`).
    #[serde(default)]
    pub precompress: bool,
    /// Write a `_headers` file (Netlify, Cloudflare Pages) that caches fingerprinted files for a
    /// year (`--headers`).
    #[serde(default)]
    pub headers: bool,
    /// How photos are resized and encoded (`images: { widths: [...], quality: 80, ... }`).
    #[serde(default)]
    pub images: crate::images::ImageSettings,
    /// Free values for themes.
    #[serde(default)]
    pub extra: serde_json::Value,
    /// The file this was read from, so later stages can point at its lines.
    #[serde(skip)]
    pub file: ConfigFile,
    /// `clinic.opening_hours`, read and written for people, in the same order.
    #[serde(skip)]
    pub hours: Vec<hours::HoursRow>,
    /// Names under `links:` set to `null`: placeholders for links not known yet.
    #[serde(skip)]
    pub unset_links: Vec<String>,
    /// Whether `site.yaml` has a `clinic:` block: a site that never mentions a clinic has no
    /// clinic facts to miss.
    #[serde(skip)]
    pub clinic_written: bool,
    /// The site root (the directory holding `site.yaml`); the image cache is `.knead-cache/`
    /// under it.
    #[serde(skip)]
    pub root: PathBuf,
    /// Where the image cache's key is kept (see [`BuildOptions::cache_key_dir`]).
    #[serde(skip)]
    pub cache_key_dir: Option<PathBuf>,
}

/// What `site.yaml` writes where [`SiteConfig`] keeps only the outcome: the `links:` with their
/// `null` entries, and whether there is a `clinic:` block at all.
#[derive(Deserialize)]
struct Written {
    #[serde(default)]
    links: BTreeMap<String, Option<String>>,
    clinic: Option<serde::de::IgnoredAny>,
}

/// `site.yaml` as read: its display path and text.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub display: String,
    pub text: String,
}

/// How much of a page its feed entry carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    /// The whole page, so feed readers can show it without a visit.
    #[default]
    Full,
    /// The summary only, with a link to the page.
    Summary,
}

/// Facts about the clinic. Unknown facts stay unset (`null`): themes and structured data leave
/// them out rather than show a guess.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    /// Business name, if different from the site title.
    pub name: Option<String>,
    pub telephone: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub address: Address,
    pub geo: Option<Geo>,
    /// schema.org `openingHours` strings, e.g. `Mo-Fr 09:00-18:00` (see [`hours`]).
    #[serde(default)]
    pub opening_hours: Vec<String>,
    /// schema.org `priceRange`, e.g. `$$`: for structured data only.
    pub price_range: Option<String>,
    /// ISO 4217 code of the prices in service pages' front matter; `USD` when unset.
    pub currency: Option<String>,
    /// Cities or regions served, shown in the footer and structured data.
    #[serde(default)]
    pub area_served: Vec<String>,
}

/// A postal address; schema.org needs street, locality, region, postal code and country.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub street: Option<String>,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

/// Latitude and longitude in decimal degrees.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub latitude: f64,
    pub longitude: f64,
}

/// One entry of the main navigation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    /// `@/services/_index.md`, `@reviews`, `/path/` or an absolute URL.
    pub url: String,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "clinic".into()
}
fn default_title_template() -> String {
    "{page} | {site}".into()
}
fn default_services_section() -> String {
    "services/_index.md".into()
}
fn default_feed_limit() -> usize {
    20
}
fn default_autolink_max() -> usize {
    5
}
fn default_true() -> bool {
    true
}

/// The team page when `site.yaml` names none.
pub const DEFAULT_TEAM_PAGE: &str = "@/about.md";

/// `value` trimmed, when it holds more than spaces: a fact written as `""` or `"  "` is unset.
pub fn set(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// `links:` with the entries set to `null` left out.
fn links_without_nulls<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, String>, D::Error> {
    let links: BTreeMap<String, Option<String>> = BTreeMap::deserialize(deserializer)?;
    Ok(links.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
}

/// What one invocation of `build`/`check`/`serve` was asked to do, beyond `site.yaml`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Site root: the directory holding `site.yaml`, `content/`, `themes/`, `static/`.
    pub root: PathBuf,
    /// Output directory; `public/` under the root when not set.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.yaml` (preview deploys, local testing).
    pub base_url: Option<String>,
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
    /// Publish pages dated after `today`.
    pub future: bool,
    /// The date used to hold back future pages; injectable so tests are stable.
    pub today: chrono::NaiveDate,
    /// SEO lints fail the build instead of warning.
    pub strict: bool,
    /// Turn on `minify`, `precompress` and `headers` for this build whatever `site.yaml` says
    /// (`--minify`, `--precompress`, `--headers`); `false` leaves `site.yaml` in charge.
    pub minify: bool,
    pub precompress: bool,
    pub headers: bool,
    /// The directory holding the secret key that authenticates the image cache's entries,
    /// outside the site (see [`crate::images::cache_key`]); `None` keeps the key in memory only,
    /// so no later build reuses the cache.
    pub cache_key_dir: Option<PathBuf>,
}

impl BuildOptions {
    /// Options for building the site at `root` with everything else at its default.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            today: chrono::Local::now().date_naive(),
            strict: false,
            minify: false,
            precompress: false,
            headers: false,
            cache_key_dir: crate::images::cache_key::default_dir(),
        }
    }

    /// Where the site is written.
    pub fn output_dir(&self) -> PathBuf {
        match &self.output {
            Some(dir) => dir.clone(),
            None if self.root == Path::new(".") => PathBuf::from("public"),
            None => self.root.join("public"),
        }
    }

    /// A path under the root as the user should see it in messages (`content/x.md` when the root
    /// is the current directory).
    pub fn display_path(&self, relative: &str) -> String {
        crate::site_root::display_under(&self.root, relative)
    }
}

/// Reads and validates `site.yaml`, applying the `--base-url` override.
pub fn load(options: &BuildOptions) -> Result<SiteConfig, Diagnostic> {
    let file = options.display_path("site.yaml");
    let path = crate::site_root::site_file(&options.root, "site.yaml")?;
    let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => no_site_here(&file, &options.root),
        _ => Diagnostic::file_error(&file, format!("cannot read site config: {e}"))
            .with_help("run knead from the site root, or pass --root DIR (knead init DIR creates a new site)"),
    })?;
    let source = YamlSource {
        file: &file,
        text: &text,
        line_offset: 0,
    };
    let mut config: SiteConfig = yaml::parse(source)?;
    let written: Written = yaml::parse(source)?;
    config.clinic_written = written.clinic.is_some();
    config.unset_links = written
        .links
        .into_iter()
        .filter_map(|(name, value)| value.is_none().then_some(name))
        .collect();
    if let Some(url) = &options.base_url {
        config.base_url = url.clone();
    }
    config.base_url = normalize_base_url(&config.base_url).map_err(|msg| {
        let (line, col) = yaml::key_position(source, "base_url");
        let at = if options.base_url.is_some() {
            "--base-url"
        } else {
            "base_url"
        };
        Diagnostic::error(&file, line, col, format!("{at}: {msg}"))
            .with_help("use an absolute URL such as https://www.example.org/ or https://user.github.io/clinic/")
    })?;
    if let Some(problem) = config.images.problem() {
        let (line, col) = yaml::key_position(source, "images");
        return Err(Diagnostic::error(&file, line, col, problem)
            .with_help("see the `images:` settings in docs/writing.md#photos"));
    }
    config.root.clone_from(&options.root);
    config.cache_key_dir.clone_from(&options.cache_key_dir);
    config.minify |= options.minify;
    config.precompress |= options.precompress;
    config.headers |= options.headers;
    config.file = ConfigFile { display: file, text };
    config.clinic.currency = check_currency(&config)?;
    check_telephone(&config)?;
    config.hours = read_hours(&config)?;
    check_team(&config)?;
    // A map link searching for the clinic's name can find other businesses: once the street
    // is known, the link searches for the address instead, unless it names a place itself.
    if let Some(by_address) = facts::map_url_of(&config.clinic.address)
        && config.links.get("maps").is_none_or(|m| facts::is_map_search(m))
    {
        config.links.insert("maps".into(), by_address);
    }
    Ok(config)
}

/// `clinic.opening_hours` read into rows for people; a line that does not read is an error at
/// its place in `site.yaml`.
fn read_hours(config: &SiteConfig) -> Result<Vec<hours::HoursRow>, Diagnostic> {
    let file = &config.file;
    config
        .clinic
        .opening_hours
        .iter()
        .enumerate()
        .map(|(i, line)| match hours::Hours::parse(line) {
            Ok(parsed) => Ok(parsed.row()),
            Err(err) => {
                let (at_line, col) = config.position(&[
                    yaml::Step::Key("clinic"),
                    yaml::Step::Key("opening_hours"),
                    yaml::Step::Item(i),
                ]);
                Err(Diagnostic::error(
                    &file.display,
                    at_line,
                    col,
                    format!("clinic.opening_hours: {}", err.message),
                )
                .with_help(err.help))
            }
        })
        .collect()
}

/// `clinic.currency` upper-cased, when it is three letters (an ISO 4217 code); unset when
/// blank; anything else is an error at its place.
fn check_currency(config: &SiteConfig) -> Result<Option<String>, Diagnostic> {
    let Some(code) = set(config.clinic.currency.as_deref()) else {
        return Ok(None);
    };
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(Some(code.to_ascii_uppercase()));
    }
    let (line, col) = config.position(&[yaml::Step::Key("clinic"), yaml::Step::Key("currency")]);
    Err(Diagnostic::error(
        &config.file.display,
        line,
        col,
        format!("clinic.currency `{code}` is not a currency code"),
    )
    .with_help("write the three-letter ISO 4217 code of the prices: currency: \"USD\" (or EUR, GBP, CAD…)"))
}

/// `clinic.telephone` is digits and punctuation, with an extension after `ext`, `x`, `;` or
/// `,` (see [`facts::tel_href`]); letters elsewhere (`1-800-MASSAGE`) cannot be dialled from a
/// link, so they are an error at their place.
fn check_telephone(config: &SiteConfig) -> Result<(), Diagnostic> {
    let Some(number) = set(config.clinic.telephone.as_deref()) else {
        return Ok(());
    };
    let Err(problem) = facts::tel_href(number) else {
        return Ok(());
    };
    let (line, col) = config.position(&[yaml::Step::Key("clinic"), yaml::Step::Key("telephone")]);
    Err(Diagnostic::error(
        &config.file.display,
        line,
        col,
        format!("clinic.telephone `{number}` {problem}"),
    )
    .with_help("write the number in digits, as it is dialled: telephone: \"+1-410-555-0100\", with an extension after `ext`: \"410-555-0100 ext. 12\""))
}

/// Team ids are written as ids, once each.
fn check_team(config: &SiteConfig) -> Result<(), Diagnostic> {
    let file = &config.file;
    for (i, member) in config.team.iter().enumerate() {
        let at = |message: String, help: &str| {
            let (line, col) = config.position(&[yaml::Step::Key("team"), yaml::Step::Item(i), yaml::Step::Key("id")]);
            Diagnostic::error(&file.display, line, col, message).with_help(help)
        };
        if !team::looks_like_id(&member.id) {
            return Err(at(
                format!("team: the id `{}` is not an id", member.id),
                "write ids in lowercase letters, digits and hyphens, starting with a letter: id: dana-smith",
            ));
        }
        if config.team[..i].iter().any(|m| m.id == member.id) {
            return Err(at(
                format!("team: the id `{}` is used twice", member.id),
                "give every person an id of their own",
            ));
        }
    }
    Ok(())
}

/// The error for a site root without `site.yaml` (`file`, as shown): knead run outside any site,
/// or given a `--root` that is not one.
fn no_site_here(file: &str, root: &Path) -> Diagnostic {
    let shown = root.display();
    if root.as_os_str().is_empty() || root == Path::new(".") {
        let here = std::env::current_dir().map_or_else(|_| ".".to_string(), |dir| dir.display().to_string());
        Diagnostic::file_error(file, "no site.yaml here: run `knead init` or pass --root").with_help(format!(
            "knead reads the site in the current directory ({here}) unless --root DIR names another; \
             `knead init` creates a new site here, `knead init DIR` in a new directory"
        ))
    } else if root.is_dir() {
        Diagnostic::file_error(
            file,
            format!("no site.yaml in {shown}: run `knead init {shown}` or pass another --root"),
        )
        .with_help("--root names a site's root: the directory holding site.yaml and content/")
    } else {
        Diagnostic::file_error(file, format!("no site.yaml in {shown}: the directory does not exist")).with_help(
            format!("check the --root path, or create a new site there with `knead init {shown}`"),
        )
    }
}

/// Ensures an absolute http(s) URL ending in `/`, so page paths can be appended to it.
fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("`{url}` has no host"));
    }
    if rest.contains(['?', '#']) {
        return Err(format!("`{url}` may not contain a query or fragment"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

impl SiteConfig {
    /// The path part of `base_url` (`/` or `/clinic/`), prefixed to every root-relative link.
    pub fn base_path(&self) -> &str {
        // Called for every link: a character search, not a substring search for `://`.
        let after_scheme = self
            .base_url
            .split_once(':')
            .and_then(|(_, rest)| rest.strip_prefix("//"))
            .unwrap_or("");
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// The ISO 4217 currency of service prices: `clinic.currency` (upper-cased), else `USD`.
    pub fn currency(&self) -> &str {
        set(self.clinic.currency.as_deref()).unwrap_or("USD")
    }

    /// The page that shows the team: `team_page` as written, else [`DEFAULT_TEAM_PAGE`].
    pub fn team_page(&self) -> &str {
        self.team_page_written.as_deref().unwrap_or(DEFAULT_TEAM_PAGE)
    }

    /// 1-based line and column in `site.yaml` of the value at `path` (of the nearest part of it
    /// that is written), for errors about values found after parsing.
    pub fn position(&self, path: &[yaml::Step<'_>]) -> (usize, usize) {
        let source = YamlSource {
            file: &self.file.display,
            text: &self.file.text,
            line_offset: 0,
        };
        yaml::nearest_position(source, path)
    }

    /// The clinic's display name: `clinic.name` or else the site title.
    pub fn clinic_name(&self) -> &str {
        self.clinic.name.as_deref().unwrap_or(&self.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash_and_a_base_path() {
        assert_eq!(normalize_base_url("https://x.org").unwrap(), "https://x.org/");
        assert!(normalize_base_url("x.org").is_err());
        assert!(normalize_base_url("https:///a").is_err());
        let text = "title: t\nbase_url: https://x.org/clinic/\n";
        let source = YamlSource {
            file: "site.yaml",
            text,
            line_offset: 0,
        };
        let mut config: SiteConfig = yaml::parse(source).unwrap();
        assert_eq!(config.base_path(), "/clinic/");
        config.base_url = "https://x.org/".into();
        assert_eq!(config.base_path(), "/");
    }
}
