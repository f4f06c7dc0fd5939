//! Kahoot's quiz spreadsheet: the XLSX template Kahoot's "Import
//! spreadsheet" reads (Kahoot's own `KahootQuizTemplate.xlsx`, whose layout
//! open-source generators reproduce the same way).
//!
//! The layout, on one sheet named `Sheet1`:
//!
//! | where        | what                                                        |
//! |--------------|-------------------------------------------------------------|
//! | B2           | `Quiz template`                                             |
//! | B3–B5        | the deck's title and notes for whoever edits the file      |
//! | row 8, B–H   | the header: [`HEADER`], exactly as Kahoot's template has it |
//! | row 9 on, A  | the question's number, 1, 2, …                              |
//! | B            | the question (at most 120 characters)                       |
//! | C–F          | answers 1 to 4 (at most 75 characters; unused ones empty)   |
//! | G            | the time limit in seconds: 5, 10, 20, 30, 60, 90, 120, 240  |
//! | H            | the right answers' numbers: `2`, or `1,3` for several       |
//!
//! Only questions the learner picks an answer to fit: `choice` cards with two
//! to four choices, `multi` cards with at most four, and `truefalse` cards
//! (as the answers True and False). Everything else is left out and reported,
//! with the reason: typed kinds, more than four choices, a question or an
//! answer over Kahoot's limits (never cut short). Limits are counted in
//! UTF-16 units, as Kahoot's web editor counts them.
//!
//! Every cell is written with `write_string` or `write_number`, never as a
//! formula: Excel shows a string cell as text even when it starts with `=`,
//! so deck text cannot run as a formula and is written as it is.

use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::Exported;
use crate::deck::{Answer, Card, Deck};
use crate::error::{Error, Result};

/// The header row, B8 to H8, as in Kahoot's template (the dash before the
/// time limits is an en dash there).
const HEADER: [&str; 7] = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
];

/// The header's row, 0-based (row 8 in Excel); questions follow it.
const HEADER_ROW: u32 = 7;

/// The longest question Kahoot takes.
const MOST_QUESTION: usize = 120;

/// The longest answer Kahoot takes.
const MOST_ANSWER: usize = 75;

/// Kahoot's answers per question.
const MOST_ANSWERS: usize = 4;

/// One question as the sheet holds it.
#[derive(Clone, Debug, PartialEq)]
struct Question {
    text: String,
    answers: Vec<String>,
    /// 1-based, as the sheet writes them.
    correct: Vec<usize>,
    seconds: u32,
}

/// Writes the deck's pickable cards as Kahoot's spreadsheet.
pub(super) fn export(deck: &Deck) -> Result<Exported> {
    let mut exported = Exported::default();
    let mut questions = Vec::new();
    for card in &deck.cards {
        match question(card) {
            Ok((question, changes)) => {
                for change in changes {
                    exported.approximate(card, change);
                }
                note_left_out(card, &mut exported);
                questions.push(question);
            }
            Err(reason) => exported.drop_card(card, reason),
        }
    }
    exported.cards = questions.len();
    exported.bytes = workbook(deck, &questions)
        .map_err(|error| Error::Usage(format!("internal error: cannot write the Kahoot spreadsheet: {error}")))?;
    Ok(exported)
}

/// The card as a Kahoot question and what changed on the way, or why it
/// cannot be one.
fn question(card: &Card) -> std::result::Result<(Question, Vec<&'static str>), String> {
    let mut changes = Vec::new();
    let (answers, correct): (Vec<String>, Vec<usize>) = match &card.text.answer {
        Answer::Choice { choices, correct, .. } => (choices.clone(), vec![*correct]),
        Answer::Multi { choices, correct } => (choices.clone(), correct.clone()),
        Answer::TrueFalse { correct } => {
            changes.push("written as a quiz question with the answers True and False");
            (vec!["True".to_string(), "False".to_string()], vec![if *correct { 0 } else { 1 }])
        }
        Answer::Flashcard { .. } => return Err(typed("a flashcard has no answers to pick")),
        Answer::Short { .. } => return Err(typed("a short card is typed")),
        Answer::Numeric { .. } => return Err(typed("a numeric card is typed")),
        Answer::Cloze { .. } => return Err(typed("a cloze card is typed")),
        Answer::Order { .. } => {
            return Err("Kahoot's spreadsheet makes quiz questions only; an order card needs a puzzle".to_string())
        }
    };
    if answers.len() > MOST_ANSWERS {
        return Err(format!("Kahoot questions have at most {MOST_ANSWERS} answers; this card has {}", answers.len()));
    }
    if answers.len() < 2 {
        return Err("Kahoot questions need at least two answers".to_string());
    }
    if correct.is_empty() || correct.iter().any(|index| *index >= answers.len()) {
        return Err("the card names no right answer among its choices".to_string());
    }
    let (text, flattened) = one_line(&card.text.prompt);
    let length = units(&text);
    if length > MOST_QUESTION {
        return Err(format!("the question is {length} characters; Kahoot takes at most {MOST_QUESTION}"));
    }
    let mut flat_answers = Vec::with_capacity(answers.len());
    let mut changed = flattened;
    for (index, answer) in answers.iter().enumerate() {
        let (answer, flattened) = one_line(answer);
        changed |= flattened;
        let length = units(&answer);
        if length > MOST_ANSWER {
            return Err(format!("answer {} is {length} characters; Kahoot takes at most {MOST_ANSWER}", index + 1));
        }
        flat_answers.push(answer);
    }
    if changed {
        changes.push("line breaks are written as spaces: Kahoot questions and answers are one line");
    }
    let seconds = time_limit(&text, &flat_answers, correct.len());
    let correct = correct.iter().map(|index| index + 1).collect();
    Ok((Question { text, answers: flat_answers, correct, seconds }, changes))
}

