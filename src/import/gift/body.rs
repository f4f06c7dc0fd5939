//! What an answer block holds, told apart in the order Moodle tells them
//! apart: nothing (essay), `#` (numeric), any `~` (multiple choice), `=` with
//! `->` (matching), `T`/`TRUE`/`F`/`FALSE` (true/false), else short answer.

use super::lex::{find, find_arrow, general_feedback_mark, split_at_any, text, trim, Char};

/// One answer of a choice, short-answer or numeric block.
#[derive(Clone, Copy, Debug)]
pub(super) struct Choice<'a> {
    /// `=` (right) or `~` (wrong, unless weighted).
    pub(super) marker: char,
    /// The `%50%` weight in percent, if one was given.
    pub(super) weight: Option<f64>,
    /// The answer's text (for numeric answers, the number).
    pub(super) text: &'a [Char],
    /// The `#feedback` after it, if any.
    pub(super) feedback: Option<&'a [Char]>,
}

impl Choice<'_> {
    /// Whether the answer earns full credit: `=` without a weight, or a weight of 100%.
    pub(super) fn is_full(&self) -> bool {
        match self.weight {
            Some(weight) => weight >= 100.0,
            None => self.marker == '=',
        }
    }
}

/// The kinds of answer block.
#[derive(Debug)]
pub(super) enum Body<'a> {
    /// `{}`: an essay (with general feedback, a model answer).
    Essay,
    /// `{T}`, `{FALSE#wrong#right}`.
    TrueFalse {
        /// The right answer.
        value: bool,
        /// Shown for a wrong answer.
        wrong_feedback: Option<&'a [Char]>,
        /// Shown for the right answer.
        right_feedback: Option<&'a [Char]>,
    },
    /// `{#3.5:0.5}`, `{#1..5}`, `{#=2009 =%50%2008}`.
    Numeric {
        /// The answers, each a number, `number:tolerance` or `low..high`.
        answers: Vec<Choice<'a>>,
        /// The `~#feedback` for any other answer.
        wrong_feedback: Option<&'a [Char]>,
    },
    /// `{=a ~b ~c}` (`single`), or `{~%50%a ~%50%b ~%-100%c}`.
    Choices {
        /// Whether an `=` marks one right answer (else the weights decide).
        single: bool,
        /// The choices in order.
        choices: Vec<Choice<'a>>,
    },
    /// `{=a -> 1 =b -> 2}`: left and right of each pair.
    Matching(Vec<(&'a [Char], &'a [Char])>),
    /// `{=a =b =%50%c}`.
    Short(Vec<Choice<'a>>),
}

/// An answer block read: its body and the `####` general feedback.
#[derive(Debug)]
pub(super) struct Answers<'a> {
    /// What the block asks for.
    pub(super) body: Body<'a>,
    /// The general feedback, if any.
    pub(super) general: Option<&'a [Char]>,
}

/// Reads the inside of an answer block; an `Err` says why the question is skipped.
pub(super) fn read(chars: &[Char]) -> Result<Answers<'_>, String> {
    let (body, general) = match general_feedback_mark(chars) {
        Some(mark) => (chars.get(..mark).unwrap_or(&[]), chars.get(mark + 4..)),
        None => (chars, None),
    };
    let body = trim(body);
    let general = general.map(trim).filter(|general| !general.is_empty());
    let read = match body {
        [] => Body::Essay,
        [first, rest @ ..] if first.is('#') => numeric(rest),
        _ if find(body, '~').is_some() => choices(body),
        _ if find(body, '=').is_some() && find_arrow(body).is_some() => matching(body)?,
        _ => match true_false(body) {
            Some(true_false) => true_false,
            None => Body::Short(answers(body, &['='], '=', true)),
        },
    };
    Ok(Answers { body: read, general })
}

fn numeric(rest: &[Char]) -> Body<'_> {
    let (answers_part, wrong_feedback) = match find(rest, '~') {
        Some(tilde) => {
            let wrong = rest.get(tilde + 1..).unwrap_or(&[]);
            let feedback = find(wrong, '#').and_then(|hash| wrong.get(hash + 1..)).map(trim);
            (rest.get(..tilde).unwrap_or(&[]), feedback.filter(|feedback| !feedback.is_empty()))
        }
        None => (rest, None),
    };
    Body::Numeric { answers: answers(answers_part, &['='], '=', true), wrong_feedback }
}

fn choices(body: &[Char]) -> Body<'_> {
    let single = find(body, '=').is_some();
    Body::Choices { single, choices: answers(body, &['=', '~'], '~', false) }
}

fn matching(body: &[Char]) -> Result<Body<'_>, String> {
    let (leading, pieces) = split_at_any(body, &['=']);
    let mut pairs = Vec::new();
    for piece in std::iter::once(leading)
        .filter(|leading| !trim(leading).is_empty())
        .chain(pieces.into_iter().map(|(_, piece)| piece))
    {
        let Some(arrow) = find_arrow(piece) else {
            return Err(format!(
                "the matching pair `{}` has no `->`; write each pair as `=left -> right`",
                text(trim(piece))
            ));
        };
        let left = trim(piece.get(..arrow).unwrap_or(&[]));
        let right = trim(piece.get(arrow + 2..).unwrap_or(&[]));
        pairs.push((left, right));
    }
    if pairs.len() < 2 {
        return Err("a matching question needs two pairs or more".to_string());
    }
    Ok(Body::Matching(pairs))
}

