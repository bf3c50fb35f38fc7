//! knead: a static site generator for clinics. A build runs six stages, one module each, every
//! one a function from plain values to plain values:
//!
//! ```text
//! load     site.yaml, content/, the theme -> Site, Theme          (load)
//! plan     every output path, claimed once -> Plan                  (plan)
//! resolve  links, anchors, autolinks checked -> Links (+ graph)     (resolve)
//! render   templates -> files in a Sink, each scanned as written    (render, check::ScanningSink)
//! check    final HTML: links, ids, SEO lints -> warnings or errors  (check)
//! commit   the staging directory swapped into public/               (commit)
//! ```
//!
//! Beside the pipeline, `scaffold` starts sites (`knead init`) and pages (`knead new`), and
//! `live` keeps a built site in memory for `knead serve` and brings it up to date after each
//! edit. Every stage collects all the problems it finds; the library never prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

// The stages; they run load, plan, resolve, render, check, commit, and none imports a later one
// (tests/it/stage_order.rs).
pub mod check;
pub mod commit;
pub mod load;
pub mod plan;
pub mod render;
pub mod resolve;

// What every stage may use.
pub mod config;
pub mod control_chars;
pub mod diagnostics;
pub mod images;
pub mod minify;
pub mod sink;
pub mod site_root;
pub mod timing;
pub mod url_path;
pub mod utf8;
pub mod yaml;

// Around the pipeline: starting sites and pages, and the live preview.
pub mod live;
pub mod scaffold;
pub mod serve;

use check::html_scan::PageFacts;
use check::verdict::{self, Checked};
use commit::Staging;
use commit::transforming::{Minifying, Precompressing};
use config::BuildOptions;
use diagnostics::{Diagnostic, Failure, Severity, count};
use load::Site;
use load::theme::Theme;
use plan::{Job, Plan};
use render::Renderer;
use render::run::Run;
use sink::Sink;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a successful build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub stats: render::Stats,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Warnings, and notes about what the build did that the user may not expect (a page left
    /// out for its date), sorted.
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each step, for `knead build --timings`.
    pub phases: timing::Phases,
}

impl BuildReport {
    /// `built 42 pages, 5 sections, 120 files in 85 ms -> public`
    pub fn summary(&self) -> String {
        let s = self.stats;
        let warnings = match self.warnings.iter().filter(|d| d.severity == Severity::Warning).count() {
            0 => String::new(),
            1 => " (1 warning, -v shows it)".to_string(),
            n => format!(" ({n} warnings, -v shows them)"),
        };
        format!(
            "built {}, {}, {} in {} ms -> {}{warnings}",
            count(s.pages, "page"),
            count(s.sections, "section"),
            count(s.files, "file"),
            self.elapsed.as_millis(),
            self.output.display()
        )
    }
}

/// `knead build`: the whole pipeline, written atomically to the output directory.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Failure> {
    build_keeping(options).map(|(report, _)| report)
}

/// [`build`], handing back everything the build made besides its files. Freeing a large site
/// object by object takes a while; a process about to exit may leave that to the operating
/// system by forgetting what it gets here (`knead build` does).
pub fn build_keeping(options: &BuildOptions) -> Result<(BuildReport, Built), Failure> {
    let started = Instant::now();
    let mut phases = timing::Phases::default();
    let (site, theme) = phases.time("load", || load_site(options))?;
    let output = options.output_dir();
    let staging = Staging::begin(&output, &options.root).map_err(Failure::single)?;
    let dir = commit::DirSink::new(staging.path());
    let precompressing = Precompressing::new(&dir);
    let sink: &dyn Sink = if site.config.precompress { &precompressing } else { &dir };
    let strictness = Strictness {
        strict: options.strict,
        external: false,
    };
    let built = Built::try_new(site, |site| {
        render_and_check(site, &theme, Some(sink), strictness, &mut phases)
    })?;
    phases.time("swap in", || staging.commit()).map_err(Failure::single)?;
    let verified = &built.borrow_dependent().verified;
    let report = BuildReport {
        stats: verified.stats,
        output,
        elapsed: started.elapsed(),
        warnings: verified.warnings.clone(),
        phases,
    };
    Ok((report, built))
}

