//! Exams as a person sees them in a small real terminal: quitting a timed
//! exam, a long answer under the countdown, a flashcard's back, and typed
//! answers that must be read (or asked for again). Unix only.
#![cfg(unix)]

mod common;

use common::screen::Screen;
use common::Env;
use quiz::session::exam::{select, ExamPlan};
use serde_json::Value;

const DECK: &str = "tests/fixtures/decks/pty-exam.toml";
const CTRL_C: &str = "\x03";

/// `quiz exam` on the fixture deck for the cards tagged `tag`, seed 1, with
/// the report written as JSON to `report.json` in the environment's home.
fn exam_args(env: &Env, tag: &str, extra: &[&str]) -> Vec<String> {
    let report = env.home.path().join("report.json").display().to_string();
    let mut args: Vec<String> =
        ["exam", "--deck", DECK, "--seed", "1", "--tag", tag, "--lang", "en", "--report", &report]
            .iter()
            .map(|arg| arg.to_string())
            .collect();
    args.extend(extra.iter().map(|arg| arg.to_string()));
    args
}

fn start(env: &Env, args: &[String], columns: u16, rows: u16) -> Screen {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Screen::start(env, &args).size(columns, rows).spawn()
}

fn read_report(env: &Env) -> Value {
    let text = std::fs::read_to_string(env.home.path().join("report.json")).expect("the report was written");
    serde_json::from_str(&text).expect("the report is JSON")
}

fn stored_exams(env: &Env) -> Vec<Value> {
    let (code, stdout, stderr) = env.run(&["stats", "--deck", DECK, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let stats: Value = serde_json::from_str(&stdout).unwrap();
    stats["exams"].as_array().cloned().unwrap_or_default()
}

/// How many screen rows contain `text`.
fn rows_with(screen: &Screen, text: &str) -> usize {
    screen.rows().iter().filter(|row| row.contains(text)).count()
}

/// Whether the terminal is back in line mode with echo (raw mode was undone).
fn line_mode(screen: &Screen) -> bool {
    // SAFETY: tcgetattr fills the struct from the pty's (shared) settings.
    let mut settings: libc::termios = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::tcgetattr(screen.pty_fd(), &mut settings) }, 0);
    settings.c_lflag & libc::ICANON != 0 && settings.c_lflag & libc::ECHO != 0
}

/// The letters of the right choices of the multi card tagged `tag`, as exam seed 1 shows them.
fn right_letters(tag: &str) -> String {
    let (_, deck, _) = quiz::deck::open(DECK, None).unwrap();
    let questions = select(&deck, &ExamPlan { seed: 1, count: None, tags: vec![tag.to_string()] });
    let quiz::deck::Answer::Multi { correct, .. } = &deck.cards[questions[0].card].text.answer else {
        panic!("the {tag} card is a multi card");
    };
    let mut letters: Vec<char> = correct
        .iter()
        .map(|index| {
            let position = questions[0].shown.iter().position(|shown| shown == index).unwrap();
            char::from(b'a' + position as u8)
        })
        .collect();
    letters.sort();
    letters.into_iter().collect()
}

#[test]
fn ctrl_c_ends_a_timed_exam_at_once_and_records_it_as_abandoned() {
    let env = Env::new();
    let args = exam_args(&env, "short", &["--question-time", "60s"]);
    let mut screen = start(&env, &args, 40, 24);
    screen.wait_for("[1/2]");
    screen.wait_for("left] >");
    screen.keys("asyn");
    screen.wait_for("left] > asyn");
    screen.keys(CTRL_C);
    assert_eq!(screen.exit_code(), 1, "{}", screen.contents());
    screen.wait_for("ABANDONED");
    assert!(!screen.contents().contains("[2/2]"), "nothing more was asked:\n{}", screen.contents());
    assert!(line_mode(&screen), "raw mode was undone");
    let report = read_report(&env);
    assert_eq!(report["abandoned"], true, "{report}");
    assert_eq!(report["passed"], false);
    let results = report["results"].as_array().unwrap();
    assert!(results.iter().all(|result| result["given"].is_null()), "the half-typed answer is not kept: {report}");
    let seconds = results[0]["seconds"].as_f64().unwrap();
    assert!(seconds < 30.0, "it ended with most of the 60 s still on the clock: {seconds}");
    let exams = stored_exams(&env);
    assert_eq!(exams.len(), 1);
    assert_eq!(exams[0]["abandoned"], true, "stored as abandoned, not failed: {exams:?}");
}

