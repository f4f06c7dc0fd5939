//! CSV output, written with the `csv` crate (quoting per RFC 4180); every
//! field passes [`csv_field`], which defuses spreadsheet formulas and shows
//! control characters visibly.

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

/// `quiz export --reviews`: `card_id,review_time,review_rating,review_duration`.
pub fn reviews(reviews: &[&LoggedReview]) -> String {
    let header = ["card_id", "review_time", "review_rating", "review_duration"].map(String::from).to_vec();
    let rows = reviews.iter().map(|review| {
        vec![
            review.card.0.clone(),
            review.time.0.to_rfc3339_opts(chrono::SecondsFormat::Micros, false),
            review.rating.number().to_string(),
            review.duration_ms.to_string(),
        ]
    });
    write(std::iter::once(header).chain(rows))
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
