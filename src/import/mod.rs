//! Decks from other tools' files: what `quiz import` reads.
//!
//! Each format turns its file into cards and a list of [`Remark`]s — what was
//! dropped or approximated, and where — so nothing is lost quietly. Card ids
//! are stable across imports of an updated file (taken from the file's own
//! ids where it has them, else from the question), so re-importing keeps
//! progress.

mod aiken;
mod anki;
mod apkg;
mod delimited;
mod gift;
pub mod html;
mod moodle;
mod sound;

use std::collections::HashSet;
use std::path::Path;

use clap::ValueEnum;
use serde::Serialize;

use crate::deck::{is_valid_id, Card, CardId};
use crate::error::{Error, Result};
use crate::hash::stable_hash;

/// The formats `quiz import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// From the file's name and first bytes.
    Auto,
    /// Comma-separated values (a header row names the columns, if it has one).
    Csv,
    /// Tab-separated values (Quizlet's export: term, tab, definition).
    Tsv,
    /// Anki's "Notes in Plain Text" export, with its `#separator:` headers.
    AnkiText,
    /// An Anki package (`.apkg`, `.colpkg`).
    Apkg,
    /// Moodle's GIFT.
    Gift,
    /// Aiken multiple choice.
    Aiken,
    /// Moodle XML.
    MoodleXml,
}

impl Format {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::AnkiText => "anki-text",
            Format::Apkg => "apkg",
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::MoodleXml => "moodle-xml",
        }
    }

    /// The format of `path` with contents `bytes`, from its extension and first bytes.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        let extension = path.extension().and_then(|extension| extension.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("apkg" | "colpkg") => return Format::Apkg,
            Some("gift") => return Format::Gift,
            Some("xml") => return Format::MoodleXml,
            Some("tsv" | "tab") => return Format::Tsv,
            Some("csv") => return Format::Csv,
            _ => {}
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Format::Apkg;
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        if head.lines().any(|line| line.starts_with("#separator:") || line.starts_with("#html:")) {
            Format::AnkiText
        } else if head.trim_start().starts_with("<?xml") || head.contains("<quiz") {
            Format::MoodleXml
        } else if head.lines().any(|line| line.trim_start().starts_with("ANSWER:")) {
            Format::Aiken
        } else if head.contains('\t') {
            Format::Tsv
        } else {
            Format::Csv
        }
    }
}

/// Whether a remark is about something left out or something changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RemarkKind {
    /// Left out of the deck.
    Dropped,
    /// Kept, but not exactly as it was.
    Approximated,
}

/// Something an import dropped or approximated, and where in the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Remark {
    /// Where: `line 12` for text formats, `note 1234` for Anki.
    pub at: String,
    /// Dropped or approximated.
    pub kind: RemarkKind,
    /// What and why.
    pub message: String,
}

/// What an import made of a file.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// The cards, in the file's order.
    pub cards: Vec<Card>,
    /// What was dropped or approximated.
    pub remarks: Vec<Remark>,
    /// Reviews from the file's own log (an Anki package's, with `--with-history`),
    /// in time order for each card.
    pub history: Vec<PastReview>,
    /// Cards the other tool had suspended.
    pub suspended: Vec<CardId>,
    /// The deck's name in the file, when it has one (an Anki package of one deck).
    pub title: Option<String>,
}

#[cfg(test)]
impl Imported {
    /// Each card's id, answer and explanation, for tests that check what a file became.
    pub fn answers(&self) -> Vec<(&str, &crate::deck::Answer, Option<&str>)> {
        self.cards
            .iter()
            .map(|card| (card.id.0.as_str(), &card.text.answer, card.text.explanation.as_deref()))
            .collect()
    }
}

/// A review from another tool's log, to replay into the progress store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastReview {
    /// The card (its id in the imported deck).
    pub card: CardId,
    /// When, in milliseconds since the epoch.
    pub time_ms: i64,
    /// The button pressed: 1 Again, 2 Hard, 3 Good, 4 Easy.
    pub rating: u8,
    /// Time taken answering.
    pub duration_ms: u64,
}

impl Imported {
    /// The remarks as `(at, kind, message)`, for tests to compare.
    #[cfg(test)]
    pub fn remark_list(&self) -> Vec<(&str, RemarkKind, &str)> {
        self.remarks.iter().map(|remark| (remark.at.as_str(), remark.kind, remark.message.as_str())).collect()
    }

    fn remark(&mut self, at: String, kind: RemarkKind, message: impl Into<String>) {
        self.remarks.push(Remark { at, kind, message: message.into() });
    }
}

