//! Putting a card to the learner and judging the reply: the question as shown
//! (choices and items shuffled), the reply read as a grader response, and the
//! feedback to show.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use std::time::Instant;

use super::prompt::{Feedback, Form, Given, Header, Prompter, Question, Reply};
use crate::deck::{Answer, Card, CardText};
use crate::grade::{self, Grade, Lexicon, Response, Typed, Unread};

/// A card's question, with the permutation that maps shown positions back to the deck's.
#[derive(Clone, Debug)]
pub struct Posed {
    /// The question to show.
    pub question: Question,
    /// `shown[i]` is the deck index of the item shown at position `i` (choices or items).
    pub shown: Vec<usize>,
}

/// Builds the question for `text`, shuffling choices and items with `seed`.
pub fn pose(text: &CardText, header: Header, seed: u64) -> Posed {
    let mut shown = permutation(seed, text.answer.options().len());
    if matches!(text.answer, Answer::Order { .. }) && shown.iter().enumerate().all(|(at, index)| at == *index) {
        // Never show the items already in order: that gives the answer away.
        shown.rotate_left(1);
    }
    pose_in_order(text, header, shown)
}

/// Builds the question for `text` with its choices or items in the order `shown`.
pub fn pose_in_order(text: &CardText, header: Header, shown: Vec<usize>) -> Posed {
    let pick = |items: &[String]| shown.iter().filter_map(|index| items.get(*index).cloned()).collect();
    let form = match &text.answer {
        Answer::Flashcard { back } => Form::Flashcard { back: back.clone() },
        Answer::Choice { choices, .. } => Form::Choice { choices: pick(choices) },
        Answer::Multi { choices, .. } => Form::Multi { choices: pick(choices) },
        Answer::TrueFalse { .. } => Form::TrueFalse,
        Answer::Short { .. } | Answer::Numeric { .. } => Form::Text,
        Answer::Cloze { gaps, .. } => Form::Cloze { gaps: gaps.len() },
        Answer::Order { items } => Form::Order { items: pick(items) },
    };
    Posed { question: Question { header, prompt: text.prompt.clone(), form, deadline: None, again: None }, shown }
}

/// Asks `posed` until the reply can be read as an answer to `card`: input
/// that names no choice, or no number for a numeric card (`abc`), is asked
/// for again, saying why, rather than graded wrong. Past the question's
/// deadline an unreadable reply counts as no answer. `None` when the learner quits.
pub fn ask_until_read(
    prompter: &mut dyn Prompter,
    posed: &mut Posed,
    card: &Card,
    text: &CardText,
) -> Option<Response> {
    loop {
        let given = match prompter.ask(&posed.question) {
            Reply::Answer(given) => given,
            Reply::Quit => return None,
        };
        match response_for(&given, card, text, &posed.shown) {
            Ok(response) => return Some(response),
            Err(unread) if posed.question.deadline.is_none_or(|deadline| Instant::now() < deadline) => {
                posed.question.again = Some(unread);
            }
            Err(_) => return Some(Response::Skipped),
        }
    }
}

/// Reads what the learner gave on the shown form as a grader response:
/// picked positions through `shown`, typed text through the grader's reader.
pub fn response_for(given: &Given, card: &Card, text: &CardText, shown: &[usize]) -> Result<Response, Unread> {
    let deck_index = |position: &usize| shown.get(*position).copied().unwrap_or(usize::MAX);
    const NOT_PICKED: Unread = Unread::Shape("a typed answer");
    let answer = &text.answer;
    match given {
        Given::Nothing => Ok(Response::Skipped),
        Given::Revealed => Ok(Response::SelfRated(true)),
        Given::Text(typed) => grade::read_card(card, text, shown, Typed::One(typed)),
        Given::Texts(typed) => grade::read_card(card, text, shown, Typed::Many(typed)),
        Given::Index(position) => match answer {
            Answer::Choice { .. } => Ok(Response::Choice(deck_index(position))),
            Answer::TrueFalse { .. } => Ok(Response::Bool(*position == 0)),
            Answer::Flashcard { .. }
            | Answer::Multi { .. }
            | Answer::Short { .. }
            | Answer::Numeric { .. }
            | Answer::Cloze { .. }
            | Answer::Order { .. } => Err(NOT_PICKED),
        },
        Given::Indexes(positions) => match answer {
            Answer::Multi { .. } => Ok(Response::Choices(positions.iter().map(deck_index).collect())),
            Answer::Order { .. } => Ok(Response::Order(positions.iter().map(deck_index).collect())),
            Answer::Flashcard { .. }
            | Answer::Choice { .. }
            | Answer::TrueFalse { .. }
            | Answer::Short { .. }
            | Answer::Numeric { .. }
            | Answer::Cloze { .. } => Err(NOT_PICKED),
        },
    }
}

/// What the learner gave, as text for the log and the feedback line.
pub fn describe(answer: &Answer, response: &Response) -> String {
    let named = |items: &[String], index: &usize| items.get(*index).cloned().unwrap_or_else(|| format!("#{index}"));
    let list = |items: &[String], indexes: &[usize], separator: &str| {
        indexes.iter().map(|index| named(items, index)).collect::<Vec<_>>().join(separator)
    };
    let options = answer.options();
    match response {
        Response::Choice(index) => named(options, index),
        Response::Choices(indexes) => list(options, indexes, ", "),
        Response::Order(indexes) => list(options, indexes, " → "),
        Response::Bool(value) => value.to_string(),
        Response::Text(text) => text.clone(),
        Response::Gaps(texts) => texts.join(" · "),
        Response::SelfRated(_) => "(revealed)".to_string(),
        Response::Skipped => "(no answer)".to_string(),
    }
}

