//! Sessions: the loops that ask, grade, rate and commit — study, drill and exam.
//! They reach the terminal only through [`Prompter`], so they are tested with a
//! scripted prompter and no terminal.

pub mod drill;
pub mod exam;
pub mod queue;
pub mod scripted;
pub mod sheet;
pub mod study;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::deck::{Answer, Card, CardKind, CardText};
use crate::grade::{self, Grade, Response, Verdict};
use crate::schedule::Rating;

/// What the learner sees above a question.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// 1-based position of this card in the session.
    pub position: usize,
    /// Cards planned for the session.
    pub total: usize,
    /// Review cards still to come after this one.
    pub due_left: usize,
    /// New cards still to come after this one.
    pub new_left: usize,
    /// The card's id.
    pub card_id: String,
    /// The card's kind.
    pub kind: CardKind,
    /// The card's tags.
    pub tags: Vec<String>,
    /// Whether the card's text changed since it was last reviewed.
    pub changed: bool,
    /// Whether the card is new.
    pub is_new: bool,
}

impl Header {
    /// The header for `card` at 1-based `position` of `total`, with what is left after it.
    pub fn for_card(card: &Card, position: usize, total: usize, due_left: usize, new_left: usize) -> Self {
        Header {
            position,
            total,
            due_left,
            new_left,
            card_id: card.id.0.clone(),
            kind: card.kind(),
            tags: card.tags.clone(),
            changed: false,
            is_new: false,
        }
    }
}

/// The rating an answer gets unless the learner says otherwise: right → Good,
/// right with a typo → Hard, wrong → Again.
pub fn default_rating(verdict: Verdict) -> Rating {
    match verdict {
        Verdict::Correct => Rating::Good,
        Verdict::Typo => Rating::Hard,
        Verdict::Incorrect => Rating::Again,
    }
}

/// A scheduled review to commit: the card's state before it, and how it went.
#[derive(Clone, Debug)]
pub struct Commit<'a> {
    /// The deck.
    pub deck: &'a crate::deck::Deck,
    /// The card.
    pub card: &'a Card,
    /// The card's state before the review.
    pub before: crate::schedule::CardState,
    /// The rating.
    pub rating: Rating,
    /// When.
    pub now: crate::clock::Timestamp,
    /// What the learner answered, as text.
    pub response: &'a str,
    /// Whether it was graded correct.
    pub correct: bool,
    /// Time spent answering.
    pub duration_ms: u64,
    /// Which session it belongs to.
    pub kind: crate::store::SessionKind,
}

/// Reschedules the card and appends the review in one transaction; returns the
/// review's id and the card's new state.
pub fn commit(
    store: &mut crate::store::Store,
    scheduler: &crate::schedule::Scheduler,
    commit: &Commit<'_>,
) -> crate::error::Result<(i64, crate::schedule::CardState)> {
    let seed = crate::schedule::Scheduler::fuzz_seed(&commit.card.id.0, commit.before.reps);
    let after = scheduler.review(&commit.before, commit.rating, commit.now, seed);
    let review = crate::store::NewReview {
        deck: &commit.deck.id,
        card: &commit.card.id,
        content_hash: &commit.card.content_hash,
        time: commit.now,
        rating: commit.rating,
        response: commit.response,
        correct: commit.correct,
        duration_ms: commit.duration_ms,
        kind: commit.kind,
    };
    Ok((store.record(&review, Some(&after))?, after))
}

/// How a question is to be answered; lists are in the order shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Form {
    /// Reveal the back, then rate yourself.
    Flashcard { back: String },
    /// Pick one.
    Choice { choices: Vec<String> },
    /// Pick all that apply.
    Multi { choices: Vec<String> },
    /// True or false.
    TrueFalse,
    /// Type an answer (short and numeric cards).
    Text,
    /// Fill each gap.
    Cloze { gaps: usize },
    /// Put the items in order.
    Order { items: Vec<String> },
}

