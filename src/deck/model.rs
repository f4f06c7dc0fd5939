//! The deck as the rest of the crate sees it, after loading and validation.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The only deck format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// A deck's stable identifier (`asyncio`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeckId(pub String);

/// A card's stable identifier, unique within its deck (`asyncio-stdlib-version`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardId(pub String);

impl CardId {
    /// For a reverse card's id (`ID~reverse`), the id of the card it reverses.
    pub fn reverse_of(&self) -> Option<&str> {
        self.0.strip_suffix(REVERSE_SUFFIX)
    }

    /// The ids of the cards made from the same deck entry as this one (a
    /// card and its reverse), this one included: siblings are not shown on
    /// the same day.
    pub fn siblings(&self) -> [CardId; 2] {
        let base = self.reverse_of().unwrap_or(&self.0);
        [CardId(base.to_string()), CardId(format!("{base}{REVERSE_SUFFIX}"))]
    }
}

impl fmt::Display for DeckId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// A 1-based line and column in a deck file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// A loaded deck.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Deck {
    /// Stable id, used as the key for progress.
    pub id: DeckId,
    /// Human title.
    pub title: String,
    /// One-paragraph description.
    pub description: String,
    /// The author's version string for the deck's content.
    pub version: String,
    /// Languages the deck's text is written in; the first is the base language.
    pub languages: Vec<String>,
    /// The notes document the deck was derived from, relative to the deck file.
    pub source: Option<String>,
    /// Scheduling defaults the deck suggests.
    pub scheduling: SchedulingDefaults,
    /// Deck-wide grading settings (`[grading]`).
    pub grading: DeckGrading,
    /// The cards, in file order.
    pub cards: Vec<Card>,
}

/// Deck-wide grading settings, the `[grading]` table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeckGrading {
    /// Terms a typed answer must never be taken for a typo of (well-known
    /// identifiers and names that are near-misses of the deck's answers).
    pub reject: Vec<String>,
    /// Whether accents are ignored when comparing typed answers (`cafe` = `café`).
    pub ignore_accents: bool,
}

/// How a typed answer is compared: declared per card with `match`, else
/// inferred from the answer (and the prompt).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchShape {
    /// A release number (`3.4`): any product prefix the prompt names, `v`, trailing `.0`.
    Version,
    /// A year (`2009`): `in 2009`, `July 2009`, `2009년도`.
    Year,
    /// A PEP number (`PEP 380`): `PEP-380`, `pep380`, `PEP 0380`, `380번`.
    Pep,
    /// A plain number, within the card's tolerance or range.
    Number,
    /// A code identifier (`dataReceived`, `reactor.run()`): qualified and
    /// decorated forms of the same identifier, never another identifier.
    Identifier,
    /// A name (`Tulip`, `Sam Rushing`): with an article or a classifying noun,
    /// singular or plural, and typos.
    Name,
    /// Free text (a title): typos, a label or a remark in parentheses around it.
    Text,
}

impl MatchShape {
    /// Every shape, in documentation order.
    pub const ALL: [MatchShape; 7] = [
        MatchShape::Version,
        MatchShape::Year,
        MatchShape::Pep,
        MatchShape::Number,
        MatchShape::Identifier,
        MatchShape::Name,
        MatchShape::Text,
    ];

    /// The name used in deck files.
    pub fn name(self) -> &'static str {
        match self {
            MatchShape::Version => "version",
            MatchShape::Year => "year",
            MatchShape::Pep => "pep",
            MatchShape::Number => "number",
            MatchShape::Identifier => "identifier",
            MatchShape::Name => "name",
            MatchShape::Text => "text",
        }
    }

    /// The shape named `name` in a deck file.
    pub fn from_name(name: &str) -> Option<MatchShape> {
        MatchShape::ALL.into_iter().find(|shape| shape.name() == name)
    }
}

