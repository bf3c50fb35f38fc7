//! Writes the copies of every photo of the plan (see [`crate::plan::photos`]) once the pages
//! are rendered: each photo is one parallel job that takes its copies from the cache or decodes
//! the photo once to make them (see [`crate::images::job`]).

use crate::diagnostics::Diagnostic;
use crate::images::budget::PixelBudget;
use crate::images::copies::Copy;
use crate::images::job::{self, Counts};
use crate::plan::Plan;
use crate::plan::photos::Photo;
use crate::sink::Sink;
use rayon::prelude::*;

/// What writing the photos did.
#[derive(Debug, Default)]
pub struct PhotoWrites {
    /// Output paths of the copies whose names carry a content hash, for `_headers`.
    pub fingerprinted: Vec<String>,
    /// Output paths written beyond the plan's files: the social cards pages asked for.
    pub cards: Vec<String>,
    pub counts: Counts,
    /// Notes about the cache, shown with `-v`.
    pub notes: Vec<Diagnostic>,
}

/// Writes every photo's copies to `sink`; with `encode` false (`knead check`, which writes
/// nothing) only the copies' names are listed. Every photo that cannot be decoded is an error
/// naming its file.
pub fn write(plan: &Plan, sink: &dyn Sink, encode: bool) -> Result<PhotoWrites, Vec<Diagnostic>> {
    let jobs: Vec<&Photo> = plan.photos.iter().map(|(_, photo)| photo).collect();
    let budget = PixelBudget::for_max_pixels(plan.photos.settings.max_pixels);
    let results: Vec<Result<PhotoWrites, Diagnostic>> = jobs
        .par_iter()
        .map(|photo| write_photo(plan, photo, sink, encode, &budget))
        .collect();
    let mut writes = PhotoWrites::default();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(one) => {
                writes.fingerprinted.extend(one.fingerprinted);
                writes.cards.extend(one.cards);
                writes.counts.encoded += one.counts.encoded;
                writes.counts.reused += one.counts.reused;
            }
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let cache = &plan.photos.cache;
    if writes.counts.encoded > 0 && cache.key().is_some() && !cache.persists() {
        writes.notes.push(
            Diagnostic::file_error(".knead-cache", "the photos' copies are not kept for later builds")
                .with_help(
                    "knead keeps the image cache's key in $XDG_CACHE_HOME/knead/cache-key (else \
                     ~/.cache/knead/cache-key, or in $KNEAD_CACHE_KEY_DIR when set) and could not \
                     create or read it: make that directory writable to reuse copies between builds",
                )
                .note()
                .only_when_verbose(),
        );
    }
    Ok(writes)
}

/// Writes the copies of one photo, its card too when a page asked for it.
fn write_photo(
    plan: &Plan,
    photo: &Photo,
    sink: &dyn Sink,
    encode: bool,
    budget: &PixelBudget,
) -> Result<PhotoWrites, Diagnostic> {
    let copies = &photo.copies;
    let card = photo.card_wanted() && !plan.files.contains(&copies.card.out);
    let mut wanted: Vec<&Copy> = copies.outputs().collect();
    if card {
        wanted.push(&copies.card);
    }
    let mut writes = PhotoWrites {
        fingerprinted: wanted
            .iter()
            .filter(|c| c.out != copies.plain.out)
            .map(|c| c.out.clone())
            .collect(),
        cards: if card {
            vec![copies.card.out.clone()]
        } else {
            Vec::new()
        },
        counts: Counts::default(),
        notes: Vec::new(),
    };
    if !encode {
        return Ok(writes);
    }
    let photos = &plan.photos;
    let tools = job::Tools {
        settings: &photos.settings,
        cache: &photos.cache,
        budget,
    };
    let source = job::Source {
        read: || photo.read(),
        key: photo.key.clone(),
        pixels: u64::from(photo.width) * u64::from(photo.height),
    };
    let (bytes, counts) = job::make(&wanted, source, &tools).map_err(|p| {
        photo.forget_probe();
        Diagnostic::file_error(&photo.shown, p.message).with_help(p.help)
    })?;
    for (copy, bytes) in wanted.iter().zip(bytes) {
        sink.write(&copy.out, &bytes)
            .map_err(|e| super::write_error(&copy.out, &e))?;
    }
    writes.counts = counts;
    Ok(writes)
}
