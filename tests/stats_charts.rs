//! The history charts and leeches of `quiz stats`, on a fixture store built
//! through the library's one write path (so its schema is always the one this
//! build writes): a year of answers to the kinds deck, with drills, untimed
//! answers (as `quiz review` records them), late-night answers that count for
//! the day before, and two leeches. Snapshots of the text without and with
//! colour, and of the JSON, at a fixed `--now`.

mod common;

use std::time::Duration;

use chrono::{Duration as Span, NaiveDate};
use common::{fixture_deck, fixtures, Env, Test};
use quiz::clock::Timestamp;
use quiz::deck::{load, Deck, DeckFile, Origin};
use quiz::schedule::{Rating, Scheduler, SchedulerConfig};
use quiz::session::{Answered, Journal};
use quiz::store::{SessionKind, Store};

const NOW: &str = "2026-03-10T12:00:00Z";

fn kinds_deck() -> Deck {
    let path = fixtures().join("decks/kinds.toml");
    let file = DeckFile {
        display_name: "kinds.toml".to_string(),
        text: std::fs::read_to_string(&path).unwrap(),
        origin: Origin::File(path),
    };
    load(&file).deck.expect("the fixture deck loads")
}

/// A small linear congruential generator: the same "random" year on every machine.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// Records the year before `NOW` into the environment's store and marks two
/// cards as leeches; returns how many answers it recorded.
fn fill_store(env: &Env) -> usize {
    let deck = kinds_deck();
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let mut store = Store::open(&env.data_dir()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let mut sequence = Sequence(16);
    let mut answers = 0;
    for days_ago in (0..365).rev() {
        let day = today - Span::days(days_ago);
        // A quiet month in the summer, and some days off.
        let count = match days_ago {
            200..=230 => 0,
            _ => [0, 0, 1, 1, 2, 3, 4, 6][sequence.next(8) as usize],
        };
        for index in 0..count {
            // The first answer of some days comes at 02:00 UTC the next
            // morning: before 4 a.m., so it still counts for `day`.
            let late = index == 0 && sequence.next(5) == 0 && days_ago > 0;
            let time = match late {
                true => day.succ_opt().unwrap().and_hms_opt(2, 0, 0).unwrap(),
                false => day.and_hms_opt(9 + index as u32, sequence.next(60) as u32, 0).unwrap(),
            };
            let card = &deck.cards[sequence.next(deck.cards.len() as u64) as usize];
            let rating = match sequence.next(16) {
                0 => Rating::Again,
                1 | 2 => Rating::Hard,
                3 => Rating::Easy,
                _ => Rating::Good,
            };
            let duration = match sequence.next(12) {
                0 => 0,
                1 => 61_000 + sequence.next(30_000),
                _ => 400 + sequence.next(25_000),
            };
            let kind = if sequence.next(6) == 0 { SessionKind::Drill } else { SessionKind::Study };
            let answer = Answered {
                card,
                rating,
                response: "",
                correct: rating != Rating::Again,
                duration: Duration::from_millis(duration),
                at: Timestamp(time.and_utc()),
            };
            Journal::new(&mut store, &scheduler, &deck, kind).record(&answer).unwrap();
            answers += 1;
        }
    }
    // Two cards were marked leeches when they lapsed once too often (the
    // store's mark, as the study session sets it).
    let leeches = [("gevent-year", "2026-02-14T09:30:00Z"), ("pep-492", "2025-11-02T18:00:00Z")];
    for (card, since) in leeches {
        let card = quiz::deck::CardId(card.to_string());
        store.mark_leech(&deck.id, &card, since.parse().unwrap(), false).unwrap();
    }
    answers
}

fn stats(env: &Env, extra: &[&str]) -> String {
    let deck = fixture_deck("kinds.toml");
    let mut args = vec!["stats", "--deck", &deck, "--now", NOW];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = env.run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "", "stats talks only when something is wrong");
    stdout
}

/// One test for the fixture store, built once: the text, the JSON, and the text in colour.
#[test]
fn stats_draws_a_year_of_history_and_lists_leeches() {
    let env = Env::new();
    let recorded = fill_store(&env);

    let text = stats(&env, &[]);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line:?}");
    }
    assert!(!text.contains('\u{1b}'), "no colour under NO_COLOR");
    insta::assert_snapshot!("text", text);

    let json = stats(&env, &["--json"]);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let history = &parsed["history"];
    let per_day = history["answers_per_day"].as_array().unwrap();
    let answers: u64 = per_day.iter().map(|day| day["answers"].as_u64().unwrap()).sum();
    assert_eq!(answers, recorded as u64, "every answer of the year is on some day");
    let time = &history["answer_time"];
    let bars: u64 = time["buckets"].as_array().unwrap().iter().map(|bar| bar["answers"].as_u64().unwrap()).sum();
    assert_eq!(bars, time["answers"].as_u64().unwrap());
    assert_eq!(bars + time["untimed"].as_u64().unwrap(), recorded as u64);
    assert_eq!(parsed["forecast"].as_array().unwrap().len(), 30);
    let leeches: Vec<&str> =
        parsed["leeches"].as_array().unwrap().iter().map(|leech| leech["card"].as_str().unwrap()).collect();
    assert_eq!(leeches.len(), 2);
    assert!(leeches.contains(&"gevent-year") && leeches.contains(&"pep-492"));
    insta::assert_snapshot!("json", json);

    let output = env
        .quiz()
        .args(["stats", "--deck", &fixture_deck("kinds.toml"), "--now", NOW])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let coloured = String::from_utf8(output.stdout).unwrap();
    assert!(coloured.contains("\u{1b}[32m"), "the heatmap is green when colour is forced");
    let plain: String = strip_escapes(&coloured);
    assert_eq!(plain, text, "colour changes no character of the layout");
    insta::assert_snapshot!("text_colour", coloured.replace('\u{1b}', "␛"));
}

/// `text` without its SGR escapes (`ESC [ … m`).
fn strip_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut characters = text.chars();
    while let Some(character) = characters.next() {
        if character == '\u{1b}' {
            for inner in characters.by_ref() {
                if inner == 'm' {
                    break;
                }
            }
        } else {
            out.push(character);
        }
    }
    out
}

#[test]
fn a_deck_without_answers_says_so_in_a_line_instead_of_empty_charts() {
    let deck = fixture_deck("kinds.toml");
    Test::new()
        .args(["stats", "--deck", &deck, "--now", NOW])
        .stdout_contains([
            "  forecast: nothing due in the next 30 days\n",
            "  history: no answers from 2025-03-11 to 2026-03-10\n",
        ])
        .stdout_lacks(["answers per day", "true retention by week", "answer time", "leeches"])
        .run();
}