/// The reason a typed kind is left out.
fn typed(why: &str) -> String {
    format!("Kahoot's spreadsheet holds questions with answers to pick; {why}")
}

/// Reports what of a written card the sheet has no place for.
fn note_left_out(card: &Card, exported: &mut Exported) {
    let accept = match &card.text.answer {
        Answer::Choice { accept, .. } => !accept.is_empty(),
        Answer::Flashcard { .. }
        | Answer::Multi { .. }
        | Answer::TrueFalse { .. }
        | Answer::Short { .. }
        | Answer::Numeric { .. }
        | Answer::Cloze { .. }
        | Answer::Order { .. } => false,
    };
    let left_out = [
        (card.text.explanation.is_some(), "the explanation is left out: Kahoot's spreadsheet has no column for it"),
        (!card.tags.is_empty(), "the tags are left out: Kahoot's spreadsheet has no column for them"),
        (card.source.is_some(), "`source` is left out: Kahoot's spreadsheet has no column for it"),
        (accept, "`accept` is left out: Kahoot answers are picked, not typed"),
        (!card.text.reject.is_empty(), "`reject` is left out: Kahoot answers are picked, not typed"),
    ];
    for (_, message) in left_out.into_iter().filter(|(missing, _)| *missing) {
        exported.approximate(card, message);
    }
}

/// `text` on one line (line breaks as spaces, trimmed), and whether it had any.
fn one_line(text: &str) -> (String, bool) {
    let flat: String =
        text.chars().map(|character| if matches!(character, '\n' | '\r') { ' ' } else { character }).collect();
    (flat.trim().to_string(), text.contains(['\n', '\r']))
}

/// Length as Kahoot counts it: UTF-16 units (an emoji counts two).
fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The time limit: 20 seconds, Kahoot's default; 30 when there is more to
/// read (a question over 60 characters, or answers over 120 together); one
/// step more (30, then 60) when several answers are right, since all of them
/// must be picked.
fn time_limit(question: &str, answers: &[String], right: usize) -> u32 {
    let long = units(question) > 60 || answers.iter().map(|answer| units(answer)).sum::<usize>() > 120;
    match (long, right > 1) {
        (false, false) => 20,
        (true, false) | (false, true) => 30,
        (true, true) => 60,
    }
}

/// The XLSX file: the template's title and header, then one row per question.
fn workbook(deck: &Deck, questions: &[Question]) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1")?;
    let bold = CellFormat::new().set_bold();
    sheet.write_string_with_format(1, 1, "Quiz template", &bold)?;
    sheet.write_string(2, 1, deck.title.as_str())?;
    sheet.write_string(3, 1, format!("Exported by quiz from the deck `{}`.", deck.id))?;
    sheet.write_string(
        4,
        1,
        "Questions take at most 120 characters and answers 75; several right answers are separated by commas.",
    )?;
    let header = CellFormat::new().set_bold().set_text_wrap();
    for (column, title) in (1u16..).zip(HEADER) {
        sheet.write_string_with_format(HEADER_ROW, column, title, &header)?;
    }
    set_widths(sheet)?;
    for (row, (number, question)) in (HEADER_ROW + 1..).zip((1u32..).zip(questions)) {
        sheet.write_number(row, 0, number)?;
        sheet.write_string(row, 1, question.text.as_str())?;
        for (column, answer) in (2u16..).zip(&question.answers) {
            sheet.write_string(row, column, answer.as_str())?;
        }
        sheet.write_number(row, 6, question.seconds)?;
        match question.correct.as_slice() {
            [only] => sheet.write_number(row, 7, u32::try_from(*only).unwrap_or(1))?,
            several => {
                let list: Vec<String> = several.iter().map(usize::to_string).collect();
                sheet.write_string(row, 7, list.join(","))?
            }
        };
    }
    workbook.save_to_buffer()
}

