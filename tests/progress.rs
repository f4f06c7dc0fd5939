//! Progress through the real binary: reviews persist, time travel, undo,
//! suspension, exports, damaged and newer databases, crashes and concurrency.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::{fixture_deck, Env};
use serde_json::Value;

fn cards(env: &Env, deck: &str, now: &str) -> Vec<Value> {
    let (code, stdout, stderr) = env.run(&["cards", "--deck", deck, "--json", "--now", now]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str::<Value>(&stdout).expect("JSON").as_array().expect("an array").clone()
}

fn card<'a>(all: &'a [Value], id: &str) -> &'a Value {
    all.iter().find(|card| card["id"] == id).unwrap_or_else(|| panic!("no card {id}"))
}

/// `quiz stats --deck DECK --json --now NOW`.
fn stats(env: &Env, deck: &str, now: &str) -> Value {
    let (code, stdout, stderr) = env.run(&["stats", "--deck", deck, "--json", "--now", now]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn review(env: &Env, deck: &str, card: &str, rating: &str, now: &str) -> String {
    let (code, stdout, stderr) = env.run(&["review", "--deck", deck, "--card", card, "--rating", rating, "--now", now]);
    assert_eq!(code, 0, "{stderr}");
    stdout.trim().to_string()
}

#[test]
fn a_review_is_seen_by_the_next_process() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    let due = review(&env, &deck, "stdlib-version", "good", "2026-01-01T09:00:00Z");
    assert_eq!(due, "2026-01-01T09:10:00Z", "Good on a new card: the second learning step");
    let all = cards(&env, &deck, "2026-01-01T09:00:00Z");
    let reviewed = card(&all, "stdlib-version");
    assert_eq!(reviewed["state"], "learning");
    assert_eq!(reviewed["reps"], 1);
    assert_eq!(reviewed["due"], "2026-01-01T09:10:00Z");
    assert!(reviewed["stability"].as_f64().unwrap() > 0.0);
    assert_eq!(card(&all, "loop-library")["state"], "new");
    assert!(env.data_dir().join("progress.sqlite3").is_file());
}

#[test]
fn now_travels_in_time() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    review(&env, &deck, "gevent-year", "easy", "2026-01-01T09:00:00Z");
    let all = cards(&env, &deck, "2026-01-01T09:00:00Z");
    let due = card(&all, "gevent-year")["due"].as_str().unwrap().to_string();
    assert!(due.as_str() > "2026-01-05", "Easy graduates to days: {due}");
    let stats_before: Value =
        serde_json::from_str(&env.run(&["stats", "--deck", &deck, "--json", "--now", "2026-01-02T09:00:00Z"]).1)
            .unwrap();
    assert_eq!(stats_before["due_now"], 0);
    let stats_after: Value =
        serde_json::from_str(&env.run(&["stats", "--deck", &deck, "--json", "--now", "2027-01-01T09:00:00Z"]).1)
            .unwrap();
    assert_eq!(stats_after["due_now"], 1);
    // QUIZ_NOW works like --now.
    let output =
        env.quiz().args(["stats", "--deck", &deck, "--json"]).env("QUIZ_NOW", "2027-01-01T09:00:00Z").output().unwrap();
    let via_env: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(via_env["due_now"], 1);
}

#[test]
fn stats_counts_todays_reviews_the_streak_and_the_retention_of_graduated_cards() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    // Three days in a row, a gap, then today (Jan 10): a streak of one, then two.
    review(&env, &deck, "gevent-year", "easy", "2026-01-01T09:00:00Z");
    review(&env, &deck, "stdlib-version", "good", "2026-01-02T09:00:00Z");
    review(&env, &deck, "stdlib-version", "good", "2026-01-03T09:00:00Z");
    // gevent-year graduated with Easy: these two are reviews of a mature card.
    review(&env, &deck, "gevent-year", "again", "2026-01-09T09:00:00Z");
    review(&env, &deck, "loop-library", "good", "2026-01-10T08:00:00Z");
    let stats = |now: &str| stats(&env, &deck, now);
    let today = stats("2026-01-10T12:00:00Z");
    assert_eq!(today["reviews_today"], 1);
    assert_eq!(today["streak_days"], 2);
    assert_eq!(today["retention_reviews_30d"], 1);
    assert_eq!(today["true_retention_30d"], 0.0);
    let earlier = stats("2026-01-03T23:00:00Z");
    assert_eq!(earlier["streak_days"], 3);
    assert_eq!(earlier["reviews_today"], 1);
    assert_eq!(earlier["retention_reviews_30d"], 0);
    assert_eq!(earlier["true_retention_30d"], Value::Null);
    // Yesterday's streak still counts before today's first review.
    assert_eq!(stats("2026-01-04T09:00:00Z")["streak_days"], 3);
    assert_eq!(stats("2026-01-05T09:00:00Z")["streak_days"], 0);
}

