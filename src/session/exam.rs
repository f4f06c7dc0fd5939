//! Exams: a seeded selection of questions, asked without feedback (unless
//! asked for), graded at the end; and answer sheets graded without a terminal.
//!
//! The selection is a contract with teachers: the same deck, seed, count and
//! tags give the same questions in the same order, with the same choice order,
//! on every machine and every version. It uses only [`permutation`] (ChaCha8 and
//! our own Fisher–Yates) and [`stable_hash`] (FNV-1a), never `rand`'s
//! algorithms, whose output may change between releases.

use std::collections::BTreeMap;
use std::time::{Duration as StdDuration, Instant};

use serde::Serialize;

use super::{assess, permutation, pose, stable_hash, Given, Header, Posed, Prompter, Question, Reply};
use crate::deck::{Answer, Card, Deck};
use crate::grade::{self, Response};

/// What an exam is made of.
#[derive(Clone, Debug, Default)]
pub struct ExamPlan {
    /// The seed everything is drawn from.
    pub seed: u64,
    /// How many questions (all eligible cards when `None` or larger).
    pub count: Option<usize>,
    /// Only cards with one of these tags (all cards when empty).
    pub tags: Vec<String>,
}

/// One question of an exam: a card and the order its choices or items are shown in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExamQuestion {
    /// Index into the deck's cards.
    #[serde(skip)]
    pub card: usize,
    /// The card's id.
    pub id: String,
    /// `shown[i]` is the deck index of the choice or item shown at position `i`.
    pub shown: Vec<usize>,
}

/// The seed for a question's choice order.
pub fn choice_seed(exam_seed: u64, card_id: &str) -> u64 {
    stable_hash(&[&exam_seed.to_string(), card_id])
}

/// Picks and orders the questions of an exam.
///
/// Cards are grouped by their first tag (their section). Each group is shuffled,
/// the groups are visited in a shuffled order, and cards are taken one per group
/// in turn until `count` are chosen — so every section is represented once
/// `count` reaches the number of sections. The chosen cards are then shuffled.
pub fn select(deck: &Deck, plan: &ExamPlan) -> Vec<ExamQuestion> {
    let eligible: Vec<usize> =
        (0..deck.cards.len()).filter(|index| super::queue::has_any_tag(&deck.cards[*index].tags, &plan.tags)).collect();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for index in eligible {
        let section = deck.cards[index].tags.first().cloned().unwrap_or_default();
        match groups.iter_mut().find(|(name, _)| *name == section) {
            Some((_, members)) => members.push(index),
            None => groups.push((section, vec![index])),
        }
    }
    let total: usize = groups.iter().map(|(_, members)| members.len()).sum();
    let wanted = plan.count.unwrap_or(total).min(total);
    let group_order = permutation(stable_hash(&[&plan.seed.to_string(), "groups"]), groups.len());
    let mut shuffled: Vec<Vec<usize>> = group_order
        .iter()
        .map(|group| {
            let (name, members) = &groups[*group];
            let order = permutation(stable_hash(&[&plan.seed.to_string(), "group", name]), members.len());
            order.into_iter().map(|position| members[position]).collect()
        })
        .collect();
    let mut chosen = Vec::with_capacity(wanted);
    let mut round = 0;
    while chosen.len() < wanted {
        for group in shuffled.iter_mut() {
            if chosen.len() < wanted {
                if let Some(card) = group.get(round) {
                    chosen.push(*card);
                }
            }
        }
        round += 1;
    }
    shuffled.clear();
    let order = permutation(stable_hash(&[&plan.seed.to_string(), "questions"]), chosen.len());
    order
        .into_iter()
        .map(|position| {
            let card = chosen[position];
            let id = deck.cards[card].id.0.clone();
            let count = match &deck.cards[card].text.answer {
                Answer::Choice { choices, .. } | Answer::Multi { choices, .. } => choices.len(),
                Answer::Order { items } => items.len(),
                _ => 0,
            };
            let mut shown = permutation(choice_seed(plan.seed, &id), count);
            if matches!(deck.cards[card].text.answer, Answer::Order { .. })
                && shown.iter().enumerate().all(|(at, index)| at == *index)
            {
                shown.rotate_left(1);
            }
            ExamQuestion { card, id, shown }
        })
        .collect()
}

