//! What the server adds to HTML it serves (never to built files): the live-reload script and,
//! after a failed build, the error overlay.

/// Path of the server-sent events stream the live-reload script listens to.
pub const EVENTS_PATH: &str = "/__knead/events";

const RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource(\"/__knead/events\");\
s.onmessage=function(e){if(e.data===\"reload\"){s.close();location.reload();}};})();</script>";

/// Id of the overlay element, for tests and for people inspecting the page.
pub const OVERLAY_ID: &str = "knead-error-overlay";

/// `html` with the reload script (and the overlay for `error`) inserted before `</body>`.
pub fn page(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if let Some(error) = error {
        extra.push_str(&overlay(error));
    }
    extra.push_str(RELOAD_SCRIPT);
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
    )
}

fn overlay(error: &str) -> String {
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         margin:0;padding:1.5rem;background:#2b0d0d;color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace\">\
         <p style=\"margin:0 0 1rem;font-weight:bold\">knead: the last build failed. This page shows the last good build \
         under this message; fix the error and save to rebuild.</p><pre style=\"margin:0;white-space:pre-wrap\">{}</pre></div>",
        html_escape::encode_text(error)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_escaped_overlay_go_before_body_end() {
        let out = String::from_utf8(page(
            b"<html><body><p>x</p></body></html>",
            Some("a.md:1:1: error: <bad>"),
        ))
        .unwrap();
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(out.contains("a.md:1:1: error: &lt;bad&gt;"), "{out}");
        assert!(out.find(OVERLAY_ID) < out.find("EventSource"));
        let clean = String::from_utf8(page(b"<p>no body tag</p>", None)).unwrap();
        assert!(clean.starts_with("<p>no body tag</p><script>") && !clean.contains(OVERLAY_ID));
    }
}
