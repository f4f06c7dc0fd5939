//! A deck's fitted FSRS parameters (`quiz optimize`), and the memory reviews
//! they are fitted to, read a row at a time.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{queries, Located, Store};
use crate::clock::Timestamp;
use crate::deck::DeckId;
use crate::error::{Error, Result};
use crate::schedule::Rating;

/// How many FSRS-6 parameters there are.
pub const PARAMETER_COUNT: usize = 21;

/// The 21 FSRS-6 parameters as stored: a JSON array of numbers. Reading
/// anything else back (another length, a non-number, NaN) is an error that
/// marks the row damaged, never a quiet fall back to the defaults.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Parameters(pub Vec<f32>);

impl ToSql for Parameters {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let text =
            serde_json::to_string(&self.0).map_err(|error| rusqlite::Error::ToSqlConversionFailure(error.into()))?;
        Ok(ToSqlOutput::from(text))
    }
}

impl FromSql for Parameters {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        let numbers: Vec<f32> = serde_json::from_str(text).map_err(|error| FromSqlError::Other(error.into()))?;
        if numbers.len() != PARAMETER_COUNT || numbers.iter().any(|number| !number.is_finite()) {
            let message = format!("FSRS parameters `{text}` are not {PARAMETER_COUNT} numbers");
            return Err(FromSqlError::Other(message.into()));
        }
        Ok(Parameters(numbers))
    }
}

/// FSRS parameters fitted to a deck's memory reviews by `quiz optimize`, with
/// where they came from: what `quiz stats` shows and every scheduler of the
/// deck uses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FittedParameters {
    /// The 21 FSRS-6 parameters.
    pub parameters: Parameters,
    /// When they were fitted.
    pub fitted: Timestamp,
    /// How many memory reviews the fit saw.
    pub review_count: u64,
    /// Their log loss on the evaluation (lower is better).
    pub log_loss: f64,
    /// Their RMSE over bins of similar reviews (lower is better).
    pub rmse_bins: f64,
    /// The log loss of the parameters they replaced, on the same evaluation.
    pub previous_log_loss: f64,
    /// The RMSE (bins) of the parameters they replaced.
    pub previous_rmse_bins: f64,
}

/// One memory review as the optimizer reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryReview<'a> {
    /// The card.
    pub card: &'a str,
    /// When it was answered.
    pub time: Timestamp,
    /// The rating.
    pub rating: Rating,
}

impl Store {
    /// The parameters fitted to `deck`, if `quiz optimize` stored some.
    pub fn fitted_parameters(&self, deck: &DeckId) -> Result<Option<FittedParameters>> {
        read_fitted(&self.connection, deck).at(&self.path)
    }

    /// Stores `fitted` as `deck`'s parameters, replacing any earlier ones (one
    /// statement: a reader sees the old row or the new one, never a mix).
    pub fn save_fitted_parameters(&mut self, deck: &DeckId, fitted: &FittedParameters) -> Result<()> {
        if fitted.parameters.0.len() != PARAMETER_COUNT || fitted.parameters.0.iter().any(|value| !value.is_finite()) {
            return Err(Error::Schedule(format!(
                "refusing to store {} FSRS parameters for deck `{deck}`: there must be {PARAMETER_COUNT} finite numbers",
                fitted.parameters.0.len()
            )));
        }
        self.connection
            .execute(
                "INSERT INTO deck_parameters (deck, parameters, fitted_ms, review_count, log_loss, rmse_bins,
                     previous_log_loss, previous_rmse_bins)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (deck) DO UPDATE SET parameters = excluded.parameters, fitted_ms = excluded.fitted_ms,
                     review_count = excluded.review_count, log_loss = excluded.log_loss,
                     rmse_bins = excluded.rmse_bins, previous_log_loss = excluded.previous_log_loss,
                     previous_rmse_bins = excluded.previous_rmse_bins",
                params![
                    deck,
                    fitted.parameters,
                    fitted.fitted,
                    fitted.review_count,
                    fitted.log_loss,
                    fitted.rmse_bins,
                    fitted.previous_log_loss,
                    fitted.previous_rmse_bins,
                ],
            )
            .at(&self.path)?;
        Ok(())
    }

    /// Forgets `deck`'s fitted parameters; returns whether it had any.
    pub fn forget_fitted_parameters(&mut self, deck: &DeckId) -> Result<bool> {
        let removed = self.connection.execute("DELETE FROM deck_parameters WHERE deck = ?1", [deck]).at(&self.path)?;
        Ok(removed > 0)
    }

    /// The decks with at least one memory review (one that moved a schedule:
    /// study, review, a recorded exam, imported history), in id order.
    pub fn decks_with_memory_reviews(&self) -> Result<Vec<DeckId>> {
        // One seek per deck on review_by_deck instead of a walk of the whole log.
        let mut next = self.connection.prepare_cached(queries::NEXT_DECK).at(&self.path)?;
        let mut scheduled = self.connection.prepare_cached(queries::DECK_HAS_MEMORY).at(&self.path)?;
        let mut decks = Vec::new();
        let mut after = String::new();
        while let Some(deck) = next.query_row([&after], |row| row.get::<_, Option<String>>(0)).at(&self.path)? {
            if scheduled.query_row([&deck], |row| row.get::<_, bool>(0)).at(&self.path)? {
                decks.push(DeckId(deck.clone()));
            }
            after = deck;
        }
        Ok(decks)
    }

    /// Calls `visit` with each memory review of `deck` in the order they were
    /// recorded (each card's in the order the scheduler folds them in), one
    /// row at a time: the log may hold millions.
    pub fn for_each_memory_review(&self, deck: &DeckId, mut visit: impl FnMut(MemoryReview<'_>)) -> Result<()> {
        let mut statement = self.connection.prepare_cached(queries::DECK_MEMORY_REVIEWS).at(&self.path)?;
        let mut rows = statement.query([deck]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let card = row
                .get_ref(0)
                .and_then(|value| {
                    value.as_str().map_err(|error| {
                        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
                    })
                })
                .at(&self.path)?;
            let time: Timestamp = row.get(1).at(&self.path)?;
            let rating: Rating = row.get(2).at(&self.path)?;
            visit(MemoryReview { card, time, rating });
        }
        Ok(())
    }
}