#[test]
fn a_lone_q_and_a_sigint_end_a_timed_exam_too() {
    let env = Env::new();
    let args = exam_args(&env, "short", &["--time-limit", "15m"]);
    let mut screen = start(&env, &args, 40, 24);
    screen.wait_for("left] >");
    screen.keys("q\r");
    assert_eq!(screen.exit_code(), 1, "{}", screen.contents());
    assert_eq!(read_report(&env)["abandoned"], true);
    // The SIGINT run must write its own report.
    std::fs::remove_file(env.home.path().join("report.json")).unwrap();

    let mut screen = start(&env, &args, 40, 24);
    screen.wait_for("left] >");
    screen.keys("asyn");
    screen.wait_for("left] > asyn");
    screen.signal(libc::SIGINT);
    assert_eq!(screen.exit_code(), 1, "{}", screen.contents());
    assert!(line_mode(&screen), "raw mode was undone");
    assert_eq!(read_report(&env)["abandoned"], true);
    let exams = stored_exams(&env);
    assert_eq!(exams.len(), 2);
    assert!(exams.iter().all(|exam| exam["abandoned"] == true), "{exams:?}");
}

#[test]
fn a_long_answer_at_40_columns_keeps_one_countdown_row() {
    let env = Env::new();
    let args = exam_args(&env, "short", &["--question-time", "60s"]);
    let mut screen = start(&env, &args, 40, 10);
    screen.wait_for("left] >");
    let answer = format!("{}THE-END", "asyncore ".repeat(12));
    for chunk in answer.as_bytes().chunks(9) {
        screen.keys(std::str::from_utf8(chunk).unwrap());
    }
    screen.wait_until("the end of the answer on its row", |screen| {
        screen.rows().iter().any(|row| row.contains("left] > …") && row.ends_with("THE-END"))
    });
    // Let the countdown tick while the long answer is on screen.
    screen.wait_until("the countdown ticking", |screen| screen.contents().contains("[0:5"));
    assert_eq!(rows_with(&screen, "left]"), 1, "one countdown row:\n{}", screen.contents());
    assert_eq!(rows_with(&screen, "asyncore"), 1, "one input row, no copies of it:\n{}", screen.contents());
    screen.keys("\r");
    screen.wait_for("[2/2]");
    screen.keys("2014\r");
    assert_eq!(screen.exit_code(), 1, "{}", screen.contents());
    let report = read_report(&env);
    assert_eq!(report["results"][0]["given"], answer.as_str(), "the whole answer was kept: {report}");
    assert_eq!(report["results"][1]["correct"], true);
}

#[test]
fn the_back_of_a_flashcard_is_shown_in_an_untimed_exam() {
    let env = Env::new();
    let args = exam_args(&env, "flashcard", &[]);
    let mut screen = start(&env, &args, 40, 10);
    screen.wait_for("reveal");
    screen.keys("\r");
    screen.wait_for("3 Good");
    let back = "It resumes the generator and makes the value the result of the paused yield expression.";
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    let shown = squeezed(&screen.rows().join(""));
    assert!(shown.contains(&squeezed(back)), "the back is on screen with the grade line:\n{}", screen.contents());
    screen.keys("3");
    assert_eq!(screen.exit_code(), 0, "{}", screen.contents());
    assert_eq!(read_report(&env)["results"][0]["correct"], true);
}

#[test]
fn letters_typed_together_answer_a_multi_question_in_a_timed_exam() {
    let env = Env::new();
    let letters = right_letters("multi");
    assert_eq!(letters.len(), 3);
    let args = exam_args(&env, "multi", &["--question-time", "60s"]);
    let mut screen = start(&env, &args, 40, 12);
    screen.wait_for("left] >");
    screen.keys(&format!("{letters}\r"));
    assert_eq!(screen.exit_code(), 0, "{}", screen.contents());
    assert!(!screen.contents().contains("Cannot read"), "{}", screen.contents());
    let report = read_report(&env);
    assert_eq!(report["results"][0]["correct"], true, "{report}");
}

#[test]
fn a_numeric_question_given_letters_is_asked_again() {
    // Timed: said so, and asked again under the same clock.
    let env = Env::new();
    let args = exam_args(&env, "numeric", &["--question-time", "60s"]);
    let mut screen = start(&env, &args, 40, 12);
    screen.wait_for("left] >");
    screen.keys("abc\r");
    screen.wait_for("Cannot read that");
    screen.keys("2009\r");
    assert_eq!(screen.exit_code(), 0, "{}", screen.contents());
    let report = read_report(&env);
    assert_eq!(
        (report["results"][0]["correct"].clone(), report["results"][0]["given"].clone()),
        (true.into(), "2009".into())
    );

    // Untimed: asked again, saying why, under the question still on screen.
    let env = Env::new();
    let args = exam_args(&env, "numeric", &[]);
    let mut screen = start(&env, &args, 40, 12);
    screen.wait_for("Answer");
    screen.keys("abc\r");
    screen.wait_for("Cannot read that: type a number");
    assert_eq!(rows_with(&screen, "gevent 0.9.0"), 1, "{}", screen.contents());
    screen.keys("2009\r");
    assert_eq!(screen.exit_code(), 0, "{}", screen.contents());
    assert_eq!(read_report(&env)["results"][0]["correct"], true);
}
