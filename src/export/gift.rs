//! Moodle's GIFT: one question per card, on one line, titled `::card-id::`
//! so importing the file gives the same ids (and so the same progress), the
//! explanation as general feedback (`####`), tags as a `$CATEGORY:` path.
//! Every text goes through [`escape`]; what each kind becomes, and what GIFT
//! cannot hold, is in `docs/gift.md` and reported per card.

use std::collections::HashSet;
use std::fmt::Write;

use super::Exported;
use crate::deck::{format_number, Answer, Card, ClozePiece, Deck};
use crate::error::Result;
use crate::import::slug;

/// The most right choices a multi card may have: Moodle accepts weights from
/// a fixed list, which has 100/n down to 10%.
const MOST_RIGHT_CHOICES: usize = 10;

pub(super) fn export(deck: &Deck) -> Result<Exported> {
    let mut exported = Exported::default();
    let mut out = format!("// Deck `{}`, written by quiz: one question per card, titled with its id.\n\n", deck.id);
    let mut category: Vec<String> = Vec::new();
    for card in &deck.cards {
        let Some(question) = question(card, &mut exported) else { continue };
        let tags = category_of(card, &mut exported);
        if tags != category {
            let path = match tags.first().map(String::as_str) {
                None => "$course$/top".to_string(),
                // Moodle takes a first `top` for its top category, as the import does.
                Some("top") => format!("top/{}", tags.join("/")),
                Some(_) => tags.join("/"),
            };
            let _ = writeln!(out, "$CATEGORY: {path}\n");
            category = tags;
        }
        out.push_str(&question);
        out.push_str("\n\n");
        exported.cards += 1;
    }
    exported.bytes = out.into_bytes();
    Ok(exported)
}

