//! `knead serve` in real headless Chromium, driven over WebDriver by chromedriver: edits show up
//! without a manual reload, a broken build shows the error overlay, fixing it removes the overlay;
//! the overlay and the warnings panel close with their button (JavaScript on or off) or Escape;
//! the overlay takes the focus, the panel leaves it on the page and is reached by keyboard.
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).

use crate::support::TestSite;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const OVERLAY_ID: &str = "knead-error-overlay";
const WARNINGS_ID: &str = "knead-warnings";
const ESCAPE: &str = "\u{E00C}";
const TAB: &str = "\u{E004}";
const SHIFT: &str = "\u{E008}";

/// Kills the child process when the test ends, passed or not.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(program: &str, env: &str) -> String {
    if let Ok(path) = std::env::var(env) {
        return path;
    }
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(program))
        .find(|p| p.is_file());
    match found {
        Some(path) => path.display().to_string(),
        None => panic!(
            "`{program}` not found: the browser test needs Chromium and ChromeDriver. \
             Install them with `apt-get install -y chromium chromium-driver` (or set {env})"
        ),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session in headless Chromium.
struct Browser {
    base: String,
    session: String,
    _driver: Killed,
}

impl Browser {
    fn start() -> Browser {
        Browser::start_with(&[], json!({}))
    }

    /// A session with extra Chromium `args` and `prefs` (JavaScript off, say).
    fn start_with(args: &[&str], prefs: Value) -> Browser {
        let port = free_port();
        let driver = Command::new(find("chromedriver", "CHROMEDRIVER"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let driver = Killed(driver);
        let base = format!("http://127.0.0.1:{port}");
        wait_until("chromedriver to start", || {
            ureq::get(&format!("{base}/status")).call().is_ok().then_some(())
        });
        let chromium_args = [
            &[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
            ][..],
            args,
        ]
        .concat();
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": find("chromium", "CHROMIUM"),
                "args": chromium_args,
                "prefs": prefs,
            },
        } } });
        let created = post(&format!("{base}/session"), &capabilities);
        let session = created["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            base,
            session,
            _driver: driver,
        }
    }

    fn goto(&self, url: &str) {
        post(
            &format!("{}/session/{}/url", self.base, self.session),
            &json!({ "url": url }),
        );
    }

    /// Runs `script` in the page; null while the page is between documents (reloading).
    fn eval(&self, script: &str) -> Value {
        try_post(
            &format!("{}/session/{}/execute/sync", self.base, self.session),
            &json!({ "script": script, "args": [] }),
        )
        .map_or(Value::Null, |answer| answer["value"].clone())
    }

    fn body_text(&self) -> String {
        self.eval("return document.body ? document.body.innerText : '';")
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The WebDriver id of the element `css` selects.
    fn element(&self, css: &str) -> String {
        let found = post(
            &format!("{}/session/{}/element", self.base, self.session),
            &json!({ "using": "css selector", "value": css }),
        );
        let id = found["value"]["element-6066-11e4-a52e-4f735466cecf"].as_str();
        id.unwrap_or_else(|| panic!("no element {css}: {found}")).to_string()
    }

    /// Clicks the element `css` selects, as a user does (not through a script).
    fn click(&self, css: &str) {
        let id = self.element(css);
        post(
            &format!("{}/session/{}/element/{id}/click", self.base, self.session),
            &json!({}),
        );
    }

    /// Whether the element `css` selects is shown, as WebDriver judges it.
    fn displayed(&self, css: &str) -> bool {
        let id = self.element(css);
        let url = format!("{}/session/{}/element/{id}/displayed", self.base, self.session);
        let mut response = ureq::get(&url).call().unwrap();
        let answer: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        answer["value"].as_bool().unwrap()
    }

    /// Presses and releases a key ([`ESCAPE`], [`TAB`]).
    fn press(&self, key: &str) {
        self.press_together(&[key]);
    }

    /// Presses `keys` in order and releases them in reverse: `[SHIFT, TAB]` is Shift+Tab.
    fn press_together(&self, keys: &[&str]) {
        let down = keys.iter().map(|key| json!({ "type": "keyDown", "value": key }));
        let up = keys.iter().rev().map(|key| json!({ "type": "keyUp", "value": key }));
        let actions: Vec<Value> = down.chain(up).collect();
        post(
            &format!("{}/session/{}/actions", self.base, self.session),
            &json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] }),
        );
    }

    /// Whether the `<dialog>` with `id` is there and open.
    fn is_open(&self, id: &str) -> bool {
        let script = format!("var d = document.getElementById('{id}'); return !!(d && d.open);");
        self.eval(&script).as_bool().unwrap_or(false)
    }

    fn overlay_text(&self) -> Option<String> {
        let script = format!("var o = document.getElementById('{OVERLAY_ID}'); return o ? o.innerText : null;");
        self.eval(&script).as_str().map(str::to_string)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
    }
}

fn post(url: &str, body: &Value) -> Value {
    try_post(url, body).unwrap_or_else(|e| panic!("WebDriver call {url} failed: {e}"))
}

