//! Turns a deck file into a [`Deck`], reporting every problem at once with its
//! position. The TOML is parsed into a spanned tree first, so each message can
//! point at the exact field.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

mod card;
mod choices;
mod citation;
mod fields;
mod header;

use super::coverage::{Coverage, Tally};
use super::diagnostic::{Diagnostic, LineIndex, Severity};
use super::notes::Notes;
use super::source::DeckFile;
use super::{Card, CardKind, CardText, Deck};
use crate::text::ellipsize;

/// The result of loading a deck: the deck when it is usable, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// The deck, unless an error made it unusable.
    pub deck: Option<Deck>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Cards read without errors (also when [`check`] did not keep them).
    pub card_count: usize,
    /// How much of its notes the deck's citations cover ([`check`] only,
    /// when the notes could be read).
    pub coverage: Option<Coverage>,
}

impl Loaded {
    /// The number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count()
    }
}

pub(super) const DECK_FIELDS: &[&str] =
    &["format", "id", "title", "description", "version", "languages", "source", "scheduling", "grading", "card"];
pub(super) const SCHEDULING_FIELDS: &[&str] = &["desired_retention", "new_per_day"];
const CARD_COMMON_FIELDS: &[&str] =
    &["id", "kind", "prompt", "tags", "explanation", "source", "translations", "match", "reject", "ignore_accents"];
pub(super) const GRADING_FIELDS: &[&str] = &["reject", "ignore_accents"];
const CITATION_FIELDS: &[&str] = &["section", "quote", "checked"];

/// Fields a card of `kind` may carry besides the common ones.
fn kind_fields(kind: CardKind) -> &'static [&'static str] {
    match kind {
        CardKind::Flashcard => &["answer", "reverse"],
        CardKind::TrueFalse => &["answer"],
        CardKind::Choice => &["choices", "answer", "accept"],
        CardKind::Multi => &["choices", "answer"],
        CardKind::Short => &["answer", "accept", "reverse"],
        CardKind::Numeric => &["answer", "tolerance", "range"],
        CardKind::Cloze => &[],
        CardKind::Order => &["items"],
    }
}

/// Fields a translation of a card of `kind` may carry.
fn translation_fields(kind: CardKind) -> Vec<&'static str> {
    let mut fields = vec!["prompt", "explanation", "reject"];
    fields.extend(kind_fields(kind).iter().filter(|field| !matches!(**field, "tolerance" | "range" | "reverse")));
    fields
}

/// A problem a [`CardCheck`] found in a card's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The diagnostic's code (`self-test`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// A check that authoring runs on every card's answer, in every language,
/// beyond what the loader itself validates (the grader self-test). Its
/// findings are reported at the card.
pub trait CardCheck {
    /// The problems with `card`'s `text` (its base text or a translation).
    fn check(&mut self, card: &Card, text: &CardText) -> Vec<Finding>;
}

/// Loads and validates a deck file.
pub fn load(file: &DeckFile) -> Loaded {
    load_with(file, None)
}

/// Validates a deck file for its author, running `card_check` on every card,
/// without keeping the cards (`deck.cards` is empty and
/// [`Loaded::card_count`] says how many there were): what `quiz check` needs,
/// in bounded memory however large the deck.
pub fn check(file: &DeckFile, card_check: &mut (dyn CardCheck + 'static)) -> Loaded {
    load_with(file, Some(card_check))
}

fn load_with<'f>(file: &'f DeckFile, mut card_check: Option<&'f mut (dyn CardCheck + 'static)>) -> Loaded {
    // Large decks are read one `[[card]]` at a time, so the parsed tree of the
    // whole file never exists at once; any surprise sends us to the whole-file path.
    if let Some(loaded) = load_in_chunks(file, card_check.as_deref_mut()) {
        return loaded;
    }
    load_whole(file, card_check)
}

