//! Reading a choice or multi card's choices, right answers and alternates.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{listing, shown, Context};
use crate::deck::{Answer, CardKind};
use crate::text::{closest, normalize};

impl Context<'_> {
    pub(super) fn check_distinct(
        &mut self,
        entries: &[(String, Range<usize>)],
        card: Option<&str>,
        field: &str,
    ) -> Option<()> {
        if !self.authoring() {
            return Some(());
        }
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut distinct = true;
        for (text, span) in entries {
            if let Some(first) = seen.insert(normalize(text), text) {
                self.error(
                    "duplicate-choice",
                    span.clone(),
                    card,
                    format!("`{field}` lists `{}` twice (the same as `{}` once normalised)", shown(text), shown(first)),
                );
                distinct = false;
            }
        }
        distinct.then_some(())
    }

    pub(super) fn read_choices(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
        many: bool,
        base: Option<&Answer>,
        card: Option<&str>,
    ) -> Option<Answer> {
        let kind = if many { CardKind::Multi } else { CardKind::Choice };
        let base_choices = base.and_then(Answer::choices);
        let choices: Vec<(String, Range<usize>)> = match (self.text_list(table, "choices", card), base_choices) {
            (Some(choices), _) => choices,
            (None, Some(base_choices)) => base_choices.iter().map(|choice| (choice.clone(), span.clone())).collect(),
            (None, None) => {
                self.missing(span, card, "choices", &format!("a {kind} card"));
                return None;
            }
        };
        if choices.len() < 2 {
            self.error(
                "too-few-choices",
                span,
                card,
                format!("a {kind} card needs at least 2 choices, it has {}", choices.len()),
            );
            return None;
        }
        if let Some(base_choices) = base_choices {
            if base_choices.len() != choices.len() {
                self.error(
                    "translation-mismatch",
                    span,
                    card,
                    format!("the translation has {} choices but the card has {}", choices.len(), base_choices.len()),
                );
                return None;
            }
        }
        let _ = self.check_distinct(&choices, card, "choices");
        let texts: Vec<String> = choices.into_iter().map(|(choice, _)| choice).collect();
        let index_of = |wanted: &str| texts.iter().position(|choice| choice == wanted);

        let answer_value = table.get("answer");
        let answer = match (many, answer_value, base) {
            (false, None, Some(Answer::Choice { correct, .. })) => {
                Some(Answer::Choice { choices: texts, correct: *correct, accept: Vec::new() })
            }
            (true, None, Some(Answer::Multi { correct, .. })) => {
                Some(Answer::Multi { choices: texts, correct: correct.clone() })
            }
            (_, None, _) => {
                self.missing(span, card, "answer", &format!("a {kind} card"));
                None
            }
            (false, Some(value), _) => {
                let Some(answer) = value.get_ref().as_str() else {
                    self.wrong_type(value, card, "answer", "one of the choices (a string)");
                    return None;
                };
                match index_of(answer) {
                    Some(correct) => Some(Answer::Choice { choices: texts, correct, accept: Vec::new() }),
                    None => {
                        self.not_a_choice(value.span(), card, answer, &texts);
                        None
                    }
                }
            }
            (true, Some(value), _) => {
                let DeValue::Array(answers) = value.get_ref() else {
                    self.wrong_type(value, card, "answer", "a list of choices");
                    return None;
                };
                if answers.is_empty() {
                    self.error("empty", value.span(), card, "`answer` lists no choices".to_string());
                    return None;
                }
                let mut correct = Vec::new();
                for answer in answers.iter() {
                    match answer.get_ref().as_str() {
                        Some(text) => match index_of(text) {
                            Some(index) if correct.contains(&index) => {
                                self.error(
                                    "duplicate-choice",
                                    answer.span(),
                                    card,
                                    format!("`answer` lists `{}` twice", shown(text)),
                                );
                            }
                            Some(index) => correct.push(index),
                            None => self.not_a_choice(answer.span(), card, text, &texts),
                        },
                        None => self.wrong_type(answer, card, "every entry of `answer`", "a string"),
                    }
                }
                (correct.len() == answers.len()).then(|| {
                    correct.sort_unstable();
                    Answer::Multi { choices: texts, correct }
                })
            }
        };
        match answer {
            Some(Answer::Choice { choices, correct, .. }) => {
                let base_accept = if let Some(Answer::Choice { accept, .. }) = base { accept.as_slice() } else { &[] };
                let accept = self.read_choice_alternates(table, &choices, correct, base_accept, card);
                Some(Answer::Choice { choices, correct, accept })
            }
            other => other,
        }
    }

    /// Alternate spellings of the right choice, for typed answers; none may name a wrong choice.
    fn read_choice_alternates(
        &mut self,
        table: &DeTable<'_>,
        choices: &[String],
        correct: usize,
        base: &[String],
        card: Option<&str>,
    ) -> Vec<String> {
        let Some(alternates) = self.text_list(table, "accept", card) else {
            return base.to_vec();
        };
        for (alternate, span) in &alternates {
            let folded = normalize(alternate);
            let clash =
                choices.iter().enumerate().find(|(index, choice)| *index != correct && normalize(choice) == folded);
            if let Some((_, choice)) = clash {
                self.error_with_help(
                    "alternate-is-a-wrong-choice",
                    span.clone(),
                    card,
                    format!("the alternate `{}` is the wrong choice `{}`", shown(alternate), shown(choice)),
                    "an alternate must spell the right choice, or a typed answer would be marked both ways".to_string(),
                );
            }
        }
        alternates.into_iter().map(|(alternate, _)| alternate).collect()
    }

    fn not_a_choice(&mut self, span: Range<usize>, card: Option<&str>, answer: &str, choices: &[String]) {
        let help = match closest(answer, choices.iter().map(String::as_str)) {
            Some(suggestion) => format!("did you mean `{suggestion}`? The answer must be written exactly as a choice"),
            None => format!("the choices are: {}", listing(choices.iter().map(String::as_str), 10)),
        };
        self.error_with_help(
            "answer-not-a-choice",
            span,
            card,
            format!("the answer `{}` is not among the choices", shown(answer)),
            help,
        );
    }
}