/// How a card's typed answers are graded, with the deck's defaults applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardGrading {
    /// The declared shape (`match`), if any.
    pub shape: Option<MatchShape>,
    /// Whether accents are ignored (the card's `ignore_accents`, else the deck's).
    pub ignore_accents: bool,
}

impl Deck {
    /// The card with `id`, if any.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|card| card.id.0 == id)
    }

    /// The deck without its cards.
    pub fn clone_header(&self) -> Deck {
        Deck {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            version: self.version.clone(),
            languages: self.languages.clone(),
            source: self.source.clone(),
            scheduling: self.scheduling.clone(),
            grading: self.grading.clone(),
            cards: Vec::new(),
        }
    }

    /// The base language (the first of `languages`, `en` when none are declared).
    pub fn base_language(&self) -> &str {
        self.languages.first().map(String::as_str).unwrap_or("en")
    }
}

/// Scheduling defaults a deck may set; the user's config and flags override them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchedulingDefaults {
    /// Target probability of recall when a card comes due (0.7..=0.99).
    pub desired_retention: Option<f64>,
    /// New cards introduced per day.
    pub new_per_day: Option<u32>,
}

/// The kinds of card a deck may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// Self-graded front and back.
    Flashcard,
    /// One right answer among choices.
    Choice,
    /// Several right answers among choices.
    Multi,
    /// A statement that is true or false.
    TrueFalse,
    /// A typed answer with accepted alternates.
    Short,
    /// A number, with a tolerance or a range.
    Numeric,
    /// Text with gaps to fill.
    Cloze,
    /// Items to put in order.
    Order,
}

impl CardKind {
    /// Every kind, in documentation order.
    pub const ALL: [CardKind; 8] = [
        CardKind::Flashcard,
        CardKind::Choice,
        CardKind::Multi,
        CardKind::TrueFalse,
        CardKind::Short,
        CardKind::Numeric,
        CardKind::Cloze,
        CardKind::Order,
    ];

    /// The name used in deck files.
    pub fn name(self) -> &'static str {
        match self {
            CardKind::Flashcard => "flashcard",
            CardKind::Choice => "choice",
            CardKind::Multi => "multi",
            CardKind::TrueFalse => "truefalse",
            CardKind::Short => "short",
            CardKind::Numeric => "numeric",
            CardKind::Cloze => "cloze",
            CardKind::Order => "order",
        }
    }

    /// The kind named `name` in a deck file.
    pub fn from_name(name: &str) -> Option<CardKind> {
        CardKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for CardKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// Where in the notes document a card's fact comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// A heading of the notes document.
    pub section: String,
    /// A short quote from that section, if the card rests on one sentence.
    pub quote: Option<String>,
    /// The section's fingerprint when the card was last checked against it
    /// (`quiz check --update-fingerprints` writes it).
    pub checked: Option<String>,
}

/// One gap of a cloze card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The canonical text of the gap.
    pub answer: String,
    /// Other spellings graded correct.
    pub accept: Vec<String>,
}

/// A piece of cloze text: literal text or a gap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ClozePiece {
    /// Text shown as written.
    Text(String),
    /// The gap with this index into [`Answer::Cloze::gaps`].
    Gap(usize),
}

/// What the learner must produce, by kind. Choice indexes refer to `choices` as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The back of a self-graded card.
    Flashcard { back: String },
    /// One right choice, and other spellings of it accepted when typed (sheets, timed exams).
    Choice { choices: Vec<String>, correct: usize, accept: Vec<String> },
    /// A set of right choices.
    Multi { choices: Vec<String>, correct: Vec<usize> },
    /// A true or false statement.
    TrueFalse { correct: bool },
    /// A typed answer and its accepted alternates.
    Short { answer: String, accept: Vec<String> },
    /// A number: `answer ± tolerance`, or any value in `range` (inclusive).
    Numeric { answer: Option<f64>, tolerance: f64, range: Option<(f64, f64)> },
    /// Text with gaps.
    Cloze { pieces: Vec<ClozePiece>, gaps: Vec<Gap> },
    /// Items in their right order.
    Order { items: Vec<String> },
}

