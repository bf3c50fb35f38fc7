//! The tera engine for one build: the theme's templates, the global `site` object, and the
//! functions templates use to link into the site (`url`, `link`, `asset`, `get_section`).

use crate::diagnostics::Diagnostic;
use crate::load::theme::Theme;
use std::collections::HashMap;
use std::sync::Arc;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// Owned lookup tables behind the template functions (tera functions must be `'static`).
#[derive(Default)]
pub struct FunctionData {
    /// `@/services/x.md` -> href, for every page and section.
    pub sources: HashMap<String, String>,
    /// Named links from `site.yaml`, already resolved to hrefs.
    pub links: std::collections::BTreeMap<String, String>,
    /// Static files and their fingerprinted names, for `asset()`.
    pub assets: Arc<crate::plan::fingerprint::Fingerprints>,
    /// The photos and their copies, for `image()` and the pictures of page bodies.
    pub photos: Arc<crate::plan::photos::Photos>,
    /// (source path, `image:` as written) -> output path of the photo it names, for `image()`.
    pub front_matter_images: HashMap<(String, String), String>,
    /// Section views by source path, for `get_section()`.
    pub sections: HashMap<String, Value>,
    pub base_path: String,
}

/// Builds the engine; template syntax errors are reported with their template file and line.
pub fn engine(theme: &Theme, data: &Arc<FunctionData>, site_value: Value) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    register_functions(&mut tera, data);
    tera.global_context().insert_value("site", site_value);
    let sources: Vec<(&str, &str)> = theme.templates.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    tera.add_raw_templates(sources)
        .map_err(|e| vec![diagnostic(&e, &theme.templates_display, None)])?;
    Ok(tera)
}

fn register_functions(tera: &mut Tera, data: &Arc<FunctionData>) {
    let d = Arc::clone(data);
    tera.register_function("url", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let path = kwargs.must_get::<&str>("path")?;
        super::lookups::note(|| super::lookups::Lookup::Url(path.to_string()));
        url(&d, path)
    });
    let d = Arc::clone(data);
    tera.register_function("link", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let name = kwargs.must_get::<&str>("name")?;
        d.links.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = d.links.keys().map(String::as_str).collect();
            Error::message(format!(
                "link(name=\"{name}\"): no such named link in site.yaml `links:` (known: {})",
                known.join(", ")
            ))
        })
    });
    let d = Arc::clone(data);
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let path = kwargs.must_get::<&str>("path")?.trim_start_matches('/');
        match d.assets.resolve(path) {
            Ok(out) => Ok(format!("{}{out}", d.base_path)),
            Err(why) => Err(Error::message(format!("asset(path=\"{path}\"): {why}"))),
        }
    });
    tera.register_function("video_embed", |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let url = kwargs.must_get::<&str>("url")?;
        crate::load::video::embed(url)
            .map(|embed| Value::from_serializable(&embed))
            .map_err(|why| Error::message(format!("video_embed(url=…): {why}")))
    });
    let d = Arc::clone(data);
    tera.register_function("image", move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let path = kwargs.must_get::<&str>("path")?;
        let source = kwargs.get::<&str>("source")?;
        let widths = kwargs.get::<Vec<u32>>("widths")?;
        let sizes = kwargs.get::<&str>("sizes")?;
        // Themes that show a page's `image:` when it is a photo ask with `optional=true`: an
        // http(s) URL or an SVG gives none.
        let optional = kwargs.get::<bool>("optional")?.unwrap_or(false);
        // Only "no photo at this path" gives none: bad `widths=` is an error all the same.
        let why = match image(&d, path, source, widths.as_deref(), sizes) {
            Ok(Some(view)) => return Ok(Value::from_serializable(&view)),
            Ok(None) if optional => return Ok(Value::none()),
            Ok(None) => NO_PHOTO.to_string(),
            Err(why) => why,
        };
        Err(Error::message(format!("image(path=\"{path}\"): {why}")))
    });
    let d = Arc::clone(data);
    tera.register_function("get_section", move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let path = kwargs.must_get::<&str>("path")?;
        let path = path.trim_start_matches("@/");
        super::lookups::note(|| super::lookups::Lookup::Section(path.to_string()));
        // Themes that work for any site ask with `optional=true` and get none for a missing section.
        let optional = kwargs.get::<bool>("optional")?.unwrap_or(false);
        match d.sections.get(path) {
            Some(section) => Ok(section.clone()),
            None if optional => Ok(Value::none()),
            None => Err(Error::message(format!(
                "get_section(path=\"{path}\"): no such section (pass optional=true if the theme can do without it)"
            ))),
        }
    });
}

