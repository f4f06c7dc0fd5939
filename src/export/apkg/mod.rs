//! An Anki package in the legacy layout (`collection.anki2`, schema 11),
//! which the current Anki desktop, AnkiDroid and older versions all import.
//! One note per card, its guid the card's id, so importing a newer export
//! updates the notes in place; with the deck's progress, each card's
//! scheduling and review log come along as Anki's `cards` and `revlog` rows.

mod schema;

use std::io::{Cursor, Write};

use rusqlite::{params, Connection};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{CardProgress, Exported, Progress};
use crate::deck::{Answer, Card, ClozePiece, Deck, Gap};
use crate::error::{Error, Result};
use crate::hash::stable_hash;
use crate::schedule::Phase;
use crate::text::sanitize::html_text;
use schema::{ColRow, NoteType, TABLES};

const DAY_SECS: i64 = 86_400;

/// Writes `deck` (and `progress`, if given) as an `.apkg`.
pub(super) fn export(deck: &Deck, progress: Option<&Progress>, now_ms: i64) -> Result<Exported> {
    let failed = |error: &dyn std::fmt::Display| Error::Usage(format!("cannot build the Anki package: {error}"));
    let file = tempfile::Builder::new()
        .prefix("quiz-export-")
        .suffix(".anki2")
        .tempfile()
        .map_err(|error| Error::io("create a temporary file for", std::env::temp_dir(), error))?;
    let mut exported = Exported::default();
    {
        let mut connection = Connection::open(file.path()).map_err(|error| failed(&error))?;
        fill(&mut connection, deck, progress, now_ms, &mut exported).map_err(|error| failed(&error))?;
        connection.close().map_err(|(_, error)| failed(&error))?;
    }
    let collection = std::fs::read(file.path()).map_err(|error| Error::io("read", file.path(), error))?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut add = |name: &str, bytes: &[u8]| -> zip::result::ZipResult<()> {
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
        Ok(())
    };
    add("collection.anki2", &collection).map_err(|error| failed(&error))?;
    add("media", b"{}").map_err(|error| failed(&error))?;
    exported.bytes = zip.finish().map_err(|error| failed(&error))?.into_inner();
    Ok(exported)
}

/// Writes the collection's rows: the `col` row, then a note and a card per
/// card, then the review log.
fn fill(
    connection: &mut Connection,
    deck: &Deck,
    progress: Option<&Progress>,
    now_ms: i64,
    exported: &mut Exported,
) -> rusqlite::Result<()> {
    let transaction = connection.transaction()?;
    transaction.execute_batch(TABLES)?;
    let now_secs = now_ms / 1000;
    // Day numbers of review cards count from the collection's creation.
    let first_review = progress.and_then(Progress::first_review_ms).unwrap_or(now_ms);
    let created_secs = first_review.min(now_ms) / 1000 / DAY_SECS * DAY_SECS - DAY_SECS;
    let deck_id = 1_000_000_000_000 + i64::try_from(stable_hash(&[&deck.id.0]) % 1_000_000_000_000).unwrap_or(0);
    let col = ColRow { now_ms, deck_id, deck_name: deck.title.clone(), description: deck.description.clone() };
    let [conf, models, decks, dconf, tags] = col.json();
    transaction.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?3, 11, 0, 0, 0, ?4, ?5, ?6, ?7, ?8)",
        params![created_secs, now_ms, now_ms, conf, models, decks, dconf, tags],
    )?;
    let mut note = transaction.prepare(
        "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)
         VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')",
    )?;
    let mut card_row = transaction.prepare(
        "INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data)
         VALUES (?1, ?2, ?3, 0, ?4, -1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, 0, 0, 0, '')",
    )?;
    let mut revlog = transaction.prepare(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    // Ids are millisecond timestamps in Anki; one per row, counting up from a base.
    let base_id = now_ms - i64::try_from(deck.cards.len()).unwrap_or(0) - 1;
    let mut revlog_ids = std::collections::HashSet::new();
    for (index, card) in deck.cards.iter().enumerate() {
        let (note_type, fields) = note_fields(card, exported);
        let id = base_id + i64::try_from(index).unwrap_or(0);
        let tags = anki_tags(&card.tags);
        let sort_field = fields.first().cloned().unwrap_or_default();
        note.execute(params![id, card.id.0, note_type.id(), now_secs, tags, fields.join("\u{1f}"), sort_field])?;
        let schedule = progress.and_then(|progress| progress.cards.get(&card.id));
        let (kind, queue, due, interval) = match schedule {
            Some(state) => anki_schedule(state, created_secs, index),
            None => (0, 0, i64::try_from(index).unwrap_or(0) + 1, 0),
        };
        let suspended = schedule.is_some_and(|state| state.suspended);
        let queue = if suspended { -1 } else { queue };
        let (reps, lapses) = schedule.map_or((0, 0), |state| (state.reps, state.lapses));
        card_row.execute(params![id, id, deck_id, now_secs, kind, queue, due, interval, 2500, reps, lapses])?;
        exported.cards += 1;
        let Some(reviews) = progress.and_then(|progress| progress.reviews.get(&card.id)) else { continue };
        let mut last_interval = 0;
        for review in reviews {
            let mut review_id = review.time_ms;
            while !revlog_ids.insert(review_id) {
                review_id += 1;
            }
            let interval = anki_interval(review.time_ms, review.due_after_ms);
            let kind = match review.phase_before {
                Phase::New | Phase::Learning => 0,
                Phase::Review => 1,
                Phase::Relearning => 2,
            };
            let time = i64::try_from(review.duration_ms.min(60_000)).unwrap_or(60_000);
            revlog.execute(params![review_id, id, review.rating, interval, last_interval, 2500, time, kind])?;
            last_interval = interval;
        }
    }
    drop((note, card_row, revlog));
    transaction.commit()
}

