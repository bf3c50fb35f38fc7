//! What a component template declares about itself, in a comment that opens it:
//!
//! ```text
//! {# component(label: text = "Book a session", note: text?) #}
//! {# component(q: text) block #}
//! ```
//!
//! Each parameter has a type (`text`, `number` or `bool`) and is required unless it ends with
//! `?` or has a default. `block` after the parentheses means the component wraps markdown
//! (`{% q(…) %}` … `{% end %}`), which its template receives as `body`. Knead reads the
//! declaration to check every call before rendering: unknown arguments, missing ones, wrong
//! types, a block used inline.

use super::components::{ArgValue, Reader};
use crate::diagnostics::Diagnostic;

/// A parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    Text,
    Number,
    Bool,
}

impl ParamType {
    pub fn name(self) -> &'static str {
        match self {
            ParamType::Text => "text",
            ParamType::Number => "number",
            ParamType::Bool => "bool",
        }
    }

    /// The type called `name` in a declaration.
    pub fn named(name: &str) -> Option<ParamType> {
        [ParamType::Text, ParamType::Number, ParamType::Bool]
            .into_iter()
            .find(|t| t.name() == name)
    }

    /// Whether `value` is of this type.
    pub fn accepts(self, value: &ArgValue) -> bool {
        matches!(
            (self, value),
            (ParamType::Text, ArgValue::Text(_))
                | (ParamType::Number, ArgValue::Number(_))
                | (ParamType::Bool, ArgValue::Bool(_))
        )
    }
}

/// One declared parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub kind: ParamType,
    /// Whether a call must give it (no `?` and no default).
    pub required: bool,
    pub default: Option<ArgValue>,
}

/// A component: its template and what it declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// The template's name in the engine: `components/booking.html`.
    pub template: String,
    pub params: Vec<Param>,
    /// Whether it wraps markdown (`{% … %}` … `{% end %}`).
    pub block: bool,
}

/// The names the renderer gives every component template (see [`crate::render::components`]);
/// a parameter of one of these names would be overwritten, so a declaration cannot use them.
pub const SET_BY_RENDERER: &[&str] = &["body", "inline", "uid", "page", "current_path", "book_here", "site"];

/// The usual start of a declaration, for help texts.
pub const EXAMPLE: &str = "{# component(label: text = \"Book a session\", note: text?) #}";

