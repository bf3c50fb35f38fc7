//! Photos: what a JPEG, PNG or WebP image of the site becomes when published. Each is resized
//! to the widths of `images.widths` and encoded as lossy WebP plus a copy in its own format,
//! upright and without metadata; pages show them with `srcset`, so a phone downloads a copy
//! of its own width instead of the camera's original.
//!
//! The work is split so pages never wait for pixels: [`probe`] reads a photo's header (format,
//! size, a key of its bytes and the settings) and [`copies`] names every file made from it;
//! after rendering, [`job`] decodes each photo whose copies are not in the [`cache`] once and
//! [`encode`]s them. [`metadata`] tells whether a file carries EXIF, XMP or text.

pub mod budget;
pub mod cache;
pub mod cache_key;
pub mod copies;
pub mod encode;
pub mod job;
pub mod metadata;
pub mod probe;
pub mod settings;

pub use settings::ImageSettings;