fn try_post(url: &str, body: &Value) -> Result<Value, String> {
    let mut response = ureq::post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .map_err(|e| e.to_string())?;
    let text = response.body_mut().read_to_string().map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Polls `probe` every 50 ms for up to 20 s.
fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts `knead serve --port 0` and returns it with the URL it printed.
fn serve(site: &TestSite) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_knead"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Killed(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("serving ").and_then(|l| l.split(' ').next()) {
                let _ = tx.send(url.to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("knead serve did not print its URL");
    (server, url)
}

#[test]
fn live_reload_shows_edits_and_build_errors_in_chromium() {
    let site = TestSite::fixture("clinic-mini");
    let (_server, url) = serve(&site);
    let browser = Browser::start();
    browser.goto(&format!("{url}services/stretch/"));
    assert!(browser.body_text().contains("Assisted Stretching"));
    assert_eq!(browser.overlay_text(), None);

    let page = site.root().join("content/services/stretch.md");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{original}\nA sentence the browser test just added.\n")).unwrap();
    wait_until("the edit to appear without a manual reload", || {
        browser
            .body_text()
            .contains("A sentence the browser test just added.")
            .then_some(())
    });

    std::fs::write(&page, original.replacen("title:", "titel:", 1)).unwrap();
    let overlay = wait_until("the error overlay", || browser.overlay_text());
    assert!(
        overlay.contains("services/stretch.md:2:1: error: unknown field `titel`"),
        "{overlay}"
    );
    assert!(
        browser.body_text().contains("A sentence the browser test just added."),
        "the last good build stays under the overlay"
    );

    std::fs::write(&page, &original).unwrap();
    wait_until("the overlay to go away", || {
        browser.overlay_text().is_none().then_some(())
    });
    assert!(!browser.body_text().contains("A sentence the browser test just added."));
    assert!(browser.body_text().contains("Assisted Stretching"));
}

#[test]
fn the_warnings_panel_and_the_error_overlay_close_with_their_button_or_escape() {
    let site = TestSite::fixture("clinic-mini");
    let (_server, url) = serve(&site);
    let browser = Browser::start();
    let page = format!("{url}services/stretch/");
    browser.goto(&page);
    assert!(browser.is_open(WARNINGS_ID));
    assert!(browser.displayed(&format!("#{WARNINGS_ID}")));
    let focused = "var e = document.activeElement; \
                   return e === document.body ? 'the page' : e.getAttribute('aria-label');";
    assert_eq!(
        browser.eval(focused),
        json!("the page"),
        "the panel, unlike the error overlay, leaves the focus where it is"
    );
    browser.press_together(&[SHIFT, TAB]);
    assert_eq!(
        browser.eval(focused),
        json!("Close the warnings"),
        "the panel is last on the page: Shift+Tab from its start reaches the close button"
    );
    browser.press(ESCAPE);
    assert!(!browser.is_open(WARNINGS_ID), "Escape closes the panel");
    assert!(!browser.displayed(&format!("#{WARNINGS_ID}")));
    browser.goto(&page);
    assert!(
        !browser.is_open(WARNINGS_ID),
        "a closed panel stays closed while its warnings stay the same"
    );

    // Other warnings open it again.
    crate::serve::add_orphan_guide(&site);
    wait_until("the panel to open again", || browser.is_open(WARNINGS_ID).then_some(()));
    assert!(browser.body_text().contains("knead: 2 warnings"));
    browser.click(&format!("#{WARNINGS_ID} button"));
    assert!(!browser.is_open(WARNINGS_ID), "its button closes the panel");

    // A failed build: the overlay covers the last good page until closed.
    let stretch = site.root().join("content/services/stretch.md");
    let original = std::fs::read_to_string(&stretch).unwrap();
    std::fs::write(&stretch, original.replacen("title:", "titel:", 1)).unwrap();
    wait_until("the error overlay", || browser.is_open(OVERLAY_ID).then_some(()));
    let on_top = "var e = document.elementFromPoint(innerWidth / 2, 10); \
                  return !!e.closest('#knead-error-overlay');";
    assert_eq!(browser.eval(on_top), json!(true));
    let focused = browser.eval("return document.activeElement.getAttribute('aria-label');");
    assert_eq!(focused, json!("Close the error message"));
    browser.click(&format!("#{OVERLAY_ID} button"));
    assert!(!browser.is_open(OVERLAY_ID), "its button closes the overlay");
    assert_eq!(browser.eval(on_top), json!(false), "the page is visible again");
    assert!(browser.body_text().contains("Assisted Stretching"));
    browser.goto(&page);
    assert!(
        browser.is_open(OVERLAY_ID),
        "the error is shown on every page until fixed"
    );
    browser.press(ESCAPE);
    assert!(!browser.is_open(OVERLAY_ID), "Escape closes the overlay");
}

#[test]
fn the_panels_close_without_javascript() {
    let site = TestSite::fixture("clinic-mini");
    let (_server, url) = serve(&site);
    let browser = Browser::start_with(&[], json!({ "profile.managed_default_content_settings.javascript": 2 }));
    browser.goto(&format!("{url}services/stretch/"));
    let panel = format!("#{WARNINGS_ID}");
    assert!(browser.displayed(&panel));
    browser.press(ESCAPE);
    assert!(browser.displayed(&panel), "no script runs, so Escape does nothing");
    browser.click(&format!("{panel} button"));
    assert!(!browser.displayed(&panel), "the form closes the panel");
    assert!(browser.displayed("h1"));

    let stretch = site.root().join("content/services/stretch.md");
    let original = std::fs::read_to_string(&stretch).unwrap();
    std::fs::write(&stretch, original.replacen("title:", "titel:", 1)).unwrap();
    // Without the script nothing reloads by itself: the page is asked for again.
    let overlay = format!("#{OVERLAY_ID}");
    // (WebDriver's own scripts still run.)
    wait_until("the error overlay", || {
        browser.goto(&format!("{url}services/stretch/"));
        let there = format!("return !!document.getElementById('{OVERLAY_ID}');");
        (browser.eval(&there) == json!(true)).then_some(())
    });
    assert!(browser.displayed(&overlay));
    browser.click(&format!("{overlay} button"));
    assert!(!browser.displayed(&overlay), "the form closes the overlay");
    assert!(browser.displayed("h1"), "the last good page is under it");
}
