//! `knead check --external`: asks each external http(s) link's server whether it is still there,
//! politely (an honest user agent, a timeout, a few requests per host at a time). Never part of
//! `build`: remote sites are flaky, and a build must not depend on the network.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    pub timeout: Duration,
    /// Requests in flight to one host at a time.
    pub per_host: usize,
    /// Hosts checked at the same time.
    pub hosts_at_once: usize,
    /// Treat transient failures (timeouts, 429, 5xx) as errors.
    pub strict: bool,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            per_host: 2,
            hosts_at_once: 8,
            strict: false,
        }
    }
}

pub const USER_AGENT: &str = concat!(
    "knead-link-check/",
    env!("CARGO_PKG_VERSION"),
    " (static site link checker)"
);

/// What one URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Redirect(u16, String),
    Broken(u16),
    /// Might work next time: timeout, connection failure, 429, 5xx.
    Transient(String),
}

/// Checks every URL (mapped to the source files that link to it) and returns the problems.
pub fn check(links: &BTreeMap<String, Vec<String>>, options: &ExternalOptions) -> Vec<Diagnostic> {
    let mut by_host: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for url in links.keys() {
        by_host.entry(host_of(url)).or_default().push(url);
    }
    let agent = agent(options.timeout);
    let results: Mutex<BTreeMap<String, Outcome>> = Mutex::new(BTreeMap::new());
    let hosts: Vec<&Vec<&String>> = by_host.values().collect();
    let next_host = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..options.hosts_at_once.max(1).min(hosts.len()) {
            scope.spawn(|| {
                while let Some(urls) = hosts.get(next_host.fetch_add(1, Ordering::SeqCst)) {
                    check_host(&agent, urls, options.per_host, &results);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut out = Vec::new();
    for (url, outcome) in results {
        for page in &links[&url] {
            if let Some(d) = diagnostic(page, &url, &outcome, options.strict) {
                out.push(d);
            }
        }
    }
    out
}

fn check_host(agent: &ureq::Agent, urls: &[&String], per_host: usize, results: &Mutex<BTreeMap<String, Outcome>>) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..per_host.max(1).min(urls.len()) {
            scope.spawn(|| {
                while let Some(url) = urls.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let outcome = probe(agent, url);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert((*url).clone(), outcome);
                }
            });
        }
    });
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .build()
        .into()
}

/// HEAD first; servers that refuse HEAD get a GET.
pub fn probe(agent: &ureq::Agent, url: &str) -> Outcome {
    let answer = |resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match resp {
        Ok(r) => {
            let location = r
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            Ok((r.status().as_u16(), location))
        }
        Err(e) => Err(e.to_string()),
    };
    let mut result = answer(agent.head(url).call());
    if matches!(result, Ok((403 | 405 | 501, _))) {
        result = answer(agent.get(url).call());
    }
    match result {
        Ok((200..=299, _)) => Outcome::Ok,
        Ok((code @ 300..=399, location)) => Outcome::Redirect(code, location),
        Ok((code @ (429 | 500..=599), _)) => Outcome::Transient(format!("server answered {code}")),
        Ok((code, _)) => Outcome::Broken(code),
        Err(e) => Outcome::Transient(e),
    }
}

fn diagnostic(page: &str, url: &str, outcome: &Outcome, strict: bool) -> Option<Diagnostic> {
    let d = match outcome {
        Outcome::Ok => return None,
        Outcome::Redirect(code, to) => {
            Diagnostic::file_error(page, format!("external link `{url}` redirects ({code}) to `{to}`"))
                .warning()
                .with_help("link to the new address directly")
        }
        Outcome::Broken(code) => Diagnostic::file_error(
            page,
            format!("external link `{url}` is broken: the server answered {code}"),
        ),
        Outcome::Transient(why) => {
            let d = Diagnostic::file_error(page, format!("external link `{url}` could not be checked: {why}"));
            if strict {
                d
            } else {
                d.warning()
                    .with_help("this may be temporary; --strict makes it an error")
            }
        }
    };
    Some(d)
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_group_urls() {
        assert_eq!(host_of("https://Maps.Example.org/a?b"), "maps.example.org");
        assert_eq!(host_of("http://x.org"), "x.org");
    }

    #[test]
    fn outcomes_become_warnings_or_errors() {
        assert!(diagnostic("p", "u", &Outcome::Ok, false).is_none());
        assert!(diagnostic("p", "u", &Outcome::Broken(404), false).unwrap().is_error());
        assert!(
            !diagnostic("p", "u", &Outcome::Transient("timeout".into()), false)
                .unwrap()
                .is_error()
        );
        assert!(
            diagnostic("p", "u", &Outcome::Transient("timeout".into()), true)
                .unwrap()
                .is_error()
        );
        assert!(
            !diagnostic("p", "u", &Outcome::Redirect(301, "x".into()), false)
                .unwrap()
                .is_error()
        );
    }
}
