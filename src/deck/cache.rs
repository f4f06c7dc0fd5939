//! A cache of parsed decks, so a session starts without re-reading the TOML.
//!
//! Parsing and validating a deck costs more than everything else a command does
//! at start-up (measured: ~80% of `quiz stats`). A deck that loaded without
//! errors is saved (postcard, a compact serde format) under `<data dir>/cache/`, keyed by a hash of this
//! build's version and the deck file's exact text; any change to either misses
//! the cache. Cache files are written atomically (temporary file, then rename)
//! and any trouble reading or writing one falls back to parsing: the cache can
//! make a command faster, never wrong.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Deck, DeckFile};
use crate::hash::stable_hash;

/// The cache file for `file`'s current text.
fn entry(folder: &Path, file: &DeckFile) -> PathBuf {
    let key = stable_hash(&[env!("CARGO_PKG_VERSION"), &file.display_name, &file.text]);
    folder.join(format!("deck-{key:016x}.bin"))
}

/// The parsed deck cached for `file`'s current text, if any.
pub fn read(folder: &Path, file: &DeckFile) -> Option<Deck> {
    let bytes = fs::read(entry(folder, file)).ok()?;
    postcard::from_bytes(&bytes).ok()
}

/// Saves `deck` as the parse of `file`'s current text; failures are ignored.
pub fn write(folder: &Path, file: &DeckFile, deck: &Deck) {
    let path = entry(folder, file);
    let Ok(bytes) = postcard::to_stdvec(deck) else { return };
    if fs::create_dir_all(folder).is_err() {
        return;
    }
    let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
    if fs::write(&temporary, bytes).is_ok() && fs::rename(&temporary, &path).is_err() {
        let _ = fs::remove_file(&temporary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{load, Origin};

    fn kinds() -> DeckFile {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/kinds.toml");
        DeckFile {
            display_name: "kinds.toml".into(),
            text: fs::read_to_string(&path).unwrap(),
            origin: Origin::File(path),
        }
    }

    fn as_json(deck: &Deck) -> serde_json::Value {
        serde_json::to_value(deck).unwrap()
    }

    #[test]
    fn a_cached_deck_equals_the_parsed_one_and_edits_miss() {
        let folder = tempfile::tempdir().unwrap();
        let file = kinds();
        assert!(read(folder.path(), &file).is_none(), "empty cache");
        let parsed = load(&file).deck.unwrap();
        write(folder.path(), &file, &parsed);
        let cached = read(folder.path(), &file).expect("a hit");
        assert_eq!(as_json(&cached), as_json(&parsed));
        assert_eq!(cached.cards[5].text.answer, parsed.cards[5].text.answer, "cloze pieces survive");
        let edited = DeckFile { text: file.text.replace("Every kind", "Every kind, edited"), ..file.clone() };
        assert!(read(folder.path(), &edited).is_none(), "a changed file misses");
    }

    #[test]
    fn a_damaged_cache_entry_is_a_miss() {
        let folder = tempfile::tempdir().unwrap();
        let file = kinds();
        fs::write(entry(folder.path(), &file), b"\xff\xff not a deck").unwrap();
        assert!(read(folder.path(), &file).is_none());
    }
}
