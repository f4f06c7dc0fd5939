//! The study session: due cards, then new ones; each answer graded, rated,
//! rescheduled and committed before the next card appears.

use std::time::Instant;

use chrono::Duration;

use super::due::DueCards;
use super::queue::{self, has_any_tag, Planned, Queue, Reason, Waiting};
use super::{
    ask_until_read, assess, default_rating, pose, pose_in_order, Answered, Header, Journal, Notice, Prompter,
    RatingAction, RatingPrompt,
};
use crate::clock::{Clock, DayStart, Timestamp};
use crate::deck::{Card, CardEntry, CardId, Deck, Shelf};
use crate::error::Result;
use crate::grade::Lexicon;
use crate::hash::stable_hash;
use crate::schedule::{CardState, Phase, Rating};
use crate::store::Store;

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
    /// The notes the deck cites, for `r` at the rating step.
    pub notes: Option<crate::deck::NotesFile>,
    /// When "today" starts, for the new-card limit and burying.
    pub day_start: DayStart,
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
    /// Cards answered wrong (or rated Again), once each: the prompt and the right answer.
    pub missed: Vec<Missed>,
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

/// A card the learner missed in a session, for the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Missed {
    /// The card's id.
    pub card: String,
    /// The prompt as asked.
    pub prompt: String,
    /// The right answer.
    pub answer: String,
}

/// Runs a study session on the cards of `shelf` (the journal's deck) and
/// returns its summary.
pub fn run(
    journal: &mut Journal<'_>,
    shelf: &Shelf<'_>,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    options: &StudyOptions,
) -> Result<Summary> {
    Lexicon::of_shelf(shelf).warming(|lexicon| study(journal, shelf, clock, prompter, options, lexicon))
}

fn study(
    journal: &mut Journal<'_>,
    shelf: &Shelf<'_>,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    options: &StudyOptions,
    lexicon: &Lexicon,
) -> Result<Summary> {
    let deck = journal.deck();
    let started = Instant::now();
    let entries = shelf.entries();
    let mut reviewed = journal.store().reviewed_cards(&deck.id)?;
    reviewed.extend(journal.store().held_new_cards(&deck.id, clock.now())?);
    let mut queue = Queue::new(entries, &reviewed, &options.tags, options.limit);
    drop(reviewed);
    let mut due = DueCards::default();
    let mut waiting = look(&queue, &mut due, None, journal, entries, options, clock.now())?;
    let planned = waiting.due.len() + waiting.new.len();
    let mut tally = Tally::default();
    let mut position = 0;
    let mut again: Option<Planned> = None;
    let mut quit = false;

    while let Some(next) = again.take().or_else(|| waiting.next()) {
        // A card the deck no longer has (its entry turned out damaged) is skipped.
        let Some(card) = shelf.card(next.card) else {
            queue.asked(next.card);
            waiting = look(&queue, &mut due, None, journal, entries, options, clock.now())?;
            continue;
        };
        let card = card.as_ref();
        position += 1;
        let due_left = waiting.due.iter().filter(|other| **other != next.card).count();
        let new_left = waiting.new.iter().filter(|other| **other != next.card).count();
        let header = Header {
            is_new: next.reason == Reason::New,
            early: next.reason == Reason::Early,
            study_counts: true,
            ..Header::for_card(card, position, position + due_left + new_left, due_left, new_left)
        };
        queue.asked(next.card);
        match ask_card(card, header, journal, lexicon, clock, prompter, options, &mut tally)? {
            CardOutcome::Answered => bury_siblings(&card.id, journal, &mut queue, options.day_start, clock.now())?,
            CardOutcome::AskAgain => {
                position -= 1;
                again = Some(next);
            }
            CardOutcome::Quit => {
                quit = true;
                break;
            }
        }
        waiting = look(&queue, &mut due, Some(&card.id), journal, entries, options, clock.now())?;
    }

    let now = clock.now();
    let store = journal.store();
    let stored = store.cards(&deck.id)?;
    let in_session = |card: &&CardEntry| has_any_tag(&card.tags, &options.tags);
    let states = || entries.iter().filter(in_session).filter_map(|card| stored.get(&card.id));
    let next_due = states().filter_map(queue::next_showing).min();
    let due_now = states()
        .filter(|entry| {
            queue::is_available(Some(entry), now) && entry.state.phase != Phase::New && entry.state.due <= now
        })
        .count();
    let new_unseen = entries
        .iter()
        .filter(in_session)
        .filter(|card| {
            stored
                .get(&card.id)
                .is_none_or(|entry| entry.state.phase == Phase::New && queue::is_available(Some(entry), now))
        })
        .count();
    let new_left_today =
        options.new_per_day.saturating_sub(new_started_today(store, deck, now, options.day_start)?).min(new_unseen);
    Ok(Summary {
        planned,
        answered: tally.answered,
        correct: tally.correct,
        lapsed: tally.lapsed,
        missed: tally.missed,
        elapsed: Duration::from_std(started.elapsed()).unwrap_or_else(|_| Duration::zero()),
        next_due,
        due_now,
        new_left_today,
        new_unseen,
        quit,
    })
}

