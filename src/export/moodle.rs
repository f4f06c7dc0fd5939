//! Moodle XML: one `<question>` per card, named (and `idnumber`ed) with the
//! card id so importing the file gives the same ids, and so the same
//! progress. Texts are written as `plain_text`, so Moodle shows them as
//! written (`<b>` stays text); the explanation is the general feedback, tags
//! are the question's `<tags>`. Every string goes through
//! [`xml_text`]; what each kind becomes is in `docs/moodle-xml.md`.
//!
//! Each card written without a remark of its own is read back with our
//! importer, and reported when it would not come back the same (leading
//! spaces, which Moodle trims, say), so a card without a remark is exact.

use std::collections::HashSet;
use std::fmt::Write;

use super::Exported;
use crate::deck::{format_number, Answer, Card, ClozePiece, Deck, Gap};
use crate::error::Result;
use crate::import;
use crate::text::sanitize::{html_text, push_html, xml_attribute, xml_text};

/// The most right choices a multi card may have: Moodle offers fractions
/// from a fixed list, which has 100/n down to 10%.
const MOST_RIGHT_CHOICES: usize = 10;

/// Writes `deck` as a Moodle XML `<quiz>`, one question per card Moodle can hold.
pub(super) fn export(deck: &Deck) -> Result<Exported> {
    let mut exported = Exported::default();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    out.push_str("  <!-- Written by quiz: one question per card, named with the card's id. -->\n");
    for card in &deck.cards {
        let remarks = exported.remarks.len();
        let Some(question) = question(card, &mut exported) else { continue };
        if exported.remarks.len() == remarks {
            check_reads_back(card, &question, &mut exported);
        }
        exported.settings_left_out(card, "Moodle XML");
        out.push_str(&question);
        exported.cards += 1;
    }
    out.push_str("</quiz>\n");
    exported.bytes = out.into_bytes();
    Ok(exported)
}

