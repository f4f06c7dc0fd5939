//! Anki notes to quiz cards, one card per Anki card.
//!
//! A note type is read from its templates, not its (translatable, editable)
//! name: a template that types its answer (`{{type:Back}}`) makes a `short`
//! card; one that shows some fields on the front and others on the back (Basic,
//! Basic and reversed, or a custom type) makes a flashcard; a cloze note type
//! makes one `cloze` card per cloze number. Fields the templates show on the
//! back beyond the answer become the explanation.

use std::collections::{HashMap, HashSet};

use super::collection::{AnkiCard, Collection, Note, Notetype, NotetypeKind, Template};
use crate::deck::{Answer, Card, CardId, CardText};
use crate::import::anki::{self, note_id};
use crate::import::html::to_text;
use crate::import::{sound, Ids, Imported, RemarkKind};

/// A reference to a field in a template: `{{Front}}`, `{{type:Back}}`, `{{cloze:Text}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Reference<'a> {
    field: &'a str,
    filter: Option<&'a str>,
}

/// The field references of `template` that name one of `fields`, in order
/// (conditionals, comments and special names such as `{{FrontSide}}` left out).
fn references<'a>(template: &'a str, fields: &[String]) -> Vec<Reference<'a>> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let inside = after[..close].trim();
        rest = &after[close + 2..];
        if inside.starts_with(['#', '^', '/', '!']) {
            continue;
        }
        let (filter, field) = match inside.rsplit_once(':') {
            Some((filters, field)) => (filters.rsplit(':').next().map(str::trim), field.trim()),
            None => (None, inside),
        };
        if fields.iter().any(|name| name == field) {
            found.push(Reference { field, filter });
        }
    }
    found
}

/// How a standard template asks: which fields make the question and the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shape {
    /// Field indexes shown on the front (the typed one left out).
    front: Vec<usize>,
    /// The field the learner types, if the template has a `{{type:…}}`.
    typed: Option<usize>,
    /// Field indexes only the back shows, in order.
    back: Vec<usize>,
}

fn shape(template: &Template, notetype: &Notetype) -> Shape {
    let index = |name: &str| notetype.fields.iter().position(|field| field == name);
    let mut front = Vec::new();
    let mut typed = None;
    for reference in references(&template.front, &notetype.fields) {
        let Some(field) = index(reference.field) else { continue };
        if reference.filter == Some("type") {
            typed = typed.or(Some(field));
        } else if !front.contains(&field) {
            front.push(field);
        }
    }
    let mut back = Vec::new();
    for reference in references(&template.back, &notetype.fields) {
        let Some(field) = index(reference.field) else { continue };
        if !front.contains(&field) && typed != Some(field) && !back.contains(&field) {
            back.push(field);
        }
    }
    Shape { front, typed, back }
}

/// A note's fields as text, with the media they referred to.
struct Fields {
    text: Vec<String>,
    media: Vec<String>,
}

impl Fields {
    fn of(note: &Note) -> Fields {
        let mut media = Vec::new();
        let text = note
            .fields
            .iter()
            .map(|field| {
                let converted = to_text(field);
                media.extend(converted.media);
                converted.text
            })
            .collect();
        Fields { text, media }
    }

    fn get(&self, index: usize) -> &str {
        self.text.get(index).map_or("", String::as_str)
    }

    /// The non-empty fields at `indexes`, one paragraph each.
    fn joined(&self, indexes: &[usize]) -> String {
        let parts: Vec<&str> = indexes.iter().map(|index| self.get(*index)).filter(|text| !text.is_empty()).collect();
        parts.join("\n\n")
    }
}

/// Converts every card of every note; returns the quiz card id of each Anki card kept.
pub fn convert(collection: &Collection, imported: &mut Imported) -> HashMap<i64, CardId> {
    let notes: HashMap<i64, &Note> = collection.notes.iter().map(|note| (note.id, note)).collect();
    let mut ids = Ids::default();
    let mut kept = HashMap::new();
    let mut reported_types = HashSet::new();
    let mut current: Option<(i64, Fields)> = None;
    // One deck is the deck itself; only several make their names worth a tag.
    let decks: HashSet<i64> = collection.cards.iter().map(|card| card.deck).collect();
    let deck_tags = decks.len() > 1;
    if let [only] = decks.iter().collect::<Vec<_>>()[..] {
        imported.title = collection.decks.get(only).cloned();
    }
    for anki_card in &collection.cards {
        let Some(note) = notes.get(&anki_card.note) else { continue };
        let at = format!("note {}", note.id);
        let Some(notetype) = collection.notetypes.get(&note.notetype) else {
            imported.remark(at, RemarkKind::Dropped, "its note type is missing from the collection");
            continue;
        };
        if current.as_ref().map(|(id, _)| *id) != Some(note.id) {
            let fields = Fields::of(note);
            if !fields.media.is_empty() {
                imported.remark(
                    at.clone(),
                    RemarkKind::Dropped,
                    format!("media not imported: {}", fields.media.join(", ")),
                );
            }
            current = Some((note.id, fields));
        }
        let Some((_, fields)) = &current else { continue };
        let made = match notetype.kind {
            NotetypeKind::Cloze => cloze_card(anki_card, note, notetype, fields, imported),
            NotetypeKind::Standard => standard_card(anki_card, note, notetype, fields, imported, &mut reported_types),
        };
        let Some((suffix, text)) = made else { continue };
        let deck = collection.decks.get(&anki_card.deck).filter(|_| deck_tags);
        let tags = tags(note, deck);
        if let Err(problem) = sound::check(&text, &tags) {
            imported.remark(at, RemarkKind::Dropped, format!("card {}: {problem}", anki_card.ordinal + 1));
            continue;
        }
        let wanted = format!("{}{suffix}", note_id(&note.guid));
        let id = ids.next(Some(&wanted), &text.prompt);
        let mut card = Card::new(&id, text);
        card.set_tags(tags);
        if anki_card.suspended {
            imported.suspended.push(card.id.clone());
        }
        kept.insert(anki_card.id, card.id.clone());
        imported.cards.push(card);
    }
    kept
}

