//! The bundled asyncio deck: complete, bilingual, and passing its own strict check.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::Env;
use quiz::deck::{self, CardKind};

const SECTIONS: [&str; 8] =
    ["asyncore", "generators", "twisted", "send", "gevent", "futures", "asyncio", "async-await"];

#[test]
fn the_deck_covers_every_section_in_both_languages() {
    let (_, deck, diagnostics) = deck::open("asyncio", None).expect("the bundled deck loads");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(deck.cards.len() >= 60, "{} cards", deck.cards.len());
    assert_eq!(deck.languages, ["en", "ko"]);

    let mut per_section: BTreeMap<&str, usize> = BTreeMap::new();
    for card in &deck.cards {
        for section in SECTIONS {
            if card.tags.iter().any(|tag| tag == section) {
                *per_section.entry(section).or_default() += 1;
            }
        }
    }
    for section in SECTIONS {
        let count = per_section.get(section).copied().unwrap_or(0);
        assert!(count >= 5, "section `{section}` has {count} cards");
    }

    let kinds: BTreeSet<&str> = deck.cards.iter().map(|card| card.kind().name()).collect();
    assert!(kinds.len() >= 6, "{kinds:?}");
    assert_eq!(kinds.len(), CardKind::ALL.len(), "every kind is used: {kinds:?}");

    for card in &deck.cards {
        let korean = card.translations.get("ko").unwrap_or_else(|| panic!("{} has no Korean", card.id));
        assert_ne!(korean.prompt, card.text.prompt, "{} has a Korean prompt of its own", card.id);
        assert!(
            korean.prompt.chars().any(|character| ('\u{AC00}'..='\u{D7A3}').contains(&character)),
            "{}: {}",
            card.id,
            korean.prompt
        );
        assert!(korean.explanation.is_some(), "{} has a Korean explanation", card.id);
        assert!(card.source.is_some(), "{} cites its section", card.id);
    }
}

#[test]
fn each_common_misconception_has_a_correcting_card() {
    let (_, deck, _) = deck::open("asyncio", None).expect("the bundled deck loads");
    // (card id, what it corrects)
    let corrections = [
        ("gevent-first-release", "gevent was first released in July 2009, not 2008"),
        ("libuv-in-cpython", "libev and libuv are C libraries"),
        ("asyncore-deprecated", "asyncore was deprecated in 3.6"),
        ("asyncore-removed", "asyncore was removed in 3.12"),
        ("send-version", "send() shipped in Python 2.5"),
        ("send-year", "send() shipped in 2006"),
        ("twisted-deferred-generator", "Twisted's first generator helper came in 2.0"),
        ("twisted-inline-callbacks-release", "inlineCallbacks came in Twisted 2.5"),
        ("generators-are-iterators", "generators are iterators"),
        ("async-await-sugar", "async/await are more than syntactic sugar"),
        ("gevent-early-loop", "gevent used libevent before 1.0"),
    ];
    for (id, fact) in corrections {
        let card = deck.card(id).unwrap_or_else(|| panic!("no card for: {fact}"));
        assert!(card.tags.iter().any(|tag| tag == "correction"), "{id} is tagged correction");
    }
    let answer = |id: &str| deck.card(id).map(|card| card.text.answer.display()).unwrap_or_default();
    assert_eq!(answer("gevent-first-release"), "2009");
    assert_eq!(answer("libuv-in-cpython"), "false");
    assert_eq!(answer("asyncore-removed"), "3.12");
    assert_eq!(answer("send-version"), "2.5");
}

#[test]
fn the_deck_passes_its_strict_check() {
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["check", "--deck", "asyncio", "--strict"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("(bundled) asyncio: ok"), "{stdout}");
}

#[test]
fn korean_cards_are_printed_with_lang_ko() {
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["cards", "--deck", "asyncio", "--lang", "ko", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let cards: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert!(cards.iter().all(|card| card["language"] == "ko"));
    let version = cards.iter().find(|card| card["id"] == "asyncio-stdlib-version").unwrap();
    assert_eq!(version["prompt"], "asyncio를 처음 표준 라이브러리에 포함한 파이썬 버전은?");
    assert_eq!(version["answer"], "3.4");
    let (code, _, stderr) = env.run(&["cards", "--deck", "asyncio", "--lang", "fr"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("has no `fr` text; it has en, ko"), "{stderr}");
}

#[test]
fn decks_lists_the_bundled_deck() {
    let env = Env::new();
    let (code, stdout, _) = env.run(&["decks", "--json"]);
    assert_eq!(code, 0);
    let decks: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let asyncio = decks.iter().find(|deck| deck["id"] == "asyncio").expect("the bundled deck");
    assert_eq!(asyncio["origin"], "bundled");
    assert!(asyncio["cards"].as_u64().unwrap() >= 60);
    // A user deck with the same id shadows the bundled one.
    env.write("data/decks/asyncio.toml", "format = 1\nid = \"asyncio\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\n");
    let (_, stdout, _) = env.run(&["decks"]);
    assert!(stdout.contains("Mine"), "{stdout}");
    assert!(stdout.contains("user"), "{stdout}");
}
