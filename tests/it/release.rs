//! Release archives and the install script: `dist/package.sh` packages a binary as the release
//! workflow does on each platform, `install.sh` installs the archive for the machine it runs on
//! once its checksum matches. Both run here against archives made from the test build of knead
//! (never an optimised build), served on 127.0.0.1.

use crate::commands::{run_bounded, text};
use serde_yaml::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The archive the GitHub Pages workflow and install.sh download on Linux x86_64.
pub const LINUX_ARCHIVE: &str = "knead-x86_64-unknown-linux-musl.tar.gz";

pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Rust target of the machine running the tests (the test binary was built for it).
fn host_target() -> String {
    let arch = std::env::consts::ARCH;
    match std::env::consts::OS {
        "macos" => format!("{arch}-apple-darwin"),
        _ => format!("{arch}-unknown-linux-gnu"),
    }
}

/// Runs `dist/package.sh TARGET --binary <the test build of knead> --out DIR`.
pub fn package(target: &str, out: &Path) -> Output {
    package_with(target, out, &[])
}

/// [`package`] with more options (`--pgo`).
fn package_with(target: &str, out: &Path, options: &[&str]) -> Output {
    run_bounded(
        Command::new("sh")
            .arg(repository().join("dist/package.sh"))
            .arg(target)
            .arg("--binary")
            .arg(env!("CARGO_BIN_EXE_knead"))
            .args(options)
            .arg("--out")
            .arg(out),
        Duration::from_secs(180),
    )
}

/// A directory holding [`LINUX_ARCHIVE`] and its `.sha256`, packaged once per test run from the
/// test build of knead (which runs here whatever the name says).
pub fn linux_release() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("release-archive");
        let _ = std::fs::remove_dir_all(&dir);
        let out = package("x86_64-unknown-linux-musl", &dir);
        assert!(out.status.success(), "{}", text(&out));
        dir
    })
}

/// An HTTP server on 127.0.0.1 that answers `GET` for the given URL paths with the given files
/// and 404 for anything else, and records every path asked for. Stops when dropped.
pub struct FileServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FileServer {
    pub fn start(files: BTreeMap<String, PathBuf>) -> FileServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::spawn({
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => answer_get(stream, &files, &requests),
                        Err(_) => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
            }
        });
        FileServer {
            url,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    /// Serves the archive and checksum in `dir` as release `version` of knead: the paths under
    /// `/download/vVERSION/` that GitHub gives release assets.
    pub fn release(dir: &Path, version: &str) -> FileServer {
        let files = [LINUX_ARCHIVE.to_string(), format!("{LINUX_ARCHIVE}.sha256")]
            .into_iter()
            .map(|name| (format!("/download/v{version}/{name}"), dir.join(&name)))
            .collect();
        FileServer::start(files)
    }
}

impl Drop for FileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn sha256_hex(path: &Path) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies `dir`'s archive and checksum into `to`, with the archive's last byte changed.
pub fn tampered_copy(dir: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let mut bytes = std::fs::read(dir.join(LINUX_ARCHIVE)).unwrap();
    *bytes.last_mut().unwrap() ^= 0xff;
    std::fs::write(to.join(LINUX_ARCHIVE), bytes).unwrap();
    let checksum = format!("{LINUX_ARCHIVE}.sha256");
    std::fs::copy(dir.join(&checksum), to.join(&checksum)).unwrap();
}

