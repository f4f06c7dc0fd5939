//! `quiz decks`: list the decks available by name.

use serde::Serialize;

use crate::deck;
use crate::report::json::pretty;
use crate::ui::terminal;
use crate::{App, Outcome, Result};

#[derive(Serialize)]
struct DeckListing {
    id: String,
    title: String,
    cards: usize,
    origin: &'static str,
    path: String,
    valid: bool,
}

/// Prints each available deck with its title, card count and origin.
pub fn run(app: &App) -> Result<Outcome> {
    let user_decks = app.user_decks();
    let mut listings = Vec::new();
    for (id, origin) in deck::available(user_decks.as_deref()) {
        let file = deck::find(&id, user_decks.as_deref())?;
        let loaded = deck::check(&file);
        listings.push(DeckListing {
            title: loaded.deck.as_ref().map(|deck| deck.title.clone()).unwrap_or_default(),
            cards: loaded.card_count,
            valid: loaded.deck.is_some(),
            origin: origin.label(),
            path: file.display_name,
            id,
        });
    }
    if app.options.json {
        println!("{}", pretty(&listings));
        return Ok(Outcome::Success);
    }
    if listings.is_empty() {
        eprintln!(
            "no decks found; put NAME.toml files in {}",
            user_decks.map(|dir| dir.display().to_string()).unwrap_or_default()
        );
    }
    for listing in &listings {
        let note = if listing.valid { String::new() } else { "  (has errors: run `quiz check`)".to_string() };
        println!(
            "{:<20} {:>5} cards  {:<8} {}  [{}]{note}",
            terminal(&listing.id),
            listing.cards,
            listing.origin,
            terminal(&listing.title),
            terminal(&listing.path)
        );
    }
    Ok(Outcome::Success)
}
