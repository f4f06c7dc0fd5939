//! Answer sheets: the TOML files students hand in.
//!
//! ```toml
//! [answers]
//! "asyncio-stdlib-version" = "3.4"
//! "pep-492-facts" = ["a", "c"]
//! ```

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use super::exam::SheetAnswer;
use crate::deck::LineIndex;
use crate::error::Error;

/// A parsed sheet: answers by card id, and where each stands in the file.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// The file, as named.
    pub path: String,
    /// Answers by card id.
    pub answers: BTreeMap<String, SheetAnswer>,
    /// Line and column of each answer's key.
    pub positions: BTreeMap<String, (usize, usize)>,
}

impl Sheet {
    /// Parses a sheet, naming the line of the first problem.
    pub fn parse(path: &str, text: &str) -> Result<Sheet, Error> {
        let lines = LineIndex::new(text);
        let bad = |offset: usize, message: String| {
            let position = lines.position(text, offset);
            Error::BadInput { path: path.to_string(), line: position.line, column: position.column, message }
        };
        let root = DeTable::parse(text)
            .map_err(|error| bad(error.span().map_or(0, |span| span.start), error.message().trim().to_string()))?;
        let root = root.get_ref();
        for key in root.keys() {
            if key.get_ref() != "answers" {
                return Err(bad(
                    key.span().start,
                    format!("unknown table `{}`; a sheet has one `[answers]` table", key.get_ref()),
                ));
            }
        }
        let Some(answers) = root.get("answers") else {
            return Err(bad(0, "the sheet has no `[answers]` table".to_string()));
        };
        let DeValue::Table(table) = answers.get_ref() else {
            return Err(bad(answers.span().start, "`answers` must be a table of card id = answer".to_string()));
        };
        let mut sheet = Sheet { path: path.to_string(), ..Sheet::default() };
        for (key, value) in table.iter() {
            let id = key.get_ref().to_string();
            let answer = match value.get_ref() {
                DeValue::Array(items) => {
                    let mut texts = Vec::with_capacity(items.len());
                    for item in items.iter() {
                        texts.push(scalar_text(item.get_ref()).ok_or_else(|| {
                            bad(item.span().start, format!("answers to `{id}` must be strings or numbers"))
                        })?);
                    }
                    SheetAnswer::Many(texts)
                }
                other => SheetAnswer::One(scalar_text(other).ok_or_else(|| {
                    bad(value.span().start, format!("the answer to `{id}` must be a string, number, boolean or list"))
                })?),
            };
            let position = lines.position(text, key.span().start);
            sheet.positions.insert(id.clone(), (position.line, position.column));
            sheet.answers.insert(id, answer);
        }
        Ok(sheet)
    }

    /// An error located at the answer for `card`.
    pub fn error_at(&self, card: &str, message: String) -> Error {
        let (line, column) = self.positions.get(card).copied().unwrap_or((1, 1));
        Error::BadInput { path: self.path.clone(), line, column, message }
    }
}

fn scalar_text(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(text) => Some(text.to_string()),
        DeValue::Integer(integer) => Some(integer.as_str().to_string()),
        DeValue::Float(float) => Some(float.as_str().to_string()),
        DeValue::Boolean(flag) => Some(flag.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_answers_and_positions() {
        let sheet = Sheet::parse("s.toml", "[answers]\n\"a\" = \"3.4\"\nb = [\"x\", 2]\nc = 2009\n").unwrap();
        assert_eq!(sheet.answers["a"], SheetAnswer::One("3.4".into()));
        assert_eq!(sheet.answers["b"], SheetAnswer::Many(vec!["x".into(), "2".into()]));
        assert_eq!(sheet.answers["c"], SheetAnswer::One("2009".into()));
        assert_eq!(sheet.positions["b"], (3, 1));
    }

    #[test]
    fn malformed_sheets_name_the_line() {
        let error = Sheet::parse("s.toml", "[answers]\na = \"x\"\nb = { c = 1 }\n").unwrap_err().to_string();
        assert!(error.starts_with("s.toml:3:"), "{error}");
        let error = Sheet::parse("s.toml", "[answers]\na = \n").unwrap_err().to_string();
        assert!(error.starts_with("s.toml:2:"), "{error}");
        let error = Sheet::parse("s.toml", "[answer]\na = 1\n").unwrap_err().to_string();
        assert!(error.contains("unknown table `answer`"), "{error}");
    }
}
