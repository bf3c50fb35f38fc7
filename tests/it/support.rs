//! A chainable test site: write a few files into a temp dir, build, then look at the output.

use knead::config::BuildOptions;
use knead::diagnostics::Failure;
use knead::{BuildReport, build};
use std::path::{Path, PathBuf};

pub const SITE_YAML: &str = "title: Test Clinic\nbase_url: https://clinic.example/\ntheme: probe\n";

pub struct TestSite {
    pub dir: tempfile::TempDir,
    pub options: BuildOptions,
}

impl TestSite {
    /// A site with `site.yaml`, a home page and the `probe` test theme (plain markup that shows
    /// every template variable, so tests do not depend on the bundled theme's design).
    pub fn new() -> Self {
        let site = TestSite::empty()
            .file("site.yaml", SITE_YAML)
            .file("content/_index.md", "---\ntitle: Test Clinic\n---\nWelcome.\n");
        copy_dir(&fixtures().join("probe-theme"), &site.root().join("themes/probe"));
        site
    }

    /// Like [`TestSite::new`] but with the theme bundled in the binary.
    pub fn bundled_theme() -> Self {
        TestSite::empty()
            .file("site.yaml", "title: Test Clinic\nbase_url: https://clinic.example/\n")
            .file("content/_index.md", "---\ntitle: Test Clinic\n---\nWelcome.\n")
    }

    /// A copy of `tests/fixtures/<name>` (never built in place, so the repo stays clean).
    pub fn fixture(name: &str) -> Self {
        let site = TestSite::empty();
        copy_dir(&fixtures().join(name), site.root());
        copy_dir(&fixtures().join("probe-theme"), &site.root().join("themes/probe"));
        site
    }

    pub fn empty() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut options = BuildOptions::new(dir.path());
        options.today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        TestSite { dir, options }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.options.output_dir()
    }

    pub fn file(self, path: &str, text: &str) -> Self {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
        self
    }

    /// `content/<path>` with front matter `front` (YAML lines) and a markdown body.
    pub fn page(self, path: &str, front: &str, body: &str) -> Self {
        self.file(&format!("content/{path}"), &format!("---\n{front}\n---\n{body}"))
    }

    pub fn with(mut self, change: impl FnOnce(&mut BuildOptions)) -> Self {
        change(&mut self.options);
        self
    }

    pub fn build(&self) -> Result<BuildReport, Failure> {
        build(&self.options)
    }

    #[track_caller]
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(failure) => panic!("build failed:\n{failure}"),
        }
    }

    /// The diagnostics of a build that must fail, one string each.
    #[track_caller]
    pub fn errors(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("build succeeded but should have failed"),
            Err(failure) => failure.diagnostics.iter().map(ToString::to_string).collect(),
        }
    }

    /// First line (`path:line:col: error: message`) of each diagnostic.
    #[track_caller]
    pub fn error_lines(&self) -> Vec<String> {
        self.errors()
            .iter()
            .map(|e| e.lines().next().unwrap().to_string())
            .collect()
    }

    /// Runs the `knead` binary as `knead ARGS --root SITE`: its exit code, stdout and stderr.
    #[track_caller]
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = assert_cmd::Command::cargo_bin("knead")
            .unwrap()
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    pub fn exists(&self, out: &str) -> bool {
        self.public().join(out).exists()
    }

    #[track_caller]
    pub fn read(&self, out: &str) -> String {
        std::fs::read_to_string(self.public().join(out)).unwrap_or_else(|e| panic!("cannot read {out}: {e}"))
    }

    #[track_caller]
    pub fn html(&self, out: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(out))
    }

    /// The display path of a file under the site root, as knead prints it.
    pub fn shown(&self, rel: &str) -> String {
        format!("{}/{rel}", self.root().display())
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Text of every element matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Attribute `attr` of every element matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, for comparing whole output trees.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The whole response to `GET path`, sent exactly as written (no client-side normalisation of
/// `..`), from a server on `addr`.
pub fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
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

/// A PNG signature and header chunk claiming `width` × `height`, then a little data.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc.sum().to_be_bytes());
    png.extend([0u8; 64]);
    png
}

/// A PNG of `width` × `height` with a gradient, made with the `image` crate.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    gradient(width, height)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// A gradient photo, so encoders have something to keep.
pub fn gradient(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, ((x + y) % 256) as u8])
    })
}
