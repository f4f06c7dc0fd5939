//! Grading: what the learner gave ([`Response`]) against a card's answer,
//! as a fair teacher would judge it. [`grade_card`] is the entry point: it
//! knows the card's prompt, its declared `match` shape, its `reject` list and
//! the deck's [`Lexicon`].
//!
//! Typed answers are judged by the *shape* of the expected answer ([`shape`]):
//! a version (`Python 3.4`, `3.4.0`, `파이썬 3.4 버전`), a year (`July 2009`,
//! `2009년도`), a PEP number (`PEP-0380`, `380번`), a plain number, or words —
//! an identifier, a name or text — with their articles, classifying nouns,
//! Korean particles and typos ([`words`]). Numbers must always be exact, and a
//! typo never lands on another term the deck knows. Choices, true/false words
//! and items are read by [`read`]. Nothing here panics, whatever the input.

use serde::Serialize;

mod fold;
mod lexicon;
mod number;
mod read;
mod sentence;
pub mod shape;
mod truth;
mod values;
pub mod words;

pub use lexicon::Lexicon;
pub use number::parse_number;
pub use read::{choice_index, choices_from_text, order_from_texts, read, read_card, Typed, Unread};
pub use truth::parse_truefalse;

use crate::deck::{Answer, Card, CardText, Gap, MatchShape};
use fold::fold;
use shape::{gap_code_context, gaps_in_code, Shape};
use words::Judged;

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

/// What grading a typed answer needs beyond the answer itself.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The card's prompt in the language answered (for the product of a version).
    pub prompt: &'a str,
    /// The card's declared `match` shape, if any.
    pub shape: Option<MatchShape>,
    /// Near-misses that are always wrong.
    pub reject: &'a [String],
    /// Whether accents are ignored.
    pub ignore_accents: bool,
    /// The terms of the deck.
    pub lexicon: &'a Lexicon<'a>,
}

/// The lexicon of no deck at all.
static EMPTY: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();

impl Context<'_> {
    /// No prompt, no declared shape, no near-misses, no deck.
    pub fn detached() -> Context<'static> {
        Context {
            prompt: "",
            shape: None,
            reject: &[],
            ignore_accents: false,
            lexicon: EMPTY.get_or_init(Lexicon::empty),
        }
    }
}

/// Grades `response` to `card` in `text`'s language, with the deck's `lexicon`.
pub fn grade_card(card: &Card, text: &CardText, response: &Response, lexicon: &Lexicon) -> Grade {
    let context = Context {
        prompt: &text.prompt,
        shape: card.grading.shape,
        reject: &text.reject,
        ignore_accents: card.grading.ignore_accents,
        lexicon,
    };
    // Typed text for a kind that is answered by picking is read in the card's languages.
    let read_response;
    let response = match response {
        Response::Text(typed) if text.answer.is_picked() && !is_near_miss(response, &context) => {
            read_response = read_card(card, text, &[], Typed::One(typed)).unwrap_or(Response::Skipped);
            &read_response
        }
        other => other,
    };
    grade_in(&text.answer, response, &context)
}

/// Whether `response` is typed text that is one of the context's listed near-misses.
fn is_near_miss(response: &Response, context: &Context<'_>) -> bool {
    let Response::Text(text) = response else { return false };
    if context.reject.is_empty() {
        return false;
    }
    let folded = fold(text, context.ignore_accents);
    context.reject.iter().any(|near_miss| fold(near_miss, context.ignore_accents) == folded)
}

/// Grades `response` against `answer` alone (no prompt, no deck): [`grade_in`]
/// with a [`Context::detached`].
pub fn grade(answer: &Answer, response: &Response) -> Grade {
    grade_in(answer, response, &Context::detached())
}

