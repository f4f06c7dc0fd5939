//! Typed access to a deck's TOML fields: each reader reports a missing or
//! mistyped field (with its position) and returns what it could read.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::{shown, Context, Value};
use crate::text::{closest, is_forbidden};

impl Context<'_> {
    /// Reports keys of `table` that are not in `allowed`, suggesting the closest.
    pub(super) fn check_keys(
        &mut self,
        table: &DeTable<'_>,
        allowed: &[&str],
        what: &str,
        card: Option<&str>,
        other: &[&str],
    ) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let message = if other.contains(&name) {
                format!("field `{}` does not belong in {what}", shown(name))
            } else {
                format!("unknown field `{}` in {what}", shown(name))
            };
            let help = match closest(name, allowed.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("expected one of: {}", allowed.join(", ")),
            };
            self.error_with_help("unknown-field", key.span(), card, message, help);
        }
    }

    pub(super) fn missing(&mut self, span: Range<usize>, card: Option<&str>, field: &str, what: &str) {
        self.error("missing-field", span, card, format!("{what} has no `{field}`, which is required"));
    }

    pub(super) fn wrong_type(&mut self, value: &Value<'_>, card: Option<&str>, field: &str, expected: &str) {
        let found = value.get_ref().type_str();
        self.error("wrong-type", value.span(), card, format!("`{field}` must be {expected}, not {found}"));
    }

    /// A text field: type-checked and screened for control characters.
    pub(super) fn text(
        &mut self,
        table: &DeTable<'_>,
        field: &str,
        card: Option<&str>,
    ) -> Option<(String, Range<usize>)> {
        let value = table.get(field)?;
        match value.get_ref() {
            DeValue::String(text) => {
                self.screen(text, value.span(), card, field);
                Some((text.to_string(), value.span()))
            }
            _ => {
                self.wrong_type(value, card, field, "a string");
                None
            }
        }
    }

    /// A required, non-empty text field.
    pub(super) fn required_text(
        &mut self,
        table: &DeTable<'_>,
        table_span: Range<usize>,
        field: &str,
        card: Option<&str>,
        what: &str,
    ) -> Option<(String, Range<usize>)> {
        if !table.contains_key(field) {
            self.missing(table_span, card, field, what);
            return None;
        }
        let (text, span) = self.text(table, field, card)?;
        if text.trim().is_empty() {
            self.error("empty", span, card, format!("`{field}` is empty"));
            return None;
        }
        Some((text, span))
    }

    pub(super) fn text_list(
        &mut self,
        table: &DeTable<'_>,
        field: &str,
        card: Option<&str>,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let value = table.get(field)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, card, field, "a list of strings");
            return None;
        };
        let mut texts = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) => {
                    self.screen(text, item.span(), card, field);
                    if text.trim().is_empty() {
                        self.error("empty", item.span(), card, format!("`{field}` has an empty entry"));
                    }
                    texts.push((text.to_string(), item.span()));
                }
                _ => self.wrong_type(item, card, &format!("every entry of `{field}`"), "a string"),
            }
        }
        Some(texts)
    }

    pub(super) fn boolean(&mut self, table: &DeTable<'_>, field: &str, card: Option<&str>) -> Option<bool> {
        let value = table.get(field)?;
        match value.get_ref().as_bool() {
            Some(flag) => Some(flag),
            None => {
                self.wrong_type(value, card, field, "true or false");
                None
            }
        }
    }

    pub(super) fn number(
        &mut self,
        table: &DeTable<'_>,
        field: &str,
        card: Option<&str>,
    ) -> Option<(f64, Range<usize>)> {
        let value = table.get(field)?;
        match number_of(value.get_ref()) {
            Some(number) => Some((number, value.span())),
            None => {
                self.wrong_type(value, card, field, "a number");
                None
            }
        }
    }

    pub(super) fn table<'a, 'i>(
        &mut self,
        parent: &'a DeTable<'i>,
        field: &str,
        card: Option<&str>,
    ) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        let value = parent.get(field)?;
        match value.get_ref() {
            DeValue::Table(table) => Some((table, value.span())),
            _ => {
                self.wrong_type(value, card, field, "a table");
                None
            }
        }
    }

    /// Rejects control characters (terminal escapes) and bidirectional overrides.
    pub(super) fn screen(&mut self, text: &str, span: Range<usize>, card: Option<&str>, field: &str) {
        let suspicious = |byte: &u8| *byte < 0x20 && *byte != b'\n' && *byte != b'\t' || *byte == 0x7f || *byte >= 0x80;
        if !text.as_bytes().iter().any(suspicious) {
            return; // the common case: plain printable ASCII
        }
        if let Some(bad) = text.chars().find(|character| is_forbidden(*character)) {
            self.error_with_help(
                "control-character",
                span,
                card,
                format!("`{field}` contains the control character U+{:04X}", bad as u32),
                "decks are shown in terminals: remove escape sequences and control characters".to_string(),
            );
        }
    }
}

pub(super) fn number_of(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(integer) => {
            let digits = integer.as_str().replace('_', "");
            i64::from_str_radix(
                digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b"),
                integer.radix(),
            )
            .ok()
            .map(|value| value as f64)
        }
        DeValue::Float(float) => float.as_str().replace('_', "").parse::<f64>().ok().filter(|value| value.is_finite()),
        _ => None,
    }
}
