//! What a theme's templates can depend on, read from their source: which templates each one
//! pulls in (`extends`, `include`, components) and whether any can show a page's wide fields
//! (`section_pages`, `backlinks`), which list many other pages. `knead serve` uses this to
//! re-render only the files a template edit or a page edit can change.

use crate::load::theme::{StaticData, Theme};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Page fields that list pages beyond the page's own neighbourhood.
pub const WIDE_FIELDS: [&str; 2] = ["section_pages", "backlinks"];

/// The dependencies of one theme's templates.
#[derive(Debug, Default)]
pub struct ThemeDeps {
    /// Per template: a hash of its source and of every template it pulls in.
    closures: HashMap<String, u64>,
    /// Wide fields some template can read (all of them when a template uses `page` whole).
    pub wide: BTreeSet<&'static str>,
    /// A hash of where the static files come from, which `asset()` answers depend on (a
    /// static file's own edit rebuilds everything; this catches a theme loaded from elsewhere).
    pub statics: u64,
}

impl ThemeDeps {
    pub fn new(theme: &Theme) -> ThemeDeps {
        let mut statics = DefaultHasher::new();
        for (out, data) in &theme.statics {
            out.hash(&mut statics);
            match data {
                StaticData::Disk(path) => path.hash(&mut statics),
                StaticData::Embedded(bytes) => bytes.hash(&mut statics),
            }
        }
        ThemeDeps {
            statics: statics.finish(),
            ..ThemeDeps::of_templates(&theme.templates)
        }
    }

    fn of_templates(templates: &BTreeMap<String, String>) -> ThemeDeps {
        // A component can be called from any template: its definition is everyone's input.
        let shared: Vec<&str> = templates
            .iter()
            .filter(|(_, source)| tags(source).any(|t| keyword(t) == Some("component")))
            .map(|(name, _)| name.as_str())
            .collect();
        let all: Vec<&str> = templates.keys().map(String::as_str).collect();
        let closures = templates
            .keys()
            .map(|name| {
                let mut seen: BTreeSet<&str> = BTreeSet::new();
                let mut todo = shared.clone();
                todo.push(name.as_str());
                while let Some(next) = todo.pop() {
                    if !seen.insert(next) {
                        continue;
                    }
                    match templates.get(next).map(|s| pulled_in(s)) {
                        Some(Some(names)) => todo.extend(names.into_iter().filter(|n| !seen.contains(n))),
                        // A name computed at render time could be any template.
                        Some(None) => seen.extend(all.iter().copied()),
                        None => {}
                    }
                }
                let mut hasher = DefaultHasher::new();
                for included in seen {
                    included.hash(&mut hasher);
                    templates.get(included).hash(&mut hasher);
                }
                (name.clone(), hasher.finish())
            })
            .collect();
        let whole_page = templates.values().any(|s| uses_page_whole(s));
        let wide = WIDE_FIELDS
            .into_iter()
            .filter(|field| whole_page || templates.values().any(|s| names(s, field)))
            .collect();
        ThemeDeps {
            closures,
            wide,
            statics: 0,
        }
    }

    /// The hash of template `name` and everything it pulls in (0 for an unknown name).
    pub fn closure(&self, name: &str) -> u64 {
        self.closures.get(name).copied().unwrap_or(0)
    }
}

/// The insides of every `{% … %}` and `{{ … }}` tag, trimmed of whitespace control.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find('{')?;
            let close = match rest[start..].chars().nth(1) {
                Some('%') => "%}",
                Some('{') => "}}",
                Some('#') => "#}",
                _ => {
                    rest = &rest[start + 1..];
                    continue;
                }
            };
            let inner_start = start + 2;
            let end = rest[inner_start..].find(close).map_or(rest.len(), |e| inner_start + e);
            let inner = &rest[inner_start..end];
            rest = &rest[(end + 2).min(rest.len())..];
            if close != "#}" {
                return Some(inner.trim_matches(|c: char| c == '-' || c.is_whitespace()));
            }
        }
    })
}

/// The first word of a statement tag.
fn keyword(tag: &str) -> Option<&str> {
    tag.split(|c: char| !c.is_alphanumeric() && c != '_').next()
}

/// Names of the templates a source extends or includes; `None` when a name is not a literal.
fn pulled_in(source: &str) -> Option<Vec<&str>> {
    let mut names = Vec::new();
    for tag in tags(source) {
        let Some(word @ ("extends" | "include")) = keyword(tag) else {
            continue;
        };
        let arg = tag[word.len()..].trim_start();
        let quote = arg.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let end = arg[1..].find(quote)?;
        names.push(&arg[1..=end]);
    }
    Some(names)
}

