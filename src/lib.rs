//! knead: a static site generator for clinics. The pipeline on one screen:
//!
//! ```text
//! load     site.yaml + content/ -> Site                 (content::load)
//! resolve  links, anchors, autolinks -> LinkIndex, Graph (links, graph)
//! render   templates -> files in a Sink                 (render)
//! check    final HTML: links, ids, SEO lints            (check)
//! write    staging dir swapped into public/             (output)
//! ```
//!
//! Beside the pipeline, `scaffold` starts sites (`knead init`) and pages (`knead new`).
//!
//! Every stage collects all the problems it finds; the library never prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod assets;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod graph;
pub mod links;
pub mod memory;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod session;
pub mod timing;
pub mod utf8;
pub mod yaml;

use check::OutputView;
use config::BuildOptions;
use content::Site;
use diagnostics::{Diagnostic, Failure};
use output::{DirSink, Sink, Staging};
use render::theme::Theme;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a successful build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub stats: render::Stats,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each step, for `knead build --timings`.
    pub phases: timing::Phases,
}

impl BuildReport {
    /// `built 42 pages, 5 sections, 120 files in 85 ms -> public`
    pub fn summary(&self) -> String {
        let s = self.stats;
        let warnings = match self.warnings.len() {
            0 => String::new(),
            n => format!(" ({n} warning{}, -v shows them)", if n == 1 { "" } else { "s" }),
        };
        format!(
            "built {} pages, {} sections, {} files in {} ms -> {}{warnings}",
            s.pages,
            s.sections,
            s.files,
            self.elapsed.as_millis(),
            self.output.display()
        )
    }
}

/// Loads the site and its theme for one build, with all content errors collected. The pages'
/// markdown bodies are not kept (see [`content::Source::text`]).
pub fn load(options: &BuildOptions) -> Result<(Site, Theme), Failure> {
    load_with(options, |config| content::load::load(options, config))
}

/// [`load`], keeping the files' text and taking the parse of unchanged pages from `reuse` (see
/// [`content::load::Reuse`]).
pub fn load_reusing(options: &BuildOptions, reuse: content::load::Reuse<'_>) -> Result<(Site, Theme), Failure> {
    load_with(options, |config| content::load::load_reusing(options, config, reuse))
}

fn load_with(
    options: &BuildOptions,
    load_content: impl FnOnce(config::SiteConfig) -> Result<Site, Vec<Diagnostic>>,
) -> Result<(Site, Theme), Failure> {
    let config = config::load(options).map_err(Failure::single)?;
    let theme_name = config.theme.clone();
    let site = load_content(config);
    let theme = render::theme::load(options, &theme_name);
    match (site, theme) {
        (Ok(site), Ok(theme)) => Ok((site, theme)),
        (site, theme) => Err(Failure::new(
            site.err().into_iter().chain(theme.err()).flatten().collect(),
        )),
    }
}

/// The most items of a parallel loop over pages one core takes on at once. Rayon otherwise
/// splits a loop into a few large runs, and at the end of a loop one core was left working
/// through the last of them while the other had nothing to take: 60 ms alone at the end of
/// loading 10,000 pages. A page takes tens of microseconds, so splitting finer costs nothing
/// measurable.
pub const FINE_GRAINED: usize = 8;

/// The outcome of rendering and verifying a site.
#[derive(Debug, Default)]
pub struct Verified {
    pub stats: render::Stats,
    pub warnings: Vec<Diagnostic>,
    /// External links (URL -> source files), for `check --external`.
    pub external: BTreeMap<String, Vec<String>>,
}

/// How strictly to verify a render, and what to collect on the way.
#[derive(Debug, Clone, Copy, Default)]
pub struct Verify {
    /// SEO lints are errors instead of warnings.
    pub strict: bool,
    /// Collect external links for `check --external` (a build does not need them).
    pub external: bool,
    /// The process exits once the render is verified: its plan, templates, summaries and scans
    /// are left to the operating system (see [`BuildOptions::exiting`]). Freeing them object by
    /// object took 30 ms after a 10,000-page build, with one core idle.
    pub exiting: bool,
}

/// Plans the output, indexes and checks every markdown link, builds the link graph and compiles
/// the templates: everything a render needs, or all the errors that prevent it.
pub fn prepare<'a>(site: &'a Site, theme: &Theme) -> Result<(render::plan::Plan, render::Renderer<'a>), Failure> {
    let (planned, summaries) = rayon::join(
        || -> Result<_, Failure> {
            let plan = render::plan::plan(site, theme).map_err(Failure::new)?;
            let index = links::LinkIndex::new(site, plan.files.clone());
            let resolved = links::Resolved::new(site, &index);
            let link_errors = links::check(site, &index, &resolved);
            if !link_errors.is_empty() {
                return Err(Failure::new(link_errors));
            }
            let graph = graph::Graph::build(site, &resolved);
            Ok((plan, index, resolved, graph))
        },
        || render::page_summaries(site),
    );
    let (plan, index, resolved, graph) = planned?;
    let renderer =
        render::Renderer::new(site, theme, index, graph, resolved, &plan, summaries).map_err(Failure::new)?;
    Ok((plan, renderer))
}

