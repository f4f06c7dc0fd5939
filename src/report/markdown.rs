//! The printable exam in Markdown, and its answer key. Card ids stand in the
//! key only: an id often names its answer (`twisted-deferred-generator`).

use std::fmt::Write;

use crate::deck::{Answer, Deck};
use crate::session::exam::ExamQuestion;
use crate::text::letter;
use crate::text::sanitize::{markdown_code, markdown_inline, toml_string};

/// Numbered questions with lettered choices; with `key`, the answers after them
/// in the form an answer sheet takes (each line saying which question it
/// answers), so grading the key scores 100%. Deck text passes
/// [`markdown_inline`], so it reads as written and never as formatting.
pub fn exam_paper(deck: &Deck, questions: &[ExamQuestion], language: &str, replay: &str, key: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — exam\n", flat(&deck.title));
    let _ = writeln!(
        out,
        "Deck {}, {} question(s). Replay: {}\n",
        markdown_code(&deck.id.0),
        questions.len(),
        markdown_code(replay)
    );
    for (number, question) in questions.iter().enumerate() {
        let card = &deck.cards[question.card];
        let text = card.text_in(language);
        let _ = writeln!(out, "**{}.** {}  ", number + 1, flat(&text.prompt));
        let _ = writeln!(out, "*{}*\n", instructions(&text.answer));
        let options = text.answer.options();
        let shown = question.shown.iter().filter_map(|index| options.get(*index));
        match &text.answer {
            Answer::Choice { .. } | Answer::Multi { .. } => {
                for (position, option) in shown.enumerate() {
                    let _ = writeln!(out, "- {}) {}", letter(position), flat(option));
                }
                out.push('\n');
            }
            Answer::Order { .. } => {
                for (position, option) in shown.enumerate() {
                    let _ = writeln!(out, "{}. {}", position + 1, flat(option));
                }
                out.push('\n');
            }
            Answer::Flashcard { .. }
            | Answer::TrueFalse { .. }
            | Answer::Short { .. }
            | Answer::Numeric { .. }
            | Answer::Cloze { .. } => {}
        }
    }
    if key {
        let _ = writeln!(
            out,
            "---\n\n## Answer key\n\nAs an answer sheet; grade one with {}:\n",
            markdown_code(&format!("{replay} --answers FILE"))
        );
        out.push_str("```toml\n[answers]\n");
        for (number, question) in questions.iter().enumerate() {
            let card = &deck.cards[question.card];
            let _ = writeln!(
                out,
                "{} = {}  # {}",
                toml_string(&card.id.0),
                key_value(&card.text_in(language).answer, &question.shown),
                number + 1
            );
        }
        out.push_str("```\n");
    }
    out
}

fn instructions(answer: &Answer) -> &'static str {
    match answer {
        Answer::Flashcard { .. } => "explain in a sentence",
        Answer::Choice { .. } => "pick one letter",
        Answer::Multi { .. } => "pick every right letter",
        Answer::TrueFalse { .. } => "true or false",
        Answer::Short { .. } => "a short answer",
        Answer::Numeric { .. } => "a number",
        Answer::Cloze { .. } => "fill each blank",
        Answer::Order { .. } => "write the numbers in the right order",
    }
}

/// The key's answer in sheet form: letters for choices, numbers for order.
fn key_value(answer: &Answer, shown: &[usize]) -> String {
    let quote = |text: &str| toml_string(text);
    let letter_of =
        |index: usize| shown.iter().position(|shown_index| *shown_index == index).map(letter).unwrap_or_default();
    match answer {
        Answer::Choice { correct, .. } => quote(&letter_of(*correct)),
        Answer::Multi { correct, .. } => {
            let mut letters: Vec<String> = correct.iter().map(|index| letter_of(*index)).collect();
            letters.sort();
            format!("[{}]", letters.iter().map(|letter| quote(letter)).collect::<Vec<_>>().join(", "))
        }
        Answer::Order { items } => {
            let numbers: Vec<String> = (0..items.len())
                .map(|index| {
                    shown
                        .iter()
                        .position(|shown_index| *shown_index == index)
                        .map(|position| position + 1)
                        .unwrap_or(0)
                        .to_string()
                })
                .map(|number| quote(&number))
                .collect();
            format!("[{}]", numbers.join(", "))
        }
        Answer::Cloze { gaps, .. } if gaps.len() > 1 => {
            format!("[{}]", gaps.iter().map(|gap| quote(&gap.answer)).collect::<Vec<_>>().join(", "))
        }
        Answer::Cloze { gaps, .. } => quote(gaps.first().map(|gap| gap.answer.as_str()).unwrap_or("")),
        Answer::TrueFalse { correct } => quote(&correct.to_string()),
        Answer::Numeric { answer: Some(value), .. } => quote(&crate::deck::format_number(*value)),
        Answer::Numeric { range: Some((low, _)), .. } => quote(&crate::deck::format_number(*low)),
        Answer::Numeric { .. } => quote(""),
        Answer::Short { answer, .. } => quote(answer),
        Answer::Flashcard { back } => quote(back),
    }
}

/// Deck text on one line, sanitised for Markdown.
fn flat(text: &str) -> String {
    markdown_inline(text)
}
