//! One file per subcommand: each turns parsed arguments into calls on the
//! library and prints the result through [`output`](crate::output).

pub mod cards;
pub mod check;
pub mod decks;
pub mod drill;
pub mod exam;
pub mod export;
pub mod import;
pub mod manual;
pub mod new;
pub mod optimize;
pub mod rebuild;
pub mod review;
pub mod serve;
pub mod stats;
pub mod study;
pub mod suspend;
pub mod sync;
pub mod undo;

use crate::deck::{Card, Catalog, Deck};
use crate::error::{Error, Result};
use crate::import::{Remark, RemarkKind};
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::text::{closest, ellipsize};

/// Prints what an import or export dropped or approximated, one line per
/// reason: a reason shared by many cards names the first few and counts the
/// rest (`--json` lists every one). `dropped` is the word for a drop.
pub fn print_remarks(remarks: &[Remark], dropped: &str) {
    let mut reasons: Vec<(RemarkKind, &str, Vec<&str>)> = Vec::new();
    let mut index: std::collections::HashMap<(RemarkKind, &str), usize> = std::collections::HashMap::new();
    for remark in remarks {
        let key = (remark.kind, remark.message.as_str());
        let slot = *index.entry(key).or_insert_with(|| {
            reasons.push((remark.kind, remark.message.as_str(), Vec::new()));
            reasons.len() - 1
        });
        if let Some((_, _, places)) = reasons.get_mut(slot) {
            places.push(remark.at.as_str());
        }
    }
    for (kind, message, places) in reasons {
        let kind = match kind {
            RemarkKind::Dropped => dropped,
            RemarkKind::Approximated => "approximated",
        };
        let shown: Vec<String> = places.iter().take(3).map(|place| terminal_line(place).into_owned()).collect();
        let places = match places.len() {
            count if count > shown.len() => format!("{} and {} more", shown.join(", "), count - shown.len()),
            _ => shown.join(", "),
        };
        talk!("  {places}: {kind}: {}", terminal_line(message));
    }
}

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