/// Orphan pages, as warnings (they never fail a build).
fn orphans(renderer: &render::Renderer<'_>) -> Vec<Diagnostic> {
    let site = renderer.site();
    check::orphan_warnings(site, &renderer.graph.orphans(site, &renderer.index, &renderer.resolved))
}

/// The verdict on a render: link `errors` of the final HTML fail it; SEO `lints` of the HTML
/// (plus those of the markdown) fail it when `strict`, else join `orphans` as warnings (sorted).
pub fn verdict(
    renderer: &render::Renderer<'_>,
    lints: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    orphans: &[Diagnostic],
    strict: bool,
) -> Result<Vec<Diagnostic>, Failure> {
    let site = renderer.site();
    let mut errors = errors;
    let mut warnings = orphans.to_vec();
    let mut lints = lints;
    let docs = site
        .sections
        .iter()
        .map(|s| (&s.source, &s.analysis))
        .chain(renderer.pages().map(|p| (&p.source, &p.analysis)));
    lints.extend(check::seo_lints::lint_markdown_images(docs));
    if strict {
        errors.extend(lints);
    } else {
        warnings.extend(lints.into_iter().map(Diagnostic::warning));
    }
    if !errors.is_empty() {
        return Err(Failure::new(errors.into_iter().chain(warnings).collect()));
    }
    warnings.sort();
    Ok(warnings)
}

/// Renders the site into `sink` (or nowhere) and verifies the result: markdown links before
/// rendering, then every link and id of the final HTML, orphans and SEO lints. SEO lints are
/// errors when `strict`, warnings otherwise; orphans are always warnings.
pub fn render_verified(
    site: &Site,
    theme: &Theme,
    sink: Option<&dyn Sink>,
    verify: Verify,
    phases: &mut timing::Phases,
) -> Result<Verified, Failure> {
    let (mut plan, mut renderer) = phases.time("plan, links, graph", || prepare(site, theme))?;
    // Every output is rendered once.
    renderer.free_bodies_when_rendered(&plan);
    renderer.render_constant_partials_once(theme);
    let links = check::KeptLinks {
        external: verify.external,
        settled: false,
    };
    let Rendered { stats, facts, warnings } = phases.time("render, scan, write", || {
        render_all(site, &mut plan, &renderer, sink, links, &|_| true)
    })?;
    let checked = phases.time("check", || {
        check_render(&plan, &renderer, &facts, warnings, verify.strict)
    })?;
    let verified = Verified {
        stats,
        warnings: checked.warnings,
        external: if verify.external {
            output_view(site, &plan, &facts).external_links()
        } else {
            BTreeMap::new()
        },
    };
    if verify.exiting {
        std::mem::forget((plan, renderer, facts, checked.standing, checked.lints));
    }
    Ok(verified)
}

/// What the checks of a finished render leave when they pass.
pub struct Checked {
    /// Sorted warnings, SEO lints among them unless `strict`.
    pub warnings: Vec<Diagnostic>,
    /// The warnings no page edit can change: orphan pages and notes about written files.
    pub standing: Vec<Diagnostic>,
    /// The SEO lints by page, for `knead serve` to re-lint one page.
    pub lints: check::seo_lints::Lints,
}

/// Checks a finished render (`facts`, the scans of its pages; `written`, its notes about written
/// files): every link and id of the final HTML, orphans and SEO lints. See [`verdict`].
pub fn check_render(
    plan: &render::plan::Plan,
    renderer: &render::Renderer<'_>,
    facts: &BTreeMap<String, check::html_scan::PageFacts>,
    written: Vec<Diagnostic>,
    strict: bool,
) -> Result<Checked, Failure> {
    // Three independent passes over every page, each on a core of its own.
    let (errors, (mut standing, lints)) = rayon::join(
        || output_view(renderer.site(), plan, facts).check_links(),
        || {
            rayon::join(
                || orphans(renderer),
                || check::seo_lints::Lints::new(facts, &plan.owners),
            )
        },
    );
    standing.extend(written);
    let warnings = verdict(renderer, lints.all(), errors, &standing, strict)?;
    Ok(Checked {
        warnings,
        standing,
        lints,
    })
}

/// A finished render: counts, the scan of every page and warnings about written files.
pub struct Rendered {
    pub stats: render::Stats,
    pub facts: BTreeMap<String, check::html_scan::PageFacts>,
    pub warnings: Vec<Diagnostic>,
}

