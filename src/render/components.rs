//! Components rendered into a body: each marker the load stage left in the body's HTML (see
//! [`crate::load::components`]) becomes the output of the component's template, with the call's
//! arguments (autoescaped like any template value: an argument is text, never markup), the
//! declared defaults, `body` (the HTML of the markdown a block component wraps), `inline`
//! (whether the call shares its line with text), `page` (the page's summary), `current_path`
//! and `uid` (text unique to the call on the page, for ids: `3` for the page's call number 3,
//! `3-0` for call 0 of the snippet the page's call 3 includes, and so on down).
//!
//! Includes are expanded afresh at each call, so that every call has its own `uid`; a page's
//! includes may expand into at most [`MAX_INCLUDES`] snippets, so that snippets each including
//! the next several times cannot make a build run for ever.
//!
//! A call alone on its line is a paragraph of its own in the markdown: that paragraph is taken
//! away, so a component can write a block (a table, a figure) where the call stands. The body
//! of a block component is made whole paragraphs in the same way.

use crate::diagnostics::Diagnostic;
use crate::load::component_check::{INCLUDE, Snippets, included};
use crate::load::component_decl::Component;
use crate::load::components::{ArgValue, Call, MARKER_END, MARKER_START};
use crate::resolve::links::LinkIndex;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::ops::Range;
use tera::{Context, Tera, Value};

/// How many snippets the includes of one body may expand into, counting each time a snippet is
/// included.
pub const MAX_INCLUDES: usize = 1000;

/// What rendering components needs from the renderer.
pub struct Components<'r> {
    pub tera: &'r Tera,
    pub declared: &'r BTreeMap<String, Component>,
    pub templates_display: &'r str,
    /// What `include` calls include, and where their links lead.
    pub snippets: &'r Snippets,
    pub index: &'r LinkIndex<'r>,
    /// What a snippet's images become; a snippet's first image is never the page's main one.
    pub pictures: super::markdown::Pictures<'r>,
}

/// The page or section whose body is rendered.
pub struct Host<'h> {
    /// The file, for messages.
    pub display: &'h str,
    pub calls: &'h [Call],
    /// The page's summary, or none for a section.
    pub page: &'h Value,
    pub current_path: &'h str,
    /// Whether the booking buttons show here: `site.book` leads somewhere other than this page.
    pub book_here: bool,
}

/// Where a body stands in the page: the `uid` of the include that brought it in (empty for the
/// page's own body), and the count of snippets the page's includes have expanded into so far.
struct Nesting<'n> {
    uid_prefix: String,
    expansions: &'n Cell<usize>,
}

impl Nesting<'_> {
    /// The `uid` of call `index` of this body.
    fn uid(&self, index: usize) -> String {
        if self.uid_prefix.is_empty() {
            index.to_string()
        } else {
            format!("{}-{index}", self.uid_prefix)
        }
    }
}

/// Why a body's components could not be rendered.
enum Stop {
    Failed(Diagnostic),
    /// The page's includes expand into more than [`MAX_INCLUDES`] snippets: reported at the
    /// page's own include that led there.
    TooManyIncludes,
}

impl From<Diagnostic> for Stop {
    fn from(d: Diagnostic) -> Stop {
        Stop::Failed(d)
    }
}

/// A block component whose body is being copied.
struct Open {
    call: usize,
    /// Where its body starts in the output.
    body_start: usize,
    /// Whether its call stood alone in a paragraph, which was taken away.
    unwrapped: bool,
}

