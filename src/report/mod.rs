//! Reports: what `check`, `stats` and `exam` print, one file per output format.

pub mod charts;
pub mod csv;
pub mod github;
pub mod history;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod optimize;
pub mod stats;
pub mod text;

use std::collections::HashMap;

use serde::Serialize;

use crate::deck::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::session::exam::ExamResult;

/// The outcome of checking one deck file.
#[derive(Clone, Debug, Serialize)]
pub struct DeckCheck {
    /// The file as the user named it.
    pub file: String,
    /// The deck id, when it could be read.
    pub deck: Option<String>,
    /// Number of cards loaded.
    pub cards: usize,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// How much of the notes the cards cover, when asked for (`--coverage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<crate::deck::coverage::Coverage>,
}

impl DeckCheck {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.severity == severity).count()
    }

    /// Whether the deck passes: no errors, and no warnings when `strict`.
    pub fn passed(&self, strict: bool) -> bool {
        self.errors() == 0 && (!strict || self.warnings() == 0)
    }
}

/// The `--format` of an exam report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// Comma-separated values, one row per question.
    Csv,
    /// JUnit XML, for CI systems.
    Junit,
}

/// The `--format` of a check report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style diagnostics.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// JUnit XML, for CI systems.
    Junit,
    /// GitHub Actions annotations, and a summary in `$GITHUB_STEP_SUMMARY` when it is set.
    Github,
}

/// The report format from `--format` and `--json`, the same way for every
/// command that has both: `--json` alone means `json_format`, neither means
/// `text_format`, and `--json` with another `--format` is a usage error.
pub fn chosen_format<F: Copy + PartialEq>(given: Option<F>, json: bool, json_format: F, text_format: F) -> Result<F> {
    match (given, json) {
        (Some(format), true) if format != json_format => {
            Err(Error::Usage("--json asks for --format json; give one of them".to_string()))
        }
        (Some(format), _) => Ok(format),
        (None, true) => Ok(json_format),
        (None, false) => Ok(text_format),
    }
}

/// The questions of a class's sheets, in the order they first appear.
pub fn class_questions(students: &[(String, ExamResult)]) -> Vec<String> {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut cards = Vec::new();
    for (_, result) in students {
        for question in &result.results {
            if seen.insert(question.card.as_str(), ()).is_none() {
                cards.push(question.card.clone());
            }
        }
    }
    cards
}

/// The questions the fewest students got right: (card, right, answered), at most `count`.
pub fn hardest(students: &[(String, ExamResult)], count: usize) -> Vec<(String, usize, usize)> {
    let mut tally: HashMap<&str, (usize, usize)> = HashMap::new();
    for (_, result) in students {
        for question in &result.results {
            let Some(right) = question.correct else { continue };
            let entry = tally.entry(question.card.as_str()).or_default();
            entry.0 += usize::from(right);
            entry.1 += 1;
        }
    }
    let mut tally: Vec<(String, usize, usize)> =
        tally.into_iter().map(|(card, (right, total))| (card.to_string(), right, total)).collect();
    tally.sort_by(|left, right| {
        let left_share = left.1 as f64 / left.2.max(1) as f64;
        let right_share = right.1 as f64 / right.2.max(1) as f64;
        left_share.total_cmp(&right_share).then(left.0.cmp(&right.0))
    });
    tally.into_iter().filter(|(_, right, total)| right < total).take(count).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_format_agree_or_fail() {
        let choose = |given, json| chosen_format(given, json, CheckFormat::Json, CheckFormat::Text);
        assert_eq!(choose(None, false).unwrap(), CheckFormat::Text);
        assert_eq!(choose(None, true).unwrap(), CheckFormat::Json);
        assert_eq!(choose(Some(CheckFormat::Junit), false).unwrap(), CheckFormat::Junit);
        assert_eq!(choose(Some(CheckFormat::Json), true).unwrap(), CheckFormat::Json);
        assert!(choose(Some(CheckFormat::Github), true).unwrap_err().to_string().contains("--json asks for"));
    }
}
