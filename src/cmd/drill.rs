//! `quiz drill`: cram without touching the schedule.

use crate::cli::DrillArgs;
use crate::clock::Clock;
use crate::error::Error;
use crate::session::drill;
use crate::ui::prompter::{can_prompt, TerminalPrompter};
use crate::{App, Outcome, Result};

/// Runs a drill on the terminal.
pub fn run(app: &App, args: &DrillArgs) -> Result<Outcome> {
    let deck = app.open_deck()?;
    if !can_prompt() {
        return Err(Error::NeedsTerminal("quiz drill"));
    }
    let language = app.session_language(&deck)?;
    let mut store = app.open_store()?;
    let clock = Clock::running_from(app.now);
    let seed = args.seed.unwrap_or(app.now.millis() as u64);
    let mut prompter = TerminalPrompter::new(crate::ui::messages::Lang::for_code(&language));
    let summary = drill::run(&deck, &mut store, &clock, &mut prompter, &language, &args.tags, seed)?;
    prompter.restore();
    println!(
        "Drilled {} card(s): {} answer(s), {} right the first time, {} of {} mastered{}.",
        summary.cards,
        summary.answered,
        summary.first_try,
        summary.mastered,
        summary.cards,
        if summary.quit { " (stopped early)" } else { "" }
    );
    Ok(Outcome::Success)
}
