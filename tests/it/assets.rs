//! Long-cache friendly output: fingerprinted asset names, `_headers`, `--minify`, `--precompress`,
//! and the same bytes for the same input with all of them on.

use crate::support::{SITE_YAML, TestSite, attrs, texts, tree};
use assert_cmd::Command;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;

/// The first 8 hex digits of the SHA-256 of `bytes`, as fingerprinted names carry them.
fn hash8(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `href` of the home page's stylesheet link.
fn stylesheet(site: &TestSite) -> String {
    attrs(&site.html("index.html"), "link[rel=stylesheet]", "href").remove(0)
}

fn json_ld(html: &[u8]) -> Vec<serde_json::Value> {
    let doc = scraper::Html::parse_document(std::str::from_utf8(html).unwrap());
    texts(&doc, "script[type='application/ld+json']")
        .iter()
        .map(|text| serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}")))
        .collect()
}

#[test]
fn asset_links_a_copy_named_by_the_hash_of_its_bytes() {
    let site = TestSite::new();
    site.build_ok();
    let href = stylesheet(&site);
    let file = href.strip_prefix('/').unwrap();
    let bytes = std::fs::read(site.public().join(file)).unwrap();
    assert_eq!(file, format!("probe.{}.css", hash8(&bytes)));
    assert_eq!(
        bytes,
        std::fs::read(site.root().join("themes/probe/static/probe.css")).unwrap()
    );
    assert!(
        site.exists("probe.css"),
        "the plain name stays, for links from elsewhere"
    );
}

#[test]
fn the_name_changes_with_the_content_and_only_then() {
    let site = TestSite::new();
    site.build_ok();
    let first = stylesheet(&site);
    site.build_ok();
    assert_eq!(stylesheet(&site), first);
    let site = site.file("themes/probe/static/probe.css", "body { color: teal }\n");
    site.build_ok();
    let second = stylesheet(&site);
    assert_ne!(second, first);
    assert!(
        !site.exists(first.trim_start_matches('/')),
        "the old copy went with the old build"
    );
}

#[test]
fn fingerprint_false_links_plain_names() {
    let site = TestSite::new().file("site.yaml", &format!("{SITE_YAML}fingerprint: false\n"));
    site.build_ok();
    assert_eq!(stylesheet(&site), "/probe.css");
    let css: Vec<String> = tree(&site.public())
        .into_keys()
        .filter(|f| f.ends_with(".css"))
        .collect();
    assert_eq!(css, ["probe.css"]);
}

#[test]
fn stylesheet_urls_point_at_fingerprinted_copies_too() {
    let font = b"wOF2 not really a font";
    let site = TestSite::new()
        .file(
            "static/probe.css",
            "@font-face { font-family: K; src: url(fonts/k.woff2) format(\"woff2\") }\n\
             body { background: url(\"https://cdn.example/x.png\") }\n",
        )
        .bytes("static/fonts/k.woff2", font);
    site.build_ok();
    let css = site.read(stylesheet(&site).trim_start_matches('/'));
    let hashed_font = format!("fonts/k.{}.woff2", hash8(font));
    assert!(css.contains(&format!("url(\"{hashed_font}\")")), "{css}");
    assert!(css.contains("https://cdn.example/x.png"), "{css}");
    assert_eq!(std::fs::read(site.public().join(&hashed_font)).unwrap(), font);
    assert!(
        site.read("probe.css").contains("url(fonts/k.woff2)"),
        "the plain copy is as written"
    );
}

#[test]
fn headers_give_fingerprinted_files_a_year_under_the_base_path() {
    let site = TestSite::new().with(|o| {
        o.headers = true;
        o.base_url = Some("https://user.github.io/clinic/".into());
    });
    site.build_ok();
    let css = stylesheet(&site);
    assert!(css.starts_with("/clinic/probe."), "{css}");
    let headers = site.read("_headers");
    let rules: Vec<&str> = headers.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rules,
        [css.as_str(), "  Cache-Control: public, max-age=31536000, immutable"]
    );
}

#[test]
fn no_headers_file_unless_asked() {
    let site = TestSite::new();
    site.build_ok();
    assert!(!site.exists("_headers"));
}

#[test]
fn a_sites_own_headers_file_wins_with_a_warning() {
    let own = "/*\n  X-Frame-Options: DENY\n";
    let site = TestSite::new()
        .file("site.yaml", &format!("{SITE_YAML}headers: true\n"))
        .file("static/_headers", own);
    let report = site.build_ok();
    assert_eq!(site.read("_headers"), own);
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|w| w.to_string().lines().next().unwrap().to_string())
        .filter(|w| w.contains("_headers"))
        .collect();
    assert_eq!(
        warnings,
        ["static/_headers: warning: `headers: true`, but this _headers is used as it is; knead does not generate one"]
    );
}

