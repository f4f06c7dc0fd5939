//! Content hashes of cards, to notice edits between reviews.

use std::collections::BTreeMap;

use super::{Answer, CardText};
use crate::hash::StableHasher;

/// A short, stable hash of everything a learner sees on a card, followed by
/// `/` and the fingerprint of the notes it was checked against, if any
/// (`0123456789abcdef/3f9a12345678`): the review log keeps both, so a
/// session can tell an edited card from edited notes ([`changes`]).
pub(super) fn content_hash(
    id: &str,
    tags: &[String],
    text: &CardText,
    translations: &BTreeMap<String, CardText>,
    notes_fingerprint: Option<&str>,
) -> String {
    let mut hasher = StableHasher::default();
    hasher.write(id);
    for tag in tags {
        hasher.write(tag);
    }
    for (language, text) in
        std::iter::once(("", text)).chain(translations.iter().map(|(language, text)| (language.as_str(), text)))
    {
        hasher.write(language);
        hasher.write(&text.prompt);
        hash_answer(&mut hasher, &text.answer);
        hasher.write(text.explanation.as_deref().unwrap_or(""));
    }
    match notes_fingerprint {
        Some(fingerprint) => format!("{:016x}/{fingerprint}", hasher.finish()),
        None => format!("{:016x}", hasher.finish()),
    }
}

/// What differs between a card as it was reviewed and as it is now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The card's own text.
    pub card: bool,
    /// The notes it cites (both hashes name a fingerprint, and they differ).
    pub notes: bool,
}

/// Compares the content hash stored with a review to a card's current one.
pub fn changes(stored: &str, current: &str) -> Changes {
    let (stored_card, stored_notes) =
        stored.split_once('/').map_or((stored, None), |(card, notes)| (card, Some(notes)));
    let (current_card, current_notes) =
        current.split_once('/').map_or((current, None), |(card, notes)| (card, Some(notes)));
    Changes {
        card: stored_card != current_card,
        notes: matches!((stored_notes, current_notes), (Some(then), Some(now)) if then != now),
    }
}

/// Feeds everything a learner sees of an answer, field by field.
fn hash_answer(hasher: &mut StableHasher, answer: &Answer) {
    hasher.write(answer.kind().name());
    let list = |hasher: &mut StableHasher, items: &[String]| items.iter().for_each(|item| hasher.write(item));
    match answer {
        Answer::Flashcard { back } => hasher.write(back),
        Answer::Choice { choices, correct, accept } => {
            list(hasher, choices);
            hasher.write(&correct.to_string());
            list(hasher, accept);
        }
        Answer::Multi { choices, correct } => {
            list(hasher, choices);
            correct.iter().for_each(|index| hasher.write(&index.to_string()));
        }
        Answer::TrueFalse { correct } => hasher.write(if *correct { "true" } else { "false" }),
        Answer::Short { answer, accept } => {
            hasher.write(answer);
            list(hasher, accept);
        }
        Answer::Numeric { answer, tolerance, range } => {
            hasher.write(&format!("{answer:?}/{tolerance}/{range:?}"));
        }
        Answer::Cloze { gaps, .. } => gaps.iter().for_each(|gap| {
            hasher.write(&gap.answer);
            list(hasher, &gap.accept);
        }),
        Answer::Order { items } => list(hasher, items),
    }
}

#[cfg(test)]
mod tests {
    use super::changes;

    #[test]
    fn tells_an_edited_card_from_edited_notes() {
        let card = "0123456789abcdef";
        assert_eq!(changes(card, card), Default::default());
        assert!(changes(card, "fedcba9876543210").card);
        let reviewed = format!("{card}/aaaaaaaaaaaa");
        assert!(changes(&reviewed, &format!("{card}/bbbbbbbbbbbb")).notes);
        assert!(!changes(&reviewed, &format!("{card}/bbbbbbbbbbbb")).card);
        assert_eq!(changes(card, &reviewed), Default::default(), "a first fingerprint is no change");
        assert_eq!(changes(&reviewed, card), Default::default(), "nor is a dropped one");
    }
}