/// Grades `response` against `answer`.
///
/// Per kind:
/// - `flashcard`: [`Response::SelfRated`]`(true)` is correct; typed text is
///   compared with the back as text.
/// - `choice`: [`Response::Choice`] with the right index, or [`Response::Text`]
///   read by [`read`] (a choice's text, an alternate, or a letter in deck
///   order). No typo allowance: distractors are often one letter apart.
/// - `multi`: exactly the right set, from [`Response::Choices`] (duplicates
///   ignored), or text read by [`read`]. Any index out of range makes it incorrect.
/// - `truefalse`: [`Response::Bool`], or [`Response::Text`] via [`parse_truefalse`].
/// - `short`: [`Response::Text`] judged by the answer's shape against the
///   answer and its alternates.
/// - `numeric`: [`Response::Text`]; a year or a PEP number is read out of the
///   text, any other number parsed by [`parse_number`]; right when within
///   `range` (inclusive) or `answer ± tolerance`, allowing float noise.
/// - `cloze`: [`Response::Gaps`] (or [`Response::Text`] for a one-gap cloze),
///   each gap judged by its shape (a gap inside a code span is an
///   identifier); a typo in any gap makes the whole a typo, a wrong gap or
///   the wrong number of gaps makes it incorrect.
/// - `order`: [`Response::Order`], or text read by [`read`]; only the exact
///   sequence is right, and the parts say which items stand in a longest
///   run already in the right relative order.
///
/// [`Response::Skipped`] is incorrect for every kind, as is a response of a
/// shape the kind cannot read, and typed text that is one of the card's
/// `reject` near-misses.
pub fn grade_in(answer: &Answer, response: &Response, context: &Context<'_>) -> Grade {
    let display = answer.display();
    // A listed near-miss is wrong whatever else it might be read as.
    if is_near_miss(response, context) {
        return Grade::new(Verdict::Incorrect, display, Vec::new());
    }
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
                let shape = Shape::Words(words::WordShape::Text);
                let (verdict, _) = judge_typed(back, &[], text, &shape, context);
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
                let shape = match context.shape {
                    Some(declared) => Shape::declared(declared, context.prompt),
                    None => Shape::infer(answer, context.prompt, false),
                };
                let (verdict, shown) = judge_typed(answer, accept, text, &shape, context);
                Grade::new(verdict, shown, Vec::new())
            }
            _ => Grade::exact(false, display),
        },
        Answer::Numeric { answer, tolerance, range } => {
            let right = match response {
                Response::Text(text) => numeric_value(text, *answer, *range, context)
                    .is_some_and(|value| numeric_matches(value, *answer, *tolerance, *range)),
                _ => false,
            };
            Grade::exact(right, display)
        }
        Answer::Cloze { pieces, gaps } => {
            let code = Code { inside: gaps_in_code(pieces, gaps.len()), around: gap_code_context(pieces, gaps.len()) };
            match response {
                Response::Gaps(given) => grade_cloze(gaps, &code, given, context),
                Response::Text(text) if gaps.len() == 1 => {
                    grade_cloze(gaps, &code, std::slice::from_ref(text), context)
                }
                _ => Grade::exact(false, display),
            }
        }
        Answer::Order { items } => match response {
            Response::Order(sequence) => {
                let right =
                    sequence.len() == items.len() && sequence.iter().enumerate().all(|(at, index)| at == *index);
                Grade::new(verdict_of(right), display, in_place(sequence, items.len()))
            }
            _ => Grade::exact(false, display),
        },
    }
}

/// Which positions of an order answer hold items that belong to a longest run
/// already in the right relative order: one misplaced item is one error.
fn in_place(sequence: &[usize], count: usize) -> Vec<bool> {
    // Longest strictly increasing subsequence, in O(n log n), remembering its members.
    let mut tails: Vec<usize> = Vec::new(); // positions in `sequence` ending each length
    let mut previous: Vec<Option<usize>> = vec![None; sequence.len()];
    for (position, value) in sequence.iter().enumerate() {
        if *value >= count {
            continue;
        }
        let length = tails.partition_point(|tail| sequence[*tail] < *value);
        previous[position] = length.checked_sub(1).map(|before| tails[before]);
        if length == tails.len() {
            tails.push(position);
        } else {
            tails[length] = position;
        }
    }
    let mut parts = vec![false; count];
    let mut cursor = tails.last().copied();
    while let Some(position) = cursor {
        if let Some(part) = parts.get_mut(position) {
            *part = true;
        }
        cursor = previous[position];
    }
    parts
}

