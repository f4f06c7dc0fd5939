//! The study session with a scripted prompter, a fixed clock and a temporary store.

use super::*;
use crate::grade::{Unread, Verdict};
use crate::session::scripted::{ScriptedPrompter, Step};
use crate::session::testing::{kinds_deck, monday, scheduler, store};
use crate::session::{Given, Reply};
use crate::store::SessionKind;

fn options(new_per_day: usize) -> StudyOptions {
    StudyOptions {
        language: "en".to_string(),
        auto: false,
        new_per_day,
        limit: None,
        tags: Vec::new(),
        notes: None,
        day_start: DayStart::DEFAULT,
    }
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
    let summary = run(&mut journal, &Shelf::of_deck(deck), &Clock::fixed(at), &mut prompter, options).unwrap();
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

/// Every card of the kinds deck answered right, in the order a fresh session
/// asks them, the short card with `version`; the flashcard rated Good.
fn every_card_right(version: &str) -> Vec<Step> {
    vec![
        text(version),
        Step::Pick(vec!["libev"]),
        Step::Pick(vec!["await", "async def"]),
        Step::Answer(Given::Index(1)),
        text("2009"),
        Step::Answer(Given::Texts(vec!["yield from".into()])),
        Step::Pick(vec!["asyncore", "generators", "asyncio"]),
        Step::Answer(Given::Revealed),
        rate(Rating::Good),
    ]
}

#[test]
fn every_kind_is_graded_and_committed() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let steps = every_card_right("python 3.4");
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
    assert_eq!(intervals[0], Duration::minutes(1));
    assert_eq!(intervals[2], Duration::minutes(10));
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
    assert_eq!(prompter.notices, [Notice::TakenBack, Notice::KeptDefault { rating: Rating::Good }]);
}

#[test]
fn suspend_and_bury_keep_the_answer_and_hide_the_card() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let steps =
        [text("3.4"), Step::Rate(RatingAction::Suspend), Step::Pick(vec!["libev"]), Step::Rate(RatingAction::Bury)];
    let (prompter, _) = session(&deck, &mut store, monday(), steps, &limited(2));
    assert_eq!(
        prompter.notices,
        [Notice::Suspended { card: "stdlib-version".into() }, Notice::Buried { card: "loop-library".into() }],
        "each notice names its card"
    );
    let suspended = store.card(&deck.id, &deck.cards[0].id).unwrap().unwrap();
    assert!(suspended.suspended);
    assert_eq!(suspended.state.reps, 1, "the answer was kept");
    let buried = store.card(&deck.id, &deck.cards[1].id).unwrap().unwrap();
    assert_eq!(buried.buried_until, Some(DayStart::DEFAULT.start_of_next_day(monday())));
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
    assert!(!later.questions[0].header.notes_changed);
}

#[test]
fn changed_notes_are_flagged_apart_from_a_changed_card() {
    let mut deck = kinds_deck();
    let card_hash = deck.cards[0].content_hash.clone();
    deck.cards[0].content_hash = format!("{card_hash}/aaaaaaaaaaaa");
    let (_guard, mut store) = store();
    let (first, _) = session(&deck, &mut store, monday(), [text("3.4"), rate(Rating::Easy)], &limited(1));
    assert!(!first.questions[0].header.notes_changed);
    deck.cards[0].content_hash = format!("{card_hash}/bbbbbbbbbbbb");
    let (later, _) = session(&deck, &mut store, monday().plus(Duration::days(40)), [], &options(0));
    assert!(later.questions[0].header.notes_changed, "the maintainer re-checked the card against new notes");
    assert!(!later.questions[0].header.changed, "the card itself is as it was");
}

/// A scripted prompter that runs `meanwhile` once, as the first question is
/// shown: what another session (or the clock) does while the learner thinks.
struct Meanwhile<F: FnOnce()> {
    inner: ScriptedPrompter,
    meanwhile: Option<F>,
}

impl<F: FnOnce()> Meanwhile<F> {
    fn new(steps: impl IntoIterator<Item = Step>, meanwhile: F) -> Self {
        Meanwhile { inner: ScriptedPrompter::new(steps), meanwhile: Some(meanwhile) }
    }
}