#[test]
fn package_script_archives_the_stripped_binary_with_its_checksum() {
    let target = host_target();
    let out = tempfile::tempdir().unwrap();
    let packaged = package(&target, out.path());
    assert!(packaged.status.success(), "{}", text(&packaged));
    let archive = out.path().join(format!("knead-{target}.tar.gz"));
    let checksum = out.path().join(format!("knead-{target}.tar.gz.sha256"));
    assert_eq!(
        String::from_utf8(packaged.stdout).unwrap(),
        format!("{}\n{}\n", archive.display(), checksum.display())
    );
    assert_eq!(
        std::fs::read_to_string(&checksum).unwrap(),
        format!("{}  knead-{target}.tar.gz\n", sha256_hex(&archive))
    );

    let unpacked = tempfile::tempdir().unwrap();
    let listing = run_bounded(Command::new("tar").arg("-tzf").arg(&archive), Duration::from_secs(60));
    let mut entries: Vec<String> = String::from_utf8(listing.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim_end_matches('/').to_string())
        .collect();
    entries.sort();
    let dir = format!("knead-{target}");
    assert_eq!(
        entries,
        [dir.clone(), format!("{dir}/README.md"), format!("{dir}/knead")]
    );
    let extracted = run_bounded(
        Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(unpacked.path()),
        Duration::from_secs(60),
    );
    assert!(extracted.status.success(), "{}", text(&extracted));
    let binary = unpacked.path().join(&dir).join("knead");
    let original = std::fs::metadata(env!("CARGO_BIN_EXE_knead")).unwrap().len();
    let stripped = std::fs::metadata(&binary).unwrap().len();
    assert!(stripped < original / 2, "not stripped: {stripped} bytes of {original}");
    let version = run_bounded(Command::new(&binary).arg("--version"), Duration::from_secs(30));
    let expected = run_bounded(
        Command::new(env!("CARGO_BIN_EXE_knead")).arg("--version"),
        Duration::from_secs(30),
    );
    assert!(version.status.success());
    assert_eq!(version.stdout, expected.stdout);
}

#[test]
fn package_script_refuses_to_guide_a_binary_it_did_not_build() {
    let out = tempfile::tempdir().unwrap();
    let packaged = package_with("x86_64-unknown-linux-musl", out.path(), &["--pgo"]);
    assert_eq!(packaged.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&packaged.stderr),
        "package.sh: error: --pgo builds the binary; it cannot package one given with --binary\n"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn package_script_refuses_a_target_that_is_not_one() {
    let out = tempfile::tempdir().unwrap();
    let packaged = package("linux", out.path());
    assert_eq!(packaged.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&packaged.stderr),
        "package.sh: error: linux is not a Rust target such as x86_64-unknown-linux-musl\n"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

/// Runs install.sh with `env`, HOME in a fresh temp dir and the install dir under it; `path_first`
/// goes before the PATH (for a stand-in `uname`).
fn install(env: &[(&str, &str)], home: &Path, path_first: Option<&Path>) -> Output {
    let mut command = Command::new("sh");
    command
        .arg(repository().join("install.sh"))
        .env("HOME", home)
        .env_remove("KNEAD_VERSION")
        .env_remove("KNEAD_INSTALL_DIR")
        .env_remove("KNEAD_RELEASES");
    if let Some(dir) = path_first {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let paths = std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&path));
        command.env("PATH", std::env::join_paths(paths).unwrap());
    }
    command.envs(env.iter().copied());
    run_bounded(&mut command, Duration::from_secs(120))
}

#[test]
fn install_script_installs_the_release_for_this_machine_once_its_checksum_matches() {
    let server = FileServer::release(linux_release(), "0.1.0");
    let home = tempfile::tempdir().unwrap();
    let installed = install(
        &[("KNEAD_RELEASES", &server.url), ("KNEAD_VERSION", "v0.1.0")],
        home.path(),
        None,
    );
    assert!(installed.status.success(), "{}", text(&installed));
    let binary = home.path().join(".local/bin/knead");
    let version = run_bounded(Command::new(&binary).arg("--version"), Duration::from_secs(30));
    let version = String::from_utf8(version.stdout).unwrap();
    assert!(version.starts_with("knead "), "{version}");
    let stdout = String::from_utf8(installed.stdout).unwrap();
    assert!(
        stdout.contains(&format!(
            "installed {} in {}",
            version.trim_end(),
            binary.parent().unwrap().display()
        )),
        "{stdout}"
    );
    assert_eq!(
        *server.requests.lock().unwrap(),
        [
            format!("/download/v0.1.0/{LINUX_ARCHIVE}"),
            format!("/download/v0.1.0/{LINUX_ARCHIVE}.sha256")
        ]
    );

    // A download that does not match its checksum installs nothing, even over an older knead.
    let tampered = tempfile::tempdir().unwrap();
    tampered_copy(linux_release(), tampered.path());
    let stderr = refused_over_an_older_knead(tampered.path(), home.path());
    assert!(
        stderr.starts_with(&format!(
            "install.sh: error: {LINUX_ARCHIVE} does not match its checksum (expected "
        )),
        "{stderr}"
    );
    assert!(stderr.ends_with("; nothing was installed\n"), "{stderr}");
}