/// Siblings (a card and its reverse) are not shown on the same day: once one
/// is answered, the other is buried until the next day starts, unless it is
/// on its (re)learning steps, which must not wait a day.
fn bury_siblings(
    answered: &CardId,
    journal: &mut Journal<'_>,
    queue: &mut Queue<'_>,
    day_start: DayStart,
    now: Timestamp,
) -> Result<()> {
    let deck = journal.deck();
    for sibling in answered.siblings().iter().filter(|sibling| *sibling != answered) {
        let Some(position) = queue.position(sibling) else { continue };
        let stored = journal.store().card(&deck.id, sibling)?;
        let phase = stored.as_ref().map_or(Phase::New, |stored| stored.state.phase);
        let resting = match phase {
            Phase::New | Phase::Review => true,
            Phase::Learning | Phase::Relearning => false,
        };
        if resting && queue::is_available(stored.as_ref(), now) {
            journal.store().bury(&deck.id, sibling, now, day_start.start_of_next_day(now))?;
            if phase == Phase::New {
                queue.hold(position);
            }
        }
    }
    Ok(())
}

/// What is waiting now, against the store as it is: cards answered elsewhere
/// and cards that fell due meanwhile count. `asked` is the card asked since
/// the last look.
fn look(
    queue: &Queue<'_>,
    due: &mut DueCards,
    asked: Option<&CardId>,
    journal: &mut Journal<'_>,
    entries: &[CardEntry],
    options: &StudyOptions,
    now: Timestamp,
) -> Result<Waiting> {
    let (deck, scheduler) = (journal.deck(), journal.scheduler());
    let store = journal.store();
    let horizon = now.plus(Duration::minutes(queue::LEARN_AHEAD_MINUTES));
    let read_whole = due.refresh(store, &deck.id, queue, horizon, asked)?;
    let allowance = options.new_per_day.saturating_sub(new_started_today(store, deck, now, options.day_start)?);
    // A new card another session answered meanwhile has a state now (only
    // another connection can have, and then the store was read whole). A
    // read error here resurfaces when the answer is recorded.
    let reviewed = |card: usize| {
        read_whole
            && store
                .card(&deck.id, &entries[card].id)
                .ok()
                .flatten()
                .is_some_and(|entry| entry.state.phase != Phase::New)
    };
    Ok(queue.waiting(due.iter(), scheduler, now, allowance, reviewed))
}

/// New cards first reviewed since today started (at `day_start`).
pub fn new_started_today(store: &Store, deck: &Deck, now: Timestamp, day_start: DayStart) -> Result<usize> {
    let (start, end) = (day_start.start_of_day(now), day_start.start_of_next_day(now));
    Ok(store.new_cards_started(&deck.id, start, end)? as usize)
}

