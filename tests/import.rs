//! `quiz import`: decks from other tools' files, written where `quiz --deck`
//! finds them, never over an existing deck without `--force`, never partly.

mod common;

use common::Env;
use serde_json::Value;

const CSV: &str = "front,back,tags\n\
                   Which Python version first shipped asyncio?,3.4,asyncio\n\
                   \"What does a transport do, in Twisted?\",\"It moves bytes;\nthe protocol reads them.\",twisted\n";

#[test]
fn a_csv_becomes_a_deck_that_checks_and_can_be_studied_by_its_id() {
    let env = Env::new();
    let file = env.write("python history.csv", CSV);
    let (code, stdout, stderr) = env.run(&["import", &file, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["deck"], "python-history");
    assert_eq!(report["format"], "csv");
    assert_eq!(report["cards"], 2);
    assert_eq!(report["written"], true);
    assert_eq!(report["study"], "quiz --deck python-history");
    assert!(stderr.contains("Study it with: quiz --deck python-history"), "{stderr}");
    let written = env.data_dir().join("decks/python-history.toml");
    assert!(written.is_file());

    let (code, _, stderr) = env.run(&["check", "--deck", "python-history", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, _) = env.run(&["cards", "--deck", "python-history", "--json"]);
    assert_eq!(code, 0);
    let cards: Value = serde_json::from_str(&stdout).unwrap();
    let id = cards[0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("which-python-version-first-shipped-asyncio-"), "{id}");
    let (code, _, stderr) = env.run(&["review", "--deck", "python-history", "--card", &id, "--rating", "good"]);
    assert_eq!(code, 0, "{stderr}");

    // Importing the file again replaces the deck only with --force, and keeps the ids (so progress).
    let (code, _, stderr) = env.run(&["import", &file]);
    assert_eq!(code, 2);
    assert!(stderr.contains("exists; give --force"), "{stderr}");
    let (code, _, stderr) = env.run(&["import", &file, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    let (_, stdout, _) = env.run(&["cards", "--deck", "python-history", "--json"]);
    let again: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(again[0]["id"], id.as_str());
    assert_ne!(again[0]["state"], "new", "the review is still there: {}", again[0]);
}

#[test]
fn a_dry_run_or_a_bad_file_writes_nothing() {
    let env = Env::new();
    let file = env.write("deck.csv", CSV);
    let out = env.home.path().join("out/deck.toml");
    let out_arg = out.display().to_string();
    let (code, _, stderr) = env.run(&["import", &file, "--out", &out_arg, "--dry-run"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Would write 2 card(s)"), "{stderr}");
    assert!(!out.exists());

    let latin1 = env.home.path().join("latin1.csv");
    std::fs::write(&latin1, b"front,back\ncaf\xe9,coffee\n").unwrap();
    let (code, _, stderr) = env.run(&["import", latin1.to_str().unwrap(), "--out", &out_arg]);
    assert_eq!(code, 2);
    assert!(stderr.contains("latin1.csv:2:4:") && stderr.contains("not UTF-8"), "{stderr}");
    assert!(!out.exists() && !env.home.path().join("out").exists());

    let empty = env.write("empty.csv", "front,back\n");
    let (code, _, stderr) = env.run(&["import", &empty, "--out", &out_arg]);
    assert_eq!(code, 2);
    assert!(stderr.contains("has no cards to import"), "{stderr}");
    let (code, _, stderr) = env.run(&["import", &file, "--with-history"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--with-history reads an Anki package"), "{stderr}");
}

#[test]
fn quizlet_and_anki_text_exports_are_recognised_and_their_losses_reported() {
    let env = Env::new();
    let quizlet = env.write("gevent.txt", "gevent\tgreenlets on libev\nTwisted\tthe reactor pattern\n");
    let (code, stdout, stderr) = env.run(&["import", &quizlet, "--dry-run", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((report["format"].as_str(), report["cards"].as_u64()), (Some("tsv"), Some(2)));

    let anki = env.write(
        "anki.txt",
        "#separator:tab\n#html:true\n#tags column:3\nWhat is <i>libuv</i>?\tNode's loop <img src=\"uv.png\">\tc\n",
    );
    let (code, stdout, stderr) = env.run(&["import", &anki, "--id", "anki-notes", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["format"], "anki-text");
    assert_eq!(report["remarks"][0]["at"], "line 4");
    assert_eq!(report["remarks"][0]["kind"], "dropped");
    assert!(stderr.contains("line 4: dropped: answer: media `uv.png`"), "{stderr}");
    let (code, _, stderr) = env.run(&["import", &anki, "--id", "Not An Id"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("e.g. `not-an-id`"), "{stderr}");
}
