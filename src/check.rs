//! The authoring check of a deck (`quiz check`): everything the loader
//! validates, plus the grader self-test — every answer and alternate the deck
//! promises must grade right, and every wrong choice wrong. It lives above
//! both `deck` and `grade`, so neither needs the other.

use crate::deck::format_number;
use crate::deck::{self, Answer, Card, CardCheck, CardText, DeckFile, Finding, Loaded};
use crate::grade::{self, Lexicon, Response};

/// Checks a deck file for its author: every problem, in file order.
pub fn check(file: &DeckFile) -> Loaded {
    deck::check(file, &mut SelfTest { lexicon: Lexicon::empty() })
}

/// The grader self-test, run on every card's text in every language, as the
/// card is graded (its `match` shape, prompt and accent option). It grades
/// without the deck's other terms, which are not all read yet.
struct SelfTest {
    lexicon: Lexicon<'static>,
}

impl CardCheck for SelfTest {
    fn check(&mut self, card: &Card, text: &CardText) -> Vec<Finding> {
        let mut findings = Vec::new();
        let grades_right =
            |text: &CardText, response: &Response| grade::grade_card(card, text, response, &self.lexicon).is_correct();
        let without_reject = CardText { reject: Vec::new(), ..text.clone() };
        let mut ruled_out = Vec::new();
        let problems: Vec<String> = self_test_cases(&text.answer)
            .into_iter()
            .filter(|(response, should_pass, _)| grades_right(text, response) != *should_pass)
            .filter_map(|(response, should_pass, shown)| match should_pass {
                true if grades_right(&without_reject, &response) => {
                    ruled_out.push(format!("`{shown}`"));
                    None
                }
                true => Some(format!("`{shown}` should be graded correct but is not")),
                false => Some(format!("`{shown}` should be graded wrong but is accepted")),
            })
            .collect();
        if !problems.is_empty() {
            findings.push(Finding {
                code: "self-test",
                message: format!("grader self-test failed: {}", problems.join("; ")),
                help: Some("make alternates distinct from wrong choices and from each other".to_string()),
            });
        }
        if !ruled_out.is_empty() {
            findings.push(Finding {
                code: "self-test",
                message: format!("`reject` rules out a right answer: {}", ruled_out.join(", ")),
                help: Some("a near-miss must not also be an answer or an alternate; remove it from one list".into()),
            });
        }
        match near_miss_cases(&text.answer, &text.reject) {
            None => findings.push(Finding {
                code: "reject-kind",
                message: format!("`reject` does not apply to a `{}` card", card.kind()),
                help: Some(
                    "`reject` lists wrong typed answers: use it on short, numeric, choice and cloze cards".into(),
                ),
            }),
            Some(cases) => {
                let accepted: Vec<String> = cases
                    .into_iter()
                    .filter(|(response, _)| grade::grade_card(card, text, response, &self.lexicon).is_correct())
                    .map(|(_, shown)| format!("`{shown}`"))
                    .collect();
                if !accepted.is_empty() {
                    findings.push(Finding {
                        code: "self-test",
                        message: format!("listed in `reject` but graded correct: {}", accepted.join(", ")),
                        help: Some(
                            "a near-miss must not also be an answer or an alternate; remove it from one list".into(),
                        ),
                    });
                }
            }
        }
        findings
    }
}

/// Each of a card's `reject` near-misses typed as an answer (in every gap of
/// a cloze card), as (response, how to show it); `None` when the card has a
/// `reject` list but its kind is not typed.
pub fn near_miss_cases(answer: &Answer, reject: &[String]) -> Option<Vec<(Response, String)>> {
    if reject.is_empty() {
        return Some(Vec::new());
    }
    match answer {
        Answer::Short { .. } | Answer::Numeric { .. } | Answer::Choice { .. } => {
            Some(reject.iter().map(|text| (Response::Text(text.clone()), text.clone())).collect())
        }
        Answer::Cloze { gaps, .. } => {
            let canonical: Vec<String> = gaps.iter().map(|gap| gap.answer.clone()).collect();
            let mut cases = Vec::new();
            for text in reject {
                for index in 0..gaps.len() {
                    let mut filled = canonical.clone();
                    filled[index] = text.clone();
                    cases.push((Response::Gaps(filled.clone()), filled.join(" · ")));
                }
            }
            Some(cases)
        }
        Answer::Flashcard { .. } | Answer::TrueFalse { .. } | Answer::Multi { .. } | Answer::Order { .. } => None,
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
        Answer::Choice { choices, correct, accept } => {
            for (index, choice) in choices.iter().enumerate() {
                let right = index == *correct;
                cases.push((Response::Choice(index), right, choice.clone()));
                cases.push((Response::Text(choice.clone()), right, format!("{choice} (typed)")));
            }
            for alternate in accept {
                cases.push((Response::Text(alternate.clone()), true, format!("{alternate} (typed)")));
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
            if items.len() >= 2 {
                let mut swapped: Vec<usize> = (0..items.len()).collect();
                swapped.swap(0, 1);
                cases.push((Response::Order(swapped), false, "the first two swapped".to_string()));
            }
            cases.push((Response::Gaps(items.clone()), true, format!("{} (typed)", items.join(", "))));
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade;

    fn order(items: &[&str]) -> Answer {
        Answer::Order { items: items.iter().map(|item| item.to_string()).collect() }
    }

    #[test]
    fn self_test_cases_never_panic_on_a_short_order_card() {
        // Found by cargo-fuzz: an order card with fewer than two items.
        for items in [&[][..], &["only"][..]] {
            let cases = self_test_cases(&order(items));
            assert!(cases.iter().all(|(_, should_pass, _)| *should_pass));
        }
    }

    #[test]
    fn self_test_cases_pass_on_a_sound_card_and_catch_a_clash() {
        let sound = Answer::Choice {
            choices: vec!["libevent".into(), "libev".into()],
            correct: 1,
            accept: vec!["lib-ev".into()],
        };
        for (response, should_pass, shown) in self_test_cases(&sound) {
            assert_eq!(grade(&sound, &response).is_correct(), should_pass, "{shown}");
        }
        // `Async Def.` normalises to a right choice's text: typed, the two cannot be told apart.
        let clash = Answer::Multi { choices: vec!["async def".into(), "Async Def.".into()], correct: vec![0] };
        let failures = self_test_cases(&clash)
            .into_iter()
            .filter(|(response, should_pass, _)| grade(&clash, response).is_correct() != *should_pass)
            .count();
        assert!(failures > 0);
    }
}
