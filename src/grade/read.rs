//! The one reader of typed answers. Typed text (a timed exam's line, an
//! answer sheet's values) becomes a [`Response`] here and nowhere else:
//! choices by their text or by letter, items by their text or number,
//! true/false words, and the text of typed kinds.
//!
//! Letters and numbers name choices and items *as shown*: `shown[i]` is the
//! deck index of what stood at position `i` (a printed exam's order). An
//! empty `shown` means the deck's own order.

use super::truth::parse_truefalse;
use super::Response;
use crate::deck::{Answer, Card, CardText};
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
    /// Text with no number in it, for a numeric card (`abc`): a slip to ask
    /// about again, not a wrong number.
    NotANumber,
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
        (Answer::Numeric { .. }, Typed::One(text)) if !names_a_number(text) => Err(Unread::NotANumber),
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
            order_from_texts(items, shown, &order_pieces(text)).map(Response::Order).ok_or(Unread::NoOption)
        }
        (Answer::Order { items }, Typed::Many(texts)) => {
            order_from_texts(items, shown, texts).map(Response::Order).ok_or(Unread::NoOption)
        }
        (Answer::Cloze { gaps, .. }, Typed::One(text)) if gaps.len() == 1 => Ok(Response::Gaps(vec![text.to_string()])),
        (Answer::Cloze { .. }, Typed::One(_)) => Err(Unread::Shape("a list (one entry per gap)")),
        (Answer::Cloze { .. }, Typed::Many(texts)) => Ok(Response::Gaps(texts.to_vec())),
    }
}

/// Reads `typed` as an answer to `card` in `text`'s language: by [`read`],
/// and on a translation, failing that, by the deck's base language (a
/// Korean student may type a choice as the English deck writes it; choices
/// and items are matched by position).
pub fn read_card(card: &Card, text: &CardText, shown: &[usize], typed: Typed<'_>) -> Result<Response, Unread> {
    match read(&text.answer, shown, typed) {
        Err(Unread::NoOption) if !std::ptr::eq(text, &card.text) => {
            read(&card.text.answer, shown, typed).map_err(|_| Unread::NoOption)
        }
        other => other,
    }
}

/// Whether typed text could name a number: it has a digit (of any script;
/// full-width ones too), or nothing was typed at all (an answer left blank is
/// wrong, not unreadable). Number words are not read by the grader, so text
/// without a digit could never be right.
fn names_a_number(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || text.chars().any(char::is_numeric)
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
    let named = |given: &str| {
        if let Some(index) = choices.iter().position(|choice| normalize(choice) == given) {
            return Some(index);
        }
        position_of_letter(given).and_then(|position| at(shown, position)).filter(|index| *index < choices.len())
    };
    // `답: b`, `the answer is b`.
    named(&given).or_else(|| super::words::without_lead_in(&given).and_then(named))
}

/// The choices a typed `multi` answer names.
///
/// The whole text is first tried as one choice (so a choice containing a
/// comma still matches), then as letters typed together (`abc` for a, b and
/// c; see [`letters_together`]). Otherwise it is split on `,`, `;` and `、`,
/// and each piece must be one choice by [`choice_index`] or a run of letters
/// separated by spaces (`a c`). `None` when any piece names no choice, or when
/// there is no piece at all.
pub fn choices_from_text(choices: &[String], shown: &[usize], given: &str) -> Option<Vec<usize>> {
    if let Some(index) = exact_choice(choices, shown, given) {
        return Some(vec![index]);
    }
    if let Some(indexes) = letters_together(choices.len(), shown, given) {
        return Some(indexes);
    }
    let mut chosen = Vec::new();
    let pieces = list_pieces(given);
    // More pieces than a list of these choices could hold is not a list of them.
    if pieces.len() > 2 * choices.len() + 4 {
        return None;
    }
    for piece in pieces {
        if let Some(index) = choice_index(choices, shown, &piece) {
            chosen.push(index);
            continue;
        }
        // `select와 poll`: Korean particles that join each item to the next.
        if let Some(indexes) = joined_by_particles(&piece)
            .and_then(|items| items.iter().map(|item| choice_index(choices, shown, item)).collect::<Option<Vec<_>>>())
        {
            chosen.extend(indexes);
            continue;
        }
        for token in normalize(&piece).split(' ') {
            let index = position_of_letter(token).and_then(|position| at(shown, position));
            chosen.push(index.filter(|index| *index < choices.len())?);
        }
    }
    (!chosen.is_empty()).then_some(chosen)
}