/// The number a typed answer to a numeric card names: a year or a PEP number
/// read out of the text when the card asks for one, else the text as a number.
fn numeric_value(text: &str, answer: Option<f64>, range: Option<(f64, f64)>, context: &Context<'_>) -> Option<f64> {
    let whole = |value: f64| value.fract() == 0.0 && value >= 0.0;
    let year_like = |value: f64| whole(value) && (1000.0..=2999.0).contains(&value);
    let values = || answer.into_iter().chain(range.into_iter().flat_map(|(low, high)| [low, high]));
    let mentions_pep = crate::text::normalize(context.prompt)
        .split(|character: char| !character.is_alphanumeric())
        .any(|word| word == "pep");
    let shape = match context.shape {
        Some(MatchShape::Year) => MatchShape::Year,
        Some(MatchShape::Pep) => MatchShape::Pep,
        Some(_) => MatchShape::Number,
        None if mentions_pep && values().all(whole) => MatchShape::Pep,
        None if values().all(year_like) => MatchShape::Year,
        None => MatchShape::Number,
    };
    let read = |text: &str| {
        // A plain number is read as one (`-2009` is not the year 2009).
        parse_number(text).or_else(|| match shape {
            MatchShape::Year => values::the_year(text).map(|year| year as f64),
            MatchShape::Pep => values::the_pep(text).map(|number| number as f64),
            _ => None,
        })
    };
    let folded = fold(text, false);
    read(text).or_else(|| read(&folded)).or_else(|| {
        // A sentence around the number (`2009년이에요. 2008년이라는 글도 있지만 틀렸어요`).
        let kind = match shape {
            MatchShape::Year => sentence::Kind::Year,
            MatchShape::Pep => sentence::Kind::Pep,
            _ => sentence::Kind::Number,
        };
        let prompt = fold(context.prompt, false);
        sentence::answer_runs(&folded, &prompt, kind, context.lexicon).iter().find_map(|run| read(run))
    })
}

/// The verdict on a typed answer to `expected` (or one of `accept`) of
/// `shape`, and the spelling to show: the canonical answer, unless a typo was
/// closest to an alternate. Text that is not the answer as a whole may be a
/// sentence around it (see [`sentence`]).
fn judge_typed(
    expected: &str,
    accept: &[String],
    typed: &str,
    shape: &Shape,
    context: &Context<'_>,
) -> (Verdict, String) {
    judge_folded(expected, accept, typed, &fold(typed, context.ignore_accents), shape, context)
}

/// [`judge_typed`] with `typed` already folded as `folded` (so a caller that
/// judges one text against several answers folds it once).
fn judge_folded(
    expected: &str,
    accept: &[String],
    typed: &str,
    folded: &str,
    shape: &Shape,
    context: &Context<'_>,
) -> (Verdict, String) {
    if folded.is_empty() {
        return (Verdict::Incorrect, expected.to_string());
    }
    let candidates: Vec<&str> = std::iter::once(expected).chain(accept.iter().map(String::as_str)).collect();
    let rejected: Vec<String> = context.reject.iter().map(|text| fold(text, context.ignore_accents)).collect();
    // Words answers have their forms worked out once, for the text and each run in it.
    let folded_candidates: Vec<String>;
    let words = match shape {
        Shape::Words(word_shape) => {
            folded_candidates = candidates.iter().map(|candidate| fold(candidate, context.ignore_accents)).collect();
            Some(words::Expected::new(&folded_candidates, &rejected, *word_shape))
        }
        Shape::Version(_) | Shape::Year | Shape::Pep | Shape::Number => None,
    };
    // `raw` is the text as typed (numbers are read from it), `folded` its folded form.
    let judge_text = |raw: &str, folded: &str| match &words {
        Some(words) => match words.judge(folded, context.lexicon) {
            Judged::Right(_) => (Verdict::Correct, expected.to_string()),
            Judged::Typo(index) => (Verdict::Typo, candidates[index].to_string()),
            Judged::Wrong => (Verdict::Incorrect, expected.to_string()),
        },
        None => (verdict_of(judge_value(&candidates, &rejected, raw, folded, shape, context)), expected.to_string()),
    };
    let direct = judge_text(typed, folded);
    if direct.0 == Verdict::Correct {
        return direct;
    }
    // A sentence that holds the answer exactly beats reading the whole as a typo.
    let prompt = fold(context.prompt, false);
    let mut best = direct;
    for run in sentence::answer_runs(folded, &prompt, shape.kind(), context.lexicon) {
        let verdict = judge_text(&run, &run);
        match verdict.0 {
            Verdict::Correct => return verdict,
            Verdict::Typo if best.0 == Verdict::Incorrect => best = verdict,
            Verdict::Typo | Verdict::Incorrect => {}
        }
    }
    best
}

