//! Partials that show the same thing on every page, rendered once per build instead of once per
//! page. A footer of clinic facts, menu links and the disclaimer reads nothing but `site`, yet
//! rendering it ten thousand times was a thirtieth of a large build's work.
//!
//! A template qualifies when every variable it reads (tera's own list) is the global `site` or
//! one it sets itself in its leading `{% set %}` statements, and it has no statements other than
//! conditions and loops (no include, macro, block, inheritance, other sets) and no magic
//! variable. Its output then replaces its text, so every page that includes it copies the same
//! bytes. Conservative: a theme that binds `site` itself anywhere
//! (`set`, a loop variable, a macro argument) gets no template rendered once, and a template
//! that fails to render alone is left to fail where pages include it, with the usual message.
//! Only for builds and checks, which render every output once: `knead serve` records what each
//! output reads to know what to re-render, and keeps rendering partials in place.

use std::collections::BTreeMap;
use tera::{Context, Tera};

/// The global every qualifying template may read.
const SITE: &str = "site";

/// Renders once every template of `sources` (name -> text) that shows the same on every page,
/// and puts its output in its place in `tera`. Returns the names of those templates.
pub fn render_once(tera: &mut Tera, sources: &BTreeMap<String, String>) -> Vec<String> {
    if sources.values().any(|text| binds_site(text)) {
        return Vec::new();
    }
    let mut rendered = Vec::new();
    for (name, text) in sources {
        if !reads_only_site(tera, name, text) {
            continue;
        }
        let Ok(output) = tera.render(name, &Context::new()) else {
            continue;
        };
        if output.contains("endraw") {
            continue;
        }
        if tera
            .add_raw_template(name, &format!("{{% raw %}}{output}{{% endraw %}}"))
            .is_ok()
        {
            rendered.push(name.clone());
        }
    }
    rendered
}

/// Whether template `name`, whose text is `text`, reads no variable other than `site` and those
/// it sets first.
fn reads_only_site(tera: &Tera, name: &str, text: &str) -> bool {
    let own = leading_sets(text);
    if !plain(text, own.len()) {
        return false;
    }
    let Ok(variables) = tera.get_template_variables(name) else {
        return false;
    };
    variables.iter().all(|v| *v == SITE || own.contains(v))
}

/// Only conditions, loops and the `leading` `{% set %}` statements the text starts with: tera
/// leaves a name a template sets anywhere out of its list, even where the set may not run and
/// the includer's value shows through; and its magic variables are left out too.
fn plain(text: &str, leading: usize) -> bool {
    statements(text)
        .enumerate()
        .all(|(i, words)| match words.first().copied() {
            Some("set") => i < leading,
            Some(keyword) => matches!(
                keyword,
                "if" | "elif" | "else" | "endif" | "for" | "endfor" | "break" | "continue" | "raw" | "endraw"
            ),
            None => true,
        })
        && !text.contains("__tera_")
}

/// Names set by the `{% set name = ... %}` statements a template starts with (before any text
/// or other statement), which therefore always run before anything reads them.
fn leading_sets(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text.trim_start();
    while let Some(inner) = rest.strip_prefix("{%") {
        let Some(end) = inner.find("%}") else {
            break;
        };
        let statement = inner[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        // A quoted value might hide the end of the statement: stop there.
        if statement.contains(['"', '\'', '`']) {
            break;
        }
        let mut words = statement.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("set"), Some(name), Some("=")) if is_identifier(name) => names.push(name),
            _ => break,
        }
        rest = inner[end + 2..].trim_start();
    }
    names
}

/// Whether a template gives the name `site` a value of its own somewhere, which would shadow
/// the global in what it includes.
fn binds_site(text: &str) -> bool {
    statements(text).any(|words| match words.as_slice() {
        ["set" | "set_global", name, ..] => name.split('=').next() == Some(SITE),
        ["for", rest @ ..] => rest
            .iter()
            .take_while(|w| **w != "in")
            .any(|w| w.trim_matches(',') == SITE || w.split(',').any(|part| part == SITE)),
        [keyword, ..] => {
            matches!(*keyword, "macro" | "component" | "with")
                && words[1..].iter().any(|w| {
                    w.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|part| part == SITE)
                })
        }
        [] => false,
    })
}

