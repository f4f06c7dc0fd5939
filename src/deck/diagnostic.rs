//! Problems found in a deck, located like a compiler's diagnostics.

use serde::Serialize;

use super::Position;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The deck can still be used; `--strict` turns warnings into failures.
    Warning,
    /// The deck (or this card) cannot be used as written.
    Error,
}

/// One problem in a deck file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case name for the class of problem (`unknown-field`).
    pub code: &'static str,
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The card the problem belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// More about what is wrong (what changed in a stale source).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Diagnostic {
    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Maps byte offsets in a text to 1-based lines and character columns.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(offset, _)| offset + 1));
        LineIndex { line_starts }
    }

    /// The position of byte `offset` in `text` (clamped to the text).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|start| *start <= offset).max(1);
        let line_start = self.line_starts[line - 1];
        let column = text.get(line_start..offset).map(|prefix| prefix.chars().count()).unwrap_or(0) + 1;
        Position { line, column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\n가나다x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        // `x` follows three three-byte Hangul syllables: byte 12, column 4.
        assert_eq!(index.position(text, 12), Position { line: 2, column: 4 });
        assert_eq!(index.position(text, 999), Position { line: 3, column: 1 });
    }
}