/// A card's note type and fields (HTML), and a remark for what Anki cannot
/// express the way quiz asks it.
fn note_fields(card: &Card, exported: &mut Exported) -> (NoteType, Vec<String>) {
    let text = &card.text;
    let explanation = text.explanation.as_deref().map(html_text).unwrap_or_default();
    let prompt = html_text(&text.prompt);
    let basic = |back: String| (NoteType::Basic, vec![prompt.clone(), back, explanation.clone()]);
    let listed = |items: &[String], marker: &dyn Fn(usize) -> String| -> String {
        let lines: Vec<String> =
            items.iter().enumerate().map(|(index, item)| format!("{}{}", marker(index), html_text(item))).collect();
        format!("{prompt}<br><br>{}", lines.join("<br>"))
    };
    match &text.answer {
        Answer::Flashcard { back } => basic(html_text(back)),
        Answer::Short { answer, accept } => {
            if !accept.is_empty() {
                exported.approximate(
                    card,
                    "Anki compares a typed answer with one spelling; the other accepted spellings are left out",
                );
            }
            (NoteType::TypeIn, vec![prompt.clone(), html_text(answer), explanation.clone()])
        }
        Answer::Cloze { pieces, gaps } => {
            if gaps.iter().any(|gap| !gap.accept.is_empty()) {
                exported.approximate(
                    card,
                    "Anki's cloze has one spelling per gap; the other accepted spellings are left out",
                );
            }
            (NoteType::Cloze, vec![anki_cloze(pieces, gaps), String::new(), explanation.clone()])
        }
        Answer::Choice { choices, correct, .. } => {
            exported.approximate(
                card,
                "Anki has no multiple choice: the choices are listed on the front and the answer is the right one",
            );
            let front = listed(choices, &|index| format!("{}. ", letter(index)));
            let back = format!("{}. {}", letter(*correct), html_text(choices.get(*correct).map_or("", String::as_str)));
            (NoteType::Basic, vec![front, back, explanation.clone()])
        }
        Answer::Multi { choices, correct } => {
            exported.approximate(
                card,
                "Anki has no multiple choice: the choices are listed on the front and the answer names the right ones",
            );
            let front = listed(choices, &|index| format!("{}. ", letter(index)));
            let right: Vec<String> = correct
                .iter()
                .filter_map(|index| {
                    choices.get(*index).map(|choice| format!("{}. {}", letter(*index), html_text(choice)))
                })
                .collect();
            (NoteType::Basic, vec![front, right.join("<br>"), explanation.clone()])
        }
        Answer::TrueFalse { correct } => {
            exported.approximate(card, "Anki has no true/false question: the answer side says which");
            basic(if *correct { "True" } else { "False" }.to_string())
        }
        Answer::Numeric { .. } => {
            exported.approximate(card, "Anki cannot grade a number within a tolerance: the answer side shows it");
            basic(html_text(&text.answer.display()))
        }
        Answer::Order { items } => {
            exported.approximate(card, "Anki has no ordering question: the answer side lists the items in order");
            let back: Vec<String> =
                items.iter().enumerate().map(|(index, item)| format!("{}. {}", index + 1, html_text(item))).collect();
            basic(back.join("<br>"))
        }
    }
}

