//! What the server currently serves, and the open tabs waiting to hear about the next build.

use super::events::EventStreams;
use crate::live::Files;
use std::sync::{Arc, PoisonError, RwLock};

/// One build's output as served: the last good files and, after a failed rebuild, its error.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: Arc<Files>,
    /// The failed build's diagnostics, shown over every page until the next good build.
    pub error: Option<String>,
    /// The panel of a good build's warnings and notes, shown on every page (made once per
    /// build by [`super::panels::warnings`]).
    pub warnings: Option<Arc<str>>,
}

impl Snapshot {
    /// A good build's files and the panel of its warnings and notes, if any.
    pub fn good(files: Arc<Files>, warnings: Option<String>) -> Self {
        Snapshot {
            files,
            error: None,
            warnings: warnings.map(Arc::from),
        }
    }
}

/// Shared between the rebuild thread and the request threads.
#[derive(Default)]
pub struct State {
    current: RwLock<Arc<Snapshot>>,
    events: EventStreams,
}

impl State {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Swaps in a good build and tells every tab to reload.
    pub fn publish(&self, snapshot: Snapshot) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
        self.events.reload_all();
    }

    /// Keeps the last good files, records the error, tells every tab to reload (to show it).
    /// The error lists the warnings too, so no warnings panel is shown with it.
    pub fn publish_failure(&self, error: String) {
        let files = Arc::clone(&self.snapshot().files);
        self.publish(Snapshot {
            files,
            error: Some(error),
            warnings: None,
        });
    }

    /// The open tabs' live-reload streams.
    pub fn events(&self) -> &EventStreams {
        &self.events
    }
}
