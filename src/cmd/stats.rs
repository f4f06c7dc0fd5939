//! `quiz stats`: progress per deck.
//!
//! Nothing here grows with the review log in memory: the cards' entries come
//! from the deck's catalog (no card decoded), the review counts from the
//! store's indexes, a day or a span at a time, and the year's history in one
//! walk of the log's time index into fixed tables.

use chrono::Duration;

use crate::deck::{self, Catalog};
use crate::error::Result;
use crate::output::{print, print_json};
use crate::report::history::HistoryFigures;
use crate::report::stats::{self as figures, CardFigures, DeckStats, ParametersInUse, ReviewFigures};
use crate::report::{self};
use crate::settings::{App, DeckFlags};
use crate::store::Store;
use crate::Outcome;

/// Prints statistics for `--deck`, or for every deck that loads.
pub fn run(app: &App) -> Result<Outcome> {
    let catalogs: Vec<Catalog> = match &app.deck {
        Some(_) => vec![app.open_deck_catalog()?],
        None => {
            let user_decks = app.user_decks();
            deck::available(user_decks.as_deref())
                .into_iter()
                .filter_map(|(id, _)| app.open_catalog(&id).ok())
                .collect()
        }
    };
    let store = app.existing_store()?;
    let mut all = Vec::with_capacity(catalogs.len());
    for catalog in &catalogs {
        all.push(deck_stats(app, catalog, store.as_ref())?);
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

fn deck_stats(app: &App, catalog: &Catalog, store: Option<&Store>) -> Result<DeckStats> {
    let deck = catalog.header();
    let settings = app.deck_settings(deck, &DeckFlags::default(), store)?;
    let parameters = ParametersInUse::new(&settings.scheduler.config().parameters, settings.fitted.as_ref());
    let scheduler = settings.scheduler;
    let now = app.now;
    let day_start = app.day_start()?;
    let mut cards = CardFigures::new(now, day_start);
    let today = day_start.day_of(now);
    let mut history = HistoryFigures::new(today, |day| day_start.start_of(day));
    let Some(store) = store else {
        catalog.for_each_entry(|entry| cards.add(&entry, None, &scheduler));
        let reviews = ReviewFigures::default();
        return Ok(figures::compute(deck, cards, reviews, history.finish(), &[], Vec::new(), parameters));
    };
    let stored = store.cards(&deck.id)?;
    catalog.for_each_entry(|entry| cards.add(&entry, stored.get(&entry.id), &scheduler));
    drop(stored);
    let orphans = catalog.lacking(&store.card_ids_with_history(&deck.id)?).into_iter().map(|id| id.0).collect();
    store.for_each_answer(&deck.id, history.start(), now, |answer| history.add(&answer))?;
    let reviews = ReviewFigures {
        today: store.tally_reviews(&deck.id, day_start.start_of(today), now)?,
        month: store.tally_reviews(&deck.id, now.plus(-Duration::days(30)), now)?,
        streak_days: figures::streak(today, |day| {
            store.any_review_between(&deck.id, day_start.start_of(day), day_start.start_of(day + Duration::days(1)))
        })?,
    };
    let exams = store.exams(Some(&deck.id))?;
    Ok(figures::compute(deck, cards, reviews, history.finish(), &exams, orphans, parameters))
}
