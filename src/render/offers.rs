//! A service's lengths and prices (front matter `price`, `duration`, `variants`) as people read
//! them: each offer (`60 min`, `$90`) for the service page, and one line for listing cards
//! (`From $90 · 60 or 90 min`).

use crate::load::front_matter::Offer;
use serde::Serialize;

/// One offer for templates; unset parts are null.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferView {
    pub name: Option<String>,
    /// `60 min`
    pub duration: Option<String>,
    /// `$90`, `€92.50`, `90 CHF`
    pub price: Option<String>,
}

impl OfferView {
    pub fn of(offer: &Offer, currency: &str) -> OfferView {
        OfferView {
            name: offer.name.clone(),
            duration: offer.minutes.map(|m| format!("{m} min")),
            price: offer.price.map(|p| money(p, currency)),
        }
    }
}

/// `From $90 · 60 or 90 min`, `$90 · 60 min`, `60 min`: the lowest price and every length;
/// `None` when no offer says either. The price reads "From" unless it is the price of every
/// offer: prices differ, or some offer has no price yet.
pub fn summary_line(offers: &[Offer], currency: &str) -> Option<String> {
    let prices: Vec<f64> = offers.iter().filter_map(|o| o.price).collect();
    let lowest = prices.iter().copied().reduce(f64::min);
    let price = lowest.map(|low| {
        let amount = money(low, currency);
        if prices.len() < offers.len() || prices.iter().any(|p| *p != low) {
            format!("From {amount}")
        } else {
            amount
        }
    });
    let mut minutes: Vec<u32> = offers.iter().filter_map(|o| o.minutes).collect();
    minutes.sort_unstable();
    minutes.dedup();
    let lengths: Vec<String> = minutes.iter().map(u32::to_string).collect();
    let duration = match lengths.as_slice() {
        [] => None,
        [one] => Some(format!("{one} min")),
        [init @ .., last] => Some(format!("{} or {last} min", init.join(", "))),
    };
    let parts: Vec<String> = price.into_iter().chain(duration).collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// `90` -> `$90`, `92.5` -> `$92.50` in US dollars; a currency without a sign here is written
/// after the amount by its code (`90 CHF`).
pub fn money(amount: f64, currency: &str) -> String {
    let number = plain_amount(amount);
    let sign = match currency.to_ascii_uppercase().as_str() {
        "USD" | "CAD" | "AUD" | "NZD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        _ => return format!("{number} {currency}"),
    };
    format!("{sign}{number}")
}

/// The amount as structured data and people write it: `90`, `92.50`.
pub fn plain_amount(amount: f64) -> String {
    if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(minutes: Option<u32>, price: Option<f64>) -> Offer {
        Offer {
            name: None,
            minutes,
            price,
        }
    }

    #[test]
    fn listing_lines_name_the_lowest_price_and_every_length() {
        let both = [offer(Some(60), Some(90.0)), offer(Some(90), Some(125.0))];
        assert_eq!(summary_line(&both, "USD").as_deref(), Some("From $90 · 60 or 90 min"));
        assert_eq!(
            summary_line(&[offer(Some(60), Some(92.5))], "EUR").as_deref(),
            Some("€92.50 · 60 min")
        );
        assert_eq!(summary_line(&[offer(Some(45), None)], "USD").as_deref(), Some("45 min"));
        assert_eq!(
            summary_line(&[offer(None, Some(80.0))], "CHF").as_deref(),
            Some("80 CHF")
        );
        assert_eq!(summary_line(&[], "USD"), None);
        // A price known for one session only is no price of every session.
        let partly = [offer(Some(60), Some(90.0)), offer(Some(90), None)];
        assert_eq!(summary_line(&partly, "USD").as_deref(), Some("From $90 · 60 or 90 min"));
    }
}
