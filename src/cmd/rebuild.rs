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
    // The deck's id and settings are all a replay needs: its cards are not read.
    let catalog = app.open_deck_catalog()?;
    let deck = catalog.header();
    let mut store = app.open_store()?;
    let scheduler = app.deck_settings(deck, &DeckFlags::default(), Some(&store))?.scheduler;
    app.note_catalog_place(&mut store, &catalog)?;
    let rebuilt = store.rebuild(&deck.id, &scheduler)?;
    talk!("Rebuilt {} card state(s) from {} review(s).", rebuilt.cards, rebuilt.reviews);
    if app.json {
        print_json(&json!({ "deck": deck.id, "cards": rebuilt.cards, "reviews": rebuilt.reviews }))?;
    }
    Ok(Outcome::Success)
}
