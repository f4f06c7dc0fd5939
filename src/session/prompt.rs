//! What sessions say to the learner and hear back: the [`Prompter`] trait and
//! its vocabulary. The terminal implements it in `ui`; tests script it.

use crate::deck::{Card, CardKind};
use crate::grade::{Unread, Verdict};
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
    /// Whether the notes the card cites changed since it was last reviewed.
    pub notes_changed: bool,
    /// Whether the card is new.
    pub is_new: bool,
    /// Whether the card is a learning card shown before it is due (nothing else was left).
    pub early: bool,
    /// Whether to show the study counters (cards due and new left): study only.
    pub study_counts: bool,
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
            notes_changed: false,
            is_new: false,
            early: false,
            study_counts: false,
        }
    }
}

/// How a question is to be answered; lists are in the order shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Form {
    /// Reveal the back, then grade yourself.
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
    /// When time runs out for this question (timed exams only). A timed
    /// question is answered by typing: letters for choices, numbers for items.
    pub deadline: Option<std::time::Instant>,
    /// Asked again because the typed answer could not be read (and why): say
    /// so, and ask for the input only.
    pub again: Option<Unread>,
}

/// What the learner gave, in terms of the [`Form`] as shown.
#[derive(Clone, Debug, PartialEq)]
pub enum Given {
    /// The index of the chosen item (choice; truefalse: 0 true, 1 false).
    Index(usize),
    /// The indexes of the chosen items (multi) or the items in the learner's order (order).
    Indexes(Vec<usize>),
    /// A typed answer (read by the grader's one reader).
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
    /// Whether the learner grades this answer (a revealed flashcard): show the back, no verdict.
    pub self_graded: bool,
    /// The card's kind (true/false values are shown as the list showed them).
    pub kind: CardKind,
}

/// The choices at the study session's rating step.
#[derive(Clone, Debug, PartialEq)]
pub struct RatingPrompt {
    /// The next interval for each rating.
    pub intervals: [chrono::Duration; 4],
    /// The rating Enter picks.
    pub default: Rating,
    /// Whether `u` (undo) can do anything.
    pub can_undo: bool,
    /// Whether `r` can show the notes section the card cites.
    pub has_source: bool,
    /// The session's first rating step: spell the keys out.
    pub first: bool,
}

/// What the learner did at the study session's rating step.
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
    /// Show the notes section the card cites, then ask again.
    ReadSource,
    /// End the session.
    Quit,
}

/// Something a session tells the learner in passing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The answer just given was taken back; the card comes again.
    TakenBack,
    /// The card was suspended.
    Suspended {
        /// The card's id.
        card: String,
    },
    /// The card was buried until tomorrow.
    Buried {
        /// The card's id.
        card: String,
    },
    /// The notes section a card cites (`r` at the rating step).
    Source {
        /// The section's heading.
        section: String,
        /// Its text, or None when the notes cannot be read.
        text: Option<String>,
    },
    /// The card just became a leech: forgotten too often.
    Leech(super::Leech),
    /// The session ended at the rating step; the answer keeps this rating.
    KeptDefault {
        /// The rating recorded.
        rating: Rating,
    },
}

/// The terminal, as sessions see it.
pub trait Prompter {
    /// Shows a question and returns the learner's answer.
    fn ask(&mut self, question: &Question) -> Reply<Given>;
    /// Shows how the answer was graded (for a revealed flashcard: its back).
    fn feedback(&mut self, feedback: &Feedback);
    /// The study session's rating step: a rating, or undo, suspend, bury, quit.
    fn rate(&mut self, prompt: &RatingPrompt) -> RatingAction;
    /// Self-grading a revealed flashcard outside study (exam, drill): a rating
    /// (Enter takes `default`) or quit; nothing else is offered.
    fn self_grade(&mut self, default: Rating) -> Reply<Rating>;
    /// Tells the learner something in passing.
    fn notice(&mut self, notice: &Notice);
}
