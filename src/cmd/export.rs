//! `quiz export --reviews FILE.csv`: the review log in the columns FSRS tools read.

use serde_json::json;

use crate::cli::ExportArgs;
use crate::error::{Error, Result};
use std::io::Write;

use crate::fsio::write_atomic_with;
use crate::output::{print_json, stdout_error};
use crate::report::csv::ReviewRows;
use crate::settings::App;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Writes `card_id,review_time,review_rating,review_duration` rows (drills
/// left out: they are not memory reviews), to a file or to stdout (`-`).
pub fn run(app: &App, args: &ExportArgs) -> Result<Outcome> {
    let to_stdout = args.reviews.as_os_str() == "-";
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
    write_atomic_with(&args.reviews, |out| {
        written =
            rows_of(out).map_err(|failure| failure.into_error(|error| Error::io("write", &args.reviews, error)))?;
        Ok(())
    })?;
    talk!("Wrote {written} review(s) to {}.", terminal_line(&args.reviews.display().to_string()));
    if app.json {
        print_json(&json!({ "deck": deck, "reviews": written, "path": args.reviews }))?;
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