/// Reads the declaration opening the template `text`, named `template`; `display` names its
/// file in messages.
pub fn parse(template: &str, text: &str, display: &str) -> Result<Component, Diagnostic> {
    let failure = |at: usize, message: String| {
        let (line, col) = crate::diagnostics::line_col(text, at.min(text.len()));
        Diagnostic::error(display, line, col, message).with_help(format!(
            "open a component template with its declaration, such as\n{EXAMPLE}\n(types: text, number, bool; `?` or a default makes a parameter optional; `block` after the parentheses for a component wrapping markdown)"
        ))
    };
    let start = text.len() - text.trim_start().len();
    let mut r = Reader { body: text, at: start };
    let opened = ["{#-", "{#"].into_iter().find(|o| r.rest().starts_with(o));
    let Some(opened) = opened else {
        return Err(failure(
            start,
            "a component template starts with its declaration".into(),
        ));
    };
    r.at += opened.len();
    r.spaces();
    if r.ident().as_deref() != Some("component") || !r.rest().starts_with('(') {
        return Err(failure(r.at, "expected `component(` to start the declaration".into()));
    }
    r.at += 1;
    let mut params: Vec<Param> = Vec::new();
    loop {
        r.spaces();
        if r.rest().starts_with(')') {
            r.at += 1;
            break;
        }
        let at = r.at;
        let Some(name) = r.ident() else {
            return Err(failure(at, "expected a parameter name or `)`".into()));
        };
        r.spaces();
        if !r.rest().starts_with(':') {
            return Err(failure(
                r.at,
                format!("parameter `{name}` has no type: write `{name}: text`"),
            ));
        }
        r.at += 1;
        r.spaces();
        let type_at = r.at;
        let type_name = r.ident().unwrap_or_default();
        let Some(kind) = ParamType::named(&type_name) else {
            let message = format!("unknown type `{type_name}` for parameter `{name}`");
            return Err(failure(type_at, message));
        };
        let optional = r.rest().starts_with('?');
        r.at += usize::from(optional);
        r.spaces();
        let mut default = None;
        if r.rest().starts_with('=') {
            r.at += 1;
            r.spaces();
            let value_at = r.at;
            let value = r.value().map_err(|why| failure(value_at, why))?;
            if !kind.accepts(&value) {
                return Err(failure(
                    value_at,
                    format!("the default of `{name}` is not {}", kind.name()),
                ));
            }
            default = Some(value);
        }
        not_set_by_renderer(&name, text, at, display)?;
        if params.iter().any(|p| p.name == name) {
            return Err(failure(at, format!("parameter `{name}` is declared twice")));
        }
        params.push(Param {
            required: !optional && default.is_none(),
            name,
            kind,
            default,
        });
        r.spaces();
        if r.rest().starts_with(',') {
            r.at += 1;
        } else if !r.rest().starts_with(')') {
            return Err(failure(r.at, "expected `,` or `)` after a parameter".into()));
        }
    }
    r.spaces();
    let block = r.rest().starts_with("block") && {
        r.at += "block".len();
        true
    };
    r.spaces();
    if !(r.rest().starts_with("#}") || r.rest().starts_with("-#}")) {
        return Err(failure(r.at, "expected `#}` to end the declaration".into()));
    }
    Ok(Component {
        template: template.to_string(),
        params,
        block,
    })
}

/// An error at `at` in the template `text` if the parameter `name` is one the renderer sets.
fn not_set_by_renderer(name: &str, text: &str, at: usize, display: &str) -> Result<(), Diagnostic> {
    if !SET_BY_RENDERER.contains(&name) {
        return Ok(());
    }
    let (line, col) = crate::diagnostics::line_col(text, at);
    let names: Vec<String> = SET_BY_RENDERER.iter().map(|n| format!("`{n}`")).collect();
    Err(Diagnostic::error(
        display,
        line,
        col,
        format!("parameter `{name}` has the name of a value every component is given"),
    )
    .with_help(format!(
        "rename the parameter: {} are set for every component",
        names.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_give_parameters_types_and_defaults() {
        let c = parse(
            "components/x.html",
            "{# component(label: text = \"Book\", size: number?, big: bool) block #}\n<p>",
            "x.html",
        )
        .unwrap();
        assert!(c.block);
        let params: Vec<_> = c.params.iter().map(|p| (p.name.as_str(), p.kind, p.required)).collect();
        assert_eq!(
            params,
            [
                ("label", ParamType::Text, false),
                ("size", ParamType::Number, false),
                ("big", ParamType::Bool, true)
            ]
        );
        assert_eq!(c.params[0].default, Some(ArgValue::Text("Book".into())));
        let plain = parse("components/y.html", "{#- component() -#}", "y.html").unwrap();
        assert!(!plain.block && plain.params.is_empty());
    }

    #[test]
    fn a_broken_declaration_is_an_error_at_its_place() {
        let e = parse("c", "{# component(label: txt) #}", "themes/t/components/c.html").unwrap_err();
        assert_eq!((e.line, e.col), (1, 21));
        assert_eq!(e.message, "unknown type `txt` for parameter `label`");
        let e = parse("c", "<p>no declaration</p>", "c.html").unwrap_err();
        assert_eq!(e.message, "a component template starts with its declaration");
        let e = parse("c", "{# component(n: number = \"x\") #}", "c.html").unwrap_err();
        assert_eq!(e.message, "the default of `n` is not number");
    }
}