self_cell::self_cell!(
    /// The loaded site and what the build made of it (see [`build_keeping`]).
    pub struct Built {
        owner: Site,
        #[covariant]
        dependent: Made,
    }
);

/// What a build makes of a site besides the output files.
pub struct Made<'a> {
    pub plan: Plan,
    pub renderer: Renderer<'a>,
    pub facts: BTreeMap<String, PageFacts>,
    pub verified: Verified,
}

/// What `knead check` found that is not an error.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Warnings and notes, sorted.
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
    let (site, theme) = load_site(options)?;
    let strictness = Strictness {
        strict: true,
        external: external.is_some(),
    };
    let made = render_and_check(&site, &theme, None, strictness, &mut timing::Phases::default())?;
    let verified = made.verified;
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

/// How strictly to check a render, and what to collect on the way.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strictness {
    /// SEO lints are errors instead of warnings.
    pub strict: bool,
    /// Collect external links for `check --external` (a build does not need them).
    pub external: bool,
}

/// The outcome of rendering and checking a site.
#[derive(Debug, Default)]
pub struct Verified {
    pub stats: render::Stats,
    pub warnings: Vec<Diagnostic>,
    /// External links (URL -> source files), for `check --external`.
    pub external: BTreeMap<String, Vec<String>>,
}

/// LOAD: `site.yaml`, then the content and the theme, with all their errors collected. The
/// pages' markdown bodies are not kept (see [`load::Source::whole`]).
pub fn load_site(options: &BuildOptions) -> Result<(Site, Theme), Failure> {
    load_site_with(options, |config| load::content::load(options, config))
}

/// [`load_site`], keeping the files' text and taking the parse of unchanged pages from `reuse`
/// (see [`load::content::Reuse`]).
pub fn load_site_reusing(options: &BuildOptions, reuse: load::content::Reuse<'_>) -> Result<(Site, Theme), Failure> {
    load_site_with(options, |config| load::content::load_reusing(options, config, reuse))
}

fn load_site_with(
    options: &BuildOptions,
    load_content: impl FnOnce(config::SiteConfig) -> Result<Site, Vec<Diagnostic>>,
) -> Result<(Site, Theme), Failure> {
    let config = config::load(options).map_err(Failure::single)?;
    let theme_name = config.theme.clone();
    let site = load_content(config);
    let theme = load::theme::load(options, &theme_name);
    match (site, theme) {
        (Ok(site), Ok(theme)) => match load::component_check::check(&site, &theme) {
            errors if errors.is_empty() => Ok((site, theme)),
            errors => Err(Failure::new(errors)),
        },
        (site, theme) => Err(Failure::new(
            site.err().into_iter().chain(theme.err()).flatten().collect(),
        )),
    }
}

/// PLAN and RESOLVE, then the renderer with the templates compiled: everything a render needs,
/// or all the errors that prevent it. The pages' summaries, which only rendering needs, are made
/// on one core while the other plans and resolves (both mostly serial).
pub fn plan_and_resolve<'a>(site: &'a Site, theme: &Theme) -> Result<(Plan, Renderer<'a>), Failure> {
    let (planned, summaries) = rayon::join(
        || -> Result<_, Failure> {
            let plan = plan::plan(site, theme).map_err(Failure::new)?;
            let links = resolve::resolve(site, plan.files.clone()).map_err(Failure::new)?;
            Ok((plan, links))
        },
        || render::page_summaries(site),
    );
    let (plan, links) = planned?;
    let renderer = Renderer::new(site, theme, links, &plan, summaries).map_err(Failure::new)?;
    Ok((plan, renderer))
}

