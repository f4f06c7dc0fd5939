//! A prompter that plays back a script, for tests and simulations: no terminal.

use std::collections::VecDeque;

use super::{Feedback, Form, Given, Notice, Prompter, Question, RatingAction, RatingPrompt, Reply};
use crate::schedule::Rating;

/// One scripted step: an answer to a question or an action at the rating step.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Answer the next question so.
    Answer(Given),
    /// Answer the next choice, multi or order question by the texts of the
    /// items, in order (resolved against the order they are shown in).
    Pick(Vec<&'static str>),
    /// At the next rating step, do this.
    Rate(RatingAction),
    /// At the next prompt of any kind, quit.
    Quit,
}

/// Plays back [`Step`]s and records everything shown. When the script runs out it quits.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    steps: VecDeque<Step>,
    /// Every question asked, in order.
    pub questions: Vec<Question>,
    /// Every feedback shown, in order.
    pub feedback: Vec<Feedback>,
    /// Every rating prompt shown, in order.
    pub rating_prompts: Vec<RatingPrompt>,
    /// Every notice shown, in order.
    pub notices: Vec<Notice>,
    /// The default of every self-grading step, in order.
    pub self_grades: Vec<Rating>,
}

impl ScriptedPrompter {
    /// A prompter that will play `steps`.
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        ScriptedPrompter { steps: steps.into_iter().collect(), ..ScriptedPrompter::default() }
    }

    /// The ids of the cards asked, in order.
    pub fn asked_ids(&self) -> Vec<String> {
        self.questions.iter().map(|question| question.header.card_id.clone()).collect()
    }
}

/// The shown positions of `texts` in the question's list (unknown texts are skipped).
fn pick(question: &Question, texts: &[&str]) -> Given {
    let shown: &[String] = match &question.form {
        Form::Choice { choices } | Form::Multi { choices } => choices,
        Form::Order { items } => items,
        Form::Flashcard { .. } | Form::TrueFalse | Form::Text | Form::Cloze { .. } => &[],
    };
    let positions: Vec<usize> = texts.iter().filter_map(|text| shown.iter().position(|item| item == text)).collect();
    if let (Form::Choice { .. }, [position]) = (&question.form, positions.as_slice()) {
        return Given::Index(*position);
    }
    Given::Indexes(positions)
}

impl Prompter for ScriptedPrompter {
    fn ask(&mut self, question: &Question) -> Reply<Given> {
        self.questions.push(question.clone());
        // Rating steps the script did not need (e.g. under --auto) are skipped.
        while let Some(Step::Rate(_)) = self.steps.front() {
            self.steps.pop_front();
        }
        match self.steps.pop_front() {
            Some(Step::Answer(given)) => Reply::Answer(given),
            Some(Step::Pick(texts)) => Reply::Answer(pick(question, &texts)),
            _ => Reply::Quit,
        }
    }

    fn feedback(&mut self, feedback: &Feedback) {
        self.feedback.push(feedback.clone());
    }

    fn rate(&mut self, prompt: &RatingPrompt) -> RatingAction {
        self.rating_prompts.push(prompt.clone());
        match self.steps.front() {
            Some(Step::Rate(action)) => {
                let action = *action;
                self.steps.pop_front();
                action
            }
            Some(Step::Quit) => {
                self.steps.pop_front();
                RatingAction::Quit
            }
            // The next step answers a question: keep the default rating.
            Some(Step::Answer(_) | Step::Pick(_)) => RatingAction::Rate(prompt.default),
            None => RatingAction::Quit,
        }
    }

    fn self_grade(&mut self, default: Rating) -> Reply<Rating> {
        self.self_grades.push(default);
        match self.steps.front() {
            Some(Step::Rate(RatingAction::Rate(rating))) => {
                let rating = *rating;
                self.steps.pop_front();
                Reply::Answer(rating)
            }
            // Undo, suspend and bury are not offered here; a script that asks for them quits.
            Some(Step::Rate(_) | Step::Quit) => {
                self.steps.pop_front();
                Reply::Quit
            }
            Some(Step::Answer(_) | Step::Pick(_)) => Reply::Answer(default),
            None => Reply::Quit,
        }
    }

    fn notice(&mut self, notice: &Notice) {
        self.notices.push(notice.clone());
    }
}
