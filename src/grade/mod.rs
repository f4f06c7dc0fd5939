//! Grading: answer normalisation and matching, one pure function per concern.
//!
//! [`grade`] compares what the learner gave ([`Response`]) with a card's
//! [`Answer`] and returns a [`Grade`]. Text is compared after [`normalize`](crate::text::normalize);
//! typed answers to `short` and `cloze` cards get a small typo allowance (see
//! [`match_text`]), everything else must be exact. Nothing here panics, whatever
//! the input: indexes out of range and responses of the wrong shape are simply
//! [`Verdict::Incorrect`].

use serde::Serialize;

mod number;
mod read;

pub use number::parse_number;
pub use read::{choice_index, choices_from_text, order_from_texts, parse_truefalse, read, Typed, Unread};

use crate::deck::{Answer, Gap};
use crate::text::{bounded_distance, normalize};

/// What the learner gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// Typed text: a `short`, `numeric` or `flashcard` answer, the only gap of
    /// a one-gap cloze, or (read by [`read`]) a choice, several choices, items
    /// or a `truefalse` word.
    Text(String),
    /// One text per gap of a cloze card; also accepted for `multi` (one choice
    /// per element) and `order` (one item per element), read by [`read`].
    Gaps(Vec<String>),
    /// A `choice` answer: an index into the choices as written in the deck.
    Choice(usize),
    /// A `multi` answer: indexes into the choices as written in the deck.
    Choices(Vec<usize>),
    /// A `truefalse` answer.
    Bool(bool),
    /// An `order` answer: the learner's sequence, as indexes into the items in
    /// their right order (so `[0, 1, 2, …]` is right).
    Order(Vec<usize>),
    /// A `flashcard` answer: whether the learner says they knew it.
    SelfRated(bool),
    /// No answer (timeout, blank).
    Skipped,
}

/// How a response was judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Right.
    Correct,
    /// Accepted, but with a typo; show the learner the right spelling.
    Typo,
    /// Wrong, unreadable, or skipped.
    Incorrect,
}

/// The outcome of grading one response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// The judgement.
    pub verdict: Verdict,
    /// The canonical answer to show. For a typo, the accepted spelling closest
    /// to what was typed (an alternate, or the canonical answer).
    pub expected: String,
    /// Which parts were right: for `multi` one entry per choice (selected ==
    /// should be selected), for `order` one per position, for `cloze` one per
    /// gap (a typo counts as right). Empty for the other kinds, and when the
    /// response was skipped or could not be read as an answer of the card's kind.
    pub parts: Vec<bool>,
}

impl Grade {
    /// Whether the answer was accepted ([`Verdict::Correct`] or [`Verdict::Typo`]).
    pub fn is_correct(&self) -> bool {
        matches!(self.verdict, Verdict::Correct | Verdict::Typo)
    }

    fn new(verdict: Verdict, expected: String, parts: Vec<bool>) -> Grade {
        Grade { verdict, expected, parts }
    }

    fn exact(right: bool, expected: String) -> Grade {
        Grade::new(verdict_of(right), expected, Vec::new())
    }
}

fn verdict_of(right: bool) -> Verdict {
    if right {
        Verdict::Correct
    } else {
        Verdict::Incorrect
    }
}

