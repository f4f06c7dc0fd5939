//! The interactive flow in a real pseudo-terminal: studying, Ctrl-C, SIGKILL,
//! Korean text, and a timed exam. Unix only.
#![cfg(unix)]

mod common;

use std::process::Command;

use common::Env;
use rexpect::process::wait::WaitStatus;
use rexpect::process::Signal;
use rexpect::session::{spawn_command, PtySession};

const DECK: &str = "tests/fixtures/decks/pty.toml";
const NOW: &str = "2026-03-02T09:00:00Z";
const DOWN: &str = "\x1b[B";

fn spawn(env: &Env, args: &[&str]) -> PtySession {
    spawn_with(env, args, &[])
}

fn spawn_with(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> PtySession {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("quiz"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("QUIZ_DATA_DIR", env.data_dir())
        .env("TERM", "xterm")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied());
    spawn_command(command, Some(20_000)).expect("quiz starts in a pty")
}

/// Types `text` (rexpect buffers until flushed).
fn keys(session: &mut PtySession, text: &str) {
    session.send(text).expect("the pty takes input");
    session.flush().expect("the pty takes input");
}

/// Waits for `text`; rexpect reads bytes as Latin-1, so UTF-8 text is matched as such.
fn expect(session: &mut PtySession, text: &str) {
    let as_read: String = text.bytes().map(char::from).collect();
    if let Err(error) = session.exp_string(&as_read) {
        panic!("waiting for {text:?}: {error}");
    }
}

fn exit_code(session: &PtySession) -> i32 {
    match session.process.wait().expect("the process ends") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("quiz did not exit normally: {other:?}"),
    }
}

