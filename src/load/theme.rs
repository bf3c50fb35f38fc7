//! Themes: templates and static files from `themes/<name>/`, or from the `clinic` theme bundled
//! in the binary when the site has no copy of it (so `knead init` sites and benchmarks need only
//! `site.yaml` and `content/`).

use crate::config::BuildOptions;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::load::component_decl::{self, Component};
use crate::site_root::{SiteFile, SiteRoot};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::PathBuf;

static BUNDLED_CLINIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/clinic");

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticData {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

impl StaticData {
    /// Writes the file to `sink` at `out`: copied from disk, or written from the binary.
    pub fn write_to(&self, sink: &dyn crate::sink::Sink, out: &str) -> std::io::Result<()> {
        match self {
            StaticData::Disk(from) => sink.copy(out, from),
            StaticData::Embedded(bytes) => sink.write(out, bytes),
        }
    }
}

/// A loaded theme: template sources by name and static files by output path.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    /// How templates are named in messages: `themes/clinic/templates`.
    pub templates_display: String,
    pub templates: BTreeMap<String, String>,
    /// Theme static files, then site `static/` files over them.
    pub statics: BTreeMap<String, StaticData>,
    /// The components markdown may call, by name: the theme's `templates/components/`, then the
    /// site's own `components/` over them.
    pub components: BTreeMap<String, Component>,
}

/// Loads the configured theme and the site's own `static/` directory.
pub fn load(options: &BuildOptions, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    if let Err(why) = crate::load::slug::check_segment(name) {
        return Err(vec![
            Diagnostic::file_error(
                options.display_path("site.yaml"),
                format!("theme `{name}` {why}: it names a directory under themes/"),
            )
            .with_help("set `theme:` to a directory name in themes/, such as clinic"),
        ]);
    }
    let site = SiteRoot::open(&options.root).map_err(|e| vec![e])?;
    let dir = options.root.join("themes").join(name);
    let templates_display = options.display_path(&format!("themes/{name}/templates"));
    let mut errors = Vec::new();
    let mut theme = Theme {
        name: name.to_string(),
        templates_display,
        templates: BTreeMap::new(),
        statics: BTreeMap::new(),
        components: BTreeMap::new(),
    };
    if dir.is_dir() {
        let (templates, template_errors) = site.files(&format!("themes/{name}/templates"));
        errors.extend(template_errors);
        for SiteFile { rel, path } in templates {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    theme.templates.insert(rel, text);
                }
                Err(e) => errors.push(Diagnostic::file_error(
                    format!("{}/{rel}", theme.templates_display),
                    format!("cannot read template: {e}"),
                )),
            }
        }
        add_statics(&mut theme, site.files(&format!("themes/{name}/static")), &mut errors);
    } else if name == "clinic" {
        load_bundled(&mut theme);
    } else {
        let available = installed_themes(options);
        let hint = did_you_mean(name, available.iter().map(String::as_str))
            .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
        errors.push(
            Diagnostic::file_error(
                options.display_path("site.yaml"),
                format!("theme `{name}` not found: no directory themes/{name}{hint}"),
            )
            .with_help("set `theme: clinic` to use the bundled theme"),
        );
    }
    add_statics(&mut theme, site.files("static"), &mut errors);
    add_components(&mut theme, site.files("components"), options, &mut errors);
    if errors.is_empty() { Ok(theme) } else { Err(errors) }
}

/// Static files found by a walk, each over any earlier one of the same path.
fn add_statics(
    theme: &mut Theme,
    (files, walk_errors): (Vec<SiteFile>, Vec<Diagnostic>),
    errors: &mut Vec<Diagnostic>,
) {
    errors.extend(walk_errors);
    for SiteFile { rel, path } in files {
        theme.statics.insert(rel, StaticData::Disk(path));
    }
}

/// The site's own components (`components/NAME.html`) over the theme's, then every component's
/// declaration.
fn add_components(
    theme: &mut Theme,
    (files, walk_errors): (Vec<SiteFile>, Vec<Diagnostic>),
    options: &BuildOptions,
    errors: &mut Vec<Diagnostic>,
) {
    errors.extend(walk_errors);
    let mut displays: BTreeMap<String, String> = BTreeMap::new();
    for SiteFile { rel, path } in files {
        let display = options.display_path(&format!("components/{rel}"));
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let name = format!("components/{rel}");
                displays.insert(name.clone(), display);
                theme.templates.insert(name, text);
            }
            Err(e) => errors.push(Diagnostic::file_error(display, format!("cannot read component: {e}"))),
        }
    }
    for (name, text) in &theme.templates {
        let Some(component) = name.strip_prefix("components/").and_then(|n| n.strip_suffix(".html")) else {
            continue;
        };
        let display = displays
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("{}/{name}", theme.templates_display));
        match component_decl::parse(name, text, &display) {
            Ok(declared) => {
                theme.components.insert(component.to_string(), declared);
            }
            Err(e) => errors.push(e),
        }
    }
    // Including a snippet is built in (it renders markdown, not a template), whatever a
    // template of that name says.
    let include = Component {
        template: String::new(),
        params: vec![component_decl::Param {
            name: "snippet".into(),
            kind: component_decl::ParamType::Text,
            required: true,
            default: None,
        }],
        block: false,
    };
    theme
        .components
        .insert(crate::load::component_check::INCLUDE.to_string(), include);
}

fn load_bundled(theme: &mut Theme) {
    fn visit(dir: &'static Dir<'static>, theme: &mut Theme) {
        for file in dir.files() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                theme
                    .templates
                    .insert(name.to_string(), String::from_utf8_lossy(file.contents()).into_owned());
            } else if let Some(name) = path.strip_prefix("static/") {
                theme
                    .statics
                    .insert(name.to_string(), StaticData::Embedded(file.contents()));
            }
        }
        for sub in dir.dirs() {
            visit(sub, theme);
        }
    }
    visit(&BUNDLED_CLINIC, theme);
    theme.templates_display = "(bundled theme clinic)/templates".into();
}

/// A file of the bundled `clinic` theme by its path in the theme (`archetypes/guides.md`), for
/// commands such as `knead new` that read theme files other than templates and static files.
pub fn bundled_file(path: &str) -> Option<&'static [u8]> {
    BUNDLED_CLINIC.get_file(path).map(include_dir::File::contents)
}

fn installed_themes(options: &BuildOptions) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(options.root.join("themes"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.push("clinic".into());
    names
}