/// The graded result of one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionResult {
    /// The card's id.
    pub card: String,
    /// Whether the answer was right (typos forgiven as in study).
    pub correct: bool,
    /// The right answer, as text.
    pub expected: String,
    /// What was given, as text (`null` when unanswered).
    pub given: Option<String>,
    /// The card's tags.
    pub tags: Vec<String>,
    /// The question's prompt.
    #[serde(skip)]
    pub prompt: String,
    /// The card's explanation.
    #[serde(skip)]
    pub explanation: Option<String>,
    /// Seconds spent on the question (interactive exams only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

/// A graded exam.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExamResult {
    /// The deck id.
    pub deck: String,
    /// The seed that replays the exam.
    pub seed: u64,
    /// Correct ÷ total, from 0 to 1.
    pub score: f64,
    /// Questions.
    pub total: usize,
    /// Questions answered right.
    pub correct: usize,
    /// Whether the score reached the pass mark.
    pub passed: bool,
    /// The pass mark.
    pub pass_mark: f64,
    /// Per question, in exam order.
    pub results: Vec<QuestionResult>,
}

impl ExamResult {
    /// Builds the result from per-question results.
    pub fn new(deck: &Deck, seed: u64, pass_mark: f64, results: Vec<QuestionResult>) -> Self {
        let total = results.len();
        let correct = results.iter().filter(|result| result.correct).count();
        let score = if total == 0 { 0.0 } else { correct as f64 / total as f64 };
        ExamResult {
            deck: deck.id.0.clone(),
            seed,
            score,
            total,
            correct,
            passed: total > 0 && score + 1e-9 >= pass_mark,
            pass_mark,
            results,
        }
    }

    /// Correct and total per tag, in tag order.
    pub fn by_tag(&self) -> BTreeMap<String, (usize, usize)> {
        let mut tags: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for result in &self.results {
            for tag in &result.tags {
                let entry = tags.entry(tag.clone()).or_default();
                entry.1 += 1;
                if result.correct {
                    entry.0 += 1;
                }
            }
        }
        tags
    }
}

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
}

/// Resolves a choice written on a sheet: a letter as printed (with `shown`), or the choice's text.
fn sheet_choice(choices: &[String], shown: &[usize], written: &str) -> Option<usize> {
    if let Some(index) = grade::choice_from_text(choices, written) {
        if crate::text::normalize(&choices[index]) == crate::text::normalize(written) {
            return Some(index);
        }
    }
    if let Some(position) = crate::text::position_of_letter(written) {
        return shown.get(position).copied();
    }
    None
}

/// Turns a sheet answer into a grader response for `answer`, with letters read
/// against the printed order `shown`. `None` when it has the wrong shape.
pub fn sheet_response(answer: &Answer, shown: &[usize], written: &SheetAnswer) -> Option<Response> {
    use SheetAnswer::{Many, One};
    Some(match (answer, written) {
        (Answer::Choice { choices, .. }, One(text)) => match sheet_choice(choices, shown, text) {
            Some(index) => Response::Choice(index),
            // Perhaps an alternate spelling of the right choice: the grader knows them.
            None => Response::Text(text.clone()),
        },
        (Answer::Multi { choices, .. }, Many(texts)) => {
            let picked: Option<Vec<usize>> = texts.iter().map(|text| sheet_choice(choices, shown, text)).collect();
            match picked {
                Some(picked) => Response::Choices(picked),
                None => Response::Skipped,
            }
        }
        (Answer::Multi { choices, .. }, One(text)) => match sheet_choice(choices, shown, text) {
            Some(index) => Response::Choices(vec![index]),
            None => Response::Skipped,
        },
        (Answer::Order { items }, Many(texts)) => {
            let order: Option<Vec<usize>> = texts
                .iter()
                .map(|text| {
                    let trimmed = text.trim();
                    match trimmed.parse::<usize>() {
                        // Numbers refer to the items as printed, 1-based.
                        Ok(number) if number >= 1 => shown.get(number - 1).copied(),
                        _ => items
                            .iter()
                            .position(|item| crate::text::normalize(item) == crate::text::normalize(trimmed)),
                    }
                })
                .collect();
            match order {
                Some(order) => Response::Order(order),
                None => Response::Skipped,
            }
        }
        (Answer::Cloze { .. }, Many(texts)) => Response::Gaps(texts.clone()),
        (Answer::Cloze { .. }, One(text)) => Response::Gaps(vec![text.clone()]),
        (Answer::Flashcard { .. }, One(text)) => Response::Text(text.clone()),
        (Answer::TrueFalse { .. } | Answer::Short { .. } | Answer::Numeric { .. }, One(text)) => {
            Response::Text(text.clone())
        }
        _ => return None,
    })
}