/// Grades a response with the deck's `lexicon` and builds the feedback for it.
pub fn assess(card: &Card, text: &CardText, response: &Response, lexicon: &Lexicon) -> (Grade, Feedback) {
    let grade = grade::grade_card(card, text, response, lexicon);
    let parts = part_feedback(&text.answer, response, &grade.parts);
    let feedback = Feedback {
        verdict: grade.verdict,
        expected: grade.expected.clone(),
        given: describe(&text.answer, response),
        parts,
        explanation: text.explanation.clone(),
        section: card.source.as_ref().map(|citation| citation.section.clone()),
        self_graded: matches!(response, Response::SelfRated(_)),
        kind: card.kind(),
    };
    (grade, feedback)
}

/// What to say about each part of a multi-part answer, and whether it was right:
/// for multi, each choice picked or missed; for order, what stood at each
/// position; for cloze, each gap.
fn part_feedback(answer: &Answer, response: &Response, parts: &[bool]) -> Vec<(String, bool)> {
    match (answer, response) {
        (Answer::Multi { choices, correct }, Response::Choices(given)) => choices
            .iter()
            .enumerate()
            .filter_map(|(index, choice)| match (given.contains(&index), correct.contains(&index)) {
                (true, true) => Some((choice.clone(), true)),
                (false, true) => Some((format!("{choice} (missed)"), false)),
                (true, false) => Some((format!("{choice} (not right)"), false)),
                (false, false) => None,
            })
            .collect(),
        // The learner's sequence, each item marked by whether it belongs to the
        // longest run already in the right relative order: one item out of
        // place is one mark, however far it moved.
        (Answer::Order { items }, Response::Order(given)) => given
            .iter()
            .enumerate()
            .filter_map(|(position, index)| items.get(*index).map(|item| (position, *index, item)))
            .map(|(position, index, item)| match parts.get(position).copied().unwrap_or(false) {
                true => (format!("{}. {item}", position + 1), true),
                false => (format!("{}. {item} (belongs at {})", position + 1, index + 1), false),
            })
            .collect(),
        (Answer::Cloze { gaps, .. }, _) => gaps
            .iter()
            .zip(parts)
            .enumerate()
            .map(|(index, (gap, right))| (format!("[{}] {}", index + 1, gap.answer), *right))
            .collect(),
        (
            Answer::Flashcard { .. }
            | Answer::Choice { .. }
            | Answer::Multi { .. }
            | Answer::TrueFalse { .. }
            | Answer::Short { .. }
            | Answer::Numeric { .. }
            | Answer::Order { .. },
            _,
        ) => Vec::new(),
    }
}

/// A permutation of `0..count` drawn from `seed`, stable across platforms and
/// versions: ChaCha8's stream is specified, and the Fisher–Yates draw below is ours.
pub fn permutation(seed: u64, count: usize) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..count).collect();
    for upper in (1..count).rev() {
        let pick = (rng.next_u64() % (upper as u64 + 1)) as usize;
        order.swap(upper, pick);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_stable_and_complete() {
        let first = permutation(42, 6);
        assert_eq!(first, permutation(42, 6));
        let mut sorted = first.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..6).collect::<Vec<_>>());
        assert_ne!(permutation(1, 6), permutation(2, 6));
        assert!(permutation(7, 0).is_empty());
    }

    #[test]
    fn feedback_names_what_went_wrong_in_each_part() {
        let items: Vec<String> = ["asyncore", "generators", "asyncio"].map(String::from).to_vec();
        let order = Answer::Order { items };
        let response = Response::Order(vec![2, 0, 1]);
        let graded = crate::grade::grade(&order, &response);
        let parts = part_feedback(&order, &response, &graded.parts);
        assert_eq!(
            parts,
            [
                ("1. asyncio (belongs at 3)".to_string(), false),
                ("2. asyncore".to_string(), true),
                ("3. generators".to_string(), true),
            ],
            "the last item put first is one mistake, not three"
        );
        let choices: Vec<String> = ["async def", "await", "yield from"].map(String::from).to_vec();
        let multi = Answer::Multi { choices, correct: vec![0, 1] };
        let parts = part_feedback(&multi, &Response::Choices(vec![0, 2]), &[]);
        assert_eq!(
            parts,
            [
                ("async def".to_string(), true),
                ("await (missed)".to_string(), false),
                ("yield from (not right)".to_string(), false),
            ]
        );
    }

    #[test]
    fn typed_letters_name_the_choices_as_shown() {
        let choices: Vec<String> = ["libev", "libuv", "libevent"].map(String::from).to_vec();
        let answer = Answer::Choice { choices, correct: 0, accept: vec![] };
        let text = CardText { prompt: "Q".into(), answer: answer.clone(), explanation: None, reject: vec![] };
        let card = Card::new("loop", text.clone());
        let shown = [2, 0, 1];
        assert_eq!(response_for(&Given::Text("b".into()), &card, &text, &shown), Ok(Response::Choice(0)));
        assert_eq!(response_for(&Given::Index(0), &card, &text, &shown), Ok(Response::Choice(2)));
        assert_eq!(response_for(&Given::Text("zzz".into()), &card, &text, &shown), Err(Unread::NoOption));
        assert_eq!(describe(&answer, &Response::Choice(0)), "libev");
    }
}
