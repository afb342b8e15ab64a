//! A window back from now, as typed on a command line: `--since 24h`,
//! `90m`, `7d`.

use std::fmt;

use chrono::Duration;

use super::Printable;

/// The longest `--since` accepted.
const MAX_DAYS: i64 = 366;

/// `--since`: how far back from now, as typed (`24h`, `90m`, `7d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    amount: i64,
    unit: char,
}

impl Window {
    pub fn duration(self) -> Duration {
        match self.unit {
            'm' => Duration::minutes(self.amount),
            'h' => Duration::hours(self.amount),
            _ => Duration::days(self.amount),
        }
    }
}

impl Default for Window {
    fn default() -> Self {
        Self {
            amount: 24,
            unit: 'h',
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit)
    }
}

/// Parses `--since`: a whole number of minutes (`90m`), hours (`24h`) or
/// days (`7d`), at least 1 and at most 366 days in all.
pub fn parse_window(raw: &str) -> Result<Window, String> {
    let raw = raw.trim();
    let bad = || {
        format!(
            "'{}' is not a window: use a whole number of minutes, hours or days, like 90m, 24h or 7d",
            Printable(raw)
        )
    };
    let unit = raw.chars().last().ok_or_else(bad)?;
    if !matches!(unit, 'm' | 'h' | 'd') {
        return Err(bad());
    }
    let amount: i64 = raw[..raw.len() - 1].parse().map_err(|_| bad())?;
    if amount < 1 {
        return Err(format!(
            "'{raw}' is not a window: it must be at least 1{unit}"
        ));
    }
    let window = Window { amount, unit };
    if amount > MAX_DAYS * 24 * 60 || window.duration() > Duration::days(MAX_DAYS) {
        return Err(format!("'{raw}' is too long a window: at most {MAX_DAYS}d"));
    }
    Ok(window)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_minutes_hours_or_days() {
        assert_eq!(
            parse_window("90m").unwrap().duration(),
            Duration::minutes(90)
        );
        assert_eq!(parse_window("24h").unwrap().duration(), Duration::hours(24));
        assert_eq!(parse_window("7d").unwrap().duration(), Duration::days(7));
        assert_eq!(parse_window("7d").unwrap().to_string(), "7d");
        assert_eq!(Window::default().to_string(), "24h");
    }

    #[test]
    fn a_bad_window_says_what_is_accepted() {
        for bad in [
            "",
            "24",
            "h",
            "1.5h",
            "-3h",
            "24 h",
            "1w",
            "99999999999999999999d",
        ] {
            let e = parse_window(bad).unwrap_err();
            assert!(
                ["90m, 24h or 7d", "at most", "at least"]
                    .iter()
                    .any(|w| e.contains(w)),
                "{bad}: {e}"
            );
        }
        assert!(parse_window("0h").unwrap_err().contains("at least 1h"));
        assert!(parse_window("367d").unwrap_err().contains("at most 366d"));
        assert!(parse_window("366d").is_ok());
    }
}
