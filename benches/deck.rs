//! Loads and checks a generated 100,000-card deck (every kind), in process.
//! For wall time and peak memory of the whole binary, see tools/bench.sh.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quiz::deck::{load, DeckFile, Origin};

fn big_deck(count: usize) -> String {
    let mut text = String::from("format = 1\nid = \"big\"\ntitle = \"Big\"\nlanguages = [\"en\"]\n\n");
    for index in 0..count {
        text.push_str(&format!("[[card]]\nid = \"card-{index}\"\n"));
        text.push_str(&match index % 8 {
            0 => format!("kind = \"short\"\nprompt = \"Question {index}: which version?\"\nanswer = \"3.{index}\"\naccept = [\"Python 3.{index}\"]\n"),
            1 => format!("kind = \"choice\"\nprompt = \"Question {index}: pick one\"\nchoices = [\"alpha {index}\", \"beta {index}\", \"gamma {index}\"]\nanswer = \"beta {index}\"\n"),
            2 => format!("kind = \"multi\"\nprompt = \"Question {index}: pick two\"\nchoices = [\"red {index}\", \"green {index}\", \"blue {index}\"]\nanswer = [\"red {index}\", \"blue {index}\"]\n"),
            3 => format!("kind = \"truefalse\"\nprompt = \"Statement {index} is true.\"\nanswer = true\n"),
            4 => format!("kind = \"numeric\"\nprompt = \"Year {index}?\"\nanswer = {index}\ntolerance = 0\n"),
            5 => format!("kind = \"cloze\"\nprompt = \"Use {{{{yield from|yield-from}}}} in line {index}.\"\n"),
            6 => format!("kind = \"order\"\nprompt = \"Order {index}\"\nitems = [\"first {index}\", \"second {index}\", \"third {index}\"]\n"),
            _ => format!("kind = \"flashcard\"\nprompt = \"Concept {index}?\"\nanswer = \"Explanation number {index}.\"\n"),
        });
        text.push_str(&format!("tags = [\"t{}\"]\nexplanation = \"Because of reason {index}.\"\n\n", index % 10));
    }
    text
}

fn bench(criterion: &mut Criterion) {
    let file =
        DeckFile { display_name: "big.toml".into(), origin: Origin::File("big.toml".into()), text: big_deck(100_000) };
    let loaded = load(&file);
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics.first());
    assert_eq!(loaded.deck.as_ref().map(|deck| deck.cards.len()), Some(100_000));
    criterion.bench_function("load and check 100,000 cards", |bencher| bencher.iter(|| load(black_box(&file))));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
