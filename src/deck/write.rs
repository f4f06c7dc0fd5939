//! Writing a deck as TOML, in the layout the bundled decks use: what an
//! import produces. Loading the text again gives the same cards.

use std::fmt::Write;

use super::{format_number, write_cloze, Answer, Card, CardText, Deck};
use crate::text::sanitize::toml_string;

/// The deck as a TOML document that [`super::load`] reads back to the same deck.
pub fn to_toml(deck: &Deck) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "format = 1");
    let _ = writeln!(out, "id = {}", toml_string(&deck.id.0));
    let _ = writeln!(out, "title = {}", toml_string(&deck.title));
    if !deck.description.is_empty() {
        let _ = writeln!(out, "description = {}", toml_string(&deck.description));
    }
    if !deck.version.is_empty() {
        let _ = writeln!(out, "version = {}", toml_string(&deck.version));
    }
    if !deck.languages.is_empty() {
        let _ = writeln!(out, "languages = {}", list(&deck.languages));
    }
    if let Some(source) = &deck.source {
        let _ = writeln!(out, "source = {}", toml_string(source));
    }
    let scheduling = &deck.scheduling;
    if scheduling.desired_retention.is_some() || scheduling.new_per_day.is_some() {
        out.push_str("\n[scheduling]\n");
        if let Some(retention) = scheduling.desired_retention {
            let _ = writeln!(out, "desired_retention = {retention:?}");
        }
        if let Some(new_per_day) = scheduling.new_per_day {
            let _ = writeln!(out, "new_per_day = {new_per_day}");
        }
    }
    if !deck.grading.reject.is_empty() || deck.grading.ignore_accents {
        out.push_str("\n[grading]\n");
        if !deck.grading.reject.is_empty() {
            let _ = writeln!(out, "reject = {}", list(&deck.grading.reject));
        }
        if deck.grading.ignore_accents {
            out.push_str("ignore_accents = true\n");
        }
    }
    // A reverse card is written as its card's `reverse = true`.
    for card in deck.cards.iter().filter(|card| card.reverse_of().is_none()) {
        write_card(&mut out, deck, card);
    }
    out
}

fn write_card(out: &mut String, deck: &Deck, card: &Card) {
    out.push_str("\n[[card]]\n");
    let _ = writeln!(out, "id = {}", toml_string(&card.id.0));
    let _ = writeln!(out, "kind = {}", toml_string(card.kind().name()));
    write_text(out, &card.text, true);
    if !card.tags.is_empty() {
        let _ = writeln!(out, "tags = {}", list(&card.tags));
    }
    if let Some(shape) = card.grading.shape {
        let _ = writeln!(out, "match = {}", toml_string(shape.name()));
    }
    if card.grading.ignore_accents != deck.grading.ignore_accents {
        let _ = writeln!(out, "ignore_accents = {}", card.grading.ignore_accents);
    }
    if card.reverse {
        out.push_str("reverse = true\n");
    }
    if let Some(source) = &card.source {
        let quote = source.quote.as_ref().map(|quote| format!(", quote = {}", toml_string(quote))).unwrap_or_default();
        let checked =
            source.checked.as_ref().map(|checked| format!(", checked = {}", toml_string(checked))).unwrap_or_default();
        let _ = writeln!(out, "source = {{ section = {}{quote}{checked} }}", toml_string(&source.section));
    }
    for (language, text) in &card.translations {
        let _ = writeln!(out, "\n[card.translations.{}]", toml_string(language));
        write_text(out, text, false);
    }
}

/// A card's text in one language; `base` adds what only the base text carries.
fn write_text(out: &mut String, text: &CardText, base: bool) {
    match &text.answer {
        Answer::Cloze { pieces, gaps } => {
            let _ = writeln!(out, "prompt = {}", toml_string(&write_cloze(pieces, gaps)));
        }
        Answer::Flashcard { .. }
        | Answer::Choice { .. }
        | Answer::Multi { .. }
        | Answer::TrueFalse { .. }
        | Answer::Short { .. }
        | Answer::Numeric { .. }
        | Answer::Order { .. } => {
            let _ = writeln!(out, "prompt = {}", toml_string(&text.prompt));
        }
    }
    match &text.answer {
        Answer::Flashcard { back } => {
            let _ = writeln!(out, "answer = {}", toml_string(back));
        }
        Answer::Choice { choices, correct, accept } => {
            let _ = writeln!(out, "choices = {}", list(choices));
            let _ = writeln!(out, "answer = {}", toml_string(choices.get(*correct).map_or("", String::as_str)));
            if !accept.is_empty() {
                let _ = writeln!(out, "accept = {}", list(accept));
            }
        }
        Answer::Multi { choices, correct } => {
            let right: Vec<String> = correct.iter().filter_map(|index| choices.get(*index).cloned()).collect();
            let _ = writeln!(out, "choices = {}", list(choices));
            let _ = writeln!(out, "answer = {}", list(&right));
        }
        Answer::TrueFalse { correct } => {
            let _ = writeln!(out, "answer = {correct}");
        }
        Answer::Short { answer, accept } => {
            let _ = writeln!(out, "answer = {}", toml_string(answer));
            if !accept.is_empty() {
                let _ = writeln!(out, "accept = {}", list(accept));
            }
        }
        Answer::Numeric { answer, tolerance, range } => {
            if let Some(value) = answer {
                let _ = writeln!(out, "answer = {}", number(*value));
            }
            if base && *tolerance > 0.0 {
                let _ = writeln!(out, "tolerance = {}", number(*tolerance));
            }
            if let (true, Some((low, high))) = (base, range) {
                let _ = writeln!(out, "range = [{}, {}]", number(*low), number(*high));
            }
        }
        Answer::Cloze { .. } => {}
        Answer::Order { items } => {
            let _ = writeln!(out, "items = {}", list(items));
        }
    }
    if let Some(explanation) = &text.explanation {
        let _ = writeln!(out, "explanation = {}", toml_string(explanation));
    }
    if !text.reject.is_empty() {
        let _ = writeln!(out, "reject = {}", list(&text.reject));
    }
}

