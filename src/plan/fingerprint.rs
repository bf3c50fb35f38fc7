//! Content-hashed names for the static files templates link with `asset()`: `style.css` is
//! linked as `style.3f2a9c1e.css`, so a host may cache it for a year and a changed stylesheet
//! still reaches every visitor at once (its name changes with its bytes).
//!
//! Names are computed lazily, on the first `asset()` call for a file, because a site's `static/`
//! may hold photos no template asks for: reading and hashing them on every `knead serve` rebuild
//! would cost time for nothing. The fingerprinted copy is written after rendering, beside the
//! original, which keeps its plain name: markdown, other sites and bookmarks may link to it.

use crate::load::theme::StaticData;
use crate::minify;
use crate::plan::FileSet;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// File types whose names get a content hash: what pages load as subresources. Others (a web
/// manifest, robots.txt, a PDF people bookmark) keep their names even through `asset()`, and so
/// do photos (JPEG, PNG, WebP): their published files are the copies knead encodes, named by
/// `image()` (see [`super::photos`]).
const HASHED_TYPES: &[&str] = &[
    "css", "js", "mjs", "svg", "gif", "avif", "ico", "woff", "woff2", "ttf", "otf",
];

/// Hex digits of the SHA-256 of the file kept in its name: 32 bits, plenty to tell versions of
/// one file apart, short enough to read.
const HASH_LEN: usize = 8;

/// Every static file of the build by output path, with its fingerprinted name once asked for.
#[derive(Debug, Default)]
pub struct Fingerprints {
    enabled: bool,
    /// The fingerprinted bytes of a stylesheet are its minified bytes when the build minifies,
    /// so the name always matches what is served.
    minify: bool,
    /// Output paths already claimed by the plan, which a fingerprinted name must not overwrite.
    taken: FileSet,
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug)]
struct Entry {
    data: StaticData,
    hashed: OnceLock<Result<Option<Hashed>, String>>,
    used: AtomicBool,
}

/// A fingerprinted copy: its output path and, for a stylesheet whose `url()`s were rewritten,
/// its new text (other files are copied from their source unchanged).
#[derive(Debug, Clone)]
struct Hashed {
    out: String,
    rewritten: Option<Vec<u8>>,
}

/// A fingerprinted copy to write: where, and from what.
#[derive(Debug)]
pub enum Copy<'a> {
    Bytes { out: &'a str, bytes: &'a [u8] },
    Static { out: &'a str, data: &'a StaticData },
}

impl Fingerprints {
    /// `statics` are the static files the plan writes (output path -> source); `taken` every
    /// output path of the plan.
    pub fn new(enabled: bool, minify: bool, statics: BTreeMap<String, StaticData>, taken: FileSet) -> Self {
        let entries = statics
            .into_iter()
            .map(|(out, data)| {
                let entry = Entry {
                    data,
                    hashed: OnceLock::new(),
                    used: AtomicBool::new(false),
                };
                (out, entry)
            })
            .collect();
        Fingerprints {
            enabled,
            minify,
            taken,
            entries,
        }
    }

    /// The output path `asset(path=…)` links to: the fingerprinted name for a hashed type when
    /// fingerprinting is on, else `path` itself. `Err` when no static file has this path or it
    /// cannot be read.
    pub fn resolve(&self, path: &str) -> Result<String, String> {
        let entry = self
            .entries
            .get(path)
            .ok_or_else(|| "no such file in the theme's or the site's static/ directory".to_string())?;
        match self.hashed(path, entry)? {
            Some(hashed) => {
                entry.used.store(true, Ordering::Relaxed);
                Ok(hashed.out.clone())
            }
            None => Ok(path.to_string()),
        }
    }

    /// The source of the static file at output path `path`.
    pub fn source(&self, path: &str) -> Option<&StaticData> {
        self.entries.get(path).map(|e| &e.data)
    }

