//! Long-cache friendly output: fingerprinted asset names.

use crate::support::{SITE_YAML, TestSite, attrs, tree};
use sha2::{Digest, Sha256};
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
    let home = http_get(server.addr(), "/");
    let doc = scraper::Html::parse_document(&home);
    let href = attrs(&doc, "link[rel=stylesheet]", "href").remove(0);
    assert!(href.len() > "/style.css".len(), "{href}");
    let css = http_get(server.addr(), &href);
    assert!(
        css.starts_with("HTTP/1.1 200") && css.contains(":root"),
        "{href}: {css:.200}"
    );
}

/// The whole response to `GET path`.
fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}
