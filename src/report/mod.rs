//! Reports: what `check`, `stats` and `exam` print, one file per output format.

pub mod csv;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod stats;
pub mod text;

use serde::Serialize;

use crate::deck::{Diagnostic, Severity};

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

/// The `--format` of a check or exam report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// Comma-separated values (exam results only).
    Csv,
    /// JUnit XML, for CI systems.
    Junit,
}