fn reps(env: &Env, card: &str) -> u64 {
    let (code, stdout, stderr) = env.run(&["cards", "--deck", DECK, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let cards: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    cards.iter().find(|entry| entry["id"] == card).and_then(|entry| entry["reps"].as_u64()).unwrap_or(0)
}

/// The choices in the order the terminal shows them, read off the screen (each
/// row ends with its choice: `› a) libev`).
fn shown_order(session: &mut PtySession, choices: &[&str]) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    while order.len() < choices.len() {
        let line = session.read_line().expect("the choices are shown");
        let item = line.trim_end();
        if let Some(choice) =
            choices.iter().find(|choice| item.ends_with(*choice) && !order.iter().any(|seen| seen == *choice))
        {
            order.push(choice.to_string());
        }
    }
    order
}

#[test]
fn study_answer_right_and_wrong_then_ctrl_c() {
    let env = Env::new();
    let mut session = spawn(&env, &["--deck", DECK, "--lang", "en", "--now", NOW, "--record"]);
    expect(&mut session, "Which Python version first shipped asyncio?");
    expect(&mut session, "Answer");
    keys(&mut session, "3.4\r");
    expect(&mut session, "Correct");
    expect(&mut session, "It arrived under PEP 3156.");
    expect(&mut session, "1 Again 1m");
    keys(&mut session, "\r");

    expect(&mut session, "Which library drives gevent's default loop?");
    let shown = shown_order(&mut session, &["libev", "libuv"]);
    let wrong = shown.iter().position(|choice| choice == "libuv").unwrap();
    keys(&mut session, &DOWN.repeat(wrong));
    keys(&mut session, "\r");
    expect(&mut session, "Incorrect");
    expect(&mut session, "Answer: libev");
    expect(&mut session, "⏎ Again");
    // `?` spells the keys out (each key kept with its word by a no-break space).
    keys(&mut session, "?");
    expect(&mut session, "⏎\u{a0}keeps\u{a0}Again");
    keys(&mut session, "\r");

    expect(&mut session, "libuv is written in CPython.");
    session.send_control('c').unwrap();
    expect(&mut session, "Studied 2 card(s): 1 correct");
    // The summary lists the card missed with its right answer, and when the next card is due.
    expect(&mut session, "Missed:");
    expect(&mut session, "→ libev");
    expect(&mut session, "Next card due in");
    session.exp_eof().unwrap();
    assert_eq!(exit_code(&session), 0);

    assert_eq!(reps(&env, "version"), 1);
    assert_eq!(reps(&env, "loop"), 1);
    assert_eq!(reps(&env, "statement"), 0);
}

#[test]
fn korean_cards_on_request() {
    let env = Env::new();
    let mut session = spawn(&env, &["--deck", DECK, "--lang", "ko", "--now", NOW]);
    expect(&mut session, "asyncio가 처음 포함된 파이썬 버전은?");
    keys(&mut session, "3.4\r");
    expect(&mut session, "PEP 3156으로 들어왔습니다.");
    expect(&mut session, "1 다시 1분  2 어려움 5분  3 보통 10분  4 쉬움 8일");
    keys(&mut session, "q");
    expect(&mut session, "기본 평가인 '보통'(으)로 기록하고 학습을 끝냅니다.");
    expect(&mut session, "1장 학습: 1장 정답 (100%)");
    session.exp_eof().unwrap();
    assert_eq!(exit_code(&session), 0);
}

#[test]
fn a_killed_session_keeps_the_acknowledged_answer() {
    let env = Env::new();
    let mut session = spawn(&env, &["--deck", DECK, "--lang", "en", "--now", NOW, "--record"]);
    expect(&mut session, "Which Python version first shipped asyncio?");
    keys(&mut session, "3.4\r");
    // The feedback is on screen: the answer was acknowledged (and committed before it).
    expect(&mut session, "Correct");
    session.process.signal(Signal::SIGKILL).unwrap();
    match session.process.wait().unwrap() {
        WaitStatus::Signaled(_, Signal::SIGKILL, _) => {}
        other => panic!("expected a SIGKILL death, got {other:?}"),
    }
    assert_eq!(reps(&env, "version"), 1);
}

#[test]
fn a_timed_exam_counts_a_timeout_as_wrong() {
    let env = Env::new();
    let mut session = spawn(&env, &["exam", "--deck", DECK, "--seed", "4", "--question-time", "2s"]);
    expect(&mut session, "[1/3]");
    expect(&mut session, "left] >");
    // Let the first question run out.
    expect(&mut session, "time is up");
    expect(&mut session, "[2/3]");
    // Esc ends the exam there: abandoned, with the timed-out question wrong.
    keys(&mut session, "\x1b");
    expect(&mut session, "ABANDONED — 0/3 correct");
    expect(&mut session, "(no answer)");
    session.exp_eof().unwrap();
    assert_eq!(exit_code(&session), 1);
    let (_, stats, _) = env.run(&["stats", "--deck", DECK, "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["exams"][0]["total"], 3, "the attempt is stored");
    assert_eq!(stats["exams"][0]["seed"], "4");
    assert_eq!(stats["exams"][0]["abandoned"], true);
}

#[test]
fn a_korean_locale_picks_the_korean_cards() {
    let env = Env::new();
    let mut session = spawn_with(&env, &["--deck", DECK, "--now", NOW], &[("LANG", "ko_KR.UTF-8")]);
    expect(&mut session, "asyncio가 처음 포함된 파이썬 버전은?");
    session.send_control('c').unwrap();
    expect(&mut session, "학습한 카드가 없습니다.");
    session.exp_eof().unwrap();
    assert_eq!(exit_code(&session), 0);
}

#[test]
fn an_untimed_exam_with_record_counts_as_reviews() {
    let env = Env::new();
    let (_, deck, _) = quiz::deck::open(DECK, None).unwrap();
    let questions =
        quiz::session::exam::select(&deck, &quiz::session::exam::ExamPlan { seed: 4, count: None, tags: vec![] });
    let mut session = spawn(&env, &["exam", "--deck", DECK, "--seed", "4", "--record", "--lang", "en"]);
    for question in &questions {
        expect(&mut session, &format!("[{}/3]", questions.iter().position(|other| other == question).unwrap() + 1));
        match question.id.as_str() {
            "loop" => {
                let right = question.shown.iter().position(|index| *index == 0).unwrap();
                keys(&mut session, &DOWN.repeat(right));
                keys(&mut session, "\r");
            }
            "statement" => keys(&mut session, &format!("{DOWN}\r")),
            _ => {
                expect(&mut session, "Answer");
                keys(&mut session, "3.4\r");
            }
        }
    }
    expect(&mut session, "PASSED — 3/3 correct");
    session.exp_eof().unwrap();
    assert_eq!(exit_code(&session), 0);
    for card in ["version", "loop", "statement"] {
        assert_eq!(reps(&env, card), 1, "{card} was recorded");
    }
}

#[test]
fn a_killed_exam_with_record_keeps_the_answers_already_given() {
    let env = Env::new();
    let (_, deck, _) = quiz::deck::open(DECK, None).unwrap();
    let questions =
        quiz::session::exam::select(&deck, &quiz::session::exam::ExamPlan { seed: 4, count: None, tags: vec![] });
    let mut session = spawn(&env, &["exam", "--deck", DECK, "--seed", "4", "--record", "--lang", "en"]);
    let first = &questions[0];
    expect(&mut session, "[1/3]");
    match first.id.as_str() {
        "loop" => keys(&mut session, "\r"),
        "statement" => keys(&mut session, &format!("{DOWN}\r")),
        _ => {
            expect(&mut session, "Answer");
            keys(&mut session, "3.4\r");
        }
    }
    // The second question is on screen: the first answer was recorded before it.
    expect(&mut session, "[2/3]");
    session.process.signal(Signal::SIGKILL).unwrap();
    let _ = session.process.wait();
    assert_eq!(reps(&env, &first.id), 1, "{} was recorded when it was answered", first.id);
    for question in &questions[1..] {
        assert_eq!(reps(&env, &question.id), 0);
    }
}

#[test]
fn a_study_session_with_json_ends_with_its_summary_as_json() {
    let env = Env::new();
    let mut session = spawn(&env, &["--deck", DECK, "--lang", "en", "--now", NOW, "--json"]);
    expect(&mut session, "Which Python version first shipped asyncio?");
    keys(&mut session, "3.4\r");
    expect(&mut session, "1 Again 1m");
    keys(&mut session, "q");
    expect(&mut session, "\"answered\": 1,");
    expect(&mut session, "\"correct\": 1,");
    session.exp_eof().unwrap();
    assert_eq!(exit_code(&session), 0);
}
