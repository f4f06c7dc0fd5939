//! `quiz study` (and `quiz --deck D` on a terminal): the study session.

use serde_json::json;

use crate::cli::StudyArgs;
use crate::clock::Clock;
use crate::deck::{NotesFile, Shelf};
use crate::error::{Error, Result};
use crate::output::{print, print_json};
use crate::session::study::{self, StudyOptions};
use crate::session::Journal;
use crate::settings::{App, DeckFlags};
use crate::store::SessionKind;
use crate::talk;
use crate::ui::messages::Lang;
use crate::ui::prompter::{can_prompt, TerminalPrompter};
use crate::ui::render;
use crate::Outcome;

/// Runs a study session on the terminal, then prints its summary (as JSON with --json).
pub fn run(app: &App, args: &StudyArgs) -> Result<Outcome> {
    let catalog = app.open_deck_catalog()?;
    if !can_prompt() {
        return Err(Error::NeedsTerminal("quiz study"));
    }
    let shelf = Shelf::of_catalog(&catalog);
    let deck = shelf.header();
    let (mut store, _preview) = app.session_store(args.record)?;
    let settings =
        app.deck_settings(deck, &DeckFlags { retention: args.retention, new_per_day: args.new }, Some(&store))?;
    let options = StudyOptions {
        language: app.language(deck, true)?,
        auto: args.auto,
        new_per_day: settings.new_per_day,
        limit: args.limit,
        tags: args.tags.clone(),
        notes: deck.source.as_deref().map(|relative| NotesFile::new(catalog.origin.clone(), relative)),
        day_start: app.day_start()?,
    };
    app.note_catalog_place(&mut store, &catalog)?;
    let clock = Clock::running_from(app.now);
    let lang = Lang::for_code(&options.language);
    let mut prompter = TerminalPrompter::new(lang);
    let summary = {
        let mut journal =
            Journal::new(&mut store, &settings.scheduler, deck, SessionKind::Study).with_leech_rule(settings.leech);
        study::run(&mut journal, &shelf, &clock, &mut prompter, &options)?
    };
    prompter.restore();
    if summary.planned == 0 {
        talk!("{}", lang.nothing_to_study(&deck.id.0));
    }
    if app.json {
        print_json(&json!({
            "deck": deck.id,
            "planned": summary.planned,
            "answered": summary.answered,
            "correct": summary.correct,
            "lapsed": summary.lapsed,
            "seconds": summary.elapsed.num_milliseconds() as f64 / 1000.0,
            "next_due": summary.next_due.map(|due| due.rfc3339()),
            "due_now": summary.due_now,
            "new_left_today": summary.new_left_today,
            "new_unseen": summary.new_unseen,
            "quit": summary.quit,
        }))?;
    } else {
        print(&render::summary(&summary, clock.now(), lang))?;
    }
    Ok(Outcome::Success)
}