#[test]
fn minify_shrinks_pages_and_css_and_keeps_json_ld_intact() {
    let plain = TestSite::fixture("clinic-mini");
    plain.build_ok();
    let small = TestSite::fixture("clinic-mini").with(|o| o.minify = true);
    small.build_ok();
    let (before, after) = (tree(&plain.public()), tree(&small.public()));
    let pages: Vec<&String> = before.keys().filter(|p| p.ends_with(".html")).collect();
    let mut graphs = 0;
    for page in &pages {
        let (old, new) = (&before[*page], &after[*page]);
        assert!(new.len() < old.len(), "{page}: {} -> {} bytes", old.len(), new.len());
        let ld = json_ld(new);
        assert_eq!(ld, json_ld(old), "{page}: JSON-LD changed");
        graphs += ld.len();
    }
    assert!(
        graphs > 5 && graphs < pages.len(),
        "{graphs} JSON-LD blocks in {} pages",
        pages.len()
    );
    let css = stylesheet(&small);
    let bytes = &after[css.trim_start_matches('/')];
    assert!(
        css.ends_with(&format!(".{}.css", hash8(bytes))),
        "named by its minified bytes"
    );
    assert!(bytes.len() < before["style.css"].len());
    assert_eq!(after["style.css"], *bytes, "the plain copy is minified too");
}

#[test]
fn precompressed_siblings_decompress_to_the_file_beside_them() {
    let site = TestSite::fixture("clinic-mini").with(|o| o.precompress = true);
    site.build_ok();
    let files = tree(&site.public());
    let mut checked = 0;
    for (path, bytes) in &files {
        let plain = if let Some(original) = path.strip_suffix(".gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).unwrap();
            assert_eq!(&bytes[4..8], [0, 0, 0, 0], "{path}: a time in the gzip header");
            (original, out)
        } else if let Some(original) = path.strip_suffix(".br") {
            let mut out = Vec::new();
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_end(&mut out)
                .unwrap();
            (original, out)
        } else {
            continue;
        };
        assert_eq!(plain.1, files[plain.0], "{path}");
        checked += 1;
    }
    for (path, bytes) in &files {
        let text = [".html", ".css", ".xml"].iter().any(|e| path.ends_with(e));
        let expected = text && bytes.len() >= 1024;
        assert_eq!(files.contains_key(&format!("{path}.gz")), expected, "{path}.gz");
        assert_eq!(files.contains_key(&format!("{path}.br")), expected, "{path}.br");
    }
    assert!(checked > 20, "only {checked} siblings");
    assert!(!files.contains_key("robots.txt.gz"), "too small to be worth it");
}

/// `knead build` with every asset flag, on `threads` rayon threads, into a fresh directory.
fn build_with_every_flag(site: &TestSite, threads: &str, out: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = site.root().join(out);
    Command::cargo_bin("knead")
        .unwrap()
        .env("RAYON_NUM_THREADS", threads)
        .args(["build", "--minify", "--precompress", "--headers", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&dir)
        .assert()
        .success();
    tree(&dir)
}

#[test]
fn every_flag_on_the_same_input_gives_the_same_bytes() {
    let site = TestSite::fixture("clinic-mini");
    let one = build_with_every_flag(&site, "1", "out-one");
    let again = build_with_every_flag(&site, "8", "out-again");
    assert!(one.contains_key("_headers") && one.contains_key("index.html.br"));
    assert!(one.keys().any(|f| f.starts_with("style.") && f.ends_with(".css.gz")));
    assert_eq!(one, again);
}

#[test]
fn the_dev_server_serves_the_fingerprinted_stylesheet() {
    use knead::serve::{DevServer, ServeOptions};
    let site = TestSite::fixture("clinic-mini");
    let options = ServeOptions {
        build: site.options.clone(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        write_output: false,
    };
    let server = DevServer::start(options, std::sync::Arc::new(|_| {})).unwrap();
    let home = crate::support::http_get(server.addr(), "/");
    let doc = scraper::Html::parse_document(&home);
    let href = attrs(&doc, "link[rel=stylesheet]", "href").remove(0);
    assert!(href.len() > "/style.css".len(), "{href}");
    let css = crate::support::http_get(server.addr(), &href);
    assert!(
        css.starts_with("HTTP/1.1 200") && css.contains(":root"),
        "{href}: {css:.200}"
    );
}