    /// The fingerprinted copies templates asked for, in path order (so output is deterministic).
    pub fn used(&self) -> Vec<Copy<'_>> {
        self.entries
            .values()
            .filter(|e| e.used.load(Ordering::Relaxed))
            .filter_map(|e| match e.hashed.get() {
                Some(Ok(Some(Hashed {
                    out,
                    rewritten: Some(bytes),
                }))) => Some(Copy::Bytes { out, bytes }),
                Some(Ok(Some(Hashed { out, rewritten: None }))) => Some(Copy::Static { out, data: &e.data }),
                _ => None,
            })
            .collect()
    }

    fn hashed<'a>(&'a self, path: &str, entry: &'a Entry) -> Result<Option<&'a Hashed>, String> {
        entry
            .hashed
            .get_or_init(|| self.fingerprint(path, &entry.data))
            .as_ref()
            .map(Option::as_ref)
            .map_err(Clone::clone)
    }

    fn fingerprint(&self, path: &str, data: &StaticData) -> Result<Option<Hashed>, String> {
        let ext = extension(path);
        if !self.enabled || !HASHED_TYPES.contains(&ext.as_str()) {
            return Ok(None);
        }
        let bytes = match data {
            StaticData::Disk(from) => {
                std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?
            }
            StaticData::Embedded(bytes) => bytes.to_vec(),
        };
        let rewritten = if ext == "css" {
            self.rewrite_css(path, &bytes)
        } else {
            None
        };
        let content = rewritten.as_deref().unwrap_or(&bytes);
        let served = if self.minify && ext == "css" {
            minify::css(content).unwrap_or_else(|| content.to_vec())
        } else {
            content.to_vec()
        };
        let out = hashed_name(path, &served);
        if self.taken.contains(&out) {
            return Ok(None);
        }
        Ok(Some(Hashed { out, rewritten }))
    }

    /// A stylesheet's `url()`s to other fingerprinted static files, rewritten to their
    /// fingerprinted names (which marks those files used); `None` when nothing changed.
    fn rewrite_css(&self, path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
        let text = std::str::from_utf8(bytes).ok()?;
        let dir = path.rfind('/').map_or("", |i| &path[..=i]);
        let rewritten = super::css_urls::rewrite(text, path, |url| {
            // Relative URLs only: a theme cannot know the base path, and `data:`, `https:` or
            // `/x` URLs are not files of this directory tree.
            if url.is_empty() || url.starts_with(['/', '#']) || url.split('/').next()?.contains(':') {
                return None;
            }
            let split = url.find(['?', '#']).unwrap_or(url.len());
            let (url, suffix) = url.split_at(split);
            let target = crate::url_path::normalize(&format!("{dir}{url}"))?;
            let entry = self.entries.get(&target)?;
            if extension(&target) == "css" {
                return None; // stylesheets importing stylesheets keep plain names: no cycles
            }
            let hashed = self.hashed(&target, entry).ok()??;
            entry.used.store(true, Ordering::Relaxed);
            let file = hashed.out.rsplit('/').next().unwrap_or(&hashed.out);
            let keep = url.rfind('/').map_or("", |i| &url[..=i]);
            Some(format!("{keep}{file}{suffix}"))
        })?;
        Some(rewritten.into_bytes())
    }
}

/// `dir/style.css` + bytes -> `dir/style.3f2a9c1e.css`.
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let hash = &hex[..HASH_LEN];
    match path.rfind('.') {
        Some(dot) if !path[dot..].contains('/') => format!("{}.{hash}{}", &path[..dot], &path[dot..]),
        _ => format!("{path}.{hash}"),
    }
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map_or_else(String::new, |(_, ext)| ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(files: &[(&str, &'static str)], minify: bool) -> Fingerprints {
        let statics = files
            .iter()
            .map(|(p, t)| (p.to_string(), StaticData::Embedded(t.as_bytes())))
            .collect();
        Fingerprints::new(true, minify, statics, FileSet::default())
    }

    #[test]
    fn the_hash_goes_before_the_extension() {
        let name = hashed_name("css/style.css", b"body{}");
        assert!(name.starts_with("css/style.") && name.ends_with(".css"), "{name}");
        assert_eq!(name.len(), "css/style..css".len() + HASH_LEN);
        assert_eq!(name, hashed_name("css/style.css", b"body{}"));
        assert_ne!(name, hashed_name("css/style.css", b"body{ }"));
        assert!(hashed_name("a.b/LICENSE", b"x").starts_with("a.b/LICENSE."));
    }

    #[test]
    fn only_asset_types_are_fingerprinted_and_only_when_asked() {
        let t = table(&[("style.css", "a{}"), ("site.webmanifest", "{}")], false);
        assert!(t.used().is_empty());
        assert_ne!(t.resolve("style.css").unwrap(), "style.css");
        assert_eq!(t.resolve("site.webmanifest").unwrap(), "site.webmanifest");
        assert_eq!(t.used().len(), 1);
        assert!(t.resolve("nope.css").is_err());
        let off = Fingerprints::new(false, false, BTreeMap::new(), FileSet::default());
        assert!(off.resolve("style.css").is_err());
    }

    #[test]
    fn stylesheet_urls_point_at_fingerprinted_files() {
        let t = table(
            &[
                (
                    "css/site.css",
                    "@font-face{src:url(../fonts/a.woff2)}b{background:url('x.png?v=1#y')}",
                ),
                ("fonts/a.woff2", "font"),
            ],
            false,
        );
        t.resolve("css/site.css").unwrap();
        let font = hashed_name("fonts/a.woff2", b"font");
        let css = match &t.used()[0] {
            Copy::Bytes { bytes, .. } => String::from_utf8(bytes.to_vec()).unwrap(),
            Copy::Static { .. } => panic!("the stylesheet was not rewritten"),
        };
        assert!(css.contains(&format!("../fonts/{}", &font[6..])), "{css}");
        assert!(css.contains("x.png?v=1#y"), "{css}");
        assert_eq!(t.used().len(), 2, "the font is written too");
    }
}
