//! One file per subcommand: each turns parsed arguments into calls on the
//! library and prints the result through [`output`](crate::output).

pub mod cards;
pub mod check;
pub mod decks;
pub mod drill;
pub mod exam;
pub mod export;
pub mod import;
pub mod rebuild;
pub mod review;
pub mod stats;
pub mod study;
pub mod suspend;
pub mod undo;

use crate::deck::{Card, Catalog, Deck};
use crate::error::{Error, Result};
use crate::text::{closest, ellipsize};

/// The card `id` of a deck opened as a catalog (only that card is read), or
/// an error that suggests the closest id.
pub fn find_catalog_card(catalog: &Catalog, id: &str) -> Result<Card> {
    catalog.card(id).ok_or_else(|| {
        let ids = catalog.ids();
        unknown_card(catalog.header(), id, ids.iter().map(String::as_str))
    })
}

fn unknown_card<'i>(deck: &Deck, id: &str, ids: impl Iterator<Item = &'i str>) -> Error {
    Error::UnknownCard {
        deck: deck.id.0.clone(),
        card: ellipsize(id, 64).into_owned(),
        hint: closest(id, ids)
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_else(|| "; `quiz cards --deck DECK` lists the ids".to_string()),
    }
}
