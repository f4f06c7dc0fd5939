//! Aiken: multiple-choice questions as lines (the question on one line, `A.`
//! options, `ANSWER: A`). Only `choice` cards fit; a `truefalse` card is
//! written as the choice True/False and a `multi` card with one right choice
//! as a choice, both reported; the other kinds are left out with the reason.
//! Aiken has no escapes: line breaks become spaces (reported), and a question
//! that would read as an option or an answer line is left out.

use std::fmt::Write;

use super::{Exported, Remark, RemarkKind};
use crate::deck::{Answer, Card, Deck};
use crate::error::Result;
use crate::text::letter;

/// The most options a question may have: one per capital letter.
const MOST_OPTIONS: usize = 26;

pub(super) fn export(deck: &Deck) -> Result<Exported> {
    let mut exported = Exported::default();
    let mut out = String::new();
    for card in &deck.cards {
        let Some(question) = question(card, &mut exported) else { continue };
        out.push_str(&question);
        exported.cards += 1;
    }
    if exported.cards > 0 {
        exported.remarks.push(Remark {
            at: format!("deck {}", deck.id),
            kind: RemarkKind::Approximated,
            message:
                "Aiken has no card ids: an import of the file makes ids from the questions, so progress does not follow"
                    .to_string(),
        });
    }
    exported.bytes = out.into_bytes();
    Ok(exported)
}

/// The choices and the right one, or the reason the card cannot be a choice.
fn choices(card: &Card, exported: &mut Exported) -> std::result::Result<(Vec<String>, usize), String> {
    match &card.text.answer {
        Answer::Choice { choices, correct, accept } => {
            if !accept.is_empty() {
                exported.approximate(card, "`accept` is left out: Aiken options have no typed spellings");
            }
            Ok((choices.clone(), *correct))
        }
        Answer::TrueFalse { correct } => {
            exported.approximate(card, "written as a choice between True and False");
            Ok((vec!["True".to_string(), "False".to_string()], if *correct { 0 } else { 1 }))
        }
        Answer::Multi { choices, correct } => match correct.as_slice() {
            [only] => {
                exported.approximate(card, "written as a choice: the multi card has one right choice");
                Ok((choices.clone(), *only))
            }
            _ => Err("Aiken questions have one right answer; this multi card has several".to_string()),
        },
        Answer::Flashcard { .. } => {
            Err("Aiken holds multiple-choice questions; a flashcard has no choices".to_string())
        }
        Answer::Short { .. } => Err("Aiken holds multiple-choice questions; a short card is typed".to_string()),
        Answer::Numeric { .. } => Err("Aiken holds multiple-choice questions; a numeric card is typed".to_string()),
        Answer::Cloze { .. } => Err("Aiken holds multiple-choice questions; a cloze card is typed".to_string()),
        Answer::Order { .. } => {
            Err("Aiken holds multiple-choice questions; an order card has no one right item".to_string())
        }
    }
}

/// `text` on one line, and whether it had to change.
fn one_line(text: &str) -> (String, bool) {
    let flat: String =
        text.chars().map(|character| if matches!(character, '\n' | '\r') { ' ' } else { character }).collect();
    let flat = flat.trim().to_string();
    let changed = flat != text;
    (flat, changed)
}

/// Whether a line would be read as an option (`A. `, `B) `) or an answer (`ANSWER:`).
fn reads_as_syntax(line: &str) -> bool {
    let mut characters = line.chars();
    let option = characters.next().is_some_and(|first| first.is_ascii_uppercase())
        && characters.next().is_some_and(|second| second == '.' || second == ')')
        && characters.next().is_some_and(|third| third == ' ' || third == '\t');
    option || line.starts_with("ANSWER:")
}