/// Identifiers in tags, with their tag, the character before each (`.` for an attribute) and the
/// text after.
fn identifiers(source: &str) -> impl Iterator<Item = (&str, Option<char>, &str, &str)> {
    tags(source).flat_map(|tag| {
        let is_ident = |c: char| c.is_alphanumeric() || c == '_';
        let mut found = Vec::new();
        let mut start = None;
        for (i, c) in tag.char_indices().chain(std::iter::once((tag.len(), ' '))) {
            match (is_ident(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    found.push((tag, tag[..s].chars().next_back(), &tag[s..i], &tag[i..]));
                    start = None;
                }
                _ => {}
            }
        }
        found
    })
}

/// Whether a template names `field` anywhere in its tags.
fn names(source: &str, field: &str) -> bool {
    identifiers(source).any(|(_, _, ident, _)| ident == field)
}

/// Whether a template uses the `page` object other than through its attributes (`page.title`)
/// or as a loop variable: printed whole, passed to a filter, subscripted or iterated, it can
/// show any field.
fn uses_page_whole(source: &str) -> bool {
    identifiers(source).any(|(tag, before, ident, after)| {
        if ident != "page" || before == Some('.') {
            return false;
        }
        let after = after.trim_start();
        // `for page in …`, `for page, x in …` (a component argument `page, …` is a whole use).
        let loop_variable = after.starts_with("in ") || (keyword(tag) == Some("for") && after.starts_with(','));
        !(after.starts_with('.') || loop_variable)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect()
    }

    #[test]
    fn a_closure_changes_with_the_templates_it_pulls_in_only() {
        let base = theme(&[
            (
                "base.html",
                "<main>{% block main %}{% endblock %}</main>{% include \"footer.html\" %}",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}{{ page.title }}{% endblock %}",
            ),
            (
                "service.html",
                "{%- extends 'base.html' -%}{% block main %}S{% endblock %}",
            ),
            ("footer.html", "<footer></footer>"),
        ]);
        let before = ThemeDeps::of_templates(&base);
        let mut edited = base.clone();
        edited.insert(
            "service.html".into(),
            "{% extends 'base.html' %}{% block main %}T{% endblock %}".into(),
        );
        let after = ThemeDeps::of_templates(&edited);
        assert_eq!(before.closure("page.html"), after.closure("page.html"));
        assert_ne!(before.closure("service.html"), after.closure("service.html"));
        let mut footer = base.clone();
        footer.insert("footer.html".into(), "<footer>new</footer>".into());
        let after = ThemeDeps::of_templates(&footer);
        assert_ne!(before.closure("page.html"), after.closure("page.html"));
        assert_ne!(before.closure("service.html"), after.closure("service.html"));
    }

    #[test]
    fn an_include_by_variable_depends_on_every_template() {
        let base = theme(&[("page.html", "{% include name %}"), ("other.html", "a")]);
        let mut edited = base.clone();
        edited.insert("other.html".into(), "b".into());
        assert_ne!(
            ThemeDeps::of_templates(&base).closure("page.html"),
            ThemeDeps::of_templates(&edited).closure("page.html")
        );
    }

    #[test]
    fn wide_fields_count_only_when_a_template_can_show_them() {
        let plain = theme(&[(
            "page.html",
            "{{ page.title }} {% for page in section.pages %}{{ page.url }}{% endfor %} Page {{ paginator.page }} {% for page, n in pairs %}{{ n }}{% endfor %}",
        )]);
        assert!(ThemeDeps::of_templates(&plain).wide.is_empty());
        let listed = theme(&[(
            "page.html",
            "{% for p in page.section_pages %}{{ p.title }}{% endfor %}",
        )]);
        assert_eq!(ThemeDeps::of_templates(&listed).wide, BTreeSet::from(["section_pages"]));
        for whole in [
            "{{ page | json_encode }}",
            "{{ card(page, 1) }}",
            "{% set p = page %}",
            "{{ page[key] }}",
            "{% for k, v in page %}{% endfor %}",
        ] {
            let deps = ThemeDeps::of_templates(&theme(&[("page.html", whole)]));
            assert_eq!(deps.wide.len(), WIDE_FIELDS.len(), "{whole}");
        }
        // Text outside tags is not code.
        assert!(
            ThemeDeps::of_templates(&theme(&[("a.html", "<p>This page lists backlinks</p>")]))
                .wide
                .is_empty()
        );
    }
}
