//! `quiz check`: validate decks and their notes.

use crate::cli::CheckArgs;
use std::path::Path;

use crate::deck::coverage::Coverage;
use crate::deck::{self, fingerprints, DeckFile, Diagnostic, Notes, Severity};
use crate::error::{Error, Result};
use crate::output::print;
use crate::report::{self, CheckFormat, DeckCheck};
use crate::settings::App;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Checks every named deck (every available deck when none is named) and prints the report.
pub fn run(app: &App, args: &CheckArgs) -> Result<Outcome> {
    let format = report::chosen_format(args.format, app.json, CheckFormat::Json, CheckFormat::Text)?;
    let user_decks = app.user_decks();
    let named: Vec<&String> = args.decks.iter().chain(app.deck.iter()).collect();
    if args.update_fingerprints {
        update_fingerprints(&named, user_decks.as_deref(), &args.cards)?;
    }
    let mut checks = Vec::new();
    if named.is_empty() {
        // Every deck: one unreadable file in the decks folder fails its own check, not everyone's.
        for (id, origin) in deck::available(user_decks.as_deref()) {
            match deck::read_listed(&id, &origin) {
                Ok(file) => checks.push(check_file(&file, args)),
                Err(error) => {
                    let name = origin.path().map_or(id, |path| path.display().to_string());
                    checks.push(unreadable(&name, &error));
                }
            }
        }
    } else {
        for name in named {
            checks.push(check_file(&deck::find(name, user_decks.as_deref())?, args));
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

fn check_file(file: &DeckFile, args: &CheckArgs) -> DeckCheck {
    let loaded = crate::check::check(file);
    let mut diagnostics = loaded.diagnostics;
    type Measure = fn(&Coverage) -> (f64, usize, usize);
    let minimums: [(Option<f64>, &str, &str, Measure); 2] = [
        (args.min_coverage, "--min-coverage", "sections", |coverage| {
            (coverage.section_ratio, coverage.sections_covered, coverage.sections_total)
        }),
        (args.min_paragraph_coverage, "--min-paragraph-coverage", "paragraphs", |coverage| {
            (coverage.paragraph_ratio, coverage.paragraphs_covered, coverage.paragraphs_total)
        }),
    ];
    for (minimum, option, what, measure) in minimums {
        let Some(minimum) = minimum else { continue };
        let problem = match &loaded.coverage {
            None => Some(format!("{option} needs the deck's notes, and they could not be read (see `source`)")),
            Some(coverage) => {
                let (ratio, part, whole) = measure(coverage);
                (ratio < minimum).then(|| {
                    format!(
                        "the cards cover {part} of {whole} {what} of the notes ({}), below {option} {minimum}",
                        deck::coverage::percent(ratio)
                    )
                })
            }
        };
        if let Some(message) = problem {
            diagnostics.push(file_problem(&file.display_name, "coverage", message, Some(coverage_help(what))));
        }
    }
    let wants_coverage = args.coverage || args.min_coverage.is_some() || args.min_paragraph_coverage.is_some();
    DeckCheck {
        file: file.display_name.clone(),
        // A deck with errors still names itself when its `id` can be read.
        deck: loaded.deck.as_ref().map(|deck| deck.id.0.clone()).or_else(|| header_id(&file.text)),
        cards: loaded.card_count,
        diagnostics,
        coverage: if wants_coverage { loaded.coverage } else { None },
    }
}

fn coverage_help(what: &str) -> String {
    format!("`quiz check --coverage` lists the {what} no card covers yet")
}

/// `--update-fingerprints`: every named deck's citations get their section's
/// current fingerprint. Every deck is worked out before any is written, so a
/// `--card` that no deck has changes nothing.
fn update_fingerprints(names: &[&String], user_decks: Option<&Path>, cards: &[String]) -> Result<()> {
    if names.is_empty() {
        return Err(Error::Usage(
            "--update-fingerprints rewrites deck files: name them, e.g. `quiz check --update-fingerprints decks/NAME.toml`"
                .to_string(),
        ));
    }
    let mut writes = Vec::new();
    let mut unknown: Vec<&String> = cards.iter().collect();
    for name in names {
        let file = deck::find(name, user_decks)?;
        let Some(path) = file.origin.path() else {
            return Err(Error::Usage(format!(
                "{} is built into quiz and cannot be rewritten; run this on the deck's file in its repository",
                file.display_name
            )));
        };
        let bad = |message: String| Error::BadFile { path: file.display_name.clone(), message };
        let source = header_string(&file.text, "source")
            .ok_or_else(|| bad("the deck names no notes file (`source`), so it has no fingerprints".to_string()))?;
        let notes = Notes::load(&file.origin, &source).ok_or_else(|| {
            bad(format!("cannot read its notes `{source}`; `quiz check {}` says why", file.display_name))
        })?;
        let updated = fingerprints::update(&file.text, &notes, cards).map_err(|refusal| match refusal {
            fingerprints::Refusal::NotToml(why) => bad(format!("is not valid TOML ({why}); fix it first")),
        })?;
        for (card, reason) in &updated.skipped {
            crate::talk!("{}: card `{}` not updated: {reason}", file.display_name, terminal_line(card));
        }
        unknown.retain(|wanted| !updated.found.contains(wanted));
        writes.push((path.to_path_buf(), file.display_name.clone(), updated));
    }
    if let Some(card) = unknown.first() {
        return Err(Error::Usage(format!(
            "no named deck has a card `{}`; nothing was written (`quiz cards` lists a deck's ids)",
            terminal_line(card)
        )));
    }
    for (path, display_name, updated) in writes {
        if !updated.changed.is_empty() {
            crate::fsio::write_atomic(&path, updated.text.as_bytes())?;
        }
        crate::talk!(
            "{display_name}: {} fingerprint(s) updated{}",
            updated.changed.len(),
            if updated.changed.is_empty() { String::new() } else { format!(": {}", listing(&updated.changed)) }
        );
    }
    Ok(())
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
    header_string(text, "id")
}

/// A top-level string of a deck's text, when the file is TOML.
fn header_string(text: &str, key: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    table.get(key)?.as_str().map(str::to_string)
}

/// Card ids for a message: the first ten, then a count.
fn listing(ids: &[String]) -> String {
    let shown: Vec<String> = ids.iter().take(10).map(|id| format!("`{}`", terminal_line(id))).collect();
    match ids.len() {
        0..=10 => shown.join(", "),
        more => format!("{} and {} more", shown.join(", "), more - 10),
    }
}

/// A problem with the deck as a whole, reported at its first line.
fn file_problem(file: &str, code: &'static str, message: String, help: Option<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code,
        file: file.to_string(),
        line: 1,
        column: 1,
        card: None,
        message,
        help,
        note: None,
    }
}

/// The check of a deck whose file cannot be read.
fn unreadable(name: &str, error: &Error) -> DeckCheck {
    DeckCheck {
        file: name.to_string(),
        deck: None,
        cards: 0,
        diagnostics: vec![file_problem(name, "unreadable", error.to_string(), None)],
        coverage: None,
    }
}
