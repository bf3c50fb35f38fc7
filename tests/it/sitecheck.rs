//! The repository's clinic site judged by `../shared/tools/sitecheck`, the outside tools a reviewer
//! would run, under a root base URL and under a GitHub Pages path prefix.
//!
//! sitecheck needs its tools (`../shared/tools/install-sitecheck.sh`, which `.ci/run` runs); a
//! missing install fails these tests with the command that fixes it, it never skips them.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sitecheck_bin() -> PathBuf {
    let bin = repository().join("../shared/tools/sitecheck");
    assert!(
        bin.is_file(),
        "{} is missing: these tests need the shared tools beside the repository",
        bin.display()
    );
    bin
}

/// Builds the clinic site for `base_url` with `flags` into `out`.
fn build(out: &Path, base_url: &str, flags: &[&str]) {
    Command::cargo_bin("knead")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(repository())
        .arg("--output")
        .arg(out)
        .args(["--base-url", base_url])
        .args(flags)
        .assert()
        .success();
}

/// Runs sitecheck with `--only checks` and returns its output; panics with it unless every check
/// passed.
#[track_caller]
fn sitecheck(site: &Path, base_url: &str, checks: &str) -> String {
    let out = std::process::Command::new(sitecheck_bin())
        .arg(site)
        .args(["--base-url", base_url, "--only", checks])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let help = "(if a tool is missing: ../shared/tools/install-sitecheck.sh)";
    assert!(out.status.success(), "sitecheck failed {help}:\n{text}");
    for check in checks.split(',') {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{check}: PASS"))),
            "no `{check}: PASS` line {help}:\n{text}"
        );
    }
    text
}

#[test]
fn the_clinic_site_passes_links_sitemap_and_seo_at_a_root_and_under_a_path_prefix() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, base_url) in [
        ("root", "https://example.org/"),
        ("prefixed", "https://user.github.io/clinic/"),
    ] {
        let out = tmp.path().join(name);
        build(&out, base_url, &[]);
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        let prefix = if name == "root" { "/" } else { "/clinic/" };
        assert!(
            home.contains(&format!("href=\"{prefix}style.")),
            "stylesheet not under {prefix}"
        );
        sitecheck(&out, base_url, "links,sitemap,seo");
    }
}

#[test]
fn the_clinic_site_with_every_asset_flag_is_valid_html_and_passes_the_same_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let base_url = "https://user.github.io/clinic/";
    build(tmp.path(), base_url, &["--minify", "--precompress", "--headers"]);
    assert!(tmp.path().join("_headers").is_file() && tmp.path().join("index.html.br").is_file());
    sitecheck(tmp.path(), base_url, "html,css,links,sitemap,seo");
}
