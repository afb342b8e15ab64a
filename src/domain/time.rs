//! Time as operators type and read it: `Mon dd yyyy - HH:mm:ss` (the form
//! the console shows, so a time read off the screen can be typed back) and
//! ISO 8601, always UTC.

use chrono::{DateTime, NaiveDateTime, Utc};

const REFERENCE_FORMAT: &str = "%b %d %Y - %H:%M:%S";

/// `Jan 28 2025 - 09:39:28`.
pub fn format_reference(at: DateTime<Utc>) -> String {
    at.format(REFERENCE_FORMAT).to_string()
}

/// Accepts `Jan 28 2025 - 09:39:28`, `2025-01-28T09:39:28Z`,
/// `2025-01-28T09:39:28` and `2025-01-28 09:39:28` (all UTC).
pub fn parse_time(raw: &str) -> Result<DateTime<Utc>, String> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in [REFERENCE_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, fmt) {
            return Ok(t.and_utc());
        }
    }
    Err(format!(
        "'{raw}' is not a time: use 'Jan 28 2025 - 09:39:28' or '2025-01-28T09:39:28Z' (UTC)"
    ))
}

/// `parse_time`, and times relative to `now` as an operator types them at
/// 3 a.m.: `-2h`, `-90m`, `-1d2h`, `2h ago`, `45 minutes ago`,
/// `today 09:30`, `yesterday 14:00`, `14:00` (today). All UTC; the plan
/// shows the moment back in full before anything runs.
pub fn parse_time_at(raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let raw = raw.trim();
    if let Ok(t) = parse_time(raw) {
        return Ok(t);
    }
    let lower = raw.to_lowercase();
    let ago = lower
        .strip_prefix('-')
        .or_else(|| lower.strip_suffix(" ago"))
        .map(str::trim);
    if let Some(span) = ago {
        return parse_span(span)
            .map(|d| now - d)
            .ok_or_else(|| not_a_time(raw));
    }
    let (day, clock) = match lower.split_once(' ') {
        Some(("today", clock)) => (now.date_naive(), clock.trim()),
        Some(("yesterday", clock)) => (now.date_naive() - chrono::Duration::days(1), clock.trim()),
        None => (now.date_naive(), lower.as_str()),
        Some(_) => return Err(not_a_time(raw)),
    };
    ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveTime::parse_from_str(clock, f).ok())
        .map(|t| day.and_time(t).and_utc())
        .ok_or_else(|| not_a_time(raw))
}

/// `2h`, `90m`, `1d2h`, `1h 30m`, `45 minutes`, `2 hours`, `1 day`.
fn parse_span(raw: &str) -> Option<chrono::Duration> {
    let mut total = chrono::Duration::zero();
    let mut rest = raw.trim();
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let n: i64 = rest.get(..digits)?.parse().ok()?;
        rest = rest.get(digits..)?.trim_start();
        let unit_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = rest.get(..unit_end)?;
        let one = match unit {
            "s" | "sec" | "secs" | "second" | "seconds" => chrono::Duration::seconds(1),
            "m" | "min" | "mins" | "minute" | "minutes" => chrono::Duration::minutes(1),
            "h" | "hr" | "hrs" | "hour" | "hours" => chrono::Duration::hours(1),
            "d" | "day" | "days" => chrono::Duration::days(1),
            _ => return None,
        };
        total += one * i32::try_from(n).ok()?;
        rest = rest.get(unit_end..)?.trim_start();
        any = true;
    }
    any.then_some(total)
}

fn not_a_time(raw: &str) -> String {
    format!(
        "'{raw}' is not a time: use 'Jan 28 2025 - 09:39:28', '2025-01-28T09:39:28Z', \
         '-2h', '2h ago' or 'yesterday 14:00' (UTC)"
    )
}

/// `3m 20s`, `2h 05m`, `4d 03h`: short and stable in width.
pub fn human_duration(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        3600..86400 => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d {:02}h", s / 86400, (s % 86400) / 3600),
    }
}

/// `1.2 GB`, `340 KB`, `12 B`.
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = b as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// A count in full, its thousands separated: `12,500`, `1,237,579`, `999`.
/// The compact form is `human_count`.
pub fn full_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1.2M`, `34.5k`, `999`.
pub fn human_count(n: u64) -> String {
    match n {
        0..1000 => n.to_string(),
        1000..1_000_000 => format!("{:.1}k", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1}M", n as f64 / 1e6),
        _ => format!("{:.1}G", n as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn full_counts_separate_thousands() {
        assert_eq!(full_count(0), "0");
        assert_eq!(full_count(999), "999");
        assert_eq!(full_count(12_500), "12,500");
        assert_eq!(full_count(1_237_579), "1,237,579");
        assert_eq!(full_count(100_000), "100,000");
    }

    #[test]
    fn both_formats_parse_to_the_same_instant() {
        let want = Utc
            .with_ymd_and_hms(2025, 1, 28, 9, 39, 28)
            .single()
            .unwrap();
        assert_eq!(parse_time("Jan 28 2025 - 09:39:28"), Ok(want));
        assert_eq!(parse_time("2025-01-28T09:39:28Z"), Ok(want));
        assert_eq!(parse_time(" 2025-01-28 09:39:28 "), Ok(want));
        assert_eq!(format_reference(want), "Jan 28 2025 - 09:39:28");
        assert!(parse_time("yesterday").unwrap_err().contains("not a time"));
    }

    #[test]
    fn relative_times_count_back_from_now() {
        let now = Utc
            .with_ymd_and_hms(2026, 12, 1, 3, 10, 0)
            .single()
            .unwrap();
        let at = |y, mo, d, h, mi, s| Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap();
        assert_eq!(parse_time_at("-2h", now), Ok(at(2026, 12, 1, 1, 10, 0)));
        assert_eq!(parse_time_at("-90m", now), Ok(at(2026, 12, 1, 1, 40, 0)));
        assert_eq!(parse_time_at("-1d2h", now), Ok(at(2026, 11, 30, 1, 10, 0)));
        assert_eq!(parse_time_at("2h ago", now), Ok(at(2026, 12, 1, 1, 10, 0)));
        assert_eq!(
            parse_time_at("1 hour 30 minutes ago", now),
            Ok(at(2026, 12, 1, 1, 40, 0))
        );
        assert_eq!(
            parse_time_at("yesterday 14:00", now),
            Ok(at(2026, 11, 30, 14, 0, 0))
        );
        assert_eq!(
            parse_time_at("Today 02:30:15", now),
            Ok(at(2026, 12, 1, 2, 30, 15))
        );
        assert_eq!(parse_time_at("01:05", now), Ok(at(2026, 12, 1, 1, 5, 0)));
        // Absolute times still parse, whatever now is.
        assert_eq!(
            parse_time_at("2025-01-28T09:39:28Z", now),
            Ok(at(2025, 1, 28, 9, 39, 28))
        );
        for bad in [
            "-2x",
            "ago",
            "2h from now",
            "yesterday",
            "tomorrow 10:00",
            "-",
            "25:00",
        ] {
            let e = parse_time_at(bad, now).unwrap_err();
            assert!(
                e.contains("not a time") && e.contains("2h ago"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn humans_read_sizes_and_durations() {
        assert_eq!(human_duration(chrono::Duration::seconds(200)), "3m 20s");
        assert_eq!(human_duration(chrono::Duration::hours(3)), "3h 00m");
        assert_eq!(human_bytes(1_234_000_000), "1.2 GB");
        assert_eq!(human_count(34_500), "34.5k");
    }
}
