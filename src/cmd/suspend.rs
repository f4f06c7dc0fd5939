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
    let catalog = app.open_deck_catalog()?;
    let deck = catalog.header();
    let card = super::find_catalog_card(&catalog, &args.card)?;
    let mut store = app.open_store()?;
    app.note_catalog_place(&mut store, &catalog)?;
    store.set_suspended(&deck.id, &card.id, suspended, app.now)?;
    talk!("`{}` is {}.", card.id, if suspended { "suspended" } else { "no longer suspended" });
    if app.json {
        print_json(&json!({ "deck": deck.id, "card": card.id, "suspended": suspended }))?;
    }
    Ok(Outcome::Success)
}
