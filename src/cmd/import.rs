//! `quiz import FILE`: a deck from another tool's file, written where
//! `quiz --deck ID` finds it, with a report of what was dropped or approximated.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::ImportArgs;
use crate::clock::Timestamp;
use crate::deck::{self, is_valid_id, CardId, Deck, DeckFile, DeckId, Origin};
use crate::error::{Error, Result};
use crate::fsio::{read_bytes, write_atomic, FileKind};
use crate::import::{self, slug, Format, PastReview};
use crate::output::print_json;
use crate::schedule::Rating;
use crate::settings::{App, DeckFlags};
use crate::store::{HistoryAdded, NewReview, SessionKind};
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Imports `args.file` into a TOML deck that passes `quiz check`; nothing is
/// written on any error, or with `--dry-run`.
pub fn run(app: &App, args: &ImportArgs) -> Result<Outcome> {
    let bytes = read_bytes(&args.file, FileKind::Import)?;
    let shown = args.file.display().to_string();
    let format = match args.format {
        Format::Auto => Format::detect(&args.file, &bytes),
        chosen => chosen,
    };
    if args.with_history && format != Format::Apkg {
        return Err(Error::Usage(format!(
            "--with-history reads an Anki package's review log; {shown} is {}",
            format.name()
        )));
    }
    let imported = import::import_with_history(&shown, &bytes, format, args.with_history)?;
    if imported.cards.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no cards to import (read as {})",
            terminal_line(&shown),
            format.name()
        )));
    }
    let stem = args.file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let id = match &args.id {
        Some(id) if is_valid_id(id) => id.clone(),
        Some(id) => {
            return Err(Error::Usage(format!(
                "--id {} is not a deck id: use lowercase letters, digits and `-`, e.g. `{}`",
                terminal_line(id),
                Some(slug(id)).filter(|id| !id.is_empty()).unwrap_or_else(|| "my-deck".to_string())
            )))
        }
        None => Some(slug(&stem)).filter(|id| !id.is_empty()).unwrap_or_else(|| "imported".to_string()),
    };
    let out = match &args.out {
        Some(path) => path.clone(),
        None => app.data_dir()?.join("decks").join(format!("{id}.toml")),
    };
    let file_name = args.file.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let deck = Deck {
        id: DeckId(id.clone()),
        title: match (&imported.title, stem.is_empty()) {
            (Some(title), _) => title.clone(),
            (None, true) => id.clone(),
            (None, false) => stem,
        },
        description: format!("Imported from {file_name} ({}).", format.name()),
        version: "1".to_string(),
        languages: Vec::new(),
        source: None,
        scheduling: Default::default(),
        grading: Default::default(),
        cards: imported.cards,
    };
    let text = deck::write::to_toml(&deck);
    let written = check_written(&out, &text)?;
    let exists = out.exists();
    if exists && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; give --force to replace it (cards keep their ids, so progress is kept)",
            terminal_line(&out.display().to_string())
        )));
    }
    if !args.dry_run {
        if let Some(folder) = out.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|error| Error::io("create", folder, error))?;
        }
        write_atomic(&out, text.as_bytes())?;
    }
    let history = match (args.with_history, args.dry_run) {
        (true, false) => Some(bring_history(app, &written, &imported.history, &imported.suspended)?),
        (true, true) | (false, _) => None,
    };
    if !args.with_history && !imported.suspended.is_empty() {
        talk!(
            "  {} card(s) are suspended in Anki; give --with-history to keep them suspended here.",
            imported.suspended.len()
        );
    }
    super::print_remarks(&imported.remarks, "dropped");
    let study = study_command(&id, args.out.as_deref());
    let verb = match (args.dry_run, exists) {
        (true, _) => "Would write",
        (false, true) => "Replaced",
        (false, false) => "Wrote",
    };
    talk!(
        "{verb} {} card(s) as deck `{id}` in {} ({} remark(s)).",
        deck.cards.len(),
        terminal_line(&out.display().to_string()),
        imported.remarks.len()
    );
    if let Some(added) = &history {
        talk!(
            "Brought {} review(s) along ({} already here, {} older than this store's own reviews of the card), {} card(s) suspended.",
            added.added,
            added.already,
            added.older,
            added.suspended
        );
    } else if args.with_history {
        talk!("Would bring {} review(s) along.", imported.history.len());
    }
    if !args.dry_run {
        talk!("Study it with: {}", terminal_line(&study));
    }
    if app.json {
        print_json(&json!({
            "deck": id,
            "path": out,
            "format": format.name(),
            "cards": deck.cards.len(),
            "written": !args.dry_run,
            "replaced": exists && !args.dry_run,
            "remarks": imported.remarks,
            "study": study,
            "history": history.map(|added| json!({
                "added": added.added,
                "already": added.already,
                "older": added.older,
                "suspended": added.suspended,
            })),
        }))?;
    }
    Ok(Outcome::Success)
}

/// Appends the other tool's reviews to the store as `anki` reviews and
/// rebuilds the deck's card states with our scheduler.
fn bring_history(app: &App, deck: &Deck, history: &[PastReview], suspended: &[CardId]) -> Result<HistoryAdded> {
    let hashes: HashMap<&CardId, &str> = deck.cards.iter().map(|card| (&card.id, card.content_hash.as_str())).collect();
    let reviews: Vec<NewReview<'_>> = history
        .iter()
        .filter_map(|review| {
            Some(NewReview {
                deck: &deck.id,
                card: &review.card,
                content_hash: hashes.get(&review.card)?,
                time: Timestamp::from_millis(review.time_ms)?,
                rating: Rating::from_number(u32::from(review.rating))?,
                response: "",
                correct: review.rating > 1,
                duration_ms: review.duration_ms,
                kind: SessionKind::Anki,
            })
        })
        .collect();
    let mut store = app.open_store()?;
    let scheduler = app.deck_settings(deck, &DeckFlags::default(), Some(&store))?.scheduler;
    store.import_history(&deck.id, &reviews, suspended, app.now, &scheduler)
}

/// What an import writes must load without errors: a failure here is our
/// bug, reported before anything is written. Returns the deck as loaded.
fn check_written(out: &Path, text: &str) -> Result<Deck> {
    let file = DeckFile {
        display_name: out.display().to_string(),
        text: text.to_string(),
        origin: Origin::File(PathBuf::from(out)),
    };
    let loaded = deck::load(&file);
    match (loaded.error_count(), loaded.deck) {
        (0, Some(deck)) => Ok(deck),
        (count, _) => Err(Error::InvalidDeck { path: file.display_name, count: count.max(1) }),
    }
}

/// The command that studies the new deck.
fn study_command(id: &str, out: Option<&Path>) -> String {
    match out {
        Some(path) => format!("quiz --deck {}", path.display()),
        None => format!("quiz --deck {id}"),
    }
}