impl Answer {
    /// The kind this answer belongs to.
    pub fn kind(&self) -> CardKind {
        match self {
            Answer::Flashcard { .. } => CardKind::Flashcard,
            Answer::Choice { .. } => CardKind::Choice,
            Answer::Multi { .. } => CardKind::Multi,
            Answer::TrueFalse { .. } => CardKind::TrueFalse,
            Answer::Short { .. } => CardKind::Short,
            Answer::Numeric { .. } => CardKind::Numeric,
            Answer::Cloze { .. } => CardKind::Cloze,
            Answer::Order { .. } => CardKind::Order,
        }
    }

    /// The choices, for kinds that have them.
    pub fn choices(&self) -> Option<&[String]> {
        match self {
            Answer::Choice { choices, .. } | Answer::Multi { choices, .. } => Some(choices),
            Answer::Flashcard { .. }
            | Answer::TrueFalse { .. }
            | Answer::Short { .. }
            | Answer::Numeric { .. }
            | Answer::Cloze { .. }
            | Answer::Order { .. } => None,
        }
    }

    /// What the learner picks from or puts in order, in the deck's order: the
    /// choices, or an order card's items; empty for the other kinds.
    pub fn options(&self) -> &[String] {
        match self {
            Answer::Choice { choices, .. } | Answer::Multi { choices, .. } => choices,
            Answer::Order { items } => items,
            Answer::Flashcard { .. }
            | Answer::TrueFalse { .. }
            | Answer::Short { .. }
            | Answer::Numeric { .. }
            | Answer::Cloze { .. } => &[],
        }
    }

    /// Whether the learner picks the answer (choice, multi, truefalse, order)
    /// rather than typing it: typed text for these is read by the grader's reader.
    pub fn is_picked(&self) -> bool {
        match self {
            Answer::Choice { .. } | Answer::Multi { .. } | Answer::TrueFalse { .. } | Answer::Order { .. } => true,
            Answer::Flashcard { .. } | Answer::Short { .. } | Answer::Numeric { .. } | Answer::Cloze { .. } => false,
        }
    }

    /// The canonical answer as plain text, for feedback lines.
    pub fn display(&self) -> String {
        match self {
            Answer::Flashcard { back } => back.clone(),
            Answer::Choice { choices, correct, .. } => choices.get(*correct).cloned().unwrap_or_default(),
            Answer::Multi { choices, correct } => {
                correct.iter().filter_map(|index| choices.get(*index).cloned()).collect::<Vec<_>>().join(", ")
            }
            Answer::TrueFalse { correct } => if *correct { "true" } else { "false" }.to_string(),
            Answer::Short { answer, .. } => answer.clone(),
            Answer::Numeric { answer, tolerance, range } => match (answer, range) {
                (_, Some((low, high))) => {
                    format!("{} to {}", format_number(*low), format_number(*high))
                }
                (Some(value), None) if *tolerance > 0.0 => {
                    format!("{} (± {})", format_number(*value), format_number(*tolerance))
                }
                (Some(value), None) => format_number(*value),
                (None, None) => String::new(),
            },
            Answer::Cloze { gaps, .. } => gaps.iter().map(|gap| gap.answer.clone()).collect::<Vec<_>>().join(" · "),
            Answer::Order { items } => items.join(" → "),
        }
    }
}

/// Formats a number without a trailing `.0` for whole values.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The text of a card in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardText {
    /// The question (for cloze, the text with its gaps removed into `answer`).
    pub prompt: String,
    /// What the learner must produce.
    pub answer: Answer,
    /// One more sentence of context, shown after answering.
    pub explanation: Option<String>,
    /// Known near-misses a typed answer must grade wrong (`reject`).
    pub reject: Vec<String>,
}

/// What a reverse card's id adds to its card's: `gevent-year~reverse`. `~`
/// is never part of an id a deck writes, so the two can't collide.
pub const REVERSE_SUFFIX: &str = "~reverse";

