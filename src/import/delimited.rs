//! CSV, TSV (Quizlet's term-tab-definition export) and Anki's "Notes in
//! Plain Text" export: one flashcard per row.

use super::html;
use super::{anki, sound, Format, Ids, Imported, RemarkKind};
use crate::deck::{Answer, Card, CardText};
use crate::error::{Error, Result};

/// Which column holds what (0-based).
#[derive(Clone, Debug, Default)]
struct Columns {
    question: usize,
    answer: usize,
    id: Option<usize>,
    tags: Option<usize>,
    explanation: Option<usize>,
    deck: Option<usize>,
    notetype: Option<usize>,
}

impl Columns {
    /// Anki's export puts its special columns among the note's fields: the
    /// question and answer are the first two columns that are none of them.
    fn fields_around_specials(mut self) -> Columns {
        let specials = [self.id, self.tags, self.deck, self.notetype];
        let mut fields = (0..).filter(|index| !specials.contains(&Some(*index)));
        self.question = fields.next().unwrap_or(0);
        self.answer = fields.next().unwrap_or(1);
        self
    }
}

/// What Anki's `#key:value` header lines say.
#[derive(Clone, Debug)]
struct Settings {
    separator: u8,
    html: bool,
    quoting: bool,
}

pub(super) fn import(name: &str, text: &str, format: Format) -> Result<Imported> {
    let mut settings = Settings {
        separator: if format == Format::Tsv { b'\t' } else { b',' },
        html: format == Format::AnkiText,
        // Quizlet's export does not quote; a definition may start with `"`.
        quoting: format != Format::Tsv,
    };
    let mut columns: Option<Columns> = None;
    let mut imported = Imported::default();
    // Anki's header lines come first; the body starts after them.
    let mut body_start = 0;
    let mut header_lines = 0;
    for line in text.split_inclusive('\n') {
        let Some((key, value)) = line.strip_prefix('#').and_then(|rest| rest.trim_end().split_once(':')) else {
            break;
        };
        header_lines += 1;
        body_start += line.len();
        let at = format!("line {header_lines}");
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => match separator(value.trim()) {
                Some(byte) => settings.separator = byte,
                None => {
                    return Err(Error::BadInput {
                        path: name.to_string(),
                        line: header_lines,
                        column: line.find(':').map_or(1, |colon| colon + 2),
                        message: format!(
                            "unknown separator `{}`; use Tab, Comma, Semicolon, Pipe or Space",
                            value.trim()
                        ),
                    })
                }
            },
            "html" => settings.html = value.trim().eq_ignore_ascii_case("true"),
            "tags column" => columns.get_or_insert_with(default_columns).tags = column_number(value),
            "guid column" => columns.get_or_insert_with(default_columns).id = column_number(value),
            "deck column" => columns.get_or_insert_with(default_columns).deck = column_number(value),
            "notetype column" => {
                columns.get_or_insert_with(default_columns).notetype = column_number(value);
                imported.remark(
                    at,
                    RemarkKind::Approximated,
                    "Cloze notes become cloze cards, `type in the answer` notes short answers, every other note type a flashcard of its first two fields",
                );
            }
            "notetype" | "deck" | "columns" => {
                imported.remark(
                    at,
                    RemarkKind::Approximated,
                    format!("`#{key}` is read as front, back: notes become flashcards"),
                );
            }
            other => imported.remark(at, RemarkKind::Dropped, format!("header `#{other}` is not understood")),
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(settings.separator)
        .quoting(settings.quoting)
        .from_reader(&text.as_bytes()[body_start..]);
    columns = columns.map(Columns::fields_around_specials);
    let mut ids = Ids::default();
    let mut decks = std::collections::BTreeSet::new();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    loop {
        let more = reader.read_record(&mut record).map_err(|error| {
            let line = error.position().map_or(1, |position| position.line() as usize) + header_lines;
            Error::BadInput {
                path: name.to_string(),
                line,
                column: 1,
                message: format!("not readable as {}: {error}", format.name()),
            }
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |position| position.line() as usize) + header_lines;
        if first && columns.is_none() {
            first = false;
            if let Some(named) = named_columns(&record, &mut imported) {
                columns = Some(named);
                continue;
            }
        }
        first = false;
        let columns = columns.get_or_insert_with(default_columns);
        let at = format!("line {line}");
        let cell = |index: Option<usize>| {
            index.and_then(|index| record.get(index)).map(str::trim).filter(|cell| !cell.is_empty())
        };
        let note_type = NoteType::of(cell(columns.notetype));
        let (Some(question), answer) = (cell(Some(columns.question)), cell(Some(columns.answer))) else {
            if record.iter().any(|field| !field.trim().is_empty()) {
                imported.remark(at, RemarkKind::Dropped, "the row needs a question and an answer");
            }
            continue;
        };
        let mut field = |raw: &str, what: &str| {
            if !settings.html {
                return raw.to_string();
            }
            let converted = html::to_text(raw);
            for file in &converted.media {
                imported.remark(
                    at.clone(),
                    RemarkKind::Dropped,
                    format!("{what}: media `{file}` is not carried into decks"),
                );
            }
            converted.text
        };
        let prompt = field(question, "question");
        let back = answer.map(|raw| field(raw, "answer")).unwrap_or_default();
        let mut explanation =
            cell(columns.explanation).map(|raw| field(raw, "explanation")).filter(|text| !text.is_empty());
        let mut tags: Vec<String> =
            cell(columns.tags).map(|tags| tags.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
        let deck = cell(columns.deck);
        decks.insert(deck.unwrap_or_default().to_string());
        if let Some(deck) = deck {
            tags.insert(0, deck.to_string());
        }
        let mut seen = std::collections::HashSet::new();
        tags.retain(|tag| seen.insert(tag.clone()));
        // Anki's guids are case-sensitive: the same rule as for its packages.
        let given = match (format, cell(columns.id)) {
            (Format::AnkiText, Some(guid)) => Some(anki::note_id(guid)),
            (_, given) => given.map(str::to_string),
        };
        let texts: Vec<(Option<String>, CardText)> = match note_type {
            NoteType::Cloze => {
                // The second field of a cloze note is its "Back Extra".
                explanation = explanation.or(Some(back.clone()).filter(|text| !text.is_empty()));
                let base = ids.next(given.as_deref(), &prompt);
                anki::numbers(&prompt)
                    .into_iter()
                    .filter_map(|number| {
                        let (pieces, gaps, _) = anki::split(&prompt, number);
                        let shown = crate::deck::render_cloze(&pieces, &gaps);
                        let answer = Answer::Cloze { pieces, gaps: gaps.clone() };
                        let text =
                            CardText { prompt: shown, answer, explanation: explanation.clone(), reject: Vec::new() };
                        (!gaps.is_empty()).then(|| (Some(anki::cloze_id(&base, number)), text))
                    })
                    .collect()
            }
            NoteType::TypeIn | NoteType::Basic => {
                let answer = match note_type {
                    NoteType::TypeIn => Answer::Short { answer: back.clone(), accept: Vec::new() },
                    NoteType::Cloze | NoteType::Basic => Answer::Flashcard { back: back.clone() },
                };
                vec![(given, CardText { prompt: prompt.clone(), answer, explanation, reject: Vec::new() })]
            }
        };
        if answer.is_none() && note_type != NoteType::Cloze {
            imported.remark(at, RemarkKind::Dropped, "the row needs a question and an answer");
            continue;
        }
        if prompt.is_empty() || (back.is_empty() && note_type != NoteType::Cloze) {
            imported.remark(at, RemarkKind::Dropped, "the row's question or answer has no text once its HTML is read");
            continue;
        }
        if texts.is_empty() {
            imported.remark(at, RemarkKind::Dropped, "a Cloze note without a `{{c1::…}}` gap");
            continue;
        }
        for (given, text) in texts {
            if let Err(problem) = sound::check(&text, &tags) {
                imported.remark(at.clone(), RemarkKind::Dropped, problem);
                continue;
            }
            let id = match (&note_type, given) {
                (NoteType::Cloze, Some(id)) => id,
                (_, given) => ids.next(given.as_deref(), &text.prompt),
            };
            let mut card = Card::new(&id, text);
            card.set_tags(tags.clone());
            imported.cards.push(card);
        }
    }
    // One deck is the deck itself, not worth a tag on every card: its name becomes the title.
    if let [only] = decks.iter().collect::<Vec<_>>()[..] {
        if !only.is_empty() {
            for card in &mut imported.cards {
                let tags = card.tags.iter().filter(|tag| *tag != only).cloned().collect();
                card.set_tags(tags);
            }
            imported.title = Some(only.clone());
        }
    }
    Ok(imported)
}

/// What an Anki note type asks, by its (English, stock) name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoteType {
    /// Front and back.
    Basic,
    /// A typed answer (`Basic (type in the answer)`).
    TypeIn,
    /// Cloze text, one card per cloze number.
    Cloze,
}

impl NoteType {
    fn of(name: Option<&str>) -> NoteType {
        let name = name.unwrap_or_default().to_ascii_lowercase();
        if name.contains("cloze") {
            NoteType::Cloze
        } else if name.contains("type in") {
            NoteType::TypeIn
        } else {
            NoteType::Basic
        }
    }
}

fn default_columns() -> Columns {
    Columns { question: 0, answer: 1, ..Columns::default() }
}

/// A header row's columns, when its cells name a question and an answer.
fn named_columns(record: &csv::StringRecord, imported: &mut Imported) -> Option<Columns> {
    let mut question = None;
    let mut answer = None;
    let mut columns = Columns::default();
    let mut unknown = Vec::new();
    for (index, cell) in record.iter().enumerate() {
        match cell.trim().to_lowercase().as_str() {
            "question" | "front" | "term" | "prompt" => question = Some(index),
            "answer" | "back" | "definition" => answer = Some(index),
            "id" | "guid" => columns.id = Some(index),
            "tags" => columns.tags = Some(index),
            "explanation" | "extra" | "notes" => columns.explanation = Some(index),
            "deck" => columns.deck = Some(index),
            other => unknown.push(other.to_string()),
        }
    }
    let (question, answer) = (question?, answer?);
    for name in unknown {
        imported.remark("line 1".to_string(), RemarkKind::Dropped, format!("column `{name}` is not imported"));
    }
    Some(Columns { question, answer, ..columns })
}

/// Anki's separator names, or a single character.
fn separator(value: &str) -> Option<u8> {
    match value.to_ascii_lowercase().as_str() {
        "tab" | "\\t" => Some(b'\t'),
        "comma" | "," => Some(b','),
        "semicolon" | ";" => Some(b';'),
        "pipe" | "|" => Some(b'|'),
        "space" | " " => Some(b' '),
        "colon" | ":" => Some(b':'),
        _ => None,
    }
}

/// A 1-based column number as a 0-based index.
fn column_number(value: &str) -> Option<usize> {
    value.trim().parse::<usize>().ok().and_then(|number| number.checked_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::CardKind;

    fn import_text(text: &str, format: Format) -> Imported {
        import("in.txt", text, format).unwrap()
    }

    #[test]
    fn a_csv_with_a_header_row_maps_its_columns() {
        let imported = import_text(
            "Front,Back,Tags,Source\n\"What does `await` suspend?\",\"The coroutine,\nuntil the awaitable is done\",asyncio basics,x\n,,,\nonly a question,,,\n",
            Format::Csv,
        );
        assert_eq!(imported.cards.len(), 1);
        let card = &imported.cards[0];
        assert_eq!(card.text.prompt, "What does `await` suspend?");
        assert_eq!(card.text.answer, Answer::Flashcard { back: "The coroutine,\nuntil the awaitable is done".into() });
        assert_eq!(card.tags, ["asyncio", "basics"]);
        let remarks: Vec<(&str, &str)> =
            imported.remarks.iter().map(|remark| (remark.at.as_str(), remark.message.as_str())).collect();
        assert_eq!(
            remarks,
            [("line 1", "column `source` is not imported"), ("line 5", "the row needs a question and an answer")]
        );
    }

    #[test]
    fn anki_plain_text_reads_its_headers_html_and_guids() {
        let imported = import_text(
            "#separator:tab\n#html:true\n#guid column:1\n#tags column:4\n#deck column:5\n\
             AbC12\tWhat is <b>libuv</b>?<br>Name it.\tA C library <img src=\"uv.png\">\tc libs C::libs\tC::libs\n",
            Format::AnkiText,
        );
        let card = &imported.cards[0];
        assert_eq!(card.id.0, "anki-4162433132", "a guid is case-sensitive: its bytes in hex, as for packages");
        assert_eq!(card.text.prompt, "What is libuv?\nName it.");
        assert_eq!(card.text.answer, Answer::Flashcard { back: "A C library".into() });
        assert_eq!(card.tags, ["c", "libs"], "one deck is the deck's title, not a tag; each tag once");
        assert_eq!(imported.title.as_deref(), Some("C::libs"));
        assert_eq!(imported.remarks[0].at, "line 6");
        assert!(imported.remarks[0].message.contains("uv.png"));
    }

    #[test]
    fn anki_cloze_and_type_in_notes_become_cloze_and_short_cards() {
        let imported = import_text(
            "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n\
             clz\tCloze\tPython\t{{c1::asyncio}} came in {{c2::3.4}}\tTulip was its code name\n\
             typ\tBasic (type in the answer)\tOther\tPEP for yield from?\t380\n",
            Format::AnkiText,
        );
        let summary: Vec<(&str, CardKind, &str)> =
            imported.cards.iter().map(|card| (card.id.0.as_str(), card.kind(), card.text.prompt.as_str())).collect();
        assert_eq!(
            summary,
            [
                ("clz", CardKind::Cloze, "____ came in 3.4"),
                ("clz-c2", CardKind::Cloze, "asyncio came in ____"),
                ("typ", CardKind::Short, "PEP for yield from?"),
            ]
        );
        assert_eq!(imported.cards[0].text.explanation.as_deref(), Some("Tulip was its code name"));
        assert_eq!(imported.cards[2].tags, ["Other"], "two decks: each card keeps its deck as a tag");
        assert_eq!(imported.title, None);
    }

    #[test]
    fn a_row_the_loader_would_refuse_is_skipped_with_its_reason_not_the_whole_file() {
        let imported = import_text("front,back\nbidi \u{202e}trick,answer\nfine,row\n", Format::Csv);
        assert_eq!(imported.cards.len(), 1);
        assert_eq!(imported.cards[0].text.prompt, "fine");
        assert_eq!(imported.remarks.len(), 1, "{:?}", imported.remarks);
        assert_eq!(imported.remarks[0].at, "line 2");
    }

    #[test]
    fn quizlet_tsv_keeps_quotes_and_a_bad_separator_names_its_line() {
        let imported = import_text("gevent\t\"green\" threads on libev\n", Format::Tsv);
        assert_eq!(imported.cards[0].text.answer, Answer::Flashcard { back: "\"green\" threads on libev".into() });
        let error = import("in.txt", "#separator:weird\na,b\n", Format::AnkiText).unwrap_err().to_string();
        assert!(error.starts_with("in.txt:1:12:") && error.contains("unknown separator"), "{error}");
    }
}
