//! The study session: due cards, then new ones; each answer graded, rated,
//! rescheduled and committed before the next card appears.

use std::collections::VecDeque;
use std::time::Instant;

use chrono::Duration;

use super::queue::{self, Planned, QueueLimits};
use super::{
    assess, pose, stable_hash, Header, Prompter, RatingAction, RatingPrompt, Reply, Tally,
};
use crate::clock::{short_duration, start_of_local_day, Clock, Timestamp};
use crate::deck::{Card, CardKind, Deck};
use crate::error::Result;
use crate::grade::Verdict;
use crate::schedule::{fuzz_seed, CardState, Phase, Rating, Scheduler};
use crate::store::{NewReview, SessionKind, Store};

/// Learning cards due within this long are shown again before the session ends.
const LEARN_AHEAD_MINUTES: i64 = 20;

/// How to run a study session.
#[derive(Clone, Debug)]
pub struct StudyOptions {
    /// The language to show cards in.
    pub language: String,
    /// Skip the rating step (correct → Good, typo → Hard, wrong → Again).
    pub auto: bool,
    /// New cards allowed per day, across sessions.
    pub new_per_day: usize,
    /// At most this many cards.
    pub limit: Option<usize>,
    /// Only cards with one of these tags.
    pub tags: Vec<String>,
}

/// What a session did, for the closing summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Cards planned when the session started.
    pub planned: usize,
    /// Answers committed (after undos).
    pub answered: usize,
    /// Of those, graded correct.
    pub correct: usize,
    /// Cards forgotten after they had graduated.
    pub lapsed: Vec<String>,
    /// Wall time spent.
    pub elapsed: Duration,
    /// The next time a card of the deck is due, if any.
    pub next_due: Option<Timestamp>,
    /// Cards due now that were not studied (the limit, or quitting).
    pub due_now: usize,
    /// New cards still allowed today.
    pub new_left_today: usize,
    /// New cards not yet studied at all.
    pub new_unseen: usize,
    /// Whether the learner quit before the queue was empty.
    pub quit: bool,
}

/// Runs a study session on `deck` and returns its summary.
pub fn run(
    deck: &Deck,
    store: &mut Store,
    scheduler: &Scheduler,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    options: &StudyOptions,
) -> Result<Summary> {
    let started = Instant::now();
    let start = clock.now();
    let stored = store.cards(&deck.id)?;
    let new_allowance = options
        .new_per_day
        .saturating_sub(new_started_today(store, deck, start)?);
    let limits = QueueLimits {
        new_allowance,
        limit: options.limit,
        tags: options.tags.clone(),
    };
    let mut queue: VecDeque<Planned> =
        queue::build(deck, &stored, scheduler, start, &limits).into();
    let total = queue.len();
    let mut tally = Tally::default();
    let mut position = 0;
    let mut revisits: Vec<usize> = Vec::new();
    let mut quit = false;

    loop {
        let planned = match queue.pop_front() {
            Some(planned) => planned,
            None => match next_learning_card(deck, store, clock, &mut revisits)? {
                Some(planned) => planned,
                None => break,
            },
        };
        let card = &deck.cards[planned.card];
        position += 1;
        let header = Header {
            position,
            total: total.max(position),
            due_left: queue.iter().filter(|entry| !entry.is_new).count(),
            new_left: queue.iter().filter(|entry| entry.is_new).count(),
            card_id: card.id.0.clone(),
            kind: card.kind(),
            tags: card.tags.clone(),
            changed: false,
            is_new: planned.is_new,
        };
        match ask_card(
            deck, card, header, store, scheduler, clock, prompter, options, &mut tally,
        )? {
            CardOutcome::Answered { again_soon } => {
                if again_soon {
                    revisits.push(planned.card);
                }
            }
            CardOutcome::AskAgain => {
                position -= 1;
                queue.push_front(planned);
            }
            CardOutcome::Quit => {
                quit = true;
                break;
            }
        }
    }

    let now = clock.now();
    let stored = store.cards(&deck.id)?;
    let next_due = stored
        .values()
        .filter(|entry| {
            queue::is_available(Some(entry), now)
                || entry.buried_until.is_some() && !entry.suspended
        })
        .filter(|entry| entry.state.phase != Phase::New)
        .map(|entry| entry.state.due)
        .min();
    let due_now = deck
        .cards
        .iter()
        .filter_map(|card| stored.get(&card.id))
        .filter(|entry| {
            queue::is_available(Some(entry), now)
                && entry.state.phase != Phase::New
                && entry.state.due <= now
        })
        .count();
    let new_unseen = deck
        .cards
        .iter()
        .filter(|card| !stored.contains_key(&card.id))
        .count();
    let new_left_today = options
        .new_per_day
        .saturating_sub(new_started_today(store, deck, now)?)
        .min(new_unseen);
    Ok(Summary {
        planned: total,
        answered: tally.answered,
        correct: tally.correct,
        lapsed: tally.lapsed,
        elapsed: Duration::from_std(started.elapsed()).unwrap_or_else(|_| Duration::zero()),
        next_due,
        due_now,
        new_left_today,
        new_unseen,
        quit,
    })
}