/// Letters typed without spaces (`abc`, `CE`) as the choices they name: only
/// when the text is nothing but two or more ASCII letters, each the letter of
/// a shown choice and none twice, so a word (`bad`, `ace`) is read as letters
/// only where every letter names a choice anyway. Past 26 choices letters
/// have two characters, and nothing is read this way.
fn letters_together(count: usize, shown: &[usize], given: &str) -> Option<Vec<usize>> {
    let text = given.trim();
    if count > 26 || text.len() < 2 || text.len() > count || !text.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        return None;
    }
    let mut indexes = Vec::with_capacity(text.len());
    for byte in text.bytes() {
        let index = at(shown, usize::from(byte.to_ascii_lowercase() - b'a')).filter(|index| *index < count)?;
        if indexes.contains(&index) {
            return None;
        }
        indexes.push(index);
    }
    Some(indexes)
}

/// Words that join the items of a typed list (`select and poll`), with spaces around them.
const LIST_WORDS: &[&str] = &[" and ", " & ", " 및 ", " 그리고 ", " 랑 ", " 하고 "];
/// Korean particles that join a list item to the next (`select와 poll`), longest first.
const LIST_PARTICLES: &[&str] = &["이랑", "하고", "와", "과", "랑"];
/// What may close a typed list without naming an item (`… 둘 다`, `both`).
const LIST_TAILS: &[&str] = &[
    "둘 다",
    "두 개",
    "두 가지",
    "세 개",
    "세 가지",
    "네 개",
    "네 가지",
    "모두",
    "전부",
    "다",
    "both",
    "all of them",
    "all",
];

/// The items of a typed list: split on `,`, `;`, `、` and joining words,
/// after dropping a closing count (`둘 다`, `both`). Empty items are dropped.
fn list_pieces(given: &str) -> Vec<String> {
    let mut text = normalize(given);
    // A polite ending on the whole list (`select와 poll 두 가지요`).
    if let Some(rest) = text.strip_suffix('요').filter(|rest| rest.ends_with(|c: char| !c.is_ascii())) {
        text = rest.to_string();
    }
    // At most two closing words (`둘 다`, `both`): bounded on hostile input.
    for _ in 0..2 {
        let Some(rest) = LIST_TAILS
            .iter()
            .find_map(|tail| text.strip_suffix(tail).filter(|rest| rest.is_empty() || rest.ends_with([' ', ','])))
        else {
            break;
        };
        let rest = rest.trim_end_matches([' ', ',']).to_string();
        if rest.is_empty() {
            break;
        }
        text = rest;
    }
    let mut joined = without_remarks(&text);
    for word in LIST_WORDS {
        joined = joined.replace(word, ",");
    }
    joined.split([',', ';', '、']).map(str::trim).filter(|piece| !piece.is_empty()).map(str::to_string).collect()
}

/// `text` without remarks in brackets (`poll(use_poll=True일 때)` → `poll`),
/// in one pass: a bracket whose content has a space is a remark; a call's
/// `()` or `(x)` stays.
fn without_remarks(text: &str) -> String {
    let bytes = text.as_bytes();
    // For each position, where the next `)` is, found in one backward pass.
    let mut next_close = vec![None; bytes.len() + 1];
    for at in (0..bytes.len()).rev() {
        next_close[at] = if bytes[at] == b')' { Some(at) } else { next_close[at + 1] };
    }
    // How many spaces come before each position.
    let mut spaces = vec![0usize; bytes.len() + 1];
    for (at, byte) in bytes.iter().enumerate() {
        spaces[at + 1] = spaces[at] + usize::from(*byte == b' ');
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'(' {
            if let Some(close) = next_close[at + 1] {
                if spaces[close] > spaces[at] {
                    out.push(' ');
                    at = close + 1;
                    continue;
                }
            }
        }
        let character = text[at..].chars().next().unwrap_or(' ');
        out.push(character);
        at += character.len_utf8();
    }
    out
}

