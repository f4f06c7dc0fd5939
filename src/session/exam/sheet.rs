//! Answer sheets: the TOML files students hand in.
//!
//! ```toml
//! [answers]
//! "asyncio-stdlib-version" = "3.4"
//! "pep-492-facts" = ["a", "c"]
//! ```

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use super::{ExamQuestion, ExamResult, QuestionResult};
use crate::deck::{Answer, Deck, DeckId, LineIndex};
use crate::error::Error;
use crate::grade::{self, Lexicon, Response, Typed, Unread};
use crate::text::{closest, ellipsize};

/// The most characters one answer may have: a fair answer is a few words, and
/// a bound keeps grading linear and memory small whatever a sheet holds.
pub const MAX_ANSWER_CHARS: usize = 10_000;

/// The most values one list answer may have.
const MAX_VALUES: usize = 1_000;

/// One answer on a sheet: a text, or a list of texts.
#[derive(Clone, Debug, PartialEq)]
pub enum SheetAnswer {
    /// One value (short, numeric, truefalse, choice, one-gap cloze).
    One(String),
    /// Several values (multi, order, cloze with several gaps).
    Many(Vec<String>),
}

impl SheetAnswer {
    /// The answer as text, for reports.
    pub fn display(&self) -> String {
        match self {
            SheetAnswer::One(text) => text.clone(),
            SheetAnswer::Many(texts) => texts.join(", "),
        }
    }

    fn typed(&self) -> Typed<'_> {
        match self {
            SheetAnswer::One(text) => Typed::One(text),
            SheetAnswer::Many(texts) => Typed::Many(texts),
        }
    }
}

/// A parsed sheet: answers by card id, and where each stands in the file.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// The file, as named.
    pub path: String,
    /// Answers by card id.
    pub answers: BTreeMap<String, SheetAnswer>,
    /// Line and column of each answer's key.
    pub positions: BTreeMap<String, (usize, usize)>,
}

impl Sheet {
    /// Parses a sheet, naming the line of the first problem.
    pub fn parse(path: &str, text: &str) -> Result<Sheet, Error> {
        let lines = LineIndex::new(text);
        let bad = |offset: usize, message: String| {
            let position = lines.position(text, offset);
            Error::BadInput { path: path.to_string(), line: position.line, column: position.column, message }
        };
        let root = DeTable::parse(text)
            .map_err(|error| bad(error.span().map_or(0, |span| span.start), error.message().trim().to_string()))?;
        let root = root.get_ref();
        for key in root.keys() {
            if key.get_ref() != "answers" {
                return Err(bad(
                    key.span().start,
                    format!("unknown table `{}`; a sheet has one `[answers]` table", key.get_ref()),
                ));
            }
        }
        let Some(answers) = root.get("answers") else {
            return Err(bad(0, "the sheet has no `[answers]` table".to_string()));
        };
        let DeValue::Table(table) = answers.get_ref() else {
            return Err(bad(answers.span().start, "`answers` must be a table of card id = answer".to_string()));
        };
        let mut sheet = Sheet { path: path.to_string(), ..Sheet::default() };
        for (key, value) in table.iter() {
            let id = key.get_ref().to_string();
            let bounded = |text: String, at: usize| {
                let length = text.chars().take(MAX_ANSWER_CHARS + 1).count();
                if length > MAX_ANSWER_CHARS {
                    Err(bad(
                        at,
                        format!("the answer to `{}` is longer than {MAX_ANSWER_CHARS} characters", ellipsize(&id, 64)),
                    ))
                } else {
                    Ok(text)
                }
            };
            let answer = match value.get_ref() {
                DeValue::Array(items) => {
                    if items.len() > MAX_VALUES {
                        return Err(bad(
                            value.span().start,
                            format!("the answer to `{}` lists more than {MAX_VALUES} values", ellipsize(&id, 64)),
                        ));
                    }
                    let mut texts = Vec::with_capacity(items.len());
                    for item in items.iter() {
                        let text = scalar_text(item.get_ref()).ok_or_else(|| {
                            bad(
                                item.span().start,
                                format!("answers to `{}` must be strings or numbers", ellipsize(&id, 64)),
                            )
                        })?;
                        texts.push(bounded(text, item.span().start)?);
                    }
                    SheetAnswer::Many(texts)
                }
                other => {
                    let text = scalar_text(other).ok_or_else(|| {
                        bad(
                            value.span().start,
                            format!("the answer to `{}` must be a string, number, boolean or list", ellipsize(&id, 64)),
                        )
                    })?;
                    SheetAnswer::One(bounded(text, value.span().start)?)
                }
            };
            let position = lines.position(text, key.span().start);
            sheet.positions.insert(id.clone(), (position.line, position.column));
            sheet.answers.insert(id, answer);
        }
        Ok(sheet)
    }

    /// An error located at the answer for `card`.
    pub fn error_at(&self, card: &str, message: String) -> Error {
        let (line, column) = self.positions.get(card).copied().unwrap_or((1, 1));
        Error::BadInput { path: self.path.clone(), line, column, message }
    }

    /// Fails at the first card the sheet answers that the deck lacks (`has`
    /// says no), naming its line and the closest of the deck's `ids`.
    pub fn check_cards(
        &self,
        deck: &DeckId,
        mut has: impl FnMut(&str) -> bool,
        ids: impl FnOnce() -> Vec<String>,
    ) -> Result<(), Error> {
        let Some(id) = self.answers.keys().find(|id| !has(id)) else { return Ok(()) };
        let ids = ids();
        let hint = closest(id, ids.iter().map(String::as_str))
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_default();
        Err(self.error_at(id, format!("deck `{deck}` has no card `{}`{hint}", ellipsize(id, 64))))
    }
}

