//! The sync file format: JSON Lines. The first line is a header naming the
//! format and the device whose file it is; every other line is one log entry.
//! Files are read as untrusted input: every field is checked, a line may be at
//! most [`MAX_LINE`] bytes, and a line is only read once its `\n` is written.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::clock::Timestamp;
use crate::deck::{is_valid_id, CardId, DeckId};
use crate::schedule::Rating;
use crate::store::{Change, LogEntry, ReviewRecord, SessionKind};

/// The sync format this build writes and reads; a file with a higher one is refused.
pub const FORMAT: u32 = 1;

/// The longest line read (a review's answer is at most a few kilobytes).
pub const MAX_LINE: usize = 1 << 20;

/// A sync file's first line.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The format the file is written in.
    pub quiz_sync: u32,
    /// The device whose file it is.
    pub device: Uuid,
}

/// A log entry as one JSON object.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    uid: Uuid,
    device: Uuid,
    time_ms: i64,
    deck: String,
    card: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rating: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    correct: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until_ms: Option<i64>,
}

/// The header line of `device`'s file, with its `\n`.
pub fn header(device: Uuid) -> String {
    let mut line = serde_json::to_string(&Header { quiz_sync: FORMAT, device }).unwrap_or_default();
    line.push('\n');
    line
}

/// Reads a header line. `Err` says what is wrong with it.
pub fn parse_header(line: &[u8]) -> Result<Header, String> {
    serde_json::from_slice(line).map_err(|error| format!("the first line is not a quiz sync header ({error})"))
}

