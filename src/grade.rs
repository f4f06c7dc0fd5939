//! Answer matching: normalisation, typo tolerance, numbers, sets and sequences.
//! Pure functions; the study session, exams and `quiz check` all grade here.

use unicode_normalization::UnicodeNormalization;

use crate::deck::{format_number, Answer};

/// What the learner gave, in the deck's own terms (indexes refer to the deck's order).
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    /// A typed answer (short, numeric, truefalse, or a choice typed on a sheet).
    Text(String),
    /// One typed answer per cloze gap; for multi, the chosen choices as text.
    Gaps(Vec<String>),
    /// The index of the chosen choice.
    Choice(usize),
    /// The indexes of the chosen choices.
    Choices(Vec<usize>),
    /// True or false.
    Bool(bool),
    /// The items in the learner's order, as indexes into the right order.
    Order(Vec<usize>),
    /// A flashcard: whether the learner knew it.
    SelfRated(bool),
    /// No answer.
    Skipped,
}

/// How an answer was judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Right.
    Correct,
    /// Right, with a forgivable typo.
    Typo,
    /// Wrong.
    Incorrect,
}

/// The verdict with what the learner should see.
#[derive(Clone, Debug, PartialEq)]
pub struct Grade {
    /// Right, typo or wrong.
    pub verdict: Verdict,
    /// The right answer, spelled as the deck spells it.
    pub expected: String,
    /// Per part: multi per choice (chosen exactly when it should be), order per
    /// position, cloze per gap. Empty for single-part kinds.
    pub parts: Vec<bool>,
}

impl Grade {
    /// Whether the answer counts as right (a typo does).
    pub fn is_correct(&self) -> bool {
        self.verdict != Verdict::Incorrect
    }

    fn single(verdict: Verdict, expected: String) -> Self {
        Grade { verdict, expected, parts: Vec::new() }
    }
}

/// Folds text for comparison: NFKC, lower case, trimmed, inner whitespace
/// collapsed, and sentence punctuation and quotes around the answer removed
/// (`"Twisted."` → `twisted`), while inner punctuation that carries meaning
/// stays (`3.4`, `async/await`, `reactor.run()`).
///
/// ```
/// use quiz::grade::normalize;
/// assert_eq!(normalize("  “Python   3.4.” "), "python 3.4");
/// assert_eq!(normalize("reactor.run()"), "reactor.run()");
/// ```
pub fn normalize(text: &str) -> String {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    strip_surrounding(&collapsed).to_string()
}

fn strip_surrounding(text: &str) -> &str {
    const QUOTES: &[char] = &['"', '\'', '`', '“', '”', '‘', '’', '«', '»', '「', '」'];
    const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', '。', '、'];
    let mut current = text.trim();
    loop {
        let before = current;
        current = current.trim_start_matches(QUOTES).trim_end_matches(QUOTES);
        current = current.trim_end_matches(TRAILING);
        // Parentheses around the whole answer, but not a call's `()`.
        if current.starts_with('(') && current.ends_with(')') && current.len() >= 2 {
            current = &current[1..current.len() - 1];
        }
        current = current.trim();
        if current == before {
            return current;
        }
    }
}

