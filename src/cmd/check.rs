//! `quiz check`: validate decks and their notes.

use crate::cli::CheckArgs;
use crate::deck;
use crate::report::{self, DeckCheck, Format};
use crate::{App, Outcome, Result};

/// Checks every named deck (all available decks when none is named) and prints the report.
pub fn run(app: &App, args: &CheckArgs) -> Result<Outcome> {
    let user_decks = app.user_decks();
    let mut names: Vec<String> = args.decks.clone();
    names.extend(app.options.deck.clone());
    if names.is_empty() {
        names = deck::available(user_decks.as_deref()).into_iter().map(|(id, _)| id).collect();
    }
    let mut checks = Vec::with_capacity(names.len());
    for name in &names {
        let file = deck::find(name, user_decks.as_deref())?;
        let loaded = deck::check(&file);
        checks.push(DeckCheck {
            file: file.display_name.clone(),
            deck: loaded.deck.as_ref().map(|deck| deck.id.0.clone()),
            cards: loaded.card_count,
            diagnostics: loaded.diagnostics,
        });
    }
    let output = match args.format {
        Format::Text => report::text::check(&checks, args.strict),
        Format::Json => report::json::check(&checks, args.strict),
        Format::Junit => {
            colored::control::set_override(false);
            report::junit::check(&checks, args.strict)
        }
        Format::Csv => {
            return Err(crate::Error::Usage("`quiz check` prints text, json or junit, not csv".to_string()));
        }
    };
    print!("{output}");
    Ok(if checks.iter().all(|check| check.passed(args.strict)) { Outcome::Success } else { Outcome::Failure })
}
