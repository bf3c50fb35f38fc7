//! `knead serve`: build the site into memory, serve it on 127.0.0.1, rebuild when sources change
//! and reload open tabs. The user's `public/` is never touched unless `--output` asks for it; a
//! failed rebuild keeps the last good site and shows the error over every page.
//!
//! The server is bounded: request heads of at most [`MAX_REQUEST_HEAD`] bytes, at most
//! [`MAX_CONNECTIONS`] connections and [`MAX_EVENT_STREAMS`] live-reload streams at once (503
//! past them), a thread per connection that ends when the client goes away. It answers only
//! requests addressed to `localhost`, a loopback address or the address it listens on. Bound
//! to an address other machines can reach (`--bind`), anything on that network can read the
//! site, drafts included.

mod connection;
mod events;
mod host;
mod http;
mod inject;
mod listen;
mod panels;
mod state;
mod watch;

pub use connection::MAX_HEAD as MAX_REQUEST_HEAD;
pub use events::MAX_EVENT_STREAMS;
pub use listen::MAX_CONNECTIONS;
pub use panels::{OVERLAY_ID, WARNINGS_ID};

use crate::config::BuildOptions;
use crate::diagnostics::{Diagnostic, Failure, count};
use crate::live::{Rebuild, Session};
use host::AllowedHosts;
use state::{Snapshot, State};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// What `knead serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root, drafts, future pages; `base_url` is replaced by the server's own address.
    pub build: BuildOptions,
    /// Where to listen; requests are answered when addressed to a loopback name or address, or
    /// to this address (to any IP address of the machine when it is `0.0.0.0` or `::`).
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Also write each good build to the output directory (`--output`).
    pub write_output: bool,
}

/// Things worth telling the person running the server; the library never prints.
#[derive(Debug, Clone)]
pub enum ServeEvent {
    Listening {
        url: String,
    },
    /// Bound to an address other machines can reach.
    NotLoopback {
        addr: SocketAddr,
    },
    Built {
        /// What was built and how long it took, with the count of warnings and notes.
        summary: String,
        /// The build's warnings and notes, sorted.
        warnings: Vec<Diagnostic>,
    },
    Failed {
        failure: String,
    },
    /// Something in the server itself went wrong (a watcher error, say); serving goes on.
    Trouble {
        message: String,
    },
}

/// Receives [`ServeEvent`]s, from several threads.
pub type Listener = Arc<dyn Fn(ServeEvent) + Send + Sync>;

/// A running development server.
pub struct DevServer {
    addr: SocketAddr,
    http: std::thread::JoinHandle<()>,
    _watcher: watch::Watcher,
}

impl DevServer {
    /// Binds, builds once (a failed first build is served as an error page, not an exit), then
    /// serves and watches in background threads.
    pub fn start(options: ServeOptions, listener: Listener) -> Result<DevServer, Failure> {
        let cannot_listen = |e: std::io::Error| {
            Failure::single(
                Diagnostic::usage_error(format!("cannot listen on {}:{}: {e}", options.bind, options.port))
                    .with_help("choose another port with --port N (or 0 for any free port)"),
            )
        };
        let server = TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(cannot_listen)?;
        let addr = server.local_addr().map_err(cannot_listen)?;
        if !addr.ip().is_loopback() {
            listener(ServeEvent::NotLoopback { addr });
        }
        let mut build = options.build.clone();
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            addr.ip().to_string()
        };
        build.base_url = Some(format!("http://{host}:{}/", addr.port()));
        let site = Arc::new(Site {
            build,
            write_output: options.write_output,
            state: Arc::new(State::default()),
            listener: Arc::clone(&listener),
            session: Mutex::new(None),
        });
        site.rebuild(None);
        let watcher = watch::start(&site.build.root, &site.build.output_dir(), {
            let site = Arc::clone(&site);
            move |outcome| match outcome {
                Ok(paths) => site.rebuild(Some(&paths)),
                Err(message) => (site.listener)(ServeEvent::Trouble { message }),
            }
        })
        .map_err(|e| {
            Failure::single(Diagnostic::usage_error(format!(
                "cannot watch the site for changes: {e}"
            )))
        })?;
        let hosts = AllowedHosts::new(addr.ip());
        let state = Arc::clone(&site.state);
        let http = std::thread::spawn(move || {
            listen::serve(
                server,
                Arc::new(move |request: &connection::Request| http::answer(request, &state, hosts)),
            );
        });
        listener(ServeEvent::Listening {
            url: format!("http://{host}:{}/", addr.port()),
        });
        Ok(DevServer {
            addr,
            http,
            _watcher: watcher,
        })
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process ends.
    pub fn wait(self) {
        let _ = self.http.join();
    }
}

/// The site being served and how to rebuild it.
struct Site {
    build: BuildOptions,
    write_output: bool,
    state: Arc<State>,
    listener: Listener,
    /// The last good build, updated in place; `None` until a build succeeded.
    session: Mutex<Option<Session>>,
}

impl Site {
    /// Brings the served files up to date with the sources (`changed`: what the watcher saw;
    /// `None` for the first build); on failure the last good files stay and the error is shown
    /// over every page. Open tabs are told to reload either way.
    fn rebuild(&self, changed: Option<&[PathBuf]>) {
        let started = Instant::now();
        let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        let outcome = match (session.as_mut(), changed) {
            (Some(current), Some(changed)) => current.update(changed),
            _ => Session::build(&self.build).map(|built| {
                *session = Some(built);
                Rebuild::Full
            }),
        };
        let elapsed = started.elapsed();
        match (outcome, session.as_ref()) {
            (Ok(Rebuild::Nothing), _) => {}
            (Ok(rebuild), Some(current)) => {
                let stats = current.stats();
                let ms = elapsed.as_secs_f64() * 1000.0;
                let mut summary = match rebuild {
                    Rebuild::Incremental { rendered } | Rebuild::Reloaded { rendered } if rendered.len() <= 5 => {
                        format!("rebuilt {} in {ms:.1} ms", rendered.join(", "))
                    }
                    Rebuild::Incremental { rendered } | Rebuild::Reloaded { rendered } => format!(
                        "rebuilt {} of {} in {ms:.1} ms",
                        rendered.len(),
                        count(stats.files, "file")
                    ),
                    _ => format!(
                        "built {}, {}, {} in {} ms",
                        count(stats.pages, "page"),
                        count(stats.sections, "section"),
                        count(stats.files, "file"),
                        elapsed.as_millis()
                    ),
                };
                let warnings = current.warnings().to_vec();
                if let Some(tally) = panels::tally(&warnings) {
                    summary.push_str(&format!(" ({tally})"));
                }
                let panel = panels::warnings(&warnings);
                self.state.publish(Snapshot::good(Arc::clone(current.files()), panel));
                drop(session);
                if self.write_output {
                    match crate::build(&self.build) {
                        Ok(report) => summary.push_str(&format!(" (written to {})", report.output.display())),
                        Err(failure) => summary.push_str(&format!(" (not written to the output: {failure})")),
                    }
                }
                (self.listener)(ServeEvent::Built { summary, warnings });
            }
            (Ok(_), None) => {}
            (Err(failure), _) => {
                let text = failure.to_string();
                self.state.publish_failure(text.clone());
                (self.listener)(ServeEvent::Failed { failure: text });
            }
        }
    }
}