impl<F: FnOnce()> crate::session::Prompter for Meanwhile<F> {
    fn ask(&mut self, question: &crate::session::Question) -> Reply<Given> {
        if let Some(meanwhile) = self.meanwhile.take() {
            meanwhile();
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
    fn notice(&mut self, notice: &Notice) {
        self.inner.notice(notice)
    }
}

/// Records `rating` for `card` at `time` through a second connection, as another process would.
fn review_elsewhere(other: &mut Store, card: &str, time: Timestamp, rating: Rating) {
    crate::session::testing::record(other, &kinds_deck(), card, time, rating, SessionKind::Review);
}

#[test]
fn an_answer_never_overwrites_reviews_another_process_made_meanwhile() {
    let deck = kinds_deck();
    let (guard, mut store) = store();
    let mut other = Store::open(guard.path()).unwrap();
    // While the learner thinks, another process reviews the same card three times.
    let mut prompter = Meanwhile::new([text("3.4"), rate(Rating::Good)], move || {
        for minutes in 1..=3 {
            review_elsewhere(&mut other, "stdlib-version", monday().plus(Duration::minutes(minutes)), Rating::Good);
        }
    });
    let scheduler = scheduler();
    let mut journal = Journal::new(&mut store, &scheduler, &deck, SessionKind::Study);
    let options = limited(1);
    let shelf = Shelf::of_deck(&deck);
    run(&mut journal, &shelf, &Clock::fixed(monday().plus(Duration::minutes(5))), &mut prompter, &options).unwrap();
    let stored = store.card(&deck.id, &deck.cards[0].id).unwrap().unwrap().state;
    assert_eq!(stored.reps, 4, "three reviews from elsewhere and this answer");
    let replayed = store.rebuild(&deck.id, &scheduler).map(|_| store.card(&deck.id, &deck.cards[0].id));
    assert_eq!(replayed.unwrap().unwrap().unwrap().state, stored, "the state is the replay of the log");
}

#[test]
fn a_card_that_falls_due_from_another_session_comes_before_learning_ahead() {
    let deck = kinds_deck();
    let (guard, mut store) = store();
    let mut other = Store::open(guard.path()).unwrap();
    let (clock, hand) = Clock::manual(monday());
    let steps = [text("3.4"), Step::Pick(vec!["libev"])];
    // While the first card is up, another session gets `loop-library` wrong and two minutes pass.
    let mut prompter = Meanwhile::new(steps, move || {
        review_elsewhere(&mut other, "loop-library", monday(), Rating::Again);
        hand.advance(Duration::minutes(2));
    });
    let scheduler = scheduler();
    let mut journal = Journal::new(&mut store, &scheduler, &deck, SessionKind::Study);
    let options = StudyOptions { auto: true, ..options(1) };
    let summary = run(&mut journal, &Shelf::of_deck(&deck), &clock, &mut prompter, &options).unwrap();
    let asked = prompter.inner.asked_ids();
    // The session's one new card, then the card the other session got wrong
    // (due a minute later), before this session's own card on its 10-minute step.
    assert_eq!(asked[..2], ["stdlib-version", "loop-library"], "{asked:?}");
    let headers: Vec<_> = prompter.inner.questions.iter().map(|question| &question.header).collect();
    assert!(!headers[1].early && !headers[1].is_new, "loop-library is due, not early: {:?}", headers[1]);
    // With nothing due and no new card allowed, a learning card comes early, marked so.
    assert!(headers.len() > 2 && headers[2].early, "{headers:?}");
    assert_eq!(summary.planned, 1);
}

#[test]
fn learning_ahead_waits_while_anything_is_due_or_new() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    // Two new cards, both answered right: each is due again in 10 minutes.
    let auto = StudyOptions { auto: true, ..options(2) };
    let (first, _) = session(&deck, &mut store, monday(), [text("3.4"), Step::Pick(vec!["libev"])], &auto);
    let headers: Vec<_> = first.questions.iter().map(|question| question.header.clone()).collect();
    assert!(headers[..2].iter().all(|header| header.is_new && !header.early), "{headers:?}");
    assert!(headers.get(2).is_some_and(|header| header.early), "then learning ahead: {headers:?}");
}

#[test]
fn a_wrong_choice_comes_back_in_another_order() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let auto = StudyOptions { auto: true, limit: Some(1), ..tagged("gevent") };
    let steps = [Step::Pick(vec!["libuv"]), Step::Pick(vec!["libuv"]), Step::Pick(vec!["libuv"])];
    let (prompter, summary) = session(&deck, &mut store, monday(), steps, &auto);
    let shown: Vec<_> = prompter
        .questions
        .iter()
        .filter(|question| question.header.card_id == "loop-library")
        .map(|question| question.form.clone())
        .collect();
    assert!(shown.len() >= 2, "the wrong card comes back: {:?}", prompter.asked_ids());
    for pair in shown.windows(2) {
        assert_ne!(pair[0], pair[1], "a card shown again shows its choices in a new order");
    }
    assert_eq!(summary.missed.len(), 1, "missed once, listed once: {:?}", summary.missed);
    assert_eq!(summary.missed[0].answer, "libev");
}

