//! `quiz decks`: list the decks available by name.

use serde::Serialize;

use crate::deck;
use crate::error::Result;
use crate::output::{print, print_json};
use crate::settings::App;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

#[derive(Serialize)]
struct DeckListing {
    id: String,
    title: String,
    cards: usize,
    origin: &'static str,
    path: String,
    valid: bool,
    /// Why the deck cannot be used (its file cannot be read), if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

/// Prints each available deck with its title, card count and origin. A deck
/// whose file cannot be read is listed with the reason; the others still are.
pub fn run(app: &App) -> Result<Outcome> {
    let user_decks = app.user_decks();
    let mut listings = Vec::new();
    for (id, origin) in deck::available(user_decks.as_deref()) {
        let listing = match deck::read_listed(&id, &origin) {
            Ok(file) => {
                let loaded = crate::check::check(&file);
                DeckListing {
                    title: loaded.deck.as_ref().map(|deck| deck.title.clone()).unwrap_or_default(),
                    cards: loaded.card_count,
                    valid: loaded.deck.is_some(),
                    origin: origin.label(),
                    path: file.display_name,
                    problem: None,
                    id,
                }
            }
            Err(error) => DeckListing {
                title: String::new(),
                cards: 0,
                valid: false,
                origin: origin.label(),
                path: origin.path().map(|path| path.display().to_string()).unwrap_or_default(),
                problem: Some(error.to_string()),
                id,
            },
        };
        listings.push(listing);
    }
    if app.json {
        print_json(&listings)?;
        return Ok(Outcome::Success);
    }
    if listings.is_empty() {
        talk!(
            "no decks found; put NAME.toml files in {}",
            user_decks.map(|dir| terminal_line(&dir.display().to_string()).into_owned()).unwrap_or_default()
        );
    }
    let mut out = String::new();
    for listing in &listings {
        let note = match (&listing.problem, listing.valid) {
            (Some(problem), _) => format!("  (cannot be read: {})", terminal_line(problem)),
            (None, false) => "  (has errors: run `quiz check`)".to_string(),
            (None, true) => String::new(),
        };
        // A bundled deck has no file to point at: its origin says it all.
        let place = match listing.path.starts_with(crate::deck::BUNDLED_PREFIX) {
            true => String::new(),
            false => format!("  [{}]", terminal_line(&listing.path)),
        };
        out.push_str(&format!(
            "{:<20} {:>5} cards  {:<8} {}{place}{note}\n",
            terminal_line(&listing.id),
            listing.cards,
            listing.origin,
            terminal_line(&listing.title),
        ));
    }
    print(&out)?;
    Ok(Outcome::Success)
}
