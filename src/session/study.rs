//! The study session: due cards, then new ones; each answer graded, rated,
//! rescheduled and committed before the next card appears.

use std::collections::VecDeque;
use std::time::Instant;

use chrono::Duration;

use super::queue::{self, Planned, QueueLimits};
use super::{
    assess, default_rating, pose, response_for, Answered, Header, Journal, Notice, Prompter, RatingAction,
    RatingPrompt, Reply,
};
use crate::clock::{short_duration, start_of_local_day, Clock, Timestamp};
use crate::deck::{Card, Deck};
use crate::error::Result;
use crate::grade::{Lexicon, Response};
use crate::hash::stable_hash;
use crate::schedule::{CardState, Phase, Rating};
use crate::store::Store;

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

/// Runs a study session on the journal's deck and returns its summary.
pub fn run(
    journal: &mut Journal<'_>,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    options: &StudyOptions,
) -> Result<Summary> {
    let deck = journal.deck();
    Lexicon::of(deck).warming(|lexicon| study(journal, clock, prompter, options, lexicon))
}

fn study(
    journal: &mut Journal<'_>,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    options: &StudyOptions,
    lexicon: &Lexicon,
) -> Result<Summary> {
    let deck = journal.deck();
    let scheduler = journal.scheduler();
    let started = Instant::now();
    let start = clock.now();
    let stored = journal.store().cards(&deck.id)?;
    let new_allowance = options.new_per_day.saturating_sub(new_started_today(journal.store(), deck, start)?);
    let limits = QueueLimits { new_allowance, limit: options.limit, tags: options.tags.clone() };
    let mut queue: VecDeque<Planned> = queue::build(deck, &stored, scheduler, start, &limits).into();
    let total = queue.len();
    let mut tally = Tally::default();
    let mut position = 0;
    let mut revisits: Vec<usize> = Vec::new();
    let mut quit = false;

    loop {
        let planned = match queue.pop_front() {
            Some(planned) => planned,
            None => match next_learning_card(deck, journal.store(), clock, &mut revisits)? {
                Some(planned) => planned,
                None => break,
            },
        };
        let card = &deck.cards[planned.card];
        position += 1;
        let due_left = queue.iter().filter(|entry| !entry.is_new).count();
        let new_left = queue.iter().filter(|entry| entry.is_new).count();
        let header = Header {
            is_new: planned.is_new,
            ..Header::for_card(card, position, total.max(position), due_left, new_left)
        };
        match ask_card(card, header, journal, lexicon, clock, prompter, options, &mut tally)? {
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
    let store = journal.store();
    let stored = store.cards(&deck.id)?;
    let next_due = stored
        .values()
        .filter(|entry| queue::is_available(Some(entry), now) || entry.buried_until.is_some() && !entry.suspended)
        .filter(|entry| entry.state.phase != Phase::New)
        .map(|entry| entry.state.due)
        .min();
    let due_now = deck
        .cards
        .iter()
        .filter_map(|card| stored.get(&card.id))
        .filter(|entry| {
            queue::is_available(Some(entry), now) && entry.state.phase != Phase::New && entry.state.due <= now
        })
        .count();
    let new_unseen = deck.cards.iter().filter(|card| !stored.contains_key(&card.id)).count();
    let new_left_today = options.new_per_day.saturating_sub(new_started_today(store, deck, now)?).min(new_unseen);
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
fn next_learning_card(deck: &Deck, store: &Store, clock: &Clock, revisits: &mut Vec<usize>) -> Result<Option<Planned>> {
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
        Planned { card: index, is_new: false }
    }))
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
}

