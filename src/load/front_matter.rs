//! Front matter: the YAML block at the top of a content file, read strictly (raw types straight
//! from serde) and then validated into the types the rest of the pipeline trusts. Every key is
//! documented for users in docs/writing.md (tests/it/front_matter_reference.rs keeps that list
//! equal to the fields here).

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, YamlSource};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A content file cut into its YAML block and its markdown body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines of the file before the YAML block (the opening `---`, plus a BOM-only line never).
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file, to map markdown positions back to file lines.
    pub body_offset: usize,
}

/// Splits `---\n yaml \n---\n body`. A file without front matter is an error: `title` is required.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let after_bom = &text[bom..];
    let first_line_end = after_bom.find('\n').map_or(after_bom.len(), |i| i + 1);
    if after_bom[..first_line_end].trim_end() != "---" {
        return Err((1, "missing front matter: the file must start with a `---` line".into()));
    }
    let yaml_start = bom + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err((
        1,
        "front matter is not closed: add a `---` line after the YAML block".into(),
    ))
}

/// A date from front matter: `2026-03-14` or RFC 3339 `2026-03-14T09:30:00-05:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub day: NaiveDate,
    pub instant: Option<DateTime<FixedOffset>>,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Date { day, instant: None });
        }
        let instant = DateTime::parse_from_rfc3339(text).ok()?;
        Some(Date {
            day: instant.date_naive(),
            instant: Some(instant),
        })
    }

    /// `YYYY-MM-DD`, for `<time datetime>`, sitemaps and JSON-LD.
    pub fn iso_day(&self) -> String {
        // `NaiveDate`'s Display is this very format for four-digit years, without parsing a
        // format string on every call (every page's JSON-LD asks twice).
        if (0..=9999).contains(&self.day.year()) {
            self.day.to_string()
        } else {
            self.day.format("%Y-%m-%d").to_string()
        }
    }

    /// Full RFC 3339 timestamp (midnight UTC for plain dates), for feeds.
    pub fn rfc3339(&self) -> String {
        match self.instant {
            Some(t) => t.to_rfc3339(),
            None => format!("{}T00:00:00+00:00", self.iso_day()),
        }
    }

    /// RFC 2822 timestamp (midnight UTC for plain dates), for RSS `pubDate`.
    pub fn rfc2822(&self) -> String {
        match self.instant {
            Some(t) => t.to_rfc2822(),
            None => format!("{} 00:00:00 +0000", self.day.format("%a, %d %b %Y")),
        }
    }

    /// Human form for templates: `March 14, 2026`.
    pub fn human(&self) -> String {
        self.day.format("%B %-d, %Y").to_string()
    }
}

/// One question and answer; rendered as a FAQ block and as FAQPage structured data.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub q: String,
    pub a: String,
}

/// A page's front matter exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: String,
    description: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    weight: Option<i64>,
    #[serde(default)]
    tags: Vec<String>,
    template: Option<String>,
    #[serde(default)]
    related: Vec<String>,
    author: Option<String>,
    reviewed_by: Option<String>,
    #[serde(default)]
    faq: Vec<Faq>,
    price: Option<f64>,
    duration: Option<u32>,
    #[serde(default)]
    variants: Vec<RawOffer>,
    image: Option<String>,
    #[serde(default)]
    noindex: bool,
    #[serde(default)]
    extra: serde_json::Value,
}

/// One of a service's `variants` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffer {
    name: Option<String>,
    duration: Option<u32>,
    price: Option<f64>,
}

/// One way to book a service: its length and price, each possibly unknown. The page's own
/// `price`/`duration` come first, then its `variants`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Offer {
    /// `Couples session`: what sets this variant apart, beside its length.
    pub name: Option<String>,
    /// Minutes.
    pub minutes: Option<u32>,
    /// In the site's currency (`clinic.currency`), not negative.
    pub price: Option<f64>,
}