/// Grades a flashcard answered on a sheet: right when it matches the back closely.
fn grade_sheet(card: &Card, language: &str, shown: &[usize], written: &SheetAnswer) -> Option<bool> {
    let text = card.text_in(language);
    if let (Answer::Flashcard { back }, SheetAnswer::One(given)) = (&text.answer, written) {
        return Some(grade::match_text(back, &[], given) != grade::Verdict::Incorrect);
    }
    let response = sheet_response(&text.answer, shown, written)?;
    Some(grade::grade(&text.answer, &response).is_correct())
}

/// Grades one question answered on a sheet (`None` when unanswered).
/// `Err` names a shape mismatch, e.g. a list for a short card.
pub fn grade_sheet_question(
    deck: &Deck,
    question: &ExamQuestion,
    language: &str,
    written: Option<&SheetAnswer>,
) -> Result<QuestionResult, String> {
    let card = &deck.cards[question.card];
    let text = card.text_in(language);
    let correct = match written {
        None => false,
        Some(written) => grade_sheet(card, language, &question.shown, written).ok_or_else(|| {
            let wanted = match text.answer {
                Answer::Multi { .. } | Answer::Order { .. } => "a list",
                Answer::Cloze { ref gaps, .. } if gaps.len() > 1 => "a list (one entry per gap)",
                _ => "a single value",
            };
            format!("card `{}` is a {} card and needs {wanted}", card.id, card.kind())
        })?,
    };
    Ok(QuestionResult {
        card: card.id.0.clone(),
        correct,
        expected: text.answer.display(),
        given: written.map(SheetAnswer::display),
        tags: card.tags.clone(),
        prompt: text.prompt.clone(),
        explanation: text.explanation.clone(),
        seconds: None,
    })
}

/// Time limits of an interactive exam.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    /// For the whole exam.
    pub total: Option<StdDuration>,
    /// For each question.
    pub per_question: Option<StdDuration>,
}

/// One answered question of an interactive exam, for recording.
#[derive(Clone, Debug)]
pub struct Answered {
    /// Index into the deck's cards.
    pub card: usize,
    /// The grade, as the study session would rate it.
    pub verdict: grade::Verdict,
    /// Time spent.
    pub duration: StdDuration,
}

/// Asks the exam's questions. No feedback until the end unless `feedback`;
/// a question left when its time (or the exam's) runs out counts as wrong.
/// Returns the results and what was answered (for `--record`); `quit` ends early,
/// with the remaining questions counted as unanswered.
pub fn run(
    deck: &Deck,
    questions: &[ExamQuestion],
    language: &str,
    limits: Limits,
    feedback: bool,
    prompter: &mut dyn Prompter,
) -> (Vec<QuestionResult>, Vec<Answered>) {
    let started = Instant::now();
    let exam_deadline = limits.total.map(|total| started + total);
    let mut results = Vec::with_capacity(questions.len());
    let mut answered = Vec::new();
    let mut stopped = false;
    for (position, question) in questions.iter().enumerate() {
        let card = &deck.cards[question.card];
        let text = card.text_in(language);
        let question_deadline = limits.per_question.map(|limit| Instant::now() + limit);
        let deadline = match (exam_deadline, question_deadline) {
            (Some(exam), Some(own)) => Some(exam.min(own)),
            (exam, own) => exam.or(own),
        };
        let out_of_time = exam_deadline.is_some_and(|deadline| Instant::now() >= deadline);
        let header = Header::for_card(card, position + 1, questions.len(), questions.len() - position - 1, 0);
        let mut posed: Posed = pose(text, header, 0);
        if !question.shown.is_empty() {
            posed.shown = question.shown.clone();
            posed.question = Question { deadline, ..reorder(posed.question, text, &question.shown) };
        } else {
            posed.question.deadline = deadline;
        }
        let timer = Instant::now();
        let given = if stopped || out_of_time {
            Given::Nothing
        } else {
            match prompter.ask(&posed.question) {
                Reply::Answer(given) => given,
                Reply::Quit => {
                    stopped = true;
                    Given::Nothing
                }
            }
        };
        let late = deadline.is_some_and(|deadline| Instant::now() > deadline + StdDuration::from_millis(500));
        let given = if late { Given::Nothing } else { given };
        let (grade, shown_feedback) = assess(card, text, &posed, &given);
        let self_graded = matches!(text.answer, Answer::Flashcard { .. });
        let correct = if self_graded {
            !matches!(given, Given::Nothing)
                && !stopped
                && matches!(prompter.rate(&super::RatingPrompt { intervals: Default::default(), default: crate::schedule::Rating::Good, can_undo: false }), super::RatingAction::Rate(rating) if rating != crate::schedule::Rating::Again)
        } else {
            grade.is_correct()
        };
        if feedback && !matches!(given, Given::Nothing) && !self_graded {
            prompter.feedback(&shown_feedback);
        }
        if !matches!(given, Given::Nothing) {
            answered.push(Answered {
                card: question.card,
                verdict: if correct { grade.verdict } else { grade::Verdict::Incorrect },
                duration: timer.elapsed(),
            });
        }
        results.push(QuestionResult {
            card: card.id.0.clone(),
            correct,
            expected: text.answer.display(),
            given: (!matches!(given, Given::Nothing)).then(|| shown_feedback.given.clone()),
            tags: card.tags.clone(),
            prompt: text.prompt.clone(),
            explanation: text.explanation.clone(),
            seconds: Some(timer.elapsed().as_secs_f64()),
        });
    }
    (results, answered)
}

