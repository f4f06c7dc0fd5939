//! A deck's answers streamed for the history charts of `quiz stats`: one
//! index walk, a row at a time, nothing kept and nothing allocated per row.

use rusqlite::params;

use super::{queries, Located, Store};
use crate::clock::Timestamp;
use crate::deck::DeckId;
use crate::error::Result;
use crate::schedule::{Phase, Rating};

/// One answer as the history charts see it: when, how it was rated, how long
/// it took and what it did to the schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerPoint {
    /// When it was answered.
    pub time: Timestamp,
    /// The rating it got.
    pub rating: Rating,
    /// Time spent answering, in milliseconds (0 when nothing measured it:
    /// `quiz review` from a script).
    pub duration_ms: u64,
    /// Whether it moved the card's schedule (a drill does not).
    pub scheduled: bool,
    /// The card's phase before it (`None` for a new card, or a drill).
    pub before: Option<Phase>,
}

impl Store {
    /// Calls `visit` with each answer to `deck` in `[from, to]`, in no
    /// particular order, one row at a time (a year of a busy deck's log may
    /// hold a million).
    pub fn for_each_answer(
        &self,
        deck: &DeckId,
        from: Timestamp,
        to: Timestamp,
        mut visit: impl FnMut(AnswerPoint),
    ) -> Result<()> {
        let mut statement = self.connection.prepare_cached(queries::HISTORY).at(&self.path)?;
        let mut rows = statement.query(params![deck, from, to]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let duration: i64 = row.get(2).at(&self.path)?;
            visit(AnswerPoint {
                time: row.get(0).at(&self.path)?,
                rating: row.get(1).at(&self.path)?,
                // A negative duration is not one we wrote: the row is damaged.
                duration_ms: u64::try_from(duration)
                    .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(2, duration))
                    .at(&self.path)?,
                scheduled: row.get(3).at(&self.path)?,
                before: row.get(4).at(&self.path)?,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::CardId;
    use crate::schedule::{Scheduler, SchedulerConfig};
    use crate::store::{NewReview, SessionKind};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn answers(store: &Store, deck: &DeckId, from: &str, to: &str) -> Vec<AnswerPoint> {
        let mut seen = Vec::new();
        store.for_each_answer(deck, at(from), at(to), |answer| seen.push(answer)).unwrap();
        seen.sort_by_key(|answer| answer.time);
        seen
    }

    #[test]
    fn answers_come_with_what_the_charts_need_and_only_from_the_span_and_deck() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let scheduler = Scheduler::new(SchedulerConfig { enable_fuzz: false, ..SchedulerConfig::default() }).unwrap();
        let (deck, other) = (DeckId("deck".into()), DeckId("other".into()));
        let card = CardId("card".into());
        let review = |deck, time, rating, duration_ms, kind| NewReview {
            deck,
            card: &card,
            content_hash: "h",
            time: at(time),
            rating,
            response: "",
            correct: true,
            duration_ms,
            kind,
        };
        for new in [
            review(&deck, "2026-01-01T09:00:00Z", Rating::Easy, 1_500, SessionKind::Study),
            review(&deck, "2026-01-05T09:00:00Z", Rating::Again, 0, SessionKind::Review),
            review(&deck, "2026-01-05T10:00:00Z", Rating::Good, 7_000, SessionKind::Drill),
            review(&deck, "2026-01-09T09:00:00Z", Rating::Good, 2_000, SessionKind::Study),
            review(&other, "2026-01-05T09:00:00Z", Rating::Good, 2_000, SessionKind::Study),
        ] {
            store.record(&new, &scheduler).unwrap();
        }
        let seen = answers(&store, &deck, "2026-01-01T09:00:00Z", "2026-01-05T10:00:00Z");
        let point = |time, rating, duration_ms, scheduled, before| AnswerPoint {
            time: at(time),
            rating,
            duration_ms,
            scheduled,
            before,
        };
        assert_eq!(
            seen,
            [
                point("2026-01-01T09:00:00Z", Rating::Easy, 1_500, true, None),
                point("2026-01-05T09:00:00Z", Rating::Again, 0, true, Some(Phase::Review)),
                point("2026-01-05T10:00:00Z", Rating::Good, 7_000, false, None),
            ],
            "both ends of the span are in it; the other deck and later answers are not"
        );
    }

    #[test]
    fn a_damaged_duration_is_an_error_not_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
        let (deck, card) = (DeckId("deck".into()), CardId("card".into()));
        let time = at("2026-01-01T09:00:00Z");
        let new = NewReview {
            deck: &deck,
            card: &card,
            content_hash: "h",
            time,
            rating: Rating::Good,
            response: "",
            correct: true,
            duration_ms: 1,
            kind: SessionKind::Study,
        };
        store.record(&new, &scheduler).unwrap();
        store.connection.execute("UPDATE review SET duration_ms = -5", []).unwrap();
        let error = store.for_each_answer(&deck, time, time, |_| ()).unwrap_err();
        assert!(matches!(error, crate::Error::Store { .. }), "{error}");
    }
}
