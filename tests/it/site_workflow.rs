//! The GitHub Pages workflow `knead init` writes into a new site: pinned to this version of knead,
//! clean for actionlint, and its commands (download, verify, extract, check, build) working when
//! run as a runner would, against a release archive made by `dist/package.sh` and served on
//! 127.0.0.1.

use crate::commands::{run_bounded, text};
use crate::release::{FileServer, linux_release, repository, tampered_copy};
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const WORKFLOW: &str = ".github/workflows/deploy.yml";
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// What actions/configure-pages gives a project site (no trailing slash).
const PAGES_URL: &str = "https://user.github.io/clinic";

fn knead_init(dir: &Path, flags: &[&str]) -> Output {
    run_bounded(
        Command::new(env!("CARGO_BIN_EXE_knead"))
            .arg("init")
            .args(flags)
            .arg(dir),
        Duration::from_secs(60),
    )
}

/// A new site made by `knead init` (with its workflow) in a temp dir.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("site");
    let out = knead_init(&site, &[]);
    assert!(out.status.success(), "{}", text(&out));
    (parent, site)
}

fn workflow(site: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(site.join(WORKFLOW)).unwrap()).unwrap()
}

fn build_steps(wf: &Value) -> &[Value] {
    wf["jobs"]["build"]["steps"].as_sequence().unwrap()
}

