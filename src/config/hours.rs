//! Opening hours: the schema.org `openingHours` form written in `site.yaml`
//! (`Mo-Fr 09:00-18:00`) read into days and times, and written again for people
//! ("Monday to Friday", "9 am to 6 pm").
//!
//! The accepted form is the subset of schema.org's that a clinic needs: days as two-letter
//! abbreviations (`Mo Tu We Th Fr Sa Su`), one day, a range (`Mo-Fr`) or a list of those
//! (`Mo,We,Fr` or `Mo-We,Sa`), a space, then 24-hour `HH:MM-HH:MM`. Days not listed are closed.

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
    /// Runs of days as indexes into the week (0 = Monday), inclusive, in the order written.
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
    /// `9 am to 6 pm`, `9:30 am to 1 pm`.
    pub time: String,
    /// The line as written in `site.yaml` (schema.org `openingHours` form).
    pub machine: String,
}

/// Why a line of opening hours cannot be read, and the line written right when that can be
/// guessed.
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
        let fail = |message: String| HoursError {
            message,
            help: example.to_string(),
        };
        let (days_text, time_text) = text
            .split_once(' ')
            .ok_or_else(|| fail(format!("opening hours `{text}`: expected days, a space, then times")))?;
        let mut days = Vec::new();
        for part in days_text.split(',') {
            let (first, last) = part.split_once('-').unwrap_or((part, part));
            let (a, b) = (day_index(first), day_index(last));
            match (a, b) {
                (Some(a), Some(b)) if a <= b => days.push((a, b)),
                (Some(_), Some(_)) => {
                    return Err(fail(format!("opening hours `{text}`: the days `{part}` run backwards")));
                }
                _ => {
                    return Err(fail(format!(
                        "opening hours `{text}`: `{part}` is not a day or a range of days"
                    )));
                }
            }
        }
        let (opens, closes) = time_text.trim().split_once('-').ok_or_else(|| {
            fail(format!(
                "opening hours `{text}`: expected an opening and a closing time, e.g. 09:00-18:00"
            ))
        })?;
        let (opens, closes) = match (minutes(opens), minutes(closes)) {
            (Some(o), Some(c)) => (o, c),
            _ => {
                let guess = guess_times(opens, closes).map(|t| format!("{days_text} {t}"));
                return Err(HoursError {
                    message: format!("opening hours `{text}`: times must be 24-hour HH:MM, e.g. 09:00-18:00"),
                    help: match guess {
                        Some(line) => format!("write \"{line}\" (24-hour times with minutes)"),
                        None => example.to_string(),
                    },
                });
            }
        };
        if closes <= opens {
            return Err(fail(format!(
                "opening hours `{text}`: closes at or before it opens (use 24-hour times: 6 pm is 18:00)"
            )));
        }
        Ok(Hours { days, opens, closes })
    }

    /// The line for people.
    pub fn row(&self, machine: &str) -> HoursRow {
        HoursRow {
            days: days_in_words(&self.days),
            time: format!("{} to {}", clock(self.opens), clock(self.closes)),
            machine: machine.trim().to_string(),
        }
    }
}

fn day_index(abbr: &str) -> Option<usize> {
    DAYS.iter().position(|(a, _)| *a == abbr.trim())
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
/// closing hour after noon when it would otherwise come first).
fn guess_times(opens: &str, closes: &str) -> Option<String> {
    let hour = |t: &str| t.trim().parse::<u16>().ok().filter(|h| (1..=24).contains(h));
    let (o, mut c) = (hour(opens)?, hour(closes)?);
    if c <= o && c + 12 <= 24 {
        c += 12;
    }
    (c > o).then(|| format!("{o:02}:00-{c:02}:00"))
}

/// `9 am`, `6:30 pm`, `12 pm`, `12 am` (midnight, also for 24:00).
fn clock(minutes: u16) -> String {
    let (h, m) = ((minutes / 60) % 24, minutes % 60);
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
        Hours::parse(text).unwrap().row(text)
    }

    #[test]
    fn hours_are_written_for_people() {
        assert_eq!(row("Mo-Fr 09:00-18:00").days, "Monday to Friday");
        assert_eq!(row("Mo-Fr 09:00-18:00").time, "9 am to 6 pm");
        assert_eq!(row("Sa 09:30-14:00").time, "9:30 am to 2 pm");
        assert_eq!(row("Mo,We,Fr 10:00-19:00").days, "Monday, Wednesday and Friday");
        assert_eq!(row("Mo-We,Sa 08:00-12:00").days, "Monday to Wednesday and Saturday");
        assert_eq!(row("Sa-Su 11:00-24:00").days, "Saturday and Sunday");
        assert_eq!(row("Sa-Su 11:00-24:00").time, "11 am to 12 am");
        assert_eq!(row("Tu 00:00-12:30").time, "12 am to 12:30 pm");
        assert_eq!(row("Mo-Su 10:00-16:00").days, "Every day");
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
    }
}
