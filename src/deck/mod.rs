//! Decks: the TOML model, loading from disk or the bundled set, and validation.

#[cfg(test)]
pub mod arbitrary;
pub mod catalog;
mod cloze;
pub mod coverage;
mod diagnostic;
pub mod fingerprints;
mod hash;
pub mod starter;
pub use hash::{changes, Changes};
mod model;
mod notes;
mod parse;
mod shelf;
mod source;
mod validate;
pub mod write;

pub use catalog::{CardEntry, Catalog};
pub use cloze::{parse_cloze, render_cloze, write_cloze};
pub use diagnostic::{Diagnostic, LineIndex, Severity};
pub use model::*;
pub use notes::{
    fingerprint_of, fold_for_quotes, fold_whitespace, word_diff, Notes, NotesFile, NotesFormat, NotesHistory,
};
pub use parse::{check, is_valid_id, load, CardCheck, Finding, Loaded};
pub use shelf::Shelf;
pub use source::{
    available, find, is_path, locate, read_listed, DeckFile, Located, Origin, Relative, BUNDLED_FILES, BUNDLED_PREFIX,
};
pub use validate::{validate, validate_card};

use crate::error::{Error, Result};

/// Finds and loads a deck, failing if it has errors.
pub fn open(name: &str, user_decks: Option<&std::path::Path>) -> Result<(DeckFile, Deck, Vec<Diagnostic>)> {
    let file = find(name, user_decks)?;
    let loaded = load(&file);
    let errors = loaded.error_count();
    match loaded.deck {
        Some(deck) if errors == 0 => Ok((file, deck, loaded.diagnostics)),
        _ => Err(Error::InvalidDeck { path: file.display_name.clone(), count: errors }),
    }
}
