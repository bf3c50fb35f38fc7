//! Rewriting the `url()`s of a stylesheet, with lightningcss's dependency analysis: the parser
//! finds every URL (in any property, `@font-face`, image-set…), so no hand-written scanner has to
//! know CSS syntax.

use lightningcss::dependencies::{Dependency, DependencyOptions};
use lightningcss::stylesheet::{ParserOptions, PrinterOptions, StyleSheet};

/// `css` with each `url()` replaced by `map(url)` where that gives a new URL. `None` when no URL
/// changed or the stylesheet cannot be parsed: the caller keeps the original text then.
pub fn rewrite(css: &str, filename: &str, mut map: impl FnMut(&str) -> Option<String>) -> Option<String> {
    if !css.contains("url(") {
        return None;
    }
    let options = ParserOptions {
        filename: filename.to_string(),
        error_recovery: true,
        ..ParserOptions::default()
    };
    let sheet = StyleSheet::parse(css, options).ok()?;
    let printed = sheet
        .to_css(PrinterOptions {
            analyze_dependencies: Some(DependencyOptions { remove_imports: false }),
            ..PrinterOptions::default()
        })
        .ok()?;
    let mut code = printed.code;
    let mut changed = false;
    for dependency in printed.dependencies.unwrap_or_default() {
        // `@import` rules are printed as written; only `url()` values carry placeholders.
        let Dependency::Url(dep) = dependency else { continue };
        let url = match map(&dep.url) {
            Some(new) => {
                changed = true;
                new
            }
            None => dep.url,
        };
        code = code.replace(&dep.placeholder, &css_string_body(&url));
    }
    changed.then_some(code)
}

/// `url` escaped for the inside of a double-quoted CSS string (placeholders are printed quoted).
fn css_string_body(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\a "),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_replaced_where_the_map_says_so() {
        let css = "a { background: url(a.png) } b { background: url(\"b.png\") }";
        let out = rewrite(css, "s.css", |u| (u == "a.png").then(|| "a.1234.png".to_string())).unwrap();
        assert!(out.contains("url(\"a.1234.png\")"), "{out}");
        assert!(out.contains("url(\"b.png\")"), "{out}");
        assert!(rewrite(css, "s.css", |_| None).is_none());
        assert!(rewrite("a { color: red }", "s.css", |_| Some("x".into())).is_none());
        let odd = rewrite(css, "s.css", |_| Some("q\"x".into())).unwrap();
        assert!(odd.contains("url(\"q\\\"x\")"), "{odd}");
    }
}