/// Damerau–Levenshtein distance allowed for a typo in `expected` (normalised):
/// 1 from 5 characters, 2 from 10, and none when it holds a digit, since
/// numbers, years and versions must be exact (`3.4` never accepts `3.5`).
fn allowed_typos(expected: &str) -> usize {
    if expected.chars().any(|character| character.is_numeric()) {
        return 0;
    }
    match expected.chars().count() {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

/// Matches typed text against a canonical answer and its alternates.
///
/// ```
/// use quiz::grade::{match_text, Verdict};
/// let accept = vec!["Python 3.4".to_string()];
/// assert_eq!(match_text("3.4", &accept, "python 3.4"), Verdict::Correct);
/// assert_eq!(match_text("3.4", &accept, "3.5"), Verdict::Incorrect, "versions must be exact");
/// assert_eq!(match_text("inlineCallbacks", &[], "inlineCalbacks"), Verdict::Typo);
/// ```
pub fn match_text(expected: &str, accept: &[String], given: &str) -> Verdict {
    match_text_closest(expected, accept, given).0
}

/// Like [`match_text`], also returning the spelling the answer matched (or came closest to).
fn match_text_closest<'a>(expected: &'a str, accept: &'a [String], given: &str) -> (Verdict, &'a str) {
    let given = normalize(given);
    if given.is_empty() {
        return (Verdict::Incorrect, expected);
    }
    let spellings = std::iter::once(expected).chain(accept.iter().map(String::as_str));
    let mut best: Option<(usize, &str)> = None;
    for spelling in spellings {
        let wanted = normalize(spelling);
        if wanted == given {
            return (Verdict::Correct, spelling);
        }
        let allowed = allowed_typos(&wanted);
        if allowed == 0 {
            continue;
        }
        let wanted_chars: Vec<char> = wanted.chars().collect();
        let given_chars: Vec<char> = given.chars().collect();
        if wanted_chars.len().abs_diff(given_chars.len()) > allowed {
            continue;
        }
        let distance = strsim::generic_damerau_levenshtein(&wanted_chars, &given_chars);
        if distance <= allowed && best.is_none_or(|(closest, _)| distance < closest) {
            best = Some((distance, spelling));
        }
    }
    match best {
        Some((_, spelling)) => (Verdict::Typo, spelling),
        None => (Verdict::Incorrect, expected),
    }
}

/// Reads a typed number: surrounding whitespace, thousands separators (`1,000`),
/// exponents, a leading `+`, and a trailing unit of year (`2009년`, `2009 AD`) are
/// tolerated. NaN and infinities are not numbers here.
pub fn parse_number(text: &str) -> Option<f64> {
    let mut text = normalize(text);
    for suffix in ["년", "ad", "ce"] {
        if let Some(stripped) = text.strip_suffix(suffix) {
            text = stripped.trim().to_string();
        }
    }
    let text = text.strip_prefix('+').unwrap_or(&text);
    let plain: String = if looks_grouped(text) { text.replace(',', "") } else { text.to_string() };
    plain.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// `1,000` and `12,345,678` but not `1,5` (a decimal comma, which we do not guess at).
fn looks_grouped(text: &str) -> bool {
    let digits = text.trim_start_matches('-');
    let mut groups = digits.split(',');
    let first = groups.next().unwrap_or("");
    text.contains(',')
        && (1..=3).contains(&first.len())
        && first.bytes().all(|byte| byte.is_ascii_digit())
        && groups.all(|group| {
            let integer = group.split('.').next().unwrap_or("");
            integer.len() == 3 && integer.bytes().all(|byte| byte.is_ascii_digit())
        })
}

/// The choice a typed answer names: its letter as shown in order (`a`, `B`) or
/// its exact (normalised) text. No typo tolerance: distractors are often one
/// edit apart (`libev`, `libuv`).
pub fn choice_from_text(choices: &[String], given: &str) -> Option<usize> {
    let wanted = normalize(given);
    if let Some(index) = choices.iter().position(|choice| normalize(choice) == wanted) {
        return Some(index);
    }
    let letter = wanted.trim_end_matches(')');
    if letter.len() == 1 {
        let byte = letter.as_bytes()[0];
        if byte.is_ascii_lowercase() {
            let index = usize::from(byte - b'a');
            return (index < choices.len()).then_some(index);
        }
    }
    None
}

/// The order a sheet gives, as indexes into the right order: each entry is an
/// item's text or its 1-based number.
pub fn order_from_texts(items: &[String], given: &[String]) -> Option<Vec<usize>> {
    given
        .iter()
        .map(|entry| {
            let wanted = normalize(entry);
            items.iter().position(|item| normalize(item) == wanted).or_else(|| {
                wanted
                    .parse::<usize>()
                    .ok()
                    .filter(|number| (1..=items.len()).contains(number))
                    .map(|number| number - 1)
            })
        })
        .collect()
}

/// Reads a typed true/false: `true`/`false`, `t`/`f`, `yes`/`no`, `y`/`n`,
/// `o`/`x`, and Korean `참`/`거짓`, `예`/`아니오`, `맞다`/`틀리다`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match normalize(text).as_str() {
        "true" | "t" | "yes" | "y" | "o" | "참" | "예" | "네" | "맞다" | "맞음" => Some(true),
        "false" | "f" | "no" | "n" | "x" | "거짓" | "아니오" | "아니요" | "틀리다" | "틀림" => Some(false),
        _ => None,
    }
}