#[test]
fn today_starts_at_four_in_the_morning_unless_the_config_moves_it() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    // A late session that runs past midnight (TZ=UTC in tests).
    review(&env, &deck, "gevent-year", "good", "2026-01-09T23:30:00Z");
    review(&env, &deck, "stdlib-version", "good", "2026-01-10T02:00:00Z");
    let stats = |now: &str| stats(&env, &deck, now);
    let before_four = stats("2026-01-10T03:00:00Z");
    assert_eq!(before_four["reviews_today"], 2, "both answers count for the evening of the 9th");
    assert_eq!(before_four["streak_days"], 1);
    let after_four = stats("2026-01-10T05:00:00Z");
    assert_eq!(after_four["reviews_today"], 0, "the 10th began at 04:00");
    assert_eq!(after_four["streak_days"], 1, "yesterday's reviews keep the streak");
    env.write("data/config.toml", "day_starts_at = 0\n");
    let at_midnight = stats("2026-01-10T03:00:00Z");
    assert_eq!(at_midnight["reviews_today"], 1, "with midnight, only the 02:00 answer is today's");
    assert_eq!(at_midnight["streak_days"], 2);
    env.write("data/config.toml", "day_starts_at = 25\n");
    let (code, _, stderr) = env.run(&["stats", "--deck", &deck]);
    assert_eq!(code, 2);
    assert!(stderr.contains("day_starts_at = 25 is not an hour"), "{stderr}");
}

#[test]
fn a_card_forgotten_too_often_becomes_a_leech_and_is_suspended_or_only_marked() {
    for (action, suspended) in [("suspend", true), ("tag", false)] {
        let env = Env::new();
        env.write("data/config.toml", &format!("leech_lapses = 2\nleech_action = \"{action}\"\n"));
        let deck = fixture_deck("kinds.toml");
        let leech_review = |rating: &str, now: &str| {
            let (code, _, stderr) =
                env.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", rating, "--now", now]);
            assert_eq!(code, 0, "{stderr}");
            stderr
        };
        leech_review("easy", "2026-01-01T09:00:00Z");
        assert!(!leech_review("again", "2026-01-20T09:00:00Z").contains("leech"), "one lapse is not a leech");
        leech_review("good", "2026-01-20T09:20:00Z");
        let struck = leech_review("again", "2026-02-20T09:00:00Z");
        assert!(struck.contains("`gevent-year` is a leech: forgotten 2 times"), "{struck}");
        let reviewed = card(&cards(&env, &deck, "2026-02-20T10:00:00Z"), "gevent-year").clone();
        assert_eq!(reviewed["lapses"], 2);
        assert_eq!(reviewed["leech_since"], "2026-02-20T09:00:00Z");
        assert_eq!(reviewed["suspended"], suspended, "leech_action = {action}");
        // The mark survives a rebuild, as suspension does.
        assert_eq!(env.run(&["rebuild", "--deck", &deck]).0, 0);
        let rebuilt = card(&cards(&env, &deck, "2026-02-20T10:00:00Z"), "gevent-year").clone();
        assert_eq!(
            (&rebuilt["leech_since"], &rebuilt["suspended"]),
            (&reviewed["leech_since"], &reviewed["suspended"])
        );
    }
}

#[test]
fn undo_restores_the_exact_previous_state() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    review(&env, &deck, "stdlib-version", "good", "2026-01-01T09:00:00Z");
    review(&env, &deck, "stdlib-version", "good", "2026-01-01T09:10:00Z");
    let before = card(&cards(&env, &deck, "2026-01-02T00:00:00Z"), "stdlib-version").clone();
    review(&env, &deck, "stdlib-version", "again", "2026-01-03T09:10:00Z");
    let changed = card(&cards(&env, &deck, "2026-01-02T00:00:00Z"), "stdlib-version").clone();
    assert_ne!(before, changed);
    let (code, _, stderr) = env.run(&["undo", "--deck", &deck]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("again review of `stdlib-version`"), "{stderr}");
    let after = card(&cards(&env, &deck, "2026-01-02T00:00:00Z"), "stdlib-version").clone();
    assert_eq!(before, after);
    // Undo down to nothing: the card is new again, then there is nothing to undo.
    env.run(&["undo", "--deck", &deck]);
    env.run(&["undo", "--deck", &deck]);
    assert_eq!(card(&cards(&env, &deck, "2026-01-02T00:00:00Z"), "stdlib-version")["state"], "new");
    let (code, _, stderr) = env.run(&["undo", "--deck", &deck]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no review to take back"), "{stderr}");
}

