//! knead: a static site generator for clinics. The pipeline on one screen:
//!
//! ```text
//! load     site.yaml + content/ -> Site            (content::load)
//! resolve  links and anchors -> LinkIndex          (links)
//! render   templates -> files in a Sink            (render)
//! write    staging dir swapped into public/        (output)
//! ```
//!
//! Every stage collects all the problems it finds; the library never prints.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod links;
pub mod output;
pub mod render;
pub mod yaml;

use config::BuildOptions;
use content::Site;
use diagnostics::{Diagnostic, Failure};
use output::{DirSink, Sink, Staging};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a successful build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub stats: render::Stats,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl BuildReport {
    /// `built 42 pages, 5 sections, 120 files in 85 ms -> public`
    pub fn summary(&self) -> String {
        let s = self.stats;
        format!(
            "built {} pages, {} sections, {} files in {} ms -> {}",
            s.pages,
            s.sections,
            s.files,
            self.elapsed.as_millis(),
            self.output.display()
        )
    }
}

/// Loads and resolves the site: everything up to rendering, with all content errors collected.
pub fn load(options: &BuildOptions) -> Result<(Site, render::theme::Theme), Failure> {
    let config = config::load(options).map_err(Failure::single)?;
    let theme_name = config.theme.clone();
    let site = content::load::load(options, config);
    let theme = render::theme::load(options, &theme_name);
    match (site, theme) {
        (Ok(site), Ok(theme)) => Ok((site, theme)),
        (site, theme) => Err(Failure::new(
            site.err().into_iter().chain(theme.err()).flatten().collect(),
        )),
    }
}

/// Renders the loaded site into `sink`, after validating every link and planning every file.
pub fn render_into(site: &Site, theme: &render::theme::Theme, sink: &dyn Sink) -> Result<render::Stats, Failure> {
    let plan = render::plan::plan(site, theme).map_err(Failure::new)?;
    let files: HashSet<String> = plan.files.iter().cloned().collect();
    let index = links::LinkIndex::new(site, files);
    let link_errors = links::check(site, &index);
    if !link_errors.is_empty() {
        return Err(Failure::new(link_errors));
    }
    let renderer = render::Renderer::new(site, theme, &index, &plan).map_err(Failure::new)?;
    renderer.run(&plan, sink).map_err(Failure::new)
}

/// `knead build`: the whole pipeline, written atomically to the output directory.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Failure> {
    let started = Instant::now();
    let (site, theme) = load(options)?;
    let output = options.output_dir();
    let staging = Staging::begin(&output, &options.root).map_err(Failure::single)?;
    let stats = render_into(&site, &theme, &DirSink::new(staging.path()))?;
    staging.commit().map_err(Failure::single)?;
    Ok(BuildReport {
        stats,
        output,
        elapsed: started.elapsed(),
        warnings: Vec::new(),
    })
}