/// A TOML number: whole values without `.0`, others exactly.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format_number(value)
    } else {
        format!("{value:?}")
    }
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| toml_string(item)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{load, DeckFile, Origin};

    fn reload(deck: &Deck) -> Deck {
        let text = to_toml(deck);
        let file = DeckFile { display_name: "written.toml".into(), text: text.clone(), origin: Origin::Bundled };
        let loaded = load(&file);
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{text}");
        loaded.deck.expect("the written deck loads")
    }

    /// Every card the same as loaded from the original, positions in the file aside.
    fn assert_same_cards(original: &Deck, written: &Deck) {
        assert_eq!(original.cards.len(), written.cards.len());
        for (before, after) in original.cards.iter().zip(&written.cards) {
            assert_eq!(before.id, after.id);
            assert_eq!(before.tags, after.tags, "{}", before.id);
            assert_eq!(before.source, after.source, "{}", before.id);
            assert_eq!(before.text, after.text, "{}", before.id);
            assert_eq!(before.translations, after.translations, "{}", before.id);
            assert_eq!(before.grading, after.grading, "{}", before.id);
            assert_eq!(before.content_hash, after.content_hash, "{}: progress is kept", before.id);
            assert_eq!(before.reverse, after.reverse, "{}", before.id);
        }
        let header = |deck: &Deck| {
            (
                deck.id.clone(),
                deck.title.clone(),
                deck.description.clone(),
                deck.version.clone(),
                deck.languages.clone(),
                deck.source.clone(),
                deck.scheduling.clone(),
                deck.grading.clone(),
            )
        };
        assert_eq!(header(original), header(written));
    }

    #[test]
    fn the_fixture_and_bundled_decks_read_back_the_same() {
        let kinds = crate::session::testing::kinds_deck();
        assert_same_cards(&kinds, &reload(&kinds));
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/decks/asyncio.toml");
        let text = std::fs::read_to_string(path).unwrap();
        let file = DeckFile { display_name: "asyncio.toml".into(), text, origin: Origin::Bundled };
        let asyncio = load(&file).deck.expect("the bundled deck");
        assert_same_cards(&asyncio, &reload(&asyncio));
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/decks/reverse.toml");
        let text = std::fs::read_to_string(path).unwrap();
        let file = DeckFile { display_name: "reverse.toml".into(), text, origin: Origin::Bundled };
        let reverse = load(&file).deck.expect("the reverse fixture");
        let written = reload(&reverse);
        assert_same_cards(&reverse, &written);
        assert_eq!(to_toml(&reverse).matches("reverse = true").count(), 2, "written as the flag, not as cards");
    }

    #[test]
    fn strings_that_need_escapes_survive() {
        let text = CardText {
            prompt: "A \"quoted\" prompt\nwith a newline, a tab\tand a backslash \\".into(),
            answer: Answer::Numeric { answer: Some(0.1), tolerance: 0.05, range: None },
            explanation: Some("zero\u{200b}width".into()),
            reject: Vec::new(),
        };
        let deck = Deck {
            id: crate::deck::DeckId("escapes".into()),
            title: "Escapes".into(),
            description: String::new(),
            version: String::new(),
            languages: vec!["en".into()],
            source: None,
            scheduling: Default::default(),
            grading: Default::default(),
            cards: vec![Card::new("odd-one", text)],
        };
        assert_same_cards(&deck, &reload(&deck));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn generated_decks_of_every_kind_read_back_the_same(
            deck in crate::deck::arbitrary::deck(&crate::deck::CardKind::ALL, 12)
        ) {
            assert_same_cards(&deck, &reload(&deck));
        }
    }
}
