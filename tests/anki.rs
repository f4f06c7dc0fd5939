//! Anki packages both ways: `quiz import` of packages the real Anki library
//! wrote (tests/fixtures/import/apkg, made by tools/anki-fixtures.py, with
//! what a correct importer must see in expected.json), and `quiz export
//! --format apkg` read back by our importer.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::Env;
use serde_json::Value;

fn apkg(name: &str) -> String {
    common::fixtures().join("import/apkg").join(name).display().to_string()
}

fn expected() -> Value {
    let path = common::fixtures().join("import/apkg/expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The id quiz gives the cards of the note with `guid`: the guid when it is
/// a valid id, else `anki-` and its bytes in hex; `-reverse` or `-cN` after.
fn card_id(guid: &str, kind: &str, ordinal: u64) -> String {
    let valid = guid.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    let base = match valid {
        true => guid.to_string(),
        false => format!("anki-{}", guid.bytes().map(|byte| format!("{byte:02x}")).collect::<String>()),
    };
    match (kind, ordinal) {
        (_, 0) => base,
        ("reversed", 1) => format!("{base}-reverse"),
        ("cloze", number) => format!("{base}-c{}", number + 1),
        (_, number) => format!("{base}-card{}", number + 1),
    }
}

/// Imports `package` into `env` as deck `id` and returns the deck's cards (`quiz cards --json`).
fn import(env: &Env, package: &str, id: &str, extra: &[&str]) -> (Value, Value) {
    let mut args = vec!["import", package, "--id", id, "--json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = env.run(&args);
    assert_eq!(code, 0, "{package}: {stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let (code, stdout, stderr) = env.run(&["cards", "--deck", id, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    (report, serde_json::from_str(&stdout).unwrap())
}

#[test]
fn every_layout_gives_the_same_cards_with_their_kinds_ids_and_tags() {
    let expected = expected();
    let env = Env::new();
    let (report, modern) = import(&env, &apkg("modern.apkg"), "modern", &[]);
    assert_eq!(report["format"], "apkg");
    let cards = modern.as_array().unwrap();
    assert_eq!(cards.len(), expected["totals"]["cards"].as_u64().unwrap() as usize);
    let by_id: BTreeMap<&str, &Value> = cards.iter().map(|card| (card["id"].as_str().unwrap(), card)).collect();
    for note in expected["notes"].as_array().unwrap() {
        let (guid, kind) = (note["guid"].as_str().unwrap(), note["kind"].as_str().unwrap());
        for anki_card in note["cards"].as_array().unwrap() {
            let id = card_id(guid, kind, anki_card["ord"].as_u64().unwrap());
            let card = by_id.get(id.as_str()).unwrap_or_else(|| panic!("no card {id} for note {guid}: {modern:#}"));
            let want = match kind {
                "typein" => "short",
                "cloze" => "cloze",
                "basic" | "reversed" | "other" => "flashcard",
                other => panic!("unknown kind {other}"),
            };
            assert_eq!(card["kind"], want, "{id}");
            // The package holds two decks, so each card carries its deck's name first.
            let tags: Vec<&str> = card["tags"].as_array().unwrap().iter().map(|tag| tag.as_str().unwrap()).collect();
            assert_eq!(tags.first().copied(), anki_card["deck"].as_str(), "{id}");
            for tag in note["tags"].as_array().unwrap() {
                assert!(tags.contains(&tag.as_str().unwrap()), "{id}: {tags:?}");
            }
        }
    }
    // HTML became text: breaks, list items and code kept, the script and the image gone.
    let shown = modern.to_string();
    assert!(shown.contains("Global Interpreter Lock\\none thread"), "{shown}");
    assert!(!shown.contains("<script") && !shown.contains("alert(1)") && !shown.contains("<img"), "{shown}");
    let remarks = report["remarks"].to_string();
    assert!(remarks.contains("x.png"), "media are reported: {remarks}");
    for other in ["legacy2.apkg", "legacy-anki21.apkg", "legacy-anki2-only.apkg", "modern.colpkg"] {
        let id = other.replace('.', "-");
        let (_, cards) = import(&env, &apkg(other), &id, &[]);
        let strip = |cards: &Value| -> Vec<(Value, Value, Value)> {
            cards
                .as_array()
                .unwrap()
                .iter()
                .map(|card| (card["id"].clone(), card["prompt"].clone(), card["answer"].clone()))
                .collect()
        };
        assert_eq!(strip(&cards), strip(&modern), "{other} reads as modern.apkg does");
    }
}

#[test]
fn history_comes_along_by_ankis_training_rules_and_suspended_cards_stay_suspended() {
    let expected = expected();
    let env = Env::new();
    let (report, cards) = import(&env, &apkg("modern.apkg"), "anki", &["--with-history"]);
    let (code, csv, stderr) = env.run(&["export", "--deck", "anki", "--reviews", "-"]);
    assert_eq!(code, 0, "{stderr}");
    let mut logged: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let time = chrono::DateTime::parse_from_rfc3339(fields[1]).unwrap().timestamp_millis();
        logged.entry(fields[0].to_string()).or_default().push(time);
    }
    let mut suspended = BTreeSet::new();
    for note in expected["notes"].as_array().unwrap() {
        let (guid, kind) = (note["guid"].as_str().unwrap(), note["kind"].as_str().unwrap());
        for anki_card in note["cards"].as_array().unwrap() {
            let id = card_id(guid, kind, anki_card["ord"].as_u64().unwrap());
            let mut want: Vec<i64> = anki_card["fsrs_training"]["kept_revlog_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_i64().unwrap())
                .collect();
            let rows = anki_card["revlog"].as_array().unwrap();
            if rows.len() == 1 && rows[0]["type"] == 0 {
                // One learning step makes no training item in Anki, but it is a real review.
                want.push(rows[0]["id"].as_i64().unwrap());
            }
            assert_eq!(logged.get(&id).cloned().unwrap_or_default(), want, "{id}: {}", anki_card["story"]);
            if anki_card["suspended"] == true {
                suspended.insert(id);
            }
        }
    }
    let found: BTreeSet<String> = cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|card| card["suspended"] == true)
        .map(|card| card["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found, suspended);
    assert!(!suspended.is_empty());
    assert_eq!(report["history"]["added"], logged.values().map(Vec::len).sum::<usize>());

    // The same package again adds nothing: every row is already here.
    let (code, stdout, stderr) =
        env.run(&["import", &apkg("modern.apkg"), "--id", "anki", "--with-history", "--force", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let again: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(again["history"]["added"], 0);
    assert_eq!(again["history"]["already"], report["history"]["added"]);
}

#[test]
fn placeholders_foreign_zips_and_cut_packages_are_clear_errors_that_write_nothing() {
    let env = Env::new();
    let cases = [
        ("placeholder.apkg", "please update\" placeholder"),
        ("not-anki.apkg", "not an Anki package"),
        ("truncated.apkg", "damaged or cut short"),
    ];
    for (name, message) in cases {
        let (code, _, stderr) = env.run(&["import", &apkg(name), "--id", "bad"]);
        assert_eq!(code, 2, "{name}");
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(!env.data_dir().join("decks/bad.toml").exists(), "{name}");
    }
    let text = env.write("notes.apkg", "front,back\n");
    let (code, _, stderr) = env.run(&["import", &text, "--format", "apkg"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a zip file"), "{stderr}");
}

#[test]
fn the_asyncio_deck_goes_to_anki_and_back_with_its_history() {
    let env = Env::new();
    let (_, stdout, _) = env.run(&["cards", "--deck", "asyncio", "--json"]);
    let asyncio: Value = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = asyncio.as_array().unwrap().iter().map(|card| card["id"].as_str().unwrap()).collect();
    for (day, id) in ids.iter().take(6).enumerate() {
        for (rating, hours) in [("good", 0), ("again", 30), ("good", 31), ("easy", 80)] {
            let now = format!("2026-03-{:02}T{:02}:00:00Z", day + 1, hours % 24);
            let now = match hours / 24 {
                0 => now,
                later => format!("2026-03-{:02}T{:02}:00:00Z", day + 1 + later, hours % 24),
            };
            let (code, _, stderr) =
                env.run(&["review", "--deck", "asyncio", "--card", id, "--rating", rating, "--now", &now]);
            assert_eq!(code, 0, "{stderr}");
        }
    }
    let package: PathBuf = env.home.path().join("asyncio.apkg");
    let out = package.display().to_string();
    let (code, stdout, stderr) =
        env.run(&["export", "--deck", "asyncio", "--format", "apkg", "--out", &out, "--with-history", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["cards"], ids.len());
    assert!(report["remarks"].to_string().contains("no multiple choice"), "{report}");

    let other = Env::new();
    let (_, cards) = import(&other, &out, "asyncio-anki", &["--with-history"]);
    let back: Vec<&str> = cards.as_array().unwrap().iter().map(|card| card["id"].as_str().unwrap()).collect();
    assert_eq!(back, ids, "the same ids, so progress follows the cards");
    let log = |env: &Env, deck: &str| {
        let (code, csv, stderr) = env.run(&["export", "--deck", deck, "--reviews", "-"]);
        assert_eq!(code, 0, "{stderr}");
        csv
    };
    assert_eq!(log(&other, "asyncio-anki"), log(&env, "asyncio"), "every review came back");
    assert_eq!(log(&env, "asyncio").lines().count(), 1 + 6 * 4);
}
