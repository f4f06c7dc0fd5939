//! `quiz export --reviews FILE.csv`: the review log in the columns FSRS tools read.

use std::io::Write;

use crate::error::Error;
use crate::{App, Outcome, Result};

/// Writes `card_id,review_time,review_rating,review_duration` rows (drill and exam
/// answers left out: they are not memory reviews).
pub fn run(app: &App, args: &crate::cli::ExportArgs) -> Result<Outcome> {
    let deck = app.open_deck()?;
    let store = app.open_store()?;
    let reviews = store.reviews(Some(&deck.id))?;
    let mut csv = String::from("card_id,review_time,review_rating,review_duration\n");
    let mut count = 0;
    for review in reviews.iter().filter(|review| review.kind.counts_for_memory()) {
        csv.push_str(&crate::report::csv::field(&review.card.0));
        csv.push(',');
        csv.push_str(&review.time.0.to_rfc3339_opts(chrono::SecondsFormat::Micros, false));
        csv.push_str(&format!(",{},{}\n", review.rating as u8, review.duration_ms));
        count += 1;
    }
    if args.reviews.as_os_str() == "-" {
        std::io::stdout().write_all(csv.as_bytes()).map_err(|error| Error::io("write", "stdout", error))?;
    } else {
        crate::fsio::write_atomic(&args.reviews, csv.as_bytes())?;
        eprintln!("Wrote {count} review(s) to {}.", args.reviews.display());
    }
    Ok(Outcome::Success)
}
