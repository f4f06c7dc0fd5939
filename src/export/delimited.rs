//! CSV and Anki's "Notes in Plain Text": one row per card, read back by our
//! own importer (`import/delimited.rs`).
//!
//! CSV has a header row (`id,question,answer,explanation,tags`) whose names
//! the importer maps; every cell goes through [`csv_field`], so no cell runs
//! as a spreadsheet formula.
//!
//! Anki's text is the layout Anki 2.1.55+ writes when exporting notes with
//! their GUID, note type and deck: `#` header lines, then tab-separated rows
//! of guid (the card id), note type, deck (the deck's title), two fields as
//! HTML, and space-separated tags. Flashcards and the kinds Anki cannot ask
//! become `Basic` notes, short answers `Basic (type in the answer)`, cloze
//! cards `Cloze` notes in Anki's `{{c1::…}}` syntax; these are Anki's stock
//! note types, which every English-language collection has.
//!
//! Kinds that CSV or Anki cannot ask are written as flashcards (the choices
//! listed under the question, the right one as the answer) and reported, as
//! is everything left out, so nothing is lost quietly.

use std::fmt::Write as _;

use super::{Exported, Format};
use crate::deck::{render_cloze, Answer, Card, ClozePiece, Deck, Gap};
use crate::error::{Error, Result};
use crate::text::letter;
use crate::text::sanitize::{csv_field, html_text, is_unsafe};

/// The CSV header: names [`crate::import`] maps to the same columns.
const CSV_HEADER: [&str; 5] = ["id", "question", "answer", "explanation", "tags"];

/// Anki's header lines: tab-separated HTML, columns 1–3 and 6 special, 4–5 the note's fields.
const ANKI_HEADER: &str =
    "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n";

/// Writes `deck` as CSV or Anki text; `format` is one of those two.
pub(super) fn export(deck: &Deck, format: Format) -> Result<Exported> {
    match format {
        Format::Csv => csv(deck),
        Format::AnkiText => anki_text(deck),
        Format::Apkg | Format::Gift | Format::Aiken | Format::MoodleXml | Format::Kahoot => {
            Err(Error::Usage(format!("internal error: the CSV and Anki text exporter was asked for {}", format.name())))
        }
    }
}

/// The error for a row the `csv` writer refused (it writes to memory, so
/// this would be a bug, reported rather than a panic).
fn write_error(format: Format, error: impl std::fmt::Display) -> Error {
    Error::Usage(format!("internal error: cannot write the {} file: {error}", format.name()))
}

/// The deck as CSV: a header row, then one row per card.
fn csv(deck: &Deck) -> Result<Exported> {
    let mut exported = Exported::default();
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(CSV_HEADER).map_err(|error| write_error(Format::Csv, error))?;
    for card in &deck.cards {
        let (front, back) = flashcard(card, &mut exported);
        if let Some(reason) = first_left_out(card) {
            exported.approximate(card, reason);
        }
        if card.source.is_some() {
            exported.approximate(card, "`source` is left out: CSV has no column for it");
        }
        let explanation = card.text.explanation.as_deref().unwrap_or("");
        let tags = tag_list(card, &mut exported);
        let row = [card.id.0.as_str(), &front, &back, explanation, &tags].map(csv_field);
        writer.write_record(row.iter().map(|cell| cell.as_bytes())).map_err(|error| write_error(Format::Csv, error))?;
        exported.cards += 1;
    }
    exported.bytes = writer.into_inner().map_err(|error| write_error(Format::Csv, error))?;
    Ok(exported)
}

/// The deck as Anki's "Notes in Plain Text".
fn anki_text(deck: &Deck) -> Result<Exported> {
    let mut exported = Exported::default();
    let mut bytes = ANKI_HEADER.as_bytes().to_vec();
    let deck_name = anki_deck_name(deck);
    {
        // `#` starts a comment line for Anki's reader: the writer quotes every field holding one.
        let mut writer = csv::WriterBuilder::new().delimiter(b'\t').comment(Some(b'#')).from_writer(&mut bytes);
        for card in &deck.cards {
            let (note_type, fields) = anki_note(card, &mut exported);
            if let Some(reason) = first_left_out(card) {
                exported.approximate(card, reason);
            }
            if card.source.is_some() {
                exported.approximate(card, "`source` is left out: Anki's stock note types have no field for it");
            }
            let tags = tag_list(card, &mut exported);
            let [first, second] = &fields;
            let row = [card.id.0.as_str(), note_type, &deck_name, first, second, &tags];
            writer.write_record(row).map_err(|error| write_error(Format::AnkiText, error))?;
            exported.cards += 1;
        }
        writer.flush().map_err(|error| write_error(Format::AnkiText, error))?;
    }
    exported.bytes = bytes;
    Ok(exported)
}

