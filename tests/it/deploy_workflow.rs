//! `.github/workflows/deploy.yml`: the parts that decide what gets published, and where.

use crate::support::TestSite;
use assert_cmd::Command;
use serde_yaml::Value;
use std::path::Path;

/// Pull requests never reach this: only main, pushed or run by hand, is deployed.
const DEPLOY_IF: &str =
    "(github.event_name == 'push' || github.event_name == 'workflow_dispatch') && github.ref == 'refs/heads/main'";

fn workflow() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/deploy.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

fn job<'a>(workflow: &'a Value, name: &str) -> &'a Value {
    workflow["jobs"].get(name).unwrap_or_else(|| panic!("no job `{name}`"))
}

fn steps(job: &Value) -> &[Value] {
    job["steps"].as_sequence().expect("job has steps")
}

/// Index of the first step that `uses` the action `name` (any version).
fn uses(steps: &[Value], name: &str) -> usize {
    steps
        .iter()
        .position(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(&format!("{name}@"))))
        .unwrap_or_else(|| panic!("no step uses {name}"))
}

/// Index of the first step whose `run` script contains `text`.
fn runs(steps: &[Value], text: &str) -> usize {
    steps
        .iter()
        .position(|s| s["run"].as_str().is_some_and(|r| r.contains(text)))
        .unwrap_or_else(|| panic!("no step runs `{text}`"))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_else(|| panic!("not a string: {value:?}"))
}

#[test]
fn runs_on_pushes_to_main_pull_requests_and_by_hand() {
    let wf = workflow();
    let on = &wf["on"];
    assert_eq!(on["push"]["branches"], serde_yaml::from_str::<Value>("[main]").unwrap());
    let triggers = on.as_mapping().unwrap();
    assert!(triggers.contains_key("pull_request"), "{on:?}");
    assert!(triggers.contains_key("workflow_dispatch"), "{on:?}");
}

#[test]
fn only_main_is_deployed_and_pull_requests_only_build_and_check() {
    let wf = workflow();
    let deploy = job(&wf, "deploy");
    assert_eq!(text(&deploy["if"]), DEPLOY_IF);
    assert_eq!(text(&deploy["needs"]), "build");
    let build = steps(job(&wf, "build"));
    let upload = &build[uses(build, "actions/upload-pages-artifact")];
    assert_eq!(text(&upload["if"]), DEPLOY_IF, "pull requests upload nothing");
    assert!(
        job(&wf, "build").get("if").is_none(),
        "the build job runs for every event"
    );
    let jobs = wf["jobs"].as_mapping().unwrap();
    assert_eq!(jobs.len(), 2, "a new job must say whether pull requests may run it");
}

#[test]
fn checks_then_builds_with_the_pages_base_url() {
    let wf = workflow();
    let steps = steps(job(&wf, "build"));
    let compile = runs(steps, "cargo build --release --locked");
    let pages = uses(steps, "actions/configure-pages");
    let check = runs(steps, "./target/release/knead check --format github");
    let build = runs(steps, "./target/release/knead build");
    let upload = uses(steps, "actions/upload-pages-artifact");
    assert!(compile < check && pages < check && check < build && build < upload);
    assert_eq!(text(&steps[pages]["id"]), "pages");
    for step in [&steps[check], &steps[build]] {
        assert!(text(&step["run"]).contains("--base-url \"$BASE_URL\""), "{step:?}");
        assert_eq!(text(&step["env"]["BASE_URL"]), "${{ steps.pages.outputs.base_url }}");
    }
}

#[test]
fn publishes_public_with_the_official_pages_actions() {
    let wf = workflow();
    let build = steps(job(&wf, "build"));
    let upload = &build[uses(build, "actions/upload-pages-artifact")];
    assert_eq!(text(&upload["with"]["path"]), "public");
    let knead_build = text(&build[runs(build, "knead build")]["run"]);
    assert!(
        !knead_build.contains("--output") && !knead_build.contains(" -o "),
        "the upload path must stay knead's default output: {knead_build}"
    );
    let deploy = job(&wf, "deploy");
    let steps = steps(deploy);
    let step = &steps[uses(steps, "actions/deploy-pages")];
    assert_eq!(text(&step["id"]), "deployment");
    assert_eq!(text(&deploy["environment"]["name"]), "github-pages");
    assert_eq!(
        text(&deploy["environment"]["url"]),
        "${{ steps.deployment.outputs.page_url }}"
    );
    assert_eq!(text(&deploy["concurrency"]["group"]), "pages");
    assert_eq!(deploy["concurrency"]["cancel-in-progress"], Value::Bool(false));
}

#[test]
fn permissions_are_least_privilege() {
    let wf = workflow();
    let perms = |v: &Value| serde_yaml::to_string(v).unwrap();
    assert_eq!(perms(&wf["permissions"]), "contents: read\n");
    assert_eq!(
        perms(&job(&wf, "deploy")["permissions"]),
        "pages: write\nid-token: write\n"
    );
    assert_eq!(
        perms(&job(&wf, "build")["permissions"]),
        "contents: read\npages: read\n"
    );
}

#[test]
fn actions_are_pinned_to_a_major_version() {
    let wf = workflow();
    for job in wf["jobs"].as_mapping().unwrap().values() {
        for action in steps(job).iter().filter_map(|s| s["uses"].as_str()) {
            let (_, version) = action.split_once('@').unwrap_or_else(|| panic!("unpinned: {action}"));
            let major = version.strip_prefix('v').unwrap_or("");
            assert!(
                !major.is_empty() && major.bytes().all(|b| b.is_ascii_digit()),
                "{action}: pin to a major version such as @v4"
            );
        }
    }
}

/// The workflow's own `knead check` and `knead build` command lines, run against a site with a
/// project-pages URL as configure-pages gives it (no trailing slash): flags and paths must work.
#[test]
fn the_workflow_commands_build_a_project_pages_site() {
    let wf = workflow();
    let steps = steps(job(&wf, "build"));
    let site = TestSite::fixture("clinic-mini");
    for index in [runs(steps, "knead check"), runs(steps, "knead build")] {
        let line = text(&steps[index]["run"]).replace("\"$BASE_URL\"", "https://user.github.io/clinic");
        let mut words = line.split_whitespace();
        assert_eq!(words.next(), Some("./target/release/knead"), "{line}");
        Command::cargo_bin("knead")
            .unwrap()
            .current_dir(site.root())
            .args(words)
            .assert()
            .success();
    }
    let home = site.read("index.html");
    assert!(
        home.contains("<link rel=\"canonical\" href=\"https://user.github.io/clinic/\">"),
        "{home}"
    );
    assert!(home.contains("href=\"/clinic/services/\""), "{home}");
}