/// The question with its choices or items in the exam's order.
fn reorder(question: Question, text: &crate::deck::CardText, shown: &[usize]) -> Question {
    let pick = |list: &[String]| shown.iter().filter_map(|index| list.get(*index).cloned()).collect::<Vec<_>>();
    let form = match &text.answer {
        Answer::Choice { choices, .. } => super::Form::Choice { choices: pick(choices) },
        Answer::Multi { choices, .. } => super::Form::Multi { choices: pick(choices) },
        Answer::Order { items } => super::Form::Order { items: pick(items) },
        _ => question.form.clone(),
    };
    Question { form, ..question }
}

#[cfg(test)]
mod run_tests {
    use super::*;
    use crate::session::scripted::{ScriptedPrompter, Step};
    use crate::session::testing::kinds_deck;

    #[test]
    fn answers_are_graded_at_the_end_without_feedback_and_a_quit_leaves_the_rest_wrong() {
        let deck = kinds_deck();
        let questions = select(&deck, &ExamPlan { seed: 1, count: Some(3), tags: vec!["gevent".into()] });
        let ids: Vec<&str> = questions.iter().map(|question| question.id.as_str()).collect();
        let mut steps = Vec::new();
        for id in &ids {
            steps.push(match *id {
                "loop-library" => Step::Pick(vec!["libev"]),
                "libuv-in-cpython" => Step::Answer(Given::Index(1)),
                _ => Step::Answer(Given::Text("2009".into())),
            });
        }
        steps.truncate(2);
        let mut prompter = ScriptedPrompter::new(steps);
        let (results, answered) = run(&deck, &questions, "en", Limits::default(), false, &mut prompter);
        assert_eq!(results.len(), 3);
        assert_eq!(results.iter().map(|result| result.correct).collect::<Vec<_>>(), [true, true, false]);
        assert_eq!(results[2].given, None, "unanswered after quitting");
        assert_eq!(answered.len(), 2);
        assert!(prompter.feedback.is_empty(), "no feedback until the end");
        let result = ExamResult::new(&deck, 1, 0.7, results);
        assert!(!result.passed, "2 of 3 is under 70%");
        assert_eq!(result.by_tag().get("gevent"), Some(&(2, 3)));
    }

    #[test]
    fn feedback_on_request_and_deadlines_reach_the_prompter() {
        let deck = kinds_deck();
        let questions = select(&deck, &ExamPlan { seed: 2, count: Some(1), tags: vec!["asyncio".into()] });
        let mut prompter = ScriptedPrompter::new([Step::Answer(Given::Text("3.4".into())), Step::Pick(vec![])]);
        let limits = Limits { total: Some(std::time::Duration::from_secs(600)), per_question: None };
        run(&deck, &questions, "en", limits, true, &mut prompter);
        assert!(prompter.questions[0].deadline.is_some());
        assert_eq!(prompter.feedback.len(), 1);
    }
}
