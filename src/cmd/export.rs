//! `quiz export --reviews FILE.csv`: the review log in the columns FSRS tools read.

use serde_json::json;

use crate::cli::ExportArgs;
use crate::error::{Error, Result};
use crate::fsio::write_atomic;
use crate::output::{print, print_json};
use crate::report;
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
    let opened = app.open_deck()?;
    let reviews = match app.existing_store()? {
        Some(store) => store.reviews(Some(&opened.deck.id))?,
        None => Vec::new(),
    };
    let memory: Vec<_> = reviews.iter().filter(|review| review.kind.moves_schedule()).collect();
    let csv = report::csv::reviews(&memory);
    if to_stdout {
        print(&csv)?;
        return Ok(Outcome::Success);
    }
    write_atomic(&args.reviews, csv.as_bytes())?;
    talk!("Wrote {} review(s) to {}.", memory.len(), terminal_line(&args.reviews.display().to_string()));
    if app.json {
        print_json(&json!({ "deck": opened.deck.id, "reviews": memory.len(), "path": args.reviews }))?;
    }
    Ok(Outcome::Success)
}
