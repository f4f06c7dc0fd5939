//! What quiz reads from an unpacked Anki collection: note types, decks,
//! notes, cards and the review log, from either schema (18: the current
//! `notetypes`/`templates`/`decks` tables with protobuf configs; 11: JSON in
//! the `col` row).
//!
//! The database is untrusted: it is opened read-only with
//! `trusted_schema` off, and the tables read must be tables (a view could
//! hide work of any size behind a name).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Deserialize;

use super::protobuf::Message;
use crate::error::{Error, Result};

/// Anki's field separator inside `notes.flds`.
const FIELD_SEPARATOR: char = '\u{1f}';

/// Whether a note type makes one card per template or one per cloze number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotetypeKind {
    /// Cards from templates (Basic, reversed, type in the answer, custom types).
    Standard,
    /// One card per `{{cN::…}}` number.
    Cloze,
}

/// A card template: the question and answer side as Anki's template text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Template {
    /// The question side (`{{Front}}`).
    pub front: String,
    /// The answer side (`{{FrontSide}}<hr id=answer>{{Back}}`).
    pub back: String,
}

/// A note type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notetype {
    /// Its name (`Basic (and reversed card)`).
    pub name: String,
    /// Standard or cloze.
    pub kind: NotetypeKind,
    /// Field names, in order.
    pub fields: Vec<String>,
    /// Templates, by ordinal.
    pub templates: Vec<Template>,
}

/// A note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Anki's note id.
    pub id: i64,
    /// Its globally unique id (case-sensitive).
    pub guid: String,
    /// Its note type's id.
    pub notetype: i64,
    /// Field contents (HTML), in the note type's order.
    pub fields: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// A card of a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnkiCard {
    /// Anki's card id.
    pub id: i64,
    /// The note.
    pub note: i64,
    /// The deck it is in (its home deck when it is in a filtered deck).
    pub deck: i64,
    /// Template ordinal, or cloze number − 1.
    pub ordinal: i64,
    /// Whether it is suspended.
    pub suspended: bool,
}

/// One entry of Anki's review log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevlogEntry {
    /// When, in milliseconds since the epoch (Anki's id).
    pub id: i64,
    /// The card.
    pub card: i64,
    /// The button: 1 Again … 4 Easy; 0 for a manual change.
    pub ease: i64,
    /// Ease factor in permille; 0 for a filtered-deck review without rescheduling.
    pub factor: i64,
    /// Time taken, in milliseconds.
    pub time_ms: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
}

/// Everything an import reads from a collection.
#[derive(Clone, Debug, Default)]
pub struct Collection {
    /// Note types by id.
    pub notetypes: HashMap<i64, Notetype>,
    /// Deck names (`Parent::Child`) by id.
    pub decks: HashMap<i64, String>,
    /// Notes, by id.
    pub notes: Vec<Note>,
    /// Cards, by note and ordinal.
    pub cards: Vec<AnkiCard>,
    /// The review log, by card and time (empty unless asked for).
    pub revlog: Vec<RevlogEntry>,
}

/// Reads the collection at `path`; `history` reads the review log too.
pub fn read(name: &str, path: &Path, history: bool) -> Result<Collection> {
    let damaged = |error: rusqlite::Error| Error::BadFile {
        path: name.to_string(),
        message: format!("the collection inside the package cannot be read ({error}); export it from Anki again"),
    };
    let connection =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(damaged)?;
    connection.pragma_update(None, "trusted_schema", false).map_err(damaged)?;
    let tables = tables(&connection).map_err(damaged)?;
    for required in ["col", "notes", "cards", "revlog"] {
        if !tables.iter().any(|table| table == required) {
            return Err(Error::BadFile {
                path: name.to_string(),
                message: format!(
                    "the package's collection has no `{required}` table: not an Anki collection, or a damaged one"
                ),
            });
        }
    }
    let current = tables.iter().any(|table| table == "notetypes");
    let (notetypes, decks) = match current {
        true => (notetypes_18(&connection).map_err(damaged)?, decks_18(&connection).map_err(damaged)?),
        false => models_11(name, &connection)?,
    };
    let notes = notes(&connection).map_err(damaged)?;
    let cards = cards(&connection).map_err(damaged)?;
    let revlog = match history {
        true => revlog(&connection).map_err(damaged)?,
        false => Vec::new(),
    };
    Ok(Collection { notetypes, decks, notes, cards, revlog })
}

/// The names of the database's tables (views left out).
fn tables(connection: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names = statement.query_map([], |row| row.get(0))?.collect();
    names
}

/// Schema 18: note types, their fields and templates in their own tables.
fn notetypes_18(connection: &Connection) -> rusqlite::Result<HashMap<i64, Notetype>> {
    let mut notetypes = HashMap::new();
    let mut statement = connection.prepare("SELECT id, name, config FROM notetypes")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let config: Vec<u8> = row.get::<_, Option<Vec<u8>>>(2)?.unwrap_or_default();
        let kind = match Message::new(&config).varint(1) {
            Some(1) => NotetypeKind::Cloze,
            Some(_) | None => NotetypeKind::Standard,
        };
        notetypes.insert(row.get(0)?, Notetype { name: row.get(1)?, kind, fields: Vec::new(), templates: Vec::new() });
    }
    let mut statement = connection.prepare("SELECT ntid, name FROM fields ORDER BY ntid, ord")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(notetype) = notetypes.get_mut(&row.get::<_, i64>(0)?) {
            notetype.fields.push(row.get(1)?);
        }
    }
    let mut statement = connection.prepare("SELECT ntid, config FROM templates ORDER BY ntid, ord")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(notetype) = notetypes.get_mut(&row.get::<_, i64>(0)?) {
            let config: Vec<u8> = row.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default();
            let message = Message::new(&config);
            notetype.templates.push(Template {
                front: message.string(1).unwrap_or_default().to_string(),
                back: message.string(2).unwrap_or_default().to_string(),
            });
        }
    }
    Ok(notetypes)
}

