//! The photos of the build: every JPEG, PNG and WebP file among the content's assets and the
//! static files, each probed (its header read, see [`crate::images::probe`]) and its copies
//! named, so that pages can show them with `srcset`, width and height before any is decoded.
//! The copies are made after rendering ([`crate::render::photo_jobs`]).
//!
//! A photo's own output path holds its largest copy, not the original file: every image the
//! site publishes is one knead encoded, without the original's metadata.

use crate::diagnostics::Diagnostic;
use crate::images::ImageSettings;
use crate::images::cache::Cache;
use crate::images::copies::{Copies, Copy};
use crate::images::probe::{self, Probed, Problem};
use crate::load::theme::StaticData;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

/// Every photo of the build by output path.
#[derive(Debug, Default)]
pub struct Photos {
    pub settings: ImageSettings,
    pub cache: Cache,
    entries: BTreeMap<String, Photo>,
}

/// One photo and the files made from it.
#[derive(Debug)]
pub struct Photo {
    pub data: StaticData,
    /// The source as messages name it: `content/guides/x/room.jpg`, `static/team.jpg`.
    pub shown: String,
    /// Size as shown (upright).
    pub width: u32,
    pub height: u32,
    /// The key of its bytes as probed: copies are made only from those bytes.
    pub key: String,
    pub copies: Copies,
    /// Whether a page uses the photo as its social card.
    card_wanted: AtomicBool,
}

/// A photo waiting to be probed: output path, source, name in messages.
pub type Candidate = (String, StaticData, String);

impl Photos {
    /// Probes the `candidates` in parallel; `Err` holds one error per photo that cannot be
    /// published (unreadable, not an image, too many pixels).
    pub fn probe(candidates: Vec<Candidate>, settings: &ImageSettings, cache: Cache) -> Result<Self, Vec<Diagnostic>> {
        let probed: Vec<Result<(String, Photo), Diagnostic>> = candidates
            .into_par_iter()
            .map(|(out, data, shown)| {
                let probed = probe_source(&data, settings)
                    .map_err(|p| Diagnostic::file_error(&shown, p.message).with_help(p.help))?;
                let copies = Copies::plan(&out, &probed, settings);
                if let Some(p) = copies.problem() {
                    return Err(Diagnostic::file_error(&shown, p.message).with_help(p.help));
                }
                let photo = Photo {
                    data,
                    shown,
                    width: probed.width,
                    height: probed.height,
                    key: probed.key,
                    copies,
                    card_wanted: AtomicBool::new(false),
                };
                Ok((out, photo))
            })
            .collect();
        let mut errors = Vec::new();
        let mut entries = BTreeMap::new();
        for result in probed {
            match result {
                Ok((out, photo)) => {
                    entries.insert(out, photo);
                }
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Photos {
            settings: settings.clone(),
            cache,
            entries,
        })
    }

    /// The photo published at output path `out` (`guides/x/room.jpg`), if it is one.
    pub fn get(&self, out: &str) -> Option<&Photo> {
        self.entries.get(out)
    }

    /// Every photo, by output path.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Photo)> {
        self.entries.iter()
    }

    /// The social card of the photo at `out`, which is then written after rendering.
    pub fn card(&self, out: &str) -> Option<&Copy> {
        let photo = self.entries.get(out)?;
        photo.card_wanted.store(true, Ordering::Relaxed);
        Some(&photo.copies.card)
    }
}

/// The output path a root-relative `href` of the site names (`/clinic/a/room.jpg?x#y` ->
/// `a/room.jpg` under base path `/clinic/`): where a photo would be found with [`Photos::get`].
pub fn out_of_href<'a>(href: &'a str, base_path: &str) -> Option<&'a str> {
    href.strip_prefix(base_path)?.split(['#', '?']).next()
}

impl Photo {
    /// Whether a page asked for this photo's social card.
    pub fn card_wanted(&self) -> bool {
        self.card_wanted.load(Ordering::Relaxed)
    }

    /// Forgets the probe of this photo kept for later builds of this process, so the next
    /// build reads it again (its bytes were not those probed).
    pub fn forget_probe(&self) {
        if let StaticData::Disk(path) = &self.data {
            let mut memo = PROBED.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(memo) = memo.as_mut() {
                memo.retain(|seen, _| seen.0 != *path);
            }
        }
    }

    /// The photo's bytes.
    pub fn read(&self) -> Result<Vec<u8>, Problem> {
        match &self.data {
            StaticData::Disk(path) => read_photo(path),
            StaticData::Embedded(bytes) => Ok(bytes.to_vec()),
        }
    }
}

/// The bytes of the photo at `path`.
fn read_photo(path: &std::path::Path) -> Result<Vec<u8>, Problem> {
    std::fs::read(path).map_err(|e| {
        Problem::new(
            format!("cannot read the image: {e}"),
            "check that the file exists and can be read",
        )
    })
}

/// What identifies a file on disk unchanged since it was last probed, with the settings used.
type Seen = (PathBuf, u64, SystemTime, u8, u64);

/// Probes already made by this process: `knead serve` plans the site again after each edit,
/// and reading every photo again for it would cost more than the edit.
static PROBED: Mutex<Option<HashMap<Seen, Probed>>> = Mutex::new(None);

fn probe_source(data: &StaticData, settings: &ImageSettings) -> Result<Probed, Problem> {
    let path = match data {
        StaticData::Embedded(bytes) => return probe::probe(bytes, settings),
        StaticData::Disk(path) => path,
    };
    let meta = std::fs::metadata(path).ok();
    let seen = meta.and_then(|m| {
        Some((
            path.clone(),
            m.len(),
            m.modified().ok()?,
            settings.quality,
            settings.max_pixels,
        ))
    });
    if let Some(seen) = &seen {
        let memo = PROBED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(probed) = memo.as_ref().and_then(|m| m.get(seen)) {
            return Ok(probed.clone());
        }
    }
    let bytes = read_photo(path)?;
    let probed = probe::probe(&bytes, settings)?;
    if let Some(seen) = seen {
        let mut memo = PROBED.lock().unwrap_or_else(PoisonError::into_inner);
        memo.get_or_insert_with(HashMap::new).insert(seen, probed.clone());
    }
    Ok(probed)
}