enum CardOutcome {
    Answered { again_soon: bool },
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
    header.changed =
        stored.as_ref().and_then(|entry| entry.last_hash.as_deref()).is_some_and(|hash| hash != card.content_hash);
    let asked_at = clock.now();
    let shuffle_seed = stable_hash(&[&deck.id.0, &card.id.0, &asked_at.local_day().to_string()]);
    let posed = pose(text, header, shuffle_seed);
    let timer = Instant::now();
    let given = match prompter.ask(&posed.question) {
        Reply::Answer(given) => given,
        Reply::Quit => return Ok(CardOutcome::Quit),
    };
    let duration = timer.elapsed();
    let response = response_for(&given, card, text, &posed.shown).unwrap_or(Response::Skipped);
    let (grade, feedback) = assess(card, text, &response, lexicon);
    let now = clock.now();
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
        let intervals = previews.map(|state| short_duration(state.due.0 - now.0));
        let action = prompter.rate(&RatingPrompt { intervals, default, can_undo: committed.is_some() });
        match action {
            RatingAction::Rate(chosen) => rating = chosen,
            RatingAction::Undo => {
                if let Some(recorded) = committed {
                    journal.take_back(recorded.id)?;
                    prompter.notice(Notice::TakenBack);
                }
                return Ok(CardOutcome::AskAgain);
            }
            // Suspend, bury and quit keep the answer with its default rating. A
            // flashcard that was revealed but never graded has no answer: nothing is kept.
            RatingAction::Suspend => {
                keep_default(tally, committed.is_some(), card, &before_or_new, default, grade.is_correct());
                journal.store().set_suspended(&deck.id, &card.id, true)?;
                prompter.notice(Notice::Suspended);
                return Ok(CardOutcome::Answered { again_soon: false });
            }
            RatingAction::Bury => {
                keep_default(tally, committed.is_some(), card, &before_or_new, default, grade.is_correct());
                journal.store().bury(&deck.id, &card.id, now.start_of_next_local_day())?;
                prompter.notice(Notice::Buried);
                return Ok(CardOutcome::Answered { again_soon: false });
            }
            RatingAction::Quit => {
                keep_default(tally, committed.is_some(), card, &before_or_new, default, grade.is_correct());
                return Ok(CardOutcome::Quit);
            }
        }
    }

    let after = match committed {
        Some(recorded) if rating == default => recorded.after,
        Some(recorded) => journal.amend(recorded.id, rating)?,
        None => journal.record(&answered(rating))?.after,
    };
    let correct = if self_graded { rating != Rating::Again } else { grade.is_correct() };
    tally_answer(tally, card, &before_or_new, rating, correct);
    let again_soon = after.is_some_and(|state| matches!(state.phase, Phase::Learning | Phase::Relearning));
    Ok(CardOutcome::Answered { again_soon })
}

/// Counts an answer that keeps its default rating, if it was recorded.
fn keep_default(tally: &mut Tally, recorded: bool, card: &Card, before: &CardState, default: Rating, correct: bool) {
    if recorded {
        tally_answer(tally, card, before, default, correct);
    }
}