#[test]
fn the_summary_counts_only_the_tagged_cards_and_skips_buried_ones_in_next_due() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let auto = StudyOptions { auto: true, ..options(20) };
    // Everything answered once; an hour later everything from the first pass is due again.
    let everything = every_card_right("3.4");
    session(&deck, &mut store, monday(), everything, &auto);
    let later = monday().plus(Duration::hours(1));
    let (_, summary) = session(&deck, &mut store, later, [Step::Quit], &tagged("gevent"));
    let gevent = deck.cards.iter().filter(|card| card.tags.iter().any(|tag| tag == "gevent")).count();
    assert_eq!(summary.due_now, gevent, "only the tagged cards are counted as still due");
    // Bury the only card in a tag: the next showing is tomorrow, not its due time.
    let card = deck.card("timeline").unwrap();
    store.bury(&deck.id, &card.id, later, DayStart::DEFAULT.start_of_next_day(later)).unwrap();
    let (_, summary) = session(&deck, &mut store, later, [Step::Quit], &tagged("timeline"));
    assert_eq!(summary.due_now, 0, "a buried card is not due now");
    assert_eq!(
        summary.next_due,
        Some(DayStart::DEFAULT.start_of_next_day(later)),
        "it shows again when its burial ends"
    );
}

#[test]
fn unreadable_input_is_asked_for_again_not_graded() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let auto = StudyOptions { auto: true, ..tagged("gevent") };
    let steps = [Step::Pick(vec!["libev"]), Step::Answer(Given::Index(1)), text("abc"), text("2009")];
    let (prompter, summary) = session(&deck, &mut store, monday(), steps, &StudyOptions { limit: Some(3), ..auto });
    let asked: Vec<_> = prompter.questions.iter().filter(|question| question.header.card_id == "gevent-year").collect();
    assert!(asked.len() >= 2, "{:?}", prompter.asked_ids());
    assert_eq!(
        (asked[0].again, asked[1].again),
        (None, Some(Unread::NotANumber)),
        "`abc` is asked for again, saying why"
    );
    assert_eq!((summary.answered, summary.correct), (3, 3), "and not graded wrong");
}

#[test]
fn r_at_the_rating_step_shows_the_cited_notes_section_then_asks_again() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let notes_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/kinds.toml");
    let notes = crate::deck::NotesFile::new(crate::deck::Origin::File(notes_path), "kinds.md");
    let with_notes = StudyOptions { notes: Some(notes), ..limited(1) };
    let steps = [text("3.4"), Step::Rate(RatingAction::ReadSource), rate(Rating::Easy)];
    let (prompter, summary) = session(&deck, &mut store, monday(), steps, &with_notes);
    assert_eq!(
        prompter.notices,
        [Notice::Source { section: "asyncio".to_string(), text: Some("asyncio shipped in Python 3.4.".to_string()) }]
    );
    assert_eq!(prompter.rating_prompts.len(), 2, "the rating step comes back after the notes");
    assert!(prompter.rating_prompts[0].has_source && prompter.rating_prompts[0].first);
    assert!(!prompter.rating_prompts[1].first, "the keys are spelled out once");
    assert_eq!(summary.answered, 1);
    assert_eq!(store.reviews(Some(&deck.id)).unwrap()[0].rating, Rating::Easy);
}

#[test]
fn the_new_card_limit_resets_when_the_day_starts_not_at_midnight() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let four = DayStart::DEFAULT;
    let midnight = DayStart::at_hour(0).unwrap();
    // 01:30 local: after midnight, before four.
    let late = midnight.start_of_next_day(monday()).plus(Duration::minutes(90));
    let evening = four.start_of_day(late).plus(Duration::hours(16));
    crate::session::testing::record(&mut store, &deck, "stdlib-version", evening, Rating::Good, SessionKind::Study);
    assert_eq!(new_started_today(&store, &deck, late, four).unwrap(), 1, "still the same day at 01:30");
    assert_eq!(new_started_today(&store, &deck, late, midnight).unwrap(), 0, "a new day at midnight");
    let next_morning = four.start_of_next_day(late).plus(Duration::minutes(1));
    assert_eq!(new_started_today(&store, &deck, next_morning, four).unwrap(), 0, "a new day at 04:00");
}

