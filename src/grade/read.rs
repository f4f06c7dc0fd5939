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
            // Then by each option's shape (`PEP-594`, `the eventlet library`, a typo).
            let by_shape = || {
                let options: Vec<&str> = choices.iter().chain(accept).map(String::as_str).collect();
                let owners: Vec<usize> = (0..choices.len()).chain(accept.iter().map(|_| *correct)).collect();
                super::option_named_among(&options, &owners, text)
            };
            exact_choice(choices, shown, text)
                .or_else(alternate)
                .or_else(by_shape)
                .map(Response::Choice)
                .ok_or(Unread::NoOption)
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
/// typing `c` means `C`. Last, the choice it names by its shape (`PEP-594`,
/// `the eventlet library`) or by a typo that is nearer that choice than any
/// other: distractors are often one edit apart (`libev`, `libuv`), and a typed
/// distractor is never a typo of the right choice. `None` when nothing
/// matches or the letter is past the last choice.
pub fn choice_index(choices: &[String], shown: &[usize], given: &str) -> Option<usize> {
    exact_choice(choices, shown, given)
        .or_else(|| super::option_named(&choices.iter().map(String::as_str).collect::<Vec<_>>(), given))
}

/// The choice `given` names by its exact (normalised) text or by letter.
fn exact_choice(choices: &[String], shown: &[usize], given: &str) -> Option<usize> {
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

/// Words that say a statement is true, and false, once folded; Korean ones
/// also with a copula or polite ending (see [`parse_truefalse`]).
const TRUE_WORDS: &[&str] = &[
    "true",
    "t",
    "yes",
    "y",
    "o",
    "○",
    "◯",
    "correct",
    "right",
    "참",
    "맞다",
    "맞음",
    "맞아",
    "맞는다",
    "맞습니다",
    "예",
    "네",
    "응",
    "그렇다",
    "옳다",
    "옳음",
    "사실",
    "진실",
];
const FALSE_WORDS: &[&str] = &[
    "false",
    "f",
    "no",
    "n",
    "x",
    "×",
    "✗",
    "incorrect",
    "wrong",
    "거짓",
    "틀리다",
    "틀림",
    "틀렸다",
    "틀린다",
    "틀립니다",
    "틀려",
    "아니다",
    "아니오",
    "아니요",
    "아님",
    "아닙니다",
    "아니에요",
    "그렇지 않다",
    "옳지 않다",
    "잘못",
    "잘못됨",
];

/// Reads a typed `truefalse` answer as a fair teacher would.
///
/// After [`normalize`]: a word that says true (`true`, `t`, `yes`, `correct`,
/// `right`, `O`, `참`, `맞다`, `맞음`, `예`, …) or false (`false`, `f`, `no`,
/// `incorrect`, `wrong`, `X`, `거짓`, `틀리다`, `틀림`, `아니다`, `아니오`,
/// …), also with a Korean copula or ending (`거짓입니다`, `참이에요`), after
/// `it's` or `the statement is`, negated (`not true`, `참이 아니다`), or
/// followed by a reason (`false, they are written in C`, `거짓 (C로 작성됨)`).
/// Anything else is `None`.
///
/// ```
/// use quiz::grade::parse_truefalse;
/// assert_eq!(parse_truefalse("거짓입니다"), Some(false));
/// assert_eq!(parse_truefalse("not true"), Some(false));
/// assert_eq!(parse_truefalse("False, they are written in C"), Some(false));
/// assert_eq!(parse_truefalse("maybe"), None);
/// ```
pub fn parse_truefalse(text: &str) -> Option<bool> {
    let folded = normalize(text);
    // A reason after the verdict.
    let verdict = [",", ";", "(", ":", " - ", " — ", " – ", " because ", " since "]
        .iter()
        .filter_map(|separator| folded.find(separator))
        .min()
        .map_or(folded.as_str(), |cut| &folded[..cut]);
    truth(verdict.trim().trim_end_matches(['.', '!']))
}

fn truth(words: &str) -> Option<bool> {
    for filler in
        ["it's ", "it is ", "that's ", "that is ", "this is ", "the statement is ", "the answer is ", "i think "]
    {
        if let Some(rest) = words.strip_prefix(filler) {
            return truth(rest);
        }
    }
    if let Some(rest) = words.strip_prefix("not ") {
        return truth(rest).map(|value| !value);
    }
    for negation in
        ["이 아니다", "가 아니다", "이 아닙니다", "가 아닙니다", "이 아니에요", "가 아니에요", "이 아님", "가 아님"]
    {
        if let Some(rest) = words.strip_suffix(negation) {
            return truth(rest).map(|value| !value);
        }
    }
    let known = |word: &str| {
        if TRUE_WORDS.contains(&word) {
            Some(true)
        } else if FALSE_WORDS.contains(&word) {
            Some(false)
        } else {
            None
        }
    };
    known(words).or_else(|| {
        ["입니다", "이에요", "예요", "이다", "이요", "요", "임", "이야", "야"]
            .iter()
            .find_map(|ending| words.strip_suffix(ending).filter(|stem| !stem.is_empty()).and_then(known))
    })
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
    fn choice_index_reads_text_and_typos_that_name_one_choice() {
        let choices = strings(&["libev", "libuv", "libevent"]);
        assert_eq!(choice_index(&choices, &[], "LibUV."), Some(1));
        assert_eq!(choice_index(&choices, &[], "libev"), Some(0), "a choice is never a typo of another");
        assert_eq!(choice_index(&choices, &[], "libevnt"), Some(2), "a typo nearest one choice names it");
        assert_eq!(choice_index(&choices, &[], "libxyz"), None);
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
