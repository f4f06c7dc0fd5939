//! Fair grading, measured: answers to the bundled deck written as students
//! type them and judged as a fair teacher would (tests/fixtures/grading/),
//! graded the way answer sheets are. At most 5 % of the fair answers may be
//! rejected and at most 1 % of the wrong ones accepted; every miss is printed.

use std::collections::BTreeMap;

use quiz::deck::{self, Deck};
use quiz::grade::{grade_card, read_card, Lexicon, Response, Typed, Unread};
use toml::Value;

/// One probe answer: as typed, and whether a fair teacher accepts it.
struct Probe {
    card: String,
    language: String,
    answer: Value,
    fair: bool,
    file: &'static str,
}

fn probes() -> Vec<Probe> {
    let mut probes = Vec::new();
    for (file, text) in [
        ("probes.toml", include_str!("fixtures/grading/probes.toml")),
        ("cases.toml", include_str!("fixtures/grading/cases.toml")),
        ("holdout.toml", include_str!("fixtures/grading/holdout.toml")),
        ("holdout2.toml", include_str!("fixtures/grading/holdout2.toml")),
    ] {
        let document: toml::Table = toml::from_str(text).unwrap_or_else(|error| panic!("{file}: {error}"));
        for table in document["probe"].as_array().expect("[[probe]] tables") {
            let card = table["card"].as_str().expect("card").to_string();
            let language = table["language"].as_str().expect("language").to_string();
            for (list, fair) in [("accept", true), ("reject", false)] {
                for answer in table.get(list).and_then(Value::as_array).into_iter().flatten() {
                    probes.push(Probe {
                        card: card.clone(),
                        language: language.clone(),
                        answer: answer.clone(),
                        fair,
                        file,
                    });
                }
            }
        }
    }
    probes
}

/// Whether the grader accepts `probe` as an answer sheet would have it.
fn accepted(deck: &Deck, lexicon: &Lexicon, probe: &Probe) -> bool {
    let card = deck.card(&probe.card).unwrap_or_else(|| panic!("{}: no card `{}`", probe.file, probe.card));
    let text = card.text_in(&probe.language);
    let many: Vec<String>;
    let typed = match &probe.answer {
        Value::String(text) => Typed::One(text),
        Value::Array(items) => {
            many = items.iter().map(|item| item.as_str().expect("strings").to_string()).collect();
            Typed::Many(&many)
        }
        other => panic!("{}: answer {other} is neither a string nor a list", probe.file),
    };
    let response = match read_card(card, text, &[], typed) {
        Ok(response) => response,
        Err(Unread::NoOption | Unread::NotANumber | Unread::Shape(_)) => Response::Skipped,
    };
    grade_card(card, text, &response, lexicon).is_correct()
}

#[test]
fn fair_answers_are_accepted_and_wrong_ones_rejected() {
    let (_, deck, _) = deck::open("asyncio", None).expect("the bundled deck");
    let lexicon = Lexicon::of(&deck);
    let probes = probes();
    let mut tally: BTreeMap<(bool, &str), (usize, usize)> = BTreeMap::new(); // (fair, language) → (probes, misses)
    let mut misses = Vec::new();
    for probe in &probes {
        let entry = tally.entry((probe.fair, probe.language.as_str())).or_default();
        entry.0 += 1;
        if accepted(&deck, &lexicon, probe) != probe.fair {
            entry.1 += 1;
            let verdict = if probe.fair { "rejected, but fair" } else { "accepted, but wrong" };
            misses.push(format!("  {verdict}: {} ({}) {}", probe.card, probe.language, probe.answer));
        }
    }
    let rate = |fair: bool| {
        let (count, missed) = tally
            .iter()
            .filter(|((is_fair, _), _)| *is_fair == fair)
            .fold((0, 0), |(count, missed), (_, (probes, misses))| (count + probes, missed + misses));
        (missed as f64 / count.max(1) as f64, missed, count)
    };
    let (false_rejects, rejected, fair) = rate(true);
    let (false_accepts, accepted_wrong, wrong) = rate(false);
    eprintln!(
        "fair answers rejected: {rejected}/{fair} ({:.2} %); wrong answers accepted: {accepted_wrong}/{wrong} ({:.2} %)",
        false_rejects * 100.0,
        false_accepts * 100.0
    );
    for ((fair, language), (count, missed)) in &tally {
        eprintln!("  {} {language}: {missed}/{count} missed", if *fair { "fair" } else { "wrong" });
    }
    for miss in &misses {
        eprintln!("{miss}");
    }
    assert!(fair >= 600 && wrong >= 300, "the probe set is too small: {fair} fair, {wrong} wrong");
    assert!(false_rejects <= 0.05, "{rejected} of {fair} fair answers rejected");
    assert!(false_accepts <= 0.01, "{accepted_wrong} of {wrong} wrong answers accepted");
}
