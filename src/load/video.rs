//! A YouTube or Vimeo address read as the player's address (YouTube's privacy-enhanced one,
//! Vimeo's without tracking), the page to watch it on and the provider's name: what
//! `video_embed(url=…)` gives templates, and what the check of every `video` call reads before
//! anything is built. The `video` component shows the player only once a visitor presses play.

use serde::Serialize;

/// Where a video plays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Embed {
    pub provider: &'static str,
    /// The player, started at once: it is loaded only by pressing play.
    pub embed: String,
    pub watch: String,
}

/// The video `url` names, or why it names none.
pub fn embed(url: &str) -> Result<Embed, String> {
    let not_video = || format!("`{url}` is not the address of a YouTube or Vimeo video");
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))
        .ok_or_else(not_video)?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("m."))
        .unwrap_or(&host);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or_default();
    let youtube_id = match host {
        "youtu.be" => Some(path),
        "youtube.com" | "youtube-nocookie.com" if path == "watch" => {
            query.split('&').find_map(|pair| pair.strip_prefix("v="))
        }
        "youtube.com" | "youtube-nocookie.com" => ["embed/", "shorts/", "live/"]
            .iter()
            .find_map(|prefix| path.strip_prefix(prefix)),
        _ => None,
    };
    if let Some(id) = youtube_id.map(|id| id.trim_end_matches('/')) {
        let valid =
            !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        return if valid {
            Ok(Embed {
                provider: "YouTube",
                embed: format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
                watch: format!("https://www.youtube.com/watch?v={id}"),
            })
        } else {
            Err(not_video())
        };
    }
    let vimeo_id = match host {
        "vimeo.com" => Some(path),
        "player.vimeo.com" => path.strip_prefix("video/"),
        _ => None,
    };
    match vimeo_id.map(|id| id.trim_end_matches('/')) {
        Some(id) if !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) => Ok(Embed {
            provider: "Vimeo",
            embed: format!("https://player.vimeo.com/video/{id}?autoplay=1&dnt=1"),
            watch: format!("https://vimeo.com/{id}"),
        }),
        _ => Err(not_video()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_and_vimeo_addresses_give_their_players() {
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=4",
            "https://youtu.be/dQw4w9WgXcQ",
            "https://m.youtube.com/shorts/dQw4w9WgXcQ",
            "http://youtube.com/embed/dQw4w9WgXcQ",
        ] {
            let e = embed(url).unwrap();
            assert_eq!(
                e.embed, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
                "{url}"
            );
            assert_eq!(e.watch, "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        }
        let v = embed("https://vimeo.com/76979871").unwrap();
        assert_eq!(
            (v.provider, v.embed.as_str()),
            ("Vimeo", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1")
        );
    }

    #[test]
    fn other_addresses_are_refused() {
        for url in [
            "https://example.org/watch?v=x",
            "https://youtu.be/\"onload=x",
            "https://vimeo.com/about",
            "javascript:alert(1)",
            "https://www.youtube.com/watch?list=x",
        ] {
            assert!(embed(url).is_err(), "{url}");
        }
    }
}