fn true_false(body: &[Char]) -> Option<Body<'_>> {
    let (word, feedbacks) = match find(body, '#') {
        Some(hash) => (body.get(..hash).unwrap_or(&[]), body.get(hash + 1..)),
        None => (body, None),
    };
    let value = match text(trim(word)).as_str() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    let (wrong_feedback, right_feedback) = match feedbacks {
        Some(feedbacks) => match find(feedbacks, '#') {
            Some(hash) => (feedbacks.get(..hash), feedbacks.get(hash + 1..)),
            None => (Some(feedbacks), None),
        },
        None => (None, None),
    };
    Some(Body::TrueFalse { value, wrong_feedback: present(wrong_feedback), right_feedback: present(right_feedback) })
}

/// A feedback's text, unless it is empty.
fn present(feedback: Option<&[Char]>) -> Option<&[Char]> {
    feedback.map(trim).filter(|feedback| !feedback.is_empty())
}

/// The answers of a block, cut at `markers`; text before the first marker
/// is an answer too (marked `leading`), as Moodle reads it. A weight after
/// `=` is read only with `weigh_right` (in a choice block `=` is always right).
fn answers<'a>(body: &'a [Char], markers: &[char], leading: char, weigh_right: bool) -> Vec<Choice<'a>> {
    let (before, pieces) = split_at_any(body, markers);
    let before = trim(before);
    let first = (!before.is_empty()).then_some((leading, before));
    first.into_iter().chain(pieces).map(|(marker, piece)| answer(marker, piece, marker != '=' || weigh_right)).collect()
}

/// One answer: its weight (when `weighed`), text and feedback.
fn answer(marker: char, piece: &[Char], weighed: bool) -> Choice<'_> {
    let piece = trim(piece);
    let (weight, rest) = if weighed { weight(piece) } else { (None, piece) };
    let (text, feedback) = match find(rest, '#') {
        Some(hash) => (rest.get(..hash).unwrap_or(&[]), rest.get(hash + 1..).map(trim)),
        None => (rest, None),
    };
    Choice { marker, weight, text: trim(text), feedback: feedback.filter(|feedback| !feedback.is_empty()) }
}

/// A leading `%weight%` (`%` then `-`s, digits, an optional `.` and digits,
/// `%`), and the rest; anything else is not a weight and stays text.
pub(super) fn weight(piece: &[Char]) -> (Option<f64>, &[Char]) {
    let none = (None, piece);
    let Some(first) = piece.first() else { return none };
    if !first.is('%') {
        return none;
    }
    let mut index = 1;
    let mut negative = false;
    while piece.get(index).is_some_and(|character| character.is('-')) {
        negative = true;
        index += 1;
    }
    let digits_start = index;
    let is_digit = |index: usize| piece.get(index).is_some_and(|character| character.value.is_ascii_digit());
    while is_digit(index) {
        index += 1;
    }
    if index == digits_start {
        return none;
    }
    if piece.get(index).is_some_and(|character| character.is('.')) {
        index += 1;
        while is_digit(index) {
            index += 1;
        }
    }
    if !piece.get(index).is_some_and(|character| character.is('%')) {
        return none;
    }
    let number = text(piece.get(digits_start..index).unwrap_or(&[]));
    let Ok(value) = number.trim_end_matches('.').parse::<f64>() else { return none };
    (Some(if negative { -value } else { value }), piece.get(index + 1..).unwrap_or(&[]))
}

#[cfg(test)]
mod tests {
    use super::super::lex::blocks;
    use super::*;

    fn chars(text: &str) -> Vec<Char> {
        blocks(text).into_iter().next().map(|block| block.chars()).unwrap_or_default()
    }

    fn kind(text: &str) -> String {
        let chars = chars(text);
        match read(&chars) {
            Ok(answers) => match answers.body {
                Body::Essay => "essay".into(),
                Body::TrueFalse { value, .. } => format!("truefalse {value}"),
                Body::Numeric { answers, .. } => format!("numeric {}", answers.len()),
                Body::Choices { single, choices } => format!("choices {single} {}", choices.len()),
                Body::Matching(pairs) => format!("matching {}", pairs.len()),
                Body::Short(answers) => format!("short {}", answers.len()),
            },
            Err(message) => message,
        }
    }

    #[test]
    fn blocks_are_told_apart_as_moodle_does() {
        assert_eq!(kind("####only feedback"), "essay");
        assert_eq!(kind("#3.5:0.5"), "numeric 1");
        assert_eq!(kind("# =2009 =%50%2008 ~#no"), "numeric 2");
        assert_eq!(kind("=a ~b ~c"), "choices true 3");
        assert_eq!(kind("~%50%a ~%50%b ~%-100%c"), "choices false 3");
        assert_eq!(kind("=a -> 1 =b -> 2"), "matching 2");
        assert!(kind("=a -> 1 =b").contains("has no `->`"));
        assert_eq!(kind("TRUE#wrong#right"), "truefalse true");
        assert_eq!(kind("F"), "truefalse false");
        assert_eq!(kind("true"), "short 1", "Moodle reads only upper case as true/false");
        assert_eq!(kind("=a =b"), "short 2");
        assert_eq!(kind(r"=a\~b"), "short 1");
    }

    #[test]
    fn weights_follow_moodles_pattern() {
        let read = |text: &str| {
            let chars = chars(text);
            let (weight, rest) = weight(&chars);
            (weight, super::text(rest))
        };
        assert_eq!(read("%50%x"), (Some(50.0), "x".to_string()));
        assert_eq!(read("%-100%x"), (Some(-100.0), "x".to_string()));
        assert_eq!(read("%33.33333%x"), (Some(33.33333), "x".to_string()));
        assert_eq!(read("%x%y"), (None, "%x%y".to_string()));
        assert_eq!(read("%5"), (None, "%5".to_string()));
        assert_eq!(read("50%"), (None, "50%".to_string()));
    }
}
