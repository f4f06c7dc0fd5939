//! Asking an exam on the terminal: no feedback until the end unless asked
//! for, deadlines for the exam and each question, and with `--record` each
//! answer recorded the moment it is given.

use std::time::{Duration, Instant};

use super::{ExamQuestion, QuestionResult};
use crate::clock::Clock;
use crate::deck::{Answer, Deck};
use crate::error::Result;
use crate::grade::{Lexicon, Response};
use crate::schedule::Rating;
use crate::session::{
    ask_until_read, assess, default_rating, pose_in_order, Answered, Feedback, Header, Journal, Notice, Prompter, Reply,
};

/// Time limits of an interactive exam.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    /// For the whole exam.
    pub total: Option<Duration>,
    /// For each question.
    pub per_question: Option<Duration>,
}

/// An exam to ask.
#[derive(Clone, Copy, Debug)]
pub struct ExamRun<'a> {
    /// The deck.
    pub deck: &'a Deck,
    /// The questions, in exam order.
    pub questions: &'a [ExamQuestion],
    /// What the whole deck knows, for grading (the deck asked from may hold
    /// only the exam's cards).
    pub lexicon: &'a Lexicon<'a>,
    /// The language to ask in.
    pub language: &'a str,
    /// The time limits.
    pub limits: Limits,
    /// Whether to say after each answer whether it was right.
    pub feedback: bool,
}

/// What asking an exam gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Asked {
    /// The results, in exam order (questions after a quit are unanswered).
    pub results: Vec<QuestionResult>,
    /// Whether the learner ended the exam before its last question.
    pub abandoned: bool,
}

/// Asks the exam's questions and grades them.
///
/// A question left when its time (or the exam's) runs out counts as wrong. A
/// revealed flashcard shows its back and is graded by the learner. With a
/// journal (`--record`), each answer is recorded as it is given, at the moment
/// it was given. Quitting (`q`, Esc, Ctrl-C) ends the exam at once: the
/// remaining questions are left unanswered and the exam is abandoned.
pub fn run(
    exam: &ExamRun<'_>,
    prompter: &mut dyn Prompter,
    clock: &Clock,
    journal: Option<&mut Journal<'_>>,
) -> Result<Asked> {
    exam.lexicon.warming(|lexicon| ask_all(exam, prompter, clock, journal, lexicon))
}

fn ask_all(
    exam: &ExamRun<'_>,
    prompter: &mut dyn Prompter,
    clock: &Clock,
    mut journal: Option<&mut Journal<'_>>,
    lexicon: &Lexicon,
) -> Result<Asked> {
    let started = Instant::now();
    let exam_deadline = exam.limits.total.and_then(|total| started.checked_add(total));
    let count = exam.questions.len();
    let mut results = Vec::with_capacity(count);
    let mut stopped = false;
    for (position, question) in exam.questions.iter().enumerate() {
        let card = &exam.deck.cards[question.card];
        let text = card.text_in(exam.language);
        let question_deadline = exam.limits.per_question.and_then(|limit| Instant::now().checked_add(limit));
        let deadline = match (exam_deadline, question_deadline) {
            (Some(whole), Some(own)) => Some(whole.min(own)),
            (whole, own) => whole.or(own),
        };
        let header = Header::for_card(card, position + 1, count, count - position - 1, 0);
        let mut posed = pose_in_order(text, header, question.shown.clone());
        posed.question.deadline = deadline;
        let timer = Instant::now();
        let out_of_time = exam_deadline.is_some_and(|deadline| Instant::now() >= deadline);
        let mut response = if stopped || out_of_time {
            Response::Skipped
        } else {
            ask_until_read(prompter, &mut posed, card, text).unwrap_or_else(|| {
                stopped = true;
                Response::Skipped
            })
        };
        let late = deadline.is_some_and(|deadline| Instant::now() > deadline + Duration::from_millis(500));
        if late {
            response = Response::Skipped;
        }
        let (grade, feedback) = assess(card, text, &response, lexicon);
        let mut answered = !matches!(response, Response::Skipped);
        let mut rating = default_rating(grade.verdict);
        let mut correct = grade.is_correct();
        if feedback.self_graded {
            // The back is shown so the learner can grade it, whatever --feedback
            // says; the explanation and source only with --feedback: they are
            // feedback, and on a short terminal they pushed the back off screen.
            let back = Feedback {
                explanation: feedback.explanation.clone().filter(|_| exam.feedback),
                section: feedback.section.clone().filter(|_| exam.feedback),
                ..feedback.clone()
            };
            prompter.feedback(&back);
            match prompter.self_grade(Rating::Good) {
                Reply::Answer(chosen) => {
                    rating = chosen;
                    correct = chosen != Rating::Again;
                }
                Reply::Quit => {
                    stopped = true;
                    answered = false;
                    correct = false;
                }
            }
        } else if exam.feedback && answered {
            prompter.feedback(&feedback);
        }
        // A flashcard typed under a clock is not graded on its exact text.
        let typed_flashcard = matches!((&text.answer, &response), (Answer::Flashcard { .. }, Response::Text(_)));
        if answered && !typed_flashcard {
            if let Some(journal) = journal.as_deref_mut() {
                let at = clock.now();
                let recorded = journal.record(&Answered {
                    card,
                    rating,
                    response: &feedback.given,
                    correct,
                    duration: timer.elapsed(),
                    at,
                })?;
                if let Some(leech) = journal.settle(card, recorded.before.as_ref(), recorded.after.as_ref(), at)? {
                    prompter.notice(&Notice::Leech(leech));
                }
            }
        }
        results.push(QuestionResult {
            card: card.id.0.clone(),
            correct: (!typed_flashcard).then_some(correct),
            expected: text.answer.display(),
            given: answered.then(|| feedback.given.clone()),
            tags: card.tags.clone(),
            prompt: text.prompt.clone(),
            explanation: text.explanation.clone(),
            seconds: Some(timer.elapsed().as_secs_f64()),
        });
    }
    Ok(Asked { results, abandoned: stopped })
}