/// A section's (`_index.md`) front matter exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: String,
    description: Option<String>,
    weight: Option<i64>,
    template: Option<String>,
    page_template: Option<String>,
    #[serde(default)]
    sort_by: SortBy,
    paginate_by: Option<usize>,
    #[serde(default)]
    feed: bool,
    #[serde(default)]
    noindex: bool,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    extra: serde_json::Value,
}

/// How a section orders its pages. Ties always fall back to weight, date (newest first), title.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
}

/// Validated front matter of a page or a section; section-only settings live in [`SectionMeta`].
/// Comparable, so `knead serve` can tell an edit of the body from an edit of the front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub slug: Option<String>,
    pub aliases: Vec<Positioned>,
    pub weight: Option<i64>,
    pub tags: Vec<String>,
    pub template: Option<Positioned>,
    pub related: Vec<Positioned>,
    pub author: Option<String>,
    pub reviewed_by: Option<String>,
    pub faq: Vec<Faq>,
    /// The service's lengths and prices (`price`, `duration`, `variants`), in that order.
    pub offers: Vec<Offer>,
    /// The social card image: an `http(s)` URL, or a file of the site that the link check
    /// finds (see `crate::resolve::links`).
    pub image: Option<Positioned>,
    pub noindex: bool,
    pub extra: serde_json::Value,
}

impl Meta {
    /// Whether the theme shows an image of the page above its body, fetched first: its
    /// `image:`, or a hero image (`extra.hero_image`). The body's first photo is then not the
    /// page's main image, and loads lazily like the others.
    pub fn has_main_image(&self) -> bool {
        let hero = self.extra.get("hero_image");
        self.image.is_some() || hero.is_some_and(|h| !h.is_null() && h.as_str() != Some(""))
    }
}

/// Settings only a section's `_index.md` can have.
#[derive(Debug, Clone, Default)]
pub struct SectionMeta {
    pub page_template: Option<Positioned>,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub feed: bool,
}

/// A front-matter value with the file line and column it came from, for later errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Positioned {
    pub value: String,
    pub line: usize,
    pub col: usize,
}

fn positioned(source: YamlSource<'_>, key: &str, value: String) -> Positioned {
    let (line, col) = yaml::key_position(source, key);
    Positioned { value, line, col }
}

fn positioned_list(source: YamlSource<'_>, key: &str, values: Vec<String>) -> Vec<Positioned> {
    values.into_iter().map(|v| positioned(source, key, v)).collect()
}

/// Years a date may have: sitemaps, feeds and structured data write four-digit years, and
/// year 0 (1 BC) is no date anyone means.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

fn parse_date(source: YamlSource<'_>, key: &str, value: Option<String>) -> Result<Option<Date>, Diagnostic> {
    let Some(text) = value else { return Ok(None) };
    let error = |message: String| {
        let (line, col) = yaml::key_position(source, key);
        Diagnostic::error(source.file, line, col, message)
    };
    let date = Date::parse(&text).ok_or_else(|| {
        error(format!("invalid {key} `{text}`"))
            .with_help("write dates as YYYY-MM-DD (2026-03-14) or RFC 3339 (2026-03-14T09:30:00-05:00)")
    })?;
    if !YEARS.contains(&date.day.year()) {
        return Err(error(format!("{key} `{text}`: the year must be from 1 to 9999"))
            .with_help("sitemaps, feeds and structured data write four-digit years: give the year the page is from"));
    }
    Ok(Some(date))
}

fn check_title(source: YamlSource<'_>, title: &str) -> Result<(), Diagnostic> {
    if title.trim().is_empty() {
        let (line, col) = yaml::key_position(source, "title");
        return Err(Diagnostic::error(source.file, line, col, "title is empty").with_help("give the page a title"));
    }
    Ok(())
}

