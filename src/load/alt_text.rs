//! The alt text of an image written in markdown, `![description](photo.jpg)`. pulldown-cmark's
//! writer turns the description into plain text for the `alt` attribute: its text and code,
//! emphasis and links reduced to their text, a space for a line break. HTML tags would be read
//! out as text there: a `<br>` counts as a line break and other tags are left out.

use pulldown_cmark::{CowStr, Event};

/// The description of an image being read, from the event after its start.
#[derive(Debug)]
pub(super) struct AltText {
    /// Tags open inside it, the image's own included.
    depth: usize,
    /// Whether the alt text so far is empty or ends in white space.
    spaced: bool,
    /// Whether the last of the alt text is a line break.
    after_break: bool,
}

impl AltText {
    pub(super) fn new() -> Self {
        AltText {
            depth: 1,
            spaced: true,
            after_break: false,
        }
    }

    /// Whether the image's end has been read.
    pub(super) fn is_done(&self) -> bool {
        self.depth == 0
    }

    /// Follows one event of the description, turning a `<br>` into a line break. Returns
    /// false to leave the event out.
    pub(super) fn describe(&mut self, event: &mut Event<'_>) -> bool {
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::InlineHtml(html) if is_line_break(html) => {
                let space = !self.spaced;
                (self.spaced, self.after_break) = (true, true);
                *event = Event::SoftBreak;
                return space;
            }
            Event::InlineHtml(_) => return false,
            Event::SoftBreak | Event::HardBreak => (self.spaced, self.after_break) = (true, true),
            Event::Text(text) => {
                if std::mem::take(&mut self.after_break) {
                    trim_start(text);
                }
                self.spaced = text.chars().next_back().map_or(self.spaced, char::is_whitespace);
            }
            Event::Code(text) => {
                self.after_break = false;
                self.spaced = text.chars().next_back().map_or(self.spaced, char::is_whitespace);
            }
            _ => {}
        }
        true
    }
}

/// Leaves out the white space at the start of `text`.
fn trim_start(text: &mut CowStr<'_>) {
    if let CowStr::Borrowed(borrowed) = *text {
        *text = CowStr::Borrowed(borrowed.trim_start());
    } else if text.starts_with(char::is_whitespace) {
        *text = CowStr::from(text.trim_start().to_string());
    }
}

/// Whether inline HTML is a `<br>` tag.
fn is_line_break(html: &str) -> bool {
    let name = html.get(..3).filter(|open| open.eq_ignore_ascii_case("<br"));
    let after = html.as_bytes().get(3).copied();
    name.is_some() && after.is_some_and(|b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
}