/// One question as put to the learner.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// The line above the prompt.
    pub header: Header,
    /// The prompt text (untrusted: the prompter must sanitise it).
    pub prompt: String,
    /// How to answer.
    pub form: Form,
    /// When time runs out for this question (timed exams only).
    pub deadline: Option<std::time::Instant>,
}

/// What the learner gave, in terms of the [`Form`] as shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// The index of the chosen item (choice; truefalse: 0 true, 1 false).
    Index(usize),
    /// The indexes of the chosen items (multi) or the items in the learner's order (order).
    Indexes(Vec<usize>),
    /// A typed answer.
    Text(String),
    /// One typed answer per gap.
    Texts(Vec<String>),
    /// The flashcard's back was revealed.
    Revealed,
    /// No answer (time ran out).
    Nothing,
}

/// The learner's reply to a prompt: an answer, or the wish to stop.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply<T> {
    /// The learner answered.
    Answer(T),
    /// `q`, Esc, Ctrl-C or end of input: end the session.
    Quit,
}

impl<T> Reply<T> {
    /// Maps the answer, keeping a quit a quit.
    pub fn map<U>(self, function: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Answer(value) => Reply::Answer(function(value)),
            Reply::Quit => Reply::Quit,
        }
    }
}

/// What the learner is told after answering.
#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    /// Right, right with a typo, or wrong (flashcards: always right until rated).
    pub verdict: Verdict,
    /// The right answer, spelled as the deck spells it.
    pub expected: String,
    /// What the learner gave, as text.
    pub given: String,
    /// Per part (multi: per choice, order: per position, cloze: per gap): its text and whether it was right.
    pub parts: Vec<(String, bool)>,
    /// The card's explanation.
    pub explanation: Option<String>,
    /// The notes section the card cites.
    pub section: Option<String>,
    /// Whether this card is self-graded (a flashcard).
    pub self_graded: bool,
}

/// The choices at the rating step.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingPrompt {
    /// The next interval for each rating, shortest form (`10m`, `3d`).
    pub intervals: [String; 4],
    /// The rating Enter picks.
    pub default: Rating,
    /// Whether `u` (undo) can do anything.
    pub can_undo: bool,
}

/// What the learner did at the rating step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingAction {
    /// Keep this rating.
    Rate(Rating),
    /// Take back the previous answer.
    Undo,
    /// Suspend this card.
    Suspend,
    /// Bury this card until tomorrow.
    Bury,
    /// End the session.
    Quit,
}

/// Something a session tells the learner in passing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The answer just given was taken back; the card comes again.
    TakenBack,
    /// The card was suspended.
    Suspended,
    /// The card was buried until tomorrow.
    Buried,
}

/// The terminal, as sessions see it.
pub trait Prompter {
    /// Shows a question and returns the learner's answer.
    fn ask(&mut self, question: &Question) -> Reply<Given>;
    /// Shows how the answer was graded.
    fn feedback(&mut self, feedback: &Feedback);
    /// Asks for a rating (or undo, suspend, bury, quit).
    fn rate(&mut self, prompt: &RatingPrompt) -> RatingAction;
    /// Tells the learner something in passing.
    fn notice(&mut self, notice: Notice);
}

/// A card's question, with the permutation that maps shown positions back to the deck's.
#[derive(Clone, Debug)]
pub struct Posed {
    /// The question to show.
    pub question: Question,
    /// `shown[i]` is the deck index of the item shown at position `i` (choices or items).
    pub shown: Vec<usize>,
}

