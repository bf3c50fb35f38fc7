//! LOAD stage: from files under `content/` to the [`Site`] model.

pub mod autolink;
pub mod body_html;
pub mod control_chars;
pub mod front_matter;
pub mod load;
pub mod markdown;
pub mod model;
pub mod site_root;
pub mod slug;
pub mod walk;

pub use model::{Asset, Page, PageId, Section, SectionId, Site, Source, Term};