#[test]
fn suspend_and_unsuspend() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    assert_eq!(env.run(&["suspend", "--deck", &deck, "--card", "pep-492"]).0, 0);
    assert_eq!(card(&cards(&env, &deck, "2026-01-01T00:00:00Z"), "pep-492")["suspended"], true);
    assert_eq!(env.run(&["unsuspend", "--deck", &deck, "--card", "pep-492"]).0, 0);
    assert_eq!(card(&cards(&env, &deck, "2026-01-01T00:00:00Z"), "pep-492")["suspended"], false);
    let (code, _, stderr) = env.run(&["suspend", "--deck", &deck, "--card", "pep-429"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("has no card `pep-429`; did you mean `pep-492`?"), "{stderr}");
}

#[test]
fn export_writes_the_fsrs_csv_columns() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    review(&env, &deck, "stdlib-version", "good", "2026-01-01T09:00:00Z");
    review(&env, &deck, "gevent-year", "hard", "2026-01-01T09:05:00Z");
    let path = env.home.path().join("reviews.csv");
    let (code, _, stderr) = env.run(&["export", "--deck", &deck, "--reviews", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let csv = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "card_id,review_time,review_rating,review_duration");
    assert_eq!(lines[1], "stdlib-version,2026-01-01T09:00:00.000000+00:00,3,0");
    assert_eq!(lines[2], "gevent-year,2026-01-01T09:05:00.000000+00:00,2,0");
    assert_eq!(lines.len(), 3);
}

#[test]
fn rebuild_recomputes_the_same_states() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    review(&env, &deck, "stdlib-version", "good", "2026-01-01T09:00:00Z");
    review(&env, &deck, "stdlib-version", "good", "2026-01-01T09:10:00Z");
    review(&env, &deck, "stdlib-version", "good", "2026-01-04T09:10:00Z");
    let before = cards(&env, &deck, "2026-01-05T00:00:00Z");
    let (code, _, stderr) = env.run(&["rebuild", "--deck", &deck]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Rebuilt 1 card state(s) from 3 review(s)"), "{stderr}");
    assert_eq!(before, cards(&env, &deck, "2026-01-05T00:00:00Z"), "replaying the log is deterministic, fuzz included");
}

#[test]
fn an_edited_card_keeps_its_history_and_is_flagged() {
    let env = Env::new();
    let original = std::fs::read_to_string(fixture_deck("kinds.toml")).unwrap();
    std::fs::copy(common::fixtures().join("decks/kinds.md"), env.home.path().join("kinds.md")).unwrap();
    let path = env.write("kinds.toml", &original);
    review(&env, &path, "gevent-year", "good", "2026-01-01T09:00:00Z");
    env.write(
        "kinds.toml",
        &original.replace("In which year was gevent first released?", "When did gevent first ship?"),
    );
    let all = cards(&env, &path, "2026-01-01T09:00:00Z");
    assert_eq!(card(&all, "gevent-year")["reps"], 1, "progress is keyed by id");
    assert_eq!(card(&all, "gevent-year")["changed"], true);
    assert_eq!(card(&all, "stdlib-version")["changed"], false);
    // Removing the card keeps its history as an orphan.
    let without: String = original
        .split("[[card]]")
        .filter(|chunk| !chunk.contains("id = \"gevent-year\""))
        .collect::<Vec<_>>()
        .join("[[card]]");
    env.write("kinds.toml", &without);
    let stats: Value = serde_json::from_str(&env.run(&["stats", "--deck", &path, "--json"]).1).unwrap();
    assert_eq!(stats["orphans"], serde_json::json!(["gevent-year"]));
}

