//! `quiz rebuild`: recompute card states from the review log.

use std::collections::BTreeMap;

use crate::deck::CardId;
use crate::schedule::{CardState, Scheduler};
use crate::{App, Outcome, Result};

/// Replays every memory review of the deck through the scheduler and replaces the cached states.
pub fn run(app: &App) -> Result<Outcome> {
    let deck = app.open_deck()?;
    let scheduler = app.scheduler(&deck, None)?;
    let mut store = app.open_store()?;
    let mut states: BTreeMap<CardId, CardState> = BTreeMap::new();
    let reviews = store.reviews(Some(&deck.id))?;
    for review in reviews.iter().filter(|review| review.kind.counts_for_memory()) {
        let before = states.get(&review.card).copied().unwrap_or_else(|| CardState::new_card(review.time));
        let after =
            scheduler.review(&before, review.rating, review.time, Scheduler::fuzz_seed(&review.card.0, before.reps));
        states.insert(review.card.clone(), after);
    }
    let states: Vec<(CardId, CardState)> = states.into_iter().collect();
    store.replace_states(&deck.id, &states)?;
    eprintln!("Rebuilt {} card state(s) from {} review(s).", states.len(), reviews.len());
    Ok(Outcome::Success)
}