/// Column widths that show a question and its answers without resizing.
fn set_widths(sheet: &mut Worksheet) -> std::result::Result<(), XlsxError> {
    for (column, width) in [(0u16, 4.0), (1, 60.0), (2, 30.0), (3, 30.0), (4, 30.0), (5, 30.0), (6, 14.0), (7, 14.0)] {
        sheet.set_column_width(column, width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::arbitrary;
    use crate::export::xlsx::{cells, sheet_xml};
    use crate::import::RemarkKind;

    fn card(id: &str, prompt: &str, answer: Answer) -> Card {
        arbitrary::plain_card(id, prompt, answer)
    }

    fn deck(cards: Vec<Card>) -> Deck {
        arbitrary::deck_of("Python history", cards)
    }

    #[test]
    fn picked_kinds_become_rows_under_kahoots_header_and_the_rest_is_reported() {
        let long = "Which ".repeat(21);
        let mut explained = card(
            "choice",
            "=HYPERLINK(\"http://x\")\nWhich loop?",
            Answer::Choice { choices: arbitrary::strings(&["libev", "libuv"]), correct: 1, accept: vec![] },
        );
        explained.text.explanation = Some("Node's".into());
        let cards = vec![
            explained,
            card(
                "multi",
                "Which are loops?",
                Answer::Multi { choices: arbitrary::strings(&["a", "b", "c"]), correct: vec![0, 2] },
            ),
            card("tf", "asyncio is in 3.4.", Answer::TrueFalse { correct: false }),
            card(
                "five",
                "Pick",
                Answer::Choice { choices: arbitrary::strings(&["1", "2", "3", "4", "5"]), correct: 0, accept: vec![] },
            ),
            card("long", &long, Answer::TrueFalse { correct: true }),
            card(
                "wide",
                "Pick",
                Answer::Choice { choices: vec!["x".repeat(76), "y".into()], correct: 0, accept: vec![] },
            ),
            card("fc", "Front", Answer::Flashcard { back: "Back".into() }),
            card("order", "Order", Answer::Order { items: arbitrary::strings(&["a", "b"]) }),
        ];
        let exported = export(&deck(cards)).unwrap();
        assert_eq!(exported.cards, 3);
        let cells = cells(&exported.bytes);
        assert_eq!(cells["B2"], "Quiz template");
        for (column, title) in ["B", "C", "D", "E", "F", "G", "H"].iter().zip(HEADER) {
            assert_eq!(cells[&format!("{column}8")], title);
        }
        let row = |number: u32| -> Vec<&str> {
            ["A", "B", "C", "D", "E", "F", "G", "H"]
                .iter()
                .map(|column| cells.get(&format!("{column}{number}")).map_or("", String::as_str))
                .collect()
        };
        assert_eq!(row(9), ["1", "=HYPERLINK(\"http://x\") Which loop?", "libev", "libuv", "", "", "20", "2"]);
        assert_eq!(row(10), ["2", "Which are loops?", "a", "b", "c", "", "30", "1,3"]);
        assert_eq!(row(11), ["3", "asyncio is in 3.4.", "True", "False", "", "", "20", "2"]);
        assert!(!cells.contains_key("A12") && !cells.contains_key("B12"));
        let remarks: Vec<(&str, RemarkKind)> =
            exported.remarks.iter().map(|remark| (remark.at.as_str(), remark.kind)).collect();
        assert_eq!(
            remarks,
            [
                ("card choice", RemarkKind::Approximated),
                ("card choice", RemarkKind::Approximated),
                ("card tf", RemarkKind::Approximated),
                ("card five", RemarkKind::Dropped),
                ("card long", RemarkKind::Dropped),
                ("card wide", RemarkKind::Dropped),
                ("card fc", RemarkKind::Dropped),
                ("card order", RemarkKind::Dropped),
            ]
        );
        assert_eq!(exported.remarks[4].message, "the question is 125 characters; Kahoot takes at most 120");
        assert!(!sheet_xml(&exported.bytes).contains("<f>"), "no cell is a formula");
    }

    #[test]
    fn time_limits_grow_with_reading_and_with_several_right_answers() {
        let short = arbitrary::strings(&["a", "b"]);
        assert_eq!(time_limit("Which?", &short, 1), 20);
        assert_eq!(time_limit(&"x".repeat(61), &short, 1), 30);
        assert_eq!(time_limit("Which?", &["y".repeat(70), "z".repeat(51)], 1), 30);
        assert_eq!(time_limit("Which?", &short, 2), 30);
        assert_eq!(time_limit(&"x".repeat(61), &short, 2), 60);
        assert_eq!(units("😀"), 2);
    }
}
