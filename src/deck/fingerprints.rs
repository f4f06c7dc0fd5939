//! `quiz check --update-fingerprints`: rewrites the `checked` fingerprints of
//! a deck's citations and nothing else, comments and layout kept (toml_edit).

use toml_edit::{DocumentMut, Item, Table, Value};

use super::Notes;

/// What updating a deck's fingerprints changed.
#[derive(Debug, Default, PartialEq)]
pub struct Updated {
    /// The deck's new text.
    pub text: String,
    /// The cards whose fingerprint was written or changed.
    pub changed: Vec<String>,
    /// Asked-for cards the deck has.
    pub found: Vec<String>,
    /// Asked-for cards that cite no section of the notes, with the reason.
    pub skipped: Vec<(String, &'static str)>,
}

/// Why a deck's fingerprints cannot be updated.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// The file is not TOML (the message says where).
    NotToml(String),
}

/// Sets `checked` to the current fingerprint of its section in every card's
/// citation (only the cards in `only`, when it is not empty). Cards citing a
/// section the notes lack are left alone.
pub fn update(text: &str, notes: &Notes, only: &[String]) -> Result<Updated, Refusal> {
    let mut document: DocumentMut = text.parse().map_err(|error: toml_edit::TomlError| {
        Refusal::NotToml(error.to_string().lines().next().unwrap_or_default().to_string())
    })?;
    let mut updated = Updated::default();
    if let Some(cards) = document.get_mut("card").and_then(Item::as_array_of_tables_mut) {
        for card in cards.iter_mut() {
            let Some(id) = card.get("id").and_then(Item::as_str).map(str::to_string) else { continue };
            if !only.is_empty() {
                if !only.contains(&id) {
                    continue;
                }
                updated.found.push(id.clone());
            }
            match refresh(card, notes) {
                Ok(true) => updated.changed.push(id),
                Ok(false) => {}
                Err(reason) if !only.is_empty() => updated.skipped.push((id, reason)),
                Err(_) => {}
            }
        }
    }
    updated.text = document.to_string();
    Ok(updated)
}

/// Writes the fingerprint into one card's citation; whether it changed.
fn refresh(card: &mut Table, notes: &Notes) -> Result<bool, &'static str> {
    let source = card.get_mut("source").ok_or("the card has no citation")?;
    let section = source.get("section").and_then(Item::as_str).ok_or("its citation names no section")?;
    let fingerprint = notes.fingerprint(section).ok_or("the notes have no such section")?;
    if let Some(Item::Value(existing)) = source.get_mut("checked") {
        if existing.as_str() == Some(fingerprint.as_str()) {
            return Ok(false);
        }
        let decor = existing.decor().clone();
        *existing = Value::from(fingerprint);
        *existing.decor_mut() = decor;
        return Ok(true);
    }
    match source {
        Item::Value(Value::InlineTable(inline)) => {
            // `{ a = 1 }` grows to `{ a = 1, checked = "…" }`: the space
            // before the brace moves from the old last value to the new one.
            let mut value = Value::from(fingerprint);
            if let Some((_, last)) = inline.iter_mut().last() {
                let suffix = last.decor().suffix().cloned();
                last.decor_mut().set_suffix("");
                value.decor_mut().set_prefix(" ");
                value.decor_mut().set_suffix(suffix.unwrap_or_default());
            }
            inline.insert("checked", value);
        }
        Item::Table(table) => {
            table.insert("checked", Item::Value(Value::from(fingerprint)));
        }
        Item::None | Item::Value(_) | Item::ArrayOfTables(_) => return Err("its `source` is not a table"),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTES: &str = "# A\nfirst text\n# B\nsecond text\n";

    const DECK: &str = r#"format = 1   # the format
id = "t"

[[card]]
id = "a"   # keep me
kind = "truefalse"
prompt = "Q"
answer = true
source = { section = "A", quote = "first" }

[[card]]
id = "b"
kind = "truefalse"
prompt = "Q"
answer = true
source = {section="B",checked="000000000000"} # old

[[card]]
id = "c"
kind = "truefalse"
prompt = "Q"
answer = true

[card.source]
section = "B"

[[card]]
id = "d"
kind = "truefalse"
prompt = "Q"
answer = true
source = { section = "Gone" }
"#;

    #[test]
    fn writes_fingerprints_and_leaves_the_rest_byte_for_byte() {
        let notes = Notes::parse(NOTES);
        let (a, b) = (notes.fingerprint("A").unwrap(), notes.fingerprint("B").unwrap());
        let updated = update(DECK, &notes, &[]).unwrap();
        assert_eq!(updated.changed, ["a", "b", "c"]);
        let expected = DECK
            .replace(r#"quote = "first" }"#, &format!(r#"quote = "first", checked = "{a}" }}"#))
            .replace(r#"checked="000000000000"}"#, &format!(r#"checked="{b}"}}"#))
            .replace("section = \"B\"\n\n[[card]]", &format!("section = \"B\"\nchecked = \"{b}\"\n\n[[card]]"));
        assert_eq!(updated.text, expected);
        let again = update(&updated.text, &notes, &[]).unwrap();
        assert!(again.changed.is_empty(), "a second run changes nothing");
        assert_eq!(again.text, updated.text);
    }

    #[test]
    fn only_the_named_cards_change_and_the_found_ones_are_told() {
        let notes = Notes::parse(NOTES);
        let only = ["b".to_string(), "d".to_string(), "zz".to_string()];
        let updated = update(DECK, &notes, &only).unwrap();
        assert_eq!(updated.changed, ["b"]);
        assert_eq!(updated.found, ["b", "d"]);
        assert_eq!(updated.skipped, [("d".to_string(), "the notes have no such section")]);
        assert!(updated.text.contains(r#"quote = "first" }"#), "card a is untouched");
    }

    #[test]
    fn a_file_that_is_not_toml_is_refused() {
        assert!(matches!(update("id = ", &Notes::parse(NOTES), &[]), Err(Refusal::NotToml(_))));
    }
}
