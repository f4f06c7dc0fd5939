//! `quiz rebuild`: recompute card states from the review log.

use serde_json::json;

use crate::error::Result;
use crate::output::print_json;
use crate::settings::{App, DeckFlags};
use crate::talk;
use crate::Outcome;

/// Replays every scheduled review of the deck through the scheduler (with the
/// current settings) and replaces the cached states, in one transaction.
pub fn run(app: &App) -> Result<Outcome> {
    let opened = app.open_deck()?;
    let scheduler = app.deck_settings(&opened.deck, &DeckFlags::default())?.scheduler;
    let mut store = app.open_store()?;
    app.note_deck_place(&mut store, &opened)?;
    let rebuilt = store.rebuild(&opened.deck.id, &scheduler)?;
    talk!("Rebuilt {} card state(s) from {} review(s).", rebuilt.cards, rebuilt.reviews);
    if app.json {
        print_json(&json!({ "deck": opened.deck.id, "cards": rebuilt.cards, "reviews": rebuilt.reviews }))?;
    }
    Ok(Outcome::Success)
}