/// New cards first reviewed since the start of today (local time).
pub fn new_started_today(store: &Store, deck: &Deck, now: Timestamp) -> Result<usize> {
    let day_start = start_of_local_day(now.local_day()).unwrap_or(now);
    let day_end = now.start_of_next_local_day();
    Ok(store.new_cards_started(&deck.id, day_start, day_end)? as usize)
}

/// The learning card reviewed this session that is due soonest, if it is due
/// within the learn-ahead window.
fn next_learning_card(
    deck: &Deck,
    store: &Store,
    clock: &Clock,
    revisits: &mut Vec<usize>,
) -> Result<Option<Planned>> {
    let horizon = clock.now().plus(Duration::minutes(LEARN_AHEAD_MINUTES));
    let mut best: Option<(Timestamp, usize)> = None;
    revisits.sort_unstable();
    revisits.dedup();
    for &index in revisits.iter() {
        let card = &deck.cards[index];
        if let Some(entry) = store.card(&deck.id, &card.id)? {
            let learning = matches!(entry.state.phase, Phase::Learning | Phase::Relearning);
            if learning
                && queue::is_available(Some(&entry), clock.now())
                && entry.state.due <= horizon
                && best.is_none_or(|(due, _)| entry.state.due < due)
            {
                best = Some((entry.state.due, index));
            }
        }
    }
    Ok(best.map(|(_, index)| {
        revisits.retain(|other| *other != index);
        Planned {
            card: index,
            is_new: false,
        }
    }))
}

enum CardOutcome {
    Answered { again_soon: bool },
    AskAgain,
    Quit,
}

