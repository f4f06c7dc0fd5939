//! Content hashes of cards, to notice edits between reviews.

use std::collections::BTreeMap;

use super::{Answer, CardText};
use crate::hash::StableHasher;

/// A short, stable hash of everything a learner sees on a card.
pub(super) fn content_hash(
    id: &str,
    tags: &[String],
    text: &CardText,
    translations: &BTreeMap<String, CardText>,
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
    format!("{:016x}", hasher.finish())
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
