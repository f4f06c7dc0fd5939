//! The question types with `<answer>` elements: multiple choice, true/false,
//! short answer, numerical, essay, ordering and matching.

use std::collections::HashSet;

use super::{child, children, text_of, value, Question};
use crate::deck::{format_number, Answer, CardText};
use crate::import::RemarkKind;

/// One `<answer>` (or one alternative of an embedded answer).
pub(super) struct Choice {
    /// The marks it earns, in percent (`100`, `33.33333`, `-100`; an ordering's position).
    pub(super) fraction: f64,
    /// Its text, as deck text.
    pub(super) text: String,
    /// Its feedback, if it has some.
    pub(super) feedback: Option<String>,
    /// Its `<tolerance>` as written (numerical answers).
    pub(super) tolerance: Option<String>,
}

/// Whether `fraction` earns full marks.
pub(super) fn is_full(fraction: f64) -> bool {
    fraction >= 99.99
}

/// A number as Moodle writes one (`3.5`, `-2`, `1e3`, `3,5`), if `text` is one.
pub(super) fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || !text.chars().all(|character| "0123456789+-.,eE".contains(character)) {
        return None;
    }
    let text = if text.contains('.') { text.to_string() } else { text.replacen(',', ".", 1) };
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// A typed answer as Moodle matches it: `\*` is a literal `*`, any other
/// `*` a wildcard. Returns the text and whether it holds a wildcard.
pub(super) fn spelling(written: &str) -> (String, bool) {
    let mut text = String::with_capacity(written.len());
    let mut wildcard = false;
    let mut characters = written.chars().peekable();
    while let Some(character) = characters.next() {
        if character == '\\' && characters.peek() == Some(&'*') {
            characters.next();
            text.push('*');
            continue;
        }
        wildcard |= character == '*';
        text.push(character);
    }
    (text, wildcard)
}

/// A typed answer: the first full-marks spelling, the others as alternates,
/// the right answer's feedback and how many other feedbacks there were.
pub(super) struct Typed {
    /// The first full-marks spelling.
    pub(super) answer: String,
    /// The other full-marks spellings.
    pub(super) accept: Vec<String>,
    /// The first spelling's feedback.
    pub(super) feedback: Option<String>,
    /// How many feedbacks of other answers there were.
    pub(super) other_feedback: usize,
}

