//! `quiz cards`: print a deck's cards as parsed.

use std::io::Write;

use serde_json::{json, Value};

use crate::clock::Timestamp;
use crate::deck::{Answer, Card};
use crate::error::Result;
use crate::output::{stdout_error, JsonArray};
use crate::schedule::{Phase, Scheduler};
use crate::settings::{App, DeckFlags};
use crate::store::StoredCard;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

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
    let changes = stored
        .and_then(|stored| stored.last_hash.as_deref())
        .map(|hash| crate::deck::changes(hash, &card.content_hash))
        .unwrap_or_default();
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
        "leech_since": stored.and_then(|stored| stored.leech_since).map(Timestamp::rfc3339),
        "changed": changes.card,
        "notes_changed": changes.notes,
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

/// Prints the deck's cards with their progress, a card at a time.
pub fn run(app: &App) -> Result<Outcome> {
    let catalog = app.open_deck_catalog()?;
    let deck = catalog.header();
    let language = app.language(deck, false)?;
    let store = app.existing_store()?;
    let scheduler = app.deck_settings(deck, &DeckFlags::default(), store.as_ref())?.scheduler;
    let stored = match store {
        Some(store) => store.cards(&deck.id)?,
        None => Default::default(),
    };
    let progress = |card: &Card| Progress { stored: stored.get(&card.id), scheduler: &scheduler, now: app.now };
    if app.json {
        let mut array = JsonArray::stdout();
        catalog.for_each_card(|card| array.push(&card_json(card, &language, &progress(card))))?;
        array.finish()?;
        return Ok(Outcome::Success);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    catalog.for_each_card(|card| {
        let text = card.text_in(&language);
        let state = stored.get(&card.id).map(|stored| stored.state).filter(|state| state.phase != Phase::New);
        let status = match state {
            Some(state) => format!("{}, due {}", state.phase.name(), state.due.rfc3339()),
            None => "new".to_string(),
        };
        writeln!(out, "{:<32} {:<9} {}", card.id, card.kind().name(), terminal_line(&text.prompt))
            .and_then(|()| {
                writeln!(out, "{:<32} {:<9} → {}  [{status}]", "", "", terminal_line(&text.answer.display()))
            })
            .map_err(stdout_error)
    })?;
    out.flush().map_err(stdout_error)?;
    Ok(Outcome::Success)
}