/// The words of every `{% ... %}` statement of a template.
fn statements(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.split("{%").skip(1).map(|chunk| {
        let inner = chunk.split("%}").next().unwrap_or("");
        inner
            .trim_matches(|c: char| c == '-' || c.is_whitespace())
            .split_whitespace()
            .collect()
    })
}

fn is_identifier(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(templates: &[(&str, &str)]) -> (Tera, BTreeMap<String, String>) {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        let mut site = tera::Map::new();
        site.insert("title".into(), tera::Value::from("A & B"));
        tera.global_context().insert_value("site", tera::Value::from(site));
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        let sources = templates.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        (tera, sources)
    }

    fn page(tera: &Tera, title: &str) -> String {
        let mut context = Context::new();
        context.insert("page", &BTreeMap::from([("title", title)]));
        tera.render("page.html", &context).unwrap()
    }

    #[test]
    fn a_partial_reading_only_site_renders_once_to_the_same_bytes() {
        let templates = [
            ("page.html", "<h1>{{ page.title }}</h1>{% include \"foot.html\" %}"),
            (
                "foot.html",
                "{% set t = site.title %}\n<footer>{{ t }} {{ site.title | upper }}</footer>\n",
            ),
        ];
        let (mut tera, sources) = engine(&templates);
        let before = page(&tera, "One");
        assert_eq!(render_once(&mut tera, &sources), ["foot.html"]);
        assert_eq!(page(&tera, "One"), before);
        assert_eq!(page(&tera, "Two"), before.replace("One", "Two"));
        assert!(before.contains("<footer>A &amp; B A &amp; B</footer>"), "{before}");
    }

    #[test]
    fn partials_reading_the_page_or_a_local_of_the_includer_render_every_time() {
        let templates = [
            (
                "page.html",
                "{% set who = page.title %}{% include \"by_page.html\" %}|{% include \"by_local.html\" %}|{% include \"late_set.html\" %}",
            ),
            ("by_page.html", "{{ page.title }}"),
            ("by_local.html", "{{ who }}"),
            (
                "late_set.html",
                "{% if site.title %}{% set who = \"x\" %}{% endif %}{{ who }}",
            ),
        ];
        let (mut tera, sources) = engine(&templates);
        assert!(render_once(&mut tera, &sources).is_empty());
        assert_eq!(page(&tera, "One"), "One|One|x");
        assert_eq!(page(&tera, "Two"), "Two|Two|x");
    }

    #[test]
    fn a_theme_that_binds_site_itself_gets_nothing_rendered_once() {
        for binding in [
            "{% set site = page %}",
            "{% set site=page %}",
            "{% set_global site = page %}",
            "{% for site in [page] %}{% endfor %}",
            "{% for key, site in page %}{% endfor %}",
        ] {
            let page_template = format!("{binding}{{% include \"foot.html\" %}}");
            let templates = [("page.html", page_template.as_str()), ("foot.html", "{{ site.title }}")];
            let (mut tera, sources) = engine(&templates);
            assert!(render_once(&mut tera, &sources).is_empty(), "{binding}");
        }
    }

    #[test]
    fn only_leading_unquoted_sets_count_as_the_templates_own() {
        assert_eq!(
            leading_sets("{% set a = site.x %}\n{%- set b = a -%}<p>{% set c = 1 %}"),
            ["a", "b"]
        );
        assert_eq!(leading_sets("{% set a = \"%}\" %}{% set b = 1 %}"), Vec::<&str>::new());
        assert_eq!(leading_sets("<p>{% set a = 1 %}"), Vec::<&str>::new());
    }
}
