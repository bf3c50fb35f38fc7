//! What the clinic facts of `site.yaml` lead to: where a visitor books (online or on a page of
//! the site, by phone or by email, in that order), the `tel:` link of the phone number, the map
//! link built from the address, and which facts are still unset.

use super::{Address, SiteConfig, set};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

/// How a visitor books, as the theme's booking buttons show it (`site.book`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Book {
    pub href: String,
    pub label: &'static str,
    /// `online` (a booking service elsewhere), `page` (a page of the site that says how to
    /// book), `phone` or `email`.
    pub kind: &'static str,
}

impl Book {
    /// The first of: the booking link (`booking_href`, resolved), a call, an email; `None` when
    /// the clinic has none of them, so the theme shows no booking button. A booking link to a
    /// page of the site is no online booking: it is a page that says how to book.
    pub fn of(config: &SiteConfig, booking_href: Option<&str>) -> Option<Book> {
        if let Some(href) = booking_href {
            let written = config.links.get("booking").map_or(href, String::as_str);
            let (label, kind) = if crate::url_path::is_external(written) {
                ("Book online", "online")
            } else {
                ("How to book", "page")
            };
            return Some(Book {
                href: href.to_string(),
                label,
                kind,
            });
        }
        if let Some(call) = Call::of(config) {
            return Some(Book {
                href: call.href,
                label: "Call",
                kind: "phone",
            });
        }
        let email = set(config.clinic.email.as_deref())?;
        Some(Book {
            href: format!("mailto:{email}"),
            label: "Email",
            kind: "email",
        })
    }
}

/// The clinic's phone number as a link (`site.call`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    /// `tel:+14105550100`
    pub href: String,
    pub label: &'static str,
    /// The number as written in `site.yaml`.
    pub number: String,
}

impl Call {
    /// `None` when `clinic.telephone` is unset (or not a number, which loading `site.yaml`
    /// refuses).
    pub fn of(config: &SiteConfig) -> Option<Call> {
        let number = set(config.clinic.telephone.as_deref())?;
        let href = tel_href(number).ok()?;
        Some(Call {
            href,
            label: "Call",
            number: number.to_string(),
        })
    }
}

/// `+1-410-555-0100` -> `tel:+14105550100`: the digits, and a leading `+` when there is one;
/// an extension written after `ext`, `x`, `;` or `,` (`410-555-0100 ext. 12`) becomes
/// `;ext=12`. A number with other letters (`1-800-MASSAGE`) or without digits cannot be dialled
/// from a link: the error says why, to follow the number in a message.
pub fn tel_href(number: &str) -> Result<String, &'static str> {
    let number = number.trim();
    let marker = number.find(|c: char| c.is_alphabetic() || c == ';' || c == ',');
    let (main, extension) = match marker {
        Some(at) => (&number[..at], Some(extension_digits(&number[at..])?)),
        None => (number, None),
    };
    if main
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -.()/+\u{a0}".contains(c)))
    {
        return Err("holds characters other than digits, spaces, `+`, `-`, `.`, `/` and brackets");
    }
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err("has no digits");
    }
    let plus = if main.starts_with('+') { "+" } else { "" };
    Ok(match extension {
        Some(ext) => format!("tel:{plus}{digits};ext={ext}"),
        None => format!("tel:{plus}{digits}"),
    })
}

/// The digits of an extension written `ext. 12`, `extension 12`, `x12`, `;12`, `;ext=12` or
/// `,12`.
fn extension_digits(text: &str) -> Result<&str, &'static str> {
    let lower = text.to_ascii_lowercase();
    let marker = ["extension", "ext=", "ext.", "ext", "x", ";ext=", ";", ","]
        .into_iter()
        .find(|m| lower.starts_with(m))
        .ok_or("has letters, which a phone link cannot dial: write them as digits")?;
    let digits = text[marker.len()..].trim_start_matches(['.', ':', ' ']).trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("has letters, which a phone link cannot dial: write them as digits");
    }
    Ok(digits)
}

/// Whether `url` is a Google Maps search (`…/maps/search/…`): a search by name can find other
/// businesses, so it is neither a profile of the clinic nor a reliable map link.
pub fn is_map_search(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.contains("google.") && lower.contains("/maps/search/")
}

/// A Google Maps search for the street address, when the street is set; the link needs no API
/// key and finds the building rather than a business of the same name.
pub fn map_url_of(address: &Address) -> Option<String> {
    let street = set(address.street.as_deref())?;
    let region_line = [address.region.as_deref(), address.postal_code.as_deref()]
        .into_iter()
        .filter_map(set)
        .collect::<Vec<_>>()
        .join(" ");
    let parts: Vec<&str> = [
        Some(street),
        set(address.locality.as_deref()),
        set(Some(region_line.as_str())),
        set(address.country.as_deref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let query = utf8_percent_encode(&parts.join(", "), NON_ALPHANUMERIC).to_string();
    Some(format!("https://www.google.com/maps/search/?api=1&query={query}"))
}

/// The clinic facts that are still unset, in words, in the order `site.yaml` lists them.
pub fn unset(config: &SiteConfig) -> Vec<&'static str> {
    let c = &config.clinic;
    let mut out = Vec::new();
    if set(c.telephone.as_deref()).is_none() {
        out.push("telephone");
    }
    if set(c.email.as_deref()).is_none() {
        out.push("email");
    }
    if set(c.address.street.as_deref()).is_none() {
        out.push("street address");
    }
    if set(c.address.locality.as_deref()).is_none() {
        out.push("city");
    }
    if set(c.address.postal_code.as_deref()).is_none() {
        out.push("postal code");
    }
    if c.opening_hours.is_empty() {
        out.push("opening hours");
    }
    if !config.links.contains_key("booking") {
        out.push("booking link");
    }
    if config.team.is_empty() {
        out.push("team");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telephone_links_keep_digits_and_a_leading_plus() {
        assert_eq!(tel_href("+1-410-555-0100").as_deref(), Ok("tel:+14105550100"));
        assert_eq!(tel_href("(410) 555 0100").as_deref(), Ok("tel:4105550100"));
        assert_eq!(tel_href("- -"), Err("has no digits"));
    }

    #[test]
    fn extensions_become_ext_and_other_letters_are_refused() {
        for written in [
            "410-555-0100 ext. 12",
            "410-555-0100 Ext 12",
            "410-555-0100 x12",
            "410-555-0100;12",
            "410-555-0100, 12",
            "410-555-0100 extension 12",
        ] {
            assert_eq!(tel_href(written).as_deref(), Ok("tel:4105550100;ext=12"), "{written}");
        }
        for written in ["1-800-MASSAGE", "call us", "410-555-0100 ext. twelve", "410-555-0100 x"] {
            assert!(tel_href(written).unwrap_err().starts_with("has letters"), "{written}");
        }
        assert!(tel_href("410*555").is_err());
    }

    #[test]
    fn map_links_are_built_from_the_address() {
        let address = Address {
            street: Some("1 Main St".into()),
            locality: Some("Towson".into()),
            region: Some("MD".into()),
            postal_code: Some("21204".into()),
            country: Some("US".into()),
        };
        assert_eq!(
            map_url_of(&address).as_deref(),
            Some("https://www.google.com/maps/search/?api=1&query=1%20Main%20St%2C%20Towson%2C%20MD%2021204%2C%20US")
        );
        assert_eq!(map_url_of(&Address::default()), None);
        assert!(is_map_search("https://www.google.com/maps/search/?api=1&query=x"));
        assert!(!is_map_search("https://g.page/r/abc/review"));
    }
}
