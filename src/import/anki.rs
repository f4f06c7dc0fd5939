//! Anki's conventions shared by its packages and its plain-text export: the
//! ids its notes' guids become, and its cloze syntax (`{{c1::answer::hint}}`)
//! read into quiz's cloze pieces.

use std::collections::BTreeSet;

use crate::deck::{is_valid_id, ClozePiece, Gap};
use crate::hash::stable_hash;

/// The id of a note's cards: its guid when that is already a valid id (a
/// file quiz wrote), else `anki-` and the guid's bytes in hex. Anki's guids
/// are short and case-sensitive (`aB` and `Ab` are different notes), so the
/// hex keeps every note apart, and the same note always gets the same id.
pub fn note_id(guid: &str) -> String {
    if is_valid_id(guid) && guid.len() <= 100 {
        return guid.to_string();
    }
    if guid.len() <= 48 {
        let hex: String = guid.bytes().map(|byte| format!("{byte:02x}")).collect();
        return format!("anki-{hex}");
    }
    format!("anki-{:016x}", stable_hash(&[guid]))
}

/// The id of cloze `number` of a note whose first card has id `base`.
pub fn cloze_id(base: &str, number: i64) -> String {
    match number {
        1 => base.to_string(),
        other => format!("{base}-c{other}"),
    }
}

/// The cloze numbers `text` uses, in order (each makes one Anki card).
pub fn numbers(text: &str) -> Vec<i64> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{c") {
        let after = &rest[open + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(number) = after[..digits].parse::<i64>().ok().filter(|_| after[digits..].starts_with("::")) {
            found.insert(number);
        }
        rest = after;
    }
    found.into_iter().filter(|number| *number > 0).collect()
}

/// Splits Anki cloze text for cloze `number`: its `{{cN::answer::hint}}` become
/// gaps (a hint in brackets after it), other numbers their answer as text.
/// Double braces are spaced apart, and a `|` in an answer becomes `/`: both
/// mean something in quiz's own cloze syntax.
/// Returns the pieces, the gaps and whether any hint was kept.
pub fn split(text: &str, number: i64) -> (Vec<ClozePiece>, Vec<Gap>, bool) {
    let mut pieces = Vec::new();
    let mut gaps = Vec::new();
    let mut hinted = false;
    let mut literal = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{c") {
        let after = &rest[open + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let parsed = after[..digits].parse::<i64>().ok().filter(|_| after[digits..].starts_with("::"));
        let Some((cloze, inner)) = parsed.and_then(|cloze| {
            let inner = &after[digits + 2..];
            inner.find("}}").map(|close| (cloze, (&inner[..close], &inner[close + 2..])))
        }) else {
            literal.push_str(&rest[..open + 3]);
            rest = after;
            continue;
        };
        let (content, after_close) = inner;
        literal.push_str(&rest[..open]);
        let (answer, hint) = match content.split_once("::") {
            Some((answer, hint)) => (answer, Some(hint.trim())),
            None => (content, None),
        };
        if cloze == number && !answer.trim().is_empty() {
            push_literal(&mut pieces, &mut literal);
            pieces.push(ClozePiece::Gap(gaps.len()));
            gaps.push(Gap { answer: plain(answer.trim()).replace('|', "/"), accept: Vec::new() });
            if let Some(hint) = hint.filter(|hint| !hint.is_empty()) {
                hinted = true;
                literal.push_str(&format!(" [{}]", plain(hint)));
            }
        } else {
            literal.push_str(answer);
        }
        rest = after_close;
    }
    literal.push_str(rest);
    push_literal(&mut pieces, &mut literal);
    (pieces, gaps, hinted)
}

fn push_literal(pieces: &mut Vec<ClozePiece>, literal: &mut String) {
    if !literal.is_empty() {
        pieces.push(ClozePiece::Text(plain(literal)));
        literal.clear();
    }
}

/// Text with the marks of quiz's own cloze syntax (`{{`, `}}`) spaced apart,
/// so the deck file reads back the same gaps.
fn plain(text: &str) -> String {
    text.replace("{{", "{ {").replace("}}", "} }")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_number_hides_its_own_gaps_and_shows_the_others() {
        let text = "{{c1::asyncio::module}} runs an {{c2::event loop}}; {{c1::it}} shipped in {{c3::3.4}}";
        assert_eq!(numbers(text), [1, 2, 3]);
        let (pieces, gaps, hinted) = split(text, 1);
        assert!(hinted);
        assert_eq!(gaps.iter().map(|gap| gap.answer.as_str()).collect::<Vec<_>>(), ["asyncio", "it"]);
        assert_eq!(
            crate::deck::render_cloze(&pieces, &gaps),
            "[1: ____] [module] runs an event loop; [2: ____] shipped in 3.4"
        );
        let (_, gaps, _) = split(text, 2);
        assert_eq!(gaps.len(), 1);
        assert!(split("no {{c1:: gap", 1).1.is_empty());
        assert!(numbers("{{c0::zero}} {{cx::x}}").is_empty());
    }
}
