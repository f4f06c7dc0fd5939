//! `quiz new ID --from NOTES`: a starter deck with one commented example
//! card per section of the notes, its citation filled in (section, a quote
//! from the section's first paragraph, the section's fingerprint).

use std::fmt::Write;

use super::{fold_for_quotes, Notes};
use crate::text::sanitize::toml_string;

/// Words of a section's first sentence quoted in its example card.
const QUOTE_WORDS: usize = 12;

/// The text of a starter deck `id` citing `notes`, which the deck names as
/// `notes_relative` (a path relative to the deck file).
pub fn starter(id: &str, notes_relative: &str, notes: &Notes) -> String {
    let title = notes.sections().iter().find(|section| section.level == 1).map_or(id, |section| &section.title);
    let mut out = String::new();
    let _ = writeln!(out, "# A starter deck for {}, written by `quiz new`.", toml_string(notes_relative));
    out.push_str(
        "# Each section of the notes has one example card below, commented out. To use one, remove the\n\
         # \"# \" before its lines, write the question and the answer (and change `kind` if another suits:\n\
         # flashcard, short, numeric, choice, multi, truefalse, cloze, order), then run `quiz check` on\n\
         # this file. The format is described in docs/deck-format.md (and `quiz man`).\n",
    );
    let _ = writeln!(out, "format = {}", super::FORMAT_VERSION);
    let _ = writeln!(out, "id = {}", toml_string(id));
    let _ = writeln!(out, "title = {}", toml_string(title));
    let _ = writeln!(out, "source = {}", toml_string(notes_relative));
    let mut used: Vec<String> = Vec::new();
    for (index, section) in notes.sections().iter().enumerate() {
        let card_id = unique(slug(&section.title, id), &mut used);
        let quote = first_words(notes, index);
        let fingerprint = super::fingerprint_of(notes.folded_body(index));
        let _ = writeln!(out, "\n# Section {} (line {})", toml_string(&section.title), section.line);
        let _ = writeln!(out, "# [[card]]");
        let _ = writeln!(out, "# id = {}", toml_string(&card_id));
        let _ = writeln!(out, "# kind = \"short\"");
        let _ = writeln!(out, "# prompt = \"TODO: a question this section answers\"");
        let _ = writeln!(out, "# answer = \"TODO\"");
        let quote = quote.map(|quote| format!(", quote = {}", toml_string(&quote))).unwrap_or_default();
        let _ = writeln!(
            out,
            "# source = {{ section = {}{quote}, checked = {} }}",
            toml_string(&section.title),
            toml_string(&fingerprint)
        );
    }
    out
}

/// The first words of the section's own first paragraph, as they appear in
/// its folded text (so the quote is found), without a list or quote marker.
fn first_words(notes: &Notes, section: usize) -> Option<String> {
    let block = notes.blocks().iter().find(|block| block.section == Some(section))?;
    let folded = fold_for_quotes(notes.block_text(block));
    let words: Vec<&str> =
        folded.split(' ').skip_while(|word| !word.chars().any(char::is_alphanumeric)).take(QUOTE_WORDS).collect();
    // A sentence ends the quote when it ends early.
    let end = words.iter().position(|word| word.ends_with(['.', '!', '?'])).map_or(words.len(), |end| end + 1);
    let quote = words[..end].join(" ");
    let quote = quote.trim_end_matches(['.', ',', ';', ':']).to_string();
    (!quote.is_empty() && notes.folded_body(section).contains(&quote)).then_some(quote)
}

/// A card id made of a section title: lowercase ASCII letters and digits
/// joined by `-` (the deck id when the title has none).
fn slug(title: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for character in title.chars().flat_map(char::to_lowercase) {
        if character.is_ascii_alphanumeric() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

/// `id`, or `id-2`, `id-3`… when it is taken.
fn unique(id: String, used: &mut Vec<String>) -> String {
    let mut candidate = id.clone();
    let mut number = 2;
    while used.contains(&candidate) {
        candidate = format!("{id}-{number}");
        number += 1;
    }
    used.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::is_valid_id;

    #[test]
    fn one_commented_card_per_section_with_its_citation() {
        let notes = Notes::parse("# Guide\n\n## Loops\n\n- The **loop** runs one callback at a time. Then more.\n\n## Loops\n\n## 한국어\n\ntext\n");
        let deck = starter("guide", "guide.md", &notes);
        assert!(deck.contains("id = \"guide\"\ntitle = \"Guide\"\nsource = \"guide.md\"\n"), "{deck}");
        let ids: Vec<&str> = deck.lines().filter_map(|line| line.strip_prefix("# id = ")).collect();
        assert_eq!(ids, ["\"guide\"", "\"loops\"", "\"loops-2\"", "\"guide-2\""]);
        assert!(deck.contains(&format!(
            "# source = {{ section = \"Loops\", quote = \"The loop runs one callback at a time\", checked = \"{}\" }}",
            notes.fingerprint("Loops").unwrap()
        )));
        assert!(deck.contains("# source = { section = \"Guide\", checked = "), "no paragraph of its own: no quote");
        let parsed: toml::Table = toml::from_str(&deck).unwrap();
        assert!(parsed.get("card").is_none(), "the examples are comments");
    }

    #[test]
    fn slugs_are_valid_ids() {
        for title in ["async and await", "Generator expressions and send()", "---", "PEP 492: async/await", "가나"] {
            assert!(is_valid_id(&slug(title, "deck")), "{title}");
        }
        assert_eq!(slug("Generator expressions and send()", "d"), "generator-expressions-and-send");
    }
}
