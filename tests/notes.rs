//! The deck's relationship to its notes over time: fingerprints that go
//! stale when a section changes, `--update-fingerprints`, coverage, and the
//! notes formats (setext Markdown, reStructuredText).

mod common;

use std::path::Path;
use std::process::Command;

use common::{fixture_deck, fixtures, unindent, Test};

const NOTES: &str = "\
# Async Python

## asyncore

Sam Rushing wrote asyncore, and it arrived in Python 1.5.2.

## gevent

gevent came out in 2009.

## asyncio

asyncio shipped in Python 3.4.
";

/// A deck whose cards cite the sections of NOTES, fingerprints as given.
fn deck(asyncore: &str, gevent: &str, asyncio: &str) -> String {
    format!(
        r#"# Three cards, each citing one section.
format = 1
id = "drift"
title = "Drift"
source = "notes.md"

[[card]]
id = "asyncore-author"   # who wrote it
kind = "short"
prompt = "Who wrote asyncore?"
answer = "Sam Rushing"
source = {{ section = "asyncore", quote = "Sam Rushing wrote asyncore", checked = "{asyncore}" }}

[[card]]
id = "asyncore-version"
kind = "short"
prompt = "Which Python release brought asyncore?"
answer = "1.5.2"
source = {{ section = "asyncore", checked = "{asyncore}" }}

[[card]]
id = "gevent-year"
kind = "numeric"
prompt = "Which year did gevent come out?"
answer = 2009

[card.source]
section = "gevent"
checked = "{gevent}"

[[card]]
id = "asyncio-version"
kind = "short"
prompt = "Which Python version shipped asyncio?"
answer = "3.4"
source = {{ section = "asyncio", checked = "{asyncio}" }}
"#
    )
}

/// The fingerprints of NOTES' sections, from `quiz check --update-fingerprints` itself.
fn current_fingerprints() -> (String, String, String) {
    let output = Test::new()
        .file("notes.md", NOTES)
        .file("deck.toml", &deck("0", "0", "0"))
        .args(["check", "--update-fingerprints", "deck.toml"])
        .stderr("deck.toml: 4 fingerprint(s) updated: `asyncore-author`, `asyncore-version`, `gevent-year`, `asyncio-version`\n")
        .run();
    let text = std::fs::read_to_string(output.path().join("deck.toml")).unwrap();
    let fingerprints: Vec<String> = text
        .lines()
        .filter_map(|line| Some(line.split("checked = \"").nth(1)?.split('"').next()?.to_string()))
        .collect();
    assert_eq!(fingerprints.len(), 4, "{text}");
    assert_eq!(fingerprints[0], fingerprints[1]);
    (fingerprints[0].clone(), fingerprints[2].clone(), fingerprints[3].clone())
}