/// Runs `install.sh` for release 0.1.0 served from `release` over an older knead in `home`,
/// which must fail (exit 1) and leave the older knead as it was; returns what it printed to
/// standard error.
#[track_caller]
fn refused_over_an_older_knead(release: &Path, home: &Path) -> String {
    const OLDER: &[u8] = b"#!/bin/sh\necho old knead\n";
    let server = FileServer::release(release, "0.1.0");
    let binary = home.join(".local/bin/knead");
    std::fs::create_dir_all(binary.parent().unwrap()).unwrap();
    std::fs::write(&binary, OLDER).unwrap();
    let refused = install(
        &[("KNEAD_RELEASES", &server.url), ("KNEAD_VERSION", "0.1.0")],
        home,
        None,
    );
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert_eq!(std::fs::read(&binary).unwrap(), OLDER);
    assert!(!binary.with_file_name(".knead.new").exists());
    String::from_utf8(refused.stderr).unwrap()
}

#[test]
fn install_script_picks_the_archive_for_each_platform_and_the_latest_release_by_default() {
    let server = FileServer::start(BTreeMap::new());
    let fake = tempfile::tempdir().unwrap();
    let uname = fake.path().join("uname");
    let cases = [
        ("Linux", "x86_64", Ok("x86_64-unknown-linux-musl")),
        ("Linux", "aarch64", Ok("aarch64-unknown-linux-musl")),
        ("Linux", "arm64", Ok("aarch64-unknown-linux-musl")),
        ("Darwin", "arm64", Ok("aarch64-apple-darwin")),
        ("Darwin", "x86_64", Ok("x86_64-apple-darwin")),
        ("FreeBSD", "amd64", Err("there is no install script for FreeBSD")),
        (
            "Linux",
            "riscv64",
            Err("there is no knead binary for riscv64 processors"),
        ),
    ];
    for (os, arch, expected) in cases {
        std::fs::write(
            &uname,
            format!("#!/bin/sh\ncase \"$1\" in -s) echo {os} ;; -m) echo {arch} ;; esac\n"),
        )
        .unwrap();
        std::fs::set_permissions(&uname, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let home = tempfile::tempdir().unwrap();
        let out = install(&[("KNEAD_RELEASES", &server.url)], home.path(), Some(fake.path()));
        assert_eq!(out.status.code(), Some(1), "{os} {arch}: {}", text(&out));
        let stderr = String::from_utf8(out.stderr).unwrap();
        let wanted = match expected {
            Ok(target) => format!(
                "install.sh: error: cannot download {}/latest/download/knead-{target}.tar.gz",
                server.url
            ),
            Err(message) => format!("install.sh: error: {message}"),
        };
        assert!(stderr.contains(&wanted), "{os} {arch}: {stderr}");
        assert!(!home.path().join(".local").exists(), "{os} {arch}");
    }
}

fn release_workflow() -> Value {
    let text = std::fs::read_to_string(repository().join(".github/workflows/release.yml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

#[test]
fn the_release_workflow_builds_every_platform_with_the_package_script() {
    let wf = release_workflow();
    assert_eq!(
        wf["on"]["push"]["tags"],
        serde_yaml::from_str::<Value>("[\"v*\"]").unwrap()
    );
    let build = &wf["jobs"]["build"];
    let targets: Vec<&str> = build["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc"
        ]
    );
    let steps = build["steps"].as_sequence().unwrap();
    let package = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.starts_with("dist/package.sh \"$TARGET\""))
        })
        .expect("a step runs dist/package.sh");
    assert_eq!(package["env"]["TARGET"].as_str(), Some("${{ matrix.target }}"));
    // Profile-guided where the runner runs the target's binaries: every target but macOS on
    // Intel (built on an Apple silicon runner) and Windows.
    assert!(package["run"].as_str().is_some_and(|r| r.contains("${PGO:+--pgo}")));
    assert_eq!(package["env"]["PGO"].as_str(), Some("${{ matrix.pgo && 'yes' || '' }}"));
    let guided: Vec<&str> = build["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|entry| entry["pgo"].as_bool().expect("every target says whether pgo"))
        .map(|entry| entry["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        guided,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "aarch64-apple-darwin"
        ]
    );
    let toolchain = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("dtolnay/rust-toolchain"))
        })
        .expect("a step installs Rust");
    assert_eq!(toolchain["with"]["components"].as_str(), Some("llvm-tools"));
    let release = wf["jobs"]["release"]["steps"].as_sequence().unwrap();
    let publish = release
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.starts_with("gh release create"))
        .expect("a step creates the release");
    assert!(publish.contains("dist/out/* install.sh"), "{publish}");
    assert_eq!(
        serde_yaml::to_string(&wf["jobs"]["release"]["permissions"]).unwrap(),
        "contents: write\n"
    );
    assert_eq!(serde_yaml::to_string(&wf["permissions"]).unwrap(), "contents: read\n");
}

