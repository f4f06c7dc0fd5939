//! Time as the rest of the crate sees it: a UTC instant with a zone, and the
//! local calendar day used for daily limits and "due today".

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Local, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// An instant in time, always in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: Timestamp = Timestamp(DateTime::UNIX_EPOCH);

    /// The current wall-clock time.
    pub fn now() -> Self {
        Timestamp(Utc::now())
    }

    /// Builds a timestamp from milliseconds since the Unix epoch.
    pub fn from_millis(millis: i64) -> Option<Self> {
        Utc.timestamp_millis_opt(millis).single().map(Timestamp)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0.timestamp_millis()
    }

    /// RFC 3339 with second precision and a `Z` suffix.
    pub fn rfc3339(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// This instant moved by `duration`, saturating at the representable range.
    pub fn plus(self, duration: Duration) -> Self {
        Timestamp(self.0.checked_add_signed(duration).unwrap_or(self.0))
    }

    /// The local calendar day this instant falls on (midnight to midnight).
    pub fn local_day(self) -> NaiveDate {
        self.0.with_timezone(&Local).date_naive()
    }
}

/// When "today" begins: a local hour, 4 a.m. unless the config says
/// otherwise (as in Anki), so a session past midnight still counts for the
/// evening it began in. New-card limits, burying, streaks and the day figures
/// of `quiz stats` all go by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayStart {
    hour: u32,
}

impl Default for DayStart {
    fn default() -> Self {
        DayStart::DEFAULT
    }
}

impl DayStart {
    /// 4 a.m. local time.
    pub const DEFAULT: DayStart = DayStart { hour: 4 };

    /// A day that starts at `hour` (0–23) local time.
    pub fn at_hour(hour: u32) -> Option<DayStart> {
        (hour < 24).then_some(DayStart { hour })
    }

    /// The hour the day starts at.
    pub fn hour(self) -> u32 {
        self.hour
    }

    /// The day `at` counts towards.
    pub fn day_of(self, at: Timestamp) -> NaiveDate {
        self.day_in(&Local, at)
    }

    /// The first instant of `day`.
    pub fn start_of(self, day: NaiveDate) -> Timestamp {
        self.start_in(&Local, day)
    }

    /// The first instant of the day `at` counts towards.
    pub fn start_of_day(self, at: Timestamp) -> Timestamp {
        self.start_of(self.day_of(at))
    }

    /// The first instant of the day after the one `at` counts towards.
    pub fn start_of_next_day(self, at: Timestamp) -> Timestamp {
        self.start_of(self.day_of(at) + Duration::days(1))
    }

    fn day_in<Zone: TimeZone>(self, zone: &Zone, at: Timestamp) -> NaiveDate {
        let local = at.0.with_timezone(zone).naive_local();
        (local - Duration::hours(i64::from(self.hour))).date()
    }

    /// The day's first instant in `zone`. When the clocks skip the hour (a
    /// daylight-saving gap), the day starts when they land; when they repeat
    /// it, at its first occurrence.
    fn start_in<Zone: TimeZone>(self, zone: &Zone, day: NaiveDate) -> Timestamp {
        let Some(start) = day.and_hms_opt(self.hour, 0, 0) else { return Timestamp::EPOCH };
        (0..=3)
            .find_map(|hours| zone.from_local_datetime(&(start + Duration::hours(hours))).earliest())
            .map(|local| Timestamp(local.with_timezone(&Utc)))
            .unwrap_or_else(|| Timestamp(start.and_utc()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.rfc3339())
    }
}

impl FromStr for Timestamp {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse_from_rfc3339(text.trim())
            .map(|parsed| Timestamp(parsed.with_timezone(&Utc)))
            .map_err(|error| format!("`{text}` is not an RFC 3339 time ({error}); write it like 2026-01-31T09:00:00Z"))
    }
}