#[test]
fn the_eighth_lapse_makes_a_leech_which_is_suspended_and_announced() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    let record = |store: &mut Store, time: Timestamp, rating: Rating| {
        crate::session::testing::record(store, &deck, "stdlib-version", time, rating, SessionKind::Study);
    };
    let mut time = monday();
    record(&mut store, time, Rating::Easy);
    for _ in 0..7 {
        time = time.plus(Duration::days(30));
        record(&mut store, time, Rating::Again);
        record(&mut store, time.plus(Duration::minutes(20)), Rating::Good);
    }
    let seventh = store.card(&deck.id, &deck.cards[0].id).unwrap().unwrap();
    assert_eq!((seventh.state.lapses, seventh.leech_since), (7, None));
    let at = time.plus(Duration::days(30));
    let (prompter, _) = session(&deck, &mut store, at, [text("3.5"), rate(Rating::Again)], &options(0));
    let struck = crate::session::Leech { card: "stdlib-version".into(), lapses: 8, suspended: true };
    assert_eq!(prompter.notices, [Notice::Leech(struck)]);
    let leech = store.card(&deck.id, &deck.cards[0].id).unwrap().unwrap();
    assert_eq!((leech.state.lapses, leech.leech_since, leech.suspended), (8, Some(at), true));
}

/// The fixture deck with a reversed flashcard, a reversed short card and a one-way card.
fn reverse_deck() -> Deck {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/reverse.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let file =
        crate::deck::DeckFile { display_name: "reverse.toml".into(), text, origin: crate::deck::Origin::File(path) };
    crate::deck::load(&file).deck.expect("the fixture deck loads")
}

#[test]
fn a_card_and_its_reverse_are_not_shown_on_the_same_day() {
    let deck = reverse_deck();
    let ids: Vec<&str> = deck.cards.iter().map(|card| card.id.0.as_str()).collect();
    assert_eq!(ids, ["coroutine", "coroutine~reverse", "event-loop", "event-loop~reverse", "one-way"]);
    let (_guard, mut store) = store();
    let easy = || [Step::Answer(Given::Revealed), rate(Rating::Easy)];
    let steps = [easy(), [text("event loop"), rate(Rating::Easy)], easy()].concat();
    let (monday_session, summary) = session(&deck, &mut store, monday(), steps, &options(20));
    let asked = monday_session.asked_ids();
    assert_eq!(asked[..3], ["coroutine", "event-loop", "one-way"]);
    assert!(asked.iter().all(|id| !id.ends_with("~reverse")), "no reverse the same day: {asked:?}");
    assert_eq!(summary.new_unseen, 0, "the buried reverses are not waiting today");
    let tomorrow = DayStart::DEFAULT.start_of_next_day(monday());
    for reverse in ["coroutine~reverse", "event-loop~reverse"] {
        let stored = store.card(&deck.id, &CardId(reverse.into())).unwrap().unwrap();
        assert_eq!((stored.state.phase, stored.buried_until), (Phase::New, Some(tomorrow)), "{reverse}");
    }
    // The next day the reverses come (their forward cards graduated with Easy), each
    // self-graded: showing the answer and asking for the prompt.
    let (tuesday, _) =
        session(&deck, &mut store, tomorrow.plus(Duration::hours(5)), [easy(), easy()].concat(), &options(20));
    assert_eq!(tuesday.asked_ids(), ["coroutine~reverse", "event-loop~reverse"]);
    let reverses = &tuesday.questions;
    let prompts: Vec<&str> = reverses.iter().map(|question| question.prompt.as_str()).collect();
    assert_eq!(prompts, ["A function that can suspend itself and be resumed later", "the event loop"]);
    assert!(reverses.iter().all(|question| matches!(question.form, crate::session::Form::Flashcard { .. })));
    assert_eq!(reps(&store, &deck, "coroutine~reverse"), 1, "the reverse has its own progress");
}

#[test]
fn a_suspended_or_buried_new_card_is_not_introduced() {
    let deck = kinds_deck();
    let (_guard, mut store) = store();
    store.set_suspended(&deck.id, &deck.cards[0].id, true, monday()).unwrap();
    store.bury(&deck.id, &deck.cards[1].id, monday(), DayStart::DEFAULT.start_of_next_day(monday())).unwrap();
    let (prompter, summary) = session(&deck, &mut store, monday(), [], &options(20));
    let first = prompter.asked_ids();
    assert_eq!(first, [deck.cards[2].id.0.clone()], "the third card comes first");
    assert_eq!(summary.new_unseen, deck.cards.len() - 2, "neither held card counts as waiting");
}
