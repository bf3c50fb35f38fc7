//! Text from bytes that are UTF-8 by construction (template output, decompressed HTML), checked
//! once with simdutf8, several times faster than the standard library's check, which
//! `String::from_utf8` would run a second time.

/// `bytes` as a `String`, if they are UTF-8.
pub fn into_string(bytes: Vec<u8>) -> Result<String, simdutf8::compat::Utf8Error> {
    simdutf8::compat::from_utf8(&bytes)?;
    // SAFETY: `bytes` was just checked to be valid UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_passes_and_other_bytes_do_not() {
        assert_eq!(
            super::into_string("Zoë's <p>".as_bytes().to_vec()).unwrap(),
            "Zoë's <p>"
        );
        let bad = super::into_string(vec![b'a', 0xC3, b'(']).unwrap_err();
        assert_eq!(bad.valid_up_to(), 1);
    }
}