/// `piece` split after each word that ends in a joining particle
/// (`select와 poll` → `select`, `poll`); `None` when there is none.
fn joined_by_particles(piece: &str) -> Option<Vec<String>> {
    let mut items = vec![String::new()];
    for word in piece.split(' ') {
        let last = items.last_mut()?;
        if !last.is_empty() {
            last.push(' ');
        }
        match LIST_PARTICLES.iter().find_map(|particle| word.strip_suffix(particle).filter(|stem| !stem.is_empty())) {
            Some(stem) => {
                last.push_str(stem);
                items.push(String::new());
            }
            None => last.push_str(word),
        }
    }
    items.retain(|item| !item.is_empty());
    (items.len() > 1).then_some(items)
}

/// The pieces of a typed order: split on commas or arrows (`a -> b → c`),
/// numbers joined by dashes (`1-2-3-4`), else on spaces.
fn order_pieces(text: &str) -> Vec<String> {
    let mut text = text.to_string();
    for arrow in ["->", "=>", "→", "⇒", "⟶", ">"] {
        text = text.replace(arrow, ",");
    }
    for word in [" then ", " 다음 ", " 그다음 ", " 그 다음 ", " 그리고 "] {
        text = text.replace(word, ",");
    }
    let dashed =
        text.trim().split('-').all(|part| !part.trim().is_empty() && part.trim().chars().all(|c| c.is_ascii_digit()));
    if dashed && text.contains('-') {
        text = text.replace('-', ",");
    }
    // Single-digit positions written together (`1234`).
    let trimmed = text.trim();
    if trimmed.len() > 1 && trimmed.len() <= 9 && trimmed.chars().all(|c| matches!(c, '1'..='9')) {
        return trimmed.chars().map(String::from).collect();
    }
    if text.contains([',', ';', '、']) {
        text.split([',', ';', '、']).map(str::to_string).filter(|piece| !piece.trim().is_empty()).collect()
    } else {
        text.split_whitespace().map(str::to_string).collect()
    }
}