/// install.sh, the docs and the workflow `knead init` writes all download from the repository
/// named in Cargo.toml.
#[test]
fn downloads_come_from_the_repository_in_cargo_toml() {
    let releases = knead::scaffold::init::RELEASES;
    assert!(
        releases.starts_with("https://github.com/") && releases.ends_with("/releases"),
        "{releases}"
    );
    let script = std::fs::read_to_string(repository().join("install.sh")).unwrap();
    assert!(
        script.contains(&format!("\nreleases=${{KNEAD_RELEASES:-{releases}}}\n")),
        "install.sh"
    );
    for doc in ["README.md", "docs/deploying.md"] {
        let text = std::fs::read_to_string(repository().join(doc)).unwrap();
        assert!(text.contains(&format!("{releases}/")), "{doc} does not name {releases}");
    }
}

/// Answers one HTTP/1.1 request on `stream`: the file `files` maps its path to, or 404; then
/// closes the connection.
fn answer_get(mut stream: std::net::TcpStream, files: &BTreeMap<String, PathBuf>, requests: &Mutex<Vec<String>>) {
    use std::io::{BufRead, Write};
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = request_line.split(' ').nth(1).unwrap_or("").to_string();
    requests.lock().unwrap().push(path.clone());
    let _ = match files.get(&path) {
        Some(file) => {
            let body = std::fs::read(file).unwrap();
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .and_then(|()| stream.write_all(&body))
        }
        None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}

#[test]
fn install_script_installs_nothing_when_the_downloaded_binary_does_not_run() {
    // A release whose archive matches its checksum but whose binary fails on this machine.
    let release = tempfile::tempdir().unwrap();
    let inner = release.path().join("knead-x86_64-unknown-linux-musl");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(inner.join("knead"), "#!/bin/sh\nexit 126\n").unwrap();
    let archived = Command::new("tar")
        .arg("-czf")
        .arg(release.path().join(LINUX_ARCHIVE))
        .arg("-C")
        .arg(release.path())
        .arg("knead-x86_64-unknown-linux-musl")
        .status()
        .unwrap();
    assert!(archived.success());
    let checksum = format!("{}  {LINUX_ARCHIVE}\n", sha256_hex(&release.path().join(LINUX_ARCHIVE)));
    std::fs::write(release.path().join(format!("{LINUX_ARCHIVE}.sha256")), checksum).unwrap();
    let home = tempfile::tempdir().unwrap();
    let stderr = refused_over_an_older_knead(release.path(), home.path());
    assert!(
        stderr.contains("the downloaded knead does not run on this machine; nothing was installed"),
        "{stderr}"
    );
}
