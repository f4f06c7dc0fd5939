//! A deck as a session reads it: every card's entry (id, tags, hash) at once,
//! each card whole only when it is asked. From a catalog, a 100,000-card
//! deck's first question needs its entries and one decoded card.

use std::borrow::Cow;

use super::{Card, CardEntry, Catalog, Deck};

/// A deck's cards, each decoded when it is asked for.
#[derive(Debug)]
pub struct Shelf<'a> {
    header: &'a Deck,
    entries: Vec<CardEntry>,
    source: Source<'a>,
}

#[derive(Debug)]
enum Source<'a> {
    /// A deck already in memory (tests, a deck parsed for this command).
    Deck(&'a Deck),
    /// A deck's catalog.
    Catalog(&'a Catalog),
}

impl<'a> Shelf<'a> {
    /// The cards of a deck in memory.
    pub fn of_deck(deck: &'a Deck) -> Shelf<'a> {
        Shelf { header: deck, entries: deck.cards.iter().map(CardEntry::of).collect(), source: Source::Deck(deck) }
    }

    /// The cards of a catalog, decoded one at a time.
    pub fn of_catalog(catalog: &'a Catalog) -> Shelf<'a> {
        Shelf { header: catalog.header(), entries: catalog.entries(), source: Source::Catalog(catalog) }
    }

    /// The deck's header: id, title, languages, settings (its card list may be empty).
    pub fn header(&self) -> &'a Deck {
        self.header
    }

    /// Every card's entry, in deck order.
    pub fn entries(&self) -> &[CardEntry] {
        &self.entries
    }

    /// The card at `index` in deck order, decoded.
    pub fn card(&self, index: usize) -> Option<Cow<'a, Card>> {
        match self.source {
            Source::Deck(deck) => deck.cards.get(index).map(Cow::Borrowed),
            Source::Catalog(catalog) => catalog.card_at(index).map(Cow::Owned),
        }
    }

    /// Calls `visit` with every card in deck order, decoding one at a time.
    pub fn for_each_card(&self, mut visit: impl FnMut(&Card)) {
        match self.source {
            Source::Deck(deck) => deck.cards.iter().for_each(visit),
            Source::Catalog(catalog) => {
                // Visiting cannot fail.
                let _ = catalog.for_each_card(|card| {
                    visit(card);
                    Ok(())
                });
            }
        }
    }

    /// The catalog behind the shelf, if any (to keep values worked out from every card).
    pub fn catalog(&self) -> Option<&'a Catalog> {
        match self.source {
            Source::Deck(_) => None,
            Source::Catalog(catalog) => Some(catalog),
        }
    }
}
