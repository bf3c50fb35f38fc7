//! GitHub's alerts (`> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, `> [!WARNING]`, `> [!CAUTION]`
//! on the first line of a quote) as callouts, written in place of the quote's `<blockquote>`:
//!
//! ```html
//! <div class="callout callout-warning" role="note">
//! <p class="callout-title">Warning</p>
//! ...the quote's content...
//! </div>
//! ```
//!
//! The title is text, not decoration: the kind of callout is in the words a screen reader reads
//! and a printout shows, never in its colour alone. `role="note"` tells assistive technology
//! that the callout is an aside to the text around it; an `<aside>` would instead be a landmark,
//! which does not belong inside a page's `<main>`.

use pulldown_cmark::BlockQuoteKind;

/// The HTML that opens a callout of `kind`, ending a line.
pub fn open(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<div class=\"callout callout-important\" role=\"note\">\n<p class=\"callout-title\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Caution</p>\n"
        }
    }
}

/// The HTML that closes a callout.
pub const CLOSE: &str = "</div>\n";