/// Grades a sheet with the deck's `lexicon`. A flashcard answered on it needs
/// a teacher's mark. With `exam` (a seed was given) it is graded as that exam:
/// its questions, letters and numbers as printed, unanswered questions wrong,
/// and an answer to a card outside it is an error. Without, only the cards it
/// answers are graded, with letters and numbers in the deck's order.
///
/// `deck` needs only the exam's cards, or the cards the sheet answers (in
/// deck order): [`Sheet::check_cards`] has found every one of those.
pub fn grade_sheet(
    deck: &Deck,
    lexicon: &Lexicon,
    exam: Option<&[ExamQuestion]>,
    language: &str,
    sheet: &Sheet,
    seed: u64,
    pass_mark: f64,
) -> Result<ExamResult, Error> {
    let questions: Vec<ExamQuestion> = match exam {
        Some(questions) => {
            let asked: std::collections::HashSet<&str> =
                questions.iter().map(|question| question.id.as_str()).collect();
            if let Some(id) = sheet.answers.keys().find(|id| !asked.contains(id.as_str())) {
                return Err(sheet.error_at(id, format!("card `{id}` is not a question of this exam (seed {seed})")));
            }
            questions.to_vec()
        }
        None => deck
            .cards
            .iter()
            .enumerate()
            .filter(|(_, card)| sheet.answers.contains_key(&card.id.0))
            .map(|(position, card)| ExamQuestion { card: position, id: card.id.0.clone(), shown: Vec::new() })
            .collect(),
    };
    let mut results = Vec::with_capacity(questions.len());
    for question in &questions {
        let result = grade_answer(deck, lexicon, question, language, sheet.answers.get(&question.id))
            .map_err(|message| sheet.error_at(&question.id, message))?;
        results.push(result);
    }
    Ok(ExamResult::new(deck, seed, pass_mark, results))
}

/// Grades one question answered on a sheet (`None`: unanswered, wrong). `Err`
/// names a shape mismatch, e.g. a list for a short card.
fn grade_answer(
    deck: &Deck,
    lexicon: &Lexicon,
    question: &ExamQuestion,
    language: &str,
    written: Option<&SheetAnswer>,
) -> Result<QuestionResult, String> {
    let card = &deck.cards[question.card];
    let text = card.text_in(language);
    let response = match written.map(|written| grade::read_card(card, text, &question.shown, written.typed())) {
        None | Some(Err(Unread::NoOption | Unread::NotANumber)) => Response::Skipped,
        Some(Ok(response)) => response,
        Some(Err(Unread::Shape(wanted))) => {
            return Err(format!("card `{}` is a {} card and needs {wanted}", card.id, card.kind()));
        }
    };
    Ok(QuestionResult {
        card: card.id.0.clone(),
        correct: match (&text.answer, written) {
            // A flashcard's written answer is not graded on its exact text.
            (Answer::Flashcard { .. }, Some(_)) => None,
            _ => Some(grade::grade_card(card, text, &response, lexicon).is_correct()),
        },
        expected: text.answer.display(),
        given: written.map(SheetAnswer::display),
        tags: card.tags.clone(),
        prompt: text.prompt.clone(),
        explanation: text.explanation.clone(),
        seconds: None,
    })
}

fn scalar_text(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(text) => Some(text.to_string()),
        DeValue::Integer(integer) => Some(integer.as_str().to_string()),
        DeValue::Float(float) => Some(float.as_str().to_string()),
        DeValue::Boolean(flag) => Some(flag.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_answers_and_positions() {
        let sheet = Sheet::parse("s.toml", "[answers]\n\"a\" = \"3.4\"\nb = [\"x\", 2]\nc = 2009\n").unwrap();
        assert_eq!(sheet.answers["a"], SheetAnswer::One("3.4".into()));
        assert_eq!(sheet.answers["b"], SheetAnswer::Many(vec!["x".into(), "2".into()]));
        assert_eq!(sheet.answers["c"], SheetAnswer::One("2009".into()));
        assert_eq!(sheet.positions["b"], (3, 1));
    }

    #[test]
    fn an_overlong_answer_is_refused_with_its_line() {
        let long = "x".repeat(MAX_ANSWER_CHARS + 1);
        let error =
            Sheet::parse("s.toml", &format!("[answers]\na = \"ok\"\nb = \"{long}\"\n")).unwrap_err().to_string();
        assert!(error.starts_with("s.toml:3:5:") && error.contains("longer than 10000 characters"), "{error}");
        let many = vec!["\"a\""; 1001].join(", ");
        let error = Sheet::parse("s.toml", &format!("[answers]\nb = [{many}]\n")).unwrap_err().to_string();
        assert!(error.contains("more than 1000 values"), "{error}");
    }

    #[test]
    fn malformed_sheets_name_the_line() {
        let error = Sheet::parse("s.toml", "[answers]\na = \"x\"\nb = { c = 1 }\n").unwrap_err().to_string();
        assert!(error.starts_with("s.toml:3:"), "{error}");
        let error = Sheet::parse("s.toml", "[answers]\na = \n").unwrap_err().to_string();
        assert!(error.starts_with("s.toml:2:"), "{error}");
        let error = Sheet::parse("s.toml", "[answer]\na = 1\n").unwrap_err().to_string();
        assert!(error.contains("unknown table `answer`"), "{error}");
    }
}
