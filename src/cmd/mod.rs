//! One file per subcommand: each turns parsed arguments into calls on the
//! library and prints the result through [`output`](crate::output).

pub mod cards;
pub mod check;
pub mod decks;
pub mod drill;
pub mod exam;
pub mod export;
pub mod rebuild;
pub mod review;
pub mod stats;
pub mod study;
pub mod suspend;
pub mod undo;

use crate::deck::{Card, Deck};
use crate::error::{Error, Result};
use crate::text::{closest, ellipsize};

/// The card `id` of `deck`, or an error that suggests the closest id.
pub fn find_card<'d>(deck: &'d Deck, id: &str) -> Result<&'d Card> {
    deck.card(id).ok_or_else(|| Error::UnknownCard {
        deck: deck.id.0.clone(),
        card: ellipsize(id, 64).into_owned(),
        hint: closest(id, deck.cards.iter().map(|card| card.id.0.as_str()))
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_else(|| "; `quiz cards --deck DECK` lists the ids".to_string()),
    })
}
