//! `quiz study` (and `quiz --deck D` on a terminal): the study session.

use crate::cli::StudyArgs;
use crate::clock::Clock;
use crate::error::Error;
use crate::session::study::{self, StudyOptions};
use crate::ui::messages::Lang;
use crate::ui::prompter::{can_prompt, TerminalPrompter};
use crate::ui::render;
use crate::{App, Outcome, Result};

/// Runs a study session on the terminal.
pub fn run(app: &App, args: &StudyArgs) -> Result<Outcome> {
    let deck = app.open_deck()?;
    if !can_prompt() {
        return Err(Error::NeedsTerminal("quiz study"));
    }
    let options = StudyOptions {
        language: app.session_language(&deck)?,
        auto: args.auto,
        new_per_day: app.new_per_day(&deck, args.new)?,
        limit: args.limit,
        tags: args.tags.clone(),
    };
    let scheduler = app.scheduler(&deck, args.retention)?;
    let mut store = app.open_store()?;
    let clock = Clock::running_from(app.now);
    let lang = Lang::for_code(&options.language);
    let mut prompter = TerminalPrompter::new(lang);
    let summary = study::run(&deck, &mut store, &scheduler, &clock, &mut prompter, &options)?;
    prompter.restore();
    if summary.planned == 0 {
        eprintln!("{}", lang.nothing_to_study(&deck.id.0));
    }
    print!("{}", render::summary(&summary, clock.now(), lang));
    Ok(Outcome::Success)
}