fn git(folder: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .current_dir(folder)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn fingerprints_that_match_the_notes_pass_strict() {
    let (asyncore, gevent, asyncio) = current_fingerprints();
    Test::new()
        .file("notes.md", NOTES)
        .file("deck.toml", &deck(&asyncore, &gevent, &asyncio))
        .args(["check", "--strict", "deck.toml"])
        .stdout("deck.toml: ok — 4 card(s), 0 error(s), 0 warning(s)\n")
        .run();
}

#[test]
fn an_edited_section_flags_exactly_its_cards_and_updating_clears_them() {
    let (asyncore, gevent, asyncio) = current_fingerprints();
    let original = deck(&asyncore, &gevent, &asyncio);
    let test = Test::new().file("notes.md", NOTES).file("deck.toml", &original);
    let tracked = git(test.path(), &["init", "-q"])
        && git(test.path(), &["add", "."])
        && git(test.path(), &["commit", "-q", "-m", "notes and deck"]);
    let edited = NOTES.replace("arrived in Python 1.5.2", "arrived in Python 1.5.2, with asynchat");
    std::fs::write(test.path().join("notes.md"), &edited).unwrap();
    let output = test.args(["check", "deck.toml"]).run();
    let flagged: Vec<&str> = output.stdout.lines().filter(|line| line.contains("warning[stale-source]")).collect();
    assert_eq!(flagged.len(), 2, "{}", output.stdout);
    assert!(flagged[0].starts_with("deck.toml:12:"), "the card's own line: {}", flagged[0]);
    assert!(flagged[0].contains("card `asyncore-author`: section `asyncore` of the notes changed"));
    assert!(flagged[0].contains(&format!("(fingerprint `{asyncore}` then, `")));
    assert!(flagged[1].starts_with("deck.toml:19:") && flagged[1].contains("card `asyncore-version`"));
    assert!(!output.stdout.contains("gevent-year") && !output.stdout.contains("asyncio-version"));
    assert!(output.stdout.contains(
        "help: review the card against the section, then run `quiz check --update-fingerprints --card asyncore-author deck.toml`"
    ));
    if tracked {
        assert!(
            output.stdout.contains("note: what changed: … it arrived in Python [-1.5.2.-]{+1.5.2, with asynchat.+}"),
            "{}",
            output.stdout
        );
    }
    assert!(output.stdout.ends_with("deck.toml: ok — 4 card(s), 0 error(s), 2 warning(s)\n"));

    let dir = output.dir;
    let strict = Test::in_dir(dir).args(["check", "--strict", "deck.toml"]).status(1).run();
    let dir = strict.dir;

    // Confirm one card: only its fingerprint changes.
    let one = Test::in_dir(dir)
        .args(["check", "--update-fingerprints", "--card", "asyncore-author", "deck.toml"])
        .stderr_contains(["deck.toml: 1 fingerprint(s) updated: `asyncore-author`"])
        .stdout_contains(["card `asyncore-version`", "1 warning(s)"])
        .run();
    let updated = std::fs::read_to_string(one.path().join("deck.toml")).unwrap();
    let new_fingerprint = updated.lines().nth(11).unwrap().split("checked = \"").nth(1).unwrap()[..12].to_string();
    assert_ne!(new_fingerprint, asyncore);
    assert_eq!(updated, original.replacen(&asyncore, &new_fingerprint, 1), "nothing else in the file changed");

    // Then the rest: the file is the original but for the two fingerprints.
    let all = Test::in_dir(one.dir)
        .args(["check", "--strict", "--update-fingerprints", "deck.toml"])
        .stderr("deck.toml: 1 fingerprint(s) updated: `asyncore-version`\n")
        .stdout("deck.toml: ok — 4 card(s), 0 error(s), 0 warning(s)\n")
        .run();
    let updated = std::fs::read_to_string(all.path().join("deck.toml")).unwrap();
    assert_eq!(updated, original.replace(&asyncore, &new_fingerprint));
}

#[test]
fn without_git_history_a_stale_source_gives_both_fingerprints() {
    Test::new()
        .file("notes.md", NOTES)
        .file("deck.toml", &deck("000000000000", "000000000000", "000000000000"))
        .args(["check", "--format", "json", "deck.toml"])
        .stdout_contains([
            r#""code": "stale-source""#,
            "fingerprint `000000000000` then",
            r#""note": "the text it was checked against is not in the notes' git history, so only the fingerprints are known""#,
        ])
        .run();
}

#[test]
fn an_unknown_card_or_a_bundled_deck_is_not_rewritten() {
    let original = deck("0", "0", "0");
    let output = Test::new()
        .file("notes.md", NOTES)
        .file("deck.toml", &original)
        .args(["check", "--update-fingerprints", "--card", "no-such-card", "deck.toml"])
        .status(2)
        .stderr_contains(["no named deck has a card `no-such-card`; nothing was written"])
        .run();
    assert_eq!(std::fs::read_to_string(output.path().join("deck.toml")).unwrap(), original);
    Test::new()
        .args(["check", "--update-fingerprints", "--deck", "asyncio"])
        .status(2)
        .stderr_contains(["(bundled) asyncio is built into quiz and cannot be rewritten"])
        .run();
    Test::new().args(["check", "--card", "x"]).status(2).stderr_contains(["--update-fingerprints"]).run();
}

#[test]
fn coverage_counts_sections_and_paragraphs_of_restructured_text() {
    let expected = unindent(&format!(
        "
        {deck}: ok — 3 card(s), 0 error(s), 0 warning(s)
        coverage of {notes}: 4 of 5 sections (80%), 2 of 7 paragraphs (28%)
          ✓ The event loop (line 1): 0 card(s), 0 of 1 paragraph(s)
            not quoted: line 5: These notes are a fixture for ``quiz check``: reStructuredTe…
            ✓ Running coroutines (line 8): 1 card(s), 1 of 2 paragraph(s)
              not quoted: line 14: The loop runs one callback at a time.
              ✓ Tasks (line 16): 1 card(s), 1 of 1 paragraph(s)
            ✓ Futures (line 21): 1 card(s), 0 of 2 paragraph(s)
              not quoted: line 24: A future holds a result that is not there yet.
              not quoted: line 28: Cancelling a future raises ``CancelledError`` in the code aw…
            ✗ Executors (line 30): 0 card(s), 0 of 1 paragraph(s)
              not quoted: line 33: Blocking calls belong in a thread pool, through ``run_in_exe…
        ",
        deck = fixture_deck("loop.toml"),
        notes = fixtures().join("decks/loop.rst").display(),
    ));
    Test::new().args(["check", "--coverage", &fixture_deck("loop.toml")]).stdout(&expected).run();
}

#[test]
fn min_coverage_fails_the_check_below_it() {
    let deck = fixture_deck("loop.toml");
    Test::new().args(["check", "--min-coverage", "0.8", &deck]).run();
    Test::new()
        .args(["check", "--min-coverage", "0.9", &deck])
        .status(1)
        .stdout_contains([
            ":1:1: error[coverage]: the cards cover 4 of 5 sections of the notes (80%), below --min-coverage 0.9",
        ])
        .run();
    Test::new()
        .args(["check", "--min-paragraph-coverage", "0.3", &deck])
        .status(1)
        .stdout_contains(["the cards cover 2 of 7 paragraphs of the notes (28%), below --min-paragraph-coverage 0.3"])
        .run();
    Test::new()
        .args(["check", "--min-coverage", "1.5", &deck])
        .status(2)
        .stderr_contains(["`1.5` is not a share from 0 to 1"])
        .run();
}

#[test]
fn coverage_is_in_the_json_report() {
    let output = Test::new().args(["check", "--coverage", "--json", &fixture_deck("loop.toml")]).run();
    let coverage = &output.json()["decks"][0]["coverage"];
    assert_eq!(coverage["sections_covered"], 4);
    assert_eq!(coverage["sections_total"], 5);
    assert_eq!(coverage["paragraphs_covered"], 2);
    assert_eq!(coverage["paragraphs_total"], 7);
    assert_eq!(coverage["sections"][4]["title"], "Executors");
    assert_eq!(coverage["sections"][4]["covered"], false);
    assert_eq!(coverage["sections"][4]["uncovered"][0]["line"], 33);
    let without = Test::new().args(["check", "--json", &fixture_deck("loop.toml")]).run();
    assert!(without.json()["decks"][0].get("coverage").is_none(), "coverage only when asked for");
}

#[test]
fn the_bundled_deck_covers_every_section_of_its_notes() {
    let output = Test::new().args(["check", "--deck", "asyncio", "--coverage", "--min-coverage", "1", "--json"]).run();
    let coverage = &output.json()["decks"][0]["coverage"];
    assert_eq!(coverage["sections_covered"], coverage["sections_total"]);
    assert!(coverage["paragraphs_covered"].as_u64().unwrap() > 0);
}

#[test]
fn setext_notes_are_split_at_their_headings() {
    Test::new()
        .args(["check", "--strict", "--coverage", &fixture_deck("setext.toml")])
        .stdout_contains([
            "3 of 3 sections (100%)",
            "  ✓ Sending values (line 6): 1 card(s), 1 of 2 paragraph(s)",
            "not quoted: line 11: # an indented line: code, not a heading",
        ])
        .run();
    Test::new()
        .file("notes.md", "Title\n=====\n\n    # indented: code\n")
        .file(
            "deck.toml",
            "format = 1\nid = \"x\"\ntitle = \"X\"\nsource = \"notes.md\"\n\n[[card]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\nsource = { section = \"indented: code\" }\n",
        )
        .args(["check", "deck.toml"])
        .status(1)
        .stdout_contains(["error[unknown-section]: card `a`: the notes have no section `indented: code`"])
        .run();
}

#[test]
fn a_learner_is_told_the_notes_changed_since_the_last_review() {
    let (asyncore, gevent, asyncio) = current_fingerprints();
    let output = Test::new()
        .file("notes.md", NOTES)
        .file("deck.toml", &deck(&asyncore, &gevent, &asyncio))
        .args(["review", "--deck", "deck.toml", "--card", "gevent-year", "--rating", "good"])
        .run();
    let changed = deck(&asyncore, "111111111111", &asyncio);
    std::fs::write(output.path().join("deck.toml"), changed).unwrap();
    let cards = Test::in_dir(output.dir).args(["cards", "--deck", "deck.toml", "--json"]).run();
    let json = cards.json();
    let card = json.as_array().unwrap().iter().find(|card| card["id"] == "gevent-year").unwrap();
    assert_eq!(card["notes_changed"], true);
    assert_eq!(card["changed"], false);
}

#[test]
fn a_new_deck_from_notes_passes_the_check_once_its_examples_are_edited() {
    let output = Test::new()
        .file("docs/setext.md", &std::fs::read_to_string(fixtures().join("decks/setext.md")).unwrap())
        .args(["new", "gen", "--from", "docs/setext.md"])
        .stderr_contains(["wrote docs/gen.toml: 3 example card(s), one per section of setext.md"])
        .run();
    let starter = std::fs::read_to_string(output.path().join("docs/gen.toml")).unwrap();
    assert!(starter.contains("source = { section = \"Sending values\", quote = \"send() resumes a generator with a value, from Python 2.5 on\""), "{starter}");
    let dir = Test::in_dir(output.dir)
        .args(["check", "docs/gen.toml"])
        .stdout_contains(["warning[no-cards]", "ok — 0 card(s)"])
        .run()
        .dir;
    // Uncomment every example and answer it.
    let edited: String = starter
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if rest.starts_with("[[card]]") || rest.contains(" = ") && !rest.starts_with("Section") => {
                rest.replace("\"TODO\"", "\"an answer\"").replace("TODO: ", "") + "\n"
            }
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(dir.path().join("docs/gen.toml"), edited).unwrap();
    let dir = Test::in_dir(dir)
        .args(["check", "--strict", "--min-coverage", "1", "docs/gen.toml"])
        .stdout_contains(["docs/gen.toml: ok — 3 card(s), 0 error(s), 0 warning(s)"])
        .run()
        .dir;
    let dir = Test::in_dir(dir)
        .args(["new", "gen", "--from", "docs/setext.md"])
        .status(2)
        .stderr_contains(["docs/gen.toml exists; give --force to replace it"])
        .run()
        .dir;
    let dir = Test::in_dir(dir)
        .args(["new", "gen", "--from", "docs/setext.md", "--out", "docs/inner/gen.toml"])
        .status(2)
        .stderr_contains(["the deck must be in the notes' folder or a folder above it"])
        .run()
        .dir;
    let dir = Test::in_dir(dir)
        .args(["new", "Gen", "--from", "docs/setext.md", "--out", "-"])
        .status(2)
        .stderr_contains(["`Gen` is not a deck id"])
        .run()
        .dir;
    Test::in_dir(dir)
        .args(["new", "gen", "--from", "docs/setext.md", "--out", "-"])
        .stdout_contains(["id = \"gen\"\ntitle = \"Generators\"\nsource = \"setext.md\"\n"])
        .run();
}
