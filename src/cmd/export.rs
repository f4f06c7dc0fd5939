//! `quiz export --format F --out FILE`: the deck for another tool; and
//! `quiz export --reviews FILE.csv`: the review log in the columns FSRS tools read.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::cli::ExportArgs;
use crate::clock::Timestamp;
use crate::deck::{CardId, Deck};
use crate::error::{Error, Result};
use crate::export::{self, CardProgress, Format, Progress, ReviewProgress};
use crate::fsio::{write_atomic, write_atomic_with};
use crate::output::{print_json, stdout_error};
use crate::report::csv::ReviewRows;
use crate::schedule::Phase;
use crate::settings::App;
use crate::store::LoggedReview;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Runs whichever export the flags ask for (clap makes sure one is asked).
pub fn run(app: &App, args: &ExportArgs) -> Result<Outcome> {
    match (&args.reviews, args.format, &args.out) {
        (Some(reviews), _, _) => run_reviews(app, reviews),
        (None, Some(format), Some(out)) => run_deck(app, format, out, args.with_history),
        (None, _, _) => Err(Error::Usage("give --format F --out FILE, or --reviews FILE.csv".to_string())),
    }
}

/// Writes the deck's cards as `format` to `out` (`-`: stdout), atomically,
/// and says what the format could not express.
fn run_deck(app: &App, format: Format, out: &Path, with_history: bool) -> Result<Outcome> {
    let to_stdout = out.as_os_str() == "-";
    if to_stdout && !format.is_text() {
        return Err(Error::Usage(format!("{} is a binary file; give --out FILE instead of `-`", format.name())));
    }
    if to_stdout && app.json {
        return Err(Error::Usage(
            "--out - writes the deck to stdout; --json describes an export to a file instead".to_string(),
        ));
    }
    if with_history && format != Format::Apkg {
        return Err(Error::Usage(format!(
            "--with-history writes the review log into an Anki package; {} has no place for it",
            format.name()
        )));
    }
    let opened = app.open_deck()?;
    let deck = &opened.deck;
    let progress = match with_history {
        true => Some(progress(app, deck)?),
        false => None,
    };
    let exported = export::export(deck, format, progress.as_ref(), Timestamp::now().millis())?;
    if to_stdout {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&exported.bytes).and_then(|()| stdout.flush()).map_err(stdout_error)?;
    } else {
        write_atomic(out, &exported.bytes)?;
    }
    super::print_remarks(&exported.remarks, "left out");
    let shown = if to_stdout { "standard output".to_string() } else { out.display().to_string() };
    talk!(
        "Wrote {} of {} card(s) of `{}` as {} to {} ({} remark(s)).",
        exported.cards,
        deck.cards.len(),
        deck.id,
        format.name(),
        terminal_line(&shown),
        exported.remarks.len()
    );
    if app.json {
        print_json(&json!({
            "deck": deck.id,
            "format": format.name(),
            "path": out,
            "cards": exported.cards,
            "deck_cards": deck.cards.len(),
            "remarks": exported.remarks,
        }))?;
    }
    Ok(Outcome::Success)
}

/// The deck's card states and memory reviews (drills left out), each review
/// with the phase before it and the due time it set.
fn progress(app: &App, deck: &Deck) -> Result<Progress> {
    let mut progress = Progress::default();
    let Some(store) = app.existing_store()? else { return Ok(progress) };
    let cards = store.cards(&deck.id)?;
    let mut logged: HashMap<CardId, Vec<LoggedReview>> = HashMap::new();
    store.for_each_review(&deck.id, |review| {
        if review.kind.moves_schedule() {
            logged.entry(review.card.clone()).or_default().push(review.clone());
        }
        Ok::<(), Error>(())
    })?;
    for (card, reviews) in logged {
        let current_due = cards.get(&card).map(|stored| stored.state.due);
        let entries = reviews
            .iter()
            .enumerate()
            .map(|(index, review)| {
                let after =
                    reviews.get(index + 1).and_then(|next| next.state_before.map(|state| state.due)).or(current_due);
                ReviewProgress {
                    time_ms: review.time.millis(),
                    rating: u8::try_from(review.rating.number()).unwrap_or(1),
                    duration_ms: review.duration_ms,
                    phase_before: review.state_before.map_or(Phase::New, |state| state.phase),
                    due_after_ms: after.unwrap_or(review.time).millis(),
                }
            })
            .collect();
        progress.reviews.insert(card, entries);
    }
    for (card, stored) in cards {
        let state = stored.state;
        progress.cards.insert(
            card,
            CardProgress {
                phase: state.phase,
                due_ms: state.due.millis(),
                last_review_ms: state.last_review.map_or(0, Timestamp::millis),
                reps: state.reps,
                lapses: state.lapses,
                suspended: stored.suspended,
            },
        );
    }
    Ok(progress)
}

/// Writes `card_id,review_time,review_rating,review_duration` rows (drills
/// left out: they are not memory reviews), to a file or to stdout (`-`).
fn run_reviews(app: &App, reviews: &Path) -> Result<Outcome> {
    let to_stdout = reviews.as_os_str() == "-";
    if to_stdout && app.json {
        return Err(Error::Usage(
            "--reviews - writes the CSV to stdout; --json describes an export to a file instead".to_string(),
        ));
    }
    let catalog = app.open_deck_catalog()?;
    let deck = &catalog.header().id;
    let store = app.existing_store()?;
    // Drills are left out: they are not memory reviews.
    let rows_of = |out: &mut dyn Write| -> std::result::Result<usize, Failure> {
        let mut rows = ReviewRows::new(out).map_err(Failure::Write)?;
        if let Some(store) = &store {
            store.for_each_review(deck, |review| match review.kind.moves_schedule() {
                true => rows.push(review).map_err(Failure::Write),
                false => Ok(()),
            })?;
        }
        let written = rows.written;
        rows.finish().and_then(|out| out.flush()).map_err(Failure::Write)?;
        Ok(written)
    };
    if to_stdout {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        rows_of(&mut stdout).map_err(|failure| failure.into_error(stdout_error))?;
        return Ok(Outcome::Success);
    }
    let mut written = 0;
    write_atomic_with(reviews, |out| {
        written = rows_of(out).map_err(|failure| failure.into_error(|error| Error::io("write", reviews, error)))?;
        Ok(())
    })?;
    talk!("Wrote {written} review(s) to {}.", terminal_line(&reviews.display().to_string()));
    if app.json {
        print_json(&json!({ "deck": deck, "reviews": written, "path": reviews }))?;
    }
    Ok(Outcome::Success)
}

/// Why writing the rows stopped: the output failed, or reading the store did.
enum Failure {
    Write(std::io::Error),
    Other(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Other(error)
    }
}

impl Failure {
    fn into_error(self, write_error: impl FnOnce(std::io::Error) -> Error) -> Error {
        match self {
            Failure::Write(error) => write_error(error),
            Failure::Other(error) => error,
        }
    }
}
