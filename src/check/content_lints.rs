//! What the content itself says that is likely a mistake, beside the checks of the final HTML:
//! pages left out for a date in the future (notes), an `updated` day before the `date` day
//! (warnings), and text left to replace in published pages (lints, which fail `--strict` and
//! `knead check` like the SEO lints).

use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::render::run::Pages;

/// Notes about pages left out for their date, and warnings about dates that contradict each
/// other.
pub fn dates(site: &Site, pages: Pages<'_>) -> Vec<Diagnostic> {
    let left_out = site.skipped.iter().filter_map(|s| s.notice.clone());
    let updated_first = pages.iter().filter_map(|page| {
        let (date, updated) = (page.meta.date?, page.meta.updated?);
        (updated.day < date.day).then(|| {
            let (line, col) = crate::yaml::key_position(page.source.yaml(), "updated");
            Diagnostic::error(
                &page.source.display,
                line,
                col,
                format!(
                    "updated before date: the page says it changed on {}, before it was first published on {}",
                    updated.iso_day(),
                    date.iso_day()
                ),
            )
            .with_help("`date` is the day the page was first published and `updated` the day it last changed: fix whichever is wrong")
            .warning()
        })
    });
    left_out.chain(updated_first).collect()
}

/// Placeholder text in the sections and the published pages, as errors (callers downgrade
/// them to warnings unless strict). A draft built with `--drafts` is not published.
pub fn placeholders(site: &Site, pages: Pages<'_>) -> Vec<Diagnostic> {
    let sources = site
        .sections
        .iter()
        .map(|s| &s.source)
        .chain(pages.iter().filter(|p| !p.meta.draft).map(|p| &p.source));
    sources
        .flat_map(|source| {
            source.placeholders.iter().map(|p| {
                Diagnostic::error(
                    &source.display,
                    p.line,
                    p.col,
                    format!("placeholder text to replace before publishing: \"{}\"", p.text),
                )
                .with_help("write your own text in its place; until then `knead check` and `knead build --strict` fail")
            })
        })
        .collect()
}
