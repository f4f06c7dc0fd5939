//! `quiz review`: record one review from a script.

use std::time::Duration;

use serde_json::json;

use crate::cli::ReviewArgs;
use crate::error::{Error, Result};
use crate::output::print;
use crate::schedule::Rating;
use crate::session::{Answered, Journal};
use crate::settings::{App, DeckFlags};
use crate::store::SessionKind;
use crate::talk;
use crate::text::sanitize::json_pretty;
use crate::Outcome;

/// Records a review of one card and prints its new due time. The review is
/// committed only once that line is written: when the write fails (a full
/// disk), nothing is recorded, so a script's retry records it once. A reader
/// that went away (`| true`) is not a failure: the review is committed.
pub fn run(app: &App, args: &ReviewArgs) -> Result<Outcome> {
    // One card is read from the deck, however large it is.
    let catalog = app.open_deck_catalog()?;
    let deck = catalog.header();
    let card = &super::find_catalog_card(&catalog, &args.card)?;
    let mut store = app.open_store()?;
    let settings =
        app.deck_settings(deck, &DeckFlags { retention: args.retention, new_per_day: None }, Some(&store))?;
    app.note_catalog_place(&mut store, &catalog)?;
    let mut journal =
        Journal::new(&mut store, &settings.scheduler, deck, SessionKind::Review).with_leech_rule(settings.leech);
    let answered = Answered {
        card,
        rating: args.rating,
        response: "",
        correct: args.rating != Rating::Again,
        duration: Duration::ZERO,
        at: app.now,
    };
    let pending = journal.begin(&answered)?;
    let (before, after) = (pending.before, pending.after);
    let output = match (&pending.after, app.json) {
        (Some(after), true) => json_pretty(&json!({
            "review_id": pending.id,
            "deck": deck.id,
            "card": card.id,
            "rating": args.rating,
            "state": after.phase,
            "due": after.due.rfc3339(),
            "stability": after.stability,
            "difficulty": after.difficulty,
            "reps": after.reps,
            "lapses": after.lapses,
        })),
        (Some(after), false) => format!("{}\n", after.due.rfc3339()),
        (None, _) => String::new(),
    };
    let printed = print(&output);
    match printed {
        Ok(()) | Err(Error::StdoutClosed) => pending.commit()?,
        // Dropping the pending review rolls it back.
        Err(error) => return Err(error),
    }
    if let Some(leech) = journal.settle(card, before.as_ref(), after.as_ref(), app.now)? {
        let what = if leech.suspended { "it is suspended" } else { "it stays in the schedule" };
        talk!("`{}` is a leech: forgotten {} times; {what}. Reword it or split it.", leech.card, leech.lapses);
    }
    printed.map(|()| Outcome::Success)
}
