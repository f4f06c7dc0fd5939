//! `quiz drill`: cram without touching the schedule.

use serde_json::json;

use crate::cli::DrillArgs;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::output::{print, print_json};
use crate::session::{drill, Journal};
use crate::settings::{App, DeckFlags};
use crate::store::SessionKind;
use crate::ui::messages::Lang;
use crate::ui::prompter::{can_prompt, TerminalPrompter};
use crate::Outcome;

/// Runs a drill on the terminal.
pub fn run(app: &App, args: &DrillArgs) -> Result<Outcome> {
    let opened = app.open_deck()?;
    if !can_prompt() {
        return Err(Error::NeedsTerminal("quiz drill"));
    }
    let deck = &opened.deck;
    let language = app.language(deck, true)?;
    // Drills are logged but move no schedule; the journal still wants the deck's scheduler.
    let (mut store, _preview) = app.session_store(args.record)?;
    let settings = app.deck_settings(deck, &DeckFlags::default(), Some(&store))?;
    app.note_deck_place(&mut store, &opened)?;
    let clock = Clock::running_from(app.now);
    let seed = args.seed.unwrap_or(app.now.millis().unsigned_abs());
    let mut prompter = TerminalPrompter::new(Lang::for_code(&language));
    let summary = {
        let mut journal = Journal::new(&mut store, &settings.scheduler, deck, SessionKind::Drill);
        drill::run(&mut journal, &clock, &mut prompter, &language, &args.tags, seed)?
    };
    prompter.restore();
    if app.json {
        print_json(&json!({
            "deck": deck.id,
            "cards": summary.cards,
            "answered": summary.answered,
            "first_try": summary.first_try,
            "mastered": summary.mastered,
            "quit": summary.quit,
        }))?;
    } else {
        print(&format!(
            "Drilled {} card(s): {} answer(s), {} right the first time, {} of {} mastered{}.\n",
            summary.cards,
            summary.answered,
            summary.first_try,
            summary.mastered,
            summary.cards,
            if summary.quit { " (stopped early)" } else { "" }
        ))?;
    }
    Ok(Outcome::Success)
}
