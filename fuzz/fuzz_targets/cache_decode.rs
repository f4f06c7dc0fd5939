//! Any bytes as a card's body in a deck-catalog entry: what decodes and passes
//! validation must be usable by every command without a panic — selecting and
//! printing an exam, posing and grading the card, and the grader self-test.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quiz::deck::catalog::decode_card;
use quiz::deck::{Deck, DeckId};
use quiz::grade::{grade, Response};
use quiz::session::exam::{select, ExamPlan};
use quiz::session::{pose, Header};

fuzz_target!(|data: &[u8]| {
    let languages = vec!["en".to_string(), "ko".to_string()];
    let Some(card) = decode_card(data, &languages) else { return };
    let deck = Deck {
        id: DeckId("fuzz".into()),
        title: String::new(),
        description: String::new(),
        version: String::new(),
        languages,
        source: None,
        scheduling: Default::default(),
        grading: Default::default(),
        cards: vec![card],
    };
    let questions = select(&deck, &ExamPlan { seed: 3, count: None, tags: Vec::new() });
    for language in &deck.languages {
        let _ = quiz::report::markdown::exam_paper(&deck, &questions, language, "quiz exam", true);
        for card in &deck.cards {
            let text = card.text_in(language);
            let posed = pose(text, Header::for_card(card, 1, 1, 0, 0), 11);
            for position in 0..posed.shown.len().max(1) {
                let _ = grade(&text.answer, &Response::Choice(position));
            }
            for (response, _, _) in quiz::check::self_test_cases(&text.answer) {
                let _ = grade(&text.answer, &response);
            }
            let _ = text.answer.display();
        }
    }
});