/// Per-session tallies for the summary.
#[derive(Clone, Debug, Default, PartialEq)]
struct Tally {
    /// Answers given.
    answered: usize,
    /// Answers graded correct.
    correct: usize,
    /// Cards forgotten after they had graduated.
    lapsed: Vec<String>,
    /// Cards missed.
    missed: Vec<Missed>,
    /// Whether a rating step was shown yet (the first spells the keys out).
    rated: bool,
    /// The order each card's choices or items were last shown in.
    orders: std::collections::HashMap<String, Vec<usize>>,
}

enum CardOutcome {
    Answered,
    AskAgain,
    Quit,
}

/// Asks one card, records the answer, and handles the rating step.
#[allow(clippy::too_many_arguments)]
fn ask_card(
    card: &Card,
    mut header: Header,
    journal: &mut Journal<'_>,
    lexicon: &Lexicon,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    options: &StudyOptions,
    tally: &mut Tally,
) -> Result<CardOutcome> {
    let deck = journal.deck();
    let scheduler = journal.scheduler();
    let text = card.text_in(&options.language);
    let stored = journal.store().card(&deck.id, &card.id)?;
    let changes = stored
        .as_ref()
        .and_then(|entry| entry.last_hash.as_deref())
        .map(|hash| crate::deck::changes(hash, &card.content_hash))
        .unwrap_or_default();
    header.changed = changes.card;
    header.notes_changed = changes.notes;
    // A fresh order on every showing; a card that comes back in the same
    // session never shows its choices in the order it had last time.
    let shuffle_seed = stable_hash(&[
        &deck.id.0,
        &card.id.0,
        &clock.now().0.timestamp_millis().to_string(),
        &header.position.to_string(),
    ]);
    let mut posed = pose(text, header, shuffle_seed);
    if let Some(last) = tally.orders.get(&card.id.0) {
        if *last == posed.shown && posed.shown.len() > 1 {
            posed = pose_in_order(text, posed.question.header, rotated(&posed.shown));
        }
    }
    tally.orders.insert(card.id.0.clone(), posed.shown.clone());
    let timer = Instant::now();
    let Some(response) = ask_until_read(prompter, &mut posed, card, text) else {
        return Ok(CardOutcome::Quit);
    };
    let duration = timer.elapsed();
    let (grade, feedback) = assess(card, text, &response, lexicon);
    let now = clock.now();
    let missed = Missed { card: card.id.0.clone(), prompt: text.prompt.clone(), answer: feedback.expected.clone() };
    let self_graded = feedback.self_graded;
    let default = if self_graded { Rating::Good } else { default_rating(grade.verdict) };
    let answered = |rating: Rating| Answered {
        card,
        rating,
        response: &feedback.given,
        correct: if self_graded { rating != Rating::Again } else { grade.is_correct() },
        duration,
        at: now,
    };

    // Record straight away (flashcards once graded), so a crash or kill at the
    // rating step loses nothing the learner was shown.
    let committed = if self_graded { None } else { Some(journal.record(&answered(default))?) };
    prompter.feedback(&feedback);
    let before = match committed {
        Some(recorded) => recorded.before,
        None => stored.map(|entry| entry.state).filter(|state| state.phase != Phase::New),
    };
    let before_or_new = before.unwrap_or_else(|| CardState::new_card(now));

    let mut rating = default;
    if self_graded || !options.auto {
        let previews = scheduler.preview(&card.id.0, &before_or_new, now);
        let intervals = previews.map(|state| state.due.0 - now.0);
        let mut first = tally.answered == 0 && !tally.rated;
        tally.rated = true;
        loop {
            let has_source = card.source.is_some() && options.notes.is_some();
            let prompt = RatingPrompt { intervals, default, can_undo: committed.is_some(), has_source, first };
            first = false;
            match prompter.rate(&prompt) {
                RatingAction::Rate(chosen) => {
                    rating = chosen;
                    break;
                }
                RatingAction::ReadSource => {
                    if let Some(citation) = &card.source {
                        let text =
                            options.notes.as_ref().and_then(|notes| notes.get()?.section_text(&citation.section));
                        prompter.notice(&Notice::Source { section: citation.section.clone(), text });
                    }
                }
                RatingAction::Undo => {
                    if let Some(recorded) = committed {
                        journal.take_back(recorded.id, clock.now())?;
                        prompter.notice(&Notice::TakenBack);
                    }
                    return Ok(CardOutcome::AskAgain);
                }
                // Suspend, bury and quit keep the answer with its default rating. A
                // flashcard that was revealed but never graded has no answer: nothing is kept.
                RatingAction::Suspend => {
                    keep_default(tally, committed.is_some(), &missed, &before_or_new, default, grade.is_correct());
                    settle(journal, prompter, card, before.as_ref(), committed.and_then(|kept| kept.after), now)?;
                    journal.store().set_suspended(&deck.id, &card.id, true, now)?;
                    prompter.notice(&Notice::Suspended { card: card.id.0.clone() });
                    return Ok(CardOutcome::Answered);
                }
                RatingAction::Bury => {
                    keep_default(tally, committed.is_some(), &missed, &before_or_new, default, grade.is_correct());
                    settle(journal, prompter, card, before.as_ref(), committed.and_then(|kept| kept.after), now)?;
                    journal.store().bury(&deck.id, &card.id, now, options.day_start.start_of_next_day(now))?;
                    prompter.notice(&Notice::Buried { card: card.id.0.clone() });
                    return Ok(CardOutcome::Answered);
                }
                RatingAction::Quit => {
                    keep_default(tally, committed.is_some(), &missed, &before_or_new, default, grade.is_correct());
                    settle(journal, prompter, card, before.as_ref(), committed.and_then(|kept| kept.after), now)?;
                    if committed.is_some() {
                        prompter.notice(&Notice::KeptDefault { rating: default });
                    }
                    return Ok(CardOutcome::Quit);
                }
            }
        }
    }

    let after = match committed {
        Some(recorded) if rating == default => recorded.after,
        Some(recorded) => journal.amend(recorded.id, rating, clock.now())?,
        None => journal.record(&answered(rating))?.after,
    };
    settle(journal, prompter, card, before.as_ref(), after, now)?;
    let correct = if self_graded { rating != Rating::Again } else { grade.is_correct() };
    tally_answer(tally, &missed, &before_or_new, rating, correct);
    Ok(CardOutcome::Answered)
}