/// Schema 18: deck names, whose levels are separated by U+001F.
fn decks_18(connection: &Connection) -> rusqlite::Result<HashMap<i64, String>> {
    let mut statement = connection.prepare("SELECT id, name FROM decks")?;
    let decks = statement
        .query_map([], |row| Ok((row.get(0)?, row.get::<_, String>(1)?.replace(FIELD_SEPARATOR, "::"))))?
        .collect();
    decks
}

/// A note type in schema 11's `col.models` JSON.
#[derive(Deserialize)]
struct Model {
    #[serde(default)]
    name: String,
    #[serde(rename = "type", default)]
    kind: i64,
    #[serde(default)]
    flds: Vec<ModelField>,
    #[serde(default)]
    tmpls: Vec<ModelTemplate>,
}

#[derive(Deserialize)]
struct ModelField {
    #[serde(default)]
    name: String,
    #[serde(default)]
    ord: i64,
}

#[derive(Deserialize)]
struct ModelTemplate {
    #[serde(default)]
    qfmt: String,
    #[serde(default)]
    afmt: String,
    #[serde(default)]
    ord: i64,
}

#[derive(Deserialize)]
struct ModelDeck {
    #[serde(default)]
    name: String,
}

/// Schema 11: note types and decks as JSON in the one `col` row.
fn models_11(name: &str, connection: &Connection) -> Result<(HashMap<i64, Notetype>, HashMap<i64, String>)> {
    let damaged = |what: &str, detail: String| Error::BadFile {
        path: name.to_string(),
        message: format!("the collection's {what} cannot be read ({detail}); export it from Anki again"),
    };
    let row: Option<(String, String)> = connection
        .query_row("SELECT models, decks FROM col LIMIT 1", [], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
        .map_err(|error| damaged("settings", error.to_string()))?;
    let (models, decks) = row.ok_or_else(|| damaged("settings", "the `col` table is empty".to_string()))?;
    let models: HashMap<String, Model> =
        serde_json::from_str(&models).map_err(|error| damaged("note types", error.to_string()))?;
    let decks: HashMap<String, ModelDeck> =
        serde_json::from_str(&decks).map_err(|error| damaged("decks", error.to_string()))?;
    let notetypes = models
        .into_iter()
        .filter_map(|(id, mut model)| {
            model.flds.sort_by_key(|field| field.ord);
            model.tmpls.sort_by_key(|template| template.ord);
            let notetype = Notetype {
                name: model.name,
                kind: if model.kind == 1 { NotetypeKind::Cloze } else { NotetypeKind::Standard },
                fields: model.flds.into_iter().map(|field| field.name).collect(),
                templates: model
                    .tmpls
                    .into_iter()
                    .map(|template| Template { front: template.qfmt, back: template.afmt })
                    .collect(),
            };
            Some((id.parse().ok()?, notetype))
        })
        .collect();
    let decks = decks.into_iter().filter_map(|(id, deck)| Some((id.parse().ok()?, deck.name))).collect();
    Ok((notetypes, decks))
}

fn notes(connection: &Connection) -> rusqlite::Result<Vec<Note>> {
    let mut statement = connection.prepare("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id")?;
    let notes = statement
        .query_map([], |row| {
            let fields: String = row.get(3)?;
            let tags: String = row.get(4)?;
            Ok(Note {
                id: row.get(0)?,
                guid: row.get(1)?,
                notetype: row.get(2)?,
                fields: fields.split(FIELD_SEPARATOR).map(str::to_string).collect(),
                tags: tags.split_whitespace().map(str::to_string).collect(),
            })
        })?
        .collect();
    notes
}

fn cards(connection: &Connection) -> rusqlite::Result<Vec<AnkiCard>> {
    // A card in a filtered deck keeps its home deck in `odid`.
    let mut statement = connection.prepare(
        "SELECT id, nid, CASE WHEN odid != 0 THEN odid ELSE did END, ord, queue FROM cards ORDER BY nid, ord, id",
    )?;
    let cards = statement
        .query_map([], |row| {
            Ok(AnkiCard {
                id: row.get(0)?,
                note: row.get(1)?,
                deck: row.get(2)?,
                ordinal: row.get(3)?,
                suspended: row.get::<_, i64>(4)? == -1,
            })
        })?
        .collect();
    cards
}

fn revlog(connection: &Connection) -> rusqlite::Result<Vec<RevlogEntry>> {
    let mut statement = connection.prepare("SELECT id, cid, ease, factor, time, type FROM revlog ORDER BY cid, id")?;
    let entries = statement
        .query_map([], |row| {
            Ok(RevlogEntry {
                id: row.get(0)?,
                card: row.get(1)?,
                ease: row.get(2)?,
                factor: row.get(3)?,
                time_ms: row.get(4)?,
                kind: row.get(5)?,
            })
        })?
        .collect();
    entries
}
