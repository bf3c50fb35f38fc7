//! `_headers` (Netlify and Cloudflare Pages syntax): a year of `immutable` caching for each
//! fingerprinted file. Its name changes whenever its bytes do, so a browser never needs to ask
//! again.
//!
//! There is deliberately no catch-all `/*` rule for HTML: Cloudflare Pages applies every rule that
//! matches a path and joins the values of a header set twice, so `/*` would add a second,
//! contradicting `Cache-Control` to the fingerprinted files (and no host's precedence between
//! rules is worth relying on). Both hosts already send `public, max-age=0, must-revalidate` for
//! everything else, which is the right cache for HTML.

/// The name hosts read the rules from.
pub const FILE: &str = "_headers";

/// How long a fingerprinted file may be cached: a year, the longest value caches honour.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The `_headers` text for fingerprinted output paths (`style.3f2a9c1e.css`) on a site published
/// under `base_path` (`/` or `/clinic/`).
pub fn render(fingerprinted: &[&str], base_path: &str) -> String {
    let mut out = String::from(
        "# Written by knead (headers: true in site.yaml, or --headers).\n\
         # Fingerprinted files: the name changes whenever the content does, so cache for a year.\n\
         # Pages and other files get the host's default, public, max-age=0, must-revalidate.\n",
    );
    for path in fingerprinted {
        out.push_str(&format!("{base_path}{path}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_per_fingerprinted_file_under_the_base_path() {
        let text = render(&["style.3f2a9c1e.css"], "/clinic/");
        assert!(text.ends_with("\n/clinic/style.3f2a9c1e.css\n  Cache-Control: public, max-age=31536000, immutable\n"));
        assert!(!text.contains("/*"));
    }
}
