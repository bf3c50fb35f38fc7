//! The `knead` command line: parses arguments, calls the library, prints the outcome.

use clap::{Args, Parser, Subcommand};
use knead::config::BuildOptions;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "knead", version, about = "A static site generator for clinics")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
}

#[derive(Args)]
struct BuildArgs {
    /// Site root (the directory with site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output directory [default: ROOT/public].
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override base_url from site.yaml.
    #[arg(long, env = "KNEAD_BASE_URL")]
    base_url: Option<String>,
    /// Include pages marked draft: true.
    #[arg(long)]
    drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    future: bool,
    /// Print warnings and details.
    #[arg(long, short)]
    verbose: bool,
}

impl BuildArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            output: self.output.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            future: self.future,
            ..BuildOptions::new(&self.root)
        }
    }

    fn run(&self) -> ExitCode {
        match knead::build(&self.options()) {
            Ok(report) => {
                if self.verbose {
                    for w in &report.warnings {
                        eprintln!("{w}");
                    }
                }
                println!("{}", report.summary());
                ExitCode::SUCCESS
            }
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::FAILURE
            }
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build(args) => args.run(),
    }
}