/// Reads `bytes` (the file `name`) as `format` (never `Auto`: detect first).
pub fn import(name: &str, bytes: &[u8], format: Format) -> Result<Imported> {
    import_with_history(name, bytes, format, false)
}

/// [`import`]; `with_history` reads an Anki package's review log too.
pub fn import_with_history(name: &str, bytes: &[u8], format: Format, with_history: bool) -> Result<Imported> {
    let text = || {
        let text = std::str::from_utf8(bytes).map_err(|error| not_utf8(name, bytes, error))?;
        Ok::<_, Error>(text.strip_prefix('\u{feff}').unwrap_or(text))
    };
    match format {
        Format::Csv | Format::Tsv | Format::AnkiText => delimited::import(name, text()?, format),
        Format::Gift => gift::import(name, text()?),
        Format::Aiken => aiken::import(name, text()?),
        Format::MoodleXml => moodle::import(name, text()?),
        Format::Auto => Err(Error::Usage("the format was not worked out; give --format".to_string())),
        Format::Apkg => apkg::import(name, bytes, with_history),
    }
}

/// The error for a file that is not UTF-8, at the first bad byte.
fn not_utf8(name: &str, bytes: &[u8], error: std::str::Utf8Error) -> Error {
    let before = &bytes[..error.valid_up_to()];
    let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|byte| **byte != b'\n').count() + 1;
    Error::BadInput {
        path: name.to_string(),
        line,
        column,
        message: "the file is not UTF-8 text; save it as UTF-8 and import it again".to_string(),
    }
}

/// Hands out card ids that stay the same when an updated file is imported again.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    /// The next suffix to try for a base id, so a title repeated n times costs n tries, not n².
    next_suffix: std::collections::HashMap<String, usize>,
}

impl Ids {
    /// The id for a card: the file's own id (`given`) made valid, else a short
    /// slug of the question and a hash of it; a repeat gets `-2`, `-3`…
    pub fn next(&mut self, given: Option<&str>, question: &str) -> String {
        let base = match given.map(slug).filter(|id| !id.is_empty()) {
            Some(id) => id,
            None => {
                let words = slug(question);
                let short: String = words.split('-').take(6).collect::<Vec<_>>().join("-");
                let hash = format!("{:06x}", stable_hash(&[question.trim()]) & 0xff_ffff);
                if short.is_empty() {
                    format!("card-{hash}")
                } else {
                    format!("{short}-{hash}")
                }
            }
        };
        let mut id = base.clone();
        let count = self.next_suffix.entry(base.clone()).or_insert(1);
        while !self.used.insert(id.clone()) {
            *count += 1;
            id = format!("{base}-{count}");
        }
        id
    }
}

/// `text` as an id: lowercase ASCII letters and digits, words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for character in text.chars() {
        if character.is_ascii_alphanumeric() {
            out.push(character.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 96 {
            break;
        }
    }
    let id = out.trim_matches('-').to_string();
    debug_assert!(id.is_empty() || is_valid_id(&id));
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_file_or_the_question_and_never_repeat() {
        let mut ids = Ids::default();
        assert_eq!(ids.next(Some("Note 12/Card 1"), "ignored"), "note-12-card-1");
        let first = ids.next(None, "Which Python version first shipped asyncio?");
        assert!(first.starts_with("which-python-version-first-shipped-asyncio-"), "{first}");
        assert_eq!(Ids::default().next(None, "Which Python version first shipped asyncio?"), first, "stable");
        assert_eq!(ids.next(None, "Which Python version first shipped asyncio?"), format!("{first}-2"));
        assert!(ids.next(None, "이벤트 루프란?").starts_with("card-"));
        assert!(is_valid_id(&ids.next(Some("---"), "x")));
    }

    #[test]
    fn formats_are_told_apart_by_name_and_content() {
        let detect = |name: &str, text: &str| Format::detect(Path::new(name), text.as_bytes());
        assert_eq!(detect("a.apkg", ""), Format::Apkg);
        assert_eq!(detect("a.txt", "#separator:tab\n#html:true\na\tb\n"), Format::AnkiText);
        assert_eq!(detect("a.txt", "term\tdefinition\n"), Format::Tsv);
        assert_eq!(detect("a.txt", "What?\nA. x\nB. y\nANSWER: A\n"), Format::Aiken);
        assert_eq!(detect("a", "PK\u{3}\u{4}rest"), Format::Apkg);
        assert_eq!(detect("a.txt", "front,back\n"), Format::Csv);
    }
}
