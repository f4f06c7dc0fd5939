//! A cache of parsed decks, so a session starts without re-reading the TOML.
//!
//! Parsing and validating a deck costs more than everything else a command
//! does at start-up. A deck that loaded without errors is saved (postcard, a
//! compact serde format) under the cache folder, keyed by BLAKE3 of this
//! build's version and the deck file's exact text. The cache is never trusted:
//! an entry carries the hash of the text it was parsed from and is used only
//! when that matches the text read now, decodes completely and passes
//! [`validate`](super::validate::validate); anything else is discarded and the
//! deck parsed again. Entries are written through a temporary file that is
//! removed on any failure. Each deck file keeps one entry (an edit replaces
//! it), and the folder keeps at most [`MAX_ENTRIES`] entries and
//! [`MAX_BYTES`] bytes, oldest dropped first.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::validate::validate;
use super::{Deck, DeckFile, Origin};

/// The first bytes of every entry: a format name and version.
const MAGIC: &[u8; 8] = b"quizdk03";
/// The most entries the folder keeps.
pub const MAX_ENTRIES: usize = 32;
/// The most bytes the folder's entries take together.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;
/// Temporary files older than this are left over from a killed write.
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);

/// The BLAKE3 hash of what an entry is parsed from.
fn text_hash(file: &DeckFile) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&[0]);
    hasher.update(file.text.as_bytes());
    hasher.finalize()
}

/// A short name for where the deck file lives, so an edited file replaces its own entry.
fn identity(file: &DeckFile) -> String {
    let place = match &file.origin {
        Origin::Bundled => format!("bundled:{}", file.display_name),
        Origin::User(path) | Origin::File(path) => {
            path.canonicalize().unwrap_or_else(|_| path.clone()).display().to_string()
        }
    };
    blake3::hash(place.as_bytes()).to_hex()[..16].to_string()
}

/// The entry's path for `file`'s current text.
fn entry(folder: &Path, file: &DeckFile, hash: &blake3::Hash) -> PathBuf {
    folder.join(format!("deck-{}-{}.bin", identity(file), &hash.to_hex()[..32]))
}

/// The parsed deck cached for `file`'s current text, if a sound entry exists.
/// An entry that is not sound is removed.
pub fn read(folder: &Path, file: &DeckFile) -> Option<Deck> {
    let hash = text_hash(file);
    let path = entry(folder, file, &hash);
    let bytes = read_entry(&path, file.text.len())?;
    match decode(&bytes, &hash) {
        Some(deck) => Some(deck),
        None => {
            let _ = fs::remove_file(&path);
            None
        }
    }
}