/// The card as one `<question>`, or `None` (with a remark) when Moodle cannot hold it.
fn question(card: &Card, exported: &mut Exported) -> Option<String> {
    let text = &card.text;
    let mut body = String::new();
    let mut prompt = (PLAIN, text.prompt.clone());
    let mut general = text.explanation.clone().unwrap_or_default();
    let kind = match &text.answer {
        Answer::Flashcard { back } => {
            // The grader sees the back; the learner sees it, then the explanation, as feedback.
            general = match &text.explanation {
                Some(explanation) => format!("{back}\n\n{explanation}"),
                None => back.clone(),
            };
            body.push_str("    <responseformat>editor</responseformat>\n    <responserequired>1</responserequired>\n");
            body.push_str("    <responsefieldlines>5</responsefieldlines>\n    <attachments>0</attachments>\n");
            body.push_str("    <attachmentsrequired>0</attachmentsrequired>\n");
            element(&mut body, "graderinfo", PLAIN, back);
            element(&mut body, "responsetemplate", PLAIN, "");
            "essay"
        }
        Answer::Choice { choices, correct, accept } => {
            if !accept.is_empty() {
                exported.approximate(card, "`accept` is left out: Moodle's choices have no typed spellings");
            }
            choice_options(&mut body, true);
            for (index, choice) in choices.iter().enumerate() {
                answer(&mut body, if index == *correct { "100" } else { "0" }, PLAIN, choice, "");
            }
            "multichoice"
        }
        Answer::Multi { choices, correct } => {
            let Some(weight) = even_weight(correct.len()) else {
                exported.drop_card(
                    card,
                    format!(
                        "Moodle's fractions cannot split a mark {} ways (at most {MOST_RIGHT_CHOICES})",
                        correct.len()
                    ),
                );
                return None;
            };
            let right: HashSet<usize> = correct.iter().copied().collect();
            choice_options(&mut body, false);
            for (index, choice) in choices.iter().enumerate() {
                // A wrong tick costs everything, so full marks need exactly the right set, as here.
                let fraction = if right.contains(&index) { weight.as_str() } else { "-100" };
                answer(&mut body, fraction, PLAIN, choice, "");
            }
            "multichoice"
        }
        Answer::TrueFalse { correct } => {
            for value in [true, false] {
                let fraction = if value == *correct { "100" } else { "0" };
                answer(&mut body, fraction, AUTO, if value { "true" } else { "false" }, "");
            }
            "truefalse"
        }
        Answer::Short { answer: right, accept } => {
            body.push_str("    <usecase>0</usecase>\n");
            for spelling in std::iter::once(right).chain(accept) {
                answer(&mut body, "100", AUTO, &literal_stars(spelling), "");
            }
            "shortanswer"
        }
        Answer::Numeric { answer: value, tolerance, range } => {
            let mut numbers = Vec::new();
            if let Some(value) = value {
                numbers.push((*value, *tolerance));
            }
            if let Some((low, high)) = range {
                let (middle, half) = ((low + high) / 2.0, (high - low) / 2.0);
                exported.approximate(
                    card,
                    format!(
                        "Moodle's numerical questions take a number and a tolerance: the range {} to {} is written \
                         as {} ± {} and reads back so",
                        format_number(*low),
                        format_number(*high),
                        format_number(middle),
                        format_number(half)
                    ),
                );
                numbers.push((middle, half));
            }
            for (value, tolerance) in numbers {
                let extra = format!("      <tolerance>{}</tolerance>\n", format_number(tolerance));
                answer(&mut body, "100", AUTO, &format_number(value), &extra);
            }
            "numerical"
        }
        Answer::Cloze { pieces, gaps } => {
            prompt = cloze_text(pieces, gaps);
            "multianswer"
        }
        Answer::Order { items } => {
            body.push_str("    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n");
            body.push_str("    <selectcount>0</selectcount>\n    <gradingtype>ALL_OR_NOTHING</gradingtype>\n");
            body.push_str("    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n");
            for (position, item) in items.iter().enumerate() {
                answer(&mut body, &(position + 1).to_string(), PLAIN, item, "");
            }
            "ordering"
        }
    };
    let mut out = format!("  <question type=\"{kind}\">\n");
    let _ = writeln!(out, "    <name>\n      <text>{}</text>\n    </name>", xml_text(&card.id.0));
    element(&mut out, "questiontext", prompt.0, &prompt.1);
    element(&mut out, "generalfeedback", PLAIN, &general);
    out.push_str("    <defaultgrade>1</defaultgrade>\n");
    let _ = writeln!(out, "    <idnumber>{}</idnumber>", xml_text(&card.id.0));
    out.push_str(&body);
    if !card.tags.is_empty() {
        out.push_str("    <tags>\n");
        for tag in &card.tags {
            let _ = writeln!(out, "      <tag><text>{}</text></tag>", xml_text(tag));
        }
        out.push_str("    </tags>\n");
    }
    out.push_str("  </question>\n");
    Some(out)
}

/// Texts shown as written: prompts, choices, feedback.
const PLAIN: &str = "plain_text";
/// What Moodle writes for typed answers (which it reads as written whatever the format).
const AUTO: &str = "moodle_auto_format";
/// Cloze text that must hide a `{` from Moodle's embedded-answer syntax.
const HTML: &str = "html";

/// `<tag format="…"><text>…</text></tag>`.
fn element(out: &mut String, tag: &str, format: &str, text: &str) {
    let _ = writeln!(out, "    <{tag} format=\"{format}\">\n      <text>{}</text>\n    </{tag}>", xml_text(text));
}

/// One `<answer>`, with `extra` elements (a tolerance) after its text.
fn answer(out: &mut String, fraction: &str, format: &str, text: &str, extra: &str) {
    let _ = writeln!(
        out,
        "    <answer fraction=\"{}\" format=\"{format}\">\n      <text>{}</text>\n{extra}    </answer>",
        xml_attribute(fraction),
        xml_text(text)
    );
}

/// A multichoice question's options.
fn choice_options(out: &mut String, single: bool) {
    let _ = writeln!(out, "    <single>{single}</single>");
    out.push_str("    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n");
}