#[test]
fn init_writes_a_pages_workflow_pinned_to_this_release() {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("site");
    let out = knead_init(&site, &[]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("  {}/{WORKFLOW}\n", site.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains("Settings -> Pages -> Source: GitHub Actions"),
        "{stdout}"
    );

    let wf = workflow(&site);
    assert_eq!(wf["env"]["KNEAD_VERSION"].as_str(), Some(VERSION));
    assert_eq!(
        wf["env"]["KNEAD_RELEASES"].as_str(),
        Some(knead::scaffold::init::RELEASES)
    );
    assert_eq!(wf["env"]["KNEAD_SHA256"].as_str(), Some(""));
    let steps = build_steps(&wf);
    let position = |found: &dyn Fn(&Value) -> bool| steps.iter().position(found).unwrap();
    let runs = |text: &'static str| move |s: &Value| s["run"].as_str().is_some_and(|r| r.contains(text));
    let uses = |action: &'static str| move |s: &Value| s["uses"].as_str().is_some_and(|u| u.starts_with(action));
    let install = position(&runs("sha256sum --check --strict"));
    let check = position(&runs("knead check --format github --base-url \"$BASE_URL\""));
    let build = position(&runs("knead build --base-url \"$BASE_URL\""));
    let upload = position(&uses("actions/upload-pages-artifact@"));
    assert!(install < check && check < build && build < upload);
    assert_eq!(steps[upload]["with"]["path"].as_str(), Some("public"));
    let deploy = wf["jobs"]["deploy"]["steps"].as_sequence().unwrap();
    assert!(deploy.iter().any(uses("actions/deploy-pages@")));
    assert!(
        !std::fs::read_to_string(site.join(WORKFLOW)).unwrap().contains("cargo"),
        "a site's workflow never compiles knead"
    );
}

#[test]
fn init_no_ci_writes_no_workflow() {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("site");
    let out = knead_init(&site, &["--no-ci"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(site.join("site.yaml").is_file());
    assert!(!site.join(".github").exists());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains(".github") && !stdout.contains("GitHub"), "{stdout}");
}

#[test]
fn the_written_workflow_passes_actionlint() {
    let (_parent, site) = new_site();
    let out = run_bounded(
        Command::new("sh")
            .arg(repository().join(".ci/actionlint"))
            .arg(site.join(WORKFLOW)),
        Duration::from_secs(120),
    );
    assert!(
        out.status.success(),
        "actionlint failed on the workflow `knead init` writes (.ci/actionlint names the install \
         command when no actionlint is installed):\n{}",
        text(&out)
    );
}

/// Runs a job's `run:` steps the way a GitHub runner does: `bash -e SCRIPT` (its default shell),
/// in the checkout, with the workflow's and the step's `env`, `RUNNER_TEMP`, and the directories steps
/// add to `GITHUB_PATH` put first on the PATH of later steps. `uses:` steps are skipped (the
/// checkout is the site itself); the one expression the steps use, the Pages URL, is given.
struct Runner {
    workspace: PathBuf,
    temp: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Runner {
    fn new(workspace: &Path, wf: &Value, overrides: &[(&str, &str)]) -> Runner {
        let mut env: Vec<(String, String)> = wf["env"]
            .as_mapping()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.as_str().unwrap().to_string(), v.as_str().unwrap().to_string()))
            .collect();
        for (key, value) in overrides {
            let slot = env.iter_mut().find(|(k, _)| k == key).unwrap();
            slot.1 = (*value).to_string();
        }
        Runner {
            workspace: workspace.to_path_buf(),
            temp: tempfile::tempdir().unwrap(),
            env,
        }
    }

    fn github_path(&self) -> PathBuf {
        self.temp.path().join("github_path")
    }

    fn runner_temp(&self) -> PathBuf {
        let dir = self.temp.path().join("runner_temp");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Runs the step named `name`, returning its output.
    fn run(&self, steps: &[Value], name: &str) -> Output {
        let step = steps
            .iter()
            .find(|s| s["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no step named {name}"));
        let script = step["run"].as_str().unwrap();
        assert!(step.get("shell").is_none(), "only the default shell is emulated");
        assert!(!script.contains("${{"), "expressions go through env: {script}");
        let file = self.temp.path().join("step.sh");
        std::fs::write(&file, script).unwrap();
        let added = std::fs::read_to_string(self.github_path()).unwrap_or_default();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let paths = added
            .lines()
            .rev()
            .map(PathBuf::from)
            .chain(std::env::split_paths(&path));
        let mut command = Command::new("bash");
        command
            .arg("-e")
            .arg(&file)
            .current_dir(&self.workspace)
            .env("PATH", std::env::join_paths(paths).unwrap())
            .env("RUNNER_TEMP", self.runner_temp())
            .env("GITHUB_PATH", self.github_path())
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        if let Some(env) = step["env"].as_mapping() {
            for (key, value) in env {
                let value = value.as_str().unwrap();
                assert_eq!(value, "${{ steps.pages.outputs.base_url }}", "unknown expression");
                command.env(key.as_str().unwrap(), PAGES_URL);
            }
        }
        run_bounded(&mut command, Duration::from_secs(120))
    }
}

#[test]
fn the_written_workflow_installs_the_release_binary_then_checks_and_builds_the_site() {
    let server = FileServer::release(linux_release(), VERSION);
    let (_parent, site) = new_site();
    let wf = workflow(&site);
    let steps = build_steps(&wf);
    let runner = Runner::new(&site, &wf, &[("KNEAD_RELEASES", &server.url)]);
    let out = runner.run(steps, "Install knead");
    assert!(out.status.success(), "{}", text(&out));
    // The starter pages' example text fails the check until the owner replaces it.
    let out = runner.run(steps, "Check site");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let annotations: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.splitn(3, "::").take(2).collect::<Vec<_>>().join("::"))
        .collect();
    assert_eq!(
        annotations,
        [
            "::error file=content/_index.md,line=9,col=1",
            "::error file=content/contact.md,line=7,col=33",
            "::error file=content/services/massage.md,line=12,col=46",
            "::notice file=site.yaml,line=11,col=1",
            "::warning file=site.yaml,line=42,col=12",
        ]
    );
    for rel in ["content/_index.md", "content/contact.md", "content/services/massage.md"] {
        let text = std::fs::read_to_string(site.join(rel)).unwrap();
        let own = text.replace(knead::load::placeholders::STARTER_MARKER, "We wrote this ourselves");
        std::fs::write(site.join(rel), own).unwrap();
    }
    for name in ["Check site", "Build site"] {
        let out = runner.run(steps, name);
        assert!(out.status.success(), "{name}:\n{}", text(&out));
        if name == "Check site" {
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(!stdout.contains("::error"), "{stdout}");
            assert!(stdout.contains("no errors"), "{stdout}");
        }
    }
    let installed = runner.runner_temp().join("knead/knead");
    assert!(installed.is_file());
    assert_eq!(
        std::fs::read_to_string(runner.github_path()).unwrap(),
        format!("{}\n", installed.parent().unwrap().display())
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains(&format!("<link rel=\"canonical\" href=\"{PAGES_URL}/\">")),
        "{home}"
    );
    assert_eq!(
        *server.requests.lock().unwrap(),
        [
            format!("/download/v{VERSION}/knead-x86_64-unknown-linux-musl.tar.gz"),
            format!("/download/v{VERSION}/knead-x86_64-unknown-linux-musl.tar.gz.sha256"),
        ]
    );
}

#[test]
fn the_written_workflow_runs_no_knead_whose_checksum_does_not_match() {
    let (_parent, site) = new_site();
    let wf = workflow(&site);
    let steps = build_steps(&wf);

    // The archive changed after its checksum was published.
    let tampered = tempfile::tempdir().unwrap();
    tampered_copy(linux_release(), tampered.path());
    let server = FileServer::release(tampered.path(), VERSION);
    let runner = Runner::new(&site, &wf, &[("KNEAD_RELEASES", &server.url)]);
    let out = runner.run(steps, "Install knead");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("FAILED"), "{}", text(&out));
    assert!(!runner.runner_temp().join("knead").exists());
    assert!(!runner.github_path().exists());

    // A pinned hash wins over the published checksum file, which here matches the archive.
    let server = FileServer::release(linux_release(), VERSION);
    let pinned = "0".repeat(64);
    let runner = Runner::new(
        &site,
        &wf,
        &[("KNEAD_RELEASES", &server.url), ("KNEAD_SHA256", &pinned)],
    );
    let out = runner.run(steps, "Install knead");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(!runner.runner_temp().join("knead").exists());
    assert_eq!(
        *server.requests.lock().unwrap(),
        [format!("/download/v{VERSION}/knead-x86_64-unknown-linux-musl.tar.gz")]
    );
}