/// Builds the question for `text`, shuffling choices and items with `seed`.
pub fn pose(text: &CardText, header: Header, seed: u64) -> Posed {
    let (form, shown) = match &text.answer {
        Answer::Flashcard { back } => (Form::Flashcard { back: back.clone() }, Vec::new()),
        Answer::Choice { choices, .. } => {
            let shown = permutation(seed, choices.len());
            (Form::Choice { choices: pick(choices, &shown) }, shown)
        }
        Answer::Multi { choices, .. } => {
            let shown = permutation(seed, choices.len());
            (Form::Multi { choices: pick(choices, &shown) }, shown)
        }
        Answer::TrueFalse { .. } => (Form::TrueFalse, Vec::new()),
        Answer::Short { .. } | Answer::Numeric { .. } => (Form::Text, Vec::new()),
        Answer::Cloze { gaps, .. } => (Form::Cloze { gaps: gaps.len() }, Vec::new()),
        Answer::Order { items } => {
            let mut shown = permutation(seed, items.len());
            if shown.iter().enumerate().all(|(position, index)| position == *index) {
                // Never show the items already in order: that gives the answer away.
                shown.rotate_left(1);
            }
            (Form::Order { items: pick(items, &shown) }, shown)
        }
    };
    Posed { question: Question { header, prompt: text.prompt.clone(), form, deadline: None }, shown }
}

fn pick(items: &[String], order: &[usize]) -> Vec<String> {
    order.iter().filter_map(|index| items.get(*index).cloned()).collect()
}

/// Translates what the learner gave on the shown form into a grader response.
pub fn response_for(given: &Given, answer: &Answer, shown: &[usize]) -> Response {
    let deck_index = |position: &usize| shown.get(*position).copied().unwrap_or(usize::MAX);
    match (given, answer) {
        (Given::Nothing, _) => Response::Skipped,
        (Given::Revealed, _) => Response::SelfRated(true),
        (Given::Index(position), Answer::Choice { .. }) => Response::Choice(deck_index(position)),
        (Given::Index(position), Answer::TrueFalse { .. }) => Response::Bool(*position == 0),
        (Given::Indexes(positions), Answer::Multi { .. }) => {
            Response::Choices(positions.iter().map(deck_index).collect())
        }
        (Given::Indexes(positions), Answer::Order { .. }) => {
            Response::Order(positions.iter().map(deck_index).collect())
        }
        (Given::Text(text), _) => Response::Text(text.clone()),
        (Given::Texts(texts), _) => Response::Gaps(texts.clone()),
        _ => Response::Skipped,
    }
}

/// What the learner gave, as text for the log and the feedback line.
pub fn describe_given(given: &Given, question: &Question) -> String {
    let listed = match &question.form {
        Form::Choice { choices } | Form::Multi { choices } => choices.as_slice(),
        Form::Order { items } => items.as_slice(),
        _ => &[],
    };
    let name = |position: &usize| listed.get(*position).cloned().unwrap_or_else(|| format!("#{position}"));
    match given {
        Given::Index(position) if question.form == Form::TrueFalse => {
            (if *position == 0 { "true" } else { "false" }).to_string()
        }
        Given::Index(position) => name(position),
        Given::Indexes(positions) => {
            let separator = if matches!(question.form, Form::Order { .. }) { " → " } else { ", " };
            positions.iter().map(name).collect::<Vec<_>>().join(separator)
        }
        Given::Text(text) => text.clone(),
        Given::Texts(texts) => texts.join(" · "),
        Given::Revealed => "(revealed)".to_string(),
        Given::Nothing => "(no answer)".to_string(),
    }
}

/// Grades an answer and builds the feedback for it.
pub fn assess(card: &Card, text: &CardText, posed: &Posed, given: &Given) -> (Grade, Feedback) {
    let response = response_for(given, &text.answer, &posed.shown);
    let grade = grade::grade(&text.answer, &response);
    let parts = part_feedback(&text.answer, &response, &grade.parts);
    let feedback = Feedback {
        verdict: grade.verdict,
        expected: grade.expected.clone(),
        given: describe_given(given, &posed.question),
        parts,
        explanation: text.explanation.clone(),
        section: card.source.as_ref().map(|citation| citation.section.clone()),
        self_graded: card.kind() == CardKind::Flashcard,
    };
    (grade, feedback)
}