/// Reads the whole file as one TOML tree: for files the chunks cannot cut
/// (syntax errors, `card` outside `[[card]]` headers), to report them exactly.
fn load_whole<'f>(file: &'f DeckFile, card_check: Option<&'f mut (dyn CardCheck + 'static)>) -> Loaded {
    let mut context = Context::new(file, card_check);
    let (root, syntax_errors) = DeTable::parse_recoverable(&file.text);
    if !syntax_errors.is_empty() {
        for error in syntax_errors {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim_end().to_string();
            context.push(Severity::Error, "syntax", span, None, message, None);
        }
        return context.finish(None);
    }
    let root = root.get_ref();
    let deck = context.read_deck(root);
    match root.get("card") {
        None => context.no_cards(),
        Some(value) => match value.get_ref() {
            DeValue::Array(entries) => context.read_cards(entries),
            _ => context.wrong_type(value, None, "card", "an array of tables (`[[card]]`)"),
        },
    }
    context.finish(deck)
}

/// The byte ranges of the header and of each top-level `[[card]]` block, or
/// `None` when the file has no `[[card]]` header line. Lines inside multi-line
/// strings are never taken for headers: one pass over the text tracks which
/// string, if any, each line starts in ([`string_open_after`]).
fn card_chunks(text: &str) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let mut starts = Vec::new();
    let mut open = Open::Nothing;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if open == Open::Nothing && is_card_header(line) {
            starts.push(line_start);
        }
        open = string_open_after(line, open);
        line_start += line.len();
    }
    let first = *starts.first()?;
    let chunks = starts
        .iter()
        .enumerate()
        .map(|(index, start)| *start..starts.get(index + 1).copied().unwrap_or(text.len()))
        .collect();
    Some((0..first, chunks))
}

/// Whether `line` is `[[card]]` alone (indentation, trailing space and a comment allowed).
fn is_card_header(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("[[card]]") else { return false };
    rest.split('#').next().unwrap_or("").trim().is_empty()
}

/// A multi-line string still open at the end of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// None: the next line is TOML.
    Nothing,
    /// `"""…`: escapes apply.
    Basic,
    /// `'''…`: no escapes.
    Literal,
}

/// Which multi-line string is open after `line`, given the one open before
/// it. Single-line strings and comments are skipped, so a `"""` inside them
/// opens nothing. Linear in the line; a malformed line can only make the
/// chunks wrong, and wrong chunks fail to parse and send the file to the
/// whole-file path, which reports the error.
fn string_open_after(line: &str, mut open: Open) -> Open {
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        match open {
            Open::Basic => match rest[0] {
                b'\\' => at += 2,
                b'"' if rest.starts_with(b"\"\"\"") => {
                    // Up to two more quotes belong to the string's text.
                    at += 3 + rest[3..].iter().take(2).take_while(|byte| **byte == b'"').count();
                    open = Open::Nothing;
                }
                _ => at += 1,
            },
            Open::Literal => {
                if rest.starts_with(b"'''") {
                    at += 3 + rest[3..].iter().take(2).take_while(|byte| **byte == b'\'').count();
                    open = Open::Nothing;
                } else {
                    at += 1;
                }
            }
            Open::Nothing => match rest[0] {
                b'#' => return Open::Nothing,
                b'"' if rest.starts_with(b"\"\"\"") => {
                    open = Open::Basic;
                    at += 3;
                }
                b'\'' if rest.starts_with(b"'''") => {
                    open = Open::Literal;
                    at += 3;
                }
                b'"' => {
                    // A one-line basic string: to its closing quote.
                    at += 1;
                    while at < bytes.len() && bytes[at] != b'"' {
                        at += if bytes[at] == b'\\' { 2 } else { 1 };
                    }
                    at += 1;
                }
                b'\'' => {
                    at += 1 + bytes[at + 1..].iter().position(|byte| *byte == b'\'').map_or(bytes.len(), |end| end + 1);
                }
                _ => at += 1,
            },
        }
    }
    open
}