/// Grades `response` against `answer`. Never panics: out-of-range indexes are wrong.
pub fn grade(answer: &Answer, response: &Response) -> Grade {
    let expected = answer.display();
    if matches!(response, Response::Skipped) {
        return Grade { verdict: Verdict::Incorrect, expected, parts: skipped_parts(answer) };
    }
    match answer {
        Answer::Flashcard { .. } => {
            let knew = matches!(response, Response::SelfRated(true));
            Grade::single(if knew { Verdict::Correct } else { Verdict::Incorrect }, expected)
        }
        Answer::TrueFalse { correct } => {
            let given = match response {
                Response::Bool(value) => Some(*value),
                Response::Text(text) => parse_bool(text),
                Response::Choice(index) => Some(*index == 0),
                _ => None,
            };
            Grade::single(verdict_of(given == Some(*correct)), expected)
        }
        Answer::Short { answer, accept } => match response {
            Response::Text(text) => {
                let (verdict, spelling) = match_text_closest(answer, accept, text);
                Grade::single(verdict, if verdict == Verdict::Typo { spelling.to_string() } else { expected })
            }
            _ => Grade::single(Verdict::Incorrect, expected),
        },
        Answer::Numeric { answer, tolerance, range } => {
            let value = match response {
                Response::Text(text) => parse_number(text),
                _ => None,
            };
            let right = value.is_some_and(|value| {
                let epsilon = 1e-9 * value.abs().max(1.0);
                match (range, answer) {
                    (Some((low, high)), _) => value >= low - epsilon && value <= high + epsilon,
                    (None, Some(answer)) => (value - answer).abs() <= tolerance + epsilon,
                    (None, None) => false,
                }
            });
            Grade::single(verdict_of(right), expected)
        }
        Answer::Choice { choices, correct } => {
            let given = match response {
                Response::Choice(index) => Some(*index),
                Response::Text(text) => choice_from_text(choices, text),
                _ => None,
            };
            Grade::single(verdict_of(given == Some(*correct)), expected)
        }
        Answer::Multi { choices, correct } => {
            let given: Option<Vec<usize>> = match response {
                Response::Choices(indexes) => Some(indexes.clone()),
                Response::Gaps(texts) => texts.iter().map(|text| choice_from_text(choices, text)).collect(),
                Response::Text(text) => choice_from_text(choices, text).map(|index| vec![index]),
                _ => None,
            };
            let Some(mut given) = given else {
                return Grade { verdict: Verdict::Incorrect, expected, parts: vec![false; choices.len()] };
            };
            given.sort_unstable();
            given.dedup();
            let in_range = given.iter().all(|index| *index < choices.len());
            let parts: Vec<bool> =
                (0..choices.len()).map(|index| given.contains(&index) == correct.contains(&index)).collect();
            let right = in_range && parts.iter().all(|part| *part);
            Grade { verdict: verdict_of(right), expected, parts }
        }
        Answer::Order { items } => {
            let given: Option<Vec<usize>> = match response {
                Response::Order(order) => Some(order.clone()),
                Response::Gaps(texts) => order_from_texts(items, texts),
                _ => None,
            };
            let Some(given) = given else {
                return Grade { verdict: Verdict::Incorrect, expected, parts: vec![false; items.len()] };
            };
            let parts: Vec<bool> = (0..items.len()).map(|position| given.get(position) == Some(&position)).collect();
            let right = given.len() == items.len() && parts.iter().all(|part| *part);
            Grade { verdict: verdict_of(right), expected, parts }
        }
        Answer::Cloze { gaps, .. } => {
            let given: Vec<String> = match response {
                Response::Gaps(texts) => texts.clone(),
                Response::Text(text) if gaps.len() == 1 => vec![text.clone()],
                _ => Vec::new(),
            };
            let verdicts: Vec<Verdict> = gaps
                .iter()
                .enumerate()
                .map(|(index, gap)| match given.get(index) {
                    Some(text) => match_text(&gap.answer, &gap.accept, text),
                    None => Verdict::Incorrect,
                })
                .collect();
            let parts: Vec<bool> = verdicts.iter().map(|verdict| *verdict != Verdict::Incorrect).collect();
            let verdict = if given.len() != gaps.len() || verdicts.contains(&Verdict::Incorrect) {
                Verdict::Incorrect
            } else if verdicts.contains(&Verdict::Typo) {
                Verdict::Typo
            } else {
                Verdict::Correct
            };
            Grade { verdict, expected, parts }
        }
    }
}