fn file_digest(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_damaged_database_is_reported_and_left_untouched() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    std::fs::create_dir_all(env.data_dir()).unwrap();
    let database = env.data_dir().join("progress.sqlite3");
    let garbage: Vec<u8> = (0..8192u32).map(|index| (index * 7 % 251) as u8).collect();
    std::fs::write(&database, &garbage).unwrap();
    let (code, _, stderr) = env.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is damaged (it does not start with SQLite's header)"), "{stderr}");
    assert!(stderr.contains("left untouched"), "{stderr}");
    assert_eq!(file_digest(&database), garbage, "byte for byte");
    assert!(!env.data_dir().join("progress.sqlite3-wal").exists());

    // A truncated real database too.
    let healthy = Env::new();
    review(&healthy, &deck, "gevent-year", "good", "2026-01-01T09:00:00Z");
    let real = std::fs::read(healthy.data_dir().join("progress.sqlite3")).unwrap();
    std::fs::write(&database, &real[..real.len().min(100)]).unwrap();
    let (code, _, stderr) = env.run(&["stats", "--deck", &deck]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(file_digest(&database), real[..real.len().min(100)].to_vec());
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    review(&env, &deck, "gevent-year", "good", "2026-01-01T09:00:00Z");
    let database = env.data_dir().join("progress.sqlite3");
    {
        let connection = rusqlite::Connection::open(&database).unwrap();
        connection.pragma_update(None, "user_version", 99).unwrap();
        connection.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = file_digest(&database);
    let (code, _, stderr) = env.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("written by a newer quiz (schema 99"), "{stderr}");
    assert_eq!(file_digest(&database), before);
}

/// Every `quiz review` that exits 0 must be in the log, however often the
/// process is killed mid-write.
#[cfg(unix)]
#[test]
fn reviews_survive_sigkill() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    let binary = assert_cmd::cargo::cargo_bin("quiz");
    let mut acknowledged = 0;
    let mut seed: u64 = 0x9e37_79b9;
    for round in 0..40 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let mut child = Command::new(&binary)
            .args(["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"])
            .env("QUIZ_DATA_DIR", env.data_dir())
            .env("HOME", env.home.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at a random moment in the first ~12 ms, or let it finish.
        std::thread::sleep(Duration::from_micros(seed % 12_000));
        if round % 4 != 0 {
            let _ = child.kill();
        }
        if child.wait().unwrap().success() {
            acknowledged += 1;
        }
    }
    let (code, stdout, stderr) = env.run(&["export", "--deck", &deck, "--reviews", "-"]);
    assert_eq!(code, 0, "{stderr}");
    let logged = stdout.lines().count() - 1;
    assert!(logged >= acknowledged, "{logged} logged, {acknowledged} acknowledged");
    assert!(acknowledged >= 10, "at least the unkilled runs finish");
    let connection = rusqlite::Connection::open(env.data_dir().join("progress.sqlite3")).unwrap();
    let check: String = connection.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    assert_eq!(check, "ok");
    let state_reps: i64 =
        connection.query_row("SELECT reps FROM card_state WHERE card = 'gevent-year'", [], |row| row.get(0)).unwrap();
    assert_eq!(state_reps as usize, logged, "the state cache agrees with the log");
}

#[test]
fn desired_retention_comes_from_the_config_and_the_flag() {
    let deck = fixture_deck("kinds.toml");
    let due_after_easy = |env: &Env, extra: &[&str]| {
        let mut args = vec![
            "review",
            "--deck",
            &deck,
            "--card",
            "gevent-year",
            "--rating",
            "easy",
            "--now",
            "2026-01-01T09:00:00Z",
        ];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = env.run(&args);
        assert_eq!(code, 0, "{stderr}");
        stdout.trim().to_string()
    };
    let default = due_after_easy(&Env::new(), &[]);
    let configured = Env::new();
    configured.write("data/config.toml", "[deck.kinds]\ndesired_retention = 0.8\n");
    let lower = due_after_easy(&configured, &[]);
    assert!(lower > default, "a lower retention spaces reviews further: {lower} vs {default}");
    let flagged = due_after_easy(&Env::new(), &["--retention", "0.8"]);
    assert_eq!(flagged, lower);
    let broken = Env::new();
    broken.write("data/config.toml", "desired_retention = 2\n");
    let (code, _, stderr) = broken.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "easy"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("outside 0.7 to 0.99"), "{stderr}");
}

#[test]
fn a_reverse_card_has_its_own_id_and_progress() {
    let env = Env::new();
    let deck = fixture_deck("reverse.toml");
    review(&env, &deck, "coroutine~reverse", "easy", "2026-01-01T09:00:00Z");
    let all = cards(&env, &deck, "2026-01-01T09:00:00Z");
    let reverse = card(&all, "coroutine~reverse");
    assert_eq!(
        (&reverse["kind"], &reverse["prompt"]),
        (&Value::from("flashcard"), &Value::from("A function that can suspend itself and be resumed later"))
    );
    assert_eq!((&reverse["state"], &reverse["reps"]), (&Value::from("review"), &Value::from(1)));
    assert_eq!(card(&all, "coroutine")["state"], "new", "the forward card keeps its own progress");
}
