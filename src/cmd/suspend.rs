//! `quiz suspend` and `quiz unsuspend`.

use serde_json::json;

use crate::cli::CardArgs;
use crate::error::Result;
use crate::output::print_json;
use crate::settings::App;
use crate::talk;
use crate::Outcome;

/// Suspends (or unsuspends) one card.
pub fn run(app: &App, args: &CardArgs, suspended: bool) -> Result<Outcome> {
    let opened = app.open_deck()?;
    let card = super::find_card(&opened.deck, &args.card)?;
    let mut store = app.open_store()?;
    app.note_deck_place(&mut store, &opened)?;
    store.set_suspended(&opened.deck.id, &card.id, suspended)?;
    talk!("`{}` is {}.", card.id, if suspended { "suspended" } else { "no longer suspended" });
    if app.json {
        print_json(&json!({ "deck": opened.deck.id, "card": card.id, "suspended": suspended }))?;
    }
    Ok(Outcome::Success)
}