/// `reject` (near-misses a typed answer must grade wrong) means nothing to a
/// self-graded or exactly-compared answer: the reason it is left out.
fn first_left_out(card: &Card) -> Option<&'static str> {
    (!card.text.reject.is_empty()).then_some("`reject` is left out: the file has no place for near-misses")
}

/// The card as a flashcard's front and back (plain text), with a remark
/// when it was another kind.
fn flashcard(card: &Card, exported: &mut Exported) -> (String, String) {
    let text = &card.text;
    let prompt = &text.prompt;
    match &text.answer {
        Answer::Flashcard { back } => (prompt.clone(), back.clone()),
        Answer::Choice { choices, correct, accept } => {
            exported.approximate(
                card,
                "a choice card is written as a flashcard: the choices are listed under the question, the answer is the right one",
            );
            if !accept.is_empty() {
                exported.approximate(card, "`accept` is left out: a flashcard is not typed");
            }
            let back = choices.get(*correct).map(|choice| lettered(*correct, choice)).unwrap_or_default();
            (with_choices(prompt, choices), back)
        }
        Answer::Multi { choices, correct } => {
            exported.approximate(
                card,
                "a multi card is written as a flashcard: the choices are listed under the question, the answer names the right ones",
            );
            let right: Vec<String> =
                correct.iter().filter_map(|index| choices.get(*index).map(|choice| lettered(*index, choice))).collect();
            (with_choices(prompt, choices), right.join("\n"))
        }
        Answer::TrueFalse { correct } => {
            exported.approximate(card, "a truefalse card is written as a flashcard whose answer is True or False");
            (prompt.clone(), if *correct { "True" } else { "False" }.to_string())
        }
        Answer::Short { answer, accept } => {
            exported.approximate(card, "a short card is written as a flashcard: the answer is self-graded");
            if !accept.is_empty() {
                exported.approximate(card, "`accept` is left out: a flashcard is not typed");
            }
            (prompt.clone(), answer.clone())
        }
        Answer::Numeric { .. } => {
            exported.approximate(
                card,
                "a numeric card is written as a flashcard: the answer shows the number and its tolerance",
            );
            (prompt.clone(), text.answer.display())
        }
        Answer::Cloze { pieces, gaps } => {
            exported.approximate(
                card,
                "a cloze card is written as a flashcard: the gaps are blanks, the answer fills them",
            );
            if gaps.iter().any(|gap| !gap.accept.is_empty()) {
                exported.approximate(card, "other spellings of the gaps are left out: a flashcard is not typed");
            }
            (render_cloze(pieces, gaps), text.answer.display())
        }
        Answer::Order { items } => {
            exported.approximate(
                card,
                "an order card is written as a flashcard: the items are listed alphabetically, the answer numbers them in order",
            );
            let mut shuffled: Vec<&String> = items.iter().collect();
            shuffled.sort_by_key(|item| item.to_lowercase());
            let mut front = format!("{prompt}\n");
            for item in shuffled {
                let _ = write!(front, "\n- {item}");
            }
            let back: Vec<String> =
                items.iter().enumerate().map(|(index, item)| format!("{}. {item}", index + 1)).collect();
            (front, back.join("\n"))
        }
    }
}

/// `B. libuv`: a choice with its letter.
fn lettered(index: usize, choice: &str) -> String {
    format!("{}. {choice}", letter(index).to_uppercase())
}

/// The prompt, a blank line, then the lettered choices, one per line.
fn with_choices(prompt: &str, choices: &[String]) -> String {
    let mut front = format!("{prompt}\n");
    for (index, choice) in choices.iter().enumerate() {
        let _ = write!(front, "\n{}", lettered(index, choice));
    }
    front
}

