//! Opening hours: the schema.org `openingHours` form written in `site.yaml`
//! (`Mo-Fr 09:00-18:00`) read into days and times, and written again for people
//! ("Monday to Friday", "9 am to 6 pm") and for search engines, in the canonical form.
//!
//! The accepted form is the subset of schema.org's that a clinic needs: days as two-letter
//! abbreviations (`Mo Tu We Th Fr Sa Su`), one day, a range (`Mo-Fr`) or a list of those
//! (`Mo,We,Fr` or `Mo-We,Sa`), then 24-hour `HH:MM-HH:MM`. Spaces and tabs around commas and
//! hyphens are allowed (`Mo, We 09:00 - 18:00`); the canonical form has none. Days not listed
//! are closed.

use serde::Serialize;

const DAYS: [(&str, &str); 7] = [
    ("Mo", "Monday"),
    ("Tu", "Tuesday"),
    ("We", "Wednesday"),
    ("Th", "Thursday"),
    ("Fr", "Friday"),
    ("Sa", "Saturday"),
    ("Su", "Sunday"),
];

/// One line of opening hours, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    /// Runs of open days as indexes into the week (0 = Monday), inclusive, in week order and
    /// merged: `Mo-We,Th` and `Th,Mo-We` are both `[(0, 3)]`.
    pub days: Vec<(usize, usize)>,
    /// Opening and closing time in minutes after midnight (closing may be 24:00).
    pub opens: u16,
    pub closes: u16,
}

/// One row of opening hours as people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoursRow {
    /// `Monday to Friday`, `Monday, Wednesday and Friday`, `Saturday`.
    pub days: String,
    /// `9 am to 6 pm`, `9:30 am to noon`.
    pub time: String,
    /// The line in canonical schema.org `openingHours` form ([`Hours::canonical`]), as the
    /// structured data writes it.
    pub machine: String,
}

/// Why a line of opening hours cannot be read, and the line written right when that can be
/// guessed. The message starts with the line, in backquotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursError {
    pub message: String,
    pub help: String,
}

impl Hours {
    /// Reads one `openingHours` line such as `Mo-Fr 09:00-18:00`.
    pub fn parse(text: &str) -> Result<Hours, HoursError> {
        let text = text.trim();
        let example = "write days as Mo Tu We Th Fr Sa Su and times as 24-hour HH:MM, e.g. \"Mo-Fr 09:00-18:00\" \
                       or \"Mo,We,Fr 10:00-19:00\"; leave closed days out";
        let fail = |problem: String| HoursError {
            message: format!("`{text}`: {problem}"),
            help: example.to_string(),
        };
        // The days are letters, commas and hyphens; the times start at the first digit.
        let at = text.find(|c: char| c.is_ascii_digit()).unwrap_or(text.len());
        let (days_text, time_text) = (text[..at].trim(), &text[at..]);
        if days_text.is_empty() || time_text.is_empty() {
            return Err(fail("expected days, a space, then times".into()));
        }
        let mut open = [false; 7];
        for part in days_text.split(',').map(str::trim) {
            if part.is_empty() {
                return Err(fail(format!("`{days_text}` has a comma with no day after it")));
            }
            let (first, last) = part.split_once('-').unwrap_or((part, part));
            match (day_index(first), day_index(last)) {
                (Some(a), Some(b)) if a <= b => open[a..=b].fill(true),
                (Some(_), Some(_)) => return Err(fail(format!("the days `{part}` run backwards"))),
                _ => return Err(fail(format!("`{part}` is not a day or a range of days"))),
            }
        }
        let time: String = time_text.chars().filter(|c| !c.is_whitespace()).collect();
        let (opens, closes) = time
            .split_once('-')
            .ok_or_else(|| fail("expected an opening and a closing time, e.g. 09:00-18:00".into()))?;
        let (opens, closes) = match (minutes(opens), minutes(closes)) {
            (Some(o), Some(c)) => (o, c),
            _ => {
                let guess = guess_times(opens, closes).map(|t| format!("{days_text} {t}"));
                return Err(HoursError {
                    message: format!("`{text}`: times must be 24-hour HH:MM, e.g. 09:00-18:00"),
                    help: match guess {
                        Some(line) => format!("write \"{line}\" (24-hour times with minutes)"),
                        None => example.to_string(),
                    },
                });
            }
        };
        if closes <= opens {
            return Err(fail(
                "closes at or before it opens (use 24-hour times: 6 pm is 18:00)".into(),
            ));
        }
        Ok(Hours {
            days: runs(&open),
            opens,
            closes,
        })
    }

    /// The line in canonical schema.org form: `Mo-Fr 09:00-18:00`, `Mo,We,Sa-Su 10:00-24:00`.
    pub fn canonical(&self) -> String {
        let days: Vec<String> = self
            .days
            .iter()
            .map(|&(a, b)| match a == b {
                true => DAYS[a].0.to_string(),
                false => format!("{}-{}", DAYS[a].0, DAYS[b].0),
            })
            .collect();
        let hhmm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        format!("{} {}-{}", days.join(","), hhmm(self.opens), hhmm(self.closes))
    }

    /// The line for people, and for search engines in canonical form.
    pub fn row(&self) -> HoursRow {
        HoursRow {
            days: days_in_words(&self.days),
            time: format!("{} to {}", clock(self.opens), clock(self.closes)),
            machine: self.canonical(),
        }
    }
}

fn day_index(abbr: &str) -> Option<usize> {
    DAYS.iter().position(|(a, _)| *a == abbr.trim())
}

/// The open days of the week as runs of consecutive days, in week order.
fn runs(open: &[bool; 7]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for day in (0..7).filter(|&d| open[d]) {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == day => *last = day,
            _ => out.push((day, day)),
        }
    }
    out
}

