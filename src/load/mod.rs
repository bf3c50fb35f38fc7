//! LOAD stage: from files under `content/` to the [`Site`] model.

mod alt_text;
pub mod autolink;
pub mod body_html;
pub mod callout;
pub mod component_check;
pub mod component_decl;
pub mod components;
pub mod content;
pub mod front_matter;
pub mod markdown;
pub mod model;
mod open_elements;
pub mod placeholders;
mod raw_html;
mod references;
pub mod slug;
pub mod theme;
pub mod video;
pub mod walk;

pub use model::{Asset, HOME, Page, PageId, Section, SectionId, Site, Snippet, Source, Term};
