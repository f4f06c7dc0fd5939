//! `quiz review`: record one review from a script.

use serde_json::json;

use crate::cli::ReviewArgs;
use crate::error::Error;
use crate::schedule::{CardState, Rating};
use crate::session::{commit, Commit};
use crate::store::SessionKind;
use crate::{App, Outcome, Result};

/// Records a review of one card and prints its new due time.
pub fn run(app: &App, args: &ReviewArgs) -> Result<Outcome> {
    let deck = app.open_deck()?;
    let card = super::find_card(&deck, &args.card)?;
    let rating = Rating::from_name(&args.rating)
        .or_else(|| args.rating.parse::<u32>().ok().and_then(Rating::from_number))
        .ok_or_else(|| Error::Usage(format!("unknown rating `{}`; use again, hard, good or easy", args.rating)))?;
    let scheduler = app.scheduler(&deck, args.retention)?;
    let mut store = app.open_store()?;
    let before =
        store.card(&deck.id, &card.id)?.map(|stored| stored.state).unwrap_or_else(|| CardState::new_card(app.now));
    let answer = Commit {
        deck: &deck,
        card,
        before,
        rating,
        now: app.now,
        response: "",
        correct: rating != Rating::Again,
        duration_ms: 0,
        kind: SessionKind::Review,
    };
    let (id, after) = commit(&mut store, &scheduler, &answer)?;
    if app.options.json {
        let output = json!({
            "review_id": id,
            "deck": deck.id,
            "card": card.id,
            "rating": rating,
            "state": after.phase,
            "due": after.due.rfc3339(),
            "stability": after.stability,
            "difficulty": after.difficulty,
            "reps": after.reps,
            "lapses": after.lapses,
        });
        println!("{}", crate::report::json::pretty(&output));
    } else {
        println!("{}", after.due.rfc3339());
    }
    Ok(Outcome::Success)
}