/// The deck name (when the package holds several decks) first, then the note's tags, each once.
fn tags(note: &Note, deck: Option<&String>) -> Vec<String> {
    let mut seen = HashSet::new();
    deck.into_iter().chain(&note.tags).filter(|tag| seen.insert(tag.as_str())).cloned().collect()
}

/// A flashcard or `short` card from a standard template, with the id suffix
/// for its ordinal: none for the first card, `-reverse` for a template that
/// mirrors the first, else `-cardN`.
fn standard_card(
    anki_card: &AnkiCard,
    note: &Note,
    notetype: &Notetype,
    fields: &Fields,
    imported: &mut Imported,
    reported_types: &mut HashSet<String>,
) -> Option<(String, CardText)> {
    let at = || format!("note {}", note.id);
    let ordinal = usize::try_from(anki_card.ordinal).ok()?;
    let Some(template) = notetype.templates.get(ordinal) else {
        imported.remark(at(), RemarkKind::Dropped, format!("card {} has no template", ordinal + 1));
        return None;
    };
    let mut shape = shape(template, notetype);
    if shape.front.is_empty() && shape.typed.is_none() || shape.back.is_empty() && shape.typed.is_none() {
        // A template quiz cannot read: the first two fields, as the issue of unknown types asks.
        if reported_types.insert(notetype.name.clone()) {
            imported.remark(
                at(),
                RemarkKind::Approximated,
                format!(
                    "note type `{}` does not show one field on the front and another on the back; its first field became the question and its second the answer",
                    notetype.name
                ),
            );
        }
        shape = Shape { front: vec![0], typed: None, back: (1..notetype.fields.len()).collect() };
    }
    let suffix = match ordinal {
        0 => String::new(),
        _ => match notetype.templates.first().map(|first| shape_of_first(first, notetype)) {
            Some(first) if first.front == shape.back && first.back == shape.front => "-reverse".to_string(),
            _ => format!("-card{}", ordinal + 1),
        },
    };
    let prompt = fields.joined(&shape.front);
    let (answer, rest) = match shape.typed {
        Some(typed) => (fields.get(typed).to_string(), shape.back.clone()),
        None => {
            let answer_field = shape.back.iter().copied().find(|index| !fields.get(*index).is_empty());
            let rest = shape.back.iter().copied().filter(|index| Some(*index) != answer_field).collect();
            (answer_field.map(|index| fields.get(index).to_string()).unwrap_or_default(), rest)
        }
    };
    if prompt.is_empty() || answer.is_empty() {
        let side = if prompt.is_empty() { "question" } else { "answer" };
        imported.remark(
            at(),
            RemarkKind::Dropped,
            format!("card {} has no text on its {side} side (only media, or empty fields)", ordinal + 1),
        );
        return None;
    }
    let explanation = Some(fields.joined(&rest)).filter(|text| !text.is_empty());
    let answer = match shape.typed {
        Some(_) => Answer::Short { answer, accept: Vec::new() },
        None => Answer::Flashcard { back: answer },
    };
    Some((suffix, CardText { prompt, answer, explanation, reject: Vec::new() }))
}

fn shape_of_first(template: &Template, notetype: &Notetype) -> Shape {
    shape(template, notetype)
}

/// The `cloze` card for cloze number `ordinal + 1` of a cloze note: its gaps
/// hidden, other numbers shown as text, hints kept after their gap.
fn cloze_card(
    anki_card: &AnkiCard,
    note: &Note,
    notetype: &Notetype,
    fields: &Fields,
    imported: &mut Imported,
) -> Option<(String, CardText)> {
    let at = || format!("note {}", note.id);
    let number = anki_card.ordinal.checked_add(1)?;
    let template = notetype.templates.first().cloned().unwrap_or_default();
    let text_field = references(&template.front, &notetype.fields)
        .into_iter()
        .find(|reference| reference.filter == Some("cloze"))
        .and_then(|reference| notetype.fields.iter().position(|field| field == reference.field))
        .unwrap_or(0);
    let text = fields.get(text_field);
    let (pieces, gaps, hinted) = anki::split(text, number);
    if gaps.is_empty() {
        imported.remark(at(), RemarkKind::Dropped, format!("cloze {number} is not in the note's text"));
        return None;
    }
    if hinted {
        imported.remark(
            at(),
            RemarkKind::Approximated,
            format!("cloze {number}: hints are shown in brackets after the gap"),
        );
    }
    let back: Vec<usize> = references(&template.back, &notetype.fields)
        .into_iter()
        .filter_map(|reference| notetype.fields.iter().position(|field| field == reference.field))
        .filter(|index| *index != text_field)
        .collect();
    let explanation = Some(fields.joined(&back)).filter(|text| !text.is_empty());
    let prompt = crate::deck::render_cloze(&pieces, &gaps);
    let suffix = anki::cloze_id("", number);
    Some((suffix, CardText { prompt, answer: Answer::Cloze { pieces, gaps }, explanation, reject: Vec::new() }))
}
