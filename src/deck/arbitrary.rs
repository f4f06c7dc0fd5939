//! Generated decks for property tests: cards of every kind whose text holds
//! what other formats must escape (`~ = # { } :`, quotes, commas, newlines,
//! Hangul), valid as the loader sees them.

use proptest::collection::{btree_set, vec};
use proptest::prelude::*;
use proptest::sample::select;

use super::{Answer, Card, CardKind, CardText, ClozePiece, Deck, DeckId, Gap};

/// Words text is made of; several carry characters formats treat specially.
const WORDS: &[&str] = &[
    "asyncio",
    "Tulip",
    "yield",
    "from",
    "await",
    "loop",
    "3.4",
    "PEP",
    "380",
    "이벤트",
    "루프",
    "a~b",
    "x=y",
    "#1",
    "{set}",
    "key:value",
    "\"quoted\"",
    "comma,",
    "semi;",
    "back\\slash",
    "tab",
    "<b>",
    "&amp;",
    "50%",
];

/// One to `most` words joined by spaces: trimmed, never empty.
pub fn text(most: usize) -> impl Strategy<Value = String> {
    vec(select(WORDS), 1..=most).prop_map(|words| words.join(" "))
}

/// Two to `most` different texts.
fn distinct(most: usize) -> impl Strategy<Value = Vec<String>> {
    btree_set(text(3), 2..=most).prop_map(|set| set.into_iter().collect())
}

/// A number a deck writes exactly.
fn number() -> impl Strategy<Value = f64> {
    (-4000i32..4000, select(&[1.0, 4.0, 100.0][..])).prop_map(|(whole, divisor)| f64::from(whole) / divisor)
}

/// An answer of `kind`.
pub fn answer(kind: CardKind) -> BoxedStrategy<Answer> {
    match kind {
        CardKind::Flashcard => text(8).prop_map(|back| Answer::Flashcard { back }).boxed(),
        CardKind::Choice => (distinct(5), any::<prop::sample::Index>())
            .prop_map(|(choices, index)| Answer::Choice {
                correct: index.index(choices.len()),
                choices,
                accept: vec![],
            })
            .boxed(),
        CardKind::Multi => (distinct(5), any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(choices, first, second)| {
                let mut correct = vec![first.index(choices.len()), second.index(choices.len())];
                correct.sort_unstable();
                correct.dedup();
                Answer::Multi { choices, correct }
            })
            .boxed(),
        CardKind::TrueFalse => any::<bool>().prop_map(|correct| Answer::TrueFalse { correct }).boxed(),
        CardKind::Short => (text(3), btree_set(text(3), 0..3))
            .prop_map(|(answer, accept)| {
                let accept = accept.into_iter().filter(|spelling| *spelling != answer).collect();
                Answer::Short { answer, accept }
            })
            .boxed(),
        CardKind::Numeric => prop_oneof![
            (number(), select(&[0.0, 0.5, 2.0][..])).prop_map(|(value, tolerance)| Answer::Numeric {
                answer: Some(value),
                tolerance,
                range: None
            }),
            (number(), 1u8..50).prop_map(|(low, width)| Answer::Numeric {
                answer: None,
                tolerance: 0.0,
                range: Some((low, low + f64::from(width))),
            }),
        ]
        .boxed(),
        CardKind::Cloze => (text(4), vec(text(2), 1..3), text(3))
            .prop_map(|(before, answers, after)| {
                let mut pieces = vec![ClozePiece::Text(format!("{before} "))];
                let mut gaps = Vec::new();
                for (index, answer) in answers.into_iter().enumerate() {
                    if index > 0 {
                        pieces.push(ClozePiece::Text(" and ".to_string()));
                    }
                    pieces.push(ClozePiece::Gap(index));
                    gaps.push(Gap { answer: answer.replace(['{', '}', '|'], ""), accept: vec![] });
                }
                pieces.push(ClozePiece::Text(format!(" {after}")));
                Answer::Cloze { pieces, gaps }
            })
            .boxed(),
        CardKind::Order => distinct(5).prop_map(|items| Answer::Order { items }).boxed(),
    }
}

/// A card of `kind` with id `id`, maybe with an explanation and tags.
pub fn card(id: String, kind: CardKind) -> impl Strategy<Value = Card> {
    (text(10), answer(kind), proptest::option::of(text(8)), btree_set(select(&["history", "pep-380", "ko"][..]), 0..3))
        .prop_map(move |(prompt, answer, explanation, tags)| {
            let prompt = match &answer {
                Answer::Cloze { pieces, gaps } => super::render_cloze(pieces, gaps),
                _ => prompt,
            };
            let mut card = Card::new(&id, CardText { prompt, answer, explanation, reject: vec![] });
            card.set_tags(tags.into_iter().map(str::to_string).collect());
            card
        })
}

/// Owned strings, for answers and tags written in tests.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

/// Whether `after` is `before` read back from another format: the same id,
/// prompt, answer, explanation and tags (`Err` shows both).
pub fn same_card(before: &Card, after: &Card) -> Result<(), String> {
    let left = (&before.id, &before.text.prompt, &before.text.answer, &before.text.explanation, &before.tags);
    let right = (&after.id, &after.text.prompt, &after.text.answer, &after.text.explanation, &after.tags);
    if left == right {
        Ok(())
    } else {
        Err(format!("{left:?}\n   read back as\n{right:?}"))
    }
}

/// Whether `after` are `before` read back, card for card ([`same_card`]).
pub fn same_cards(before: &[Card], after: &[Card]) -> Result<(), String> {
    if before.len() != after.len() {
        return Err(format!("{} card(s) read back as {}", before.len(), after.len()));
    }
    before.iter().zip(after).try_for_each(|(before, after)| same_card(before, after))
}

/// A deck titled `title` holding `cards`, for tests that build their cards by hand.
pub fn deck_of(title: &str, cards: Vec<Card>) -> Deck {
    Deck {
        id: DeckId("history".to_string()),
        title: title.to_string(),
        description: String::new(),
        version: String::new(),
        languages: vec!["en".to_string()],
        source: None,
        scheduling: Default::default(),
        grading: Default::default(),
        cards,
    }
}

/// A card with a prompt and an answer, nothing more.
pub fn plain_card(id: &str, prompt: &str, answer: Answer) -> Card {
    Card::new(id, CardText { prompt: prompt.to_string(), answer, explanation: None, reject: vec![] })
}

/// A deck of one to `most` cards of the given kinds (ids `card-1`, `card-2`…).
pub fn deck(kinds: &'static [CardKind], most: usize) -> impl Strategy<Value = Deck> {
    vec(select(kinds), 1..=most)
        .prop_flat_map(|kinds| {
            kinds
                .into_iter()
                .enumerate()
                .map(|(index, kind)| card(format!("card-{}", index + 1), kind))
                .collect::<Vec<_>>()
        })
        .prop_map(|cards| Deck {
            id: DeckId("generated".to_string()),
            title: "Generated".to_string(),
            description: String::new(),
            version: "1".to_string(),
            languages: vec!["en".to_string()],
            source: None,
            scheduling: Default::default(),
            grading: Default::default(),
            cards,
        })
}