/// `HH:MM` (00:00 to 24:00) as minutes after midnight.
fn minutes(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    (m < 60 && total <= 24 * 60).then_some(total)
}

/// `9-6` -> `09:00-18:00`: whole hours written on a 12-hour clock, read as a day's hours (the
/// closing hour after noon when it would otherwise come first). No guess when the hours read
/// as no clinic's day either way (`1-5`: closing before 7 in the morning).
fn guess_times(opens: &str, closes: &str) -> Option<String> {
    let hour = |t: &str| t.trim().parse::<u16>().ok().filter(|h| (1..=24).contains(h));
    let (o, mut c) = (hour(opens)?, hour(closes)?);
    if c <= o && c + 12 <= 24 {
        c += 12;
    }
    (c > o && c >= 7).then(|| format!("{o:02}:00-{c:02}:00"))
}

/// `9 am`, `6:30 pm`, `noon`, `midnight` (for 00:00 and 24:00).
fn clock(minutes: u16) -> String {
    let (h, m) = ((minutes / 60) % 24, minutes % 60);
    match (h, m) {
        (0, 0) => return "midnight".into(),
        (12, 0) => return "noon".into(),
        _ => {}
    }
    let suffix = if h < 12 { "am" } else { "pm" };
    let h12 = match h % 12 {
        0 => 12,
        h => h,
    };
    if m == 0 {
        format!("{h12} {suffix}")
    } else {
        format!("{h12}:{m:02} {suffix}")
    }
}

/// `Monday to Friday`, `Monday, Wednesday and Friday`, `Monday to Wednesday and Saturday`,
/// `Every day`.
fn days_in_words(runs: &[(usize, usize)]) -> String {
    if runs == [(0, 6)] {
        return "Every day".into();
    }
    let parts: Vec<String> = runs
        .iter()
        .flat_map(|&(a, b)| match b - a {
            0 => vec![DAYS[a].1.to_string()],
            // Two days in a row read better as a pair than as a range.
            1 => vec![DAYS[a].1.to_string(), DAYS[b].1.to_string()],
            _ => vec![format!("{} to {}", DAYS[a].1, DAYS[b].1)],
        })
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str) -> HoursRow {
        Hours::parse(text).unwrap().row()
    }

    #[test]
    fn hours_are_written_for_people() {
        assert_eq!(row("Mo-Fr 09:00-18:00").days, "Monday to Friday");
        assert_eq!(row("Mo-Fr 09:00-18:00").time, "9 am to 6 pm");
        assert_eq!(row("Sa 09:30-14:00").time, "9:30 am to 2 pm");
        assert_eq!(row("Mo,We,Fr 10:00-19:00").days, "Monday, Wednesday and Friday");
        assert_eq!(row("Mo-We,Sa 08:00-12:00").days, "Monday to Wednesday and Saturday");
        assert_eq!(row("Sa-Su 11:00-24:00").days, "Saturday and Sunday");
        assert_eq!(row("Sa-Su 11:00-24:00").time, "11 am to midnight");
        assert_eq!(row("Tu 00:00-12:30").time, "midnight to 12:30 pm");
        assert_eq!(row("Tu 09:00-12:00").time, "9 am to noon");
        assert_eq!(row("Mo-Su 10:00-16:00").days, "Every day");
        assert_eq!(row("Mo-Fr,Sa-Su 10:00-16:00").days, "Every day");
        assert_eq!(row("Sa-Su,Mo-Fr 10:00-16:00").machine, "Mo-Su 10:00-16:00");
    }

    #[test]
    fn spaces_and_tabs_are_allowed_and_the_machine_form_is_canonical() {
        for written in [
            "Mo-Fr 09:00 - 18:00",
            "Mo - Fr\t09:00-18:00",
            "  Mo-Fr   09:00-18:00 ",
            "Mo-We, Th,Fr 09:00-18:00",
        ] {
            let row = row(written);
            assert_eq!(row.machine, "Mo-Fr 09:00-18:00", "{written:?}");
            assert_eq!(row.days, "Monday to Friday", "{written:?}");
        }
        let row = row("Mo, We 10:00-12:00");
        assert_eq!(
            (row.days.as_str(), row.machine.as_str()),
            ("Monday and Wednesday", "Mo,We 10:00-12:00")
        );
        let err = Hours::parse("Mo,,We 10:00-12:00").unwrap_err();
        assert_eq!(
            err.message,
            "`Mo,,We 10:00-12:00`: `Mo,,We` has a comma with no day after it"
        );
    }

    #[test]
    fn twelve_hour_times_are_refused_with_the_line_written_right() {
        let err = Hours::parse("Mo-Fr 9-6").unwrap_err();
        assert!(err.message.contains("24-hour HH:MM"), "{}", err.message);
        assert_eq!(err.help, "write \"Mo-Fr 09:00-18:00\" (24-hour times with minutes)");
        assert!(
            Hours::parse("Mon-Fri 09:00-18:00")
                .unwrap_err()
                .message
                .contains("`Mon-Fri`")
        );
        assert!(
            Hours::parse("Fr-Mo 09:00-18:00")
                .unwrap_err()
                .message
                .contains("backwards")
        );
        assert!(
            Hours::parse("Mo 18:00-09:00")
                .unwrap_err()
                .message
                .contains("closes at or before")
        );
        assert!(Hours::parse("Mo 09:00-25:00").is_err());
        assert!(Hours::parse("Mo-Fr").is_err());
        // A guess that reads as no clinic's day is not offered.
        let err = Hours::parse("Mo 1-5").unwrap_err();
        assert_eq!(err.message, "`Mo 1-5`: times must be 24-hour HH:MM, e.g. 09:00-18:00");
        assert!(err.help.starts_with("write days as"), "{}", err.help);
    }
}
