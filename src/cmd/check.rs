//! `quiz check`: validate decks and their notes.

use crate::cli::CheckArgs;
use crate::deck::{self, DeckFile, Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::output::print;
use crate::report::{self, CheckFormat, DeckCheck};
use crate::settings::App;
use crate::Outcome;

/// Checks every named deck (every available deck when none is named) and prints the report.
pub fn run(app: &App, args: &CheckArgs) -> Result<Outcome> {
    let format = match (args.format, app.json) {
        (Some(CheckFormat::Text | CheckFormat::Junit | CheckFormat::Github), true) => {
            return Err(Error::Usage("--json asks for --format json; give one of them".to_string()));
        }
        (Some(format), _) => format,
        (None, true) => CheckFormat::Json,
        (None, false) => CheckFormat::Text,
    };
    let user_decks = app.user_decks();
    let named: Vec<&String> = args.decks.iter().chain(app.deck.iter()).collect();
    let mut checks = Vec::new();
    if named.is_empty() {
        // Every deck: one unreadable file in the decks folder fails its own check, not everyone's.
        for (id, origin) in deck::available(user_decks.as_deref()) {
            match deck::read_listed(&id, &origin) {
                Ok(file) => checks.push(check_file(&file)),
                Err(error) => {
                    let name = origin.path().map_or(id, |path| path.display().to_string());
                    checks.push(unreadable(&name, &error));
                }
            }
        }
    } else {
        for name in named {
            checks.push(check_file(&deck::find(name, user_decks.as_deref())?));
        }
    }
    let output = match format {
        CheckFormat::Text => report::text::check(&checks, args.strict),
        CheckFormat::Json => report::json::check(&checks, args.strict),
        CheckFormat::Junit => report::junit::check(&checks, args.strict),
        CheckFormat::Github => {
            append_step_summary(&report::github::summary(&checks, args.strict))?;
            report::github::check(&checks, args.strict)
        }
    };
    print(&output)?;
    Ok(if checks.iter().all(|check| check.passed(args.strict)) { Outcome::Success } else { Outcome::Failure })
}

fn check_file(file: &DeckFile) -> DeckCheck {
    let loaded = crate::check::check(file);
    DeckCheck {
        file: file.display_name.clone(),
        // A deck with errors still names itself when its `id` can be read.
        deck: loaded.deck.as_ref().map(|deck| deck.id.0.clone()).or_else(|| header_id(&file.text)),
        cards: loaded.card_count,
        diagnostics: loaded.diagnostics,
    }
}

/// Appends `markdown` to the file `$GITHUB_STEP_SUMMARY` names, when it is set
/// (GitHub Actions shows it on the job's page).
fn append_step_summary(markdown: &str) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|path| !path.is_empty()) else { return Ok(()) };
    let path = std::path::PathBuf::from(path);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|error| Error::io("write the step summary", &path, error))?;
    std::io::Write::write_all(&mut file, markdown.as_bytes())
        .map_err(|error| Error::io("write the step summary", &path, error))
}

/// The deck's `id` from its text, when the file is TOML with a string `id` at the top.
fn header_id(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    table.get("id")?.as_str().map(str::to_string)
}

/// The check of a deck whose file cannot be read.
fn unreadable(name: &str, error: &Error) -> DeckCheck {
    DeckCheck {
        file: name.to_string(),
        deck: None,
        cards: 0,
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            code: "unreadable",
            file: name.to_string(),
            line: 1,
            column: 1,
            card: None,
            message: error.to_string(),
            help: None,
        }],
    }
}