/// Asks one card, commits the answer, and handles the rating step.
#[allow(clippy::too_many_arguments)]
fn ask_card(
    deck: &Deck,
    card: &Card,
    mut header: Header,
    store: &mut Store,
    scheduler: &Scheduler,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    options: &StudyOptions,
    tally: &mut Tally,
) -> Result<CardOutcome> {
    let text = card.text_in(&options.language);
    let stored = store.card(&deck.id, &card.id)?;
    header.changed = stored
        .as_ref()
        .and_then(|entry| entry.last_hash.as_deref())
        .is_some_and(|hash| hash != card.content_hash);
    let asked_at = clock.now();
    let state_before = stored
        .map(|entry| entry.state)
        .unwrap_or_else(|| CardState::new_card(asked_at));
    let shuffle_seed = stable_hash(&[&deck.id.0, &card.id.0, &asked_at.local_day().to_string()]);
    let posed = pose(text, header, shuffle_seed);
    let timer = Instant::now();
    let given = match prompter.ask(&posed.question) {
        Reply::Answer(given) => given,
        Reply::Quit => return Ok(CardOutcome::Quit),
    };
    let duration_ms = timer.elapsed().as_millis().min(u128::from(u32::MAX)) as u64;
    let (grade, feedback) = assess(card, text, &posed, &given);
    let now = clock.now();
    let seed = fuzz_seed(&card.id.0, state_before.reps);
    let self_graded = card.kind() == CardKind::Flashcard;
    let response_text = feedback.given.clone();

    let default = match grade.verdict {
        _ if self_graded => Rating::Good,
        Verdict::Correct => Rating::Good,
        Verdict::Typo => Rating::Hard,
        Verdict::Incorrect => Rating::Again,
    };
    let record = |store: &mut Store, rating: Rating| -> Result<(i64, CardState)> {
        let state_after = scheduler.review(&state_before, rating, now, seed);
        let correct = if self_graded {
            rating != Rating::Again
        } else {
            grade.is_correct()
        };
        let review = NewReview {
            deck: &deck.id,
            card: &card.id,
            content_hash: &card.content_hash,
            time: now,
            rating,
            response: &response_text,
            correct,
            duration_ms,
            kind: SessionKind::Study,
        };
        Ok((store.record(&review, Some(&state_after))?, state_after))
    };

    // Commit straight away (flashcards once rated), so a crash or kill at the
    // rating step loses nothing the learner was shown.
    let mut committed = if self_graded {
        None
    } else {
        Some(record(store, default)?)
    };
    prompter.feedback(&feedback);

    let mut rating = default;
    let wants_rating = self_graded || !options.auto;
    if wants_rating {
        let previews = scheduler.preview(&state_before, now, seed);
        let intervals = previews.map(|state| short_duration(state.due.0 - now.0));
        let action = prompter.rate(&RatingPrompt {
            intervals,
            default,
            can_undo: committed.is_some(),
        });
        match action {
            RatingAction::Rate(chosen) => rating = chosen,
            RatingAction::Undo => {
                if let Some((review_id, _)) = committed {
                    store.undo_review(review_id)?;
                    prompter.notice("Answer taken back; the card comes again.");
                }
                return Ok(CardOutcome::AskAgain);
            }
            RatingAction::Suspend => {
                if committed.is_none() {
                    committed = Some(record(store, default)?);
                }
                store.set_suspended(&deck.id, &card.id, true)?;
                prompter.notice("Card suspended: it will not be shown until `quiz unsuspend`.");
            }
            RatingAction::Bury => {
                if committed.is_none() {
                    committed = Some(record(store, default)?);
                }
                store.bury(&deck.id, &card.id, now.start_of_next_local_day())?;
                prompter.notice("Card buried until tomorrow.");
            }
            RatingAction::Quit => {
                if committed.is_none() {
                    record(store, default)?;
                }
                tally_answer(
                    tally,
                    card,
                    &state_before,
                    default,
                    grade.is_correct() || self_graded,
                );
                return Ok(CardOutcome::Quit);
            }
        }
    }

    let state_after = match committed {
        Some((review_id, state_after)) if rating == default => {
            let _ = review_id;
            state_after
        }
        Some((review_id, _)) => {
            let state_after = scheduler.review(&state_before, rating, now, seed);
            store.amend_rating(review_id, rating, &state_after)?;
            state_after
        }
        None => record(store, rating)?.1,
    };
    let correct = if self_graded {
        rating != Rating::Again
    } else {
        grade.is_correct()
    };
    tally_answer(tally, card, &state_before, rating, correct);
    let again_soon = matches!(state_after.phase, Phase::Learning | Phase::Relearning);
    Ok(CardOutcome::Answered { again_soon })
}

fn tally_answer(tally: &mut Tally, card: &Card, before: &CardState, rating: Rating, correct: bool) {
    tally.answered += 1;
    if correct {
        tally.correct += 1;
    }
    if before.phase == Phase::Review && rating == Rating::Again {
        tally.lapsed.push(card.id.0.clone());
    }
    *tally.per_card.entry(card.id.0.clone()).or_default() += 1;
}
