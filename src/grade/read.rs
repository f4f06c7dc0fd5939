//! The one reader of typed answers. Typed text (a timed exam's line, an
//! answer sheet's values) becomes a [`Response`] here and nowhere else:
//! choices by their text or by letter, items by their text or number,
//! true/false words, and the text of typed kinds.
//!
//! Letters and numbers name choices and items *as shown*: `shown[i]` is the
//! deck index of what stood at position `i` (a printed exam's order). An
//! empty `shown` means the deck's own order.

use super::Response;
use crate::deck::Answer;
use crate::text::{normalize, position_of_letter};

/// What was typed or written for one question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed<'a> {
    /// One value: a line typed, or a sheet's single value.
    One(&'a str),
    /// Several values: a sheet's list, or one typed line per cloze gap.
    Many(&'a [String]),
}

/// Why typed input is not an answer to a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unread {
    /// The wrong shape: a list where one value is wanted, or the reverse. Names what is wanted.
    Shape(&'static str),
    /// Text that names no choice or item, or a word that is not true or false.
    NoOption,
}

/// Reads `typed` as an answer to `answer`. See the module's notes for `shown`.
///
/// ```
/// use quiz::deck::Answer;
/// use quiz::grade::{read, Response, Typed};
/// let answer = Answer::Choice { choices: vec!["libev".into(), "libuv".into()], correct: 0, accept: vec![] };
/// assert_eq!(read(&answer, &[1, 0], Typed::One("a")), Ok(Response::Choice(1)), "a letter, as printed");
/// assert_eq!(read(&answer, &[1, 0], Typed::One("LibEv")), Ok(Response::Choice(0)), "a choice's text");
/// ```
pub fn read(answer: &Answer, shown: &[usize], typed: Typed<'_>) -> Result<Response, Unread> {
    const ONE: Unread = Unread::Shape("a single value");
    match (answer, typed) {
        (Answer::Flashcard { .. } | Answer::Short { .. } | Answer::Numeric { .. }, Typed::One(text)) => {
            Ok(Response::Text(text.to_string()))
        }
        (Answer::Flashcard { .. } | Answer::Short { .. } | Answer::Numeric { .. }, Typed::Many(_)) => Err(ONE),
        (Answer::TrueFalse { .. }, Typed::One(text)) => {
            parse_truefalse(text).map(Response::Bool).ok_or(Unread::NoOption)
        }
        (Answer::TrueFalse { .. }, Typed::Many(_)) => Err(ONE),
        (Answer::Choice { choices, correct, accept }, Typed::One(text)) => {
            let typed = normalize(text);
            let alternate = || accept.iter().any(|spelling| normalize(spelling) == typed).then_some(*correct);
            choice_index(choices, shown, text).or_else(alternate).map(Response::Choice).ok_or(Unread::NoOption)
        }
        (Answer::Choice { .. }, Typed::Many(_)) => Err(ONE),
        (Answer::Multi { choices, .. }, Typed::One(text)) => {
            choices_from_text(choices, shown, text).map(Response::Choices).ok_or(Unread::NoOption)
        }
        (Answer::Multi { choices, .. }, Typed::Many(texts)) => texts
            .iter()
            .map(|text| choice_index(choices, shown, text))
            .collect::<Option<Vec<usize>>>()
            .map(Response::Choices)
            .ok_or(Unread::NoOption),
        (Answer::Order { items }, Typed::One(text)) => {
            let pieces: Vec<String> = if text.contains(',') {
                text.split(',').map(str::to_string).collect()
            } else {
                text.split_whitespace().map(str::to_string).collect()
            };
            order_from_texts(items, shown, &pieces).map(Response::Order).ok_or(Unread::NoOption)
        }
        (Answer::Order { items }, Typed::Many(texts)) => {
            order_from_texts(items, shown, texts).map(Response::Order).ok_or(Unread::NoOption)
        }
        (Answer::Cloze { gaps, .. }, Typed::One(text)) if gaps.len() == 1 => Ok(Response::Gaps(vec![text.to_string()])),
        (Answer::Cloze { .. }, Typed::One(_)) => Err(Unread::Shape("a list (one entry per gap)")),
        (Answer::Cloze { .. }, Typed::Many(texts)) => Ok(Response::Gaps(texts.to_vec())),
    }
}

/// The deck index at shown position `position` (the deck's order when `shown` is empty).
fn at(shown: &[usize], position: usize) -> Option<usize> {
    if shown.is_empty() {
        Some(position)
    } else {
        shown.get(position).copied()
    }
}

/// The index of the choice `given` names.
///
/// `given` is [`normalize`]d and matched exactly against each choice's
/// normalised text; failing that, a letter `a`, `b`, `c`, … (any case,
/// optionally as `a)`, `(a)` or `a.`) names the choice at that shown position.
/// The text is tried first, so in a deck whose choices are `C`, `Go`, `Rust`
/// typing `c` means `C`. There is no typo allowance: distractors are often one
/// edit apart (`libev`, `libuv`). `None` when nothing matches or the letter is
/// past the last choice.
pub fn choice_index(choices: &[String], shown: &[usize], given: &str) -> Option<usize> {
    let given = normalize(given);
    if given.is_empty() {
        return None;
    }
    if let Some(index) = choices.iter().position(|choice| normalize(choice) == given) {
        return Some(index);
    }
    position_of_letter(&given).and_then(|position| at(shown, position)).filter(|index| *index < choices.len())
}

/// The choices a typed `multi` answer names.
///
/// The whole text is first tried as one choice (so a choice containing a
/// comma still matches). Otherwise it is split on `,`, `;` and `、`, and each
/// piece must be one choice by [`choice_index`] or a run of letters separated
/// by spaces (`a c`). `None` when any piece names no choice, or when there is
/// no piece at all.
pub fn choices_from_text(choices: &[String], shown: &[usize], given: &str) -> Option<Vec<usize>> {
    if let Some(index) = choice_index(choices, shown, given) {
        return Some(vec![index]);
    }
    let mut chosen = Vec::new();
    for piece in given.split([',', ';', '、']) {
        if piece.trim().is_empty() {
            continue;
        }
        if let Some(index) = choice_index(choices, shown, piece) {
            chosen.push(index);
            continue;
        }
        for token in normalize(piece).split(' ') {
            let index = position_of_letter(token).and_then(|position| at(shown, position));
            chosen.push(index.filter(|index| *index < choices.len())?);
        }
    }
    (!chosen.is_empty()).then_some(chosen)
}

/// Reads an `order` answer into deck indexes of `items`.
///
/// Each element of `given` is an item's text ([`normalize`]d, exact) or its
/// 1-based number as shown (`#2` too). Text is tried first, so items that are
/// themselves numbers (years) are matched by value. When items repeat a text,
/// each mention takes the next unused one. `None` when any element names no item.
pub fn order_from_texts(items: &[String], shown: &[usize], given: &[String]) -> Option<Vec<usize>> {
    let normalized: Vec<String> = items.iter().map(|item| normalize(item)).collect();
    let mut used = vec![false; items.len()];
    let mut sequence = Vec::with_capacity(given.len().min(items.len() + 1));
    for text in given {
        let text = normalize(text);
        let matching = || normalized.iter().enumerate().filter(|(_, item)| **item == text).map(|(index, _)| index);
        let by_text = matching().find(|&index| !used[index]).or_else(|| matching().next());
        let index = match by_text {
            Some(index) => index,
            None => {
                let number = text.strip_prefix('#').unwrap_or(&text).parse::<usize>().ok()?;
                let index = number.checked_sub(1).and_then(|position| at(shown, position))?;
                (index < items.len()).then_some(index)?
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{ClozePiece, Gap};

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| text.to_string()).collect()
    }

    fn choice(choices: &[&str], correct: usize) -> Answer {
        Answer::Choice { choices: strings(choices), correct, accept: Vec::new() }
    }

    fn multi(choices: &[&str], correct: &[usize]) -> Answer {
        Answer::Multi { choices: strings(choices), correct: correct.to_vec() }
    }

    fn order(items: &[&str]) -> Answer {
        Answer::Order { items: strings(items) }
    }

    fn short(answer: &str) -> Answer {
        Answer::Short { answer: answer.to_string(), accept: Vec::new() }
    }

    fn cloze(gaps: usize) -> Answer {
        let gaps: Vec<Gap> = (0..gaps).map(|index| Gap { answer: index.to_string(), accept: Vec::new() }).collect();
        Answer::Cloze { pieces: (0..gaps.len()).map(ClozePiece::Gap).collect(), gaps }
    }

    #[test]
    fn choice_index_reads_letters() {
        let choices = strings(&["libev", "libuv", "libevent"]);
        assert_eq!(choice_index(&choices, &[], "a"), Some(0));
        assert_eq!(choice_index(&choices, &[], "B"), Some(1));
        assert_eq!(choice_index(&choices, &[], "c)"), Some(2));
        assert_eq!(choice_index(&choices, &[], "(c)"), Some(2));
        assert_eq!(choice_index(&choices, &[], "Ｂ"), Some(1));
        assert_eq!(choice_index(&choices, &[], "d"), None);
        assert_eq!(choice_index(&choices, &[], "ab"), None);
    }

    #[test]
    fn choice_index_reads_exact_text_without_typos() {
        let choices = strings(&["libev", "libuv", "libevent"]);
        assert_eq!(choice_index(&choices, &[], "LibUV."), Some(1));
        assert_eq!(choice_index(&choices, &[], "libev"), Some(0));
        assert_eq!(choice_index(&choices, &[], "libevnt"), None);
        assert_eq!(choice_index(&choices, &[], ""), None);
    }

    #[test]
    fn choice_index_prefers_text_over_letter() {
        let choices = strings(&["Go", "Rust", "C"]);
        assert_eq!(choice_index(&choices, &[], "c"), Some(2));
        assert_eq!(choice_index(&choices, &[], "b"), Some(1));
    }

    #[test]
    fn choices_from_text_splits_on_commas_and_letters() {
        let choices = strings(&["asyncio", "trio", "curio", "a, b"]);
        assert_eq!(choices_from_text(&choices, &[], "a, c"), Some(vec![0, 2]));
        assert_eq!(choices_from_text(&choices, &[], "A C"), Some(vec![0, 2]));
        assert_eq!(choices_from_text(&choices, &[], "trio; curio"), Some(vec![1, 2]));
        assert_eq!(choices_from_text(&choices, &[], "\"a, b\""), Some(vec![3]));
        assert_eq!(choices_from_text(&choices, &[], "a, twisted"), None);
        assert_eq!(choices_from_text(&choices, &[], "a, e"), None);
        assert_eq!(choices_from_text(&choices, &[], " , "), None);
    }

    #[test]
    fn read_resolves_letters_and_numbers_as_shown() {
        let answer = choice(&["libev", "libuv", "libevent"], 1);
        assert_eq!(read(&answer, &[2, 1, 0], Typed::One("a")), Ok(Response::Choice(2)));
        assert_eq!(read(&answer, &[], Typed::One("a")), Ok(Response::Choice(0)), "deck order without a shown order");
        assert_eq!(read(&answer, &[2, 1, 0], Typed::One("libev")), Ok(Response::Choice(0)), "text is the deck's");
        assert_eq!(read(&answer, &[2, 1, 0], Typed::One("d")), Err(Unread::NoOption));
        let order = order(&["parse", "plan", "execute"]);
        assert_eq!(read(&order, &[2, 0, 1], Typed::One("2 3 1")), Ok(Response::Order(vec![0, 1, 2])));
        assert_eq!(read(&order, &[2, 0, 1], Typed::One("parse, plan, execute")), Ok(Response::Order(vec![0, 1, 2])));
        let multi = multi(&["x", "y", "z"], &[0, 2]);
        assert_eq!(read(&multi, &[1, 2, 0], Typed::One("b c")), Ok(Response::Choices(vec![2, 0])));
        assert_eq!(read(&multi, &[], Typed::Many(&strings(&["a", "z"]))), Ok(Response::Choices(vec![0, 2])));
    }

    #[test]
    fn read_names_the_shape_a_card_needs() {
        let list = strings(&["3.4"]);
        assert_eq!(read(&short("3.4"), &[], Typed::Many(&list)), Err(Unread::Shape("a single value")));
        let two_gaps = cloze(2);
        assert_eq!(read(&two_gaps, &[], Typed::One("a")), Err(Unread::Shape("a list (one entry per gap)")));
        assert_eq!(read(&Answer::TrueFalse { correct: true }, &[], Typed::One("maybe")), Err(Unread::NoOption));
        let alternate =
            Answer::Choice { choices: strings(&["Python 3.4", "Python 3.5"]), correct: 0, accept: strings(&["3.4"]) };
        assert_eq!(
            read(&alternate, &[], Typed::One("3.4")),
            Ok(Response::Choice(0)),
            "an alternate names the right choice"
        );
    }

    #[test]
    fn order_from_texts_reads_texts_and_numbers() {
        let items = strings(&["parse", "plan", "execute"]);
        assert_eq!(order_from_texts(&items, &[], &strings(&["Parse", "3", "plan."])), Some(vec![0, 2, 1]));
        assert_eq!(order_from_texts(&items, &[], &strings(&["0"])), None);
        assert_eq!(order_from_texts(&items, &[], &strings(&["4"])), None);
        assert_eq!(order_from_texts(&items, &[], &strings(&["compile"])), None);
        assert_eq!(order_from_texts(&items, &[], &[]), Some(vec![]));
    }

    #[test]
    fn order_from_texts_prefers_item_text_over_position() {
        let items = strings(&["1991", "2", "2009"]);
        assert_eq!(order_from_texts(&items, &[], &strings(&["2", "1", "3"])), Some(vec![1, 0, 2]));
    }

    #[test]
    fn order_from_texts_gives_repeated_texts_distinct_indexes() {
        let items = strings(&["await", "yield", "await"]);
        assert_eq!(order_from_texts(&items, &[], &strings(&["await", "yield", "await"])), Some(vec![0, 1, 2]));
    }

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
}
