//! `quiz export --format csv|anki-text|kahoot`: the bundled asyncio deck
//! written for other tools, read back by our importer (CSV, Anki text) or
//! cell by cell (Kahoot's XLSX), with every left-out card reported.

mod common;

use std::collections::BTreeMap;

use common::{Env, Test};
use serde_json::Value;

/// Runs `quiz export --deck asyncio --format FORMAT --out FILE --json` and
/// returns the file's bytes and the JSON report.
fn export(env: &Env, format: &str, file: &str) -> (Vec<u8>, Value) {
    let out = env.home.path().join(file);
    let out_arg = out.display().to_string();
    let (code, stdout, stderr) =
        env.run(&["export", "--deck", "asyncio", "--format", format, "--out", &out_arg, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(&format!("card(s) of `asyncio` as {format} to")), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    assert_eq!(report["format"], format);
    (std::fs::read(&out).expect("the export was written"), report)
}

/// The asyncio deck's cards as `quiz cards --json` prints them, by id.
fn asyncio_cards(env: &Env) -> BTreeMap<String, Value> {
    let (code, stdout, stderr) = env.run(&["cards", "--deck", "asyncio", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let cards: Value = serde_json::from_str(&stdout).unwrap();
    cards
        .as_array()
        .expect("a list of cards")
        .iter()
        .map(|card| (card["id"].as_str().expect("an id").to_string(), card.clone()))
        .collect()
}

/// Imports `path` as deck `id` and returns its cards, by id.
fn import(env: &Env, path: &str, id: &str) -> BTreeMap<String, Value> {
    let (code, _, stderr) = env.run(&["import", path, "--id", id]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = env.run(&["cards", "--deck", id, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let cards: Value = serde_json::from_str(&stdout).unwrap();
    cards.as_array().unwrap().iter().map(|card| (card["id"].as_str().unwrap().to_string(), card.clone())).collect()
}

#[test]
fn csv_keeps_every_card_and_imports_back_with_the_same_ids() {
    let env = Env::new();
    let (bytes, report) = export(&env, "csv", "asyncio.csv");
    let original = asyncio_cards(&env);
    assert_eq!(report["cards"], original.len());
    assert_eq!(report["deck_cards"], original.len());
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("id,question,answer,explanation,tags\n"), "{text}");
    let remarks = report["remarks"].as_array().unwrap();
    assert!(remarks.iter().any(|remark| remark["at"] == "card asyncore-release"
        && remark["message"].as_str().unwrap().starts_with("a choice card is written as a flashcard")));

    let imported = import(&env, env.home.path().join("asyncio.csv").to_str().unwrap(), "asyncio-csv");
    assert_eq!(imported.keys().collect::<Vec<_>>(), original.keys().collect::<Vec<_>>());
    for (id, card) in original.iter().filter(|(_, card)| card["kind"] == "flashcard") {
        let back = &imported[id];
        assert_eq!((&back["prompt"], &back["answer"]), (&card["prompt"], &card["answer"]), "{id}");
        assert_eq!((&back["explanation"], &back["tags"]), (&card["explanation"], &card["tags"]), "{id}");
    }
}

#[test]
fn csv_can_be_printed_to_standard_output() {
    Test::new()
        .args(["export", "--deck", "asyncio", "--format", "csv", "--out", "-"])
        .stdout_contains(["id,question,answer,explanation,tags\n", "\nasyncore-release,"])
        .run();
}

#[test]
fn anki_text_has_anki_headers_and_its_flashcards_import_back() {
    let env = Env::new();
    let (bytes, report) = export(&env, "anki-text", "asyncio.txt");
    let original = asyncio_cards(&env);
    assert_eq!(report["cards"], original.len());
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.starts_with(
            "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
        ),
        "{text}"
    );
    let note_type = |id: &str| -> String {
        let row = text.lines().find(|line| line.starts_with(&format!("{id}\t"))).expect("a row per card");
        row.split('\t').nth(1).unwrap().to_string()
    };
    for (id, card) in &original {
        let expected = match card["kind"].as_str().unwrap() {
            "cloze" => "Cloze",
            "short" => "Basic (type in the answer)",
            _ => "Basic",
        };
        assert_eq!(note_type(id), expected, "{id}");
    }
    assert!(text.contains("{{c1::"), "cloze cards use Anki's syntax");

    let imported = import(&env, env.home.path().join("asyncio.txt").to_str().unwrap(), "asyncio-anki");
    let kept = ["flashcard", "short", "cloze"];
    for (id, card) in original.iter().filter(|(_, card)| kept.contains(&card["kind"].as_str().unwrap())) {
        let back = &imported[id];
        assert_eq!(back["kind"], card["kind"], "{id}: Basic, type-in and Cloze notes keep their kind");
        assert_eq!((&back["prompt"], &back["answer"]), (&card["prompt"], &card["answer"]), "{id}");
        assert_eq!(back["tags"], card["tags"], "{id}: one deck is the title, not a tag");
    }
}

#[test]
fn kahoot_writes_kahoots_template_and_leaves_out_only_what_it_reports() {
    let env = Env::new();
    let (bytes, report) = export(&env, "kahoot", "asyncio.xlsx");
    let original = asyncio_cards(&env);
    assert!(!common::xlsx::sheet_xml(&bytes).contains("<f>"), "no cell is a formula");
    let cells = common::xlsx::cells(&bytes);
    assert_eq!(cells["B2"], "Quiz template");
    let header: Vec<&str> = ["B8", "C8", "D8", "E8", "F8", "G8", "H8"].iter().map(|at| cells[*at].as_str()).collect();
    assert_eq!(
        header,
        [
            "Question - max 120 characters",
            "Answer 1 - max 75 characters",
            "Answer 2 - max 75 characters",
            "Answer 3 - max 75 characters",
            "Answer 4 - max 75 characters",
            "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
            "Correct answer(s) - choose at least one",
        ]
    );
    // The first card is typed; the second, a choice, is the first question.
    let row: Vec<&str> =
        ["A9", "B9", "C9", "D9", "E9", "F9", "G9", "H9"].iter().map(|at| cells[*at].as_str()).collect();
    assert_eq!(
        row,
        [
            "1",
            "In which Python release did asyncore enter the standard library?",
            "Python 1.5.2",
            "Python 2.0",
            "Python 2.2",
            "Python 3.4",
            "30",
            "1"
        ]
    );

    let written = report["cards"].as_u64().unwrap() as usize;
    let questions: Vec<&String> = cells
        .iter()
        .filter(|(at, _)| at.starts_with('B') && at[1..].parse::<u32>().unwrap() > 8)
        .map(|(_, text)| text)
        .collect();
    assert_eq!(questions.len(), written);
    for number in 1..=written {
        assert_eq!(cells[&format!("A{}", number + 8)], number.to_string());
        assert!(
            ["5", "10", "20", "30", "60", "90", "120", "240"].contains(&cells[&format!("G{}", number + 8)].as_str())
        );
    }
    let dropped: Vec<&str> = report["remarks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|remark| remark["kind"] == "dropped")
        .filter_map(|remark| remark["at"].as_str()?.strip_prefix("card "))
        .collect();
    assert_eq!(written + dropped.len(), original.len(), "each card is written or reported");
    for id in dropped {
        let prompt = original[id]["prompt"].as_str().unwrap().replace('\n', " ");
        assert!(!questions.iter().any(|question| **question == prompt), "{id} is reported left out but written");
    }
    for (id, card) in
        original.iter().filter(|(_, card)| ["short", "flashcard", "cloze"].contains(&card["kind"].as_str().unwrap()))
    {
        assert!(!questions.contains(&&card["prompt"].as_str().unwrap().to_string()), "{id}");
    }
}

#[test]
fn kahoot_is_a_binary_file_and_not_printed() {
    Test::new()
        .args(["export", "--deck", "asyncio", "--format", "kahoot", "--out", "-"])
        .status(2)
        .stderr_contains(["kahoot is a binary file; give --out FILE"])
        .run();
}

#[test]
fn reverse_cards_are_exported_once_as_the_card_they_reverse() {
    let deck = common::fixture_deck("reverse.toml");
    Test::new()
        .args(["export", "--deck", &deck, "--format", "csv", "--out", "-"])
        .stdout_contains(["coroutine", "event-loop", "one-way"])
        .stdout_lacks(["~reverse"])
        .stderr_contains([
            "the 2 reverse card(s) (`reverse = true`): csv gets each card one way",
            "Wrote 3 of 5 card(s) of `reverse` as csv",
        ])
        .run();
}
