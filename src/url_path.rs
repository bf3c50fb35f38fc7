//! Facts about link destinations and URL paths that every stage needs alike: which links point
//! off the site, and a path with its `.` and `..` segments resolved.

/// Links knead never follows at build time.
pub fn is_external(dest: &str) -> bool {
    ["http://", "https://", "mailto:", "tel:", "sms:", "//", "data:"]
        .iter()
        .any(|p| dest.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)))
}

/// Resolves `.` and `..` segments; `None` when the path climbs above its root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let trailing = if path.ends_with('/') && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    let mut joined = parts.join("/");
    joined.push_str(trailing);
    Some(joined)
}