/// Renders the jobs of `plan` that `select` picks (every job, except when `knead serve` knows a
/// file is unchanged) into `sink` (pages minified on their way when `minify: true`, after they
/// were scanned), then writes what only rendering decides: the fingerprinted copies of the
/// files templates asked for and `_headers`. `plan.files` then includes those too.
pub fn render_all(
    site: &Site,
    plan: &mut render::plan::Plan,
    renderer: &render::Renderer<'_>,
    sink: Option<&dyn Sink>,
    links: check::KeptLinks,
    select: &dyn Fn(&render::plan::Job) -> bool,
) -> Result<Rendered, Failure> {
    let (result, facts) = scanned(site, plan, sink, links, |scanning| {
        let stats = renderer.run(plan, scanning, select).map_err(Failure::new)?;
        let written = assets::write_after_render(&site.config, plan, scanning).map_err(Failure::single)?;
        Ok::<_, Failure>((stats, written))
    });
    let (mut stats, written) = result?;
    stats.files += written.files.len();
    plan.files.extend(written.files);
    Ok(Rendered {
        stats,
        facts,
        warnings: written.warnings,
    })
}

/// Runs `render` against the sink chain every render writes through: each page is scanned for
/// the link check as rendered (keeping only the links still to check once all pages exist, and
/// those `links` asks for), then
/// minified on its way to `sink` when `minify: true`. Returns `render`'s result and the scans.
pub fn scanned<R>(
    site: &Site,
    plan: &render::plan::Plan,
    sink: Option<&dyn Sink>,
    links: check::KeptLinks,
    render: impl FnOnce(&check::ScanningSink<'_>) -> R,
) -> (R, BTreeMap<String, check::html_scan::PageFacts>) {
    let keep = check::Keep {
        view: output_view(site, plan, &check::NO_FACTS),
        links,
    };
    let minifying = sink.filter(|_| site.config.minify).map(assets::Minifying::new);
    let inner = minifying.as_ref().map_or(sink, |m| Some(m as &dyn Sink));
    let scanning = check::ScanningSink::new(inner, keep);
    let result = render(&scanning);
    (result, scanning.into_facts())
}

/// The output as the link checker sees it.
pub fn output_view<'a>(
    site: &'a Site,
    plan: &'a render::plan::Plan,
    facts: &'a BTreeMap<String, check::html_scan::PageFacts>,
) -> OutputView<'a> {
    OutputView {
        files: &plan.files,
        facts,
        owners: &plan.owners,
        base_url: &site.config.base_url,
        base_path: site.config.base_path(),
    }
}

/// `knead build`: the whole pipeline, written atomically to the output directory.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Failure> {
    let started = Instant::now();
    let mut phases = timing::Phases::default();
    let (site, theme) = phases.time("load", || load(options))?;
    let output = options.output_dir();
    let staging = Staging::begin(&output, &options.root).map_err(Failure::single)?;
    let verify = Verify {
        strict: options.strict,
        external: false,
        exiting: options.exiting,
    };
    let dir = DirSink::new(staging.path());
    let precompressing = assets::Precompressing::new(&dir);
    let sink: &dyn Sink = if site.config.precompress { &precompressing } else { &dir };
    let verified = render_verified(&site, &theme, Some(sink), verify, &mut phases)?;
    phases.time("free", || {
        if options.exiting {
            std::mem::forget((site, theme));
        } else {
            drop((site, theme));
        }
    });
    phases.time("swap in", || staging.commit()).map_err(Failure::single)?;
    Ok(BuildReport {
        stats: verified.stats,
        output,
        elapsed: started.elapsed(),
        warnings: verified.warnings,
        phases,
    })
}

/// What `knead check` found that is not an error.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub external_checked: usize,
}

/// `knead check`: everything `build` does, in memory, with SEO lints as errors; optionally asks
/// external servers about external links. Writes nothing.
pub fn check_site(
    options: &BuildOptions,
    external: Option<&check::external::ExternalOptions>,
) -> Result<CheckReport, Failure> {
    let (site, theme) = load(options)?;
    let verify = Verify {
        strict: true,
        external: external.is_some(),
        exiting: options.exiting,
    };
    let verified = render_verified(&site, &theme, None, verify, &mut timing::Phases::default())?;
    let mut warnings = verified.warnings;
    let mut external_checked = 0;
    if let Some(ext) = external {
        external_checked = verified.external.len();
        let (errors, warns): (Vec<Diagnostic>, Vec<Diagnostic>) = check::external::check(&verified.external, ext)
            .into_iter()
            .partition(Diagnostic::is_error);
        warnings.extend(warns);
        if !errors.is_empty() {
            return Err(Failure::new(errors.into_iter().chain(warnings).collect()));
        }
    }
    Ok(CheckReport {
        warnings,
        pages: verified.stats.pages,
        external_checked,
    })
}
