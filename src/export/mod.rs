//! Decks out to other tools' files: what `quiz export --format` writes.
//!
//! Each format turns the deck's cards into one file and lists what it could
//! not express (an `order` card in Aiken, a question too long for Kahoot) as
//! [`Remark`]s, so nothing is left out quietly. Only the deck's base language
//! is written: other tools hold one text per card.

mod aiken;
mod apkg;
mod delimited;
mod gift;
mod kahoot;
mod moodle;
/// The spreadsheet reader the integration tests use, for the Kahoot tests.
#[cfg(test)]
#[path = "../../tests/common/xlsx.rs"]
mod xlsx;

use std::collections::HashMap;

use clap::ValueEnum;

use crate::deck::{CardId, Deck};
use crate::error::Result;
pub use crate::import::{Remark, RemarkKind};
use crate::schedule::Phase;

/// The formats `quiz export --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated values with a header row (`id,question,answer,...`).
    Csv,
    /// Anki's "Notes in Plain Text" layout, with its `#` headers.
    AnkiText,
    /// An Anki package (legacy `collection.anki2` layout, which every Anki imports).
    Apkg,
    /// Moodle's GIFT.
    Gift,
    /// Aiken multiple choice.
    Aiken,
    /// Moodle XML.
    MoodleXml,
    /// Kahoot's spreadsheet template (XLSX).
    Kahoot,
}

impl Format {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::AnkiText => "anki-text",
            Format::Apkg => "apkg",
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::MoodleXml => "moodle-xml",
            Format::Kahoot => "kahoot",
        }
    }

    /// Whether the file is text (so `--out -` may print it).
    pub fn is_text(self) -> bool {
        match self {
            Format::Csv | Format::AnkiText | Format::Gift | Format::Aiken | Format::MoodleXml => true,
            Format::Apkg | Format::Kahoot => false,
        }
    }
}

/// What an export made of a deck.
#[derive(Clone, Debug, Default)]
pub struct Exported {
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// How many of the deck's cards the file holds.
    pub cards: usize,
    /// What could not be expressed, by card.
    pub remarks: Vec<Remark>,
}

impl Exported {
    /// Notes that `card` was left out, and why.
    pub fn drop_card(&mut self, card: &crate::deck::Card, message: impl Into<String>) {
        self.remarks.push(Remark { at: at(card), kind: RemarkKind::Dropped, message: message.into() });
    }

    /// Notes that `card` was written, but not exactly as it is.
    pub fn approximate(&mut self, card: &crate::deck::Card, message: impl Into<String>) {
        self.remarks.push(Remark { at: at(card), kind: RemarkKind::Approximated, message: message.into() });
    }

    /// One remark for the card-level settings `format` has no place for
    /// (`reject`, `match`, `ignore_accents`, `source`), if the card has any.
    pub fn settings_left_out(&mut self, card: &crate::deck::Card, format: &str) {
        let mut parts = Vec::new();
        if !card.text.reject.is_empty() {
            parts.push("`reject`");
        }
        if card.grading.shape.is_some() {
            parts.push("`match`");
        }
        if card.grading.ignore_accents {
            parts.push("`ignore_accents`");
        }
        if card.source.is_some() {
            parts.push("`source`");
        }
        if !parts.is_empty() {
            self.approximate(card, format!("{} left out: {format} has no place for them", parts.join(", ")));
        }
    }
}

/// Where a remark about `card` points: its id.
fn at(card: &crate::deck::Card) -> String {
    format!("card {}", card.id)
}

/// A deck's progress, for the formats that carry it (Anki packages).
#[derive(Clone, Debug, Default)]
pub struct Progress {
    /// Each reviewed or flagged card's state now.
    pub cards: HashMap<CardId, CardProgress>,
    /// Each card's memory reviews (drills left out), in time order.
    pub reviews: HashMap<CardId, Vec<ReviewProgress>>,
}

impl Progress {
    /// When the first review was, if there was one.
    pub fn first_review_ms(&self) -> Option<i64> {
        self.reviews.values().filter_map(|reviews| reviews.first()).map(|review| review.time_ms).min()
    }
}

/// A card's scheduling state, as another tool needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CardProgress {
    /// New, learning, review or relearning.
    pub phase: Phase,
    /// When it is next due, in milliseconds since the epoch.
    pub due_ms: i64,
    /// When it was last reviewed (0 if never).
    pub last_review_ms: i64,
    /// Reviews so far.
    pub reps: u32,
    /// Times forgotten after graduating.
    pub lapses: u32,
    /// Whether the learner suspended it.
    pub suspended: bool,
}

/// One review, with the card's phase before it and its due time after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewProgress {
    /// When, in milliseconds since the epoch.
    pub time_ms: i64,
    /// 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub rating: u8,
    /// Time taken.
    pub duration_ms: u64,
    /// The card's phase before the review.
    pub phase_before: Phase,
    /// When the review made the card due next.
    pub due_after_ms: i64,
}

/// Writes `deck` as `format`; `progress` goes into the formats that carry it
/// (Anki packages), and `now_ms` dates what the file records as written.
pub fn export(deck: &Deck, format: Format, progress: Option<&Progress>, now_ms: i64) -> Result<Exported> {
    let reverses = deck.cards.iter().filter(|card| card.reverse_of().is_some()).count();
    let authored;
    let deck = match reverses {
        0 => deck,
        _ => {
            authored = Deck {
                cards: deck.cards.iter().filter(|card| card.reverse_of().is_none()).cloned().collect(),
                ..deck.clone_header()
            };
            &authored
        }
    };
    let mut exported = match format {
        Format::Csv | Format::AnkiText => delimited::export(deck, format)?,
        Format::Apkg => apkg::export(deck, progress, now_ms)?,
        Format::Gift => gift::export(deck)?,
        Format::Aiken => aiken::export(deck)?,
        Format::MoodleXml => moodle::export(deck)?,
        Format::Kahoot => kahoot::export(deck)?,
    };
    note_translations(deck, &mut exported);
    if reverses > 0 {
        exported.remarks.push(Remark {
            at: format!("deck {}", deck.id),
            kind: RemarkKind::Dropped,
            message: format!(
                "the {reverses} reverse card(s) (`reverse = true`): {} gets each card one way",
                format.name()
            ),
        });
    }
    Ok(exported)
}

/// One remark for the whole deck when it has translations no format carries.
fn note_translations(deck: &Deck, exported: &mut Exported) {
    let languages: std::collections::BTreeSet<&str> =
        deck.cards.iter().flat_map(|card| card.translations.keys().map(String::as_str)).collect();
    if !languages.is_empty() {
        let list: Vec<&str> = languages.into_iter().collect();
        exported.remarks.push(Remark {
            at: format!("deck {}", deck.id),
            kind: RemarkKind::Dropped,
            message: format!(
                "only the base language ({}) is written; the {} translations are left out",
                deck.base_language(),
                list.join(", ")
            ),
        });
    }
}
