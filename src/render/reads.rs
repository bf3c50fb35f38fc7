//! What templates looked up while rendering one output file, beyond the context knead built for
//! it. `get_section()` can show any section's pages on any page and `url()` any page's address,
//! so `knead serve` records these lookups per file: a file whose lookups still give the same
//! answers (and whose own inputs are unchanged) need not be rendered again after an edit.

use std::cell::RefCell;

/// One lookup a template made through a knead function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Read {
    /// `get_section(path=…)`, by the section's content path.
    Section(String),
    /// `url(path=…)`, by the path as written.
    Url(String),
}

thread_local! {
    /// Lookups of the render running on this thread, when it is being recorded. Tera renders
    /// a template on the calling thread, so a render's lookups all land here.
    static RECORDING: RefCell<Option<Vec<Read>>> = const { RefCell::new(None) };
}

/// Notes a lookup, if the render on this thread is being recorded.
pub fn note(read: impl FnOnce() -> Read) {
    RECORDING.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push(read());
        }
    });
}

/// Runs `render` and returns its result with the lookups it made (sorted, without repeats).
pub fn recording<R>(render: impl FnOnce() -> R) -> (R, Vec<Read>) {
    let outer = RECORDING.with(|r| r.replace(Some(Vec::new())));
    let result = render();
    let mut reads = RECORDING.with(|r| r.replace(outer)).unwrap_or_default();
    reads.sort();
    reads.dedup();
    (result, reads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_recorded_only_inside_a_recording() {
        note(|| Read::Url("outside".into()));
        let ((), reads) = recording(|| {
            note(|| Read::Url("@/about.md".into()));
            note(|| Read::Section("guides/_index.md".into()));
            note(|| Read::Url("@/about.md".into()));
        });
        assert_eq!(
            reads,
            [Read::Section("guides/_index.md".into()), Read::Url("@/about.md".into())]
        );
        let ((), none) = recording(|| {});
        assert!(none.is_empty());
    }
}