/// What to say about each part of a multi-part answer, and whether it was right:
/// for multi, each choice picked or missed; for order, what stood at each
/// position; for cloze, each gap.
fn part_feedback(answer: &Answer, response: &Response, parts: &[bool]) -> Vec<(String, bool)> {
    match (answer, response) {
        (Answer::Multi { choices, correct }, Response::Choices(given)) => choices
            .iter()
            .enumerate()
            .filter_map(|(index, choice)| match (given.contains(&index), correct.contains(&index)) {
                (true, true) => Some((choice.clone(), true)),
                (false, true) => Some((format!("{choice} (missed)"), false)),
                (true, false) => Some((format!("{choice} (not right)"), false)),
                (false, false) => None,
            })
            .collect(),
        (Answer::Order { items }, Response::Order(given)) => items
            .iter()
            .enumerate()
            .map(|(position, right_item)| {
                let placed = given.get(position).and_then(|index| items.get(*index)).map_or("—", String::as_str);
                if placed == right_item {
                    (format!("{}. {placed}", position + 1), true)
                } else {
                    (format!("{}. {placed} (should be {right_item})", position + 1), false)
                }
            })
            .collect(),
        (Answer::Cloze { gaps, .. }, _) => gaps
            .iter()
            .zip(parts)
            .enumerate()
            .map(|(index, (gap, right))| (format!("[{}] {}", index + 1, gap.answer), *right))
            .collect(),
        _ => Vec::new(),
    }
}

/// A permutation of `0..count` drawn from `seed`, stable across platforms and
/// versions: ChaCha8's stream is specified, and the Fisher–Yates draw below is ours.
pub fn permutation(seed: u64, count: usize) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..count).collect();
    for upper in (1..count).rev() {
        let pick = (rng.next_u64() % (upper as u64 + 1)) as usize;
        order.swap(upper, pick);
    }
    order
}

pub use crate::hash::stable_hash;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_stable_and_complete() {
        let first = permutation(42, 6);
        assert_eq!(first, permutation(42, 6));
        let mut sorted = first.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..6).collect::<Vec<_>>());
        assert_ne!(permutation(1, 6), permutation(2, 6));
        assert!(permutation(7, 0).is_empty());
    }

    #[test]
    fn feedback_names_what_went_wrong_in_each_part() {
        let items: Vec<String> = ["asyncore", "generators", "asyncio"].map(String::from).to_vec();
        let order = Answer::Order { items };
        let parts = part_feedback(&order, &Response::Order(vec![1, 0, 2]), &[]);
        assert_eq!(
            parts,
            [
                ("1. generators (should be asyncore)".to_string(), false),
                ("2. asyncore (should be generators)".to_string(), false),
                ("3. asyncio".to_string(), true),
            ]
        );
        let choices: Vec<String> = ["async def", "await", "yield from"].map(String::from).to_vec();
        let multi = Answer::Multi { choices, correct: vec![0, 1] };
        let parts = part_feedback(&multi, &Response::Choices(vec![0, 2]), &[]);
        assert_eq!(
            parts,
            [
                ("async def".to_string(), true),
                ("await (missed)".to_string(), false),
                ("yield from (not right)".to_string(), false),
            ]
        );
    }
}

/// Shared fixtures for session tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use crate::clock::Timestamp;
    use crate::deck::{load, Deck, DeckFile, Origin};
    use crate::schedule::{Scheduler, SchedulerConfig};
    use crate::store::Store;

    /// The every-kind fixture deck.
    pub fn kinds_deck() -> Deck {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/kinds.toml");
        let file = DeckFile {
            display_name: "kinds.toml".to_string(),
            text: std::fs::read_to_string(&path).expect("the fixture deck"),
            origin: Origin::File(path),
        };
        let loaded = load(&file);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.deck.expect("a valid deck")
    }

    /// A store in a fresh temporary folder (keep the guard alive).
    pub fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::open(dir.path()).expect("a new store");
        (dir, store)
    }

    /// A scheduler without fuzz, so due dates are exact.
    pub fn scheduler() -> Scheduler {
        Scheduler::new(SchedulerConfig { enable_fuzz: false, ..SchedulerConfig::default() }).expect("valid settings")
    }

    /// 2026-03-02T09:00:00Z.
    pub fn monday() -> Timestamp {
        "2026-03-02T09:00:00Z".parse().expect("a valid time")
    }
}