fn load_in_chunks<'f>(file: &'f DeckFile, card_check: Option<&'f mut (dyn CardCheck + 'static)>) -> Option<Loaded> {
    let (header, chunks) = card_chunks(&file.text)?;
    let mut context = Context::new(file, card_check);
    let root = DeTable::parse(&file.text[header]).ok()?;
    if root.get_ref().contains_key("card") {
        return None;
    }
    let deck = context.read_deck(root.get_ref());
    drop(root);
    for chunk in chunks {
        let parsed = DeTable::parse(&file.text[chunk.clone()]).ok()?;
        let root = parsed.get_ref();
        if root.len() != 1 {
            return None;
        }
        let DeValue::Array(entries) = root.get("card")?.get_ref() else { return None };
        context.base = chunk.start;
        context.read_cards(entries);
    }
    context.base = 0;
    Some(context.finish(deck))
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Collects diagnostics while reading one file.
struct Context<'f> {
    file: &'f DeckFile,
    lines: LineIndex,
    diagnostics: Vec<Diagnostic>,
    notes: Option<Notes>,
    /// The notes file's name in messages.
    notes_name: String,
    /// Citations counted for coverage (when the notes were read).
    tally: Option<Tally>,
    /// The notes' git history, and the word diffs of stale sections worked out so far.
    drift: citation::Drift,
    languages: Vec<String>,
    /// Where the text being read starts in the file (chunked reading).
    base: usize,
    /// Whether to keep the cards (`load`) or only validate them (`check`).
    keep_cards: bool,
    /// What authoring checks on every card, when checking (`check`).
    card_check: Option<&'f mut (dyn CardCheck + 'static)>,
    cards: Vec<Card>,
    card_count: usize,
    /// The deck's `[grading] ignore_accents`, the default of its cards.
    ignore_accents: bool,
    /// Card ids seen so far, with the line of their first use.
    seen: HashMap<String, usize>,
}

impl<'f> Context<'f> {
    fn new(file: &'f DeckFile, card_check: Option<&'f mut (dyn CardCheck + 'static)>) -> Self {
        Context {
            keep_cards: card_check.is_none(),
            card_check,
            file,
            lines: LineIndex::new(&file.text),
            diagnostics: Vec::new(),
            notes: None,
            notes_name: String::new(),
            tally: None,
            drift: citation::Drift::default(),
            languages: Vec::new(),
            base: 0,
            cards: Vec::new(),
            card_count: 0,
            ignore_accents: false,
            seen: HashMap::new(),
        }
    }

    fn finish(mut self, deck: Option<Deck>) -> Loaded {
        self.diagnostics.sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let deck = deck.map(|deck| Deck { cards: std::mem::take(&mut self.cards), ..deck });
        let coverage = match (self.tally.take(), &self.notes) {
            (Some(tally), Some(notes)) => Some(tally.finish(notes, std::mem::take(&mut self.notes_name))),
            _ => None,
        };
        Loaded {
            deck: if has_errors { None } else { deck },
            diagnostics: self.diagnostics,
            card_count: self.card_count,
            coverage,
        }
    }

    /// Whether this is `quiz check`, which also verifies what only deck authors
    /// need verified (notes, citations, distinct choices, the grader self-test);
    /// sessions skip that work, since a deck is checked before it is shipped.
    pub(super) fn authoring(&self) -> bool {
        !self.keep_cards
    }

    fn no_cards(&mut self) {
        self.push(Severity::Warning, "no-cards", 0..0, None, "the deck has no `[[card]]` tables".to_string(), None);
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        span: Range<usize>,
        card: Option<&str>,
        message: String,
        help: Option<String>,
    ) {
        let position = self.lines.position(&self.file.text, self.base + span.start);
        self.diagnostics.push(Diagnostic {
            severity,
            code,
            file: self.file.display_name.clone(),
            line: position.line,
            column: position.column,
            card: card.map(|card| ellipsize(card, 64).into_owned()),
            message,
            help,
            note: None,
        });
    }

    fn error(&mut self, code: &'static str, span: Range<usize>, card: Option<&str>, message: String) {
        self.push(Severity::Error, code, span, card, message, None);
    }

    fn error_with_help(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        card: Option<&str>,
        message: String,
        help: String,
    ) {
        self.push(Severity::Error, code, span, card, message, Some(help));
    }
}

/// User text quoted in a message, cut to a readable length: a diagnostic
/// never repeats a huge string.
pub(super) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    ellipsize(text, 60)
}

