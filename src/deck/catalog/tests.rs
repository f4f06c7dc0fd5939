use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::*;
use crate::deck::{load, Answer};

/// A copy of the kinds fixture in its own folder, last modified an hour ago
/// (so its stamp is trusted), and an empty cache folder.
struct Setup {
    _dir: tempfile::TempDir,
    deck: PathBuf,
    cache: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("kinds.toml");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/kinds.toml");
    fs::copy(fixture, &deck).unwrap();
    age(&deck);
    let cache = dir.path().join("cache");
    Setup { deck, cache, _dir: dir }
}

fn age(path: &Path) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options().write(true).open(path).unwrap().set_modified(hour_ago).unwrap();
}

fn open(setup: &Setup) -> Catalog {
    Catalog::open(setup.deck.to_str().unwrap(), None, Some(&setup.cache)).unwrap()
}

fn parsed(setup: &Setup) -> Deck {
    let file = crate::deck::find(setup.deck.to_str().unwrap(), None).unwrap();
    load(&file).deck.unwrap()
}

fn as_json(deck: &Deck) -> serde_json::Value {
    serde_json::to_value(deck).unwrap()
}

fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(folder).unwrap().map(|item| item.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_cached_deck_equals_the_parsed_one_card_by_card_and_whole() {
    let setup = setup();
    let first = open(&setup);
    assert!(!first.is_cached(), "nothing cached yet");
    let cached = open(&setup);
    assert!(cached.is_cached(), "the second open reads the entry");
    let parsed = parsed(&setup);
    assert_eq!(cached.len(), parsed.cards.len());
    assert_eq!(cached.ids(), parsed.cards.iter().map(|card| card.id.0.clone()).collect::<Vec<_>>());
    let one = cached.card("delegate").unwrap();
    assert_eq!(serde_json::to_value(&one).unwrap(), serde_json::to_value(parsed.card("delegate").unwrap()).unwrap());
    assert!(cached.card("no-such-card").is_none());
    assert_eq!(cached.header().cards.len(), 0);
    assert_eq!(as_json(&cached.into_deck()), as_json(&parsed), "cloze pieces and all survive");
}

#[test]
fn entries_positions_and_the_stream_agree_with_the_parsed_deck() {
    let setup = setup();
    open(&setup);
    let cached = open(&setup);
    assert!(cached.is_cached());
    let parsed = parsed(&setup);
    assert_eq!(cached.entries(), parsed.cards.iter().map(CardEntry::of).collect::<Vec<_>>());
    for (position, card) in parsed.cards.iter().enumerate() {
        assert_eq!(cached.card_at(position).map(|card| card.id), Some(card.id.clone()));
    }
    assert!(cached.card_at(parsed.cards.len()).is_none());
    let mut asked: Vec<CardId> = ["a-gone", "delegate", "timeline", "zz-gone", "\u{10FFFF}"]
        .into_iter()
        .map(|id| CardId(id.to_string()))
        .collect();
    asked.sort();
    let lacking = |catalog: &Catalog| catalog.lacking(&asked).into_iter().map(|id| id.0).collect::<Vec<_>>();
    assert_eq!(lacking(&cached), ["a-gone", "zz-gone", "\u{10FFFF}"]);
    assert_eq!(lacking(&Catalog::open(setup.deck.to_str().unwrap(), None, None).unwrap()), lacking(&cached));
    let mut streamed = Vec::new();
    cached
        .for_each_card(|card| {
            streamed.push(serde_json::to_value(card).unwrap());
            Ok(())
        })
        .unwrap();
    assert_eq!(serde_json::Value::Array(streamed), as_json(&parsed)["cards"]);
}

#[test]
fn a_stream_that_meets_a_damaged_card_goes_on_from_the_file_without_repeating_a_card() {
    let setup = setup();
    open(&setup);
    let name = entries(&setup.cache).into_iter().find(|name| name.starts_with("catalog-")).unwrap();
    let connection = Connection::open(setup.cache.join(name)).unwrap();
    connection.execute("UPDATE body SET body = x'00' WHERE position = 2", []).unwrap();
    drop(connection);
    let catalog = open(&setup);
    let mut ids = Vec::new();
    catalog
        .for_each_card(|card| {
            ids.push(card.id.0.clone());
            Ok(())
        })
        .unwrap();
    let parsed: Vec<String> = parsed(&setup).cards.iter().map(|card| card.id.0.clone()).collect();
    assert_eq!(ids, parsed);
}

#[test]
fn a_memo_is_worked_out_once_and_read_back_by_the_next_command() {
    let setup = setup();
    // The command that parses the deck and writes the entry keeps the memo in it too.
    let parsed_now = open(&setup);
    assert!(!parsed_now.is_cached());
    let first: Vec<String> = parsed_now.memo("test-1", || vec!["worked out".to_string()]);
    let second: Vec<String> = open(&setup).memo("test-1", || unreachable!("read back, not worked out"));
    assert_eq!(first, second);
    let other: u32 = open(&setup).memo("test-2", || 7);
    assert_eq!(other, 7, "another key is worked out on its own");
    // Without an entry there is nothing to keep it in.
    let parsed = Catalog::open(setup.deck.to_str().unwrap(), None, None).unwrap();
    assert_eq!(parsed.memo("test-1", || 7u32), 7);
}

#[test]
fn an_entry_of_a_file_just_written_is_trusted_by_its_stamp_once_the_file_settles() {
    let setup = setup();
    fs::write(&setup.deck, fs::read_to_string(&setup.deck).unwrap()).unwrap();
    open(&setup);
    let name = entries(&setup.cache).into_iter().find(|name| name.starts_with("catalog-")).unwrap();
    let built = || -> Built {
        let connection = Connection::open(setup.cache.join(&name)).unwrap();
        let bytes: Vec<u8> =
            connection.query_row("SELECT value FROM meta WHERE key = 'built'", [], |row| row.get(0)).unwrap();
        postcard::from_bytes(&bytes).unwrap()
    };
    let racy = built();
    assert!(open(&setup).is_cached(), "just written: the text is hashed, and it matches");
    assert_eq!(built().read_ns, racy.read_ns, "not settled yet: nothing to refresh");
    age(&setup.deck);
    assert!(open(&setup).is_cached());
    let refreshed = built();
    assert!(refreshed.read_ns > racy.read_ns, "settled: the stamp is refreshed");
    assert_eq!(
        refreshed.stamp.map(|stamp| stamp.modified_ns),
        entry::stamp_of(&setup.deck).map(|stamp| stamp.modified_ns)
    );
    assert!(open(&setup).is_cached());
}

#[test]
fn an_edited_deck_is_parsed_again_even_with_its_size_and_time_kept() {
    let setup = setup();
    open(&setup);
    let text = fs::read_to_string(&setup.deck).unwrap();
    // The same length, the same modification time: only the inode's change
    // time (Unix) or the text's hash tells.
    fs::write(&setup.deck, text.replacen("Every kind", "Every kinD", 1)).unwrap();
    age(&setup.deck);
    if cfg!(unix) {
        let catalog = open(&setup);
        assert!(!catalog.is_cached(), "the inode's change time gives the edit away");
        assert!(catalog.into_deck().title.contains("kinD"));
    }
    // Just written: the stamp is not trusted, the text is hashed.
    fs::write(&setup.deck, text.replacen("Every kind", "Every kinX", 1)).unwrap();
    assert!(open(&setup).header().title.contains("kinX"));
}

#[test]
fn damaged_swapped_and_crafted_entries_are_never_used() {
    let setup = setup();
    open(&setup);
    let name = entries(&setup.cache).into_iter().find(|name| name.starts_with("catalog-")).unwrap();
    let entry = setup.cache.join(&name);

    // Not a database at all.
    fs::write(&entry, b"\xff\xff not a catalog").unwrap();
    let catalog = open(&setup);
    assert!(!catalog.is_cached());
    assert_eq!(as_json(&catalog.into_deck()), as_json(&parsed(&setup)));

    // A sound card body that breaks the format's rules: found when decoded,
    // the entry removed and the deck parsed from its file instead.
    open(&setup);
    let mut crafted = parsed(&setup).card("timeline").unwrap().clone();
    crafted.text.answer = Answer::Order { items: Vec::new() };
    let connection = Connection::open(&entry).unwrap();
    connection
        .execute(
            "UPDATE body SET body = ?1 WHERE position = (SELECT position FROM card WHERE id = 'timeline')",
            [postcard::to_stdvec(&crafted).unwrap()],
        )
        .unwrap();
    drop(connection);
    let catalog = open(&setup);
    assert!(catalog.is_cached());
    let timeline = catalog.card("timeline").unwrap();
    assert!(matches!(&timeline.text.answer, Answer::Order { items } if !items.is_empty()));
    assert!(!entry.exists(), "the damaged entry is removed");

    // A count that does not match the rows: the whole deck is parsed instead.
    open(&setup);
    let connection = Connection::open(&entry).unwrap();
    connection
        .execute("UPDATE meta SET value = ?1 WHERE key = 'count'", [postcard::to_stdvec(&3u64).unwrap()])
        .unwrap();
    drop(connection);
    let catalog = open(&setup);
    assert!(catalog.is_cached());
    assert_eq!(as_json(&catalog.into_deck()), as_json(&parsed(&setup)));
    assert!(!entry.exists(), "the damaged entry is removed");

    // An entry built from another file, put in this one's place.
    let other = setup.deck.with_file_name("other.toml");
    fs::write(&other, fs::read_to_string(&setup.deck).unwrap().replace("Every kind", "Another")).unwrap();
    age(&other);
    Catalog::open(other.to_str().unwrap(), None, Some(&setup.cache)).unwrap();
    let other_entry = entries(&setup.cache).into_iter().find(|name| name.starts_with("catalog-")).unwrap();
    fs::rename(setup.cache.join(other_entry), &entry).unwrap();
    let catalog = open(&setup);
    assert!(!catalog.is_cached(), "an entry bound to another text is not used");
    assert!(!catalog.header().title.contains("Another"));
}

#[test]
fn the_folder_is_capped_and_old_entries_go() {
    let setup = setup();
    fs::create_dir_all(&setup.cache).unwrap();
    fs::write(setup.cache.join("deck-0123-4567.bin"), b"old format").unwrap();
    fs::write(setup.cache.join(".quiz-left.tmp"), b"x").unwrap();
    age(&setup.cache.join(".quiz-left.tmp"));
    let text = fs::read_to_string(&setup.deck).unwrap();
    for other in 0..MAX_ENTRIES + 3 {
        let path = setup.deck.with_file_name(format!("deck-{other}.toml"));
        fs::write(&path, &text).unwrap();
        Catalog::open(path.to_str().unwrap(), None, Some(&setup.cache)).unwrap();
    }
    let names = entries(&setup.cache);
    assert_eq!(names.len(), MAX_ENTRIES, "{names:?}");
    assert!(names.iter().all(|name| name.starts_with("catalog-")), "{names:?}");
}

#[test]
fn without_a_cache_folder_the_deck_is_parsed() {
    let setup = setup();
    let catalog = Catalog::open(setup.deck.to_str().unwrap(), None, None).unwrap();
    assert!(!catalog.is_cached());
    assert_eq!(catalog.len(), parsed(&setup).cards.len());
    assert!(!setup.cache.exists());
}