/// Grades `response` against `answer`.
///
/// Per kind:
/// - `flashcard`: [`Response::SelfRated`]`(true)` is correct; typed text (an
///   answer sheet, a timed exam) is judged against the back by [`match_text`].
/// - `choice`: [`Response::Choice`] with the right index, or [`Response::Text`]
///   read by [`read`] (a choice's text, an alternate, or a letter in deck
///   order). No typo allowance.
/// - `multi`: exactly the right set, from [`Response::Choices`] (duplicates
///   ignored), or text read by [`read`] ([`Response::Text`] or one choice per
///   element of [`Response::Gaps`]). Any index out of range makes it incorrect.
/// - `truefalse`: [`Response::Bool`], or [`Response::Text`] via [`parse_truefalse`].
/// - `short`: [`Response::Text`] via [`match_text`] against the answer and its alternates.
/// - `numeric`: [`Response::Text`] via [`parse_number`]; right when within
///   `range` (inclusive) or within `answer ± tolerance`, allowing a tiny
///   relative epsilon for floating-point noise.
/// - `cloze`: [`Response::Gaps`] (or [`Response::Text`] for a one-gap cloze),
///   each gap via [`match_text`]; a typo in any gap makes the whole a typo, a
///   wrong gap or the wrong number of gaps makes it incorrect.
/// - `order`: [`Response::Order`], or text read by [`read`]; only the exact
///   sequence is right.
///
/// [`Response::Skipped`] is incorrect for every kind, as is a response of a
/// shape the kind cannot read.
pub fn grade(answer: &Answer, response: &Response) -> Grade {
    let display = answer.display();
    // Typed text for a kind that is answered by picking is read first.
    let read_response;
    let response = match response {
        Response::Text(text) if answer.is_picked() => {
            read_response = read(answer, &[], Typed::One(text)).unwrap_or(Response::Skipped);
            &read_response
        }
        Response::Gaps(texts) if answer.is_picked() => {
            read_response = read(answer, &[], Typed::Many(texts)).unwrap_or(Response::Skipped);
            &read_response
        }
        other => other,
    };
    if matches!(response, Response::Skipped) {
        return Grade::new(Verdict::Incorrect, display, Vec::new());
    }
    match answer {
        Answer::Flashcard { back } => match response {
            Response::SelfRated(knew) => Grade::exact(*knew, display),
            Response::Text(text) => {
                let (verdict, _) = best_match(back, &[], text);
                Grade::new(verdict, display, Vec::new())
            }
            _ => Grade::exact(false, display),
        },
        Answer::Choice { choices, correct, .. } => {
            let right = matches!(response, Response::Choice(index) if index == correct && *index < choices.len());
            Grade::exact(right, display)
        }
        Answer::Multi { choices, correct } => match response {
            Response::Choices(chosen) => grade_multi(choices, correct, chosen, display),
            _ => Grade::exact(false, display),
        },
        Answer::TrueFalse { correct } => {
            Grade::exact(matches!(response, Response::Bool(given) if given == correct), display)
        }
        Answer::Short { answer, accept } => match response {
            Response::Text(text) => {
                let (verdict, shown) = best_match(answer, accept, text);
                Grade::new(verdict, shown.to_string(), Vec::new())
            }
            _ => Grade::exact(false, display),
        },
        Answer::Numeric { answer, tolerance, range } => {
            let right = match response {
                Response::Text(text) => {
                    parse_number(text).is_some_and(|value| numeric_matches(value, *answer, *tolerance, *range))
                }
                _ => false,
            };
            Grade::exact(right, display)
        }
        Answer::Cloze { gaps, .. } => match response {
            Response::Gaps(given) => grade_cloze(gaps, given),
            Response::Text(text) if gaps.len() == 1 => grade_cloze(gaps, std::slice::from_ref(text)),
            _ => Grade::exact(false, display),
        },
        Answer::Order { items } => match response {
            Response::Order(sequence) => {
                let parts: Vec<bool> =
                    (0..items.len()).map(|position| sequence.get(position) == Some(&position)).collect();
                let right = sequence.len() == items.len() && parts.iter().all(|&part| part);
                Grade::new(verdict_of(right), display, parts)
            }
            _ => Grade::exact(false, display),
        },
    }
}

fn grade_multi(choices: &[String], correct: &[usize], chosen: &[usize], display: String) -> Grade {
    let mut selected = vec![false; choices.len()];
    let mut out_of_range = false;
    for index in chosen {
        match selected.get_mut(*index) {
            Some(slot) => *slot = true,
            None => out_of_range = true,
        }
    }
    let parts: Vec<bool> =
        selected.iter().enumerate().map(|(index, &is_selected)| is_selected == correct.contains(&index)).collect();
    // A deck whose `correct` names a missing choice can never be answered right.
    let deck_sound = correct.iter().all(|&index| index < choices.len());
    let right = !out_of_range && deck_sound && parts.iter().all(|&part| part);
    Grade::new(verdict_of(right), display, parts)
}

