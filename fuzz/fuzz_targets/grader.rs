//! Arbitrary answers and arbitrary typed input: normalising, reading and
//! grading (alone, and as a card with a prompt, near-misses and a deck's
//! lexicon, which reaches the sentence reader) never panic, normalising is
//! idempotent, and the banded distance is symmetric.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use quiz::deck::{Answer, Card, CardText, ClozePiece, Gap};
use quiz::grade::{grade, grade_card, read, read_card, Lexicon, Response, Typed};
use quiz::text::{bounded_distance, normalize};

#[derive(Arbitrary, Debug)]
struct Input {
    kind: u8,
    texts: Vec<String>,
    correct: Vec<u8>,
    numbers: (f64, f64, f64),
    typed: Vec<String>,
    shown: Vec<u8>,
}

fn answer(input: &Input) -> Answer {
    let texts = input.texts.clone();
    let first = texts.first().cloned().unwrap_or_default();
    let indexes: Vec<usize> = input.correct.iter().map(|index| usize::from(*index) % texts.len().max(1)).collect();
    match input.kind % 8 {
        0 => Answer::Flashcard { back: first },
        1 => Answer::Choice { correct: indexes.first().copied().unwrap_or(0), accept: texts.iter().rev().take(2).cloned().collect(), choices: texts },
        2 => {
            let mut correct = indexes;
            correct.sort_unstable();
            correct.dedup();
            Answer::Multi { choices: texts, correct }
        }
        3 => Answer::TrueFalse { correct: input.kind & 8 == 0 },
        4 => Answer::Short { answer: first, accept: texts.into_iter().skip(1).collect() },
        5 => Answer::Numeric { answer: Some(input.numbers.0), tolerance: input.numbers.1, range: Some((input.numbers.1, input.numbers.2)) },
        6 => Answer::Cloze {
            pieces: (0..texts.len()).map(ClozePiece::Gap).collect(),
            gaps: texts.iter().map(|text| Gap { answer: text.clone(), accept: vec![text.to_uppercase()] }).collect(),
        },
        _ => Answer::Order { items: texts },
    }
}

fuzz_target!(|input: Input| {
    let answer = answer(&input);
    let shown: Vec<usize> = input.shown.iter().map(|index| usize::from(*index)).collect();
    let text = CardText {
        prompt: input.texts.last().cloned().unwrap_or_default(),
        answer: answer.clone(),
        explanation: None,
        reject: input.typed.iter().take(1).cloned().collect(),
    };
    let card = Card::new("fuzzed", text.clone());
    let lexicon = Lexicon::from_terms(input.texts.iter().map(String::as_str));
    for typed in &input.typed {
        let _ = grade_card(&card, &text, &Response::Text(typed.clone()), &lexicon);
        let _ = read_card(&card, &text, &shown, Typed::One(typed));
        let normalized = normalize(typed);
        assert_eq!(normalize(&normalized), normalized, "normalising is idempotent");
        let _ = grade(&answer, &Response::Text(typed.clone()));
        let _ = read(&answer, &shown, Typed::One(typed));
        if let Some(other) = input.texts.first() {
            assert_eq!(bounded_distance(typed, other, 3), bounded_distance(other, typed, 3));
        }
    }
    let _ = read(&answer, &shown, Typed::Many(&input.typed));
    let _ = grade(&answer, &Response::Gaps(input.typed.clone()));
    let _ = grade(&answer, &Response::Choices(shown.clone()));
    let _ = grade(&answer, &Response::Order(shown.clone()));
    for (response, _, _) in quiz::check::self_test_cases(&answer) {
        let _ = grade(&answer, &response);
    }
});
