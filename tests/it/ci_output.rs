//! What CI logs see: plain text without colour codes, exit codes to script on, and the same
//! output whichever way the base URL is given.
//!
//! Byte-identical output across builds and thread counts is pinned in `output.rs` and `cli.rs`.

use crate::support::{TestSite, tree};
use assert_cmd::Command;

/// `knead` with the colour variables of the calling environment removed, and `NO_COLOR` as given.
fn knead(no_color: Option<&str>) -> Command {
    let mut cmd = Command::cargo_bin("knead").unwrap();
    cmd.env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    cmd
}

#[track_caller]
fn assert_plain(what: &str, bytes: &[u8]) {
    assert!(
        !bytes.contains(&0x1b),
        "{what} has an escape byte:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn no_colour_codes_in_output_or_errors_with_or_without_no_color() {
    let good = TestSite::fixture("clinic-mini");
    let bad = TestSite::fixture("clinic-mini").page("services/bad.md", "titel: Bad", "Go [x](@/nope.md).");
    let cases: [(&str, &TestSite, &[&str], i32); 5] = [
        ("build", &good, &["build"], 0),
        ("check", &good, &["check", "--format", "github"], 0),
        ("failed build", &bad, &["build"], 1),
        ("failed check", &bad, &["check", "--format", "github"], 1),
        ("usage error", &good, &["build", "--no-such-flag"], 2),
    ];
    for no_color in [None, Some("1")] {
        for (what, site, args, code) in cases {
            let out = knead(no_color).current_dir(site.root()).args(args).output().unwrap();
            let what = format!("{what} (NO_COLOR={no_color:?})");
            assert_eq!(
                out.status.code(),
                Some(code),
                "{what}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_plain(&format!("stdout of {what}"), &out.stdout);
            assert_plain(&format!("stderr of {what}"), &out.stderr);
            assert!(
                !out.stdout.is_empty() || !out.stderr.is_empty(),
                "{what} printed nothing"
            );
        }
    }
}

#[test]
fn usage_errors_exit_2_and_name_the_flag() {
    let site = TestSite::fixture("clinic-mini");
    let out = knead(None)
        .current_dir(site.root())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: invalid value 'json' for '--format <FORMAT>'"),
        "{stderr}"
    );
    assert!(!site.public().exists(), "a usage error builds nothing");
}

#[test]
fn base_url_flag_and_environment_give_identical_trees() {
    let site = TestSite::fixture("clinic-mini");
    let (flag, env) = (site.root().join("out-flag"), site.root().join("out-env"));
    knead(None)
        .current_dir(site.root())
        .args(["build", "--base-url", "https://user.github.io/clinic", "--output"])
        .arg(&flag)
        .assert()
        .success();
    knead(None)
        .current_dir(site.root())
        .env("KNEAD_BASE_URL", "https://user.github.io/clinic/")
        .args(["build", "--output"])
        .arg(&env)
        .assert()
        .success();
    let built = tree(&flag);
    assert!(built.len() > 10, "fixture too small: {}", built.len());
    assert_eq!(built, tree(&env));
}

#[test]
fn an_empty_base_url_variable_is_an_error_not_the_config_value() {
    let site = TestSite::fixture("clinic-mini");
    let out = knead(None)
        .current_dir(site.root())
        .env("KNEAD_BASE_URL", "")
        .arg("build")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: --base-url: `` is not an absolute http(s) URL"),
        "{stderr}"
    );
    assert!(!site.public().exists());
}