/// `100/n` as a fraction, as Moodle lists it (`50`, `33.33333`, `12.5`).
fn even_weight(count: usize) -> Option<String> {
    if count == 0 || count > MOST_RIGHT_CHOICES {
        return None;
    }
    let weight = format!("{:.5}", 100.0 / count as f64);
    Some(weight.trim_end_matches('0').trim_end_matches('.').to_string())
}

/// A typed answer with each `*` written `\*`, which Moodle matches literally
/// (a bare `*` is a wildcard).
fn literal_stars(text: &str) -> String {
    text.replace('*', "\\*")
}

/// A cloze card's text with each gap as an embedded short answer,
/// `{1:SHORTANSWER:=answer~=alternate}`: plain text, unless the text itself
/// holds what Moodle would read as an embedded answer (`{1:SA:`), which
/// only HTML can hide (as `&#123;`).
fn cloze_text(pieces: &[ClozePiece], gaps: &[Gap]) -> (&'static str, String) {
    let plain = !pieces.iter().any(|piece| matches!(piece, ClozePiece::Text(text) if opens_answer(text)));
    let mut out = String::new();
    for piece in pieces {
        match piece {
            ClozePiece::Text(text) if plain => out.push_str(text),
            ClozePiece::Text(text) => out.push_str(&html_text(text).replace('{', "&#123;").replace('[', "&#91;")),
            ClozePiece::Gap(index) => {
                let Some(gap) = gaps.get(*index) else { continue };
                let spellings: Vec<String> = std::iter::once(&gap.answer)
                    .chain(&gap.accept)
                    .map(|spelling| format!("={}", embedded(spelling)))
                    .collect();
                let _ = write!(out, "{{1:SHORTANSWER:{}}}", spellings.join("~"));
            }
        }
    }
    (if plain { PLAIN } else { HTML }, out)
}

/// Whether `text` holds `{`, digits, `:`, a capitalised word and `:`, which
/// Moodle reads as the start of an embedded answer.
fn opens_answer(text: &str) -> bool {
    text.match_indices('{').any(|(at, _)| {
        let after = text.get(at + 1..).unwrap_or_default();
        let Some(rest) = after.trim_start_matches(|character: char| character.is_ascii_digit()).strip_prefix(':')
        else {
            return false;
        };
        let name = rest.trim_start_matches(|character: char| character.is_ascii_uppercase() || character == '_');
        name.len() < rest.len() && name.starts_with(':')
    })
}

/// An embedded answer's text: what Moodle's cloze syntax or its HTML reading
/// gives a meaning to as a character reference (Moodle, and our importer,
/// decode them), and `*` as `\*`, Moodle's literal star.
fn embedded(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '*' => out.push_str("\\*"),
            '}' | '{' | '#' | '~' | '[' | '\\' => {
                let _ = write!(out, "&#{};", u32::from(character));
            }
            other => push_html(&mut out, other),
        }
    }
    out
}

/// Reports the card when our importer would not read `question` back as it.
fn check_reads_back(card: &Card, question: &str, exported: &mut Exported) {
    let document = format!("<quiz>\n{question}</quiz>\n");
    let problem = match import::import("moodle.xml", document.as_bytes(), import::Format::MoodleXml) {
        Err(error) => Some(error.to_string()),
        Ok(imported) => match imported.cards.as_slice() {
            [back] => {
                let mut fields = Vec::new();
                if back.id != card.id {
                    fields.push("id");
                }
                if back.text.prompt != card.text.prompt {
                    fields.push("prompt");
                }
                if back.text.answer != card.text.answer {
                    fields.push("answer");
                }
                if back.text.explanation != card.text.explanation {
                    fields.push("explanation");
                }
                if back.tags != card.tags {
                    fields.push("tags");
                }
                (!fields.is_empty()).then(|| {
                    format!(
                        "its {} would read back differently (Moodle trims texts and folds spaces)",
                        fields.join(", ")
                    )
                })
            }
            _ => Some(
                imported
                    .remarks
                    .first()
                    .map_or_else(|| "it would read back as no card".to_string(), |remark| remark.message.clone()),
            ),
        },
    };
    if let Some(problem) = problem {
        exported.approximate(card, format!("Moodle XML does not hold it exactly: {problem}"));
    }
}

#[cfg(test)]
mod tests;
