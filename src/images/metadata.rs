//! Whether an image file carries metadata besides its pixels: EXIF (camera, time, GPS
//! position), XMP, IPTC, comments or text chunks. The copies knead encodes never do; a cached
//! copy that does was not made by knead and is not published (see [`super::cache`]).

use super::probe::Format;

/// The format of `bytes`, by their signature.
pub fn format_of(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Format::Webp)
    } else {
        None
    }
}

/// Whether `bytes`, an image of `format`, hold metadata, or are not well formed enough to tell.
pub fn has_metadata(bytes: &[u8], format: Format) -> bool {
    match format {
        Format::Jpeg => jpeg_has_metadata(bytes),
        Format::Png => png_has_metadata(bytes),
        Format::Webp => webp_has_metadata(bytes),
    }
}

/// JPEG: any APP1 to APP15 segment (EXIF, XMP, IPTC, ICC...) or comment before the image data,
/// or no end-of-image marker (a file cut short).
fn jpeg_has_metadata(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        let Some(&[0xFF, marker, hi, lo]) = bytes.get(at..at + 4) else {
            return true;
        };
        if marker == 0xDA {
            return !bytes.ends_with(&[0xFF, 0xD9]);
        }
        if (0xE1..=0xEF).contains(&marker) || marker == 0xFE {
            return true;
        }
        at += 2 + usize::from(u16::from_be_bytes([hi, lo]));
    }
}

/// Whether a JPEG has an end-of-image marker after its first scan: one cut short has not, and
/// its decoder would fill the missing part with grey rather than fail.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    loop {
        let Some(&[0xFF, marker, hi, lo]) = bytes.get(at..at + 4) else {
            return false;
        };
        if marker == 0xDA {
            return memchr::memmem::find(&bytes[at..], &[0xFF, 0xD9]).is_some();
        }
        at += 2 + usize::from(u16::from_be_bytes([hi, lo]));
    }
}

/// PNG: `eXIf` and text chunks (`tEXt`, `zTXt`, `iTXt`, which carry XMP too), `tIME`, or no
/// `IEND` chunk.
fn png_has_metadata(bytes: &[u8]) -> bool {
    let mut at = 8;
    while let Some(header) = bytes.get(at..at + 8) {
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        match &header[4..8] {
            b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME" => return true,
            b"IEND" => return false,
            _ => {}
        }
        at = at.saturating_add(12).saturating_add(len);
    }
    true
}

/// WebP: `EXIF` or `XMP ` chunks, or a RIFF size that does not match the file.
fn webp_has_metadata(bytes: &[u8]) -> bool {
    let Some(size) = bytes
        .get(4..8)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
    else {
        return true;
    };
    if size.saturating_add(8) != bytes.len() {
        return true;
    }
    let mut at = 12;
    while let Some(header) = bytes.get(at..at + 8) {
        if matches!(&header[..4], b"EXIF" | b"XMP ") {
            return true;
        }
        let len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        at = at.saturating_add(8).saturating_add(len + (len & 1));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_in_a_jpeg_is_found() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0];
        jpeg.extend([0xFF, 0xDA, 0, 2, 1, 2, 0xFF, 0xD9]);
        assert!(!has_metadata(&jpeg, Format::Jpeg));
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1, 0, 8, b'E', b'x', b'i', b'f', 0, 0];
        with_exif.extend(&jpeg[2..]);
        assert!(has_metadata(&with_exif, Format::Jpeg));
        assert!(has_metadata(&jpeg[..jpeg.len() - 2], Format::Jpeg), "cut short");
    }
}
