//! LOAD stage: from files under `content/` to the [`Site`] model.

pub mod autolink;
pub mod body_html;
pub mod content;
pub mod front_matter;
pub mod markdown;
pub mod model;
pub mod placeholders;
pub mod slug;
pub mod theme;
pub mod walk;

pub use model::{Asset, HOME, Page, PageId, Section, SectionId, Site, Source, Term};
