//! Moodle's GIFT: one question per block of lines, blocks separated by blank
//! lines. The grammar as read here, and which card each question becomes,
//! is in `docs/gift.md`. A brace out of place is an error at its line and
//! column (it would shift every question after it); a question that cannot
//! become a card is skipped with a remark, and the rest of the file is read.

mod body;
mod lex;

use std::collections::HashSet;

use super::moodle::category_tags;
use super::{html, sound, Ids, Imported, RemarkKind};
use crate::deck::{format_number, render_cloze, Answer, Card, CardText, ClozePiece, Gap};
use crate::error::Result;
use body::{Body, Choice};
use lex::{Char, Parts};

/// What a missing-word question shows where its answer block stood.
const BLANK: &str = "____";

/// Stands for the answer block while the text around it is read as HTML
/// (a private-use character, removed from the input first).
const MARK: char = '\u{e000}';

pub(super) fn import(name: &str, text: &str) -> Result<Imported> {
    let mut imported = Imported::default();
    let mut ids = Ids::default();
    let mut tags: Vec<String> = Vec::new();
    for block in lex::blocks(text) {
        let at = format!("line {}", block.first_line());
        if let Some(path) = block.category() {
            tags = category_tags(path, &at, &mut imported);
            continue;
        }
        let chars = block.chars();
        let parts = lex::parts(name, &block, &chars)?;
        let mut question = Question { at: &at, imported: &mut imported, markup: Markup::Moodle };
        let Some((title, text)) = question.read(&parts) else { continue };
        if let Err(problem) = sound::check(&text, &tags) {
            imported.remark(at, RemarkKind::Dropped, format!("the question is skipped: {problem}"));
            continue;
        }
        let id = ids.next(title.as_deref(), &text.prompt);
        let mut card = Card::new(&id, text);
        card.tags = tags.clone();
        imported.cards.push(card);
    }
    Ok(imported)
}

/// How a piece of GIFT text is written (its `[format]` prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Markup {
    /// `[moodle]`, the default: kept as written.
    Moodle,
    /// `[html]`: read as HTML.
    Html,
    /// `[plain]`: kept as written.
    Plain,
    /// `[markdown]`: kept as written (it reads as text).
    Markdown,
}

/// A leading `[html]`, `[moodle]`, `[plain]` or `[markdown]`, and the rest
/// (whitespace before it is dropped, after the text is kept).
fn markup_prefix(chars: &[Char]) -> (Option<Markup>, &[Char]) {
    let start = chars.iter().position(|character| !character.value.is_whitespace()).unwrap_or(chars.len());
    let chars = chars.get(start..).unwrap_or(&[]);
    let Some(close) = chars.iter().take(12).position(|character| character.is(']')) else { return (None, chars) };
    if !chars.first().is_some_and(|first| first.is('[')) {
        return (None, chars);
    }
    let markup = match lex::text(chars.get(1..close).unwrap_or(&[])).as_str() {
        "html" => Markup::Html,
        "moodle" => Markup::Moodle,
        "plain" => Markup::Plain,
        "markdown" => Markup::Markdown,
        _ => return (None, chars),
    };
    (Some(markup), chars.get(close + 1..).unwrap_or(&[]))
}

/// A question's text around its answer block.
struct Prompt {
    /// The text before the block (all of it, when nothing follows the block).
    before: String,
    /// The text after the block, when there is some: a missing-word question.
    after: Option<String>,
}

impl Prompt {
    /// The prompt as shown, with a blank where the answer block stood.
    fn shown(&self) -> String {
        match &self.after {
            Some(after) => format!("{}{BLANK}{after}", self.before),
            None => self.before.clone(),
        }
    }
}

/// Reads one question into a card's text, noting what it leaves out or changes.
struct Question<'q> {
    /// Where remarks point: the question's first line.
    at: &'q str,
    /// Where the remarks go.
    imported: &'q mut Imported,
    /// The question's markup, the default for its answers and feedback.
    markup: Markup,
}

