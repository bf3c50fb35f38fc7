//! The `knead` command line: parses arguments, calls the library, prints the outcome.

use clap::{Args, Parser, Subcommand, ValueEnum};
use knead::check::external::ExternalOptions;
use knead::config::BuildOptions;
use knead::diagnostics::{Capped, Diagnostic, Failure, Severity, count};
use knead::scaffold::init::InitSite;
use knead::scaffold::new::NewPage;
use knead::site_root::display_under;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc: 5–10% less wall and CPU time than glibc's allocator on a 10,000-page build
/// (docs/performance.md#design-choices-made-for-speed). Builds and checks turn off the
/// transparent huge pages it asks the kernel for (see [`prefer_small_pages`]).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `knead --version`: the crate version and the commit it was built from (see build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("KNEAD_SOURCE_COMMIT"), ")");

#[derive(Parser)]
#[command(name = "knead", version = VERSION, about = "A static site generator for clinics")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
    /// Build in memory and check every link, anchor and SEO basic; writes nothing.
    Check(CheckArgs),
    /// Create a draft page from its section's archetype: `knead new guides/foam-rolling`.
    New(NewArgs),
    /// Create a small working site in DIR, ready to build and edit.
    Init(InitArgs),
    /// Serve the site on 127.0.0.1 and rebuild and reload open tabs on every change.
    Serve(ServeArgs),
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; anything but a loopback address exposes drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Also write every good build to this directory (by default nothing is written to disk).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Print the warnings after every build (by default, after a build whose warnings differ
    /// from the last ones printed).
    #[arg(long, short)]
    verbose: bool,
}

impl ServeArgs {
    fn run(&self) -> ExitCode {
        use knead::serve::{DevServer, ServeEvent, ServeOptions};
        let options = ServeOptions {
            build: BuildOptions {
                output: self.output.clone(),
                ..self.site.options()
            },
            bind: self.bind,
            port: self.port,
            write_output: self.output.is_some(),
        };
        let verbose = self.verbose;
        let open = self.open;
        // The warnings last printed: saving a page again and again repeats none of them.
        let printed: std::sync::Mutex<Option<Vec<Diagnostic>>> = std::sync::Mutex::new(None);
        let listener = std::sync::Arc::new(move |event: ServeEvent| match event {
            ServeEvent::Listening { url } => {
                println!("serving {url} (Ctrl+C to stop)");
                if open && let Err(e) = opener::open(&url) {
                    eprintln!("warning: cannot open a browser: {e}");
                }
            }
            ServeEvent::NotLoopback { addr } => eprintln!(
                "warning: listening on {addr}, reachable from other machines; drafts and unpublished pages are visible to them"
            ),
            ServeEvent::Built { summary, warnings } => {
                let mut printed = printed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if verbose || printed.as_ref() != Some(&warnings) {
                    print_diagnostics(&warnings, Format::Human);
                    *printed = Some(warnings);
                }
                println!("{summary}");
            }
            ServeEvent::Failed { failure } => {
                eprintln!("{failure}\n(still serving the last good build)");
                // The next good build's warnings are printed after the error, whatever they are.
                *printed.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
            }
            ServeEvent::Trouble { message } => eprintln!("warning: {message}"),
        });
        match DevServer::start(options, listener) {
            Ok(server) => {
                server.wait();
                ExitCode::SUCCESS
            }
            Err(failure) => fail(&failure, Format::Human),
        }
    }
}

/// Options shared by every command that loads a site.
#[derive(Args)]
struct SiteArgs {
    /// Site root (the directory with site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override base_url from site.yaml.
    #[arg(long, env = "KNEAD_BASE_URL")]
    base_url: Option<String>,
    /// Include pages marked draft: true.
    #[arg(long)]
    drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    future: bool,
}

