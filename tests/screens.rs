//! The study session as a person sees it: a real pseudo-terminal of a given
//! size, read back as a screen. Unix only.
#![cfg(unix)]

mod common;

use common::screen::Screen;
use common::Env;

const DECK: &str = "tests/fixtures/decks/pty.toml";
const NOW: &str = "2026-03-02T09:00:00Z";

#[test]
fn a_session_starts_and_quits_at_40_columns() {
    let env = Env::new();
    let mut screen = Screen::start(&env, &["--deck", DECK, "--now", NOW]).size(40, 10).spawn();
    screen.wait_for("Python version");
    screen.keys("\x03");
    let code = screen.exit_code();
    assert_eq!(code, 0, "{}", screen.contents());
}

fn reps(env: &Env, card: &str) -> u64 {
    let (code, stdout, stderr) = env.run(&["cards", "--deck", DECK, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let cards: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    cards.iter().find(|entry| entry["id"] == card).and_then(|entry| entry["reps"].as_u64()).unwrap_or(0)
}

/// Starts `args` at the pretend moment [`NOW`], with `--record` when `record`;
/// without it, waits for the session to say it is a preview.
fn start_at_pretend_time(env: &Env, args: &[&str], record: bool) -> Screen {
    let mut args = args.to_vec();
    args.extend(["--lang", "en", "--now", NOW]);
    if record {
        args.push("--record");
    }
    let mut screen = Screen::start(env, &args).spawn();
    if !record {
        screen.wait_for("Preview at 2026-03-02T09:00:00Z (--now): nothing will be recorded.");
    }
    screen
}

/// A session at a pretend moment (`--now` far from the clock) is a preview:
/// it says so and records nothing, unless `--record` is given.
#[test]
fn a_session_at_a_pretend_time_records_nothing_without_record() {
    let env = Env::new();
    for (record, expected) in [(false, 0), (true, 1)] {
        let mut screen = start_at_pretend_time(&env, &["--deck", DECK], record);
        screen.wait_for("Python version");
        screen.keys("3.4\r");
        screen.wait_for("Correct");
        screen.keys("\r");
        screen.wait_for("gevent");
        screen.keys("\x03");
        assert_eq!(screen.exit_code(), 0, "{}", screen.contents());
        assert_eq!(reps(&env, "version"), expected, "record: {record}");
    }
}

/// At 40 columns nothing the session prints is cut in the middle of a word:
/// every word of the prompt, the answer, the explanation and the rating line
/// stands whole in some row (a break inside a word would leave two halves).
#[test]
fn at_40_columns_lines_break_between_words() {
    let env = Env::new();
    let mut screen = Screen::start(&env, &["--deck", DECK, "--lang", "en", "--now", NOW]).size(40, 24).spawn();
    screen.wait_for("Python version");
    screen.keys("3.5\r");
    screen.wait_for("Again");
    let rows = screen.rows();
    let on_screen: std::collections::HashSet<&str> = rows.iter().flat_map(|row| row.split_whitespace()).collect();
    let expected = "Which Python version first shipped asyncio? Answer: 3.4 It arrived under PEP 3156. \
                    1 Again 1m 2 Hard 5m 3 Good 10m 4 Easy";
    for word in expected.split_whitespace() {
        assert!(on_screen.contains(word), "{word:?} whole on screen:\n{}", screen.contents());
    }
    screen.keys("\x03");
    screen.exit_code();
}

/// `quiz undo` after a drill says it took back a drill answer, not a review.
#[test]
fn undo_after_a_drill_names_the_drill_answer() {
    let env = Env::new();
    let mut screen = start_at_pretend_time(&env, &["drill", "--deck", DECK, "--seed", "1"], true);
    // Seed 1 asks the version card first.
    screen.wait_for("Which Python version first shipped asyncio?");
    screen.keys("3.4\r");
    screen.wait_for("Correct");
    screen.keys("\x03");
    screen.exit_code();
    let (code, _, stderr) = env.run(&["undo", "--deck", DECK]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("drill answer (it had not changed the schedule)"), "{stderr}");
}

/// Typed input that is no answer at all (`abc` for a year) is asked for again
/// with the reason, in a session and in an exam, and is not graded.
#[test]
fn unreadable_input_is_asked_for_again_saying_why() {
    let env = Env::new();
    const NUMERIC: &str = "tests/fixtures/decks/numeric.toml";
    for command in [&["--deck", NUMERIC][..], &["exam", "--deck", NUMERIC, "--feedback"][..]] {
        let mut args = command.to_vec();
        args.extend(["--lang", "en", "--now", NOW]);
        let mut screen = Screen::start(&env, &args).spawn();
        screen.wait_for("In which year was gevent first released?");
        screen.keys("abc\r");
        screen.wait_for("Cannot read that: type a number, e.g. 3.4.");
        screen.keys("2009\r");
        screen.wait_for("Correct");
        screen.keys("\x03");
        screen.exit_code();
        assert!(!screen.contents().contains("Incorrect"), "{}", screen.contents());
    }
}

/// Drills and exams at a pretend moment are previews too: the drill answer and
/// the exam attempt are kept only with `--record`.
#[test]
fn a_drill_and_an_exam_at_a_pretend_time_record_nothing_without_record() {
    for record in [false, true] {
        let env = Env::new();
        let mut screen = start_at_pretend_time(&env, &["drill", "--deck", DECK, "--seed", "1"], record);
        screen.wait_for("Which Python version first shipped asyncio?");
        screen.keys("3.4\r");
        screen.wait_for("Correct");
        screen.keys("\x03");
        screen.exit_code();
        let (code, _, stderr) = env.run(&["undo", "--deck", DECK]);
        assert_eq!(code == 0, record, "drill, record: {record}: {stderr}");

        let exam = ["exam", "--deck", DECK, "--seed", "1", "--tag", "asyncio"];
        let mut screen = start_at_pretend_time(&env, &exam, record);
        screen.wait_for("Which Python version first shipped asyncio?");
        screen.keys("3.4\r");
        assert_eq!(screen.exit_code(), 0, "{}", screen.contents());
        let (code, stdout, stderr) = env.run(&["stats", "--deck", DECK, "--json"]);
        assert_eq!(code, 0, "{stderr}");
        let stats: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let exams = stats["exams"].as_array().map_or(0, Vec::len);
        assert_eq!(exams, usize::from(record), "exam, record: {record}: {stats}");
    }
}
