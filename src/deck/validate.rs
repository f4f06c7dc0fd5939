//! The invariants every loaded [`Deck`] keeps, checked where a deck arrives
//! from outside the parser (the parse cache): the rest of the crate relies on
//! them (choice indexes in range, translations shaped like the base text, …).

use std::collections::HashSet;

use super::{is_valid_id, Answer, Card, ClozePiece, Deck};

/// The first broken invariant of `deck`, if any.
pub fn validate(deck: &Deck) -> Result<(), String> {
    if !is_valid_id(&deck.id.0) {
        return Err("the deck id is not a valid id".to_string());
    }
    if deck.languages.is_empty() {
        return Err("the deck has no language".to_string());
    }
    let mut ids = HashSet::with_capacity(deck.cards.len());
    for card in &deck.cards {
        if !ids.insert(card.id.0.as_str()) {
            return Err(format!("card id `{}` is repeated", card.id));
        }
        validate_card(card, &deck.languages)?;
    }
    Ok(())
}

/// The first broken invariant of `card`, in a deck written in `languages`.
pub fn validate_card(card: &Card, languages: &[String]) -> Result<(), String> {
    if !is_valid_id(card.id.reverse_of().unwrap_or(&card.id.0)) {
        return Err(format!("card id `{}` is invalid", card.id));
    }
    answer_is_sound(&card.text.answer).map_err(|problem| format!("card `{}`: {problem}", card.id))?;
    for (language, text) in &card.translations {
        if !languages.iter().skip(1).any(|declared| declared == language) {
            return Err(format!("card `{}` has a translation in an undeclared language", card.id));
        }
        answer_is_sound(&text.answer).map_err(|problem| format!("card `{}` ({language}): {problem}", card.id))?;
        if !same_shape(&card.text.answer, &text.answer) {
            return Err(format!("card `{}`: the `{language}` translation is shaped differently", card.id));
        }
    }
    Ok(())
}

fn answer_is_sound(answer: &Answer) -> Result<(), &'static str> {
    let sound = match answer {
        Answer::Flashcard { .. } | Answer::TrueFalse { .. } | Answer::Short { .. } => true,
        Answer::Choice { choices, correct, .. } => choices.len() >= 2 && *correct < choices.len(),
        Answer::Multi { choices, correct } => {
            choices.len() >= 2
                && !correct.is_empty()
                && correct.windows(2).all(|pair| pair[0] < pair[1])
                && correct.iter().all(|index| *index < choices.len())
        }
        Answer::Numeric { answer, tolerance, range } => {
            (answer.is_some() || range.is_some())
                && answer.is_none_or(f64::is_finite)
                && tolerance.is_finite()
                && *tolerance >= 0.0
                && range.is_none_or(|(low, high)| low.is_finite() && high.is_finite() && low <= high)
        }
        Answer::Cloze { pieces, gaps } => {
            !gaps.is_empty()
                && pieces.iter().all(|piece| match piece {
                    ClozePiece::Gap(index) => *index < gaps.len(),
                    ClozePiece::Text(_) => true,
                })
        }
        Answer::Order { items } => items.len() >= 2,
    };
    if sound {
        Ok(())
    } else {
        Err("its answer breaks the deck format's rules")
    }
}

/// Whether a translation can stand in for the base text: the same kind, and the
/// same number of choices, items and gaps (a translation may order its choices
/// differently, so the right one may stand elsewhere).
fn same_shape(base: &Answer, translated: &Answer) -> bool {
    match (base, translated) {
        (Answer::Choice { choices, .. }, Answer::Choice { choices: other, .. })
        | (Answer::Multi { choices, .. }, Answer::Multi { choices: other, .. }) => choices.len() == other.len(),
        (Answer::Order { items }, Answer::Order { items: other }) => items.len() == other.len(),
        (Answer::Cloze { gaps, .. }, Answer::Cloze { gaps: other, .. }) => gaps.len() == other.len(),
        (Answer::Flashcard { .. }, Answer::Flashcard { .. })
        | (Answer::TrueFalse { .. }, Answer::TrueFalse { .. })
        | (Answer::Short { .. }, Answer::Short { .. })
        | (Answer::Numeric { .. }, Answer::Numeric { .. }) => true,
        (
            Answer::Flashcard { .. }
            | Answer::Choice { .. }
            | Answer::Multi { .. }
            | Answer::TrueFalse { .. }
            | Answer::Short { .. }
            | Answer::Numeric { .. }
            | Answer::Cloze { .. }
            | Answer::Order { .. },
            _,
        ) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{load, DeckFile, Origin};

    fn kinds() -> Deck {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/kinds.toml");
        let file = DeckFile {
            display_name: "kinds.toml".into(),
            text: std::fs::read_to_string(&path).unwrap(),
            origin: Origin::File(path),
        };
        load(&file).deck.unwrap()
    }

    #[test]
    fn a_parsed_deck_is_valid_and_broken_ones_are_named() {
        let deck = kinds();
        assert_eq!(validate(&deck), Ok(()));
        let mut no_items = deck.clone();
        no_items.cards[6].text.answer = Answer::Order { items: Vec::new() };
        assert!(validate(&no_items).unwrap_err().contains("timeline"));
        let mut fewer_choices = deck.clone();
        if let Some(Answer::Choice { choices, .. }) =
            fewer_choices.cards[1].translations.get_mut("ko").map(|text| &mut text.answer)
        {
            choices.pop();
        }
        assert!(validate(&fewer_choices).unwrap_err().contains("shaped differently"));
        let mut out_of_range = deck.clone();
        out_of_range.cards[1].text.answer =
            Answer::Choice { choices: vec!["a".into(), "b".into()], correct: 9, accept: vec![] };
        assert!(validate(&out_of_range).is_err());
        let mut repeated = deck;
        repeated.cards[1].id = repeated.cards[0].id.clone();
        assert!(validate(&repeated).is_err());
    }
}