/// `A`, `B`, … for choice `index`.
fn letter(index: usize) -> char {
    u8::try_from(index).ok().filter(|index| *index < 26).map_or('?', |index| char::from(b'A' + index))
}

/// Cloze text in Anki's syntax, every gap `c1`, so one card asks them all
/// (as quiz does); `::` inside an answer would start a hint, so it is spaced.
fn anki_cloze(pieces: &[ClozePiece], gaps: &[Gap]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            ClozePiece::Text(text) => out.push_str(&html_text(text)),
            ClozePiece::Gap(index) => {
                let answer = gaps.get(*index).map_or("", |gap| gap.answer.as_str());
                out.push_str("{{c1::");
                out.push_str(&html_text(answer).replace("::", ": :").replace("}}", "} }"));
                out.push_str("}}");
            }
        }
    }
    out
}

/// Anki's tags: space-separated, so spaces inside a tag become `_`.
fn anki_tags(tags: &[String]) -> String {
    let tags: Vec<String> = tags.iter().map(|tag| tag.split_whitespace().collect::<Vec<_>>().join("_")).collect();
    match tags.is_empty() {
        true => String::new(),
        false => format!(" {} ", tags.join(" ")),
    }
}

/// A card's `type`, `queue`, `due` and `ivl` from its quiz state: new cards by
/// position, learning cards due at a time, review cards on a day.
fn anki_schedule(state: &CardProgress, created_secs: i64, index: usize) -> (i64, i64, i64, i64) {
    let due_secs = state.due_ms / 1000;
    match state.phase {
        Phase::New => (0, 0, i64::try_from(index).unwrap_or(0) + 1, 0),
        Phase::Learning => (1, 1, due_secs, 0),
        Phase::Relearning => (3, 1, due_secs, anki_interval(state.last_review_ms, state.due_ms).max(1)),
        Phase::Review => (
            2,
            2,
            (due_secs - created_secs).div_euclid(DAY_SECS),
            anki_interval(state.last_review_ms, state.due_ms).max(1),
        ),
    }
}

/// An interval as the revlog writes it: whole days, or negative seconds when
/// under a day (a learning step).
fn anki_interval(from_ms: i64, to_ms: i64) -> i64 {
    let seconds = (to_ms - from_ms).max(0) / 1000;
    match seconds >= DAY_SECS {
        true => (seconds + DAY_SECS / 2) / DAY_SECS,
        false => -seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::arbitrary;
    use crate::deck::CardKind;
    use crate::import::{import, Format};
    use proptest::strategy::Strategy;

    /// The kinds an Anki package carries exactly (short and cloze with one spelling).
    const EXACT: [CardKind; 3] = [CardKind::Flashcard, CardKind::Short, CardKind::Cloze];

    fn one_spelling(mut deck: Deck) -> Deck {
        for card in &mut deck.cards {
            if let Answer::Short { accept, .. } = &mut card.text.answer {
                accept.clear();
            }
        }
        deck
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn flashcards_short_answers_and_clozes_come_back_from_anki_the_same(
            deck in arbitrary::deck(&EXACT, 10).prop_map(one_spelling)
        ) {
            let exported = export(&deck, None, 1_750_000_000_000).unwrap();
            proptest::prop_assert!(exported.remarks.is_empty(), "{:?}", exported.remarks);
            let imported = import("round.apkg", &exported.bytes, Format::Apkg).unwrap();
            proptest::prop_assert_eq!(imported.title.as_deref(), Some(deck.title.as_str()));
            proptest::prop_assert_eq!(imported.cards.len(), deck.cards.len());
            for (before, after) in deck.cards.iter().zip(&imported.cards) {
                proptest::prop_assert_eq!(&before.id, &after.id);
                proptest::prop_assert_eq!(&before.text, &after.text, "{}", before.id);
                proptest::prop_assert_eq!(&before.tags, &after.tags, "{}", before.id);
            }
        }
    }
}