impl Question<'_, '_, '_> {
    /// The question's `<answer>`s that have text: read by their format when
    /// `formatted` (choices, items), else as written (typed answers, as Moodle does).
    fn answers(&mut self, formatted: bool) -> Vec<Choice> {
        let nodes: Vec<_> = children(self.node, "answer").collect();
        let mut answers = Vec::with_capacity(nodes.len());
        for node in nodes {
            let fraction = node
                .attribute("fraction")
                .and_then(|fraction| fraction.trim().parse::<f64>().ok())
                .filter(|fraction| fraction.is_finite())
                .unwrap_or(0.0);
            let text = if formatted { self.text(node) } else { text_of(node).trim().to_string() };
            let feedback = child(node, "feedback").map(|feedback| self.text(feedback)).filter(|text| !text.is_empty());
            if !text.is_empty() {
                answers.push(Choice { fraction, text, feedback, tolerance: value(node, "tolerance") });
            }
        }
        answers
    }

    /// The question text as deck text.
    fn prompt(&mut self, raw: &str) -> String {
        self.convert(raw, self.markup)
    }

    /// `multichoice`: one answer (`<single>true`) is a choice card, several a multi card.
    pub(super) fn multichoice(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        // As Moodle reads it: absent is single, `false`, `0` or empty is not.
        let single = child(self.node, "single")
            .map(|single| text_of(single).trim().to_string())
            .is_none_or(|single| !matches!(single.as_str(), "false" | "0" | ""));
        let prompt = self.prompt(raw);
        let answers = self.answers(true);
        let (answer, explanation) = match single {
            true => self.choice(&answers, general)?,
            false => (self.multi(&answers)?, general),
        };
        Some(CardText { prompt, answer, explanation, reject: Vec::new() })
    }

    /// One right answer: the first with full marks.
    fn choice(&mut self, answers: &[Choice], general: Option<String>) -> Option<(Answer, Option<String>)> {
        let mut choices = Vec::with_capacity(answers.len());
        let mut correct = None;
        let mut right_feedback = None;
        let mut other_feedback = 0;
        for answer in answers {
            if is_full(answer.fraction) && correct.is_none() {
                correct = Some(choices.len());
                choices.push(answer.text.clone());
                right_feedback = answer.feedback.clone();
                continue;
            }
            other_feedback += usize::from(answer.feedback.is_some());
            if is_full(answer.fraction) {
                self.note(
                    RemarkKind::Approximated,
                    format!(
                        "`{}` earns full marks too; a choice card has one right answer, so it is left out",
                        answer.text
                    ),
                );
                continue;
            }
            if answer.fraction > 0.0 {
                self.note(
                    RemarkKind::Approximated,
                    format!(
                        "`{}` earns {}% in Moodle; here it counts as wrong",
                        answer.text,
                        format_number(answer.fraction)
                    ),
                );
            }
            choices.push(answer.text.clone());
        }
        let Some(correct) = correct else { return self.skip("no answer earns full marks (fraction 100)") };
        let explanation = self.explanation(general, right_feedback, other_feedback);
        Some((Answer::Choice { choices, correct, accept: Vec::new() }, explanation))
    }

    /// Several right answers: those earning marks (a positive fraction).
    fn multi(&mut self, answers: &[Choice]) -> Option<Answer> {
        let mut correct = Vec::new();
        let mut weights = Vec::new();
        let mut free = 0;
        let mut feedbacks = 0;
        for (index, answer) in answers.iter().enumerate() {
            feedbacks += usize::from(answer.feedback.is_some());
            if answer.fraction > 0.0 {
                correct.push(index);
                weights.push(answer.fraction);
            } else if answer.fraction == 0.0 {
                free += 1;
            }
        }
        if correct.is_empty() {
            return self.skip("no answer earns marks (a positive fraction)");
        }
        let total: f64 = weights.iter().sum();
        let even = 100.0 / weights.len() as f64;
        if weights.iter().any(|weight| (weight - even).abs() > 0.001) || (total - 100.0).abs() > 0.01 {
            let shown: Vec<String> = weights.iter().map(|weight| format!("{}%", format_number(*weight))).collect();
            self.note(
                RemarkKind::Approximated,
                format!(
                    "the weights {} become plain right answers: a multi card needs every right choice",
                    shown.join(", ")
                ),
            );
        }
        if free > 0 {
            self.note(
                RemarkKind::Approximated,
                format!(
                    "{free} wrong choice(s) cost nothing (fraction 0), so Moodle gives full marks for ticking every \
                     choice; here only the exact set of right choices is right"
                ),
            );
        }
        if feedbacks > 0 {
            self.note(
                RemarkKind::Dropped,
                format!("{feedbacks} choice feedback(s) left out: a multi card has one explanation"),
            );
        }
        let choices = answers.iter().map(|answer| answer.text.clone()).collect();
        Some(Answer::Multi { choices, correct })
    }

    /// `truefalse`: the answer with full marks says `true` or `false`.
    pub(super) fn truefalse(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        let prompt = self.prompt(raw);
        let answers = self.answers(false);
        let right = answers.iter().position(|answer| is_full(answer.fraction));
        let Some(right) = right.and_then(|index| answers.get(index)) else {
            return self.skip("neither `true` nor `false` earns full marks");
        };
        let correct = match right.text.to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => return self.skip(format!("the right answer is `{}`, not `true` or `false`", right.text)),
        };
        let others =
            answers.iter().filter(|answer| answer.feedback.is_some()).count() - usize::from(right.feedback.is_some());
        let explanation = self.explanation(general, right.feedback.clone(), others);
        Some(CardText { prompt, answer: Answer::TrueFalse { correct }, explanation, reject: Vec::new() })
    }

    /// The spellings of a typed answer among `answers`; `what` names it in remarks (`gap 2: `).
    pub(super) fn typed(&mut self, answers: &[Choice], what: &str) -> Option<Typed> {
        let mut typed: Option<Typed> = None;
        let mut seen = HashSet::new();
        let mut other_feedback = 0;
        for answer in answers {
            let (text, wildcard) = spelling(&answer.text);
            if !is_full(answer.fraction) {
                other_feedback += usize::from(answer.feedback.is_some());
                self.note(
                    RemarkKind::Dropped,
                    format!(
                        "{what}the answer `{text}` ({}%) is left out: a typed answer is right or wrong",
                        format_number(answer.fraction)
                    ),
                );
                continue;
            }
            if wildcard && text.chars().all(|character| character == '*') {
                other_feedback += usize::from(answer.feedback.is_some());
                self.note(RemarkKind::Dropped, format!("{what}the answer `*` (anything) is left out"));
                continue;
            }
            if wildcard {
                self.note(
                    RemarkKind::Approximated,
                    format!("{what}`*` in `{text}` is a wildcard in Moodle; here the answer is typed as written"),
                );
            }
            if !seen.insert(text.clone()) {
                other_feedback += usize::from(answer.feedback.is_some());
                continue;
            }
            match &mut typed {
                None => {
                    typed = Some(Typed {
                        answer: text,
                        accept: Vec::new(),
                        feedback: answer.feedback.clone(),
                        other_feedback: 0,
                    })
                }
                Some(typed) => {
                    other_feedback += usize::from(answer.feedback.is_some());
                    typed.accept.push(text);
                }
            }
        }
        let Some(mut typed) = typed else {
            return self.skip(format!("{what}no answer earns full marks (fraction 100)"));
        };
        typed.other_feedback = other_feedback;
        Some(typed)
    }

    /// `shortanswer`: the first full-marks answer, the others accepted.
    pub(super) fn shortanswer(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        let prompt = self.prompt(raw);
        if value(self.node, "usecase").is_some_and(|usecase| usecase == "1") {
            self.note(RemarkKind::Approximated, "the answers are case-sensitive in Moodle; here case is ignored");
        }
        let answers = self.answers(false);
        let typed = self.typed(&answers, "")?;
        let explanation = self.explanation(general, typed.feedback, typed.other_feedback);
        let answer = Answer::Short { answer: typed.answer, accept: typed.accept };
        Some(CardText { prompt, answer, explanation, reject: Vec::new() })
    }

    /// `numerical`: the first full-marks number, with its tolerance.
    pub(super) fn numerical(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        let prompt = self.prompt(raw);
        let units: Vec<String> = children(self.node, "units")
            .flat_map(|units| children(units, "unit"))
            .filter_map(|unit| value(unit, "unit_name"))
            .map(|name| format!("`{name}`"))
            .collect();
        if !units.is_empty() {
            self.note(
                RemarkKind::Dropped,
                format!("the units {} are left out: the number is typed alone", units.join(", ")),
            );
        }
        let answers = self.answers(false);
        let mut right: Option<(f64, f64, Option<String>)> = None;
        let mut other_feedback = 0;
        for answer in &answers {
            if answer.text == "*" {
                other_feedback += usize::from(answer.feedback.is_some());
                self.note(RemarkKind::Dropped, "the answer `*` (any other number) is left out");
                continue;
            }
            let Some(value) = number(&answer.text) else {
                return self.skip(format!("the answer `{}` is not a number", answer.text));
            };
            let tolerance = match answer.tolerance.as_deref().map(|tolerance| (tolerance, number(tolerance))) {
                None => 0.0,
                Some((_, Some(tolerance))) => tolerance,
                Some((written, None)) => return self.skip(format!("the tolerance `{written}` is not a number")),
            };
            if is_full(answer.fraction) && right.is_none() {
                right = Some((value, tolerance, answer.feedback.clone()));
                continue;
            }
            other_feedback += usize::from(answer.feedback.is_some());
            self.note(
                RemarkKind::Dropped,
                format!(
                    "the answer `{}` ({}%) is left out: a numeric card has one number",
                    answer.text,
                    format_number(answer.fraction)
                ),
            );
        }
        let Some((value, tolerance, feedback)) = right else {
            return self.skip("no number earns full marks (fraction 100)");
        };
        let explanation = self.explanation(general, feedback, other_feedback);
        let answer = Answer::Numeric { answer: Some(value), tolerance, range: None };
        Some(CardText { prompt, answer, explanation, reject: Vec::new() })
    }

    /// `essay`: a flashcard whose back is the grader information (else the
    /// general feedback). General feedback that repeats the back, as our
    /// export writes it, gives the explanation after it.
    pub(super) fn essay(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        let prompt = self.prompt(raw);
        let (back, explanation) = match (self.field("graderinfo"), general) {
            (Some(back), None) => (back, None),
            (Some(back), Some(general)) => {
                let explanation = match general.strip_prefix(back.as_str()) {
                    Some("") => None,
                    Some(rest) if rest.starts_with("\n\n") => Some(rest.trim().to_string()),
                    Some(_) | None => Some(general.clone()),
                };
                (back, explanation.filter(|explanation| !explanation.is_empty()))
            }
            (None, Some(general)) => (general, None),
            (None, None) => {
                return self.skip(
                    "it is an essay with no model answer; give it grader information or general feedback \
                     to import it as a flashcard",
                )
            }
        };
        Some(CardText { prompt, answer: Answer::Flashcard { back }, explanation, reject: Vec::new() })
    }

    /// `ordering`: the answers in the order their fractions (positions) give.
    pub(super) fn ordering(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        let prompt = self.prompt(raw);
        let mut answers = self.answers(true);
        let feedbacks = answers.iter().filter(|answer| answer.feedback.is_some()).count();
        if feedbacks > 0 {
            self.note(RemarkKind::Dropped, format!("{feedbacks} item feedback(s) left out"));
        }
        answers.sort_by(|first, second| first.fraction.total_cmp(&second.fraction));
        let items: Vec<String> = answers.into_iter().map(|answer| answer.text).collect();
        // Moodle's defaults when the file does not say: a random 6 of the items.
        let select = value(self.node, "selecttype").or_else(|| value(self.node, "logical"));
        let count = value(self.node, "selectcount")
            .or_else(|| value(self.node, "studentsee"))
            .map_or(Some(6), |count| count.parse::<usize>().ok());
        let all = select.as_deref().is_some_and(|select| select.eq_ignore_ascii_case("all") || select == "0");
        if let Some(count) = count.filter(|count| !all && (1..items.len()).contains(count)) {
            self.note(
                RemarkKind::Approximated,
                format!("Moodle shows {count} of the {} items; here all of them are put in order", items.len()),
            );
        }
        Some(CardText { prompt, answer: Answer::Order { items }, explanation: general, reject: Vec::new() })
    }

    /// `matching`: one flashcard whose prompt lists the left sides and whose
    /// back lists the pairs.
    pub(super) fn matching(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        let mut prompt = self.prompt(raw);
        let mut back = Vec::new();
        let mut extras = Vec::new();
        let subquestions: Vec<_> = children(self.node, "subquestion").collect();
        for subquestion in subquestions {
            let left = self.text(subquestion);
            let right = child(subquestion, "answer").map(text_of).unwrap_or_default().trim().to_string();
            if right.is_empty() {
                continue;
            }
            if left.is_empty() {
                extras.push(format!("`{right}`"));
                continue;
            }
            prompt.push_str(&format!("\n- {left}"));
            back.push(format!("{left} → {right}"));
        }
        if back.is_empty() {
            return self.skip("it has no pairs to match");
        }
        let mut message = "the matching pairs become one flashcard: quiz has no matching cards".to_string();
        if !extras.is_empty() {
            message.push_str(&format!("; the extra answers {} are left out", extras.join(", ")));
        }
        self.note(RemarkKind::Approximated, message);
        Some(CardText {
            prompt,
            answer: Answer::Flashcard { back: back.join("\n") },
            explanation: general,
            reject: Vec::new(),
        })
    }
}
