//! Replays the josh review log (12,580 reviews of 1,205 cards) through the
//! scheduler, card by card, as `python3 tools/bench-pyfsrs.py` does with py-fsrs.

use std::collections::BTreeMap;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quiz::clock::Timestamp;
use quiz::schedule::{CardState, Rating, Scheduler, SchedulerConfig};

/// The log grouped into per-card histories, oldest review first.
fn histories() -> Vec<(String, Vec<(Timestamp, Rating)>)> {
    let text = include_str!("../tests/fixtures/fsrs/review-log-josh.csv");
    let mut cards: BTreeMap<String, Vec<(Timestamp, Rating)>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let mut fields = line.split(',');
        let (Some(card), Some(rating), Some(time)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let (Some(rating), Ok(time)) = (rating.parse().ok().and_then(Rating::from_number), time.parse()) else {
            continue;
        };
        cards.entry(card.to_string()).or_default().push((time, rating));
    }
    cards
        .into_iter()
        .map(|(card, mut reviews)| {
            reviews.sort_by_key(|(time, _)| *time);
            (card, reviews)
        })
        .collect()
}

fn replay(scheduler: &Scheduler, cards: &[(String, Vec<(Timestamp, Rating)>)]) -> u32 {
    let mut total_reps = 0;
    for (card, reviews) in cards {
        let mut state = CardState::new_card(reviews[0].0);
        for (time, rating) in reviews {
            state = scheduler.review(card, &state, *rating, *time);
        }
        total_reps += state.reps;
    }
    total_reps
}

fn bench(criterion: &mut Criterion) {
    let cards = histories();
    assert_eq!(cards.iter().map(|(_, reviews)| reviews.len()).sum::<usize>(), 12_580);
    for (name, enable_fuzz) in [("replay josh log, fuzz off", false), ("replay josh log, fuzz on", true)] {
        let scheduler =
            Scheduler::new(SchedulerConfig { enable_fuzz, ..SchedulerConfig::default() }).expect("defaults");
        criterion.bench_function(name, |bencher| bencher.iter(|| replay(black_box(&scheduler), black_box(&cards))));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
