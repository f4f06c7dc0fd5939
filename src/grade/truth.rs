//! True/false answers as a fair teacher reads them, in English and Korean:
//! the words that say true or false, with copulas, polite endings, fillers,
//! negations and a reason after the verdict.

use crate::text::normalize;

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
    "틀렸어",
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
    let verdict = [",", ";", "(", ":", ". ", "。", " - ", " — ", " – ", " because ", " since "]
        .iter()
        .filter_map(|separator| folded.find(separator))
        .min()
        .map_or(folded.as_str(), |cut| &folded[..cut]);
    truth(verdict.trim().trim_end_matches(['.', '!']))
}

/// How many fillers, negations and agreeing words one verdict may stack
/// (`it's not true`); bounds the work on hostile input.
const MOST_TRUTH_STEPS: usize = 6;

fn truth(words: &str) -> Option<bool> {
    truth_within(words, MOST_TRUTH_STEPS)
}

fn truth_within(words: &str, steps: usize) -> Option<bool> {
    let steps = steps.checked_sub(1)?;
    for filler in
        ["it's ", "it is ", "that's ", "that is ", "this is ", "the statement is ", "the answer is ", "i think "]
    {
        if let Some(rest) = words.strip_prefix(filler) {
            return truth_within(rest, steps);
        }
    }
    if let Some(rest) = words.strip_prefix("not ") {
        return truth_within(rest, steps).map(|value| !value);
    }
    for negation in
        ["이 아니다", "가 아니다", "이 아닙니다", "가 아닙니다", "이 아니에요", "가 아니에요", "이 아님", "가 아님"]
    {
        if let Some(rest) = words.strip_suffix(negation) {
            return truth_within(rest, steps).map(|value| !value);
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
    let one = known(words).or_else(|| {
        ["입니다", "이에요", "예요", "이다", "이요", "요", "임", "이야", "야"]
            .iter()
            .find_map(|ending| words.strip_suffix(ending).filter(|stem| !stem.is_empty()).and_then(known))
    });
    if one.is_some() || !words.contains(' ') {
        return one;
    }
    // A few words that all say the same (`네 맞아요`, `yes true`).
    let mut values = words.splitn(MOST_TRUTH_STEPS + 1, ' ').map(|word| truth_within(word, steps));
    let first = values.next()??;
    values.all(|value| value == Some(first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn parse_truefalse_reads_agreeing_words_and_refuses_mixed_ones() {
        assert_eq!(parse_truefalse("네 맞아요"), Some(true));
        assert_eq!(parse_truefalse("yes true"), Some(true));
        assert_eq!(parse_truefalse("no, wrong"), Some(false));
        assert_eq!(parse_truefalse("yes false"), None, "the words disagree");
        assert_eq!(parse_truefalse("true maybe"), None);
    }

    #[test]
    fn parse_truefalse_is_bounded_on_hostile_input() {
        assert_eq!(parse_truefalse(&"not ".repeat(100_000)), None);
        assert_eq!(parse_truefalse(&"yes ".repeat(100_000)), None, "a handful of words, not a wall");
        assert_eq!(parse_truefalse(&"it's ".repeat(100_000)), None);
    }
}
