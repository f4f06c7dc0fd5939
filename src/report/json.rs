//! JSON reports, through the sanitising formatter: no control, bidi or
//! zero-width character is written raw, and parsing gives the exact text.

use serde::Serialize;

use super::DeckCheck;

#[derive(Serialize)]
struct CheckDocument<'a> {
    ok: bool,
    strict: bool,
    errors: usize,
    warnings: usize,
    decks: Vec<DeckEntry<'a>>,
}

#[derive(Serialize)]
struct DeckEntry<'a> {
    #[serde(flatten)]
    check: &'a DeckCheck,
    ok: bool,
    errors: usize,
    warnings: usize,
}

/// The whole `quiz check --format json` report.
pub fn check(checks: &[DeckCheck], strict: bool) -> String {
    let document = CheckDocument {
        ok: checks.iter().all(|check| check.passed(strict)),
        strict,
        errors: checks.iter().map(DeckCheck::errors).sum(),
        warnings: checks.iter().map(DeckCheck::warnings).sum(),
        decks: checks
            .iter()
            .map(|check| DeckEntry {
                check,
                ok: check.passed(strict),
                errors: check.errors(),
                warnings: check.warnings(),
            })
            .collect(),
    };
    pretty(&document)
}

/// Serialises a value as pretty JSON, with a final newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    crate::text::sanitize::json_pretty(value)
}

/// `quiz exam --format json`: `{ deck, seed, score, total, correct, passed, results: [...] }`.
pub fn exam(result: &crate::session::exam::ExamResult) -> String {
    pretty(result)
}