/// `image:` as written: an `http(s)` URL, or a path that the link check resolves like a link
/// (to a file of `static/` or beside the page). Any other scheme (`javascript:`, `data:`, as
/// [`crate::url_path::scheme`] reads one: `c:/x.jpg` is a path) or a scheme-relative `//host/x`
/// is refused here; an empty value is no image.
fn check_image(source: YamlSource<'_>, image: Option<String>) -> Result<Option<Positioned>, Diagnostic> {
    let Some(image) = image.map(|i| i.trim().to_string()).filter(|i| !i.is_empty()) else {
        return Ok(None);
    };
    let image = positioned(source, "image", image);
    let lower = image.value.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    if !web && crate::url_path::is_external(&image.value) {
        return Err(Diagnostic::error(
            source.file,
            image.line,
            image.col,
            format!("image `{}`: only http(s) URLs and files of the site can be images", image.value),
        )
        .with_help("write https://… for an image elsewhere, or a path such as /images/card.jpg (in static/) or card.jpg (beside the page)"));
    }
    Ok(Some(image))
}

/// Every tag names a tag page (`/tags/deep-tissue/`), so it needs a letter or a digit to name
/// it by: `!!!` or a blank tag would have no page and be dropped without a word.
fn check_tags(source: YamlSource<'_>, tags: &[String]) -> Result<(), Diagnostic> {
    // A tag with an ASCII letter or digit always has a slug; only the rest are slugged here.
    let nameless = tags
        .iter()
        .find(|t| !t.bytes().any(|b| b.is_ascii_alphanumeric()) && super::slug::term_slug(t).is_empty());
    match nameless {
        Some(tag) => {
            let (line, col) = yaml::key_position(source, "tags");
            Err(Diagnostic::error(
                source.file,
                line,
                col,
                format!("tag `{tag}` has no letter or digit to name its page by"),
            )
            .with_help("a tag becomes a page such as /tags/deep-tissue/: write it in words, or remove it"))
        }
        None => Ok(()),
    }
}

/// The highest price a service may have: more is a typing slip (an extra zero), not a price.
pub const MAX_PRICE: f64 = 1_000_000.0;

/// The longest session, in minutes: a day.
pub const MAX_MINUTES: u32 = 24 * 60;

/// The page's `price` and `duration`, then its `variants`, as offers. A price that is negative,
/// not a number or above [`MAX_PRICE`], a duration of 0 or above [`MAX_MINUTES`], and a variant
/// with neither price nor duration are errors at their own line.
fn offers(
    source: YamlSource<'_>,
    price: Option<f64>,
    duration: Option<u32>,
    variants: Vec<RawOffer>,
) -> Result<Vec<Offer>, Diagnostic> {
    let first = (price.is_some() || duration.is_some()).then_some((
        None,
        RawOffer {
            name: None,
            duration,
            price,
        },
    ));
    first
        .into_iter()
        .chain(variants.into_iter().enumerate().map(|(i, raw)| (Some(i), raw)))
        .map(|(variant, raw)| {
            let error = |key: &str, message: String, help: &str| {
                let (line, col) = match variant {
                    None => yaml::key_position(source, key),
                    Some(i) => yaml::nearest_position(
                        source,
                        &[yaml::Step::Key("variants"), yaml::Step::Item(i), yaml::Step::Key(key)],
                    ),
                };
                Diagnostic::error(source.file, line, col, message).with_help(help)
            };
            let price_help = "write the price as a plain number in the site's currency: price: 90 or price: 92.50";
            if let Some(p) = raw.price {
                let problem = if !p.is_finite() {
                    Some("is not a number")
                } else if p.is_sign_negative() {
                    Some("is negative")
                } else if p > MAX_PRICE {
                    Some("is more than 1,000,000")
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Err(error("price", format!("price `{p}` {problem}"), price_help));
                }
            }
            let duration_help = "write the session's length in minutes: duration: 60";
            match raw.duration {
                Some(0) => return Err(error("duration", "duration is 0 minutes".into(), duration_help)),
                Some(m) if m > MAX_MINUTES => {
                    return Err(error(
                        "duration",
                        format!("duration `{m}` minutes is longer than a day"),
                        duration_help,
                    ));
                }
                _ => {}
            }
            if let Some(i) = variant
                && raw.price.is_none()
                && raw.duration.is_none()
            {
                let (line, col) = yaml::nearest_position(source, &[yaml::Step::Key("variants"), yaml::Step::Item(i)]);
                return Err(Diagnostic::error(
                    source.file,
                    line,
                    col,
                    format!("variant {} has neither a price nor a duration", i + 1),
                )
                .with_help("give each variant a price, a duration or both: - {duration: 90, price: 125}"));
            }
            Ok(Offer {
                name: raw.name.filter(|n| !n.trim().is_empty()),
                minutes: raw.duration,
                price: raw.price,
            })
        })
        .collect()
}