/// Reads an entry, refusing anything but a regular file of plausible size.
fn read_entry(path: &Path, text_length: usize) -> Option<Vec<u8>> {
    let limit = (text_length as u64).saturating_mul(16).saturating_add(1 << 20);
    let metadata = fs::symlink_metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() > limit {
        return None;
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    fs::File::open(path).ok()?.take(limit).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The deck in `bytes`, if they are a complete, sound entry for `hash`.
fn decode(bytes: &[u8], hash: &blake3::Hash) -> Option<Deck> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (stored_hash, body) = rest.split_at_checked(32)?;
    if stored_hash != hash.as_bytes() {
        return None;
    }
    decode_body(body)
}

/// The deck in an entry's body (after its magic and hash), if it decodes
/// completely and keeps every invariant. Public for the fuzzer.
#[doc(hidden)]
pub fn decode_body(body: &[u8]) -> Option<Deck> {
    let (deck, trailing): (Deck, &[u8]) = postcard::take_from_bytes(body).ok()?;
    if !trailing.is_empty() || validate(&deck).is_err() {
        return None;
    }
    Some(deck)
}

/// Saves `deck` as the parse of `file`'s current text, then trims the folder.
/// Failures are ignored: the cache can make a command faster, never fail it.
pub fn write(folder: &Path, file: &DeckFile, deck: &Deck) {
    let hash = text_hash(file);
    let path = entry(folder, file, &hash);
    let Ok(body) = postcard::to_stdvec(deck) else { return };
    if fs::create_dir_all(folder).is_err() {
        return;
    }
    let written = (|| -> std::io::Result<()> {
        // Removed when dropped, so a failed write leaves nothing behind.
        let mut temporary = tempfile::Builder::new().prefix(".quiz-").suffix(".tmp").tempfile_in(folder)?;
        temporary.write_all(MAGIC)?;
        temporary.write_all(hash.as_bytes())?;
        temporary.write_all(&body)?;
        temporary.persist(&path).map_err(|error| error.error)?;
        Ok(())
    })();
    if written.is_ok() {
        evict(folder, &path, &identity(file));
    }
}

/// Removes this deck file's older entries, stale temporary files, and the
/// oldest entries beyond [`MAX_ENTRIES`] or [`MAX_BYTES`].
fn evict(folder: &Path, keep: &Path, identity: &str) {
    let Ok(listing) = fs::read_dir(folder) else { return };
    let own_prefix = format!("deck-{identity}-");
    let now = SystemTime::now();
    let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    for item in listing.flatten() {
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        let Ok(metadata) = item.metadata() else { continue };
        let modified = metadata.modified().unwrap_or(now);
        if name.starts_with(".quiz-") && name.ends_with(".tmp") {
            if now.duration_since(modified).unwrap_or_default() > STALE_TEMPORARY {
                let _ = fs::remove_file(&path);
            }
            continue;
        }
        if !(name.starts_with("deck-") && name.ends_with(".bin")) || path == keep {
            continue;
        }
        if name.starts_with(&own_prefix) {
            let _ = fs::remove_file(&path);
            continue;
        }
        entries.push((modified, metadata.len(), path));
    }
    // Newest first; the entry just written counts first of all.
    entries.sort_by_key(|(modified, _, _)| std::cmp::Reverse(*modified));
    let mut count = 1;
    let mut bytes = fs::metadata(keep).map(|metadata| metadata.len()).unwrap_or(0);
    for (_, size, path) in entries {
        count += 1;
        bytes = bytes.saturating_add(size);
        if count > MAX_ENTRIES || bytes > MAX_BYTES {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{load, Answer};

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

    fn entries(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
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
    fn damaged_swapped_and_crafted_entries_are_discarded() {
        let folder = tempfile::tempdir().unwrap();
        let file = kinds();
        let hash = text_hash(&file);
        let path = entry(folder.path(), &file, &hash);
        fs::write(&path, b"\xff\xff not a deck").unwrap();
        assert!(read(folder.path(), &file).is_none());
        assert!(!path.exists(), "a bad entry is removed");

        // An entry made for another deck text, put under this text's name.
        let parsed = load(&file).deck.unwrap();
        let other = DeckFile { text: format!("{}\n# another text\n", file.text), ..file.clone() };
        write(folder.path(), &other, &parsed);
        let swapped = entry(folder.path(), &other, &text_hash(&other));
        fs::rename(&swapped, &path).unwrap();
        assert!(read(folder.path(), &file).is_none(), "an entry bound to another text is not used");

        // A well-formed entry whose deck breaks the format's rules.
        let mut crafted = parsed.clone();
        crafted.cards[6].text.answer = Answer::Order { items: Vec::new() };
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(hash.as_bytes());
        bytes.extend(postcard::to_stdvec(&crafted).unwrap());
        fs::write(&path, &bytes).unwrap();
        assert!(read(folder.path(), &file).is_none(), "a crafted entry is not trusted");

        // Trailing bytes after a sound deck.
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(hash.as_bytes());
        bytes.extend(postcard::to_stdvec(&parsed).unwrap());
        bytes.push(0);
        fs::write(&path, &bytes).unwrap();
        assert!(read(folder.path(), &file).is_none());
    }

    #[test]
    fn an_edited_deck_replaces_its_entry_and_the_folder_is_capped() {
        let folder = tempfile::tempdir().unwrap();
        let file = kinds();
        let parsed = load(&file).deck.unwrap();
        for edit in 0..5 {
            let edited = DeckFile { text: format!("{}\n# edit {edit}\n", file.text), ..file.clone() };
            write(folder.path(), &edited, &parsed);
        }
        assert_eq!(entries(folder.path()).len(), 1, "one entry per deck file: {:?}", entries(folder.path()));
        for other in 0..MAX_ENTRIES + 3 {
            let elsewhere =
                DeckFile { origin: Origin::File(PathBuf::from(format!("/nowhere/{other}.toml"))), ..file.clone() };
            write(folder.path(), &elsewhere, &parsed);
        }
        assert_eq!(entries(folder.path()).len(), MAX_ENTRIES);
        fs::write(folder.path().join(".quiz-left.tmp"), b"x").unwrap();
        let old = SystemTime::now() - Duration::from_secs(7200);
        fs::File::options().write(true).open(folder.path().join(".quiz-left.tmp")).unwrap().set_modified(old).unwrap();
        write(folder.path(), &file, &parsed);
        assert!(!entries(folder.path()).contains(&".quiz-left.tmp".to_string()), "stale temporaries go");
    }
}
