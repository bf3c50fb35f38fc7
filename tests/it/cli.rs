//! The `knead` binary: exit codes, output streams, thread-count independence.

use crate::support::{TestSite, fixtures, tree};
use assert_cmd::Command;

fn knead() -> Command {
    Command::cargo_bin("knead").unwrap()
}

#[test]
fn build_prints_one_summary_line() {
    let site = TestSite::fixture("clinic-mini");
    let out = knead().args(["build", "--root"]).arg(site.root()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("built ") && stdout.contains(" pages, ") && stdout.contains(" ms -> "),
        "{stdout}"
    );
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn build_timings_lists_each_step_after_the_summary() {
    let site = TestSite::fixture("clinic-mini");
    let out = knead()
        .args(["build", "--timings", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut lines = stdout.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("built ")), "{stdout}");
    let steps: Vec<&str> = lines
        .map(|l| {
            // `  load      412.3 ms   801.0 ms CPU    93 MiB peak`
            let rest = l.trim().strip_suffix(" MiB peak").unwrap_or_else(|| panic!("{l:?}"));
            let (rest, mib) = rest.rsplit_once(' ').unwrap_or_else(|| panic!("{l:?}"));
            assert!(mib.parse::<u64>().is_ok_and(|mib| mib > 0), "{l:?}");
            let rest = rest
                .trim_end()
                .strip_suffix(" ms CPU")
                .unwrap_or_else(|| panic!("{l:?}"));
            let (rest, cpu) = rest.rsplit_once(' ').unwrap_or_else(|| panic!("{l:?}"));
            let rest = rest.trim_end().strip_suffix(" ms").unwrap_or_else(|| panic!("{l:?}"));
            let (step, wall) = rest.rsplit_once(' ').unwrap_or_else(|| panic!("{l:?}"));
            for ms in [wall, cpu] {
                assert!(ms.parse::<f64>().is_ok_and(|ms| ms >= 0.0), "{l:?}");
            }
            step.trim()
        })
        .collect();
    assert_eq!(
        steps,
        ["load", "plan, links, graph", "render, scan, write", "check", "swap in"]
    );
}

#[test]
fn errors_go_to_stderr_with_exit_code_1() {
    let site = TestSite::fixture("clinic-mini").page("services/bad.md", "titel: Bad", "");
    let out = knead().args(["build", "--root"]).arg(site.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("content/services/bad.md:2:1: error: unknown field `titel`"),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean `title`?"), "{stderr}");
    assert!(stderr.trim_end().ends_with("error: 1 problem found"), "{stderr}");
}

#[test]
fn relative_root_gives_relative_paths_in_messages() {
    let site = TestSite::fixture("clinic-mini").page("x.md", "title: X\ndate: nope", "");
    let out = knead().current_dir(site.root()).arg("build").output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("content/x.md:3:7: error: invalid date `nope`"),
        "{stderr}"
    );
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let site = TestSite::fixture("clinic-mini");
    let one = site.root().join("out-one");
    let many = site.root().join("out-many");
    knead()
        .env("RAYON_NUM_THREADS", "1")
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&one)
        .assert()
        .success();
    knead()
        .env("RAYON_NUM_THREADS", "8")
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&many)
        .assert()
        .success();
    assert_eq!(tree(&one), tree(&many));
}

#[test]
fn base_url_flag_and_environment_override_the_config() {
    let site = TestSite::fixture("clinic-mini");
    let out = site.root().join("out");
    knead()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&out)
        .args(["--base-url", "https://preview.example/clinic"])
        .assert()
        .success();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"https://preview.example/clinic/\""),
        "canonical not rewritten"
    );
    assert!(
        home.contains("href=\"/clinic/services/\""),
        "links not under the base path"
    );
    knead()
        .env("KNEAD_BASE_URL", "https://env.example/")
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"https://env.example/\""));
}

#[test]
fn the_repository_clinic_site_builds() {
    let root = fixtures().parent().unwrap().parent().unwrap().to_path_buf();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    knead()
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("services/deep-tissue-massage/index.html").is_file());
    assert!(out.join("guides/how-muscles-recover/index.html").is_file());
}

/// A site whose one page has 200 links to pages that do not exist.
fn site_with_200_broken_links() -> TestSite {
    let links: String = (0..200).map(|i| format!("[gone {i}](@/gone-{i:03}.md)\n\n")).collect();
    TestSite::fixture("clinic-mini").page("broken.md", "title: Broken", &links)
}

#[test]
fn many_errors_of_one_kind_print_the_first_twenty_and_a_count() {
    let site = site_with_200_broken_links();
    let out = knead().args(["build", "--root"]).arg(site.root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let shown: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error: link to `@/gone-"))
        .collect();
    assert_eq!(shown.len(), 20, "{stderr}");
    assert!(shown[0].contains("`@/gone-000.md`: no such page"), "{stderr}");
    assert!(shown[19].contains("`@/gone-019.md`: no such page"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[lines.len() - 2..],
        [
            "note: 180 more errors like \"link to `…`\" not shown (20 of that kind are above)",
            "error: 200 problems found"
        ],
        "{stderr}"
    );
}

#[test]
fn github_annotations_are_capped_the_same_way() {
    let site = site_with_200_broken_links();
    let out = knead()
        .args(["check", "--format", "github", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let annotations: Vec<&str> = stdout.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(annotations.len(), 20, "{stdout}");
    assert_eq!(stdout.lines().count(), 20, "only annotations on stdout: {stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "note: 180 more errors like \"link to `…`\" not shown (20 of that kind are above)",
            "error: 200 problems found"
        ],
        "{stderr}"
    );
}

#[test]
fn counts_are_singular_for_one() {
    let site = TestSite::fixture("clinic-mini").page("services/bad.md", "titel: Bad", "");
    let (code, _, stderr) = site.run(&["check", "--format", "github"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "error: 1 problem found\n");
    let site = TestSite::bundled_theme()
        .file(
            "content/_index.md",
            "---\ntitle: Test Clinic\ndescription: \"A home page with a description long enough for search engines.\"\n---\nWelcome to [the only page](@/only.md).\n",
        )
        .page(
            "only.md",
            "title: Only\ndescription: \"The one page of the site, with a description long enough to pass.\"",
            "One page.",
        );
    let (code, stdout, stderr) = site.run(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "checked 1 page: no errors, 0 warnings\n");
    let (_, stdout, _) = site.run(&["build"]);
    assert!(stdout.starts_with("built 1 page, 1 section, "), "{stdout}");
}
