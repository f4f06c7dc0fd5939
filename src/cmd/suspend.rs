//! `quiz suspend` and `quiz unsuspend`.

use crate::cli::CardArgs;
use crate::{App, Outcome, Result};

/// Suspends (or unsuspends) one card.
pub fn run(app: &App, args: &CardArgs, suspended: bool) -> Result<Outcome> {
    let deck = app.open_deck()?;
    let card = super::find_card(&deck, &args.card)?;
    app.open_store()?.set_suspended(&deck.id, &card.id, suspended)?;
    eprintln!("`{}` is {}.", card.id, if suspended { "suspended" } else { "no longer suspended" });
    Ok(Outcome::Success)
}