/// Renders a duration the way a rating line shows it: `10m`, `3h`, `4d`, `2.1mo`, `1.3y`.
pub fn short_duration(duration: Duration) -> String {
    let minutes = duration.num_minutes().max(1);
    if minutes < 60 {
        format!("{minutes}m")
    } else if minutes < 60 * 24 {
        format!("{}h", (minutes + 30) / 60)
    } else {
        let days = duration.num_seconds() as f64 / 86_400.0;
        if days < 30.0 {
            format!("{}d", days.round() as i64)
        } else if days < 365.0 {
            format!("{:.1}mo", days / 30.0)
        } else {
            format!("{:.1}y", days / 365.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_rfc3339() {
        let time: Timestamp = "2026-01-31T09:00:00+09:00".parse().unwrap();
        assert_eq!(time.rfc3339(), "2026-01-31T00:00:00Z");
        assert!("yesterday".parse::<Timestamp>().is_err());
    }

    #[test]
    fn the_day_starts_at_the_configured_hour() {
        let seoul = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let at = |text: &str| text.parse::<Timestamp>().unwrap();
        let four = DayStart::DEFAULT;
        // 02:30 in Seoul on the 2nd still counts for the 1st; 04:00 starts the 2nd.
        assert_eq!(four.day_in(&seoul, at("2026-03-02T02:30:00+09:00")), day("2026-03-01"));
        assert_eq!(four.day_in(&seoul, at("2026-03-02T04:00:00+09:00")), day("2026-03-02"));
        assert_eq!(four.start_in(&seoul, day("2026-03-02")), at("2026-03-02T04:00:00+09:00"));
        let midnight = DayStart::at_hour(0).unwrap();
        assert_eq!(midnight.day_in(&seoul, at("2026-03-02T02:30:00+09:00")), day("2026-03-02"));
        assert_eq!(midnight.start_in(&seoul, day("2026-03-02")), at("2026-03-02T00:00:00+09:00"));
        assert_eq!(DayStart::at_hour(24), None);
    }

    #[test]
    fn short_durations() {
        assert_eq!(short_duration(Duration::minutes(10)), "10m");
        assert_eq!(short_duration(Duration::hours(5)), "5h");
        assert_eq!(short_duration(Duration::days(3)), "3d");
        assert_eq!(short_duration(Duration::days(90)), "3.0mo");
        assert_eq!(short_duration(Duration::days(730)), "2.0y");
    }
}

/// The session's clock: a starting moment (the real time, or `--now`) that
/// advances with real elapsed time; tests use a fixed clock.
#[derive(Clone, Debug)]
pub struct Clock {
    start: Timestamp,
    started: Option<std::time::Instant>,
    /// Milliseconds a test has moved the clock on by hand.
    moved: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

/// Moves a [`Clock::manual`] clock on (tests).
#[derive(Clone, Debug)]
pub struct ClockHand(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl ClockHand {
    /// Moves the clock on by `span`.
    pub fn advance(&self, span: Duration) {
        self.0.fetch_add(span.num_milliseconds(), std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock {
    /// A clock that starts at `start` and runs in real time.
    pub fn running_from(start: Timestamp) -> Self {
        Clock { start, started: Some(std::time::Instant::now()), moved: Default::default() }
    }

    /// A clock that always says `at`.
    pub fn fixed(at: Timestamp) -> Self {
        Clock { start: at, started: None, moved: Default::default() }
    }

    /// A clock that says `at` until its hand moves it on.
    pub fn manual(at: Timestamp) -> (Self, ClockHand) {
        let clock = Clock::fixed(at);
        let hand = ClockHand(std::sync::Arc::clone(&clock.moved));
        (clock, hand)
    }

    /// The current moment.
    pub fn now(&self) -> Timestamp {
        match self.started {
            Some(started) => {
                let elapsed = Duration::from_std(started.elapsed()).unwrap_or_else(|_| Duration::zero());
                self.start.plus(elapsed)
            }
            None => self.start,
        }
        .plus(Duration::milliseconds(self.moved.load(std::sync::atomic::Ordering::SeqCst)))
    }
}

/// Parses a duration like `15m`, `90s`, `1h30m` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(std::time::Duration::from_secs(seconds));
    }
    let mut total = 0u64;
    let mut number = String::new();
    for character in text.chars() {
        if character.is_ascii_digit() {
            number.push(character);
            continue;
        }
        let unit = match character {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(format!("`{text}` is not a duration; write it like 15m, 90s or 1h30m")),
        };
        let value: u64 =
            number.parse().map_err(|_| format!("`{text}` is not a duration; write it like 15m, 90s or 1h30m"))?;
        total = total.saturating_add(value.saturating_mul(unit));
        number.clear();
    }
    if !number.is_empty() || total == 0 {
        return Err(format!("`{text}` is not a duration; write it like 15m, 90s or 1h30m"));
    }
    Ok(std::time::Duration::from_secs(total))
}

#[cfg(test)]
mod duration_tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m").unwrap().as_secs(), 900);
        assert_eq!(parse_duration("1h30m").unwrap().as_secs(), 5400);
        assert_eq!(parse_duration("45").unwrap().as_secs(), 45);
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
    }
}
