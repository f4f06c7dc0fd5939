//! CSV output, written with the `csv` crate (quoting per RFC 4180); every
//! field passes [`csv_field`], which defuses spreadsheet formulas and shows
//! control characters visibly.

use std::io::{self, Write};

use crate::session::exam::ExamResult;
use crate::store::LoggedReview;
use crate::text::sanitize::csv_field;

/// Rows as CSV text.
fn write<R, F>(rows: R) -> String
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for row in rows {
        // Writing to memory fails only on a flexible-width misuse, which `flexible` allows.
        let _ = writer.write_record(row.iter().map(|field| csv_field(field.as_ref()).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// `quiz export --reviews`: `card_id,review_time,review_rating,review_duration`,
/// written a row at a time (a log may hold millions).
pub struct ReviewRows<W: Write> {
    writer: csv::Writer<W>,
    /// Rows written so far, the header not counted.
    pub written: usize,
}

impl<W: Write> ReviewRows<W> {
    /// Starts the CSV on `out` with its header row.
    pub fn new(out: W) -> io::Result<Self> {
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record(["card_id", "review_time", "review_rating", "review_duration"]).map_err(io_error)?;
        Ok(ReviewRows { writer, written: 0 })
    }

    /// Writes one review's row.
    pub fn push(&mut self, review: &LoggedReview) -> io::Result<()> {
        let time = review.time.0.to_rfc3339_opts(chrono::SecondsFormat::Micros, false);
        let (rating, duration) = (review.rating.number().to_string(), review.duration_ms.to_string());
        let fields = [csv_field(&review.card.0), time.into(), rating.into(), duration.into()];
        self.writer.write_record(fields.iter().map(|field| field.as_bytes())).map_err(io_error)?;
        self.written += 1;
        Ok(())
    }

    /// Flushes the rows and hands back the writer.
    pub fn finish(self) -> io::Result<W> {
        self.writer.into_inner().map_err(|error| io::Error::new(error.error().kind(), error.error().to_string()))
    }
}

/// A `csv` error as the I/O error behind it.
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// `quiz exam --format csv`: one row per question.
pub fn exam(result: &ExamResult) -> String {
    let header = ["number", "card", "correct", "expected", "given", "tags"].map(String::from).to_vec();
    let rows = result.results.iter().enumerate().map(|(number, question)| {
        vec![
            (number + 1).to_string(),
            question.card.clone(),
            question.correct.map_or_else(|| "needs a teacher's mark".to_string(), |right| right.to_string()),
            question.expected.clone(),
            question.given.clone().unwrap_or_default(),
            question.tags.join(" "),
        ]
    });
    write(std::iter::once(header).chain(rows))
}

/// The class report: one row per student (the sheet's file name), a column per
/// question (1 right, 0 wrong), then the score.
pub fn class(students: &[(String, ExamResult)]) -> String {
    let cards = super::class_questions(students);
    let mut header = vec!["student".to_string()];
    header.extend(cards.iter().cloned());
    header.extend(["correct", "total", "score", "passed"].map(String::from));
    let rows = students.iter().map(|(student, result)| {
        let marks: std::collections::HashMap<&str, Option<bool>> =
            result.results.iter().map(|question| (question.card.as_str(), question.correct)).collect();
        let mut row = vec![student.clone()];
        row.extend(cards.iter().map(|card| match marks.get(card.as_str()) {
            Some(Some(true)) => "1".to_string(),
            Some(Some(false)) => "0".to_string(),
            Some(None) => "?".to_string(),
            None => String::new(),
        }));
        row.extend([
            result.correct.to_string(),
            result.total.to_string(),
            format!("{:.4}", result.score),
            result.passed.to_string(),
        ]);
        row
    });
    write(std::iter::once(header).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_defused() {
        let text = write([vec!["plain", "a,b", "say \"hi\"", "=HYPERLINK()", "-3", "two\nlines", "\u{9b}x"]]);
        assert_eq!(text, "plain,\"a,b\",\"say \"\"hi\"\"\",'=HYPERLINK(),-3,\"two\nlines\",\\u{9b}x\n");
    }
}
