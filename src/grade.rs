//! Grading: answer normalisation and matching, one pure function per concern.
//!
//! [`grade`] compares what the learner gave ([`Response`]) with a card's
//! [`Answer`] and returns a [`Grade`]. Text is compared after [`normalize`](crate::text::normalize);
//! typed answers to `short` and `cloze` cards get a small typo allowance (see
//! [`match_text`]), everything else must be exact. Nothing here panics, whatever
//! the input: indexes out of range and responses of the wrong shape are simply
//! [`Verdict::Incorrect`].

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::deck::{format_number, Answer, Gap};
use crate::text::{bounded_distance, normalize};

/// What the learner gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// Typed text: a `short` or `numeric` answer, a choice typed by letter or
    /// text (see [`choice_from_text`]), several choices separated by commas
    /// (see [`choices_from_text`]), a `truefalse` word (see [`parse_truefalse`]),
    /// or the only gap of a one-gap cloze.
    Text(String),
    /// One text per gap of a cloze card; also accepted for `multi` (one choice
    /// per element) and `order` (see [`order_from_texts`]).
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
/// - `flashcard`: [`Response::SelfRated`]`(true)` is correct, anything else is not.
/// - `choice`: [`Response::Choice`] with the right index, or [`Response::Text`]
///   resolved by [`choice_from_text`]. No typo allowance.
/// - `multi`: exactly the right set, from [`Response::Choices`] (duplicates
///   ignored), [`Response::Text`] via [`choices_from_text`], or
///   [`Response::Gaps`] with one choice (letter or text) per element. Any index
///   out of range makes it incorrect. No typo allowance.
/// - `truefalse`: [`Response::Bool`], or [`Response::Text`] via [`parse_truefalse`].
/// - `short`: [`Response::Text`] via [`match_text`] against the answer and its alternates.
/// - `numeric`: [`Response::Text`] via [`parse_number`]; right when within
///   `range` (inclusive) or within `answer ± tolerance`, allowing a tiny
///   relative epsilon for floating-point noise.
/// - `cloze`: [`Response::Gaps`] (or [`Response::Text`] for a one-gap cloze),
///   each gap via [`match_text`]; a typo in any gap makes the whole a typo, a
///   wrong gap or the wrong number of gaps makes it incorrect.
/// - `order`: [`Response::Order`], or [`Response::Gaps`] via
///   [`order_from_texts`]; only the exact sequence is right.
///
/// [`Response::Skipped`] is incorrect for every kind, as is a response of a
/// shape the kind cannot read.
pub fn grade(answer: &Answer, response: &Response) -> Grade {
    let display = answer.display();
    if matches!(response, Response::Skipped) {
        return Grade::new(Verdict::Incorrect, display, Vec::new());
    }
    match answer {
        Answer::Flashcard { .. } => Grade::exact(matches!(response, Response::SelfRated(true)), display),
        Answer::Choice { choices, correct, accept } => {
            let chosen = match response {
                Response::Choice(index) => Some(*index),
                Response::Text(text) => choice_from_text(choices, text).or_else(|| {
                    let typed = normalize(text);
                    accept.iter().any(|alternate| normalize(alternate) == typed).then_some(*correct)
                }),
                _ => None,
            };
            let right = chosen.is_some_and(|index| index == *correct && index < choices.len());
            Grade::exact(right, display)
        }
        Answer::Multi { choices, correct } => grade_multi(choices, correct, response, display),
        Answer::TrueFalse { correct } => {
            let given = match response {
                Response::Bool(value) => Some(*value),
                Response::Text(text) => parse_truefalse(text),
                _ => None,
            };
            Grade::exact(given == Some(*correct), display)
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
        Answer::Order { items } => {
            let sequence = match response {
                Response::Order(sequence) => Some(sequence.clone()),
                Response::Gaps(texts) => order_from_texts(items, texts),
                _ => None,
            };
            match sequence {
                Some(sequence) => {
                    let parts: Vec<bool> =
                        (0..items.len()).map(|position| sequence.get(position) == Some(&position)).collect();
                    let right = sequence.len() == items.len() && parts.iter().all(|&part| part);
                    Grade::new(verdict_of(right), display, parts)
                }
                None => Grade::exact(false, display),
            }
        }
    }
}

fn grade_multi(choices: &[String], correct: &[usize], response: &Response, display: String) -> Grade {
    let chosen = match response {
        Response::Choices(indexes) => Some(indexes.clone()),
        Response::Text(text) => choices_from_text(choices, text),
        Response::Gaps(texts) => texts.iter().map(|text| choice_from_text(choices, text)).collect(),
        _ => None,
    };
    let Some(chosen) = chosen else {
        return Grade::exact(false, display);
    };
    let mut selected = vec![false; choices.len()];
    let mut out_of_range = false;
    for index in chosen {
        match selected.get_mut(index) {
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

/// Reads a typed number.
///
/// Accepts, after NFKC (full-width digits) and trimming: an optional sign
/// (`+`, `-` or `−` U+2212), digits with an optional fraction (`3.5`, `.5`,
/// `5.`), an optional exponent (`1e3`, `2.5E-3`), and commas as thousands
/// separators in the whole part only when grouped by three (`1,000`,
/// `12,345.5`; `1,5` is rejected rather than guessed to be 1.5). A trailing
/// Korean year suffix `년` is allowed (`2009년`, `2009 년`); no other units are.
/// Returns `None` for anything else, and for NaN and infinities (including
/// overflow such as `1e999`).
pub fn parse_number(text: &str) -> Option<f64> {
    let text: String = text.nfkc().collect();
    let mut text = text.trim();
    if let Some(rest) = text.strip_suffix('년') {
        text = rest.trim_end();
    }
    let (negative, body) = match text.chars().next()? {
        '-' | '\u{2212}' => (true, &text[text.chars().next()?.len_utf8()..]),
        '+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (mantissa, ""),
    };
    let whole = ungroup(whole)?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let mut plain = String::with_capacity(body.len() + 1);
    if negative {
        plain.push('-');
    }
    plain.push_str(if whole.is_empty() { "0" } else { &whole });
    plain.push('.');
    plain.push_str(if fraction.is_empty() { "0" } else { fraction });
    if let Some(exponent) = exponent {
        plain.push('e');
        plain.push_str(exponent);
    }
    plain.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// The digits of a whole part, with thousands separators checked and removed.
fn ungroup(whole: &str) -> Option<String> {
    if !whole.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if !whole.contains(',') {
        return Some(whole.to_string());
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut digits = first.to_string();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// The index of the choice `given` names, for typed or answer-sheet responses.
///
/// `given` is [`normalize`]d and matched exactly against each choice's
/// normalised text; failing that, a single letter `a`, `b`, `c`, … (any case,
/// optionally as `a)`, `(a)` or `a.`) names the choice at that position, as the
/// choices are shown. The text is tried first, so in a deck whose choices are
/// `C`, `Go`, `Rust` typing `c` means `C`. There is no typo allowance:
/// distractors are often one edit apart (`libev`, `libuv`). `None` when
/// nothing matches or the letter is past the last choice.
pub fn choice_from_text(choices: &[String], given: &str) -> Option<usize> {
    let given = normalize(given);
    if given.is_empty() {
        return None;
    }
    if let Some(index) = choices.iter().position(|choice| normalize(choice) == given) {
        return Some(index);
    }
    letter_index(&given).filter(|&index| index < choices.len())
}

fn letter_index(normalized: &str) -> Option<usize> {
    let letter = normalized.strip_suffix(')').unwrap_or(normalized);
    let mut chars = letter.chars();
    let c = chars.next().filter(char::is_ascii_lowercase)?;
    chars.next().is_none().then(|| usize::from(c as u8 - b'a'))
}

/// The choices a typed `multi` answer names.
///
/// The whole text is first tried as one choice (so a choice containing a
/// comma still matches). Otherwise it is split on `,`, `;` and `、`, and each
/// piece must be one choice by [`choice_from_text`] or a run of single letters
/// separated by spaces (`a c`). `None` when any piece names no choice, or
/// when there is no piece at all.
pub fn choices_from_text(choices: &[String], given: &str) -> Option<Vec<usize>> {
    if let Some(index) = choice_from_text(choices, given) {
        return Some(vec![index]);
    }
    let mut chosen = Vec::new();
    for piece in given.split([',', ';', '、']) {
        if piece.trim().is_empty() {
            continue;
        }
        if let Some(index) = choice_from_text(choices, piece) {
            chosen.push(index);
            continue;
        }
        for token in normalize(piece).split(' ') {
            let index = letter_index(token).filter(|&index| index < choices.len())?;
            chosen.push(index);
        }
    }
    (!chosen.is_empty()).then_some(chosen)
}

/// Reads a typed or answer-sheet `order` answer into indexes of `items`.
///
/// Each element of `given` is an item's text ([`normalize`]d, exact) or its
/// 1-based number in the list of `items` as written in the deck (their right
/// order). Text is tried first, so items that are themselves numbers (years)
/// are matched by value. When items repeat a text, each mention takes the next
/// unused one. `None` when any element names no item.
pub fn order_from_texts(items: &[String], given: &[String]) -> Option<Vec<usize>> {
    let normalized: Vec<String> = items.iter().map(|item| normalize(item)).collect();
    let mut used = vec![false; items.len()];
    let mut sequence = Vec::with_capacity(given.len());
    for text in given {
        let text = normalize(text);
        let matching = || normalized.iter().enumerate().filter(|(_, item)| **item == text).map(|(index, _)| index);
        let by_text = matching().find(|&index| !used[index]).or_else(|| matching().next());
        let index = match by_text {
            Some(index) => index,
            None => {
                let number = text.strip_prefix('#').unwrap_or(&text).parse::<usize>().ok()?;
                (1..=items.len()).contains(&number).then(|| number - 1)?
            }
        };
        used[index] = true;
        sequence.push(index);
    }
    Some(sequence)
}

/// Reads a typed `truefalse` answer.
///
/// After [`normalize`], true is any of `true`, `t`, `yes`, `y`, `o`, `○`,
/// `참`, `예`, `네`; false is any of `false`, `f`, `no`, `n`, `x`, `×`, `거짓`,
/// `아니오`, `아니요`. Anything else is `None`.
pub fn parse_truefalse(text: &str) -> Option<bool> {
    match normalize(text).as_str() {
        "true" | "t" | "yes" | "y" | "o" | "○" | "참" | "예" | "네" => Some(true),
        "false" | "f" | "no" | "n" | "x" | "×" | "거짓" | "아니오" | "아니요" => Some(false),
        _ => None,
    }
}

/// The responses a deck promises about: every canonical answer and alternate
/// (which must grade correct, and not merely as a typo) and every wrong choice
/// (which must grade wrong), as (response, should be correct, how to show it).
/// `quiz check` runs them.
pub fn self_test_cases(answer: &Answer) -> Vec<(Response, bool, String)> {
    let mut cases = Vec::new();
    match answer {
        Answer::Flashcard { .. } => cases.push((Response::SelfRated(true), true, "self-rated".to_string())),
        Answer::TrueFalse { correct } => {
            cases.push((Response::Bool(*correct), true, correct.to_string()));
            cases.push((Response::Bool(!correct), false, (!correct).to_string()));
        }
        Answer::Short { answer, accept } => {
            for spelling in std::iter::once(answer).chain(accept) {
                cases.push((Response::Text(spelling.clone()), true, spelling.clone()));
            }
        }
        Answer::Numeric { answer, range, .. } => {
            let values = answer.iter().chain(range.iter().flat_map(|(low, high)| [low, high]));
            for value in values {
                let shown = format_number(*value);
                cases.push((Response::Text(shown.clone()), true, shown));
            }
        }
        Answer::Cloze { gaps, .. } => {
            let canonical: Vec<String> = gaps.iter().map(|gap| gap.answer.clone()).collect();
            cases.push((Response::Gaps(canonical.clone()), true, canonical.join(" · ")));
            for (index, gap) in gaps.iter().enumerate() {
                for alternate in &gap.accept {
                    let mut filled = canonical.clone();
                    filled[index] = alternate.clone();
                    cases.push((Response::Gaps(filled.clone()), true, filled.join(" · ")));
                }
            }
        }
        Answer::Choice { choices, correct, accept } => {
            for (index, choice) in choices.iter().enumerate() {
                let right = index == *correct;
                cases.push((Response::Choice(index), right, choice.clone()));
                cases.push((Response::Text(choice.clone()), right, format!("{choice} (typed)")));
            }
            for alternate in accept {
                cases.push((Response::Text(alternate.clone()), true, format!("{alternate} (typed)")));
            }
        }
        Answer::Multi { choices, correct } => {
            cases.push((Response::Choices(correct.clone()), true, "the right set".to_string()));
            let texts: Vec<String> = correct.iter().filter_map(|index| choices.get(*index).cloned()).collect();
            cases.push((Response::Gaps(texts), true, "the right set (typed)".to_string()));
            for (index, choice) in choices.iter().enumerate().filter(|(index, _)| !correct.contains(index)) {
                let mut with_wrong = correct.clone();
                with_wrong.push(index);
                cases.push((Response::Choices(with_wrong), false, format!("the right set plus `{choice}`")));
                cases.push((Response::Text(choice.clone()), false, format!("{choice} (typed)")));
            }
        }
        Answer::Order { items } => {
            cases.push((Response::Order((0..items.len()).collect()), true, items.join(" → ")));
            if items.len() >= 2 {
                let mut swapped: Vec<usize> = (0..items.len()).collect();
                swapped.swap(0, 1);
                cases.push((Response::Order(swapped), false, "the first two swapped".to_string()));
            }
            cases.push((Response::Gaps(items.clone()), true, format!("{} (typed)", items.join(", "))));
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{ClozePiece, Gap};

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| text.to_string()).collect()
    }

    fn short(answer: &str, accept: &[&str]) -> Answer {
        Answer::Short { answer: answer.to_string(), accept: strings(accept) }
    }

    fn text(value: &str) -> Response {
        Response::Text(value.to_string())
    }

    fn choice(choices: &[&str], correct: usize) -> Answer {
        Answer::Choice { choices: strings(choices), correct, accept: Vec::new() }
    }

    fn multi(choices: &[&str], correct: &[usize]) -> Answer {
        Answer::Multi { choices: strings(choices), correct: correct.to_vec() }
    }

    fn numeric(answer: Option<f64>, tolerance: f64, range: Option<(f64, f64)>) -> Answer {
        Answer::Numeric { answer, tolerance, range }
    }

    fn gap(answer: &str, accept: &[&str]) -> Gap {
        Gap { answer: answer.to_string(), accept: strings(accept) }
    }

    fn cloze(gaps: Vec<Gap>) -> Answer {
        let pieces = (0..gaps.len()).map(ClozePiece::Gap).collect();
        Answer::Cloze { pieces, gaps }
    }

    fn order(items: &[&str]) -> Answer {
        Answer::Order { items: strings(items) }
    }

    fn gaps(values: &[&str]) -> Response {
        Response::Gaps(strings(values))
    }

    // ---- match_text ----

    #[test]
    fn match_text_exact_after_normalisation_is_correct() {
        assert_eq!(match_text("asyncio", &[], "  AsyncIO. "), Verdict::Correct);
        assert_eq!(match_text("3.4", &[], "３.４"), Verdict::Correct);
    }

    #[test]
    fn match_text_accepts_alternates_exactly() {
        let accept = strings(&["Python 3.4", "py3.4"]);
        assert_eq!(match_text("3.4", &accept, "python 3.4"), Verdict::Correct);
        assert_eq!(match_text("3.4", &accept, "PY3.4"), Verdict::Correct);
        assert_eq!(match_text("3.4", &accept, "Python 3.5"), Verdict::Incorrect);
        assert_eq!(match_text("3.4", &accept, "pyhton 3.4"), Verdict::Incorrect);
    }

    #[test]
    fn match_text_never_allows_typos_with_digits() {
        assert_eq!(match_text("3.4", &[], "3.5"), Verdict::Incorrect);
        assert_eq!(match_text("python3.4", &[], "python3.5"), Verdict::Incorrect);
        assert_eq!(match_text("python3.4", &[], "pythn3.4"), Verdict::Incorrect);
        assert_eq!(match_text("2009", &[], "2008"), Verdict::Incorrect);
    }

    #[test]
    fn match_text_typo_allowance_grows_with_length() {
        // 4 characters: no allowance.
        assert_eq!(match_text("loop", &[], "lop"), Verdict::Incorrect);
        // 5 characters: one edit.
        assert_eq!(match_text("await", &[], "awiat"), Verdict::Typo);
        assert_eq!(match_text("await", &[], "awai"), Verdict::Typo);
        assert_eq!(match_text("await", &[], "wiat"), Verdict::Incorrect);
        // 9 characters: still one edit.
        assert_eq!(match_text("coroutine", &[], "corutine"), Verdict::Typo);
        assert_eq!(match_text("coroutine", &[], "corutin"), Verdict::Incorrect);
        // 10 characters: two edits.
        assert_eq!(match_text("event loop", &[], "evnt lop"), Verdict::Typo);
        assert_eq!(match_text("event loop", &[], "evnt lp"), Verdict::Incorrect);
    }

    #[test]
    fn match_text_counts_a_transposition_as_one_edit() {
        // Plain Levenshtein would count "ie" → "ei" as two edits.
        assert_eq!(match_text("future", &[], "fuutre"), Verdict::Typo);
    }

    #[test]
    fn match_text_allows_typos_in_korean() {
        // 이벤트 루프: 6 characters, so one syllable may be wrong.
        assert_eq!(match_text("이벤트 루프", &[], "이벤트 루푸"), Verdict::Typo);
        assert_eq!(match_text("이벤트 루프", &[], "이밴트 루푸"), Verdict::Incorrect);
        // 3 syllables: no allowance.
        assert_eq!(match_text("코루틴", &[], "코루딘"), Verdict::Incorrect);
    }

    #[test]
    fn match_text_trailing_call_parentheses_are_meaningful() {
        assert_eq!(match_text("reactor.run()", &[], "reactor.run()."), Verdict::Correct);
        // Two characters short of a 13-character answer: a typo, not a match.
        assert_eq!(match_text("reactor.run()", &[], "reactor.run"), Verdict::Typo);
        // Two characters short of a 5-character answer: wrong.
        assert_eq!(match_text("run()", &[], "run"), Verdict::Incorrect);
    }

    #[test]
    fn match_text_blank_is_incorrect() {
        assert_eq!(match_text("asyncio", &[], ""), Verdict::Incorrect);
        assert_eq!(match_text("asyncio", &[], "  ...  "), Verdict::Incorrect);
    }

    // ---- parse_number ----

    #[test]
    fn parse_number_accepts_plain_forms() {
        assert_eq!(parse_number("2009"), Some(2009.0));
        assert_eq!(parse_number(" 3.5 "), Some(3.5));
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("12,345,678.25"), Some(12_345_678.25));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("2.5E-3"), Some(0.0025));
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number("\u{2212}2"), Some(-2.0));
        assert_eq!(parse_number("+7"), Some(7.0));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("5."), Some(5.0));
        assert_eq!(parse_number("３.５"), Some(3.5));
    }

    #[test]
    fn parse_number_accepts_korean_year_suffix() {
        assert_eq!(parse_number("2009년"), Some(2009.0));
        assert_eq!(parse_number(" 2009 년 "), Some(2009.0));
    }

    #[test]
    fn parse_number_rejects_everything_else() {
        for input in [
            "",
            " ",
            "-",
            ".",
            "e3",
            "1e",
            "1e+",
            "NaN",
            "nan",
            "inf",
            "-infinity",
            "1e999",
            "1,5",
            "1,0000",
            ",100",
            "1,000,00",
            "1.000,5",
            "2009 AD",
            "3.4.5",
            "--2",
            "0x10",
            "1 000",
            "년",
        ] {
            assert_eq!(parse_number(input), None, "{input:?}");
        }
    }

    // ---- choice_from_text ----

    #[test]
    fn choice_from_text_reads_letters() {
        let choices = strings(&["libev", "libuv", "libevent"]);
        assert_eq!(choice_from_text(&choices, "a"), Some(0));
        assert_eq!(choice_from_text(&choices, "B"), Some(1));
        assert_eq!(choice_from_text(&choices, "c)"), Some(2));
        assert_eq!(choice_from_text(&choices, "(c)"), Some(2));
        assert_eq!(choice_from_text(&choices, "Ｂ"), Some(1));
        assert_eq!(choice_from_text(&choices, "d"), None);
        assert_eq!(choice_from_text(&choices, "ab"), None);
    }

    #[test]
    fn choice_from_text_reads_exact_text_without_typos() {
        let choices = strings(&["libev", "libuv", "libevent"]);
        assert_eq!(choice_from_text(&choices, "LibUV."), Some(1));
        assert_eq!(choice_from_text(&choices, "libev"), Some(0));
        assert_eq!(choice_from_text(&choices, "libevnt"), None);
        assert_eq!(choice_from_text(&choices, ""), None);
    }

    #[test]
    fn choice_from_text_prefers_text_over_letter() {
        let choices = strings(&["Go", "Rust", "C"]);
        assert_eq!(choice_from_text(&choices, "c"), Some(2));
        assert_eq!(choice_from_text(&choices, "b"), Some(1));
    }

    #[test]
    fn choices_from_text_splits_on_commas_and_letters() {
        let choices = strings(&["asyncio", "trio", "curio", "a, b"]);
        assert_eq!(choices_from_text(&choices, "a, c"), Some(vec![0, 2]));
        assert_eq!(choices_from_text(&choices, "A C"), Some(vec![0, 2]));
        assert_eq!(choices_from_text(&choices, "trio; curio"), Some(vec![1, 2]));
        assert_eq!(choices_from_text(&choices, "\"a, b\""), Some(vec![3]));
        assert_eq!(choices_from_text(&choices, "a, twisted"), None);
        assert_eq!(choices_from_text(&choices, "a, e"), None);
        assert_eq!(choices_from_text(&choices, " , "), None);
    }

    // ---- order_from_texts ----

    #[test]
    fn order_from_texts_reads_texts_and_numbers() {
        let items = strings(&["parse", "plan", "execute"]);
        assert_eq!(order_from_texts(&items, &strings(&["Parse", "3", "plan."])), Some(vec![0, 2, 1]));
        assert_eq!(order_from_texts(&items, &strings(&["0"])), None);
        assert_eq!(order_from_texts(&items, &strings(&["4"])), None);
        assert_eq!(order_from_texts(&items, &strings(&["compile"])), None);
        assert_eq!(order_from_texts(&items, &[]), Some(vec![]));
    }

    #[test]
    fn order_from_texts_prefers_item_text_over_position() {
        let items = strings(&["1991", "2", "2009"]);
        assert_eq!(order_from_texts(&items, &strings(&["2", "1", "3"])), Some(vec![1, 0, 2]));
    }

    #[test]
    fn order_from_texts_gives_repeated_texts_distinct_indexes() {
        let items = strings(&["await", "yield", "await"]);
        assert_eq!(order_from_texts(&items, &strings(&["await", "yield", "await"])), Some(vec![0, 1, 2]));
    }

    // ---- parse_truefalse ----

    #[test]
    fn parse_truefalse_reads_words_in_both_languages() {
        for word in ["true", "T", "Yes", "y", "O", "○", "참", "예", "네", "True."] {
            assert_eq!(parse_truefalse(word), Some(true), "{word:?}");
        }
        for word in ["false", "F", "no", "N", "X", "×", "거짓", "아니오", "아니요"] {
            assert_eq!(parse_truefalse(word), Some(false), "{word:?}");
        }
        for word in ["", "maybe", "1", "truth"] {
            assert_eq!(parse_truefalse(word), None, "{word:?}");
        }
    }

    // ---- grade: per kind ----

    #[test]
    fn grade_flashcard_is_self_rated() {
        let answer = Answer::Flashcard { back: "A coroutine".to_string() };
        let knew = grade(&answer, &Response::SelfRated(true));
        assert_eq!(knew.verdict, Verdict::Correct);
        assert_eq!(knew.expected, "A coroutine");
        assert!(knew.parts.is_empty());
        assert_eq!(grade(&answer, &Response::SelfRated(false)).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &text("A coroutine")).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_choice_by_index_text_and_letter() {
        let answer = choice(&["libev", "libuv", "libevent"], 1);
        let right = grade(&answer, &Response::Choice(1));
        assert_eq!(right.verdict, Verdict::Correct);
        assert_eq!(right.expected, "libuv");
        assert_eq!(grade(&answer, &Response::Choice(0)).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &text("libuv")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("b")).verdict, Verdict::Correct);
        // One edit away from the right choice, but it is the distractor.
        assert_eq!(grade(&answer, &text("libev")).verdict, Verdict::Incorrect);
        // One edit away and not a choice at all: still no typo allowance.
        assert_eq!(grade(&answer, &text("libuvv")).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_choice_out_of_range_is_incorrect() {
        let answer = choice(&["a", "b"], 0);
        assert_eq!(grade(&answer, &Response::Choice(7)).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &Response::Choice(usize::MAX)).verdict, Verdict::Incorrect);
        // A deck whose right index is missing: nothing is right, nothing panics.
        let broken = choice(&["a", "b"], 5);
        assert_eq!(grade(&broken, &Response::Choice(5)).verdict, Verdict::Incorrect);
        assert_eq!(grade(&broken, &Response::Choice(5)).expected, "");
    }

    #[test]
    fn grade_multi_needs_the_exact_set() {
        let answer = multi(&["asyncio", "trio", "requests", "curio"], &[0, 1, 3]);
        let right = grade(&answer, &Response::Choices(vec![3, 0, 1]));
        assert_eq!(right.verdict, Verdict::Correct);
        assert_eq!(right.parts, vec![true; 4]);
        assert_eq!(right.expected, "asyncio, trio, curio");

        let missing = grade(&answer, &Response::Choices(vec![0, 1]));
        assert_eq!(missing.verdict, Verdict::Incorrect);
        assert_eq!(missing.parts, vec![true, true, true, false]);

        let extra = grade(&answer, &Response::Choices(vec![0, 1, 2, 3]));
        assert_eq!(extra.verdict, Verdict::Incorrect);
        assert_eq!(extra.parts, vec![true, true, false, true]);

        let none = grade(&answer, &Response::Choices(vec![]));
        assert_eq!(none.verdict, Verdict::Incorrect);
        assert_eq!(none.parts, vec![false, false, true, false]);
    }

    #[test]
    fn grade_multi_ignores_duplicates_but_not_out_of_range() {
        let answer = multi(&["asyncio", "trio", "requests"], &[0, 1]);
        assert_eq!(grade(&answer, &Response::Choices(vec![0, 1, 1, 0])).verdict, Verdict::Correct);
        let stray = grade(&answer, &Response::Choices(vec![0, 1, 9]));
        assert_eq!(stray.verdict, Verdict::Incorrect);
        assert_eq!(stray.parts, vec![true, true, true]);
    }

    #[test]
    fn grade_multi_from_text_and_gaps() {
        let answer = multi(&["asyncio", "trio", "requests"], &[0, 1]);
        assert_eq!(grade(&answer, &text("a, b")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("Trio, asyncio")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &gaps(&["b", "asyncio"])).verdict, Verdict::Correct);
        let wrong = grade(&answer, &text("a, c"));
        assert_eq!(wrong.verdict, Verdict::Incorrect);
        assert_eq!(wrong.parts, vec![true, false, false]);
        // Text that names no choice cannot be read: no parts.
        let unreadable = grade(&answer, &text("asynco, trio"));
        assert_eq!(unreadable.verdict, Verdict::Incorrect);
        assert!(unreadable.parts.is_empty());
    }

    #[test]
    fn grade_multi_broken_deck_is_never_correct() {
        let answer = multi(&["a", "b"], &[0, 4]);
        assert_eq!(grade(&answer, &Response::Choices(vec![0])).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_truefalse() {
        let answer = Answer::TrueFalse { correct: false };
        let right = grade(&answer, &Response::Bool(false));
        assert_eq!(right.verdict, Verdict::Correct);
        assert_eq!(right.expected, "false");
        assert_eq!(grade(&answer, &Response::Bool(true)).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &text("거짓")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("x")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("yes")).verdict, Verdict::Incorrect);
        // No typo allowance: "flase" is not read as false.
        assert_eq!(grade(&answer, &text("flase")).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_short_reports_the_spelling_closest_to_a_typo() {
        let answer = short("event loop", &["main loop", "이벤트 루프"]);
        let exact_alternate = grade(&answer, &text("Main loop."));
        assert_eq!(exact_alternate.verdict, Verdict::Correct);
        assert_eq!(exact_alternate.expected, "event loop");

        let typo_canonical = grade(&answer, &text("evnet loop"));
        assert_eq!(typo_canonical.verdict, Verdict::Typo);
        assert_eq!(typo_canonical.expected, "event loop");

        let typo_alternate = grade(&answer, &text("mian loop"));
        assert_eq!(typo_alternate.verdict, Verdict::Typo);
        assert_eq!(typo_alternate.expected, "main loop");

        let typo_korean = grade(&answer, &text("이벤트 루푸"));
        assert_eq!(typo_korean.verdict, Verdict::Typo);
        assert_eq!(typo_korean.expected, "이벤트 루프");
        assert!(typo_korean.is_correct());

        let wrong = grade(&answer, &text("reactor"));
        assert_eq!(wrong.verdict, Verdict::Incorrect);
        assert_eq!(wrong.expected, "event loop");
        assert!(!wrong.is_correct());
    }

    #[test]
    fn grade_short_versions_need_the_exact_digits() {
        let answer = short("3.4", &["Python 3.4"]);
        assert_eq!(grade(&answer, &text("python 3.4")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("３.４")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("3.5")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &text("Python 3.5")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &Response::Choice(0)).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_numeric_with_tolerance() {
        let answer = numeric(Some(3.4), 0.1, None);
        assert_eq!(grade(&answer, &text("3.4")).verdict, Verdict::Correct);
        // |3.5 − 3.4| is 0.10000000000000009 in floating point.
        assert_eq!(grade(&answer, &text("3.5")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("3.3")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("3.51")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &text("three")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &text("3.4 seconds")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&answer, &text("3.4")).expected, "3.4 (± 0.1)");
    }

    #[test]
    fn grade_numeric_exact_allows_only_float_noise() {
        let year = numeric(Some(2009.0), 0.0, None);
        assert_eq!(grade(&year, &text("2009")).verdict, Verdict::Correct);
        assert_eq!(grade(&year, &text("2009년")).verdict, Verdict::Correct);
        assert_eq!(grade(&year, &text("2,009")).verdict, Verdict::Correct);
        assert_eq!(grade(&year, &text("2010")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&year, &text("2009.001")).verdict, Verdict::Incorrect);

        let sum = numeric(Some(0.3), 0.0, None);
        assert_eq!(grade(&sum, &text("0.30000000000000004")).verdict, Verdict::Correct);
        assert_eq!(grade(&sum, &text("0.31")).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_numeric_range_is_inclusive() {
        let answer = numeric(None, 0.0, Some((1.0, 2.0)));
        for inside in ["1", "1.5", "2"] {
            assert_eq!(grade(&answer, &text(inside)).verdict, Verdict::Correct, "{inside}");
        }
        for outside in ["0.99", "2.01", "-1.5"] {
            assert_eq!(grade(&answer, &text(outside)).verdict, Verdict::Incorrect, "{outside}");
        }
        assert_eq!(grade(&answer, &text("1")).expected, "1 to 2");
    }

    #[test]
    fn grade_numeric_bad_deck_values_do_not_panic_or_pass() {
        let nan = numeric(Some(f64::NAN), f64::NAN, None);
        assert_eq!(grade(&nan, &text("1")).verdict, Verdict::Incorrect);
        let negative_tolerance = numeric(Some(5.0), -1.0, None);
        assert_eq!(grade(&negative_tolerance, &text("5")).verdict, Verdict::Correct);
        assert_eq!(grade(&negative_tolerance, &text("5.5")).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_cloze_all_gaps_right() {
        let answer = cloze(vec![gap("await", &[]), gap("event loop", &["loop"])]);
        let right = grade(&answer, &gaps(&["Await", "loop"]));
        assert_eq!(right.verdict, Verdict::Correct);
        assert_eq!(right.parts, vec![true, true]);
        assert_eq!(right.expected, "await · event loop");
    }

    #[test]
    fn grade_cloze_typo_in_one_gap_makes_a_typo() {
        let answer = cloze(vec![gap("await", &[]), gap("event loop", &["main loop"])]);
        let typo = grade(&answer, &gaps(&["await", "mian loop"]));
        assert_eq!(typo.verdict, Verdict::Typo);
        assert_eq!(typo.parts, vec![true, true]);
        assert_eq!(typo.expected, "await · main loop");
    }

    #[test]
    fn grade_cloze_one_wrong_gap_makes_it_incorrect() {
        let answer = cloze(vec![gap("await", &[]), gap("3.4", &[]), gap("event loop", &[])]);
        let wrong = grade(&answer, &gaps(&["awiat", "3.5", "event loop"]));
        assert_eq!(wrong.verdict, Verdict::Incorrect);
        assert_eq!(wrong.parts, vec![true, false, true]);
        assert_eq!(wrong.expected, "await · 3.4 · event loop");
    }

    #[test]
    fn grade_cloze_wrong_gap_count_is_incorrect_with_parts() {
        let answer = cloze(vec![gap("await", &[]), gap("async", &[])]);
        let short_of = grade(&answer, &gaps(&["await"]));
        assert_eq!(short_of.verdict, Verdict::Incorrect);
        assert_eq!(short_of.parts, vec![true, false]);
        let too_many = grade(&answer, &gaps(&["await", "async", "yield"]));
        assert_eq!(too_many.verdict, Verdict::Incorrect);
        assert_eq!(too_many.parts, vec![true, true]);
    }

    #[test]
    fn grade_cloze_single_gap_accepts_text() {
        let one = cloze(vec![gap("asyncio", &[])]);
        assert_eq!(grade(&one, &text("asyncio")).verdict, Verdict::Correct);
        let two = cloze(vec![gap("asyncio", &[]), gap("trio", &[])]);
        assert_eq!(grade(&two, &text("asyncio")).verdict, Verdict::Incorrect);
    }

    #[test]
    fn grade_order_needs_the_exact_sequence() {
        let answer = order(&["parse", "plan", "execute", "commit"]);
        let right = grade(&answer, &Response::Order(vec![0, 1, 2, 3]));
        assert_eq!(right.verdict, Verdict::Correct);
        assert_eq!(right.parts, vec![true; 4]);
        assert_eq!(right.expected, "parse → plan → execute → commit");

        let swapped = grade(&answer, &Response::Order(vec![0, 2, 1, 3]));
        assert_eq!(swapped.verdict, Verdict::Incorrect);
        assert_eq!(swapped.parts, vec![true, false, false, true]);

        let short_of = grade(&answer, &Response::Order(vec![0, 1]));
        assert_eq!(short_of.verdict, Verdict::Incorrect);
        assert_eq!(short_of.parts, vec![true, true, false, false]);

        let too_long = grade(&answer, &Response::Order(vec![0, 1, 2, 3, 4]));
        assert_eq!(too_long.verdict, Verdict::Incorrect);
        assert_eq!(too_long.parts, vec![true; 4]);
    }

    #[test]
    fn grade_order_out_of_range_and_from_texts() {
        let answer = order(&["parse", "plan", "execute"]);
        let stray = grade(&answer, &Response::Order(vec![0, usize::MAX, 2]));
        assert_eq!(stray.verdict, Verdict::Incorrect);
        assert_eq!(stray.parts, vec![true, false, true]);
        assert_eq!(grade(&answer, &gaps(&["parse", "2", "Execute"])).verdict, Verdict::Correct);
        let wrong = grade(&answer, &gaps(&["plan", "parse", "3"]));
        assert_eq!(wrong.verdict, Verdict::Incorrect);
        assert_eq!(wrong.parts, vec![false, false, true]);
        let unreadable = grade(&answer, &gaps(&["parse", "compile", "execute"]));
        assert_eq!(unreadable.verdict, Verdict::Incorrect);
        assert!(unreadable.parts.is_empty());
    }

    #[test]
    fn grade_skipped_is_incorrect_for_every_kind() {
        let answers = [
            Answer::Flashcard { back: "b".to_string() },
            choice(&["a", "b"], 0),
            multi(&["a", "b"], &[]),
            Answer::TrueFalse { correct: true },
            short("asyncio", &[]),
            numeric(Some(1.0), 1e9, None),
            cloze(vec![]),
            order(&[]),
        ];
        for answer in &answers {
            let skipped = grade(answer, &Response::Skipped);
            assert_eq!(skipped.verdict, Verdict::Incorrect, "{:?}", answer.kind());
            assert!(skipped.parts.is_empty());
            assert_eq!(skipped.expected, answer.display());
        }
    }

    #[test]
    fn grade_wrong_response_shape_is_incorrect() {
        let shapes =
            [Response::Gaps(vec![]), Response::Choices(vec![0]), Response::Order(vec![0]), Response::SelfRated(true)];
        let answers = [
            choice(&["a", "b"], 0),
            Answer::TrueFalse { correct: true },
            short("asyncio", &[]),
            numeric(Some(0.0), 1e9, None),
        ];
        for answer in &answers {
            for shape in &shapes {
                assert_eq!(grade(answer, shape).verdict, Verdict::Incorrect, "{:?} / {shape:?}", answer.kind());
            }
        }
    }

    #[test]
    fn grade_blank_text_is_incorrect() {
        assert_eq!(grade(&short("asyncio", &[]), &text("   ")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&numeric(Some(0.0), 1.0, None), &text("")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&choice(&["a"], 0), &text("")).verdict, Verdict::Incorrect);
    }

    #[test]
    fn odd_inputs_never_panic() {
        let inputs = [
            "",
            " ",
            "(",
            ")",
            ")(",
            "((",
            "'",
            "’",
            "‘x",
            "\"",
            "`",
            "年",
            "년",
            "-",
            "+",
            "e",
            "1e",
            "−",
            "\u{0301}",
            "İ",
            "ǅ",
            "ﬁ",
            "👍🏽",
            "a)",
            ")a",
            ",",
            ",,",
            "1,",
            "9".repeat(400).leak(),
        ];
        let choices = strings(&["libev", "libuv"]);
        let answers = [
            short("asyncio", &["(", "?"]),
            cloze(vec![gap("await", &[")"])]),
            numeric(Some(1.0), 0.0, Some((f64::INFINITY, f64::NEG_INFINITY))),
            multi(&["a"], &[0]),
            order(&["x", "x"]),
        ];
        for input in inputs {
            let normalized = normalize(input);
            assert_eq!(normalize(&normalized), normalized, "idempotent for {input:?}");
            let _ = parse_number(input);
            let _ = parse_truefalse(input);
            let _ = choice_from_text(&choices, input);
            let _ = choices_from_text(&choices, input);
            let _ = order_from_texts(&choices, &[input.to_string()]);
            for answer in &answers {
                let _ = grade(answer, &text(input));
                let _ = grade(answer, &gaps(&[input, input]));
            }
        }
    }

    #[test]
    fn is_correct_accepts_typos() {
        let grade_with = |verdict| Grade { verdict, expected: String::new(), parts: Vec::new() };
        assert!(grade_with(Verdict::Correct).is_correct());
        assert!(grade_with(Verdict::Typo).is_correct());
        assert!(!grade_with(Verdict::Incorrect).is_correct());
    }

    #[test]
    fn self_test_cases_never_panic_on_a_short_order_card() {
        // Found by cargo-fuzz: an order card with fewer than two items.
        for items in [&[][..], &["only"][..]] {
            let cases = self_test_cases(&order(items));
            assert!(cases.iter().all(|(_, should_pass, _)| *should_pass));
        }
    }

    #[test]
    fn self_test_cases_pass_on_a_sound_card_and_catch_a_clash() {
        let sound = Answer::Choice {
            choices: vec!["libevent".into(), "libev".into()],
            correct: 1,
            accept: vec!["lib-ev".into()],
        };
        for (response, should_pass, shown) in self_test_cases(&sound) {
            assert_eq!(grade(&sound, &response).is_correct(), should_pass, "{shown}");
        }
        // `Async Def.` normalises to a right choice's text: typed, the two cannot be told apart.
        let clash = Answer::Multi { choices: vec!["async def".into(), "Async Def.".into()], correct: vec![0] };
        let failures = self_test_cases(&clash)
            .into_iter()
            .filter(|(response, should_pass, _)| grade(&clash, response).is_correct() != *should_pass)
            .count();
        assert!(failures > 0);
    }
}
