//! The verdict on a finished render: link errors of the final HTML fail it; SEO lints and
//! placeholder text fail it under `--strict` (and in `knead check`), else they are warnings,
//! like orphan pages; notes about pages left out for their date never fail it.

use super::OutputView;
use super::content_lints;
use super::html_scan::PageFacts;
use super::seo_lints::{self, Lints};
use crate::diagnostics::{Diagnostic, Failure};
use crate::load::Site;
use crate::plan::Plan;
use crate::render::Renderer;
use crate::render::run::Pages;
use std::collections::BTreeMap;

/// What the checks of a finished render leave when they pass.
pub struct Checked {
    /// Sorted warnings, SEO lints among them unless `strict`.
    pub warnings: Vec<Diagnostic>,
    /// The warnings no page edit can change: orphan pages and notes about written files.
    pub standing: Vec<Diagnostic>,
    /// The SEO lints by page, for `knead serve` to re-lint one page.
    pub lints: Lints,
}

/// Checks a finished render (`facts`, the scans of its pages; `written`, its notes about written
/// files): every link and id of the final HTML, orphans and SEO lints. See [`verdict`].
pub fn verify(
    plan: &Plan,
    renderer: &Renderer<'_>,
    facts: &BTreeMap<String, PageFacts>,
    written: Vec<Diagnostic>,
    strict: bool,
) -> Result<Checked, Failure> {
    // Three independent passes over every page, each on a core of its own.
    let (errors, (mut standing, lints)) = rayon::join(
        || output_view(renderer.site(), plan, facts).check_links(),
        || {
            rayon::join(
                || orphans(renderer),
                || {
                    let site = renderer.site();
                    let sources = seo_lints::Sources::of(site, Pages::loaded(site), plan.jobs.iter());
                    Lints::new(facts, &plan.owners, &sources)
                },
            )
        },
    );
    standing.extend(written);
    let site = renderer.site();
    let warnings = verdict(site, Pages::loaded(site), lints.all(), errors, &standing, strict)?;
    Ok(Checked {
        warnings,
        standing,
        lints,
    })
}

/// Orphan pages, as warnings (they never fail a build).
fn orphans(renderer: &Renderer<'_>) -> Vec<Diagnostic> {
    let site = renderer.site();
    let links = &renderer.links;
    super::orphan_warnings(site, &links.graph.orphans(site, &links.index, &links.resolved))
}

/// The verdict on a render of `site` showing `pages`: link `errors` of the final HTML fail it;
/// SEO `lints` of the HTML (plus those of the markdown, and placeholder text) fail it when
/// `strict`, else join `orphans` and the notes and warnings about dates as warnings (sorted).
pub fn verdict(
    site: &Site,
    pages: Pages<'_>,
    lints: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
    orphans: &[Diagnostic],
    strict: bool,
) -> Result<Vec<Diagnostic>, Failure> {
    let mut errors = errors;
    let mut warnings = orphans.to_vec();
    warnings.extend(content_lints::dates(site, pages));
    warnings.extend(super::clinic_facts::check(&site.config));
    let mut lints = lints;
    lints.extend(content_lints::placeholders(site, pages));
    let docs = site
        .sections
        .iter()
        .map(|s| (&s.source, &s.analysis))
        .chain(pages.iter().map(|p| (&p.source, &p.analysis)))
        .chain(site.snippets.values().map(|s| (&s.source, &s.analysis)));
    // An image without alt text, or in a format browsers do not show, is an error in any build:
    // a visitor who cannot see the photo gets nothing, and one who can sees a broken image.
    errors.extend(seo_lints::lint_markdown_images(docs));
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

/// The output as the link checker sees it.
pub fn output_view<'a>(site: &'a Site, plan: &'a Plan, facts: &'a BTreeMap<String, PageFacts>) -> OutputView<'a> {
    OutputView {
        files: &plan.files,
        facts,
        owners: &plan.owners,
        base_url: &site.config.base_url,
        base_path: site.config.base_path(),
    }
}
