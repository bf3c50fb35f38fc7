//! What the dev server shows over a page: the error of a failed build, over the whole page,
//! and the warnings and notes of a good one, in a corner. Both are non-modal `<dialog open>`
//! elements with a close button in a `<form method="dialog">`, which closes them without
//! JavaScript; the live-reload script adds Escape (see [`super::inject`]). Closing the error
//! shows the last good build of the page under it.

use crate::diagnostics::{Capped, Diagnostic, Severity, count};

/// Id of the error overlay, for tests and for people inspecting the page.
pub const OVERLAY_ID: &str = "knead-error-overlay";

/// Id of the warnings panel.
pub const WARNINGS_ID: &str = "knead-warnings";

/// The close button of a panel: a label a screen reader reads, the visible word in it.
fn close_button(label: &str, autofocus: bool) -> String {
    let autofocus = if autofocus { " autofocus" } else { "" };
    format!(
        "<form method=\"dialog\" style=\"float:right;margin:0 0 .75rem 1rem\">\
         <button type=\"submit\" aria-label=\"{label}\"{autofocus} style=\"font:inherit;padding:.25rem .75rem;\
         cursor:pointer\">Close</button></form>"
    )
}

/// The error overlay: the failed build's diagnostics over the whole page, its close button
/// focused so that Enter or Escape takes it away.
pub fn overlay(error: &str) -> String {
    format!(
        "<dialog id=\"{OVERLAY_ID}\" open role=\"alertdialog\" aria-labelledby=\"{OVERLAY_ID}-title\" \
         style=\"position:fixed;inset:0;z-index:2147483647;box-sizing:border-box;width:auto;height:auto;\
         max-width:none;max-height:none;overflow:auto;margin:0;padding:1.5rem;border:0;background:#2b0d0d;\
         color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace\">{}\
         <p id=\"{OVERLAY_ID}-title\" style=\"margin:0 0 1rem;font-weight:bold\">knead: the last build failed. \
         Under this message is the last good build of the page: close the message to see it, fix the error \
         and save to rebuild.</p><pre style=\"margin:0;white-space:pre-wrap\">{}</pre></dialog>",
        close_button("Close the error message", true),
        html_escape::encode_text(error)
    )
}

/// The panel listing a good build's warnings and notes (at most
/// [`SHOWN_PER_KIND`](crate::diagnostics::SHOWN_PER_KIND) of a kind), or `None` when there
/// are none. Its `data-key` names the list, so that the live-reload script keeps a panel the
/// user closed closed until the list changes.
pub fn warnings(diagnostics: &[Diagnostic]) -> Option<String> {
    let title = tally(diagnostics)?;
    let capped = Capped::new(diagnostics);
    let mut text = String::new();
    for d in &capped.shown {
        text.push_str(&format!("{d}\n"));
    }
    for left_out in &capped.left_out {
        text.push_str(&format!("{left_out}\n"));
    }
    Some(format!(
        "<dialog id=\"{WARNINGS_ID}\" open aria-labelledby=\"{WARNINGS_ID}-title\" data-key=\"{:016x}\" \
         style=\"position:fixed;inset:auto 1rem 1rem auto;z-index:2147483646;box-sizing:border-box;\
         max-width:min(48rem,calc(100vw - 2rem));max-height:50vh;overflow:auto;margin:0;padding:1rem;\
         border:2px solid #7a5c00;border-radius:.5rem;background:#fff8d6;color:#1a1a1a;\
         font:14px/1.5 ui-monospace,Menlo,Consolas,monospace\">{}\
         <p id=\"{WARNINGS_ID}-title\" style=\"margin:0 0 .75rem;font-weight:bold\">knead: {}</p>\
         <pre style=\"margin:0;white-space:pre-wrap\">{}</pre></dialog>",
        xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
        close_button("Close the warnings", false),
        html_escape::encode_text(&title),
        html_escape::encode_text(text.trim_end())
    ))
}

/// `2 warnings, 1 note`: the warnings and notes among `diagnostics`; `None` when there are none.
pub fn tally(diagnostics: &[Diagnostic]) -> Option<String> {
    let of = |severity| diagnostics.iter().filter(|d| d.severity == severity).count();
    let parts: Vec<String> = [(Severity::Warning, "warning"), (Severity::Note, "note")]
        .into_iter()
        .filter(|&(severity, _)| of(severity) > 0)
        .map(|(severity, noun)| count(of(severity), noun))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_name_warnings_and_notes_in_the_right_number() {
        let warning = Diagnostic::file_error("a.md", "orphan page").warning();
        let note = Diagnostic::file_error("b.md", "page left out").note();
        assert_eq!(tally(&[]), None);
        assert_eq!(tally(std::slice::from_ref(&warning)).as_deref(), Some("1 warning"));
        assert_eq!(
            tally(&[warning.clone(), warning.clone(), note.clone()]).as_deref(),
            Some("2 warnings, 1 note")
        );
        assert_eq!(tally(&[note]).as_deref(), Some("1 note"));
        assert_eq!(warnings(&[]), None);
    }
}
