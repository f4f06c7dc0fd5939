//! Any bytes as a deck file: loading and checking never panic, and a deck the
//! loader accepts keeps every invariant the rest of quiz relies on.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quiz::deck::{load, validate, DeckFile, Origin};
use quiz::session::exam::{select, ExamPlan};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // Bundled origin: notes come from the bundled files, never the disk.
    let file = DeckFile { display_name: "fuzz.toml".into(), origin: Origin::Bundled, text };
    let checked = quiz::check::check(&file);
    let loaded = load(&file);
    assert_eq!(loaded.deck.is_some(), loaded.error_count() == 0 && loaded.deck.is_some());
    if let Some(deck) = loaded.deck {
        assert_eq!(validate(&deck), Ok(()), "the loader accepted a deck that breaks an invariant");
        assert!(checked.card_count >= deck.cards.len() || checked.error_count() > 0);
        let questions = select(&deck, &ExamPlan { seed: 7, count: Some(5), tags: Vec::new() });
        let _ = quiz::report::markdown::exam_paper(&deck, &questions, deck.base_language(), "quiz exam", true);
    }
});
