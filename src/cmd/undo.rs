//! `quiz undo`: take back the last review.

use serde_json::json;

use crate::error::{Error, Result};
use crate::output::print_json;
use crate::schedule::{Scheduler, SchedulerConfig};
use crate::settings::{App, DeckFlags};
use crate::store::SessionKind;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Removes the newest review (of `--deck`, if given) and restores its card's
/// exact previous state.
pub fn run(app: &App) -> Result<Outcome> {
    let deck = match &app.deck {
        // Only the deck's id and settings are needed: its cards are not read.
        Some(_) => Some(app.open_deck_catalog()?.header().clone()),
        None => None,
    };
    // The newest review of all is its card's newest, so undoing it restores
    // the stored state before it; the scheduler would only replay later ones.
    let mut store = app.open_store()?;
    let scheduler = match &deck {
        Some(deck) => app.deck_settings(deck, &DeckFlags::default(), Some(&store))?.scheduler,
        None => Scheduler::new(SchedulerConfig::default())?,
    };
    let newest = store
        .newest_review(deck.as_ref().map(|deck| &deck.id))?
        .ok_or_else(|| Error::Usage("there is no review to take back".to_string()))?;
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
