//! `quiz cards`: print a deck's cards as parsed.

use serde_json::{json, Value};

use crate::clock::Timestamp;
use crate::deck::{Answer, Card, Deck};
use crate::schedule::{Phase, Scheduler};
use crate::store::StoredCard;
use crate::ui::terminal;
use crate::{App, Outcome, Result};

/// The canonical answer and alternates of a card as JSON values.
pub fn answer_json(answer: &Answer) -> (Value, Value) {
    match answer {
        Answer::Flashcard { back } => (json!(back), json!([])),
        Answer::Choice { choices, correct, accept } => (json!(choices.get(*correct)), json!(accept)),
        Answer::Multi { choices, correct } => {
            (json!(correct.iter().filter_map(|index| choices.get(*index)).collect::<Vec<_>>()), json!([]))
        }
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

/// A card's progress as `quiz cards --json` adds it to each card.
pub struct Progress<'a> {
    /// The stored state, if the card was ever reviewed or flagged.
    pub stored: Option<&'a StoredCard>,
    /// The scheduler, for retrievability.
    pub scheduler: &'a Scheduler,
    /// The moment to judge retrievability at.
    pub now: Timestamp,
}

/// One card as the JSON object `quiz cards --json` prints: the card as parsed,
/// then its progress.
pub fn card_json(card: &Card, language: &str, progress: &Progress<'_>) -> Value {
    let text = card.text_in(language);
    let (answer, accept) = answer_json(&text.answer);
    let stored = progress.stored;
    let state = stored.map(|stored| stored.state).filter(|state| state.phase != Phase::New);
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
        "state": state.map_or(Phase::New, |state| state.phase),
        "stability": state.and_then(|state| state.stability),
        "difficulty": state.and_then(|state| state.difficulty),
        "due": state.map(|state| state.due.rfc3339()),
        "reps": state.map_or(0, |state| state.reps),
        "lapses": state.map_or(0, |state| state.lapses),
        "retrievability": state.and_then(|state| progress.scheduler.retrievability(&state, progress.now)),
        "suspended": stored.is_some_and(|stored| stored.suspended),
        "buried_until": stored
            .and_then(|stored| stored.buried_until)
            .filter(|until| *until > progress.now)
            .map(Timestamp::rfc3339),
        "changed": stored
            .and_then(|stored| stored.last_hash.as_deref())
            .is_some_and(|hash| hash != card.content_hash),
    });
    if let Value::Object(map) = &mut object {
        if let Some(choices) = text.answer.choices() {
            map.insert("choices".to_string(), json!(choices));
        }
        if let Answer::Order { items } = &text.answer {
            map.insert("items".to_string(), json!(items));
        }
        if let Answer::Numeric { tolerance, range, .. } = &text.answer {
            map.insert("tolerance".to_string(), json!(tolerance));
            map.insert("range".to_string(), json!(range.map(|(low, high)| [low, high])));
        }
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
            terminal(language),
            deck.languages.join(", ")
        ))),
        None => Ok(deck.base_language().to_string()),
    }
}

/// Prints the deck's cards with their progress.
pub fn run(app: &App) -> Result<Outcome> {
    let deck = app.open_deck()?;
    let language = explicit_language(app, &deck)?;
    let scheduler = app.scheduler(&deck, None)?;
    let stored = match app.existing_store()? {
        Some(store) => store.cards(&deck.id)?,
        None => Default::default(),
    };
    let progress = |card: &Card| Progress { stored: stored.get(&card.id), scheduler: &scheduler, now: app.now };
    if app.options.json {
        let cards: Vec<Value> = deck.cards.iter().map(|card| card_json(card, &language, &progress(card))).collect();
        println!("{}", crate::report::json::pretty(&cards));
        return Ok(Outcome::Success);
    }
    for card in &deck.cards {
        let text = card.text_in(&language);
        let state = stored.get(&card.id).map(|stored| stored.state).filter(|state| state.phase != Phase::New);
        let status = match state {
            Some(state) => format!("{}, due {}", state.phase.name(), state.due.rfc3339()),
            None => "new".to_string(),
        };
        println!(
            "{:<32} {:<9} {}",
            terminal(&card.id.0),
            card.kind().name(),
            terminal(&text.prompt).replace('\n', " ")
        );
        println!("{:<32} {:<9} → {}  [{status}]", "", "", terminal(&text.answer.display()));
    }
    Ok(Outcome::Success)
}