impl SiteArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            future: self.future,
            ..BuildOptions::new(&self.root)
        }
    }
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Output directory [default: ROOT/public].
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Make SEO lints errors instead of warnings.
    #[arg(long)]
    strict: bool,
    /// Minify HTML and CSS (like `minify: true` in site.yaml).
    #[arg(long)]
    minify: bool,
    /// Also write .gz and .br files beside text files (like `precompress: true`).
    #[arg(long)]
    precompress: bool,
    /// Write _headers for Netlify and Cloudflare Pages (like `headers: true`).
    #[arg(long)]
    headers: bool,
    /// Print warnings.
    #[arg(long, short)]
    verbose: bool,
    /// Print the wall time of each step of the build.
    #[arg(long)]
    timings: bool,
}

impl BuildArgs {
    fn run(&self) -> ExitCode {
        let options = BuildOptions {
            output: self.output.clone(),
            strict: self.strict,
            minify: self.minify,
            precompress: self.precompress,
            headers: self.headers,
            ..self.site.options()
        };
        match knead::build_keeping(&options) {
            Ok((report, built)) => {
                let summary = report.summary();
                // The process exits next: the operating system takes the site's memory back in
                // one go, faster than freeing it object by object.
                std::mem::forget(built);
                // Notes say what the build left out, so they are printed even without -v, except
                // those that would repeat on every build until the owner acts.
                let shown: Vec<Diagnostic> = report
                    .warnings
                    .into_iter()
                    .filter(|d| self.verbose || (d.severity == Severity::Note && !d.verbose_only))
                    .collect();
                print_diagnostics(&shown, Format::Human);
                println!("{summary}");
                if self.timings {
                    print!("{}", report.phases.table());
                }
                ExitCode::SUCCESS
            }
            Err(failure) => fail(&failure, Format::Human),
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// `path:line:col: error: message`
    Human,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Also check external http(s) links (timeout, per-host limit).
    #[arg(long)]
    external: bool,
    /// Fail on transient external failures (timeouts, 5xx) too.
    #[arg(long)]
    strict: bool,
    /// Seconds to wait for each external server.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

impl CheckArgs {
    fn run(&self) -> ExitCode {
        let external = self.external.then(|| ExternalOptions {
            timeout: std::time::Duration::from_secs(self.timeout),
            strict: self.strict,
            ..ExternalOptions::default()
        });
        match knead::check_site(&self.site.options(), external.as_ref()) {
            Ok(report) => {
                print_diagnostics(&report.warnings, self.format);
                let external = if self.external {
                    format!(", {}", count(report.external_checked, "external link"))
                } else {
                    String::new()
                };
                let of = |severity| report.warnings.iter().filter(|d| d.severity == severity).count();
                let notes = match of(Severity::Note) {
                    0 => String::new(),
                    n => format!(", {}", count(n, "note")),
                };
                println!(
                    "checked {}{external}: no errors, {}{notes}",
                    count(report.pages, "page"),
                    count(of(Severity::Warning), "warning")
                );
                ExitCode::SUCCESS
            }
            Err(failure) => fail(&failure, self.format),
        }
    }
}

#[derive(Args)]
struct NewArgs {
    /// Page path under content/, without `.md`: `guides/foam-rolling`, `services/x`, `about`.
    path: String,
    /// Site root (the directory with site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

impl NewArgs {
    fn run(&self) -> ExitCode {
        match knead::scaffold::new::create(&NewPage::new(&self.root, &self.path)) {
            Ok(created) => {
                println!("created {}", created.file);
                for note in &created.notes {
                    eprintln!("note: {note}");
                }
                ExitCode::SUCCESS
            }
            Err(diagnostic) => {
                eprintln!("{diagnostic}");
                ExitCode::FAILURE
            }
        }
    }
}

#[derive(Args)]
struct InitArgs {
    /// Directory for the new site; created if missing, refused if not empty.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The clinic's name, used as the site title and for the reviews and maps links.
    #[arg(long, default_value = "My Clinic")]
    name: String,
    /// Leave out .github/workflows/deploy.yml (the GitHub Pages workflow).
    #[arg(long)]
    no_ci: bool,
}

impl InitArgs {
    fn run(&self) -> ExitCode {
        let request = InitSite {
            dir: self.dir.clone(),
            name: self.name.clone(),
            github_workflow: !self.no_ci,
        };
        match knead::scaffold::init::init(&request) {
            Ok(site) => {
                println!("created a new site in {}:", self.dir.display());
                for file in &site.files {
                    println!("  {file}");
                }
                let root = if self.dir == Path::new(".") {
                    String::new()
                } else {
                    format!(" --root {}", shell_quote(&self.dir.display().to_string()))
                };
                println!("next steps:");
                println!(
                    "  1. fill in the PLACEHOLDER values in {}",
                    display_under(&self.dir, "site.yaml")
                );
                println!(
                    "     and replace the placeholder text of the pages in {} (`knead check{root}` lists where it is)",
                    display_under(&self.dir, "content/")
                );
                println!("  2. knead build{root}");
                println!("     builds the site into {}", display_under(&self.dir, "public/"));
                println!("  3. knead new services/another-service{root}");
                println!("     adds a page (also guides/NAME, or a top-level page such as about)");
                if request.github_workflow {
                    println!(
                        "  4. push the site to a GitHub repository and choose Settings -> Pages -> Source: GitHub Actions"
                    );
                    println!("     .github/workflows/deploy.yml checks, builds and publishes every push to main");
                }
                ExitCode::SUCCESS
            }
            Err(diagnostic) => {
                eprintln!("{diagnostic}");
                ExitCode::FAILURE
            }
        }
    }
}

/// Quotes `arg` for a POSIX shell when it needs it, so printed commands can be pasted.
fn shell_quote(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:@+=,".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// Prints at most [`SHOWN_PER_KIND`](knead::diagnostics::SHOWN_PER_KIND) diagnostics of each
/// kind and a line for each kind with more (to stderr: with `--format github` the annotations
/// alone are on stdout).
fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) {
    let capped = Capped::new(diagnostics);
    for d in &capped.shown {
        match format {
            Format::Human => eprintln!("{d}"),
            Format::Github => println!("{}", knead::diagnostics::github_annotation(d)),
        }
    }
    for left_out in &capped.left_out {
        eprintln!("{left_out}");
    }
}

fn fail(failure: &Failure, format: Format) -> ExitCode {
    match format {
        Format::Human => eprintln!("{failure}"),
        Format::Github => {
            print_diagnostics(&failure.diagnostics, format);
            eprintln!("{}", failure.summary());
        }
    }
    ExitCode::FAILURE
}

/// Has the kernel back this process's memory with ordinary 4 KiB pages only, never transparent
/// huge pages (Linux; elsewhere nothing changes). For `build` and `check`, before their heap
/// grows; `knead serve` keeps the default.
///
/// Why: mimalloc asks for huge pages, which make a 10,000-page build up to 8% faster in the
/// best case but cost 30 to 40 MiB of peak memory, and on virtual machines that hand freed
/// memory back to their host (free page reporting) a build whose huge pages have to be backed
/// by the host again takes 0.3 to 0.5 s longer, about one build in three. Without them the page
/// bodies can stay uncompressed within the memory budget (a tenth of Hugo's peak), which saves
/// more than the huge pages would (docs/performance.md#design-choices-made-for-speed, and
/// docs/performance.md#variance-on-virtual-machines).
///
/// The setting is the process's own (`PR_SET_THP_DISABLE`); it is inherited by child processes,
/// which `build` and `check` do not start.
fn prefer_small_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: this prctl takes integers only and changes nothing but the process's THP flag;
    // if it fails (an old kernel), the build runs as before, so its result is not needed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => {
            prefer_small_pages();
            args.run()
        }
        Command::Check(args) => {
            prefer_small_pages();
            args.run()
        }
        Command::New(args) => args.run(),
        Command::Init(args) => args.run(),
        Command::Serve(args) => args.run(),
    }
}