/// `text` as GIFT text: `\ ~ = # { } :` escaped with a backslash, line breaks as `\n`.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for character in text.chars() {
        match character {
            '\\' | '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(character);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// Whether `text` starts with a `[format]` prefix GIFT would read.
fn starts_with_markup(text: &str) -> bool {
    ["[html]", "[moodle]", "[plain]", "[markdown]"].iter().any(|prefix| text.trim_start().starts_with(prefix))
}

/// An answer's or the question's text, escaped, with `[plain]` before a
/// leading `[html]` (or another format name) so it stays text.
fn text(text: &str) -> String {
    if starts_with_markup(text) {
        format!("[plain]{}", escape(text))
    } else {
        escape(text)
    }
}

/// Whether `text` starts with what GIFT reads as a weight (`%50%`), so an
/// answer that starts so needs a weight of its own in front.
fn looks_weighted(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('%') else { return false };
    let rest = rest.trim_start_matches('-');
    let digits = rest.len() - rest.trim_start_matches(|character: char| character.is_ascii_digit()).len();
    if digits == 0 {
        return false;
    }
    let rest = &rest[digits..];
    let rest = rest
        .strip_prefix('.')
        .map_or(rest, |rest| rest.trim_start_matches(|character: char| character.is_ascii_digit()));
    rest.starts_with('%')
}

/// `100/n` as a GIFT weight, as Moodle lists it (`50`, `33.33333`, `12.5`).
fn even_weight(count: usize) -> Option<String> {
    if count == 0 || count > MOST_RIGHT_CHOICES {
        return None;
    }
    let weight = format!("{:.5}", 100.0 / count as f64);
    Some(weight.trim_end_matches('0').trim_end_matches('.').to_string())
}

/// The card's tags as category names: tags are read back as slugs, so a tag
/// that is not one is written as its slug (or left out when it has none).
fn category_of(card: &Card, exported: &mut Exported) -> Vec<String> {
    let mut tags: Vec<String> = Vec::with_capacity(card.tags.len());
    let mut seen = HashSet::with_capacity(card.tags.len());
    for tag in &card.tags {
        let written = slug(tag);
        if written.is_empty() {
            exported
                .approximate(card, format!("tag `{tag}` is left out: GIFT categories are read back as ASCII slugs"));
            continue;
        }
        if written != *tag {
            exported.approximate(card, format!("tag `{tag}` is written as the category `{written}`"));
        }
        if seen.insert(written.clone()) {
            tags.push(written);
        }
    }
    tags
}

/// Whether any of the card's texts holds `<` or `&`, which Moodle's default
/// format would read as HTML.
fn needs_plain(card: &Card) -> bool {
    let text = &card.text;
    let mut texts: Vec<&str> = vec![&text.prompt];
    texts.extend(text.explanation.as_deref());
    texts.extend(text.answer.options().iter().map(String::as_str));
    let answer_texts: Vec<String> = match &text.answer {
        Answer::Flashcard { back } => vec![back.clone()],
        Answer::Short { answer, accept } => std::iter::once(answer).chain(accept).cloned().collect(),
        Answer::Cloze { pieces, gaps } => pieces
            .iter()
            .filter_map(|piece| match piece {
                ClozePiece::Text(text) => Some(text.clone()),
                ClozePiece::Gap(_) => None,
            })
            .chain(gaps.iter().flat_map(|gap| std::iter::once(&gap.answer).chain(&gap.accept).cloned()))
            .collect(),
        Answer::Choice { .. }
        | Answer::Multi { .. }
        | Answer::TrueFalse { .. }
        | Answer::Numeric { .. }
        | Answer::Order { .. } => Vec::new(),
    };
    texts.into_iter().chain(answer_texts.iter().map(String::as_str)).any(|text| text.contains(['<', '&']))
}

/// The card as one GIFT question, or `None` (with a remark) when GIFT cannot hold it.
fn question(card: &Card, exported: &mut Exported) -> Option<String> {
    let text = &card.text;
    let mut out = format!("::{}::", escape(&card.id.0));
    if slug(&card.id.0) != card.id.0 {
        exported
            .approximate(card, format!("the id reads back as `{}`: GIFT titles are read as slugs", slug(&card.id.0)));
    }
    let plain = needs_plain(card);
    let general =
        text.explanation.as_deref().map(|explanation| format!("####{}", escape(explanation))).unwrap_or_default();
    let block = match &text.answer {
        Answer::Flashcard { back } => {
            let back = match &text.explanation {
                Some(explanation) => {
                    exported
                        .approximate(card, "the explanation is written after the back: a GIFT essay has one feedback");
                    format!("{back}\n\n{explanation}")
                }
                None => back.clone(),
            };
            prompt(&mut out, &text.prompt, plain);
            format!("{{####{}}}", escape(&back))
        }
        Answer::Choice { choices, correct, accept } => {
            if !accept.is_empty() {
                exported.approximate(card, "`accept` is left out: GIFT choices have no typed spellings");
            }
            let written: Vec<String> = choices
                .iter()
                .enumerate()
                .map(|(index, choice)| match (index == *correct, looks_weighted(choice)) {
                    (true, _) => format!("={}", self::text(choice)),
                    (false, true) => format!("~%0%{}", self::text(choice)),
                    (false, false) => format!("~{}", self::text(choice)),
                })
                .collect();
            prompt(&mut out, &text.prompt, plain);
            format!("{{{}{general}}}", written.join(" "))
        }
        Answer::Multi { choices, correct } => {
            let Some(weight) = even_weight(correct.len()) else {
                exported.drop_card(
                    card,
                    format!(
                        "Moodle's weights cannot split a mark {} ways (at most {MOST_RIGHT_CHOICES})",
                        correct.len()
                    ),
                );
                return None;
            };
            let right: HashSet<usize> = correct.iter().copied().collect();
            let written: Vec<String> = choices
                .iter()
                .enumerate()
                .map(|(index, choice)| match right.contains(&index) {
                    true => format!("~%{weight}%{}", self::text(choice)),
                    false => format!("~%-100%{}", self::text(choice)),
                })
                .collect();
            prompt(&mut out, &text.prompt, plain);
            format!("{{{}{general}}}", written.join(" "))
        }
        Answer::TrueFalse { correct } => {
            prompt(&mut out, &text.prompt, plain);
            format!("{{{}{general}}}", if *correct { "TRUE" } else { "FALSE" })
        }
        Answer::Short { answer, accept } => {
            let spellings: Vec<&String> = std::iter::once(answer).chain(accept).collect();
            let written = typed(card, &spellings, exported)?;
            prompt(&mut out, &text.prompt, plain);
            format!("{{{written}{general}}}")
        }
        Answer::Numeric { answer, tolerance, range } => {
            let mut answers = Vec::new();
            if let Some(value) = answer {
                answers.push(match *tolerance > 0.0 {
                    true => format!("{}:{}", format_number(*value), format_number(*tolerance)),
                    false => format_number(*value),
                });
            } else if *tolerance > 0.0 {
                exported.approximate(card, "the tolerance is left out: the card has a range and no number");
            }
            if let Some((low, high)) = range {
                answers.push(format!("{}..{}", format_number(*low), format_number(*high)));
            }
            prompt(&mut out, &text.prompt, plain);
            match answers.as_slice() {
                [one] => format!("{{#{one}{general}}}"),
                _ => format!("{{#={}{general}}}", answers.join(" =")),
            }
        }
        Answer::Cloze { pieces, gaps } => {
            let [gap] = gaps.as_slice() else {
                exported.drop_card(
                    card,
                    format!("GIFT's missing-word questions have one blank; this card has {} gaps", gaps.len()),
                );
                return None;
            };
            let spellings: Vec<&String> = std::iter::once(&gap.answer).chain(&gap.accept).collect();
            let written = typed(card, &spellings, exported)?;
            let (mut before, mut after) = (String::new(), String::new());
            let mut past_gap = false;
            for piece in pieces {
                match piece {
                    ClozePiece::Text(text) if past_gap => after.push_str(text),
                    ClozePiece::Text(text) => before.push_str(text),
                    ClozePiece::Gap(_) => past_gap = true,
                }
            }
            if after.trim().is_empty() {
                exported.approximate(card, "the gap ends the text, so GIFT reads it as a short-answer question");
            }
            prompt(&mut out, &before, plain);
            format!("{{{written}{general}}}{}", escape(&after))
        }
        Answer::Order { items } => {
            if let Some(item) = items.iter().find(|item| item.contains("->")) {
                exported.drop_card(
                    card,
                    format!("the item `{item}` holds `->`, which GIFT reads as a matching pair and cannot escape"),
                );
                return None;
            }
            let pairs: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(index, item)| format!("={} -> {}", self::text(item), index + 1))
                .collect();
            prompt(&mut out, &text.prompt, plain);
            format!("{{{}{general}}}", pairs.join(" "))
        }
    };
    out.push_str(&block);
    exported.settings_left_out(card, "GIFT");
    Some(out)
}

/// Writes the question's text after its title.
fn prompt(out: &mut String, prompt: &str, plain: bool) {
    if plain {
        out.push_str("[plain]");
        out.push_str(&escape(prompt));
    } else {
        out.push_str(&text(prompt));
    }
}

/// The `=a =b` of a typed answer; `None` (with a remark) when a spelling holds `->`.
fn typed(card: &Card, spellings: &[&String], exported: &mut Exported) -> Option<String> {
    if let Some(spelling) = spellings.iter().find(|spelling| spelling.contains("->")) {
        exported.drop_card(
            card,
            format!("the answer `{spelling}` holds `->`, which GIFT reads as a matching pair and cannot escape"),
        );
        return None;
    }
    let written: Vec<String> = spellings
        .iter()
        .map(|spelling| match looks_weighted(spelling) {
            true => format!("=%100%{}", text(spelling)),
            false => format!("={}", text(spelling)),
        })
        .collect();
    Some(written.join(" "))
}

#[cfg(test)]
mod tests;
