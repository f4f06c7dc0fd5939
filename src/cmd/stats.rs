//! `quiz stats`: progress per deck.

use crate::deck::{self, CardId, Deck};
use crate::report::{self, stats::DeckStats};
use crate::{App, Outcome, Result};

/// Prints statistics for `--deck`, or for every deck that loads.
pub fn run(app: &App) -> Result<Outcome> {
    let decks: Vec<Deck> = match &app.options.deck {
        Some(_) => vec![app.open_deck()?],
        None => {
            let user_decks = app.user_decks();
            deck::available(user_decks.as_deref())
                .into_iter()
                .filter_map(|(id, _)| app.open_named_deck(&id).ok())
                .collect()
        }
    };
    let store = app.existing_store()?;
    let mut all = Vec::with_capacity(decks.len());
    for deck in &decks {
        let scheduler = app.scheduler(deck, None)?;
        let (stored, reviews, exams, orphans) = match &store {
            Some(store) => (
                store.cards(&deck.id)?,
                store.reviews(Some(&deck.id))?,
                store.exams(Some(&deck.id))?,
                store
                    .card_ids_with_history(&deck.id)?
                    .into_iter()
                    .filter(|id: &CardId| deck.card(&id.0).is_none())
                    .map(|id| id.0)
                    .collect(),
            ),
            None => Default::default(),
        };
        all.push(report::stats::compute(deck, &stored, &reviews, &exams, orphans, &scheduler, app.now));
    }
    if app.options.json {
        let output: serde_json::Value = match (app.options.deck.is_some(), all.as_slice()) {
            (true, [only]) => serde_json::to_value(only).unwrap_or_default(),
            _ => serde_json::to_value(&all).unwrap_or_default(),
        };
        println!("{}", report::json::pretty(&output));
    } else {
        let texts: Vec<String> = all.iter().map(|stats: &DeckStats| report::text::stats(stats)).collect();
        print!("{}", texts.join("\n"));
    }
    Ok(Outcome::Success)
}
