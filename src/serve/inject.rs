//! What the server adds to HTML it serves (never to built files): after a failed build the
//! error overlay, after a good one with warnings the warnings panel (see [`super::panels`]),
//! and the live-reload script, which also closes a panel on Escape and keeps the warnings panel
//! closed, once closed, until the warnings change. The page itself never needs the script.

use super::panels;

/// Path of the server-sent events stream the live-reload script listens to.
pub const EVENTS_PATH: &str = "/__knead/events";

const SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__knead/events\");\
s.onmessage=function(e){if(e.data===\"reload\"){s.close();location.reload();}};\
var o=document.getElementById(\"knead-error-overlay\"),w=document.getElementById(\"knead-warnings\"),\
k=\"knead-warnings-closed\";\
if(w){try{if(sessionStorage.getItem(k)===w.dataset.key){w.close();}}catch(x){}\
w.addEventListener(\"close\",function(){try{sessionStorage.setItem(k,w.dataset.key);}catch(x){}});}\
document.addEventListener(\"keydown\",function(e){if(e.key!==\"Escape\"){return;}\
var d=o&&o.open?o:w;if(d&&d.open){e.preventDefault();d.close();}});})();</script>";

/// `html` with the overlay for `error`, the `warnings` panel (made by [`panels::warnings`])
/// and the script inserted before `</body>`.
pub fn page(html: &[u8], error: Option<&str>, warnings: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if let Some(warnings) = warnings {
        extra.push_str(warnings);
    }
    if let Some(error) = error {
        extra.push_str(&panels::overlay(error));
    }
    extra.push_str(SCRIPT);
    let at = text.rfind("</body>").unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + extra.len());
    out.push_str(&text[..at]);
    out.push_str(&extra);
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// A page for when no build has ever succeeded: only the overlay.
pub fn error_page(error: &str) -> Vec<u8> {
    page(
        b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body></body></html>",
        Some(error),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::panels::OVERLAY_ID;

    #[test]
    fn script_and_escaped_overlay_go_before_body_end() {
        let out = String::from_utf8(page(
            b"<html><body><p>x</p></body></html>",
            Some("a.md:1:1: error: <bad>"),
            None,
        ))
        .unwrap();
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(out.contains("a.md:1:1: error: &lt;bad&gt;"), "{out}");
        assert!(out.find(&format!("<dialog id=\"{OVERLAY_ID}\"")) < out.find("<script>"));
        let clean = String::from_utf8(page(b"<p>no body tag</p>", None, None)).unwrap();
        assert!(clean.starts_with("<p>no body tag</p><script>") && !clean.contains("<dialog"));
    }
}
