//! `quiz undo`: take back the last review.

use serde_json::json;

use crate::error::{Error, Result};
use crate::output::print_json;
use crate::settings::{App, DeckFlags};
use crate::store::SessionKind;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Takes back this device's newest review (of `--deck`, if given) and
/// restores its card's exact previous state.
pub fn run(app: &App) -> Result<Outcome> {
    let deck = match &app.deck {
        // Only the deck's id and settings are needed: its cards are not read.
        Some(_) => Some(app.open_deck_catalog()?.header().clone()),
        None => None,
    };
    // This device's newest review: after a sync, another device's may be newer,
    // and may follow it on the card, so the card is replayed with its deck's scheduler.
    let mut store = app.open_store()?;
    let newest = store
        .newest_review(deck.as_ref().map(|deck| &deck.id))?
        .ok_or_else(|| Error::Usage("there is no review to take back (made on this device)".to_string()))?;
    let scheduler = match &deck {
        Some(deck) => app.deck_settings(deck, &DeckFlags::default(), Some(&store))?.scheduler,
        None => app.scheduler_for_id(&newest.deck, store.deck_facts(&newest.deck)?)?,
    };
    let review = store.undo_review(newest.id, app.now, &scheduler)?;
    // A drill answer never moved the schedule: say what was taken back, so
    // nobody expects a study review to have been undone.
    let what = match review.kind {
        SessionKind::Drill => "drill answer (it had not changed the schedule)",
        SessionKind::Study => "study review",
        SessionKind::Exam => "exam answer",
        SessionKind::Review => "review",
        SessionKind::Anki => "review imported from Anki",
    };
    talk!(
        "Took back the {} {what} of `{}` in `{}` from {}.",
        review.rating.name(),
        terminal_line(&review.card.0),
        terminal_line(&review.deck.0),
        review.time.rfc3339()
    );
    if app.json {
        print_json(&json!({
            "review_id": review.id,
            "deck": review.deck,
            "card": review.card,
            "rating": review.rating,
            "time": review.time.rfc3339(),
            "kind": review.kind,
        }))?;
    }
    Ok(Outcome::Success)
}
