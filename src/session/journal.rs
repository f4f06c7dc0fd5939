//! The one write path for answers. Study, drill, exam `--record` and
//! `quiz review` all record through a [`Journal`]: it builds the log row, and
//! the store computes the card's new state (with the scheduler's own fuzz
//! seed) inside the write transaction, from the state committed just before.

use std::time::Duration;

use crate::clock::Timestamp;
use crate::deck::{Card, Deck};
use crate::error::Result;
use crate::schedule::{CardState, LeechAction, LeechRule, Rating, Scheduler};
use crate::store::{NewReview, Pending, SessionKind, Store};

/// One answer to record.
#[derive(Clone, Debug)]
pub struct Answered<'a> {
    /// The card answered.
    pub card: &'a Card,
    /// The rating it gets.
    pub rating: Rating,
    /// What the learner gave, as text.
    pub response: &'a str,
    /// Whether it was graded correct.
    pub correct: bool,
    /// Time spent answering.
    pub duration: Duration,
    /// When it was answered.
    pub at: Timestamp,
}

/// What recording an answer did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Recorded {
    /// The review's id in the log (for undo and amending).
    pub id: i64,
    /// The card's state before it (`None` for a new card, or a drill).
    pub before: Option<CardState>,
    /// The card's state after it (`None` for a drill).
    pub after: Option<CardState>,
}

/// A card that just became a leech (or was struck again as one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leech {
    /// The card's id.
    pub card: String,
    /// Its lapses so far.
    pub lapses: u32,
    /// Whether it was suspended (else only marked).
    pub suspended: bool,
}

/// Records a session's answers to one deck.
pub struct Journal<'a> {
    store: &'a mut Store,
    scheduler: &'a Scheduler,
    deck: &'a Deck,
    kind: SessionKind,
    leech: LeechRule,
}

impl<'a> Journal<'a> {
    /// A journal for answers of `kind` to `deck`.
    pub fn new(store: &'a mut Store, scheduler: &'a Scheduler, deck: &'a Deck, kind: SessionKind) -> Self {
        Journal { store, scheduler, deck, kind, leech: LeechRule::default() }
    }

    /// The same journal, marking leeches by `rule` (the default is 8 lapses, suspend).
    pub fn with_leech_rule(self, rule: LeechRule) -> Self {
        Journal { leech: rule, ..self }
    }

    /// The store, for reads and flags.
    pub fn store(&mut self) -> &mut Store {
        self.store
    }

    /// The scheduler the journal records with.
    pub fn scheduler(&self) -> &'a Scheduler {
        self.scheduler
    }

    /// The deck the journal records answers to.
    pub fn deck(&self) -> &'a Deck {
        self.deck
    }

    /// Writes `answer` without committing: the caller commits the returned
    /// review once whatever must go with it (printing its result) succeeded.
    pub fn begin(&mut self, answer: &Answered<'_>) -> Result<Pending<'_>> {
        let review = NewReview {
            deck: &self.deck.id,
            card: &answer.card.id,
            content_hash: &answer.card.content_hash,
            time: answer.at,
            rating: answer.rating,
            response: answer.response,
            correct: answer.correct,
            duration_ms: u64::try_from(answer.duration.as_millis()).unwrap_or(u64::MAX),
            kind: self.kind,
        };
        self.store.begin_review(&review, self.scheduler)
    }

    /// Writes `answer` and commits it before returning.
    pub fn record(&mut self, answer: &Answered<'_>) -> Result<Recorded> {
        let pending = self.begin(answer)?;
        let recorded = Recorded { id: pending.id, before: pending.before, after: pending.after };
        pending.commit()?;
        Ok(recorded)
    }

    /// Gives review `id` another rating at `at`; returns the card's new state.
    pub fn amend(&mut self, id: i64, rating: Rating, at: Timestamp) -> Result<Option<CardState>> {
        self.store.amend_rating(id, rating, at, self.scheduler)
    }

    /// Once an answer's rating is final: marks the card a leech (and suspends
    /// it, if the rule says so) when that answer was the lapse that makes one.
    /// `before` and `after` are the card's states around the answer.
    pub fn settle(
        &mut self,
        card: &Card,
        before: Option<&CardState>,
        after: Option<&CardState>,
        at: Timestamp,
    ) -> Result<Option<Leech>> {
        let Some(after) = after else { return Ok(None) };
        let lapses_before = before.map_or(0, |state| state.lapses);
        // Almost every answer is no lapse at the threshold: the store is read
        // for the card's mark only when it could matter.
        if !self.leech.strikes(lapses_before, after.lapses, false) {
            return Ok(None);
        }
        let already = self.store.card(&self.deck.id, &card.id)?.is_some_and(|stored| stored.leech_since.is_some());
        if !self.leech.strikes(lapses_before, after.lapses, already) {
            return Ok(None);
        }
        let suspended = match self.leech.action {
            LeechAction::Suspend => true,
            LeechAction::Tag => false,
        };
        self.store.mark_leech(&self.deck.id, &card.id, at, suspended)?;
        Ok(Some(Leech { card: card.id.0.clone(), lapses: after.lapses, suspended }))
    }

    /// Takes review `id` back at `at`.
    pub fn take_back(&mut self, id: i64, at: Timestamp) -> Result<()> {
        self.store.undo_review(id, at, self.scheduler).map(|_| ())
    }
}