impl Question<'_> {
    /// Notes something dropped or approximated in this question.
    fn note(&mut self, kind: RemarkKind, message: impl Into<String>) {
        self.imported.remark(self.at.to_string(), kind, message);
    }

    /// Notes that the question is skipped, and why.
    fn skip<T>(&mut self, reason: impl std::fmt::Display) -> Option<T> {
        self.note(RemarkKind::Dropped, format!("the question is skipped: {reason}"));
        None
    }

    /// `raw` in `markup` as deck text; HTML's media are reported.
    fn convert(&mut self, raw: &str, markup: Markup) -> String {
        match markup {
            Markup::Html => {
                let converted = html::to_text(raw);
                for file in &converted.media {
                    self.note(RemarkKind::Dropped, format!("media `{file}` is not carried into decks"));
                }
                converted.text
            }
            Markup::Moodle | Markup::Plain | Markup::Markdown => raw.trim().to_string(),
        }
    }

    /// An answer's or a feedback's text, in its own markup or the question's.
    fn text(&mut self, chars: &[Char]) -> String {
        let (markup, rest) = markup_prefix(chars);
        self.convert(&lex::text(rest), markup.unwrap_or(self.markup))
    }

    /// The question's text; its markup becomes the default for the rest.
    fn prompt(&mut self, parts: &Parts<'_>) -> Prompt {
        let (markup, before) = markup_prefix(parts.before);
        self.markup = markup.unwrap_or(Markup::Moodle);
        let before = lex::text(before).replace(MARK, "");
        let after = lex::text(parts.after).replace(MARK, "");
        if after.trim().is_empty() {
            return Prompt { before: self.convert(&before, self.markup), after: None };
        }
        match self.markup {
            Markup::Html => {
                let converted = self.convert(&format!("{before}{MARK}{after}"), Markup::Html);
                match converted.split_once(MARK) {
                    Some((before, after)) => {
                        Prompt { before: before.trim_start().to_string(), after: Some(after.trim_end().to_string()) }
                    }
                    None => Prompt { before: converted, after: Some(String::new()) },
                }
            }
            Markup::Moodle | Markup::Plain | Markup::Markdown => {
                Prompt { before: before.trim_start().to_string(), after: Some(after.trim_end().to_string()) }
            }
        }
    }

    /// The card's title (if any) and text, or `None` when it is skipped.
    fn read(&mut self, parts: &Parts<'_>) -> Option<(Option<String>, CardText)> {
        if parts.unclosed_title {
            self.note(RemarkKind::Approximated, "`::` opens a title that is never closed; the rest is the question");
        }
        let title = parts.title.map(|title| lex::text(lex::trim(title))).filter(|title| !title.is_empty());
        let Some(block) = parts.answers else {
            return self.skip("it is a description (text with no answer block), not a question");
        };
        if parts.more_blocks {
            return self.skip("it has several answer blocks; GIFT reads one per question");
        }
        let answers = match body::read(block) {
            Ok(answers) => answers,
            Err(problem) => return self.skip(problem),
        };
        let prompt = self.prompt(parts);
        let general = answers.general.map(|general| self.text(general)).filter(|general| !general.is_empty());
        let (prompt, answer, explanation) = match answers.body {
            Body::Essay => {
                let Some(back) = general else {
                    return self.skip(
                        "it is an essay with no answer to learn; give it general feedback \
                         (`{####model answer}`) to import it as a flashcard",
                    );
                };
                (prompt.shown(), Answer::Flashcard { back }, None)
            }
            Body::TrueFalse { value, wrong_feedback, right_feedback } => {
                let wrong = wrong_feedback.map(|feedback| self.text(feedback));
                let right = right_feedback.map(|feedback| self.text(feedback));
                let explanation = match (general, right, wrong) {
                    (None, None, Some(wrong)) => {
                        self.note(RemarkKind::Approximated, "the feedback for a wrong answer becomes the explanation");
                        Some(wrong)
                    }
                    (general, right, wrong) => self.explanation(general, right, usize::from(wrong.is_some())),
                };
                (prompt.shown(), Answer::TrueFalse { correct: value }, explanation)
            }
            Body::Choices { single: true, choices } => {
                let (answer, explanation) = self.choice(&choices, general)?;
                (prompt.shown(), answer, explanation)
            }
            Body::Choices { single: false, choices } => (prompt.shown(), self.multi(&choices)?, general),
            Body::Matching(pairs) => self.matching(&prompt, &pairs, general),
            Body::Short(answers) => self.short(prompt, &answers, general)?,
            Body::Numeric { answers, wrong_feedback } => {
                if wrong_feedback.is_some() {
                    self.note(RemarkKind::Dropped, "the feedback for any other answer (`~#…`) is left out");
                }
                let (answer, explanation) = self.numeric(&answers, general)?;
                (prompt.shown(), answer, explanation)
            }
        };
        Some((title, CardText { prompt, answer, explanation, reject: Vec::new() }))
    }

    /// The explanation: the general feedback, else the right answer's feedback;
    /// `others` more feedbacks are reported left out.
    fn explanation(&mut self, general: Option<String>, right: Option<String>, others: usize) -> Option<String> {
        let right = right.filter(|right| !right.is_empty());
        let left_out = others + usize::from(general.is_some() && right.is_some());
        if left_out > 0 {
            self.note(
                RemarkKind::Dropped,
                format!("{left_out} answer feedback(s) left out: a card has one explanation (the general feedback, else the right answer's)"),
            );
        }
        general.or(right)
    }

    /// `{=right ~wrong}`: the first `=` is the right choice.
    fn choice(&mut self, choices: &[Choice<'_>], general: Option<String>) -> Option<(Answer, Option<String>)> {
        let mut kept = Vec::with_capacity(choices.len());
        let mut correct = None;
        let mut right_feedback = None;
        let mut other_feedback = 0;
        for choice in choices {
            let text = self.text(choice.text);
            let feedback = choice.feedback.map(|feedback| self.text(feedback));
            if choice.marker == '=' && correct.is_none() {
                correct = Some(kept.len());
                kept.push(text);
                right_feedback = feedback;
                continue;
            }
            other_feedback += usize::from(feedback.is_some());
            if choice.marker == '=' {
                self.note(
                    RemarkKind::Approximated,
                    format!("`{text}` is marked right too; a choice card has one right answer, so it is left out"),
                );
                continue;
            }
            if let Some(weight) = choice.weight.filter(|weight| *weight > 0.0) {
                self.note(
                    RemarkKind::Approximated,
                    format!("`{text}` earns {}% in GIFT; here it counts as wrong", format_number(weight)),
                );
            }
            kept.push(text);
        }
        let Some(correct) = correct else { return self.skip("no choice is marked right with `=`") };
        let explanation = self.explanation(general, right_feedback, other_feedback);
        Some((Answer::Choice { choices: kept, correct, accept: Vec::new() }, explanation))
    }

    /// `{~%50%a ~%50%b ~%-100%c}`: the choices with a positive weight are right.
    fn multi(&mut self, choices: &[Choice<'_>]) -> Option<Answer> {
        let mut texts = Vec::with_capacity(choices.len());
        let mut correct = Vec::new();
        let mut weights = Vec::new();
        let mut feedbacks = 0;
        for (index, choice) in choices.iter().enumerate() {
            texts.push(self.text(choice.text));
            feedbacks += usize::from(choice.feedback.is_some());
            if let Some(weight) = choice.weight.filter(|weight| *weight > 0.0) {
                correct.push(index);
                weights.push(weight);
            }
        }
        if correct.is_empty() {
            return self
                .skip("no choice is right: mark one with `=`, or give the right ones positive weights (`~%50%`)");
        }
        let total: f64 = weights.iter().sum();
        let first = weights.first().copied().unwrap_or_default();
        let even = weights.iter().all(|weight| (weight - first).abs() < 0.001) && (total - 100.0).abs() < 0.01;
        if !even {
            let shown: Vec<String> = weights.iter().map(|weight| format!("{}%", format_number(*weight))).collect();
            self.note(
                RemarkKind::Approximated,
                format!(
                    "the weights {} become plain right answers: a multi card needs every right choice",
                    shown.join(", ")
                ),
            );
        }
        if feedbacks > 0 {
            self.note(
                RemarkKind::Dropped,
                format!("{feedbacks} choice feedback(s) left out: a multi card has one explanation"),
            );
        }
        Some(Answer::Multi { choices: texts, correct })
    }

    /// `{=a -> 1 =b -> 2}`: an order card when the right sides number the
    /// left ones 1, 2, 3…; otherwise one flashcard listing the pairs.
    fn matching(
        &mut self,
        prompt: &Prompt,
        pairs: &[(&[Char], &[Char])],
        general: Option<String>,
    ) -> (String, Answer, Option<String>) {
        let pairs: Vec<(String, String)> =
            pairs.iter().map(|(left, right)| (self.text(left), lex::text(lex::trim(right)))).collect();
        let mut items: Vec<Option<String>> = vec![None; pairs.len()];
        for (left, right) in &pairs {
            let slot = right.trim_end_matches('.').parse::<usize>().ok().and_then(|number| number.checked_sub(1));
            match slot.and_then(|slot| items.get_mut(slot)) {
                Some(item @ None) if !left.is_empty() => *item = Some(left.clone()),
                _ => break,
            }
        }
        if let Some(items) = items.into_iter().collect::<Option<Vec<String>>>() {
            return (prompt.shown(), Answer::Order { items }, general);
        }
        let mut shown = prompt.shown();
        let mut back = Vec::with_capacity(pairs.len());
        let mut extras = Vec::new();
        for (left, right) in &pairs {
            if left.is_empty() {
                extras.push(format!("`{right}`"));
                continue;
            }
            shown.push_str(&format!("\n- {left}"));
            back.push(format!("{left} → {right}"));
        }
        let mut message = "the matching pairs become one flashcard: quiz has no matching cards".to_string();
        if !extras.is_empty() {
            message.push_str(&format!("; the extra answers {} are left out", extras.join(", ")));
        }
        self.note(RemarkKind::Approximated, message);
        (shown, Answer::Flashcard { back: back.join("\n") }, general)
    }

    /// `{=a =b}`: a short card, or a one-gap cloze card when text follows the block.
    fn short(
        &mut self,
        prompt: Prompt,
        answers: &[Choice<'_>],
        general: Option<String>,
    ) -> Option<(String, Answer, Option<String>)> {
        let mut right: Option<(String, Option<String>)> = None;
        let mut accept: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        let mut other_feedback = 0;
        for choice in answers {
            let text = self.text(choice.text);
            let feedback = choice.feedback.map(|feedback| self.text(feedback));
            if text.is_empty() {
                continue;
            }
            if !choice.is_full() {
                other_feedback += usize::from(feedback.is_some());
                let weight = format_number(choice.weight.unwrap_or(0.0));
                self.note(
                    RemarkKind::Dropped,
                    format!("the answer `{text}` ({weight}%) is left out: a typed answer is right or wrong"),
                );
                continue;
            }
            match &right {
                None => {
                    seen.insert(text.clone());
                    right = Some((text, feedback));
                }
                Some(_) => {
                    other_feedback += usize::from(feedback.is_some());
                    if seen.insert(text.clone()) {
                        accept.push(text);
                    }
                }
            }
        }
        let Some((answer, right_feedback)) = right else {
            return self.skip("no answer earns full credit");
        };
        let explanation = self.explanation(general, right_feedback, other_feedback);
        let Some(after) = prompt.after else {
            return Some((prompt.before, Answer::Short { answer, accept }, explanation));
        };
        let mut pieces = Vec::with_capacity(3);
        if !prompt.before.is_empty() {
            pieces.push(ClozePiece::Text(prompt.before));
        }
        pieces.push(ClozePiece::Gap(0));
        if !after.is_empty() {
            pieces.push(ClozePiece::Text(after));
        }
        let gaps = vec![Gap { answer, accept }];
        Some((render_cloze(&pieces, &gaps), Answer::Cloze { pieces, gaps }, explanation))
    }

    /// `{#3.5:0.5}`, `{#1..5}`, `{#=2009 =%50%2008}`: the first full-credit
    /// number (with its tolerance) and the first full-credit range.
    fn numeric(&mut self, answers: &[Choice<'_>], general: Option<String>) -> Option<(Answer, Option<String>)> {
        let mut value: Option<(f64, f64)> = None;
        let mut range: Option<(f64, f64)> = None;
        let mut right_feedback = None;
        let mut other_feedback = 0;
        for choice in answers {
            let written = lex::text(choice.text);
            let feedback = choice.feedback.map(|feedback| self.text(feedback));
            if written == "*" {
                other_feedback += usize::from(feedback.is_some());
                self.note(RemarkKind::Dropped, "the answer `*` (anything else) is left out");
                continue;
            }
            let Some(read) = numeric_answer(&written) else {
                return self.skip(format!(
                    "`{written}` is not a number, `number:tolerance` or `low..high` (e.g. `{{#3.5:0.5}}`, `{{#1..5}}`)"
                ));
            };
            let slot = match read {
                NumericAnswer::Value(..) => &mut value,
                NumericAnswer::Range(..) => &mut range,
            };
            if choice.is_full() && slot.is_none() {
                *slot = Some(read.pair());
                if right_feedback.is_none() {
                    right_feedback = feedback;
                } else {
                    other_feedback += usize::from(feedback.is_some());
                }
                continue;
            }
            other_feedback += usize::from(feedback.is_some());
            let weight = format_number(choice.weight.unwrap_or(100.0));
            self.note(
                RemarkKind::Approximated,
                format!("the answer `{written}` ({weight}%) is left out: a numeric card has one number and one range"),
            );
        }
        if value.is_none() && range.is_none() {
            return self.skip("no number earns full credit");
        }
        let explanation = self.explanation(general, right_feedback, other_feedback);
        let answer = Answer::Numeric {
            answer: value.map(|(value, _)| value),
            tolerance: value.map_or(0.0, |(_, tolerance)| tolerance),
            range,
        };
        Some((answer, explanation))
    }
}

/// One numeric answer as written.
#[derive(Clone, Copy, Debug, PartialEq)]
enum NumericAnswer {
    /// `value` or `value:tolerance`.
    Value(f64, f64),
    /// `low..high`.
    Range(f64, f64),
}

impl NumericAnswer {
    fn pair(self) -> (f64, f64) {
        match self {
            NumericAnswer::Value(first, second) | NumericAnswer::Range(first, second) => (first, second),
        }
    }
}

/// `3.5`, `3.5:0.5` or `1..5` (a separator only counts after the first character, as Moodle reads it).
fn numeric_answer(written: &str) -> Option<NumericAnswer> {
    let number = |text: &str| {
        let text = text.trim();
        let plain = !text.is_empty() && text.chars().all(|character| "0123456789+-.eE".contains(character));
        plain.then(|| text.parse::<f64>().ok()).flatten().filter(|value| value.is_finite())
    };
    if let Some((low, high)) = written.split_once("..").filter(|(low, _)| !low.trim().is_empty()) {
        return Some(NumericAnswer::Range(number(low)?, number(high)?));
    }
    if let Some((value, tolerance)) = written.split_once(':').filter(|(value, _)| !value.trim().is_empty()) {
        return Some(NumericAnswer::Value(number(value)?, number(tolerance)?));
    }
    Some(NumericAnswer::Value(number(written)?, 0.0))
}

#[cfg(test)]
mod tests;
