//! `knead serve`: build the site into memory, serve it on 127.0.0.1, rebuild when sources change
//! and reload open tabs. The user's `public/` is never touched unless `--output` asks for it; a
//! failed rebuild keeps the last good site and shows the error over every page.

mod http;
mod inject;
mod state;
mod watch;

use crate::config::BuildOptions;
use crate::diagnostics::{Diagnostic, Failure};
use crate::output::MemorySink;
use state::{Snapshot, State};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

/// What `knead serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root, drafts, future pages; `base_url` is replaced by the server's own address.
    pub build: BuildOptions,
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
        summary: String,
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
        let server = tiny_http::Server::http(SocketAddr::new(options.bind, options.port)).map_err(|e| {
            Failure::single(
                Diagnostic::usage_error(format!("cannot listen on {}:{}: {e}", options.bind, options.port))
                    .with_help("choose another port with --port N (or 0 for any free port)"),
            )
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Failure::single(Diagnostic::usage_error("the server has no IP address")))?;
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
        });
        site.rebuild();
        let watcher = watch::start(&site.build.root, &site.build.output_dir(), {
            let site = Arc::clone(&site);
            move |outcome| match outcome {
                Ok(()) => site.rebuild(),
                Err(message) => (site.listener)(ServeEvent::Trouble { message }),
            }
        })
        .map_err(|e| {
            Failure::single(Diagnostic::usage_error(format!(
                "cannot watch the site for changes: {e}"
            )))
        })?;
        let http = std::thread::spawn({
            let site = Arc::clone(&site);
            move || http::serve(server, Arc::clone(&site.state))
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
}

impl Site {
    /// Builds into memory and swaps the result in; on failure the last good files stay and the
    /// error is shown over every page. Open tabs are told to reload either way.
    fn rebuild(&self) {
        let started = Instant::now();
        match build_in_memory(&self.build) {
            Ok((files, stats, warnings)) => {
                let mut summary = format!(
                    "built {} pages, {} sections, {} files in {} ms",
                    stats.pages,
                    stats.sections,
                    stats.files,
                    started.elapsed().as_millis()
                );
                if self.write_output {
                    match crate::build(&self.build) {
                        Ok(report) => summary.push_str(&format!(" (written to {})", report.output.display())),
                        Err(failure) => summary.push_str(&format!(" (not written to the output: {failure})")),
                    }
                }
                self.state.publish(Snapshot::good(files));
                (self.listener)(ServeEvent::Built { summary, warnings });
            }
            Err(failure) => {
                let text = failure.to_string();
                self.state.publish_failure(text.clone());
                (self.listener)(ServeEvent::Failed { failure: text });
            }
        }
    }
}

type Built = (
    std::collections::HashMap<String, Vec<u8>>,
    crate::render::Stats,
    Vec<Diagnostic>,
);

/// The same pipeline as `knead build`, into memory.
fn build_in_memory(options: &BuildOptions) -> Result<Built, Failure> {
    let (site, theme) = crate::load(options)?;
    let sink = MemorySink::default();
    let verify = crate::Verify {
        strict: options.strict,
        external: false,
    };
    let verified = crate::render_verified(&site, &theme, Some(&sink), verify)?;
    Ok((
        sink.into_files().into_iter().collect(),
        verified.stats,
        verified.warnings,
    ))
}