/// The one-line command of docs/deploying.md that starts with `start` (inside the first code block
/// holding such a line), with single-quoted TOML strings unwrapped.
fn documented_command(start: &str) -> String {
    let docs = std::fs::read_to_string(repository().join("docs/deploying.md")).unwrap();
    let line = docs
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("docs/deploying.md has no line starting with {start}"));
    match line.strip_prefix("command = '") {
        Some(toml) => toml.strip_suffix('\'').unwrap().to_string(),
        None => line.to_string(),
    }
}

/// Runs a documented build command in a new site as the host would, downloading from `server`,
/// and checks the built home page's canonical URL.
#[track_caller]
fn assert_documented_build(command: &str, server: &FileServer, env: &[(&str, &str)], canonical: &str) {
    let (_parent, site) = new_site();
    let command = command.replace(knead::scaffold::init::RELEASES, &server.url);
    let out = run_bounded(
        Command::new("sh")
            .arg("-c")
            .arg(&command)
            .current_dir(&site)
            .envs(env.iter().copied()),
        Duration::from_secs(120),
    );
    assert!(out.status.success(), "{command}:\n{}", text(&out));
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
        "{home}"
    );
}

#[test]
fn the_documented_netlify_and_cloudflare_commands_install_the_release_and_build() {
    let mut files: std::collections::BTreeMap<String, PathBuf> = [
        "knead-x86_64-unknown-linux-musl.tar.gz",
        "knead-x86_64-unknown-linux-musl.tar.gz.sha256",
    ]
    .into_iter()
    .map(|name| (format!("/download/v0.1.0/{name}"), linux_release().join(name)))
    .collect();
    files.insert("/download/v0.1.0/install.sh".into(), repository().join("install.sh"));
    let server = FileServer::start(files);

    // install.sh, fetched from the release, downloads from the same place (KNEAD_RELEASES here
    // stands for its default, the GitHub releases).
    let netlify = documented_command("command = 'curl");
    let env = [
        ("KNEAD_VERSION", "0.1.0"),
        ("KNEAD_RELEASES", server.url.as_str()),
        ("URL", "https://sunrise.example/"),
    ];
    assert_documented_build(&netlify, &server, &env, "https://sunrise.example/");

    let cloudflare = documented_command("v=0.1.0 a=");
    let env = [
        ("CF_PAGES_BRANCH", "preview"),
        ("CF_PAGES_URL", "https://abc.sunrise.pages.dev"),
    ];
    assert_documented_build(&cloudflare, &server, &env, "https://abc.sunrise.pages.dev/");
}
