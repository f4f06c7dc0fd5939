//! Grades typed answers to the bundled deck as a session or an answer sheet
//! does: the reader, then the grader with the deck's lexicon. The budget is
//! 50 µs for one answer (issue 10); `every probe answer` grades all of
//! tests/fixtures/grading/ once, so divide its time by the count it prints.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quiz::deck::{self, Card, Deck};
use quiz::grade::{grade_card, read_card, Lexicon, Response, Typed};

/// Reads and grades one typed answer.
fn grade_typed(card: &Card, language: &str, typed: Typed<'_>, lexicon: &Lexicon) -> bool {
    let text = card.text_in(language);
    let response = read_card(card, text, &[], typed).unwrap_or(Response::Skipped);
    grade_card(card, text, &response, lexicon).is_correct()
}

/// Every probe answer as (card, language, typed values).
fn probes(deck: &Deck) -> Vec<(&Card, String, Vec<String>)> {
    let mut probes = Vec::new();
    for text in [
        include_str!("../tests/fixtures/grading/probes.toml"),
        include_str!("../tests/fixtures/grading/cases.toml"),
        include_str!("../tests/fixtures/grading/holdout.toml"),
        include_str!("../tests/fixtures/grading/holdout2.toml"),
    ] {
        let document: toml::Table = toml::from_str(text).expect("probe files parse");
        for table in document["probe"].as_array().into_iter().flatten() {
            let card = deck.card(table["card"].as_str().unwrap_or_default()).expect("probe cards exist");
            let language = table["language"].as_str().unwrap_or("en").to_string();
            for list in ["accept", "reject"] {
                for answer in table.get(list).and_then(toml::Value::as_array).into_iter().flatten() {
                    let values = match answer {
                        toml::Value::Array(items) => {
                            items.iter().filter_map(|item| item.as_str().map(String::from)).collect()
                        }
                        other => vec![other.as_str().unwrap_or_default().to_string()],
                    };
                    probes.push((card, language.clone(), values));
                }
            }
        }
    }
    probes
}

fn bench(criterion: &mut Criterion) {
    let (_, deck, _) = deck::open("asyncio", None).expect("the bundled deck");
    let lexicon = Lexicon::of(&deck);
    let card = |id: &str| deck.card(id).unwrap_or_else(|| panic!("no card {id}"));
    let cases = [
        ("version", "asyncio-stdlib-version", "en", "파이썬 3.4 버전"),
        ("name with a typo", "asyncore-author", "en", "Sam Rushng"),
        ("Korean name with a typo", "asyncore-author", "ko", "샘 러씽"),
        ("identifier, qualified", "twisted-inline-callbacks", "en", "twisted.internet.defer.inlineCallbacks"),
        ("choice by shape", "asyncore-removal-pep", "en", "PEP-0594"),
        ("multi as a sentence", "asyncore-loop-syscalls", "ko", "select()랑 poll() 둘 다"),
        ("true/false", "libuv-in-cpython", "ko", "거짓입니다"),
        ("wrong identifier", "twisted-data-received", "en", "data_received"),
        ("a sentence around the answer", "asyncore-author", "ko", "Sam Rushing이 1996년에 쓴 거예요"),
        ("a wrong sentence on a choice card", "gevent-fork-of", "en", "It was forked from greenlet, back in 2009."),
    ];
    for (name, id, language, typed) in cases {
        let card = card(id);
        criterion.bench_function(&format!("grade one answer: {name}"), |bencher| {
            bencher.iter(|| grade_typed(card, language, Typed::One(black_box(typed)), &lexicon))
        });
    }
    let hostile = "asyncore ".repeat(2_000);
    criterion.bench_function("grade one answer: 18,000 characters", |bencher| {
        bencher.iter(|| grade_typed(card("asyncore-author"), "en", Typed::One(black_box(&hostile)), &lexicon))
    });
    let hostile_choice = "eventlet, greenlet (twisted) ".repeat(600);
    criterion.bench_function("grade one answer: 17,400 characters on a choice card", |bencher| {
        bencher.iter(|| grade_typed(card("gevent-fork-of"), "en", Typed::One(black_box(&hostile_choice)), &lexicon))
    });
    let nested = format!("{}libev{}", "(".repeat(5_000), ")".repeat(5_000));
    criterion.bench_function("grade one answer: 10,000 nested parentheses on a choice card", |bencher| {
        bencher.iter(|| grade_typed(card("gevent-loop-library"), "en", Typed::One(black_box(&nested)), &lexicon))
    });
    let probes = probes(&deck);
    eprintln!("every probe answer: {} answers", probes.len());
    criterion.bench_function("every probe answer", |bencher| {
        bencher.iter(|| {
            probes
                .iter()
                .filter(|(card, language, values)| match values.as_slice() {
                    [one] => grade_typed(card, language, Typed::One(one), &lexicon),
                    many => grade_typed(card, language, Typed::Many(many), &lexicon),
                })
                .count()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
