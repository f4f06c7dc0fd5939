//! Aiken: multiple-choice questions as lines. A question is its text (one
//! line, or several in a row), its options (`A. text` or `A) text`, a capital
//! letter then a space) and `ANSWER: A`. Each becomes a `choice` card.
//!
//! Aiken is line by line, so a broken question cannot disturb the next: each
//! problem (no `ANSWER:` line, an answer naming no option, too few or
//! repeated options, text with no options at all) skips that question with a
//! remark at its first line, and the rest of the file is read.

use super::sound::check;
use super::{Ids, Imported, RemarkKind};
use crate::deck::{Answer, Card, CardText};
use crate::error::Result;

/// The question being read.
#[derive(Debug, Default)]
struct Pending {
    /// The file line of its first line.
    line: usize,
    /// The question text's lines.
    text: Vec<String>,
    /// The options: letter and text.
    options: Vec<(char, String)>,
}

pub(super) fn import(_name: &str, text: &str) -> Result<Imported> {
    let mut imported = Imported::default();
    let mut ids = Ids::default();
    let mut pending = Pending::default();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            if !pending.options.is_empty() || !pending.text.is_empty() {
                let message = match pending.options.is_empty() {
                    true => "text with no options and no `ANSWER:` line is not a question",
                    false => "no `ANSWER:` line before the blank line",
                };
                skip(&mut imported, &pending, message);
                pending = Pending::default();
            }
            continue;
        }
        if let Some(value) = line.strip_prefix("ANSWER:") {
            finish(&mut imported, &mut ids, std::mem::take(&mut pending), value.trim(), number);
            continue;
        }
        if let Some((letter, option)) = option(line) {
            if pending.text.is_empty() && pending.options.is_empty() {
                pending.line = number;
            }
            pending.options.push((letter, option.to_string()));
            continue;
        }
        if !pending.options.is_empty() {
            skip(&mut imported, &pending, "no `ANSWER:` line before the next question");
            pending = Pending::default();
        }
        if pending.text.is_empty() {
            pending.line = number;
        }
        pending.text.push(line.to_string());
    }
    if !pending.options.is_empty() || !pending.text.is_empty() {
        skip(&mut imported, &pending, "no `ANSWER:` line before the end of the file");
    }
    Ok(imported)
}

/// `A. text` or `A) text`: the letter and the text.
fn option(line: &str) -> Option<(char, &str)> {
    let mut characters = line.chars();
    let letter = characters.next().filter(char::is_ascii_uppercase)?;
    let rest = characters.as_str();
    let text = rest.strip_prefix(['.', ')']).filter(|text| text.starts_with([' ', '\t']))?;
    Some((letter, text.trim()))
}

fn skip(imported: &mut Imported, pending: &Pending, reason: &str) {
    imported.remark(
        format!("line {}", pending.line),
        RemarkKind::Dropped,
        format!("the question is skipped: {reason}"),
    );
}

/// The question ended by `ANSWER: value` (on line `number`) as a card, or a remark.
fn finish(imported: &mut Imported, ids: &mut Ids, mut pending: Pending, value: &str, number: usize) {
    if pending.text.is_empty() && pending.options.is_empty() {
        pending.line = number;
    }
    if pending.text.is_empty() {
        return skip(imported, &pending, "the options have no question text before them");
    }
    let letter = value.trim_end_matches(['.', ')']);
    let mut letters = letter.chars();
    let wanted = match (letters.next(), letters.next()) {
        (Some(letter), None) if letter.is_ascii_alphabetic() => letter.to_ascii_uppercase(),
        _ => {
            let reason = format!("`ANSWER: {value}` must name one option by its letter, e.g. `ANSWER: B`");
            return skip(imported, &pending, &reason);
        }
    };
    let mut seen = [false; 26];
    for (letter, _) in &pending.options {
        let slot = (*letter as usize).checked_sub('A' as usize).and_then(|index| seen.get_mut(index));
        if let Some(seen @ false) = slot {
            *seen = true;
        } else {
            return skip(imported, &pending, &format!("option {letter} appears twice"));
        }
    }
    let Some(correct) = pending.options.iter().position(|(letter, _)| *letter == wanted) else {
        return skip(imported, &pending, &format!("`ANSWER: {value}` names no option of the question"));
    };
    let prompt = pending.text.join("\n");
    let choices: Vec<String> = pending.options.into_iter().map(|(_, text)| text).collect();
    let text = CardText {
        prompt,
        answer: Answer::Choice { choices, correct, accept: Vec::new() },
        explanation: None,
        reject: Vec::new(),
    };
    if let Err(problem) = check(&text, &[]) {
        imported.remark(
            format!("line {}", pending.line),
            RemarkKind::Dropped,
            format!("the question is skipped: {problem}"),
        );
        return;
    }
    let id = ids.next(None, &text.prompt);
    imported.cards.push(Card::new(&id, text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::arbitrary;

    macro_rules! fixture {
        ($name:literal) => {
            import("in.txt", include_str!(concat!("../../tests/fixtures/import/aiken/", $name))).unwrap()
        };
    }

    #[test]
    fn questions_with_dotted_or_bracketed_options_become_choice_cards() {
        let imported = fixture!("choices.txt");
        assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
        let cards: Vec<(&str, &Answer)> =
            imported.cards.iter().map(|card| (card.text.prompt.as_str(), &card.text.answer)).collect();
        assert_eq!(
            cards,
            [
                (
                    "Which C library did gevent's event loop use at first?",
                    &Answer::Choice {
                        choices: arbitrary::strings(&["libevent", "libev", "libuv"]),
                        correct: 0,
                        accept: vec![]
                    }
                ),
                (
                    "Which keyword suspends a coroutine\nuntil its awaitable is done?",
                    &Answer::Choice {
                        choices: arbitrary::strings(&["yield", "await", "B. is not an option"]),
                        correct: 1,
                        accept: vec![]
                    }
                ),
            ]
        );
        assert!(imported.cards[0].id.0.starts_with("which-c-library-did-gevent-s-"), "{}", imported.cards[0].id);
    }

    #[test]
    fn a_broken_question_is_skipped_with_its_reason_and_the_rest_is_read() {
        let imported = fixture!("malformed.txt");
        assert_eq!(imported.cards.len(), 1);
        assert_eq!(imported.cards[0].text.prompt, "Which module did Python 3.12 remove?");
        let remarks: Vec<(&str, &str)> =
            imported.remarks.iter().map(|remark| (remark.at.as_str(), remark.message.as_str())).collect();
        let reasons = [
            ("line 1", "text with no options"),
            ("line 3", "`ANSWER: D` names no option"),
            ("line 8", "must name one option by its letter"),
            ("line 13", "no `ANSWER:` line before the next question"),
            ("line 16", "needs two choices or more"),
            ("line 25", "option A appears twice"),
            ("line 30", "no `ANSWER:` line before the end of the file"),
        ];
        assert_eq!(remarks.len(), reasons.len(), "{remarks:?}");
        for ((at, message), (expected_at, expected)) in remarks.iter().zip(reasons) {
            assert_eq!(*at, expected_at, "{message}");
            assert!(message.contains(expected), "{message}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_imports_without_a_panic(text in "(A\\. |B\\) |ANSWER: |[A-Za-z?.) ]|\n|\r\n){0,60}") {
            let imported = import("any.txt", &text).unwrap();
            for card in &imported.cards {
                proptest::prop_assert!(check(&card.text, &card.tags).is_ok());
            }
        }
    }
}