/// At most `count` of `items`, each [`shown`], joined by commas (with `…` when cut).
pub(super) fn listing<'a>(items: impl Iterator<Item = &'a str>, count: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for (index, item) in items.enumerate() {
        if index == count {
            out.push("…".to_string());
            break;
        }
        out.push(shown(item).into_owned());
    }
    out.join(", ")
}

/// Whether `id` is a valid card or deck id: lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && !id.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_forbidden_characters() {
        assert!(is_valid_id("asyncio-3-4"));
        assert!(!is_valid_id("Asyncio"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(""));
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use crate::deck::Origin;

    fn file(text: String) -> DeckFile {
        DeckFile { display_name: "fuzz.toml".into(), origin: Origin::File("fuzz.toml".into()), text }
    }

    /// Untrusted decks must never panic the loader: every prefix of a real deck,
    /// and that deck with bytes swapped for TOML's structural characters.
    /// What a load gives, as text to compare (diagnostics have no `PartialEq`).
    fn outcome(loaded: &Loaded) -> String {
        format!("{:?}\n{:?}\n{}", loaded.deck, loaded.diagnostics, loaded.card_count)
    }

    /// Reading one `[[card]]` at a time gives exactly what reading the whole
    /// file does: the same deck, the same diagnostics at the same lines.
    fn assert_chunks_agree(text: &str) {
        let file = file(text.to_string());
        let Some(chunked) = load_in_chunks(&file, None) else { return };
        assert_eq!(outcome(&chunked), outcome(&load_whole(&file, None)), "{text}");
    }

    #[test]
    fn the_chunked_and_the_whole_file_parsers_agree() {
        let bundled = include_str!("../../../decks/asyncio.toml");
        let kinds = include_str!("../../../tests/fixtures/decks/kinds.toml");
        for text in [bundled, kinds] {
            assert!(load_in_chunks(&file(text.to_string()), None).is_some(), "read in chunks");
            assert_chunks_agree(text);
        }
        // Multi-line strings, one with a `[[card]]` line inside, and `"""` in a comment and a string.
        let multi_line = r#"format = 1
id = "multi"
title = "Multi-line strings"
description = """
A description over
[[card]]
several lines."""

[[card]]
id = "one"
kind = "short"
prompt = '''
Which keyword
[[card]]
delegates?'''
answer = "yield from" # a comment with """ in it
explanation = "not \"\"\" a string opener"

[[card]]
id = "two"
kind = "short"
prompt = """Quoted ""twice"" inside."""
answer = "x"
"#;
        let chunked = load_in_chunks(&file(multi_line.to_string()), None).expect("read in chunks");
        assert_eq!(chunked.card_count, 2, "{:?}", chunked.diagnostics);
        assert_eq!(chunked.error_count(), 0, "{:?}", chunked.diagnostics);
        assert_chunks_agree(multi_line);
        // Errors are found at the same places either way.
        let broken = kinds.replacen("kind = \"choice\"", "kind = \"choise\"", 1).replacen(
            "id = \"pep-492\"",
            "id = \"timeline\"",
            1,
        );
        assert_chunks_agree(&broken);
    }

    #[test]
    fn truncated_and_mangled_decks_never_panic() {
        let text = include_str!("../../../tests/fixtures/decks/kinds.toml");
        for end in (0..=text.len()).filter(|end| text.is_char_boundary(*end)) {
            let loaded = crate::check::check(&file(text[..end].to_string()));
            assert!(loaded.deck.is_some() || !loaded.diagnostics.is_empty(), "prefix {end}: no deck and no reason");
        }
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let specials = ['[', ']', '{', '}', '"', '=', '\n', ',', '|', '\u{1b}', '가'];
        for _ in 0..400 {
            let mut mangled: Vec<char> = text.chars().collect();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % mangled.len() as u64) as usize;
                mangled[at] = specials[(state >> 32) as usize % specials.len()];
            }
            let mangled: String = mangled.into_iter().collect();
            assert_chunks_agree(&mangled);
            let _ = load(&file(mangled));
        }
    }
}