/// The card's tags separated by spaces, as both CSV readers and Anki split
/// them; whitespace inside a tag becomes `_` (reported).
fn tag_list(card: &Card, exported: &mut Exported) -> String {
    let mut changed = false;
    let tags: Vec<String> = card
        .tags
        .iter()
        .map(|tag| {
            let joined = tag.split_whitespace().collect::<Vec<_>>().join("_");
            changed |= joined != *tag;
            joined
        })
        .filter(|tag| !tag.is_empty())
        .collect();
    if changed {
        exported.approximate(card, "tags are separated by spaces: spaces inside a tag are written as `_`");
    }
    tags.join(" ")
}

/// The deck's name in Anki: its title on one line (`::` in it makes
/// subdecks, as the author presumably meant); the id when the title is empty
/// or a number, which Anki would read as a deck id.
fn anki_deck_name(deck: &Deck) -> String {
    let flat: String = deck
        .title
        .chars()
        .map(|character| if is_unsafe(character) || character == '\t' { ' ' } else { character })
        .collect();
    let name = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.parse::<i64>().is_ok() {
        deck.id.0.clone()
    } else {
        name
    }
}

/// The card as an Anki note: its note type and its two fields (HTML).
fn anki_note(card: &Card, exported: &mut Exported) -> (&'static str, [String; 2]) {
    let text = &card.text;
    let no_explanation = |exported: &mut Exported| {
        if text.explanation.is_some() {
            exported.approximate(card, "the explanation is left out: Anki's Basic note types have no field for it");
        }
    };
    match &text.answer {
        Answer::Cloze { pieces, gaps } => {
            if gaps.iter().any(|gap| !gap.accept.is_empty()) {
                exported.approximate(card, "other spellings of the gaps are left out: Anki's cloze has one per gap");
            }
            let extra = text.explanation.as_deref().map(inert).unwrap_or_default();
            ("Cloze", [anki_cloze(pieces, gaps), extra])
        }
        Answer::Short { answer, accept } => {
            no_explanation(exported);
            if !accept.is_empty() {
                exported.approximate(card, "`accept` is left out: Anki compares a typed answer with one spelling");
            }
            ("Basic (type in the answer)", [anki_html(&text.prompt), anki_html(answer)])
        }
        Answer::Flashcard { .. }
        | Answer::Choice { .. }
        | Answer::Multi { .. }
        | Answer::TrueFalse { .. }
        | Answer::Numeric { .. }
        | Answer::Order { .. } => {
            no_explanation(exported);
            let (front, back) = flashcard(card, exported);
            ("Basic", [anki_html(&front), anki_html(&back)])
        }
    }
}

/// Plain text as an Anki field: HTML-escaped, newlines as `<br>`, and `[`
/// as a character reference, so `[sound:…]` or `[latex]` in the text is
/// shown as written rather than played or typeset.
fn anki_html(text: &str) -> String {
    html_text(text).replace('[', "&#91;")
}

/// Text for a cloze note's fields: [`anki_html`] with braces as character
/// references, so it can neither open a gap nor close one.
fn inert(text: &str) -> String {
    anki_html(text).replace('{', "&#123;").replace('}', "&#125;")
}