/// Reads an `order` answer into deck indexes of `items`.
///
/// Each element of `given` is an item's text ([`normalize`]d, exact) or its
/// 1-based number as shown (`#2` too). Text is tried first, so items that are
/// themselves numbers (years) are matched by value. When items repeat a text,
/// each mention takes the next unused one. `None` when any element names no item.
pub fn order_from_texts(items: &[String], shown: &[usize], given: &[String]) -> Option<Vec<usize>> {
    if given.len() > 2 * items.len() + 4 {
        return None; // not an order of these items, however it reads
    }
    let normalized: Vec<String> = items.iter().map(|item| normalize(item)).collect();
    let mut used = vec![false; items.len()];
    let mut sequence = Vec::with_capacity(given.len().min(items.len() + 1));
    for text in given {
        let text = normalize(text);
        let matching = || normalized.iter().enumerate().filter(|(_, item)| **item == text).map(|(index, _)| index);
        let by_text = matching().find(|&index| !used[index]).or_else(|| matching().next());
        let index = match by_text {
            Some(index) => index,
            None => match text.strip_prefix('#').unwrap_or(&text).parse::<usize>() {
                Ok(number) => {
                    let index = number.checked_sub(1).and_then(|position| at(shown, position))?;
                    (index < items.len()).then_some(index)?
                }
                // An item by its shape (`deferredGenerator` for `deferredGenerator (Twisted 2.0)`).
                Err(_) => super::option_named(&items.iter().map(String::as_str).collect::<Vec<_>>(), &text)?,
            },
        };
        used[index] = true;
        sequence.push(index);
    }
    Some(sequence)
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
    fn letters_typed_together_name_the_choices_as_shown() {
        let choices = strings(&["async def", "await", "yield from", "asyncore", "select"]);
        assert_eq!(choices_from_text(&choices, &[], "abc"), Some(vec![0, 1, 2]));
        assert_eq!(choices_from_text(&choices, &[], "CE"), Some(vec![2, 4]));
        assert_eq!(choices_from_text(&choices, &[4, 3, 2, 1, 0], "ab"), Some(vec![4, 3]), "letters as shown");
        assert_eq!(
            read(&multi(&["x", "y", "z", "w", "v"], &[0]), &[], Typed::One("abc")),
            Ok(Response::Choices(vec![0, 1, 2]))
        );
        assert_eq!(choices_from_text(&choices, &[], "abf"), None, "f is past the last choice");
        assert_eq!(choices_from_text(&choices, &[], "aab"), None, "a letter twice is not a list of letters");
        assert_eq!(choices_from_text(&strings(&["x", "y", "z"]), &[], "abcd"), None, "more letters than choices");
        // A choice that is a word made of choice letters is still that choice.
        let words = strings(&["bad", "ace", "cab", "dab", "e"]);
        assert_eq!(choices_from_text(&words, &[], "bad"), Some(vec![0]));
        assert_eq!(choices_from_text(&words, &[], "ace, cab"), Some(vec![1, 2]));
    }

    #[test]
    fn a_numeric_card_does_not_read_text_without_a_number() {
        let numeric = Answer::Numeric { answer: Some(2009.0), tolerance: 0.0, range: None };
        assert_eq!(read(&numeric, &[], Typed::One("abc")), Err(Unread::NotANumber));
        assert_eq!(read(&numeric, &[], Typed::One("이천구년")), Err(Unread::NotANumber));
        for typed in ["2009", "２００９", "in 2009", "2009년이에요", "", "  "] {
            assert_eq!(read(&numeric, &[], Typed::One(typed)), Ok(Response::Text(typed.to_string())), "{typed:?}");
        }
        assert_eq!(read(&short("asyncore"), &[], Typed::One("abc")), Ok(Response::Text("abc".into())), "only numbers");
    }

    #[test]
    fn choices_from_text_reads_lists_as_written() {
        let choices = strings(&["select()", "poll()", "epoll_wait()", "SelectorEventLoop"]);
        for typed in
            ["select and poll", "select() & poll()", "select와 poll", "select()랑 poll() 둘 다", "select, poll both"]
        {
            let mut chosen = choices_from_text(&choices, &[], typed).unwrap_or_default();
            chosen.sort();
            assert_eq!(chosen, vec![0, 1], "{typed}");
        }
        assert_eq!(choices_from_text(&choices, &[], "asyncio.SelectorEventLoop"), Some(vec![3]));
        // The whole text is one choice only when it is exactly one: a
        // qualified list must not be read as its last name alone.
        assert_eq!(choices_from_text(&choices, &[], "select, asyncio.SelectorEventLoop"), Some(vec![0, 3]));
        assert_eq!(choices_from_text(&choices, &[], "select and kqueue"), None);
    }

    #[test]
    fn order_is_read_with_arrows_dashes_and_items_by_shape() {
        let items = order(&["deferredGenerator (Twisted 2.0)", "inlineCallbacks (Twisted 2.5)", "asyncio"]);
        let right = Ok(Response::Order(vec![0, 1, 2]));
        for typed in [
            "1-2-3",
            "1 2 3",
            "1, 2, 3",
            "deferredGenerator -> inlineCallbacks -> asyncio",
            "deferredGenerator → inlineCallbacks → asyncio",
        ] {
            assert_eq!(read(&items, &[], Typed::One(typed)), right, "{typed}");
        }
        assert_eq!(read(&items, &[], Typed::One("2-1-3")), Ok(Response::Order(vec![1, 0, 2])));
        assert_eq!(read(&items, &[], Typed::One("trio -> asyncio")), Err(Unread::NoOption));
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
}
