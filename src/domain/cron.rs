//! AWS Backup's schedule expressions: `cron(Minutes Hours Day-of-month Month
//! Day-of-week Year)`, all in UTC unless the rule names a time zone. Parsed
//! to check what AWS would refuse where the operator types it, to say it in
//! words and to find its runs in a window (the next run, and the runs a job
//! validation expects).
//!
//! Supported as AWS documents them: `*`, `?`, numbers, ranges `a-b`, lists
//! `a,b`, steps `a/n` and `*/n`, month and weekday names, `L` (the last day
//! of the month) in day-of-month. Weekdays are 1–7, Sunday first. Not
//! supported (refused with a message, never guessed): `W`, `#` and `L` in
//! day-of-week.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};

/// A parsed schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    text: String,
    minutes: Vec<u32>,
    hours: Vec<u32>,
    days: Days,
    months: Vec<u32>,
    years: Option<Vec<i32>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Days {
    /// Day-of-week is `?`: these days of the month (`last`: also the last).
    OfMonth {
        days: Vec<u32>,
        last: bool,
        any: bool,
    },
    /// Day-of-month is `?`: these weekdays (1 = Sunday … 7 = Saturday).
    OfWeek { weekdays: Vec<u32>, any: bool },
}

/// Why AWS would refuse a schedule; its `Display` is the message shown where
/// it was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CronError {
    #[error(
        "a schedule is cron(Minutes Hours Day-of-month Month Day-of-week Year), e.g. cron(0 5 ? * * *)"
    )]
    Shape,
    #[error("{field}: `{value}` is not valid ({range})")]
    Field {
        field: &'static str,
        value: String,
        range: &'static str,
    },
    #[error(
        "one of day-of-month and day-of-week must be `?` (e.g. cron(0 5 ? * * *) or cron(0 5 1 * ? *))"
    )]
    Question,
    #[error("AWS Backup runs a rule at most once an hour: give one minute, not `{0}`")]
    TooOften(String),
    #[error("`{0}` is not supported here: use plain days, ranges and lists")]
    Unsupported(String),
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Cron {
    /// `cron(0 5 ? * * *)` (the `cron(…)` wrapper optional).
    pub fn parse(text: &str) -> Result<Self, CronError> {
        let trimmed = text.trim();
        let inner = trimmed
            .strip_prefix("cron(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(trimmed);
        let fields: Vec<&str> = inner.split_whitespace().collect();
        let [min, hour, dom, month, dow, year] = fields[..] else {
            return Err(CronError::Shape);
        };
        let minutes = field(min, "minutes", 0, 59, "0–59", &[])?;
        if minutes.len() != 1 {
            return Err(CronError::TooOften(min.to_owned()));
        }
        let hours = field(hour, "hours", 0, 23, "0–23", &[])?;
        let months = field(month, "month", 1, 12, "1–12 or JAN–DEC", &MONTHS)?;
        let years = if year == "*" {
            None
        } else {
            Some(
                field(year, "year", 1970, 2199, "1970–2199", &[])?
                    .into_iter()
                    .map(|y| y as i32)
                    .collect(),
            )
        };
        let days = match (dom, dow) {
            ("?", "?") => return Err(CronError::Question),
            (_, "?") => {
                let (body, last) = match dom {
                    "L" => ("", true),
                    d if d.contains(['W', 'L']) => return Err(CronError::Unsupported(d.into())),
                    d => (d, false),
                };
                let days = if body.is_empty() {
                    Vec::new()
                } else {
                    field(body, "day-of-month", 1, 31, "1–31 or L", &[])?
                };
                Days::OfMonth {
                    any: dom == "*",
                    days,
                    last,
                }
            }
            ("?", _) => {
                if dow.contains(['#', 'L']) {
                    return Err(CronError::Unsupported(dow.into()));
                }
                let weekdays = field(dow, "day-of-week", 1, 7, "1–7 or SUN–SAT", &WEEKDAYS)?;
                Days::OfWeek {
                    any: dow == "*",
                    weekdays,
                }
            }
            _ => return Err(CronError::Question),
        };
        Ok(Self {
            text: format!("cron({})", fields.join(" ")),
            minutes,
            hours,
            days,
            months,
            years,
        })
    }

    /// The expression as AWS takes it: `cron(0 5 ? * * *)`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the schedule fires at this minute (UTC).
    pub fn fires_at(&self, t: DateTime<Utc>) -> bool {
        self.minutes.contains(&t.minute())
            && self.hours.contains(&t.hour())
            && self.day_matches(t.date_naive())
    }

    fn day_matches(&self, d: NaiveDate) -> bool {
        if !self.months.contains(&d.month()) {
            return false;
        }
        if let Some(years) = &self.years
            && !years.contains(&d.year())
        {
            return false;
        }
        match &self.days {
            Days::OfMonth { days, last, .. } => {
                days.contains(&d.day()) || (*last && d.succ_opt().is_some_and(|n| n.day() == 1))
            }
            Days::OfWeek { weekdays, .. } => {
                weekdays.contains(&(d.weekday().num_days_from_sunday() + 1))
            }
        }
    }

    /// Every run in `[from, to)`, at most `cap` of them.
    pub fn runs_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        cap: usize,
    ) -> Vec<DateTime<Utc>> {
        let mut out = Vec::new();
        let mut day = from.date_naive();
        while out.len() < cap {
            let Some(midnight) = day.and_hms_opt(0, 0, 0) else {
                break;
            };
            let midnight = Utc.from_utc_datetime(&midnight);
            if midnight >= to {
                break;
            }
            if self.day_matches(day) {
                for &h in &self.hours {
                    for &m in &self.minutes {
                        let t = midnight + Duration::minutes(i64::from(h * 60 + m));
                        if t >= from && t < to && out.len() < cap {
                            out.push(t);
                        }
                    }
                }
            }
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        out
    }

    /// The first run at or after `from`, looking at most ~5 years ahead.
    pub fn next_after(&self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.runs_between(from, from + Duration::days(5 * 366), 1)
            .into_iter()
            .next()
    }

    /// The last run before `to`, looking back at most ~1 year.
    pub fn last_before(&self, to: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.runs_between(to - Duration::days(366), to, usize::MAX)
            .pop()
    }

    /// `daily at 05:00 UTC`, `every Sunday at 00:00 UTC`, `on day 1 of every
    /// month at 00:00 UTC`; the expression itself when no short phrase fits.
    pub fn words(&self) -> String {
        let at = match (&self.hours[..], &self.minutes[..]) {
            ([h], [m]) => format!("at {h:02}:{m:02} UTC"),
            (hs, [m]) if hs.len() == 24 => format!("hourly at :{m:02}"),
            (hs, [m]) => format!(
                "at {} UTC",
                hs.iter()
                    .map(|h| format!("{h:02}:{m:02}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => return self.text.clone(),
        };
        let every_month = self.months.len() == 12 && self.years.is_none();
        let when = match &self.days {
            Days::OfMonth { any: true, .. } if every_month => "daily".to_owned(),
            Days::OfWeek { any: true, .. } if every_month => "daily".to_owned(),
            Days::OfWeek { weekdays, .. } if every_month => {
                let names: Vec<&str> = weekdays
                    .iter()
                    .filter_map(|w| WEEKDAY_WORDS.get((*w as usize).wrapping_sub(1)).copied())
                    .collect();
                if names.len() == 5 && !weekdays.contains(&1) && !weekdays.contains(&7) {
                    "on weekdays".to_owned()
                } else {
                    format!("every {}", names.join(", "))
                }
            }
            Days::OfMonth { days, last, .. } if every_month => {
                let mut parts: Vec<String> = days.iter().map(u32::to_string).collect();
                match (parts.is_empty(), *last) {
                    (true, _) => "on the last day of every month".to_owned(),
                    (false, true) => {
                        parts.push("the last".to_owned());
                        format!("on days {} of every month", parts.join(", "))
                    }
                    (false, false) if parts.len() == 1 => {
                        format!("on day {} of every month", parts[0])
                    }
                    (false, false) => format!("on days {} of every month", parts.join(", ")),
                }
            }
            _ => return self.text.clone(),
        };
        format!("{when} {at}")
    }
}

const WEEKDAY_WORDS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// One field's values, sorted and without repeats.
fn field(
    text: &str,
    name: &'static str,
    lo: u32,
    hi: u32,
    range: &'static str,
    names: &[&str],
) -> Result<Vec<u32>, CronError> {
    let bad = || CronError::Field {
        field: name,
        value: text.to_owned(),
        range,
    };
    let value = |s: &str| -> Result<u32, CronError> {
        let upper = s.to_ascii_uppercase();
        let v = match names.iter().position(|n| *n == upper) {
            Some(i) => i as u32 + 1,
            None => s.parse::<u32>().map_err(|_| bad())?,
        };
        if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(bad())
        }
    };
    let mut out = Vec::new();
    for part in text.split(',') {
        let (span, step) = match part.split_once('/') {
            Some((span, step)) => {
                let step: u32 = step.parse().map_err(|_| bad())?;
                if step == 0 {
                    return Err(bad());
                }
                (span, step)
            }
            None => (part, 1),
        };
        let (from, to) = match span {
            "*" => (lo, hi),
            s => match s.split_once('-') {
                Some((a, b)) => (value(a)?, value(b)?),
                None if part.contains('/') => (value(s)?, hi),
                None => {
                    let v = value(s)?;
                    (v, v)
                }
            },
        };
        if from > to {
            return Err(bad());
        }
        out.extend((from..=to).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap()
    }

    #[test]
    fn the_reference_schedules_parse_and_read_in_words() {
        let daily = Cron::parse("cron(0 1 * * ? *)").unwrap();
        assert_eq!(daily.words(), "daily at 01:00 UTC");
        let weekly = Cron::parse("cron(0 0 ? * SUN *)").unwrap();
        assert_eq!(weekly.words(), "every Sunday at 00:00 UTC");
        let monthly = Cron::parse("cron(0 0 1 * ? *)").unwrap();
        assert_eq!(monthly.words(), "on day 1 of every month at 00:00 UTC");
        assert_eq!(
            Cron::parse("0 5 ? * MON-FRI *").unwrap().words(),
            "on weekdays at 05:00 UTC"
        );
        assert_eq!(
            Cron::parse("cron(0 5 L * ? *)").unwrap().words(),
            "on the last day of every month at 05:00 UTC"
        );
    }

    #[test]
    fn next_and_last_runs_follow_the_calendar() {
        let weekly = Cron::parse("cron(0 0 ? * SUN *)").unwrap();
        // 2026-12-02 is a Wednesday; the next Sunday is the 6th.
        let now = at("2026-12-02T10:00:00Z");
        assert_eq!(weekly.next_after(now), Some(at("2026-12-06T00:00:00Z")));
        assert_eq!(weekly.last_before(now), Some(at("2026-11-29T00:00:00Z")));
        let last_day = Cron::parse("cron(30 23 L * ? *)").unwrap();
        assert_eq!(
            last_day.next_after(at("2027-02-01T00:00:00Z")),
            Some(at("2027-02-28T23:30:00Z"))
        );
        let twice = Cron::parse("cron(15 1,13 * * ? *)").unwrap();
        let runs = twice.runs_between(at("2026-12-01T00:00:00Z"), at("2026-12-03T00:00:00Z"), 10);
        assert_eq!(runs.len(), 4);
        assert!(runs.iter().all(|t| twice.fires_at(*t)));
    }

    #[test]
    fn what_aws_refuses_is_refused_with_why() {
        assert_eq!(Cron::parse("0 5 * * *"), Err(CronError::Shape));
        assert_eq!(Cron::parse("cron(0 5 * * * *)"), Err(CronError::Question));
        assert_eq!(Cron::parse("cron(0 5 ? * ? *)"), Err(CronError::Question));
        assert!(matches!(
            Cron::parse("cron(*/5 * * * ? *)"),
            Err(CronError::TooOften(_))
        ));
        assert!(matches!(
            Cron::parse("cron(0 24 * * ? *)"),
            Err(CronError::Field { field: "hours", .. })
        ));
        assert!(matches!(
            Cron::parse("cron(0 5 ? * 2#1 *)"),
            Err(CronError::Unsupported(_))
        ));
        let e = Cron::parse("cron(0 5 ? FOO * *)").unwrap_err().to_string();
        assert!(e.contains("month") && e.contains("FOO"), "{e}");
    }
}
