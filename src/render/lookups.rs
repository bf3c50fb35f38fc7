//! What templates looked up while rendering one output file, beyond the context knead built for
//! it. `get_section()` can show any section's pages on any page and `url()` any page's address,
//! so a run can record these lookups per file ([`super::run::Run::recording_lookups`]): a file
//! whose lookups still give the same answers, and whose own inputs are unchanged, comes out the
//! same when rendered again.

use std::cell::RefCell;

/// One lookup a template made through a knead function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lookup {
    /// `get_section(path=…)`, by the section's content path.
    Section(String),
    /// `url(path=…)`, by the path as written.
    Url(String),
}

thread_local! {
    /// Lookups of the render running on this thread, when it is being recorded. Tera renders
    /// a template on the calling thread, so a render's lookups all land here.
    static RECORDING: RefCell<Option<Vec<Lookup>>> = const { RefCell::new(None) };
}

/// Notes a lookup, if the render on this thread is being recorded.
pub fn note(read: impl FnOnce() -> Lookup) {
    RECORDING.with(|r| {
        if let Some(lookups) = r.borrow_mut().as_mut() {
            lookups.push(read());
        }
    });
}

/// Runs `render` and returns its result with the lookups it made (sorted, without repeats).
pub fn recording<R>(render: impl FnOnce() -> R) -> (R, Vec<Lookup>) {
    let outer = RECORDING.with(|r| r.replace(Some(Vec::new())));
    let result = render();
    let mut lookups = RECORDING.with(|r| r.replace(outer)).unwrap_or_default();
    lookups.sort();
    lookups.dedup();
    (result, lookups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_recorded_only_inside_a_recording() {
        note(|| Lookup::Url("outside".into()));
        let ((), lookups) = recording(|| {
            note(|| Lookup::Url("@/about.md".into()));
            note(|| Lookup::Section("guides/_index.md".into()));
            note(|| Lookup::Url("@/about.md".into()));
        });
        assert_eq!(
            lookups,
            [
                Lookup::Section("guides/_index.md".into()),
                Lookup::Url("@/about.md".into())
            ]
        );
        let ((), none) = recording(|| {});
        assert!(none.is_empty());
    }
}