/// A card as loaded.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Card {
    /// Stable id, the key for progress.
    pub id: CardId,
    /// Tags, e.g. the section it belongs to.
    pub tags: Vec<String>,
    /// Where in the notes the fact comes from.
    pub source: Option<Citation>,
    /// The text in the deck's base language.
    pub text: CardText,
    /// The text in other languages, complete (missing fields fall back to the base text).
    pub translations: BTreeMap<String, CardText>,
    /// How its typed answers are graded.
    pub grading: CardGrading,
    /// Where the card's `[[card]]` header stands in the deck file.
    pub position: Position,
    /// A hash of the card's content (all languages), to notice edits, with
    /// the fingerprint of the notes it was checked against ([`changes`](super::changes)).
    pub content_hash: String,
    /// Whether the deck asks for its reverse too (`reverse = true`): the card
    /// after it in the deck, [`Card::reversed`].
    pub reverse: bool,
}

impl Card {
    /// A card built in code (an import, a test): `text` in the base language,
    /// with no tags, citation or translations, graded by inferred shape.
    pub fn new(id: &str, text: CardText) -> Card {
        let translations = BTreeMap::new();
        let content_hash = super::hash::content_hash(id, &[], &text, &translations, None);
        Card {
            id: CardId(id.to_string()),
            tags: Vec::new(),
            source: None,
            text,
            translations,
            grading: CardGrading::default(),
            position: Position::default(),
            content_hash,
            reverse: false,
        }
    }

    /// The reverse of a `flashcard` or `short` card: it shows the answer and
    /// asks for the prompt, under the id `ID~reverse`, with its own progress.
    /// It is always self-graded (a flashcard): a whole prompt can't be typed
    /// back and graded fairly. `None` for the other kinds, which have no
    /// single answer to show.
    pub fn reversed(&self) -> Option<Card> {
        let flip = |text: &CardText| -> Option<CardText> {
            let back = match &text.answer {
                Answer::Flashcard { back } => back,
                Answer::Short { answer, .. } => answer,
                Answer::Choice { .. }
                | Answer::Multi { .. }
                | Answer::TrueFalse { .. }
                | Answer::Numeric { .. }
                | Answer::Cloze { .. }
                | Answer::Order { .. } => return None,
            };
            Some(CardText {
                prompt: back.clone(),
                answer: Answer::Flashcard { back: text.prompt.clone() },
                explanation: text.explanation.clone(),
                reject: Vec::new(),
            })
        };
        let id = format!("{}{REVERSE_SUFFIX}", self.id);
        let text = flip(&self.text)?;
        let translations: BTreeMap<String, CardText> =
            self.translations.iter().filter_map(|(language, text)| Some((language.clone(), flip(text)?))).collect();
        let checked = self.source.as_ref().and_then(|source| source.checked.as_deref());
        let content_hash = super::hash::content_hash(&id, &self.tags, &text, &translations, checked);
        Some(Card {
            id: CardId(id),
            tags: self.tags.clone(),
            source: self.source.clone(),
            text,
            translations,
            grading: CardGrading::default(),
            position: self.position,
            content_hash,
            reverse: false,
        })
    }

    /// For a reverse card, the id of the card it reverses.
    pub fn reverse_of(&self) -> Option<&str> {
        self.id.reverse_of()
    }

    /// Replaces the card's tags (and so its content hash).
    pub fn set_tags(&mut self, tags: Vec<String>) {
        self.tags = tags;
        let checked = self.source.as_ref().and_then(|source| source.checked.as_deref());
        self.content_hash = super::hash::content_hash(&self.id.0, &self.tags, &self.text, &self.translations, checked);
    }

    /// The card's kind.
    pub fn kind(&self) -> CardKind {
        self.text.answer.kind()
    }

    /// The text in `language`, falling back to the base language.
    pub fn text_in(&self, language: &str) -> &CardText {
        self.translations.get(language).unwrap_or(&self.text)
    }
}
