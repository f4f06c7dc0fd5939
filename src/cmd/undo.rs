//! `quiz undo`: take back the last review.

use crate::ui::terminal;
use crate::{App, Outcome, Result};

/// Removes the newest review (of `--deck`, if given) and restores the card's previous state.
pub fn run(app: &App) -> Result<Outcome> {
    let deck = match &app.options.deck {
        Some(_) => Some(app.open_deck()?.id),
        None => None,
    };
    let mut store = app.open_store()?;
    match store.undo_last(deck.as_ref())? {
        Some(review) => {
            eprintln!(
                "Took back the {} review of `{}` in `{}` from {}.",
                review.rating.name(),
                terminal(&review.card.0),
                terminal(&review.deck.0),
                review.time.rfc3339()
            );
            Ok(Outcome::Success)
        }
        None => Err(crate::Error::Usage("there is no review to take back".to_string())),
    }
}
