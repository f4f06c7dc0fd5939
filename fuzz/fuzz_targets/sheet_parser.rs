//! Any bytes as an answer sheet: parsing and grading against the bundled deck
//! (as a seeded exam and card by card) never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quiz::deck::Deck;
use quiz::grade::Lexicon;
use quiz::session::exam::{grade_sheet, select, ExamPlan, ExamQuestion, Sheet};

fn deck() -> &'static (Deck, Vec<ExamQuestion>, Lexicon) {
    static DECK: OnceLock<(Deck, Vec<ExamQuestion>, Lexicon)> = OnceLock::new();
    DECK.get_or_init(|| {
        let (_, deck, _) = quiz::deck::open("asyncio", None).expect("the bundled deck");
        let questions = select(&deck, &ExamPlan { seed: 5, count: Some(20), tags: Vec::new() });
        let lexicon = Lexicon::of(&deck);
        (deck, questions, lexicon)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(sheet) = Sheet::parse("fuzz.toml", &text) else { return };
    let (deck, questions, lexicon) = deck();
    for language in ["en", "ko"] {
        let _ = grade_sheet(deck, lexicon, Some(questions), language, &sheet, 5, 0.7);
        let _ = grade_sheet(deck, lexicon, None, language, &sheet, 0, 0.7);
    }
});