impl Components<'_> {
    /// `html` with every component marker replaced by the component's output, and where in the
    /// result each of the body's own calls wrote its output (an include's snippet and a block's
    /// body included).
    pub fn expand(&self, html: &str, host: &Host<'_>) -> Result<(String, Vec<Range<usize>>), Diagnostic> {
        let expansions = Cell::new(0);
        let nesting = Nesting {
            uid_prefix: String::new(),
            expansions: &expansions,
        };
        let mut outputs = Vec::new();
        self.expand_nested(html, host, &nesting, &mut outputs)
            .map(|html| (html, outputs))
            .map_err(|stop| match stop {
                Stop::Failed(d) => d,
                // The page's calls turn this into an error at the include that led there.
                Stop::TooManyIncludes => Diagnostic::error(host.display, 0, 0, too_many_includes()),
            })
    }

    /// `html` of a body at `nesting` with every component marker replaced; `outputs` gets the
    /// range of each call's output in the result, a block's taking the place of those of the
    /// calls in its body.
    fn expand_nested(
        &self,
        html: &str,
        host: &Host<'_>,
        nesting: &Nesting<'_>,
        outputs: &mut Vec<Range<usize>>,
    ) -> Result<String, Stop> {
        let markers = memchr::memmem::find_iter(html.as_bytes(), MARKER_START.as_bytes());
        let mut markers = markers.peekable();
        if host.calls.is_empty() || markers.peek().is_none() {
            return Ok(html.to_string());
        }
        let mut out = String::with_capacity(html.len() + host.calls.len() * 256);
        let mut open: Vec<Open> = Vec::new();
        let mut at = 0;
        while let Some(found) = markers.find(|&m| m >= at) {
            out.push_str(&html[at..found]);
            let id_start = found + MARKER_START.len();
            let Some(id_len) = memchr::memmem::find(&html.as_bytes()[id_start..], MARKER_END.as_bytes()) else {
                at = found;
                break;
            };
            let id = html[id_start..id_start + id_len].trim_end_matches('\n');
            at = id_start + id_len + MARKER_END.len();
            let (closing, number) = match id.strip_prefix('/') {
                Some(n) => (true, n),
                None => (false, id),
            };
            let Some(index) = number.parse::<usize>().ok().filter(|&i| i < host.calls.len()) else {
                continue;
            };
            let call = &host.calls[index];
            if closing {
                // A cut summary may hold the opening of a block and not its end, or the end alone.
                let Some(block) = open.pop_if(|o| o.call == index) else {
                    continue;
                };
                if block.unwrapped {
                    if out.ends_with("<p>") {
                        out.truncate(out.len() - "<p>".len());
                        at += skip_paragraph_end(&html[at..]);
                    } else if html[at..].starts_with("</p>") {
                        at += "</p>".len();
                        out.truncate(out.trim_end_matches('\n').len());
                        out.push_str("</p>\n");
                        at += usize::from(html[at..].starts_with('\n'));
                    }
                }
                let body = out.split_off(block.body_start);
                let output = self.render(call, index, Some(body.trim()), host, nesting)?;
                outputs.retain(|range| range.start < block.body_start);
                outputs.push(out.len()..out.len() + output.len());
                out.push_str(&output);
                continue;
            }
            let unwrapped = call.alone && out.ends_with("<p>");
            if unwrapped {
                out.truncate(out.len() - "<p>".len());
            }
            if call.body_text.is_some() {
                let mut body_start = out.len();
                if unwrapped {
                    let skipped = skip_paragraph_end(&html[at..]);
                    if skipped == 0 {
                        // The body's first paragraph started with the call.
                        out.push_str("<p>");
                        at += usize::from(html[at..].starts_with('\n'));
                    }
                    at += skipped;
                    body_start = out.len() - if skipped == 0 { "<p>".len() } else { 0 };
                }
                open.push(Open {
                    call: index,
                    body_start,
                    unwrapped,
                });
                continue;
            }
            if unwrapped {
                at += skip_paragraph_end(&html[at..]);
            }
            let output = self.render(call, index, None, host, nesting)?;
            outputs.push(out.len()..out.len() + output.len());
            out.push_str(&output);
        }
        out.push_str(&html[at..]);
        Ok(out)
    }

    /// The output of one call.
    fn render(
        &self,
        call: &Call,
        index: usize,
        body: Option<&str>,
        host: &Host<'_>,
        nesting: &Nesting<'_>,
    ) -> Result<String, Stop> {
        let failed = |message: String| failed_at(host, call, message);
        if call.name == INCLUDE {
            return match self.include(call, host, nesting.uid(index), nesting.expansions) {
                Err(Stop::TooManyIncludes) if nesting.uid_prefix.is_empty() => Err(Stop::Failed(
                    Diagnostic::error(host.display, call.line, call.col, too_many_includes()).with_help(
                        "snippets that include other snippets several times multiply: include each snippet fewer times, or put what they share in one snippet",
                    ),
                )),
                other => other,
            };
        }
        let Some(component) = self.declared.get(&call.name) else {
            return Err(failed(format!("unknown component `{}`", call.name)).into());
        };
        let mut context = Context::new();
        for param in &component.params {
            let given = call.args.iter().find(|a| a.name == param.name).map(|a| &a.value);
            match given.or(param.default.as_ref()) {
                Some(value) => context.insert_value(param.name.clone(), value_of(value)),
                None => context.insert_value(param.name.clone(), Value::none()),
            }
        }
        context.insert("body", body.unwrap_or_default());
        context.insert("inline", &!call.alone);
        context.insert("uid", &nesting.uid(index));
        context.insert("current_path", host.current_path);
        context.insert("book_here", &host.book_here);
        context.insert_value("page", host.page.clone());
        let mut out = Vec::new();
        self.tera
            .render_to(&component.template, &context, &mut out)
            .map_err(|e| {
                let cause = super::templates::diagnostic(&e, self.templates_display, None);
                let place = if cause.line > 0 {
                    format!("{}:{}:{}", cause.file, cause.line, cause.col)
                } else {
                    cause.file.clone()
                };
                failed(format!("component `{}` failed: {} ({place})", call.name, cause.message))
            })?;
        let mut text = String::from_utf8(out).map_err(|e| failed(format!("component output is not UTF-8: {e}")))?;
        if !call.alone && text.ends_with('\n') {
            text.pop();
        }
        Ok(text)
    }
}

