//! The one shape of path a sink accepts: relative, `/`-separated, each part a plain name. Output
//! paths come from file names, slugs and front matter, so they are checked where they are
//! written: a path that could name anything outside the output directory is refused there,
//! whatever produced it.

use std::io;

/// Accepts `guides/a/index.html`; refuses an empty path, an absolute one, empty parts (`a//b`,
/// a trailing `/`), `.` and `..`, backslashes (a separator on Windows) and NUL.
pub fn check(path: &str) -> io::Result<()> {
    let plain = |part: &str| !part.is_empty() && part != "." && part != "..";
    if !path.contains(['\\', '\0']) && path.split('/').all(plain) {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{path:?} is not a plain relative path inside the output"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn plain_relative_paths_pass() {
        for path in ["index.html", "guides/a/index.html", ".well-known/x", "a..b/c.d"] {
            assert!(check(path).is_ok(), "{path}");
        }
    }

    #[test]
    fn anything_that_could_leave_the_output_is_refused() {
        for path in [
            "",
            "/etc/passwd",
            "..",
            "../x",
            "a/../../x",
            ".",
            "./x",
            "a/./b",
            "a//b",
            "a/",
            "a\\..\\b",
            "a\0b",
        ] {
            let err = check(path).expect_err(path);
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{path}");
        }
    }
}