/// The parameters `quiz optimize` stored for `deck`, if any.
pub(super) fn read_fitted(connection: &Connection, deck: &DeckId) -> rusqlite::Result<Option<FittedParameters>> {
    let mut statement = connection.prepare_cached(queries::DECK_PARAMETERS)?;
    statement
        .query_row([deck], |row| {
            Ok(FittedParameters {
                parameters: row.get(0)?,
                fitted: row.get(1)?,
                review_count: row.get(2)?,
                log_loss: row.get(3)?,
                rmse_bins: row.get(4)?,
                previous_log_loss: row.get(5)?,
                previous_rmse_bins: row.get(6)?,
            })
        })
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::CardId;
    use crate::schedule::{Scheduler, SchedulerConfig};
    use crate::store::{NewReview, SessionKind};

    fn fitted(first: f32) -> FittedParameters {
        let mut parameters = fsrs::DEFAULT_PARAMETERS.to_vec();
        parameters[0] = first;
        FittedParameters {
            parameters: Parameters(parameters),
            fitted: "2026-02-01T10:00:00Z".parse().unwrap(),
            review_count: 1234,
            log_loss: 0.31,
            rmse_bins: 0.04,
            previous_log_loss: 0.35,
            previous_rmse_bins: 0.06,
        }
    }

    #[test]
    fn fitted_parameters_are_read_back_exactly_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let deck = DeckId("deck".into());
        assert_eq!(store.fitted_parameters(&deck).unwrap(), None);
        let first = fitted(0.123_456_79);
        store.save_fitted_parameters(&deck, &first).unwrap();
        assert_eq!(store.fitted_parameters(&deck).unwrap(), Some(first));
        let second = fitted(0.5);
        store.save_fitted_parameters(&deck, &second).unwrap();
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.fitted_parameters(&deck).unwrap(), Some(second));
        assert_eq!(store.fitted_parameters(&DeckId("other".into())).unwrap(), None);
    }

    #[test]
    fn parameters_that_are_not_21_numbers_are_refused_and_read_back_as_damage() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let deck = DeckId("deck".into());
        let mut short = fitted(0.2);
        short.parameters.0.pop();
        assert!(store.save_fitted_parameters(&deck, &short).is_err());
        assert_eq!(store.fitted_parameters(&deck).unwrap(), None);
        store.save_fitted_parameters(&deck, &fitted(0.2)).unwrap();
        for bad in ["[1, 2, 3]", "not json", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,\"x\"]"] {
            store.connection.execute("UPDATE deck_parameters SET parameters = ?1", [bad]).unwrap();
            let error = store.fitted_parameters(&deck).unwrap_err();
            assert!(matches!(error.store_problem(), Some(crate::error::StoreProblem::Damaged(_))), "{bad}: {error}");
        }
    }

    #[test]
    fn memory_reviews_come_in_log_order_without_drills() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        let (deck, other_deck) = (DeckId("deck".into()), DeckId("other".into()));
        let drilled_only = DeckId("drilled".into());
        let (a, b) = (CardId("b-card".into()), CardId("a-card".into()));
        let times: Vec<Timestamp> =
            ["2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-03T09:00:00Z", "2026-01-04T09:00:00Z"]
                .iter()
                .map(|text| text.parse().unwrap())
                .collect();
        let mut add = |deck: &DeckId, card: &CardId, time: Timestamp, rating: Rating, kind: SessionKind| {
            let review = NewReview {
                deck,
                card,
                content_hash: "h",
                time,
                rating,
                response: "",
                correct: true,
                duration_ms: 1000,
                kind,
            };
            store.record(&review, &scheduler).unwrap();
        };
        add(&deck, &a, times[0], Rating::Good, SessionKind::Study);
        add(&deck, &b, times[1], Rating::Again, SessionKind::Review);
        add(&deck, &a, times[2], Rating::Hard, SessionKind::Drill);
        add(&deck, &a, times[3], Rating::Easy, SessionKind::Exam);
        add(&other_deck, &a, times[0], Rating::Good, SessionKind::Anki);
        add(&drilled_only, &a, times[0], Rating::Good, SessionKind::Drill);
        let mut seen = Vec::new();
        store
            .for_each_memory_review(&deck, |review| seen.push((review.card.to_string(), review.time, review.rating)))
            .unwrap();
        assert_eq!(
            seen,
            [
                ("b-card".to_string(), times[0], Rating::Good),
                ("a-card".to_string(), times[1], Rating::Again),
                ("b-card".to_string(), times[3], Rating::Easy),
            ]
        );
        assert_eq!(store.decks_with_memory_reviews().unwrap(), [deck, other_deck]);
    }
}