/// PLAN, RESOLVE, RENDER into `sink` (or nowhere) and CHECK the result: markdown links before
/// rendering, then every link and id of the final HTML, orphans and SEO lints.
pub fn render_and_check<'a>(
    site: &'a Site,
    theme: &Theme,
    sink: Option<&dyn Sink>,
    strictness: Strictness,
    phases: &mut timing::Phases,
) -> Result<Made<'a>, Failure> {
    let (mut plan, renderer) = phases.time("plan, links, graph", || plan_and_resolve(site, theme))?;
    // Every output is rendered once, so each body can go once its last use is rendered.
    let run = Run::freeing_bodies(site, &plan);
    let kept = check::KeptLinks {
        external: strictness.external,
        settled: false,
    };
    let Rendered { stats, facts, warnings } = phases.time("render, scan, write", || {
        render_all(site, &run, &mut plan, &renderer, sink, kept, &|_| true)
    })?;
    let checked: Checked = phases.time("check", || {
        verdict::verify(&plan, &renderer, &facts, warnings, strictness.strict)
    })?;
    let verified = Verified {
        stats,
        warnings: checked.warnings,
        external: if strictness.external {
            verdict::output_view(site, &plan, &facts).external_links()
        } else {
            BTreeMap::new()
        },
    };
    Ok(Made {
        plan,
        renderer,
        facts,
        verified,
    })
}

/// A finished render: counts, the scan of every page and warnings about written files.
pub struct Rendered {
    pub stats: render::Stats,
    pub facts: BTreeMap<String, PageFacts>,
    pub warnings: Vec<Diagnostic>,
}

/// RENDER: the jobs of `plan` that `select` picks (every job, except when `knead serve` knows a
/// file is unchanged), in `run`, into `sink`, each page scanned as written (see [`scanned`]), then what only
/// rendering decides: the fingerprinted copies of the files templates asked for and `_headers`.
/// `plan.files` then includes those too.
pub fn render_all(
    site: &Site,
    run: &Run<'_>,
    plan: &mut Plan,
    renderer: &Renderer<'_>,
    sink: Option<&dyn Sink>,
    kept: check::KeptLinks,
    select: &dyn Fn(&Job) -> bool,
) -> Result<Rendered, Failure> {
    let (result, facts) = scanned(site, plan, sink, kept, |scanning| {
        let stats = renderer.run(run, plan, scanning, select).map_err(Failure::new)?;
        let photos = render::photo_jobs::write(plan, scanning, sink.is_some()).map_err(Failure::new)?;
        let written = render::asset_copies::write_after_render(&site.config, plan, scanning, &photos.fingerprinted)
            .map_err(Failure::single)?;
        Ok::<_, Failure>((stats, written, photos.cards, photos.notes))
    });
    let (mut stats, mut written, cards, notes) = result?;
    written.warnings.extend(notes);
    stats.files += written.files.len() + cards.len();
    plan.files.extend(written.files);
    plan.files.extend(cards);
    Ok(Rendered {
        stats,
        facts,
        warnings: written.warnings,
    })
}

/// Runs `render` against the sink chain every render writes through: each page is scanned for
/// the link check as rendered (keeping only the links still to check once all pages exist, and
/// those `kept` asks for), then minified on its way to `sink` when `minify: true`. Returns
/// `render`'s result and the scans.
pub fn scanned<R>(
    site: &Site,
    plan: &Plan,
    sink: Option<&dyn Sink>,
    kept: check::KeptLinks,
    render: impl FnOnce(&check::ScanningSink<'_>) -> R,
) -> (R, BTreeMap<String, PageFacts>) {
    let keep = check::Keep {
        view: verdict::output_view(site, plan, &check::NO_FACTS),
        links: kept,
    };
    let minifying = sink.filter(|_| site.config.minify).map(Minifying::new);
    let inner = minifying.as_ref().map_or(sink, |m| Some(m as &dyn Sink));
    let scanning = check::ScanningSink::new(inner, keep);
    let result = render(&scanning);
    (result, scanning.into_facts())
}