/// The card as an Aiken question, or `None` (with a remark).
fn question(card: &Card, exported: &mut Exported) -> Option<String> {
    let (choices, correct) = match choices(card, exported) {
        Ok(found) => found,
        Err(reason) => {
            exported.drop_card(card, reason);
            return None;
        }
    };
    if choices.len() > MOST_OPTIONS {
        exported.drop_card(card, format!("Aiken letters its options A to Z; this card has {} choices", choices.len()));
        return None;
    }
    let (prompt, flattened) = one_line(&card.text.prompt);
    if reads_as_syntax(&prompt) {
        exported.drop_card(card, "the question would read as an option or answer line, and Aiken cannot escape it");
        return None;
    }
    let mut out = String::new();
    let _ = writeln!(out, "{prompt}");
    let mut changed = flattened;
    for (index, choice) in choices.iter().enumerate() {
        let (choice, flattened) = one_line(choice);
        changed |= flattened;
        let _ = writeln!(out, "{}. {choice}", letter(index).to_ascii_uppercase());
    }
    let _ = writeln!(out, "ANSWER: {}\n", letter(correct).to_ascii_uppercase());
    if changed {
        exported.approximate(card, "line breaks are written as spaces: Aiken questions and options are one line each");
    }
    let mut left_out = Vec::new();
    if card.text.explanation.is_some() {
        left_out.push("the explanation");
    }
    if !card.tags.is_empty() {
        left_out.push("the tags");
    }
    if !card.text.reject.is_empty() {
        left_out.push("`reject`");
    }
    if card.source.is_some() {
        left_out.push("`source`");
    }
    if !left_out.is_empty() {
        exported.approximate(card, format!("{} left out: Aiken has no place for them", left_out.join(", ")));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{arbitrary, CardKind};
    use crate::import::{self, Imported};

    fn deck(cards: Vec<Card>) -> Deck {
        arbitrary::deck_of("History", cards)
    }

    fn card(id: &str, prompt: &str, answer: Answer) -> Card {
        arbitrary::plain_card(id, prompt, answer)
    }

    fn read_back(exported: &Exported) -> Imported {
        import::import("deck.txt", &exported.bytes, import::Format::Aiken).unwrap()
    }

    #[test]
    fn choice_cards_are_written_and_other_kinds_reported() {
        let choices = |items: &[&str]| items.iter().map(|item| item.to_string()).collect::<Vec<_>>();
        let cards = vec![
            card(
                "c",
                "Which loop\nlibrary?",
                Answer::Choice { choices: choices(&["libev", "B. libuv"]), correct: 1, accept: vec![] },
            ),
            card("tf", "libuv is in CPython.", Answer::TrueFalse { correct: false }),
            card("fc", "Front", Answer::Flashcard { back: "Back".into() }),
            card(
                "a",
                "A. looks like an option",
                Answer::Choice { choices: choices(&["x", "y"]), correct: 0, accept: vec![] },
            ),
        ];
        let exported = export(&deck(cards)).unwrap();
        let text = String::from_utf8(exported.bytes.clone()).unwrap();
        assert_eq!(text, "Which loop library?\nA. libev\nB. B. libuv\nANSWER: B\n\nlibuv is in CPython.\nA. True\nB. False\nANSWER: B\n\n");
        let remarks: Vec<(&str, RemarkKind)> =
            exported.remarks.iter().map(|remark| (remark.at.as_str(), remark.kind)).collect();
        assert_eq!(
            remarks,
            [
                ("card c", RemarkKind::Approximated),
                ("card tf", RemarkKind::Approximated),
                ("card fc", RemarkKind::Dropped),
                ("card a", RemarkKind::Dropped),
                ("deck history", RemarkKind::Approximated),
            ]
        );
        let imported = read_back(&exported);
        assert_eq!(
            imported.cards[0].text.answer,
            Answer::Choice { choices: choices(&["libev", "B. libuv"]), correct: 1, accept: vec![] }
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        #[test]
        fn choice_cards_read_back_with_the_same_prompt_and_answer(deck in arbitrary::deck(&[CardKind::Choice], 12)) {
            let exported = export(&deck).unwrap();
            let imported = read_back(&exported);
            proptest::prop_assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
            proptest::prop_assert_eq!(imported.cards.len(), deck.cards.len());
            for (before, after) in deck.cards.iter().zip(&imported.cards) {
                proptest::prop_assert_eq!(&before.text.prompt, &after.text.prompt);
                proptest::prop_assert_eq!(&before.text.answer, &after.text.answer);
            }
        }
    }
}
