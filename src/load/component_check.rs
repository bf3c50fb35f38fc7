//! Every component call of the site checked against what its component declares, once the
//! content and the theme are loaded: an unknown component, an unknown, missing or mistyped
//! argument, a block component used inline and the other way round, an include or a block
//! component inside a sentence, and calls too broken to read, each at the page's line and
//! column; a `video` whose address is not a YouTube or Vimeo video's; an include of a snippet
//! that does not exist, and snippets that include each other in a cycle.

use super::components::{ArgValue, Call};
use super::markdown::Analysis;
use super::model::{Site, Snippet, Source};
use super::theme::Theme;
use crate::diagnostics::{Diagnostic, did_you_mean};
use std::collections::{BTreeMap, BTreeSet};

/// Components by name.
pub type Declared = BTreeMap<String, super::component_decl::Component>;

/// Snippets by name.
pub type Snippets = BTreeMap<String, Snippet>;

/// The name of the component that plays a YouTube or Vimeo video, whose `url` is checked.
const VIDEO: &str = "video";

/// The name of the component that includes a snippet.
pub const INCLUDE: &str = "include";

/// The errors of every call in the site's pages, sections and snippets, and the include cycles.
pub fn check(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let pages = site.pages.iter().map(|p| (&p.source, &p.analysis));
    let sections = site.sections.iter().map(|s| (&s.source, &s.analysis));
    let snippets = site.snippets.values().map(|s| (&s.source, &s.analysis));
    let mut errors: Vec<Diagnostic> = pages
        .chain(sections)
        .chain(snippets)
        .flat_map(|(source, analysis)| check_body(source, analysis, &theme.components, &site.snippets))
        .collect();
    errors.extend(include_cycles(&site.snippets));
    errors
}

/// The errors of the calls of one body, against the components `declared` and the site's
/// `snippets`.
pub fn check_body(source: &Source, analysis: &Analysis, declared: &Declared, snippets: &Snippets) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = analysis
        .component_problems
        .iter()
        .map(|p| Diagnostic::error(&source.display, p.line, p.col, &p.message).with_help(&p.help))
        .collect();
    for call in &analysis.components {
        errors.extend(check_call(&source.display, call, declared));
        if !call.alone && (call.name == INCLUDE || call.body_text.is_some()) {
            let what = if call.name == INCLUDE {
                "an `include`".to_string()
            } else {
                format!("the block `{}`", call.name)
            };
            errors.push(
                Diagnostic::error(
                    &source.display,
                    call.line,
                    call.col,
                    format!("{what} shares its line with text"),
                )
                .with_help("put it on a line of its own: it writes paragraphs and other blocks, which cannot stand inside a sentence"),
            );
        }
        if call.name == INCLUDE
            && let Some(name) = included(call)
            && !snippets.contains_key(name)
        {
            let near = did_you_mean(name, snippets.keys().map(String::as_str))
                .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"));
            errors.push(
                Diagnostic::error(
                    &source.display,
                    call.line,
                    call.col,
                    format!("no snippet `{name}`: there is no content/_snippets/{name}.md{near}"),
                )
                .with_help("a snippet is a markdown file in content/_snippets/, included by its name without .md"),
            );
        }
    }
    errors
}

/// The snippet an include call names.
pub fn included(call: &Call) -> Option<&str> {
    call.args
        .iter()
        .find(|a| a.name == "snippet")
        .and_then(|a| match &a.value {
            ArgValue::Text(name) => Some(name.as_str()),
            _ => None,
        })
}

/// An error at each include that closes a cycle of snippets including each other.
fn include_cycles(snippets: &Snippets) -> Vec<Diagnostic> {
    let includes = |name: &str| -> Vec<&str> {
        snippets.get(name).map_or_else(Vec::new, |s| {
            s.analysis
                .components
                .iter()
                .filter(|c| c.name == INCLUDE)
                .filter_map(included)
                .collect()
        })
    };
    // The chain of includes from `from` to `to`, if there is one.
    let path = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![vec![from.to_string()]];
        while let Some(chain) = stack.pop() {
            let last = chain.last().cloned().unwrap_or_default();
            if last == to {
                return Some(chain);
            }
            if !seen.insert(last.clone()) {
                continue;
            }
            for next in includes(&last) {
                let mut longer = chain.clone();
                longer.push(next.to_string());
                stack.push(longer);
            }
        }
        None
    };
    let mut errors = Vec::new();
    for (name, snippet) in snippets {
        for call in snippet.analysis.components.iter().filter(|c| c.name == INCLUDE) {
            let Some(target) = included(call).filter(|t| snippets.contains_key(*t)) else {
                continue;
            };
            if let Some(back) = path(target, name) {
                let cycle = std::iter::once(name.as_str())
                    .chain(back.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" → ");
                errors.push(
                    Diagnostic::error(
                        &snippet.source.display,
                        call.line,
                        call.col,
                        format!("include cycle: {cycle}"),
                    )
                    .with_help("a snippet cannot include itself, directly or through other snippets: remove one of these includes"),
                );
            }
        }
    }
    errors
}

