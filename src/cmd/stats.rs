//! `quiz stats`: progress per deck.

use std::collections::HashSet;

use crate::deck::{self, Deck};
use crate::error::Result;
use crate::output::{print, print_json};
use crate::report::{self, stats::DeckStats};
use crate::settings::{App, DeckFlags};
use crate::Outcome;

/// Prints statistics for `--deck`, or for every deck that loads.
pub fn run(app: &App) -> Result<Outcome> {
    let decks: Vec<Deck> = match &app.deck {
        Some(_) => vec![app.open_deck()?.deck],
        None => {
            let user_decks = app.user_decks();
            deck::available(user_decks.as_deref())
                .into_iter()
                .filter_map(|(id, _)| app.open_named_deck(&id).ok())
                .map(|opened| opened.deck)
                .collect()
        }
    };
    let store = app.existing_store()?;
    let mut all = Vec::with_capacity(decks.len());
    for deck in &decks {
        let scheduler = app.deck_settings(deck, &DeckFlags::default())?.scheduler;
        let (stored, reviews, exams, orphans) = match &store {
            Some(store) => {
                let ids: HashSet<&str> = deck.cards.iter().map(|card| card.id.0.as_str()).collect();
                let orphans = store
                    .card_ids_with_history(&deck.id)?
                    .into_iter()
                    .filter(|id| !ids.contains(id.0.as_str()))
                    .map(|id| id.0)
                    .collect();
                (store.cards(&deck.id)?, store.reviews(Some(&deck.id))?, store.exams(Some(&deck.id))?, orphans)
            }
            None => Default::default(),
        };
        all.push(report::stats::compute(deck, &stored, &reviews, &exams, orphans, &scheduler, app.now));
    }
    if app.json {
        match (app.deck.is_some(), all.as_slice()) {
            (true, [only]) => print_json(only)?,
            _ => print_json(&all)?,
        }
    } else {
        let texts: Vec<String> = all.iter().map(|stats: &DeckStats| report::text::stats(stats)).collect();
        print(&texts.join("\n"))?;
    }
    Ok(Outcome::Success)
}
