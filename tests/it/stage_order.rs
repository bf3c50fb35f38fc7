//! The library's modules import one way: each may use only the modules listed before it in
//! [`ORDER`], so the pipeline's stages (load → plan → resolve → render → check → commit) never
//! reach into a later one, what every stage shares never reaches into a stage, and only the
//! modules around the pipeline use `lib.rs`, which runs the stages. `main.rs`, the command line,
//! is not part of the library.
//!
//! `cargo test stage_order -- --nocapture` prints what each module uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every top-level module of `src/`, each allowed to use only those before it.
const ORDER: &[&str] = &[
    // Shared by every stage.
    "utf8",
    "diagnostics",
    "timing",
    "control_chars",
    "url_path",
    "minify",
    "sink",
    "yaml",
    "site_root",
    "images",
    "config",
    // The stages, in the order a build runs them.
    "load",
    "plan",
    "resolve",
    "render",
    "check",
    "commit",
    // The crate root, `lib.rs`: the functions that run the stages in order (`build`, ...).
    "lib",
    // Around the pipeline.
    "scaffold",
    "live",
    "serve",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The `.rs` files under `dir`, recursively.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`lib` for `lib.rs`); `None` for `main.rs`.
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    match first.strip_suffix(".rs") {
        Some("main") => None,
        Some(stem) => Some(stem.to_string()),
        None => Some(first),
    }
}

/// The top-level names a line of code uses through `crate::` (`crate::load::Site`, and each item
/// of `use crate::{load, plan::Plan}`): modules, or items of the crate root.
fn crate_modules(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 && (c == ',' || c == '}') {
                    found.push(std::mem::take(&mut item));
                } else if depth == 0 && c != '}' {
                    item.push(c);
                }
            }
            found.push(item);
        } else {
            found.push(
                after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
        rest = after;
    }
    found
        .into_iter()
        .map(|item| item.trim().split("::").next().unwrap_or("").to_string())
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

/// For every module: the modules it uses, each with the first place it does. A name that is not
/// a module is an item of the crate root, `lib`.
fn imports() -> BTreeMap<String, BTreeMap<String, String>> {
    let modules: BTreeSet<&str> = ORDER.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut uses: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&file) else { continue };
        let text = std::fs::read_to_string(&file).expect("read source");
        let entry = uses.entry(module.clone()).or_default();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for used in crate_modules(line) {
                let used = if modules.contains(used.as_str()) {
                    used
                } else {
                    "lib".to_string()
                };
                if used != module {
                    let at = format!("{}:{}", file.strip_prefix(src()).unwrap_or(&file).display(), n + 1);
                    entry.entry(used).or_insert(at);
                }
            }
        }
    }
    uses
}

#[test]
fn the_crate_modules_are_found_in_use_lines_and_paths() {
    assert_eq!(crate_modules("use crate::load::Site;"), ["load"]);
    assert_eq!(
        crate_modules("use crate::{load::{Page, Site}, plan, render::views::Urls};"),
        ["load", "plan", "render"]
    );
    assert_eq!(
        crate_modules("let x = crate::plan::pager_path(crate::url_path::normalize(p));"),
        ["plan", "url_path"]
    );
    assert!(crate_modules("let s = \"no modules here\";").is_empty());
}

#[test]
fn every_module_is_listed_once() {
    let listed: BTreeSet<&str> = ORDER.iter().copied().collect();
    assert_eq!(listed.len(), ORDER.len(), "a module is listed twice in ORDER");
    let found: BTreeSet<String> = imports().into_keys().collect();
    let found: BTreeSet<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(
        found, listed,
        "src/ has modules ORDER does not list, or ORDER lists modules src/ lacks"
    );
}

#[test]
fn no_module_imports_a_later_one() {
    let rank: BTreeMap<&str, usize> = ORDER.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut wrong = Vec::new();
    for (module, used) in imports() {
        let names: Vec<&str> = used.keys().map(String::as_str).collect();
        println!(
            "{module:>14} uses {}",
            if names.is_empty() { "-".into() } else { names.join(", ") }
        );
        let Some(&own) = rank.get(module.as_str()) else {
            continue;
        };
        for (other, at) in &used {
            match rank.get(other.as_str()) {
                Some(&theirs) if theirs < own => {}
                Some(_) => wrong.push(format!("{at}: `{module}` uses `{other}`, which comes after it")),
                None => unreachable!("`{other}` is a listed module or `lib`"),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the stage order:\n{}",
        wrong.join("\n")
    );
}