fn grade_cloze(gaps: &[Gap], given: &[String]) -> Grade {
    let mut verdicts = Vec::with_capacity(gaps.len());
    let mut shown = Vec::with_capacity(gaps.len());
    for (index, gap) in gaps.iter().enumerate() {
        match given.get(index) {
            Some(text) => {
                let (verdict, spelling) = best_match(&gap.answer, &gap.accept, text);
                verdicts.push(verdict);
                shown.push(spelling.to_string());
            }
            None => {
                verdicts.push(Verdict::Incorrect);
                shown.push(gap.answer.clone());
            }
        }
    }
    let parts: Vec<bool> = verdicts.iter().map(|verdict| *verdict != Verdict::Incorrect).collect();
    let verdict = if given.len() != gaps.len() || verdicts.contains(&Verdict::Incorrect) {
        Verdict::Incorrect
    } else if verdicts.contains(&Verdict::Typo) {
        Verdict::Typo
    } else {
        Verdict::Correct
    };
    if verdict == Verdict::Incorrect {
        // Show the canonical spellings, not the alternates nearest to wrong guesses.
        shown = gaps.iter().map(|gap| gap.answer.clone()).collect();
    }
    Grade::new(verdict, shown.join(" · "), parts)
}

fn numeric_matches(value: f64, answer: Option<f64>, tolerance: f64, range: Option<(f64, f64)>) -> bool {
    let epsilon = |scale: f64| 1e-9 * scale.abs().max(1.0);
    let in_range = range.is_some_and(|(low, high)| low - epsilon(low) <= value && value <= high + epsilon(high));
    let near = answer.is_some_and(|answer| (value - answer).abs() <= tolerance.max(0.0) + epsilon(answer));
    in_range || near
}

/// How many edits a typed answer may be from `normalized_expected` and still
/// count as a typo: 2 from 10 characters, 1 from 5, otherwise none — and none
/// at all when the expected text holds any digit (numbers, years, versions).
fn typo_allowance(normalized_expected: &str) -> usize {
    if normalized_expected.chars().any(char::is_numeric) {
        return 0;
    }
    match normalized_expected.chars().count() {
        length if length >= 10 => 2,
        length if length >= 5 => 1,
        _ => 0,
    }
}

/// The verdict for `given` against `expected` and `accept`, and the spelling to
/// show: the canonical answer unless a typo was closest to an alternate.
fn best_match<'a>(expected: &'a str, accept: &'a [String], given: &str) -> (Verdict, &'a str) {
    let given = normalize(given);
    if given.is_empty() {
        return (Verdict::Incorrect, expected);
    }
    let candidates: Vec<(&str, String)> = std::iter::once(expected)
        .chain(accept.iter().map(String::as_str))
        .map(|candidate| (candidate, normalize(candidate)))
        .collect();
    if candidates.iter().any(|(_, normalized)| *normalized == given) {
        return (Verdict::Correct, expected);
    }
    let mut best: Option<(usize, &str)> = None;
    for (candidate, normalized) in &candidates {
        let allowance = typo_allowance(normalized);
        let limit = best.map_or(allowance, |(smallest, _)| allowance.min(smallest.saturating_sub(1)));
        if allowance == 0 {
            continue;
        }
        if let Some(distance) = bounded_distance(normalized, &given, limit) {
            if best.is_none_or(|(smallest, _)| distance < smallest) {
                best = Some((distance, candidate));
            }
        }
    }
    match best {
        Some((_, candidate)) => (Verdict::Typo, candidate),
        None => (Verdict::Incorrect, expected),
    }
}

/// Judges typed text against a canonical answer and its accepted alternates.
///
/// [`Verdict::Correct`] when `given` equals `expected` or any of `accept` after
/// [`normalize`]. Otherwise [`Verdict::Typo`] when it is within the typo
/// allowance of one of them: a Damerau–Levenshtein distance (over characters
/// of the normalised texts) of at most 1 when that answer has 5 or more
/// characters, at most 2 when it has 10 or more, and never when it contains a
/// digit (`3.4` does not accept `3.5`). Otherwise, and for blank input,
/// [`Verdict::Incorrect`].
///
/// ```
/// use quiz::grade::{match_text, Verdict};
/// let accept = vec!["Python 3.4".to_string()];
/// assert_eq!(match_text("3.4", &accept, "python 3.4"), Verdict::Correct);
/// assert_eq!(match_text("3.4", &accept, "3.5"), Verdict::Incorrect, "versions must be exact");
/// assert_eq!(match_text("inlineCallbacks", &[], "inlineCalbacks"), Verdict::Typo);
/// ```
pub fn match_text(expected: &str, accept: &[String], given: &str) -> Verdict {
    best_match(expected, accept, given).0
}

#[cfg(test)]
mod tests;
