//! `--precompress`: `.gz` and `.br` siblings of text files, for hosts that serve a precompressed
//! file when the browser accepts it (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`,
//! a bucket with `Content-Encoding`). Both are byte-for-byte deterministic: the gzip header
//! carries no time or file name, so an unchanged page deploys as an unchanged file.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;

/// Types worth compressing: text. Images and fonts are compressed formats already.
const TEXT_TYPES: &[&str] = &[
    "html",
    "htm",
    "css",
    "js",
    "mjs",
    "xml",
    "svg",
    "json",
    "txt",
    "webmanifest",
];

/// Below this a file fits in the first network packets anyway; compressing it saves nothing
/// a visitor would notice and adds two files.
pub const MIN_SIZE: usize = 1024;

/// Brotli quality 10, not the maximum 11: on the clinic site 11 saved another 3.5% for 2.6 times
/// the time (0.6 against 1.4 MB/s on one core), which a site of thousands of pages would wait
/// for on every build. Visitors decompress both equally fast.
const BROTLI_QUALITY: u32 = 10;
const BROTLI_WINDOW: u32 = 22;

/// Whether a file at `path` of `len` bytes gets compressed siblings.
pub fn wanted(path: &str, len: usize) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    len >= MIN_SIZE && !path.rsplit('/').next().unwrap_or(path).starts_with('.') && TEXT_TYPES.contains(&ext)
}

/// The siblings of `path` as (path, bytes): `x.html.gz` and `x.html.br`, each only when it is
/// smaller than the original.
pub fn siblings(path: &str, bytes: &[u8]) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::with_capacity(2);
    let gz = gzip(bytes)?;
    if gz.len() < bytes.len() {
        out.push((format!("{path}.gz"), gz));
    }
    let br = brotli(bytes)?;
    if br.len() < bytes.len() {
        out.push((format!("{path}.br"), br));
    }
    Ok(out)
}

/// gzip at the best level, with mtime 0 and no file name in the header.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

pub fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn siblings_decompress_to_the_original_and_are_stable() {
        let text = "<p>massage and recovery</p>\n".repeat(100);
        let siblings = siblings("a/index.html", text.as_bytes()).unwrap();
        assert_eq!(siblings.len(), 2);
        let (gz_path, gz) = &siblings[0];
        assert_eq!(gz_path, "a/index.html.gz");
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "no mtime in the gzip header");
        let mut plain = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, text);
        let (br_path, br) = &siblings[1];
        assert_eq!(br_path, "a/index.html.br");
        let mut plain = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, text);
        assert_eq!(siblings, super::siblings("a/index.html", text.as_bytes()).unwrap());
    }

    #[test]
    fn only_text_files_above_the_minimum() {
        assert!(wanted("a/index.html", 5000));
        assert!(wanted("style.3f2a9c1e.css", 5000));
        assert!(!wanted("a/index.html", 100));
        assert!(!wanted("photo.jpg", 50_000));
        assert!(!wanted("_headers", 5000));
        assert!(!wanted(".knead-output", 5000));
    }
}
