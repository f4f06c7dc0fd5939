//! Replays the josh review log (12,580 reviews of 1,205 cards) through the
//! scheduler. Compare with `python3 tools/bench-pyfsrs.py` on the same log.

use std::collections::HashMap;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quiz::clock::Timestamp;
use quiz::schedule::{fuzz_seed, CardState, Rating, Scheduler, SchedulerConfig};

fn load_log() -> Vec<(String, Timestamp, Rating)> {
    let text = include_str!("../tests/fixtures/fsrs/review-log-josh.csv");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split(',');
            let card = fields.next()?.to_string();
            let rating = Rating::from_number(fields.next()?.parse().ok()?)?;
            let time: Timestamp = fields.next()?.parse().ok()?;
            Some((card, time, rating))
        })
        .collect()
}

fn replay(scheduler: &Scheduler, log: &[(String, Timestamp, Rating)]) -> usize {
    let mut states: HashMap<&str, CardState> = HashMap::with_capacity(2048);
    for (card, time, rating) in log {
        let before = states.get(card.as_str()).copied().unwrap_or_else(|| CardState::new_card(*time));
        let after = scheduler.review(&before, *rating, *time, fuzz_seed(card, before.reps));
        states.insert(card.as_str(), after);
    }
    states.len()
}

fn bench(criterion: &mut Criterion) {
    let log = load_log();
    assert_eq!(log.len(), 12_580);
    let scheduler = Scheduler::new(SchedulerConfig::default()).expect("defaults");
    criterion.bench_function("replay josh log (12,580 reviews)", |bencher| {
        bencher.iter(|| replay(black_box(&scheduler), black_box(&log)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