impl Components<'_> {
    /// The HTML of the snippet an include call names, its links resolved from the snippet's
    /// place and its own components rendered for the including page, their `uid`s under the
    /// include's `uid`.
    fn include(&self, call: &Call, host: &Host<'_>, uid: String, expansions: &Cell<usize>) -> Result<String, Stop> {
        let name = included(call).unwrap_or_default();
        let Some(snippet) = self.snippets.get(name) else {
            let message = format!("no snippet `{name}` in content/_snippets/");
            return Err(failed_at(host, call, message).into());
        };
        expansions.set(expansions.get() + 1);
        if expansions.get() > MAX_INCLUDES {
            return Err(Stop::TooManyIncludes);
        }
        let body = snippet.analysis.body.get();
        let rendered = super::markdown::render(
            &snippet.source,
            &snippet.analysis,
            &body,
            self.index,
            None,
            self.pictures,
        );
        let inner = Host {
            display: &snippet.source.display,
            calls: &snippet.analysis.components,
            page: host.page,
            current_path: host.current_path,
            book_here: host.book_here,
        };
        let nesting = Nesting {
            uid_prefix: uid,
            expansions,
        };
        // The include's own output is one range of the page's.
        self.expand_nested(&rendered.html, &inner, &nesting, &mut Vec::new())
            .map_err(|stop| match stop {
                Stop::Failed(inside) => failed_at(host, call, inside.to_string()).into(),
                too_many => too_many,
            })
    }
}

/// An error at `call` of `host`, caused by the component's template or the call's arguments.
fn failed_at(host: &Host<'_>, call: &Call, message: String) -> Diagnostic {
    Diagnostic::error(host.display, call.line, call.col, message)
        .with_help("fix the component's template, or the arguments given to it")
}

fn too_many_includes() -> String {
    format!("`include` expands into more than {MAX_INCLUDES} snippets")
}

/// How much of `html` is the end of the paragraph a call stood alone in: `</p>` and its line end.
fn skip_paragraph_end(html: &str) -> usize {
    let trimmed = html.trim_start_matches('\n');
    let newlines = html.len() - trimmed.len();
    match trimmed.strip_prefix("</p>") {
        Some(after) => newlines + "</p>".len() + usize::from(after.starts_with('\n')),
        None => 0,
    }
}

fn value_of(value: &ArgValue) -> Value {
    match value {
        ArgValue::Text(text) => Value::from(text.as_str()),
        ArgValue::Bool(b) => Value::from(*b),
        ArgValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Value::from(*n as i64),
        ArgValue::Number(n) => Value::from(*n),
    }
}