/// Once an answer's rating is final: a card it made a leech is marked (and
/// suspended, by default), and the learner is told.
fn settle(
    journal: &mut Journal<'_>,
    prompter: &mut dyn Prompter,
    card: &Card,
    before: Option<&CardState>,
    after: Option<CardState>,
    at: Timestamp,
) -> Result<()> {
    if let Some(leech) = journal.settle(card, before, after.as_ref(), at)? {
        prompter.notice(&Notice::Leech(leech));
    }
    Ok(())
}

/// `order` turned by one place, so no item stays where it was.
fn rotated(order: &[usize]) -> Vec<usize> {
    let mut turned = order.to_vec();
    turned.rotate_left(1);
    turned
}

/// Counts an answer that keeps its default rating, if it was recorded.
fn keep_default(
    tally: &mut Tally,
    recorded: bool,
    missed: &Missed,
    before: &CardState,
    default: Rating,
    correct: bool,
) {
    if recorded {
        tally_answer(tally, missed, before, default, correct);
    }
}

fn tally_answer(tally: &mut Tally, missed: &Missed, before: &CardState, rating: Rating, correct: bool) {
    tally.answered += 1;
    if correct {
        tally.correct += 1;
    }
    if before.phase == Phase::Review && rating == Rating::Again {
        tally.lapsed.push(missed.card.clone());
    }
    if (!correct || rating == Rating::Again) && !tally.missed.iter().any(|seen| seen.card == missed.card) {
        tally.missed.push(missed.clone());
    }
}

#[cfg(test)]
#[path = "study_tests.rs"]
mod tests;