/// Whether `folded` (typed as `raw`) is one of the `candidates` as a value of `shape`.
fn judge_value(
    candidates: &[&str],
    rejected: &[String],
    raw: &str,
    folded: &str,
    shape: &Shape,
    context: &Context<'_>,
) -> bool {
    if folded.is_empty() || rejected.iter().any(|reject| reject == folded) {
        return false;
    }
    match shape {
        Shape::Version(product) => {
            let products = context.lexicon.products();
            candidates
                .iter()
                .any(|candidate| values::version_matches(&fold(candidate, false), folded, product, &products))
        }
        Shape::Year => same_value(folded, candidates, values::the_year),
        Shape::Pep => same_value(folded, candidates, values::the_pep),
        Shape::Number => {
            let value = parse_number(raw);
            value.is_some() && candidates.iter().any(|candidate| parse_number(candidate) == value)
        }
        // Words answers are judged by their forms, never as values.
        Shape::Words(_) => false,
    }
}

/// Whether `folded` reads as a value and some candidate reads as the same one.
fn same_value<T: PartialEq>(folded: &str, candidates: &[&str], read: impl Fn(&str) -> Option<T>) -> bool {
    let Some(value) = read(folded) else { return false };
    candidates.iter().any(|candidate| read(&fold(candidate, false)).as_ref() == Some(&value))
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

/// Where a cloze text's gaps stand: inside a code span, and the code around them.
struct Code {
    inside: Vec<bool>,
    around: Vec<Option<(String, String)>>,
}

fn grade_cloze(gaps: &[Gap], code: &Code, given: &[String], context: &Context<'_>) -> Grade {
    let mut verdicts = Vec::with_capacity(gaps.len());
    let mut shown = Vec::with_capacity(gaps.len());
    for (index, gap) in gaps.iter().enumerate() {
        match given.get(index) {
            Some(text) => {
                let shape = match context.shape {
                    Some(declared) => Shape::declared(declared, context.prompt),
                    None => Shape::infer(&gap.answer, context.prompt, code.inside.get(index).copied().unwrap_or(false)),
                };
                // An answer may repeat the code around the gap (`from __future__ import generators`).
                let mut accept = gap.accept.clone();
                if let Some(Some((before, after))) = code.around.get(index) {
                    for spelling in std::iter::once(&gap.answer).chain(&gap.accept) {
                        accept.push(format!("{before}{spelling}"));
                        accept.push(format!("{spelling}{after}"));
                        accept.push(format!("{before}{spelling}{after}"));
                    }
                }
                let (verdict, spelling) = judge_typed(&gap.answer, &accept, text, &shape, context);
                verdicts.push(verdict);
                shown.push(spelling);
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

/// Which of `options` (a card's choices, and alternates) `typed` names,
/// judged by each option's own shape: one it matches in form, else one it is
/// a forgivable typo of — a typo never lands on another option. `None` when
/// it names none, or more than one.
pub(crate) fn option_named(options: &[&str], typed: &str) -> Option<usize> {
    let owners: Vec<usize> = (0..options.len()).collect();
    option_named_among(options, &owners, typed)
}

/// [`option_named`] where several texts may spell one option: `owners[i]` is
/// the option `options[i]` spells (a choice's alternates name that choice).
pub(crate) fn option_named_among(options: &[&str], owners: &[usize], typed: &str) -> Option<usize> {
    let folded = fold(typed, false);
    if folded.is_empty() {
        return None;
    }
    let mut right: Vec<usize> = Vec::new();
    let mut typos: Vec<usize> = Vec::new();
    // A typo never lands on another option: text that names one option in
    // form and is a typo of another names the first, and a typo of two names none.
    let context = Context::detached();
    for (index, option) in options.iter().enumerate() {
        let owner = owners[index];
        let found = match judge_folded(option, &[], typed, &folded, &Shape::infer(option, "", false), &context).0 {
            Verdict::Correct => &mut right,
            Verdict::Typo => &mut typos,
            Verdict::Incorrect => continue,
        };
        if !found.contains(&owner) {
            found.push(owner);
        }
    }
    match (right.as_slice(), typos.as_slice()) {
        ([only], _) | ([], [only]) => Some(*only),
        _ => None,
    }
}

/// Judges typed text against a canonical answer and its accepted alternates,
/// by the canonical answer's shape (inferred, with no prompt and no deck).
///
/// ```
/// use quiz::grade::{match_text, Verdict};
/// assert_eq!(match_text("3.4", &[], "Python 3.4"), Verdict::Correct);
/// assert_eq!(match_text("3.4", &[], "3.5"), Verdict::Incorrect, "versions must be exact");
/// assert_eq!(match_text("inlineCallbacks", &[], "inlineCalbacks"), Verdict::Typo);
/// ```
pub fn match_text(expected: &str, accept: &[String], given: &str) -> Verdict {
    let shape = Shape::infer(expected, "", false);
    judge_typed(expected, accept, given, &shape, &Context::detached()).0
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