fn verdict_of(right: bool) -> Verdict {
    if right {
        Verdict::Correct
    } else {
        Verdict::Incorrect
    }
}

fn skipped_parts(answer: &Answer) -> Vec<bool> {
    match answer {
        Answer::Multi { choices, .. } => vec![false; choices.len()],
        Answer::Order { items } => vec![false; items.len()],
        Answer::Cloze { gaps, .. } => vec![false; gaps.len()],
        _ => Vec::new(),
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
        Answer::Choice { choices, correct } => {
            for (index, choice) in choices.iter().enumerate() {
                let right = index == *correct;
                cases.push((Response::Choice(index), right, choice.clone()));
                cases.push((Response::Text(choice.clone()), right, format!("{choice} (typed)")));
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
            let mut swapped: Vec<usize> = (0..items.len()).collect();
            swapped.swap(0, 1);
            cases.push((Response::Order(swapped), false, "the first two swapped".to_string()));
            cases.push((Response::Gaps(items.clone()), true, format!("{} (typed)", items.join(", "))));
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{parse_cloze, Gap};

    fn short(answer: &str, accept: &[&str]) -> Answer {
        Answer::Short { answer: answer.to_string(), accept: accept.iter().map(|text| text.to_string()).collect() }
    }

    fn text(given: &str) -> Response {
        Response::Text(given.to_string())
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn normalisation_folds_case_width_space_and_surrounding_punctuation() {
        assert_eq!(normalize("  Twisted.  "), "twisted");
        assert_eq!(normalize("“Python   3.4”"), "python 3.4");
        assert_eq!(normalize("３．４"), "3.4", "full-width digits fold under NFKC");
        assert_eq!(normalize("reactor.run()"), "reactor.run()", "a call's parentheses stay");
        assert_eq!(normalize("(asyncore)"), "asyncore");
        assert_eq!(normalize("`yield from`"), "yield from");
        assert_eq!(normalize("async/await!"), "async/await");
    }

    #[test]
    fn versions_and_years_never_forgive_typos() {
        let version = short("3.4", &["Python 3.4", "python3.4"]);
        assert_eq!(grade(&version, &text("3.4")).verdict, Verdict::Correct);
        assert_eq!(grade(&version, &text("python 3.4")).verdict, Verdict::Correct);
        assert_eq!(grade(&version, &text("3.5")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&version, &text("python3.5")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&version, &text("３.４")).verdict, Verdict::Correct);
    }

    #[test]
    fn typos_scale_with_length() {
        let word = short("Twisted", &[]);
        assert_eq!(grade(&word, &text("Twsited")).verdict, Verdict::Typo, "a transposition is one edit");
        assert_eq!(grade(&word, &text("Twistd")).verdict, Verdict::Typo);
        assert_eq!(grade(&word, &text("Twst")).verdict, Verdict::Incorrect);
        let short_word = short("gevent", &[]);
        assert_eq!(grade(&short_word, &text("gevnt")).verdict, Verdict::Typo);
        let tiny = short("send", &[]);
        assert_eq!(grade(&tiny, &text("sned")).verdict, Verdict::Incorrect, "under 5 characters: exact");
        let long = short("inlineCallbacks", &[]);
        assert_eq!(grade(&long, &text("inlineCalbaks")).verdict, Verdict::Typo, "two edits from 10 characters");
        assert_eq!(grade(&long, &text("inlineCbaks")).verdict, Verdict::Incorrect);
        let typo = grade(&short("Sam Rushing", &["Rushing"]), &text("Rushng"));
        assert_eq!(typo.verdict, Verdict::Typo);
        assert_eq!(typo.expected, "Rushing", "the closest spelling is shown");
    }

    #[test]
    fn korean_answers() {
        let answer = short("제너레이터", &["generator"]);
        assert_eq!(grade(&answer, &text("제너레이터")).verdict, Verdict::Correct);
        assert_eq!(grade(&answer, &text("제너레이티")).verdict, Verdict::Typo);
        assert_eq!(grade(&answer, &text("Generator.")).verdict, Verdict::Correct);
    }

    #[test]
    fn numbers_with_tolerance_and_ranges() {
        let year = Answer::Numeric { answer: Some(2009.0), tolerance: 0.0, range: None };
        assert_eq!(grade(&year, &text(" 2009 ")).verdict, Verdict::Correct);
        assert_eq!(grade(&year, &text("2009년")).verdict, Verdict::Correct);
        assert_eq!(grade(&year, &text("2008")).verdict, Verdict::Incorrect);
        assert_eq!(grade(&year, &text("two thousand nine")).verdict, Verdict::Incorrect);
        let about = Answer::Numeric { answer: Some(0.1), tolerance: 0.05, range: None };
        assert!(grade(&about, &text("0.15")).is_correct(), "the tolerance is inclusive");
        assert!(!grade(&about, &text("0.16")).is_correct());
        let range = Answer::Numeric { answer: None, tolerance: 0.0, range: Some((2012.0, 2013.0)) };
        assert!(grade(&range, &text("2013")).is_correct());
        assert!(!grade(&range, &text("2014")).is_correct());
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("-2"), Some(-2.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1,5"), None);
    }

    #[test]
    fn choices_by_index_text_or_letter_without_typo_tolerance() {
        let answer = Answer::Choice { choices: strings(&["libevent", "libev", "libuv"]), correct: 1 };
        assert!(grade(&answer, &Response::Choice(1)).is_correct());
        assert!(!grade(&answer, &Response::Choice(2)).is_correct());
        assert!(!grade(&answer, &Response::Choice(99)).is_correct());
        assert!(grade(&answer, &text("LIBEV")).is_correct());
        assert!(!grade(&answer, &text("libuv")).is_correct(), "one edit away, but another choice");
        assert!(!grade(&answer, &text("libevv")).is_correct(), "no typo tolerance for choices");
        assert!(grade(&answer, &text("b")).is_correct(), "letters follow the order given");
        assert_eq!(choice_from_text(&strings(&["x", "y"]), "c"), None);
    }

    #[test]
    fn multi_needs_the_exact_set_and_marks_each_choice() {
        let answer =
            Answer::Multi { choices: strings(&["async def", "await", "yield from", "asyncore"]), correct: vec![0, 1] };
        assert!(grade(&answer, &Response::Choices(vec![1, 0])).is_correct());
        let partial = grade(&answer, &Response::Choices(vec![0, 2]));
        assert!(!partial.is_correct());
        assert_eq!(partial.parts, vec![true, false, false, true]);
        assert!(!grade(&answer, &Response::Choices(vec![0, 1, 7])).is_correct());
        assert!(grade(&answer, &Response::Gaps(strings(&["await", "async def"]))).is_correct());
        assert!(grade(&answer, &Response::Gaps(strings(&["a", "b"]))).is_correct());
    }

    #[test]
    fn order_needs_the_exact_sequence_and_marks_positions() {
        let answer = Answer::Order { items: strings(&["asyncore", "generators", "asyncio"]) };
        assert!(grade(&answer, &Response::Order(vec![0, 1, 2])).is_correct());
        let swapped = grade(&answer, &Response::Order(vec![1, 0, 2]));
        assert!(!swapped.is_correct());
        assert_eq!(swapped.parts, vec![false, false, true]);
        assert!(!grade(&answer, &Response::Order(vec![0, 1])).is_correct());
        assert!(grade(&answer, &Response::Gaps(strings(&["Asyncore", "generators", "3"]))).is_correct());
    }

    #[test]
    fn cloze_grades_every_gap() {
        let (pieces, gaps) = parse_cloze("{{yield from|yield-from}} then {{await}}").unwrap();
        let answer = Answer::Cloze { pieces, gaps };
        assert_eq!(grade(&answer, &Response::Gaps(strings(&["yield-from", "await"]))).verdict, Verdict::Correct);
        let one_wrong = grade(&answer, &Response::Gaps(strings(&["yield from", "yield"])));
        assert_eq!(one_wrong.verdict, Verdict::Incorrect);
        assert_eq!(one_wrong.parts, vec![true, false]);
        assert_eq!(grade(&answer, &Response::Gaps(strings(&["yield from"]))).verdict, Verdict::Incorrect);
        let typo =
            Answer::Cloze { pieces: Vec::new(), gaps: vec![Gap { answer: "dataReceived".into(), accept: vec![] }] };
        assert_eq!(grade(&typo, &Response::Gaps(strings(&["dataRecieved"]))).verdict, Verdict::Typo);
    }

    #[test]
    fn truefalse_flashcard_and_skipped() {
        let statement = Answer::TrueFalse { correct: false };
        assert!(grade(&statement, &Response::Bool(false)).is_correct());
        assert!(grade(&statement, &text("거짓")).is_correct());
        assert!(grade(&statement, &text("F")).is_correct());
        assert!(!grade(&statement, &text("maybe")).is_correct());
        let card = Answer::Flashcard { back: "b".into() };
        assert!(grade(&card, &Response::SelfRated(true)).is_correct());
        assert!(!grade(&card, &Response::SelfRated(false)).is_correct());
        assert!(!grade(&statement, &Response::Skipped).is_correct());
        assert!(!grade(&short("x", &[]), &text("   ")).is_correct(), "a blank answer is wrong");
    }

    #[test]
    fn self_test_cases_pass_on_a_sound_card_and_catch_a_clash() {
        let sound = Answer::Choice { choices: strings(&["libevent", "libev"]), correct: 1 };
        for (response, should_pass, shown) in self_test_cases(&sound) {
            assert_eq!(grade(&sound, &response).is_correct(), should_pass, "{shown}");
        }
        // `Async Def` normalises to a right choice's text: typed, it cannot be told apart.
        let clash = Answer::Multi { choices: strings(&["async def", "Async Def."]), correct: vec![0] };
        let failures = self_test_cases(&clash)
            .into_iter()
            .filter(|(response, should_pass, _)| grade(&clash, response).is_correct() != *should_pass)
            .count();
        assert!(failures > 0);
    }
}
