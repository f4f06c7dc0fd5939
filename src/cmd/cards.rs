//! `quiz cards`: print a deck's cards as parsed.

use serde_json::{json, Value};

use crate::deck::{self, Answer, Card, Deck};
use crate::ui::clean;
use crate::{App, Outcome, Result};

/// The canonical answer and alternates of a card as JSON values.
pub fn answer_json(answer: &Answer) -> (Value, Value) {
    match answer {
        Answer::Flashcard { back } => (json!(back), json!([])),
        Answer::Choice { choices, correct } => (json!(choices.get(*correct)), json!([])),
        Answer::Multi { choices, correct } => (
            json!(correct
                .iter()
                .filter_map(|index| choices.get(*index))
                .collect::<Vec<_>>()),
            json!([]),
        ),
        Answer::TrueFalse { correct } => (json!(correct), json!([])),
        Answer::Short { answer, accept } => (json!(answer), json!(accept)),
        Answer::Numeric { answer, range, .. } => match (answer, range) {
            (Some(value), _) => (json!(value), json!([])),
            (None, Some((low, high))) => (json!([low, high]), json!([])),
            (None, None) => (Value::Null, json!([])),
        },
        Answer::Cloze { gaps, .. } => (
            json!(gaps.iter().map(|gap| &gap.answer).collect::<Vec<_>>()),
            json!(gaps.iter().map(|gap| &gap.accept).collect::<Vec<_>>()),
        ),
        Answer::Order { items } => (json!(items), json!([])),
    }
}

/// One card as the JSON object `quiz cards --json` prints.
pub fn card_json(card: &Card, language: &str) -> Value {
    let text = card.text_in(language);
    let (answer, accept) = answer_json(&text.answer);
    let mut object = json!({
        "id": card.id,
        "kind": card.kind(),
        "language": if card.translations.contains_key(language) { language } else { "" },
        "prompt": text.prompt,
        "answer": answer,
        "accept": accept,
        "tags": card.tags,
        "explanation": text.explanation,
        "source": card.source,
        "content_hash": card.content_hash,
        "line": card.position.line,
    });
    if let (Some(choices), Value::Object(map)) = (text.answer.choices(), &mut object) {
        map.insert("choices".to_string(), json!(choices));
    }
    if let (
        Answer::Numeric {
            tolerance, range, ..
        },
        Value::Object(map),
    ) = (&text.answer, &mut object)
    {
        map.insert("tolerance".to_string(), json!(tolerance));
        map.insert(
            "range".to_string(),
            json!(range.map(|(low, high)| [low, high])),
        );
    }
    object
}

/// Resolves `--lang` against the deck: the flag when given (it must be one of the
/// deck's languages), else the base language.
pub fn explicit_language(app: &App, deck: &Deck) -> Result<String> {
    match &app.options.lang {
        Some(language) if deck.languages.contains(language) => Ok(language.clone()),
        Some(language) => Err(crate::Error::Usage(format!(
            "deck `{}` has no `{}` text; it has {}",
            deck.id,
            clean(language),
            deck.languages.join(", ")
        ))),
        None => Ok(deck.base_language().to_string()),
    }
}

/// Prints the deck's cards.
pub fn run(app: &App) -> Result<Outcome> {
    let user_decks = app.user_decks();
    let (_, deck, _) = deck::open(app.deck_name()?, user_decks.as_deref())?;
    let language = explicit_language(app, &deck)?;
    if app.options.json {
        let cards: Vec<Value> = deck
            .cards
            .iter()
            .map(|card| card_json(card, &language))
            .collect();
        println!("{}", crate::report::json::pretty(&cards));
        return Ok(Outcome::Success);
    }
    for card in &deck.cards {
        let text = card.text_in(&language);
        println!(
            "{:<32} {:<9} {}",
            clean(&card.id.0),
            card.kind().name(),
            clean(&text.prompt).replace('\n', " ")
        );
        println!("{:<32} {:<9} → {}", "", "", clean(&text.answer.display()));
    }
    Ok(Outcome::Success)
}