fn tally_answer(tally: &mut Tally, card: &Card, before: &CardState, rating: Rating, correct: bool) {
    tally.answered += 1;
    if correct {
        tally.correct += 1;
    }
    if before.phase == Phase::Review && rating == Rating::Again {
        tally.lapsed.push(card.id.0.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Verdict;
    use crate::session::scripted::{ScriptedPrompter, Step};
    use crate::session::testing::{kinds_deck, monday, scheduler, store};
    use crate::session::Given;
    use crate::store::SessionKind;

    fn options(new_per_day: usize) -> StudyOptions {
        StudyOptions { language: "en".to_string(), auto: false, new_per_day, limit: None, tags: Vec::new() }
    }

    fn limited(limit: usize) -> StudyOptions {
        StudyOptions { limit: Some(limit), ..options(20) }
    }

    fn tagged(tag: &str) -> StudyOptions {
        StudyOptions { tags: vec![tag.to_string()], ..options(20) }
    }

    fn text(answer: &str) -> Step {
        Step::Answer(Given::Text(answer.to_string()))
    }

    fn rate(rating: Rating) -> Step {
        Step::Rate(RatingAction::Rate(rating))
    }

    /// Runs a session at `at` playing `steps`; returns what was shown and the summary.
    fn session(
        deck: &Deck,
        store: &mut Store,
        at: Timestamp,
        steps: impl IntoIterator<Item = Step>,
        options: &StudyOptions,
    ) -> (ScriptedPrompter, Summary) {
        let mut prompter = ScriptedPrompter::new(steps);
        let scheduler = scheduler();
        let mut journal = Journal::new(store, &scheduler, deck, SessionKind::Study);
        let summary = run(&mut journal, &Clock::fixed(at), &mut prompter, options).unwrap();
        (prompter, summary)
    }

    fn reps(store: &Store, deck: &Deck, card: &str) -> u32 {
        store.card(&deck.id, &crate::deck::CardId(card.to_string())).unwrap().map_or(0, |stored| stored.state.reps)
    }

    #[test]
    fn new_cards_come_in_deck_order_up_to_the_daily_limit_across_sessions() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let two_of_three = StudyOptions { limit: Some(2), ..options(3) };
        let steps = [text("3.4"), Step::Pick(vec!["libev"])];
        let (first, summary) = session(&deck, &mut store, monday(), steps, &two_of_three);
        assert_eq!(first.asked_ids(), ["stdlib-version", "loop-library"]);
        assert_eq!((summary.answered, summary.correct), (2, 2));
        assert_eq!(summary.new_left_today, 1);
        // A second session the same day: the two learning cards are due, and one new card is left today.
        let (second, _) = session(&deck, &mut store, monday().plus(Duration::hours(2)), [], &options(3));
        let header = &second.questions[0].header;
        assert_eq!((header.total, header.due_left, header.new_left), (3, 1, 1), "{header:?}");
        assert!(!header.is_new);
        // The next day the allowance is back: three new cards again.
        let (next_day, _) = session(&deck, &mut store, monday().plus(Duration::days(1)), [], &options(3));
        let header = &next_day.questions[0].header;
        assert_eq!(header.new_left + usize::from(header.is_new), 3, "{header:?}");
    }

    #[test]
    fn due_cards_come_before_new_ones_lowest_recall_first() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        session(&deck, &mut store, monday(), [text("3.4"), rate(Rating::Easy)], &limited(1));
        let steps = [Step::Pick(vec!["libev"]), rate(Rating::Easy)];
        let (later, _) = session(&deck, &mut store, monday().plus(Duration::days(5)), steps, &limited(1));
        assert_eq!(later.asked_ids(), ["loop-library"], "nothing was due yet, so a new card");
        let (much_later, _) = session(&deck, &mut store, monday().plus(Duration::days(60)), [], &options(20));
        let asked = &much_later.questions[0].header;
        assert_eq!(asked.card_id, "stdlib-version", "the card reviewed longest ago has the lowest recall");
        assert!(!asked.is_new);
        assert_eq!(asked.due_left, 1, "one more due card waits behind it");
    }

    #[test]
    fn every_kind_is_graded_and_committed() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let steps = [
            text("python 3.4"),
            Step::Pick(vec!["libev"]),
            Step::Pick(vec!["await", "async def"]),
            Step::Answer(Given::Index(1)),
            text("2009"),
            Step::Answer(Given::Texts(vec!["yield from".into()])),
            Step::Pick(vec!["asyncore", "generators", "asyncio"]),
            Step::Answer(Given::Revealed),
            rate(Rating::Good),
        ];
        let auto = StudyOptions { auto: true, ..options(20) };
        let (prompter, summary) = session(&deck, &mut store, monday(), steps, &auto);
        let asked = prompter.asked_ids();
        let distinct: std::collections::BTreeSet<&String> = asked[..8].iter().collect();
        assert_eq!(distinct.len(), 8, "every card once, then learning cards come back: {asked:?}");
        assert_eq!((summary.answered, summary.correct), (8, 8), "{:?}", prompter.feedback);
        for feedback in &prompter.feedback {
            assert!(feedback.self_graded || feedback.verdict == Verdict::Correct, "{feedback:?}");
        }
        for card in &deck.cards {
            assert_eq!(reps(&store, &deck, &card.id.0), 1, "{} committed", card.id);
        }
        // --auto skips the rating step, except for the self-graded flashcard.
        assert_eq!(prompter.rating_prompts.len(), 1);
    }

    #[test]
    fn wrong_answers_are_again_and_typos_default_to_hard() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let (wrong, _) = session(&deck, &mut store, monday(), [text("3.5"), Step::Pick(vec!["libuv"])], &limited(2));
        assert_eq!(wrong.feedback[0].verdict, Verdict::Incorrect);
        assert_eq!(wrong.feedback[0].expected, "3.4");
        assert_eq!(wrong.rating_prompts[0].default, Rating::Again);
        let steps = [Step::Answer(Given::Texts(vec!["yeild from".into()]))];
        let (typo, _) = session(&deck, &mut store, monday(), steps, &tagged("generators"));
        assert_eq!(typo.feedback[0].verdict, Verdict::Typo);
        assert_eq!(typo.rating_prompts[0].default, Rating::Hard);
    }

    #[test]
    fn a_rating_override_replaces_the_default_in_the_store() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let (prompter, _) = session(&deck, &mut store, monday(), [text("3.4"), rate(Rating::Easy)], &limited(1));
        let intervals = &prompter.rating_prompts[0].intervals;
        assert_eq!(intervals[0], "1m");
        assert_eq!(intervals[2], "10m");
        let stored = store.card(&deck.id, &deck.cards[0].id).unwrap().unwrap();
        let expected = scheduler().review("stdlib-version", &CardState::new_card(monday()), Rating::Easy, monday());
        assert_eq!(stored.state, expected);
        let log = store.reviews(Some(&deck.id)).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].rating, Rating::Easy);
    }

    #[test]
    fn undo_asks_the_card_again_and_keeps_one_review() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let steps = [text("3.5"), Step::Rate(RatingAction::Undo), text("3.4")];
        let (prompter, summary) = session(&deck, &mut store, monday(), steps, &limited(1));
        assert_eq!(prompter.asked_ids(), ["stdlib-version", "stdlib-version"]);
        assert_eq!(store.reviews(Some(&deck.id)).unwrap().len(), 1);
        assert_eq!((summary.answered, summary.correct), (1, 1));
        assert_eq!(prompter.notices, [Notice::TakenBack]);
    }

    #[test]
    fn suspend_and_bury_keep_the_answer_and_hide_the_card() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let steps =
            [text("3.4"), Step::Rate(RatingAction::Suspend), Step::Pick(vec!["libev"]), Step::Rate(RatingAction::Bury)];
        session(&deck, &mut store, monday(), steps, &limited(2));
        let suspended = store.card(&deck.id, &deck.cards[0].id).unwrap().unwrap();
        assert!(suspended.suspended);
        assert_eq!(suspended.state.reps, 1, "the answer was kept");
        let buried = store.card(&deck.id, &deck.cards[1].id).unwrap().unwrap();
        assert_eq!(buried.buried_until, Some(monday().start_of_next_local_day()));
        // Neither comes back in a session later the same day, even once due.
        let (later, _) = session(&deck, &mut store, monday().plus(Duration::hours(1)), [], &options(0));
        assert!(later.questions.is_empty(), "{:?}", later.asked_ids());
    }

    #[test]
    fn a_flashcard_revealed_but_never_rated_records_nothing() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let steps = [Step::Answer(Given::Revealed), Step::Quit];
        let (_, summary) = session(&deck, &mut store, monday(), steps, &tagged("twisted"));
        assert_eq!((summary.answered, summary.quit), (0, true));
        assert!(store.reviews(None).unwrap().is_empty());
    }

    #[test]
    fn quitting_mid_session_keeps_what_was_answered() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let (_, summary) = session(&deck, &mut store, monday(), [text("3.4"), Step::Quit], &options(20));
        assert!(summary.quit);
        assert_eq!(summary.answered, 1);
        assert_eq!(store.reviews(Some(&deck.id)).unwrap().len(), 1);
        // Quitting at the rating step also keeps that answer, with its default rating.
        let (_, summary) = session(&deck, &mut store, monday(), [Step::Pick(vec!["libev"]), Step::Quit], &options(20));
        assert!(summary.quit);
        assert_eq!(store.reviews(Some(&deck.id)).unwrap().len(), 2);
    }

    #[test]
    fn a_forgotten_card_comes_back_in_the_same_session() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let auto = StudyOptions { limit: Some(1), auto: true, ..options(20) };
        let (prompter, _) = session(&deck, &mut store, monday(), [text("3.5"), text("3.4")], &auto);
        // Again: due in 1 minute; Good: due in 10; both inside the learn-ahead window,
        // so the card comes back twice (the script then ends the session).
        assert_eq!(prompter.asked_ids(), ["stdlib-version"; 3], "learning steps come back within the session");
        assert_eq!(reps(&store, &deck, "stdlib-version"), 2);
    }

    #[test]
    fn a_changed_card_is_flagged_above_the_prompt() {
        let mut deck = kinds_deck();
        let (_guard, mut store) = store();
        let (first, _) = session(&deck, &mut store, monday(), [text("3.4"), rate(Rating::Easy)], &limited(1));
        assert!(!first.questions[0].header.changed);
        deck.cards[0].content_hash = "edited".to_string();
        let (later, _) = session(&deck, &mut store, monday().plus(Duration::days(40)), [], &options(0));
        assert!(later.questions[0].header.changed);
    }

    /// A prompter that, while the learner is thinking, lets another process
    /// review the same card three times.
    struct Interleaved {
        inner: ScriptedPrompter,
        other: Option<Store>,
    }

    impl crate::session::Prompter for Interleaved {
        fn ask(&mut self, question: &crate::session::Question) -> Reply<Given> {
            if let Some(mut other) = self.other.take() {
                let deck = kinds_deck();
                let card = &deck.cards[0];
                for minutes in 1..=3 {
                    let review = crate::store::NewReview {
                        deck: &deck.id,
                        card: &card.id,
                        content_hash: &card.content_hash,
                        time: monday().plus(Duration::minutes(minutes)),
                        rating: Rating::Good,
                        response: "",
                        correct: true,
                        duration_ms: 0,
                        kind: SessionKind::Review,
                    };
                    other.record(&review, &scheduler()).unwrap();
                }
            }
            self.inner.ask(question)
        }
        fn feedback(&mut self, feedback: &crate::session::Feedback) {
            self.inner.feedback(feedback)
        }
        fn rate(&mut self, prompt: &RatingPrompt) -> RatingAction {
            self.inner.rate(prompt)
        }
        fn self_grade(&mut self, default: Rating) -> Reply<Rating> {
            self.inner.self_grade(default)
        }
        fn notice(&mut self, notice: Notice) {
            self.inner.notice(notice)
        }
    }

    #[test]
    fn an_answer_never_overwrites_reviews_another_process_made_meanwhile() {
        let deck = kinds_deck();
        let (guard, mut store) = store();
        let other = Store::open(guard.path()).unwrap();
        let mut prompter =
            Interleaved { inner: ScriptedPrompter::new([text("3.4"), rate(Rating::Good)]), other: Some(other) };
        let scheduler = scheduler();
        let mut journal = Journal::new(&mut store, &scheduler, &deck, SessionKind::Study);
        let options = limited(1);
        run(&mut journal, &Clock::fixed(monday().plus(Duration::minutes(5))), &mut prompter, &options).unwrap();
        let stored = store.card(&deck.id, &deck.cards[0].id).unwrap().unwrap().state;
        assert_eq!(stored.reps, 4, "three reviews from elsewhere and this answer");
        let replayed = store.rebuild(&deck.id, &scheduler).map(|_| store.card(&deck.id, &deck.cards[0].id));
        assert_eq!(replayed.unwrap().unwrap().unwrap().state, stored, "the state is the replay of the log");
    }
}