/// `entry` as one line, with its `\n`.
pub fn write(entry: &LogEntry) -> String {
    let mut line = Line {
        uid: entry.uid,
        device: entry.device,
        time_ms: entry.time.millis(),
        deck: entry.deck.0.clone(),
        card: entry.card.0.clone(),
        ..Line::default()
    };
    line.kind = match &entry.change {
        Change::Review(review) => {
            line.session = Some(review.kind.name().to_string());
            line.rating = Some(review.rating as u32);
            line.content_hash = Some(review.content_hash.clone());
            line.response = Some(review.response.clone());
            line.correct = Some(review.correct);
            line.duration_ms = Some(review.duration_ms);
            "review"
        }
        Change::Undo { target } => {
            line.target = Some(*target);
            "undo"
        }
        Change::Rerate { target, rating, previous } => {
            line.target = Some(*target);
            line.rating = Some(*rating as u32);
            line.previous = Some(*previous as u32);
            "rerate"
        }
        Change::Suspend => "suspend",
        Change::Unsuspend => "unsuspend",
        Change::Bury { until } => {
            line.until_ms = Some(until.millis());
            "bury"
        }
        Change::Leech => "leech",
    }
    .to_string();
    let mut text = serde_json::to_string(&line).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads one entry line (without its `\n`). `Err` says what is wrong with it.
pub fn parse(line: &[u8]) -> Result<LogEntry, String> {
    let line: Line = serde_json::from_slice(line).map_err(|error| error.to_string())?;
    let time = Timestamp::from_millis(line.time_ms).ok_or_else(|| format!("time {} is out of range", line.time_ms))?;
    for (what, id) in [("deck", &line.deck), ("card", &line.card)] {
        // A reverse card's id is its card's with `~reverse`.
        let base = id.strip_suffix(crate::deck::REVERSE_SUFFIX).unwrap_or(id);
        if !is_valid_id(base) {
            return Err(format!("`{}` is not a {what} id", crate::ui::terminal_line(id)));
        }
    }
    let rating = |field: Option<u32>, name: &str| {
        field.and_then(Rating::from_number).ok_or_else(|| format!("a {} entry needs a {name} from 1 to 4", line.kind))
    };
    let needs = |field: bool, name: &str| match field {
        true => Ok(()),
        false => Err(format!("a {} entry needs `{name}`", line.kind)),
    };
    let target = || line.target.ok_or_else(|| format!("a {} entry needs `target`", line.kind));
    let change = match line.kind.as_str() {
        "review" => {
            let session = line.session.as_deref().unwrap_or_default();
            let kind = SessionKind::from_name(session)
                .ok_or_else(|| format!("`{}` is not a session kind", crate::ui::terminal_line(session)))?;
            needs(line.content_hash.is_some(), "content_hash")?;
            needs(line.correct.is_some(), "correct")?;
            Change::Review(ReviewRecord {
                content_hash: line.content_hash.clone().unwrap_or_default(),
                rating: rating(line.rating, "rating")?,
                response: line.response.clone().unwrap_or_default(),
                correct: line.correct.unwrap_or_default(),
                duration_ms: line.duration_ms.unwrap_or_default(),
                kind,
            })
        }
        "undo" => Change::Undo { target: target()? },
        "rerate" => Change::Rerate {
            target: target()?,
            rating: rating(line.rating, "rating")?,
            previous: rating(line.previous, "previous")?,
        },
        "suspend" => Change::Suspend,
        "unsuspend" => Change::Unsuspend,
        "bury" => {
            let until = line.until_ms.ok_or_else(|| "a bury entry needs `until_ms`".to_string())?;
            Change::Bury {
                until: Timestamp::from_millis(until).ok_or_else(|| format!("time {until} is out of range"))?,
            }
        }
        "leech" => Change::Leech,
        other => return Err(format!("`{}` is not an entry kind", crate::ui::terminal_line(other))),
    };
    Ok(LogEntry { uid: line.uid, device: line.device, time, deck: DeckId(line.deck), card: CardId(line.card), change })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(change: Change) -> LogEntry {
        LogEntry {
            uid: Uuid::now_v7(),
            device: Uuid::now_v7(),
            time: "2026-03-02T09:00:00Z".parse().unwrap(),
            deck: DeckId("asyncio".into()),
            card: CardId("gevent-year~reverse".into()),
            change,
        }
    }

    #[test]
    fn every_kind_of_entry_reads_back_as_written() {
        let target = Uuid::now_v7();
        let review = ReviewRecord {
            content_hash: "abc".into(),
            rating: Rating::Hard,
            response: "line one\nline \"two\" \u{1b}[31m".into(),
            correct: false,
            duration_ms: 1234,
            kind: SessionKind::Exam,
        };
        let changes = [
            Change::Review(review),
            Change::Undo { target },
            Change::Rerate { target, rating: Rating::Good, previous: Rating::Again },
            Change::Suspend,
            Change::Unsuspend,
            Change::Bury { until: "2026-03-03T04:00:00Z".parse().unwrap() },
            Change::Leech,
        ];
        for change in changes {
            let written = entry(change);
            let line = write(&written);
            assert!(line.ends_with('\n') && line.matches('\n').count() == 1, "one line: {line}");
            assert_eq!(parse(line.trim_end().as_bytes()).unwrap(), written);
        }
        let device = Uuid::now_v7();
        assert_eq!(parse_header(header(device).trim_end().as_bytes()).unwrap(), Header { quiz_sync: FORMAT, device });
    }

    #[test]
    fn a_damaged_or_hostile_line_is_refused_with_a_reason() {
        let good = write(&entry(Change::Suspend));
        let cases = [
            ("{", "EOF"),
            (r#"{"kind":"suspend"}"#, "missing field"),
            (&good.replace("suspend", "explode"), "not an entry kind"),
            (&good.replace("asyncio", "../etc"), "not a deck id"),
            (&good.replace("\"kind\"", "\"extra\":1,\"kind\""), "unknown field"),
            (&good.replace("suspend", "undo"), "needs `target`"),
            (&good.replace("suspend", "bury"), "needs `until_ms`"),
            (
                &good.replace(
                    "\"suspend\"",
                    "\"rerate\",\"target\":\"00000000-0000-0000-0000-000000000000\",\"rating\":5",
                ),
                "from 1 to 4",
            ),
        ];
        for (line, reason) in cases {
            let error = parse(line.trim_end().as_bytes()).unwrap_err();
            assert!(error.contains(reason), "{line}: {error}");
        }
    }
}