/// Why `image()` gives no photo for a path.
const NO_PHOTO: &str =
    "no JPEG, PNG or WebP image at this path in content/ or static/ (a page's `image:` needs `source=page.source`)";

/// What `image(path=…)` gives: the copies of the photo at `path` (an output path such as
/// `team/anna.jpg`, or with `source`, the `image:` of the page read from that source), those of
/// `widths` only when given; `None` when no photo is at `path`.
fn image(
    d: &FunctionData,
    path: &str,
    source: Option<&str>,
    widths: Option<&[u32]>,
    sizes: Option<&str>,
) -> Result<Option<super::pictures::PhotoView>, String> {
    let from_source = source.and_then(|s| d.front_matter_images.get(&(s.to_string(), path.to_string())));
    let out = match from_source {
        Some(out) => out.as_str(),
        None => path
            .strip_prefix(d.base_path.as_str())
            .unwrap_or(path)
            .trim_start_matches('/'),
    };
    let Some(photo) = d.photos.get(out) else {
        return Ok(None);
    };
    let sizes = sizes.unwrap_or(&d.photos.settings.sizes);
    super::pictures::view(photo, &d.base_path, sizes, widths).map(Some)
}

/// What `url(path=…)` gives.
pub fn url(d: &FunctionData, path: &str) -> TeraResult<String> {
    if crate::url_path::is_external(path) {
        return Ok(path.to_string());
    }
    if let Some(name) = path.strip_prefix('@').filter(|n| !n.starts_with('/')) {
        return d
            .links
            .get(name)
            .cloned()
            .ok_or_else(|| Error::message(format!("url(path=\"{path}\"): no such named link")));
    }
    if let Some(rel) = path.strip_prefix("@/") {
        let (file, fragment) = rel.split_once('#').map_or((rel, ""), |(f, frag)| (f, frag));
        let href = d
            .sources
            .get(file)
            .ok_or_else(|| Error::message(format!("url(path=\"{path}\"): no such page")))?;
        return Ok(if fragment.is_empty() {
            href.clone()
        } else {
            format!("{href}#{fragment}")
        });
    }
    Ok(format!("{}{}", d.base_path, path.trim_start_matches('/')))
}

/// One template bug breaks every page that uses the template: report it once, with the first
/// page and how many others failed the same way, instead of ten thousand identical lines.
pub fn collapse_repeats(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    const MARK: &str = " (while rendering ";
    errors.sort();
    let mut first_of: HashMap<(String, usize, usize, String), usize> = HashMap::new();
    let mut kept: Vec<(Diagnostic, usize)> = Vec::new();
    for d in errors {
        let cause = d.message.split(MARK).next().unwrap_or(&d.message).to_string();
        match first_of.entry((d.file.clone(), d.line, d.col, cause)) {
            std::collections::hash_map::Entry::Occupied(at) => kept[*at.get()].1 += 1,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(kept.len());
                kept.push((d, 0));
            }
        }
    }
    kept.into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                d.message = format!("{} and {}", d.message, crate::diagnostics::count(more, "more page"));
            }
            d
        })
        .collect()
}

/// Turns a tera error into `themes/clinic/templates/page.html:12:5: error: …`, naming the page
/// being rendered when there is one.
pub fn diagnostic(err: &Error, templates_display: &str, rendering: Option<&str>) -> Diagnostic {
    let suffix = rendering.map_or_else(String::new, |p| format!(" (while rendering {p})"));
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let file = format!("{templates_display}/{}", report.filename());
            Diagnostic::error(
                file,
                span.start_line.max(1),
                span.start_col + 1,
                format!("{}{suffix}", report.message()),
            )
        }
        other => {
            let mut message = other.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                message = format!("{message}: {s}");
                source = s.source();
            }
            Diagnostic::file_error(templates_display, format!("{message}{suffix}"))
        }
    }
}
