//! Whether an imported card will load: the loader's rules (and `quiz
//! check`'s distinct choices), checked before a card is kept, so a question
//! that cannot become a card is reported and skipped instead of failing the
//! whole import when the deck is written and read back.

use std::collections::HashSet;

use crate::deck::{self, parse_cloze, write_cloze, Answer, Card, CardText, Deck, DeckFile, DeckId, Origin};
use crate::text::{is_forbidden, normalize};

/// Why `text` (with `tags`) would not load as a card, if it would not.
pub(in crate::import) fn check(text: &CardText, tags: &[String]) -> Result<(), String> {
    if text.prompt.trim().is_empty() {
        return Err("it has no question text".to_string());
    }
    let mut fields: Vec<&str> = vec![&text.prompt];
    fields.extend(text.explanation.as_deref());
    fields.extend(tags.iter().map(String::as_str));
    match &text.answer {
        Answer::Flashcard { back } => {
            nonempty(back, "the answer")?;
            fields.push(back);
        }
        Answer::Choice { choices, correct, accept } => {
            distinct(choices, "choice")?;
            if *correct >= choices.len() {
                return Err("no choice is marked right".to_string());
            }
            fields.extend(choices.iter().chain(accept).map(String::as_str));
        }
        Answer::Multi { choices, correct } => {
            distinct(choices, "choice")?;
            if correct.is_empty() || correct.iter().any(|index| *index >= choices.len()) {
                return Err("no choice is marked right".to_string());
            }
            fields.extend(choices.iter().map(String::as_str));
        }
        Answer::TrueFalse { .. } => {}
        Answer::Short { answer, accept } => {
            nonempty(answer, "the answer")?;
            fields.push(answer);
            fields.extend(accept.iter().map(String::as_str));
        }
        Answer::Numeric { answer, tolerance, range } => {
            let finite = answer.is_none_or(f64::is_finite)
                && tolerance.is_finite()
                && range.is_none_or(|(low, high)| low.is_finite() && high.is_finite());
            if !finite || (answer.is_none() && range.is_none()) {
                return Err("the answer is not a number".to_string());
            }
            if *tolerance < 0.0 {
                return Err("the tolerance is negative".to_string());
            }
            if range.is_some_and(|(low, high)| low > high) {
                return Err("the range runs backwards; write the low bound first".to_string());
            }
        }
        Answer::Cloze { pieces, gaps } => {
            let written = write_cloze(pieces, gaps);
            if parse_cloze(&written).ok().as_ref() != Some(&(pieces.clone(), gaps.clone())) {
                return Err("the text or the gap holds `{{`, `}}` or `|`, which a cloze card cannot".to_string());
            }
        }
        Answer::Order { items } => {
            distinct(items, "item")?;
            fields.extend(items.iter().map(String::as_str));
        }
    }
    if let Some(bad) = fields.iter().flat_map(|field| field.chars()).find(|character| is_forbidden(*character)) {
        return Err(format!("the text holds the control character U+{:04X}", bad as u32));
    }
    loads(text, tags)
}

fn nonempty(text: &str, what: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        Err(format!("{what} is empty"))
    } else {
        Ok(())
    }
}

/// Two or more entries, none empty, none the same as another once normalised.
fn distinct(entries: &[String], what: &str) -> Result<(), String> {
    if entries.len() < 2 {
        return Err(format!("it needs two {what}s or more, and has {}", entries.len()));
    }
    let mut seen = HashSet::with_capacity(entries.len());
    for entry in entries {
        nonempty(entry, &format!("a {what}"))?;
        if !seen.insert(normalize(entry)) {
            return Err(format!("the {what} `{entry}` appears twice"));
        }
    }
    Ok(())
}

/// The last word: the card written as TOML and read back without errors.
fn loads(text: &CardText, tags: &[String]) -> Result<(), String> {
    let mut card = Card::new("card", text.clone());
    card.tags = tags.to_vec();
    let deck = Deck {
        id: DeckId("import".to_string()),
        title: "import".to_string(),
        description: String::new(),
        version: String::new(),
        languages: Vec::new(),
        source: None,
        scheduling: Default::default(),
        grading: Default::default(),
        cards: vec![card],
    };
    let file =
        DeckFile { display_name: "import".to_string(), origin: Origin::Bundled, text: deck::write::to_toml(&deck) };
    let loaded = deck::load(&file);
    match loaded.diagnostics.iter().find(|diagnostic| diagnostic.is_error()) {
        Some(diagnostic) => Err(format!("the card would not load: {}", diagnostic.message)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{ClozePiece, Gap};

    fn text(answer: Answer) -> CardText {
        CardText { prompt: "Which one?".into(), answer, explanation: None, reject: Vec::new() }
    }

    #[test]
    fn cards_the_loader_would_refuse_are_named() {
        let choice = |choices: &[&str]| Answer::Choice {
            choices: choices.iter().map(|choice| choice.to_string()).collect(),
            correct: 0,
            accept: vec![],
        };
        assert_eq!(check(&text(choice(&["a", "b"])), &[]), Ok(()));
        assert!(check(&text(choice(&["a"])), &[]).unwrap_err().contains("two choices"));
        assert!(check(&text(choice(&["Tulip", "tulip."])), &[]).unwrap_err().contains("twice"));
        assert!(check(&text(choice(&["a", "b\u{1b}[31m"])), &[]).unwrap_err().contains("U+001B"));
        let cloze = Answer::Cloze {
            pieces: vec![ClozePiece::Text("a {{ b ".into()), ClozePiece::Gap(0)],
            gaps: vec![Gap { answer: "x".into(), accept: vec![] }],
        };
        assert!(check(&text(cloze), &[]).unwrap_err().contains("`{{`"));
        let range = Answer::Numeric { answer: None, tolerance: 0.0, range: Some((5.0, 1.0)) };
        assert!(check(&text(range), &[]).unwrap_err().contains("backwards"));
        let mut empty = text(Answer::TrueFalse { correct: true });
        empty.prompt = " ".into();
        assert!(check(&empty, &[]).is_err());
        assert!(check(&text(Answer::TrueFalse { correct: true }), &["".to_string()]).is_err());
    }
}