/// Reads and validates a page's front matter.
pub fn parse_page(source: YamlSource<'_>) -> Result<Meta, Diagnostic> {
    let raw: RawPage = yaml::parse(source)?;
    check_title(source, &raw.title)?;
    check_tags(source, &raw.tags)?;
    if let Some(slug) = &raw.slug
        && let Err(why) = super::slug::check_segment(slug)
    {
        let (line, col) = yaml::key_position(source, "slug");
        return Err(
            Diagnostic::error(source.file, line, col, format!("slug `{slug}` {why}"))
                .with_help("a slug is one URL segment such as `deep-tissue-massage`"),
        );
    }
    Ok(Meta {
        date: parse_date(source, "date", raw.date)?,
        updated: parse_date(source, "updated", raw.updated)?,
        title: raw.title,
        description: raw.description.filter(|d| !d.trim().is_empty()),
        draft: raw.draft,
        slug: raw.slug,
        aliases: positioned_list(source, "aliases", raw.aliases),
        weight: raw.weight,
        tags: raw.tags,
        template: raw.template.map(|t| positioned(source, "template", t)),
        related: positioned_list(source, "related", raw.related),
        author: raw.author,
        reviewed_by: raw.reviewed_by,
        faq: raw.faq,
        offers: offers(source, raw.price, raw.duration, raw.variants)?,
        image: check_image(source, raw.image)?,
        noindex: raw.noindex,
        extra: raw.extra,
    })
}

