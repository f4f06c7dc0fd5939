//! How domain values are stored: each newtype owns its SQL conversion, and a
//! value read back that is not one of ours (an unknown phase, rating or kind,
//! a time out of range) is an error that marks the row damaged — never a
//! default that would quietly reset a card.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::Row;

use super::{ExamAttempt, LoggedReview, SessionKind, StoredCard};
use crate::clock::Timestamp;
use crate::deck::{CardId, DeckId};
use crate::schedule::{CardState, Phase, Rating};

/// A stored value that is not one this build knows.
#[derive(Debug)]
struct Unknown(String);

impl std::fmt::Display for Unknown {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for Unknown {}

fn unknown(what: &str, value: impl std::fmt::Display) -> FromSqlError {
    FromSqlError::Other(Box::new(Unknown(format!("unknown {what} `{value}`"))))
}

impl ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.millis()))
    }
}

impl FromSql for Timestamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let millis = i64::column_result(value)?;
        Timestamp::from_millis(millis).ok_or(FromSqlError::OutOfRange(millis))
    }
}

/// Ids are stored as their text.
macro_rules! text_column {
    ($newtype:ident) => {
        impl ToSql for $newtype {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl FromSql for $newtype {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map($newtype)
            }
        }
    };
}

text_column!(DeckId);
text_column!(CardId);

/// Enums stored by their name, read back only as one of their `ALL` values.
macro_rules! named_column {
    ($enum:ident, $what:literal) => {
        impl ToSql for $enum {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.name()))
            }
        }

        impl FromSql for $enum {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let name = value.as_str()?;
                $enum::ALL.into_iter().find(|known| known.name() == name).ok_or_else(|| unknown($what, name))
            }
        }
    };
}

named_column!(Phase, "phase");
named_column!(SessionKind, "session kind");

impl ToSql for Rating {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.number())))
    }
}

impl FromSql for Rating {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let number = value.as_i64()?;
        u32::try_from(number).ok().and_then(Rating::from_number).ok_or_else(|| unknown("rating", number))
    }
}

/// The columns of a logged review, in the order [`logged_review`] reads them.
pub const REVIEW_COLUMNS: &str = super::queries::review_columns!();

/// The columns of an exam attempt, in the order [`exam_attempt`] reads them.
pub const EXAM_COLUMNS: &str = "deck, seed, started_ms, finished_ms, score, correct, total, passed, answers, abandoned";

/// A card state from eight columns starting at `first`.
pub fn card_state(row: &Row<'_>, first: usize) -> rusqlite::Result<CardState> {
    Ok(CardState {
        phase: row.get(first)?,
        step: row.get(first + 1)?,
        stability: row.get(first + 2)?,
        difficulty: row.get(first + 3)?,
        due: row.get(first + 4)?,
        last_review: row.get(first + 5)?,
        reps: row.get(first + 6)?,
        lapses: row.get(first + 7)?,
    })
}

/// A card state that may be absent (a review of a new card): `None` when its
/// phase column is NULL.
pub fn optional_card_state(row: &Row<'_>, first: usize) -> rusqlite::Result<Option<CardState>> {
    match row.get_ref(first)? {
        ValueRef::Null => Ok(None),
        _ => card_state(row, first).map(Some),
    }
}

/// A stored card from the columns of `queries::stored_columns!` starting at `first`.
pub fn stored_card(row: &Row<'_>, first: usize) -> rusqlite::Result<StoredCard> {
    Ok(StoredCard {
        state: card_state(row, first)?,
        suspended: row.get(first + 8)?,
        buried_until: row.get(first + 9)?,
        last_hash: row.get(first + 10)?,
        leech_since: row.get(first + 11)?,
    })
}

/// A logged review from [`REVIEW_COLUMNS`].
pub fn logged_review(row: &Row<'_>) -> rusqlite::Result<LoggedReview> {
    let duration: i64 = row.get(8)?;
    Ok(LoggedReview {
        id: row.get(0)?,
        deck: row.get(1)?,
        card: row.get(2)?,
        content_hash: row.get(3)?,
        time: row.get(4)?,
        rating: row.get(5)?,
        response: row.get(6)?,
        correct: row.get(7)?,
        duration_ms: u64::try_from(duration).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(8, duration))?,
        kind: row.get(9)?,
        scheduled: row.get(10)?,
        state_before: optional_card_state(row, 11)?,
    })
}

/// An exam attempt from [`EXAM_COLUMNS`].
pub fn exam_attempt(row: &Row<'_>) -> rusqlite::Result<ExamAttempt> {
    let seed: String = row.get(1)?;
    Ok(ExamAttempt {
        deck: row.get(0)?,
        seed: seed.parse().map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Text,
                Box::new(Unknown(format!("unknown exam seed `{seed}`"))),
            )
        })?,
        started: row.get(2)?,
        finished: row.get(3)?,
        score: row.get(4)?,
        correct: row.get(5)?,
        total: row.get(6)?,
        passed: row.get(7)?,
        answers_json: row.get(8)?,
        abandoned: row.get(9)?,
    })
}
