//! What `site.yaml` says about the clinic that a visitor would miss: a note listing the clinic
//! facts still unset (the theme leaves them out, so nothing on the site shows they are
//! missing), and a warning while the reviews link is a Maps search by name.

use crate::config::{SiteConfig, facts};
use crate::diagnostics::{Category, Diagnostic};
use crate::yaml::{Step, YamlSource};

/// The category of the note about unset facts.
pub static UNSET_FACTS: Category = Category {
    one: "note about unset clinic facts",
    many: "notes about unset clinic facts",
};

/// The note about unset clinic facts (for a site whose `site.yaml` has a `clinic:` block: a site
/// that never mentions a clinic has no facts to miss) and the warning about a reviews search,
/// when they apply.
pub fn check(config: &SiteConfig) -> Vec<Diagnostic> {
    let file = &config.file;
    let source = YamlSource {
        file: &file.display,
        text: &file.text,
        line_offset: 0,
    };
    let mut found = Vec::new();
    let unset = facts::unset(config);
    if config.clinic_written && !unset.is_empty() {
        let (line, _) = crate::yaml::key_position(source, "clinic");
        found.push(
            Diagnostic::error(
                &file.display,
                line,
                1,
                format!(
                    "clinic facts not set yet, so the theme leaves them out: {}",
                    unset.join(", ")
                ),
            )
            .with_help("fill them in under `clinic:`, `links:` and `team:` in site.yaml once they are known")
            .with_category(&UNSET_FACTS)
            .note()
            // It stays until the owner knows the facts: `knead build` says it only with -v.
            .only_when_verbose(),
        );
    }
    if config.links.get("reviews").is_some_and(|r| facts::is_map_search(r)) {
        let (line, col) = config.position(&[Step::Key("links"), Step::Key("reviews")]);
        found.push(
            Diagnostic::error(
                &file.display,
                line,
                col,
                "links.reviews is a Google Maps search by name, which can show other businesses",
            )
            .with_help(
                "link the clinic's own reviews: open the clinic's Google Business Profile, choose \
                 \"Ask for reviews\" (or Share on its Reviews tab) and paste the link it gives \
                 (https://g.page/r/…/review)",
            )
            .warning(),
        );
    }
    found
}
