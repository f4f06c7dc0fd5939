//! Drill (cram) mode: every card (or every tagged card) in shuffled order;
//! wrong ones come back until right. Logged as drill reviews, which leave the
//! FSRS schedule alone.

use std::collections::VecDeque;
use std::time::Instant;

use super::queue::has_any_tag;
use super::{ask_until_read, assess, default_rating, permutation, pose, Answered, Header, Journal, Prompter, Reply};
use crate::clock::Clock;
use crate::error::Result;
use crate::grade::Lexicon;
use crate::hash::stable_hash;
use crate::schedule::Rating;

/// What a drill did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrillSummary {
    /// Distinct cards in the drill.
    pub cards: usize,
    /// Answers given.
    pub answered: usize,
    /// Answers right the first time.
    pub first_try: usize,
    /// Cards answered right by the end.
    pub mastered: usize,
    /// Whether the learner quit early.
    pub quit: bool,
}

/// Runs a drill over the journal deck's cards with one of `tags` (all cards when empty).
pub fn run(
    journal: &mut Journal<'_>,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    language: &str,
    tags: &[String],
    seed: u64,
) -> Result<DrillSummary> {
    let deck = journal.deck();
    Lexicon::of(deck).warming(|lexicon| drill(journal, clock, prompter, language, tags, seed, lexicon))
}

fn drill(
    journal: &mut Journal<'_>,
    clock: &Clock,
    prompter: &mut dyn Prompter,
    language: &str,
    tags: &[String],
    seed: u64,
    lexicon: &Lexicon,
) -> Result<DrillSummary> {
    let deck = journal.deck();
    let chosen: Vec<usize> =
        (0..deck.cards.len()).filter(|index| has_any_tag(&deck.cards[*index].tags, tags)).collect();
    let mut queue: VecDeque<(usize, bool)> =
        permutation(seed, chosen.len()).into_iter().map(|position| (chosen[position], true)).collect();
    let mut summary = DrillSummary { cards: chosen.len(), ..DrillSummary::default() };
    let mut position = 0;
    while let Some((index, first)) = queue.pop_front() {
        let card = &deck.cards[index];
        let text = card.text_in(language);
        position += 1;
        let header = Header::for_card(card, position, position + queue.len(), queue.len(), 0);
        let posed = pose(text, header, stable_hash(&[&card.id.0, &seed.to_string(), &position.to_string()]));
        let timer = Instant::now();
        let mut posed = posed;
        let Some(response) = ask_until_read(prompter, &mut posed, card, text) else {
            summary.quit = true;
            break;
        };
        let (grade, feedback) = assess(card, text, &response, lexicon);
        prompter.feedback(&feedback);
        let rating = if feedback.self_graded {
            match prompter.self_grade(Rating::Good) {
                Reply::Answer(rating) => rating,
                Reply::Quit => {
                    summary.quit = true;
                    break;
                }
            }
        } else {
            default_rating(grade.verdict)
        };
        let correct = rating != Rating::Again;
        journal.record(&Answered {
            card,
            rating,
            response: &feedback.given,
            correct,
            duration: timer.elapsed(),
            at: clock.now(),
        })?;
        summary.answered += 1;
        if correct {
            summary.mastered += 1;
            if first {
                summary.first_try += 1;
            }
        } else {
            queue.push_back((index, false));
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::scripted::{ScriptedPrompter, Step};
    use crate::session::testing::{kinds_deck, monday, scheduler, store};
    use crate::session::Given;
    use crate::store::SessionKind;

    #[test]
    fn wrong_answers_come_back_until_right_and_the_schedule_is_untouched() {
        let deck = kinds_deck();
        let (_guard, mut store) = store();
        let tags = vec!["asyncio".to_string()];
        // Two asyncio cards: the short one and the multi one, in a seeded order.
        let mut prompter = ScriptedPrompter::new([
            Step::Answer(Given::Text("wrong".into())),
            Step::Pick(vec!["async def"]),
            Step::Answer(Given::Text("3.4".into())),
            Step::Pick(vec!["async def", "await"]),
        ]);
        let clock = Clock::fixed(monday());
        let scheduler = scheduler();
        let mut journal = Journal::new(&mut store, &scheduler, &deck, SessionKind::Drill);
        let summary = run(&mut journal, &clock, &mut prompter, "en", &tags, 1).unwrap();
        assert_eq!(summary.cards, 2);
        let asked = prompter.asked_ids();
        assert_eq!(asked.len(), 4, "{asked:?}");
        assert_eq!(&asked[2..], &asked[..2], "the missed cards come back in the same order");
        assert_eq!((summary.first_try, summary.mastered), (0, 2));
        let log = store.reviews(Some(&deck.id)).unwrap();
        assert_eq!(log.len(), 4);
        assert!(log.iter().all(|review| review.kind == SessionKind::Drill && !review.scheduled));
        assert!(store.cards(&deck.id).unwrap().is_empty(), "drills leave the FSRS state alone");
    }

    #[test]
    fn unreadable_input_is_asked_for_again_not_graded_wrong() {
        let mut deck = kinds_deck();
        deck.cards.retain(|card| card.id.0 == "gevent-year");
        let (_guard, mut store) = store();
        let mut prompter =
            ScriptedPrompter::new([Step::Answer(Given::Text("abc".into())), Step::Answer(Given::Text("2009".into()))]);
        let clock = Clock::fixed(monday());
        let scheduler = scheduler();
        let mut journal = Journal::new(&mut store, &scheduler, &deck, SessionKind::Drill);
        let summary = run(&mut journal, &clock, &mut prompter, "en", &[], 1).unwrap();
        let retried: Vec<_> = prompter.questions.iter().map(|question| question.again).collect();
        assert_eq!(retried, [None, Some(crate::grade::Unread::NotANumber)]);
        assert_eq!((summary.answered, summary.first_try, summary.quit), (1, 1, false), "{summary:?}");
    }
}