/// Cloze text in Anki's syntax, every gap `c1` so one card asks them all (as
/// quiz does); colons in an answer become character references too, so
/// `::` cannot start a hint.
fn anki_cloze(pieces: &[ClozePiece], gaps: &[Gap]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            ClozePiece::Text(literal) => out.push_str(&inert(literal)),
            ClozePiece::Gap(index) => {
                let answer = gaps.get(*index).map_or("", |gap| gap.answer.as_str());
                out.push_str("{{c1::");
                out.push_str(&inert(answer).replace(':', "&#58;"));
                out.push_str("}}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{arbitrary, CardKind, Citation};
    use crate::import::RemarkKind;
    use crate::import::{self, html, Imported};

    fn deck(cards: Vec<Card>) -> Deck {
        arbitrary::deck_of("Python history", cards)
    }

    fn card(id: &str, prompt: &str, answer: Answer) -> Card {
        arbitrary::plain_card(id, prompt, answer)
    }

    fn read_back(exported: &Exported, format: import::Format) -> Imported {
        import::import("deck.txt", &exported.bytes, format).unwrap()
    }

    fn text(exported: &Exported) -> String {
        String::from_utf8(exported.bytes.clone()).unwrap()
    }

    /// One card of every kind, for the kind mappings.
    fn every_kind() -> Deck {
        let cloze = crate::deck::parse_cloze("{{asyncio|Tulip}} arrived in {{3.4}}").unwrap();
        let mut flashcard =
            card("fc", "What is a coroutine?", Answer::Flashcard { back: "A function\nthat pauses".into() });
        flashcard.text.explanation = Some("PEP 492".into());
        flashcard.set_tags(vec!["pep 492".into(), "history".into()]);
        deck(vec![
            flashcard,
            card(
                "choice",
                "Which loop?",
                Answer::Choice { choices: arbitrary::strings(&["libev", "libuv"]), correct: 1, accept: vec![] },
            ),
            card(
                "multi",
                "Which are loops?",
                Answer::Multi { choices: arbitrary::strings(&["a", "b", "c"]), correct: vec![0, 2] },
            ),
            card("tf", "asyncio is in 3.4.", Answer::TrueFalse { correct: true }),
            card(
                "short",
                "Its codename?",
                Answer::Short { answer: "Tulip".into(), accept: arbitrary::strings(&["tulip project"]) },
            ),
            card("numeric", "PEP number?", Answer::Numeric { answer: Some(3156.0), tolerance: 0.0, range: None }),
            card("cloze", "", Answer::Cloze { pieces: cloze.0, gaps: cloze.1 }),
            card(
                "order",
                "Oldest first",
                Answer::Order { items: arbitrary::strings(&["asyncore", "Twisted", "asyncio"]) },
            ),
        ])
    }

    #[test]
    fn csv_has_a_header_the_importer_maps_and_one_row_per_card() {
        let exported = export(&every_kind(), Format::Csv).unwrap();
        let text = text(&exported);
        assert!(text.starts_with(
            "id,question,answer,explanation,tags\nfc,What is a coroutine?,\"A function\nthat pauses\",PEP 492,pep_492 history\n"
        ));
        assert!(text.contains("choice,\"Which loop?\n\nA. libev\nB. libuv\",B. libuv,,\n"), "{text}");
        assert!(text.contains("multi,\"Which are loops?\n\nA. a\nB. b\nC. c\",\"A. a\nC. c\",,\n"), "{text}");
        assert!(text.contains("cloze,[1: ____] arrived in [2: ____],asyncio · 3.4,,\n"), "{text}");
        assert!(text.contains(
            "order,\"Oldest first\n\n- asyncio\n- asyncore\n- Twisted\",\"1. asyncore\n2. Twisted\n3. asyncio\""
        ));
        assert_eq!(exported.cards, 8);
        assert!(exported.remarks.iter().all(|remark| remark.kind == RemarkKind::Approximated));
        let at: Vec<&str> = exported.remarks.iter().map(|remark| remark.at.as_str()).collect();
        assert_eq!(
            at,
            [
                "card fc",
                "card choice",
                "card multi",
                "card tf",
                "card short",
                "card short",
                "card numeric",
                "card cloze",
                "card cloze",
                "card order"
            ]
        );
        let imported = read_back(&exported, import::Format::Csv);
        assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
        assert_eq!(imported.cards.len(), 8);
        assert_eq!(imported.cards[4].text.answer, Answer::Flashcard { back: "Tulip".into() });
        assert_eq!(imported.cards[0].tags, ["pep_492", "history"]);
    }

    #[test]
    fn csv_cells_cannot_run_as_formulas() {
        let exported = export(
            &deck(vec![card("f", "=HYPERLINK(\"http://x\")", Answer::Flashcard { back: "@SUM(A1)".into() })]),
            Format::Csv,
        )
        .unwrap();
        assert!(text(&exported).ends_with("f,\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),,\n"), "{}", text(&exported));
    }

    #[test]
    fn anki_text_has_anki_headers_and_stock_note_types() {
        let mut kinds = every_kind();
        kinds.cards[6].text.explanation = Some("a {{c2::fake}} gap".into());
        kinds.cards[0].source = Some(Citation { section: "asyncio".into(), quote: None, checked: None });
        let exported = export(&kinds, Format::AnkiText).unwrap();
        let text = text(&exported);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[..6], ANKI_HEADER.lines().collect::<Vec<_>>());
        assert_eq!(
            lines[6],
            "fc\tBasic\tPython history\tWhat is a coroutine?\tA function<br>that pauses\tpep_492 history"
        );
        assert_eq!(lines[10], "short\tBasic (type in the answer)\tPython history\tIts codename?\tTulip\t");
        assert_eq!(
            lines[12],
            "cloze\tCloze\tPython history\t{{c1::asyncio}} arrived in {{c1::3.4}}\t\"a &#123;&#123;c2::fake&#125;&#125; gap\"\t"
        );
        assert_eq!(lines.len(), 14);
        let messages: Vec<(&str, &str)> =
            exported.remarks.iter().map(|remark| (remark.at.as_str(), remark.message.as_str())).collect();
        assert!(messages
            .contains(&("card fc", "the explanation is left out: Anki's Basic note types have no field for it")));
        assert!(messages.contains(&("card fc", "`source` is left out: Anki's stock note types have no field for it")));
        assert!(
            messages.contains(&("card short", "`accept` is left out: Anki compares a typed answer with one spelling"))
        );
    }

    #[test]
    fn anki_fields_show_brackets_braces_and_markup_as_written() {
        assert_eq!(anki_html("[sound:x.mp3] <b> & \"q\"\n"), "&#91;sound:x.mp3] &lt;b&gt; &amp; &quot;q&quot;<br>");
        assert_eq!(html::to_text(&anki_html("[sound:x.mp3] <b> &amp;")).text, "[sound:x.mp3] <b> &amp;");
        let (pieces, gaps) = crate::deck::parse_cloze("a {x} {{key:value}} b").unwrap();
        assert_eq!(anki_cloze(&pieces, &gaps), "a &#123;x&#125; {{c1::key&#58;value}} b");
        let mut numeric = deck(vec![]);
        numeric.title = "2024".into();
        assert_eq!(anki_deck_name(&numeric), "history");
        numeric.title = "Python\t::\n history".into();
        assert_eq!(anki_deck_name(&numeric), "Python :: history");
    }

    #[test]
    fn other_formats_are_an_error_not_a_panic() {
        assert!(export(&deck(vec![]), Format::Kahoot).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        #[test]
        fn flashcards_come_back_from_csv_the_same(deck in arbitrary::deck(&[CardKind::Flashcard], 12)) {
            let exported = export(&deck, Format::Csv).unwrap();
            proptest::prop_assert!(exported.remarks.is_empty(), "{:?}", exported.remarks);
            let imported = read_back(&exported, import::Format::Csv);
            proptest::prop_assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
            proptest::prop_assert_eq!(imported.cards.len(), deck.cards.len());
            for (before, after) in deck.cards.iter().zip(&imported.cards) {
                proptest::prop_assert_eq!(&before.id, &after.id);
                proptest::prop_assert_eq!(&before.text, &after.text);
                proptest::prop_assert_eq!(&before.tags, &after.tags);
            }
        }

        #[test]
        fn flashcards_come_back_from_anki_text_with_the_deck_as_the_title(
            deck in arbitrary::deck(&[CardKind::Flashcard], 12)
        ) {
            let exported = export(&deck, Format::AnkiText).unwrap();
            let explained = deck.cards.iter().filter(|card| card.text.explanation.is_some()).count();
            proptest::prop_assert_eq!(exported.remarks.len(), explained, "{:?}", exported.remarks);
            let imported = read_back(&exported, import::Format::AnkiText);
            // The importer's one remark: every note type is read as front and back.
            proptest::prop_assert_eq!(imported.remarks.len(), 1, "{:?}", imported.remarks);
            proptest::prop_assert_eq!(imported.cards.len(), deck.cards.len());
            proptest::prop_assert_eq!(imported.title.as_deref(), Some(deck.title.as_str()));
            for (before, after) in deck.cards.iter().zip(&imported.cards) {
                proptest::prop_assert_eq!(&before.id, &after.id);
                proptest::prop_assert_eq!(&before.text.prompt, &after.text.prompt);
                proptest::prop_assert_eq!(&before.text.answer, &after.text.answer);
                // One deck comes back as the title, not as a tag.
                proptest::prop_assert_eq!(&before.tags, &after.tags);
            }
        }
    }
}