/// Reads and validates a section's front matter.
pub fn parse_section(source: YamlSource<'_>) -> Result<(Meta, SectionMeta), Diagnostic> {
    let raw: RawSection = yaml::parse(source)?;
    check_title(source, &raw.title)?;
    if raw.paginate_by == Some(0) {
        let (line, col) = yaml::key_position(source, "paginate_by");
        return Err(
            Diagnostic::error(source.file, line, col, "paginate_by must be at least 1")
                .with_help("remove paginate_by to list every page on one page"),
        );
    }
    let meta = Meta {
        title: raw.title,
        description: raw.description.filter(|d| !d.trim().is_empty()),
        weight: raw.weight,
        template: raw.template.map(|t| positioned(source, "template", t)),
        aliases: positioned_list(source, "aliases", raw.aliases),
        noindex: raw.noindex,
        extra: raw.extra,
        ..Meta::default()
    };
    let section = SectionMeta {
        page_template: raw.page_template.map(|t| positioned(source, "page_template", t)),
        sort_by: raw.sort_by,
        paginate_by: raw.paginate_by,
        feed: raw.feed,
    };
    Ok((meta, section))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::src;

    #[test]
    fn iso_day_is_year_month_day_for_every_year() {
        for (y, m, d) in [
            (2025, 9, 19),
            (1, 1, 1),
            (0, 2, 29),
            (999, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 3, 4),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let date = Date { day, instant: None };
            assert_eq!(date.iso_day(), day.format("%Y-%m-%d").to_string(), "{y}-{m}-{d}");
        }
        let date = Date::parse("2025-09-19").unwrap();
        assert_eq!(date.iso_day(), "2025-09-19");
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody\n";
        let parts = split(text).unwrap();
        assert_eq!(parts.yaml, "title: x\r\n");
        assert_eq!(parts.body, "body\n");
        assert!(split("no front matter").is_err());
        assert!(split("---\ntitle: x\n").is_err());
    }

    #[test]
    fn dates_accept_days_and_rfc3339() {
        assert_eq!(Date::parse("2026-03-14").unwrap().iso_day(), "2026-03-14");
        let d = Date::parse("2026-03-14T09:30:00-05:00").unwrap();
        assert_eq!(d.rfc3339(), "2026-03-14T09:30:00-05:00");
        assert!(Date::parse("2026-13-01").is_none());
        assert_eq!(Date::parse("2026-03-04").unwrap().human(), "March 4, 2026");
    }

    #[test]
    fn bad_date_points_at_its_line() {
        let err = parse_page(src("title: x\ndate: 2026-02-30\n")).unwrap_err();
        assert_eq!(
            err.to_string().lines().next().unwrap(),
            "content/a.md:3:7: error: invalid date `2026-02-30`"
        );
    }

    #[test]
    fn years_outside_1_to_9999_are_errors() {
        for (written, year) in [
            ("0000-01-01", 0),
            ("-0001-03-01", -1),
            ("+10000-01-01", 10000),
            ("0000-01-01T00:00:00Z", 0),
        ] {
            let err = parse_page(src(&format!("title: x\nupdated: \"{written}\"\n"))).unwrap_err();
            assert_eq!(
                err.to_string().lines().next().unwrap(),
                format!("content/a.md:3:10: error: updated `{written}`: the year must be from 1 to 9999"),
                "year {year}"
            );
        }
        for ok in ["0001-01-01", "9999-12-31", "2026-03-14T09:30:00-05:00"] {
            assert!(parse_page(src(&format!("title: x\ndate: {ok}\n"))).is_ok(), "{ok}");
        }
    }

    #[test]
    fn slug_path_tricks_are_errors() {
        let err = parse_page(src("title: x\nslug: ../../etc\n")).unwrap_err();
        assert!(err.message.starts_with("slug `../../etc`"), "{}", err.message);
        assert_eq!(err.line, 3);
    }

    #[test]
    fn a_tag_without_a_letter_or_digit_is_an_error() {
        for (tags, shown) in [("[\"!!!\"]", "!!!"), ("[ok, \"   \"]", "   "), ("\n  - \"\"", "")] {
            let err = parse_page(src(&format!("title: x\ntags: {tags}\n"))).unwrap_err();
            assert_eq!(
                err.to_string().lines().next().unwrap(),
                format!("content/a.md:3:7: error: tag `{shown}` has no letter or digit to name its page by"),
                "{tags}"
            );
        }
        let meta = parse_page(src("title: x\ntags: [Массаж, \"C++\", 😀, \"#1\"]\n")).unwrap();
        assert_eq!(meta.tags.len(), 4);
    }

    #[test]
    fn offer_errors_point_at_their_own_entry() {
        let text = "title: x\nprice: 90\nvariants:\n  - duration: 90\n    price: -5\n";
        let err = parse_page(src(text)).unwrap_err();
        assert_eq!(
            err.to_string().lines().next().unwrap(),
            "content/a.md:6:12: error: price `-5` is negative"
        );
        let flow = "title: x\nvariants: [{price: 90}, {duration: 1441}]\n";
        let err = parse_page(src(flow)).unwrap_err();
        assert_eq!(
            err.to_string().lines().next().unwrap(),
            "content/a.md:3:36: error: duration `1441` minutes is longer than a day"
        );
        for (price, problem) in [
            ("-0", "is negative"),
            ("1000001", "is more than 1,000,000"),
            (".nan", "is not a number"),
        ] {
            let err = parse_page(src(&format!("title: x\nprice: {price}\n"))).unwrap_err();
            assert_eq!((err.line, err.col), (3, 8), "{price}");
            assert!(err.message.ends_with(problem), "{}", err.message);
        }
        let err = parse_page(src("title: x\nvariants: [{}]\n")).unwrap_err();
        assert_eq!(
            err.to_string().lines().next().unwrap(),
            "content/a.md:3:12: error: variant 1 has neither a price nor a duration"
        );
        assert!(parse_page(src("title: x\nprice: 1000000\nduration: 1440\n")).is_ok());
    }

    #[test]
    fn missing_title_is_an_error() {
        let err = parse_page(src("description: y\n")).unwrap_err();
        assert_eq!(err.message, "missing field `title`");
    }
}
