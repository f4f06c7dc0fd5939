//! Decks: the TOML model, loading from disk or the bundled set, and validation.

pub mod cache;
mod cloze;
mod diagnostic;
mod hash;
mod model;
mod notes;
mod parse;
mod source;
mod validate;

pub use cloze::{parse_cloze, render_cloze};
pub use diagnostic::{Diagnostic, LineIndex, Severity};
pub use model::*;
pub use notes::{fold_whitespace, Notes};
pub use parse::{check, is_valid_id, load, CardCheck, Finding, Loaded};
pub use source::{available, find, is_path, read_listed, DeckFile, Origin, Relative, BUNDLED_FILES};
pub use validate::validate;

use crate::error::{Error, Result};

/// Finds and loads a deck, failing if it has errors.
pub fn open(name: &str, user_decks: Option<&std::path::Path>) -> Result<(DeckFile, Deck, Vec<Diagnostic>)> {
    open_cached(name, user_decks, None)
}

/// Like [`open`], reusing a parse cached in `cache` when the deck file is unchanged
/// (warnings are not cached: `quiz check` reports them).
pub fn open_cached(
    name: &str,
    user_decks: Option<&std::path::Path>,
    cache: Option<&std::path::Path>,
) -> Result<(DeckFile, Deck, Vec<Diagnostic>)> {
    let file = find(name, user_decks)?;
    if let Some(deck) = cache.and_then(|folder| cache::read(folder, &file)) {
        return Ok((file, deck, Vec::new()));
    }
    let loaded = load(&file);
    let errors = loaded.error_count();
    match loaded.deck {
        Some(deck) if errors == 0 => {
            if let Some(folder) = cache {
                cache::write(folder, &file, &deck);
            }
            Ok((file, deck, loaded.diagnostics))
        }
        _ => Err(Error::InvalidDeck { path: file.display_name.clone(), count: errors }),
    }
}