fn check_call(file: &str, call: &Call, declared: &Declared) -> Vec<Diagnostic> {
    let at = |line, col, message: String| Diagnostic::error(file, line, col, message);
    let Some(component) = declared.get(&call.name) else {
        let known = declared.keys().map(String::as_str);
        let message = match did_you_mean(&call.name, known) {
            Some(near) => format!("unknown component `{}` (did you mean `{near}`?)", call.name),
            None => format!("unknown component `{}`", call.name),
        };
        let names: Vec<&str> = declared.keys().map(String::as_str).collect();
        return vec![at(call.line, call.col, message).with_help(format!(
            "the components are: {}; a site adds its own as components/NAME.html",
            names.join(", ")
        ))];
    };
    let mut errors = Vec::new();
    let used_as_block = call.body_text.is_some();
    if component.block != used_as_block {
        let (message, help) = if component.block {
            (
                format!("`{}` wraps text: write it as a block", call.name),
                format!("{{% {}(…) %}}\ntext\n{{% end %}}", call.name),
            )
        } else {
            (
                format!(
                    "`{}` wraps no text: write it as `{{{{ {}(…) }}}}`",
                    call.name, call.name
                ),
                "remove its `{% end %}` and write the text outside it".to_string(),
            )
        };
        errors.push(at(call.line, call.col, message).with_help(help));
    }
    for arg in &call.args {
        match component.params.iter().find(|p| p.name == arg.name) {
            None => {
                let known = component.params.iter().map(|p| p.name.as_str());
                let message = match did_you_mean(&arg.name, known) {
                    Some(near) => format!(
                        "`{}` has no argument `{}` (did you mean `{near}`?)",
                        call.name, arg.name
                    ),
                    None => format!("`{}` has no argument `{}`", call.name, arg.name),
                };
                errors.push(at(arg.line, arg.col, message).with_help(arguments_help(component, &call.name)));
            }
            Some(param) if !param.kind.accepts(&arg.value) => errors.push(
                at(
                    arg.line,
                    arg.col,
                    format!(
                        "argument `{}` of `{}` is {}, not {}",
                        arg.name,
                        call.name,
                        param.kind.name(),
                        arg.value.type_name()
                    ),
                )
                .with_help(match param.kind.name() {
                    "text" => "write text in double quotes: name=\"…\"",
                    "number" => "write a number without quotes: name=3",
                    _ => "write true or false without quotes",
                }),
            ),
            Some(_) => {}
        }
    }
    if call.name == VIDEO
        && let Some(arg) = call.args.iter().find(|a| a.name == "url")
        && let ArgValue::Text(url) = &arg.value
        && let Err(why) = super::video::embed(url)
    {
        errors.push(at(arg.line, arg.col, why).with_help(
            "give the address of the video's page on YouTube (https://www.youtube.com/watch?v=…, https://youtu.be/…) or Vimeo (https://vimeo.com/…)",
        ));
    }
    for param in component.params.iter().filter(|p| p.required) {
        if !call.args.iter().any(|a| a.name == param.name) {
            errors.push(
                at(
                    call.line,
                    call.col,
                    format!("`{}` needs the argument `{}`", call.name, param.name),
                )
                .with_help(arguments_help(component, &call.name)),
            );
        }
    }
    errors
}

/// `booking takes: label (text, optional), …`.
fn arguments_help(component: &super::component_decl::Component, name: &str) -> String {
    if component.params.is_empty() {
        return format!("`{name}` takes no arguments");
    }
    let params: Vec<String> = component
        .params
        .iter()
        .map(|p| {
            format!(
                "{} ({}{})",
                p.name,
                p.kind.name(),
                if p.required { "" } else { ", optional" }
            )
        })
        .collect();
    format!("`{name}` takes: {}", params.join(", "))
}
