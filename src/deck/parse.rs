//! Turns a deck file into a [`Deck`], reporting every problem at once with its
//! position. The TOML is parsed into a spanned tree first, so each message can
//! point at the exact field.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::diagnostic::{Diagnostic, LineIndex, Severity};
use super::notes::Notes;
use super::source::DeckFile;
use super::{
    closest, Answer, Card, CardId, CardKind, CardText, Citation, ClozePiece, Deck, DeckId, Gap, SchedulingDefaults,
    StableHasher, FORMAT_VERSION,
};
use crate::grade;

/// The result of loading a deck: the deck when it is usable, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// The deck, unless an error made it unusable.
    pub deck: Option<Deck>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Cards read without errors (also when [`check`] did not keep them).
    pub card_count: usize,
}

impl Loaded {
    /// The number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count()
    }
}

const DECK_FIELDS: &[&str] =
    &["format", "id", "title", "description", "version", "languages", "source", "scheduling", "card"];
const SCHEDULING_FIELDS: &[&str] = &["desired_retention", "new_per_day"];
const CARD_COMMON_FIELDS: &[&str] = &["id", "kind", "prompt", "tags", "explanation", "source", "translations"];
const CITATION_FIELDS: &[&str] = &["section", "quote"];

/// Fields a card of `kind` may carry besides the common ones.
fn kind_fields(kind: CardKind) -> &'static [&'static str] {
    match kind {
        CardKind::Flashcard | CardKind::TrueFalse => &["answer"],
        CardKind::Choice => &["choices", "answer", "accept"],
        CardKind::Multi => &["choices", "answer"],
        CardKind::Short => &["answer", "accept"],
        CardKind::Numeric => &["answer", "tolerance", "range"],
        CardKind::Cloze => &[],
        CardKind::Order => &["items"],
    }
}

/// Fields a translation of a card of `kind` may carry.
fn translation_fields(kind: CardKind) -> Vec<&'static str> {
    let mut fields = vec!["prompt", "explanation"];
    fields.extend(kind_fields(kind).iter().filter(|field| !matches!(**field, "tolerance" | "range")));
    fields
}

/// Loads and validates a deck file.
pub fn load(file: &DeckFile) -> Loaded {
    load_with(file, true)
}

/// Validates a deck file without keeping its cards (`deck.cards` is empty and
/// [`Loaded::card_count`] says how many there were): what `quiz check` needs,
/// in bounded memory however large the deck.
pub fn check(file: &DeckFile) -> Loaded {
    load_with(file, false)
}

fn load_with(file: &DeckFile, keep_cards: bool) -> Loaded {
    // Large decks are read one `[[card]]` at a time, so the parsed tree of the
    // whole file never exists at once; any surprise sends us to the whole-file path.
    if let Some(loaded) = load_in_chunks(file, keep_cards) {
        return loaded;
    }
    let mut context = Context::new(file, keep_cards);
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
/// `None` when the text has multi-line strings that could hide a header line.
fn card_chunks(text: &str) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("").trim();
        if code == "[[card]]" {
            starts.push(offset);
        }
        offset += line.len();
    }
    let first = *starts.first()?;
    let chunks = starts
        .iter()
        .enumerate()
        .map(|(index, start)| *start..starts.get(index + 1).copied().unwrap_or(text.len()))
        .collect();
    Some((0..first, chunks))
}

fn load_in_chunks(file: &DeckFile, keep_cards: bool) -> Option<Loaded> {
    let (header, chunks) = card_chunks(&file.text)?;
    let mut context = Context::new(file, keep_cards);
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
    languages: Vec<String>,
    /// Where the text being read starts in the file (chunked reading).
    base: usize,
    /// Whether to keep the cards (`load`) or only validate them (`check`).
    keep_cards: bool,
    cards: Vec<Card>,
    card_count: usize,
    /// Card ids seen so far, with the line of their first use.
    seen: HashMap<String, usize>,
}

impl<'f> Context<'f> {
    fn new(file: &'f DeckFile, keep_cards: bool) -> Self {
        Context {
            file,
            lines: LineIndex::new(&file.text),
            diagnostics: Vec::new(),
            notes: None,
            languages: Vec::new(),
            base: 0,
            keep_cards,
            cards: Vec::new(),
            card_count: 0,
            seen: HashMap::new(),
        }
    }

    fn finish(mut self, deck: Option<Deck>) -> Loaded {
        self.diagnostics.sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        let deck = deck.map(|deck| Deck { cards: std::mem::take(&mut self.cards), ..deck });
        Loaded {
            deck: if has_errors { None } else { deck },
            diagnostics: self.diagnostics,
            card_count: self.card_count,
        }
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
            card: card.map(str::to_string),
            message,
            help,
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

    // ---- typed field access -------------------------------------------------

    /// Reports keys of `table` that are not in `allowed`, suggesting the closest.
    fn check_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str, card: Option<&str>, other: &[&str]) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let message = if other.contains(&name) {
                format!("field `{name}` does not belong in {what}")
            } else {
                format!("unknown field `{name}` in {what}")
            };
            let help = match closest(name, allowed.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("expected one of: {}", allowed.join(", ")),
            };
            self.error_with_help("unknown-field", key.span(), card, message, help);
        }
    }

    fn missing(&mut self, span: Range<usize>, card: Option<&str>, field: &str, what: &str) {
        self.error("missing-field", span, card, format!("{what} has no `{field}`, which is required"));
    }

    fn wrong_type(&mut self, value: &Value<'_>, card: Option<&str>, field: &str, expected: &str) {
        let found = value.get_ref().type_str();
        self.error("wrong-type", value.span(), card, format!("`{field}` must be {expected}, not {found}"));
    }

    /// A text field: type-checked and screened for control characters.
    fn text(&mut self, table: &DeTable<'_>, field: &str, card: Option<&str>) -> Option<(String, Range<usize>)> {
        let value = table.get(field)?;
        match value.get_ref() {
            DeValue::String(text) => {
                self.screen(text, value.span(), card, field);
                Some((text.to_string(), value.span()))
            }
            _ => {
                self.wrong_type(value, card, field, "a string");
                None
            }
        }
    }

    /// A required, non-empty text field.
    fn required_text(
        &mut self,
        table: &DeTable<'_>,
        table_span: Range<usize>,
        field: &str,
        card: Option<&str>,
        what: &str,
    ) -> Option<(String, Range<usize>)> {
        if !table.contains_key(field) {
            self.missing(table_span, card, field, what);
            return None;
        }
        let (text, span) = self.text(table, field, card)?;
        if text.trim().is_empty() {
            self.error("empty", span, card, format!("`{field}` is empty"));
            return None;
        }
        Some((text, span))
    }

    fn text_list(
        &mut self,
        table: &DeTable<'_>,
        field: &str,
        card: Option<&str>,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let value = table.get(field)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(value, card, field, "a list of strings");
            return None;
        };
        let mut texts = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) => {
                    self.screen(text, item.span(), card, field);
                    if text.trim().is_empty() {
                        self.error("empty", item.span(), card, format!("`{field}` has an empty entry"));
                    }
                    texts.push((text.to_string(), item.span()));
                }
                _ => self.wrong_type(item, card, &format!("every entry of `{field}`"), "a string"),
            }
        }
        Some(texts)
    }

    fn number(&mut self, table: &DeTable<'_>, field: &str, card: Option<&str>) -> Option<(f64, Range<usize>)> {
        let value = table.get(field)?;
        match number_of(value.get_ref()) {
            Some(number) => Some((number, value.span())),
            None => {
                self.wrong_type(value, card, field, "a number");
                None
            }
        }
    }

    fn table<'a, 'i>(
        &mut self,
        parent: &'a DeTable<'i>,
        field: &str,
        card: Option<&str>,
    ) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        let value = parent.get(field)?;
        match value.get_ref() {
            DeValue::Table(table) => Some((table, value.span())),
            _ => {
                self.wrong_type(value, card, field, "a table");
                None
            }
        }
    }

    /// Rejects control characters (terminal escapes) and bidirectional overrides.
    fn screen(&mut self, text: &str, span: Range<usize>, card: Option<&str>, field: &str) {
        if let Some(bad) = text.chars().find(|character| is_forbidden(*character)) {
            self.error_with_help(
                "control-character",
                span,
                card,
                format!("`{field}` contains the control character U+{:04X}", bad as u32),
                "decks are shown in terminals: remove escape sequences and control characters".to_string(),
            );
        }
    }

    // ---- the deck ------------------------------------------------------------

    fn read_deck(&mut self, root: &DeTable<'_>) -> Option<Deck> {
        let whole = 0..0;
        self.check_keys(root, DECK_FIELDS, "the deck", None, &[]);

        match root.get("format") {
            None => self.error_with_help(
                "missing-field",
                whole.clone(),
                None,
                "the deck has no `format`, which is required".to_string(),
                format!("add `format = {FORMAT_VERSION}` at the top"),
            ),
            Some(value) => {
                match value.get_ref().as_integer().and_then(|integer| integer.as_str().parse::<i64>().ok()) {
                    Some(FORMAT_VERSION) => {}
                    Some(newer) if newer > FORMAT_VERSION => self.error_with_help(
                        "format-version",
                        value.span(),
                        None,
                        format!("deck format {newer} is newer than this quiz understands ({FORMAT_VERSION})"),
                        "upgrade quiz to read this deck".to_string(),
                    ),
                    Some(other) => self.error(
                        "format-version",
                        value.span(),
                        None,
                        format!("deck format {other} does not exist; use {FORMAT_VERSION}"),
                    ),
                    None => self.wrong_type(value, None, "format", "an integer"),
                }
            }
        }

        let id = self.required_text(root, whole.clone(), "id", None, "the deck");
        if let Some((id, span)) = &id {
            if !is_valid_id(id) {
                self.error(
                    "invalid-id",
                    span.clone(),
                    None,
                    format!("deck id `{id}` may use only lowercase letters, digits and `-`"),
                );
            }
        }
        let title = self.required_text(root, whole.clone(), "title", None, "the deck");
        let description = self.text(root, "description", None).map(|(text, _)| text).unwrap_or_default();
        let version = self.text(root, "version", None).map(|(text, _)| text).unwrap_or_default();
        let languages = self.read_languages(root);
        self.languages = languages.clone();
        let source = self.read_notes(root);
        let scheduling = self.read_scheduling(root);

        Some(Deck {
            id: DeckId(id?.0),
            title: title?.0,
            description,
            version,
            languages,
            source,
            scheduling,
            cards: Vec::new(),
        })
    }

    fn read_languages(&mut self, root: &DeTable<'_>) -> Vec<String> {
        let languages: Vec<String> = self
            .text_list(root, "languages", None)
            .map(|list| {
                let mut seen: Vec<String> = Vec::new();
                for (language, span) in list {
                    let valid = !language.is_empty()
                        && language.len() <= 16
                        && language.chars().all(|character| character.is_ascii_alphanumeric() || character == '-');
                    if !valid {
                        self.error(
                            "invalid-language",
                            span,
                            None,
                            format!("`{language}` is not a language code like `en` or `ko`"),
                        );
                    } else if seen.contains(&language) {
                        self.error("duplicate-language", span, None, format!("language `{language}` is listed twice"));
                    } else {
                        seen.push(language);
                    }
                }
                seen
            })
            .unwrap_or_default();
        if languages.is_empty() {
            vec!["en".to_string()]
        } else {
            languages
        }
    }

    /// Whether this is `quiz check`, which also verifies what only deck authors
    /// need verified (notes, citations, distinct choices, the grader self-test);
    /// sessions skip that work, since a deck is checked before it is shipped.
    fn authoring(&self) -> bool {
        !self.keep_cards
    }

    fn read_notes(&mut self, root: &DeTable<'_>) -> Option<String> {
        let (relative, span) = self.text(root, "source", None)?;
        if !self.authoring() {
            return Some(relative);
        }
        match self.file.read_relative(&relative) {
            Some(Ok(markdown)) => self.notes = Some(Notes::parse(&markdown)),
            Some(Err(error)) => self.error("source-unreadable", span, None, error.to_string()),
            None => self.error_with_help(
                "source-missing",
                span,
                None,
                format!("the notes file `{}` does not exist", self.file.relative_display(&relative)),
                "`source` is a path relative to the deck file".to_string(),
            ),
        }
        Some(relative)
    }

    fn read_scheduling(&mut self, root: &DeTable<'_>) -> SchedulingDefaults {
        let mut defaults = SchedulingDefaults::default();
        let Some((table, _)) = self.table(root, "scheduling", None) else {
            return defaults;
        };
        self.check_keys(table, SCHEDULING_FIELDS, "[scheduling]", None, &[]);
        if let Some((retention, span)) = self.number(table, "desired_retention", None) {
            if (0.7..=0.99).contains(&retention) {
                defaults.desired_retention = Some(retention);
            } else {
                self.error("out-of-range", span, None, format!("desired_retention {retention} is outside 0.7 to 0.99"));
            }
        }
        if let Some((count, span)) = self.number(table, "new_per_day", None) {
            if count >= 0.0 && count.fract() == 0.0 && count <= 100_000.0 {
                defaults.new_per_day = Some(count as u32);
            } else {
                self.error(
                    "out-of-range",
                    span,
                    None,
                    format!("new_per_day must be a whole number from 0 to 100000, not {count}"),
                );
            }
        }
        defaults
    }

    fn read_cards(&mut self, entries: &[Value<'_>]) {
        for entry in entries {
            let DeValue::Table(table) = entry.get_ref() else {
                self.wrong_type(entry, None, "card", "a table");
                continue;
            };
            let Some(card) = self.read_card(table, entry.span()) else { continue };
            match self.seen.get(&card.id.0) {
                Some(first_line) => {
                    let message = format!("card id `{}` is used twice (first on line {first_line})", card.id);
                    let span = table.get("id").map(|value| value.span()).unwrap_or(entry.span());
                    let help = "card ids must be unique in a deck".to_string();
                    self.error_with_help("duplicate-id", span, Some(&card.id.0), message, help);
                }
                None => {
                    self.seen.insert(card.id.0.clone(), card.position.line);
                    self.card_count += 1;
                    if self.keep_cards {
                        self.cards.push(card);
                    }
                }
            }
        }
    }

    fn read_card(&mut self, table: &DeTable<'_>, span: Range<usize>) -> Option<Card> {
        let position = self.lines.position(&self.file.text, self.base + span.start);
        let id = match self.required_text(table, span.clone(), "id", None, "a card") {
            Some((id, id_span)) => {
                if !is_valid_id(&id) {
                    self.error_with_help(
                        "invalid-id",
                        id_span,
                        Some(&id),
                        format!("card id `{id}` may use only lowercase letters, digits and `-`"),
                        "ids are stable keys for progress; e.g. `asyncio-stdlib-version`".to_string(),
                    );
                }
                id
            }
            None => format!("(card on line {})", position.line),
        };
        let card = Some(id.as_str());

        let kind = match table.get("kind") {
            None => {
                self.missing(span.clone(), card, "kind", "the card");
                None
            }
            Some(value) => match value.get_ref().as_str() {
                Some(name) => match CardKind::from_name(name) {
                    Some(kind) => Some(kind),
                    None => {
                        let names = CardKind::ALL.map(CardKind::name);
                        let help = match closest(name, names.iter().copied()) {
                            Some(suggestion) => format!("did you mean `{suggestion}`?"),
                            None => format!("expected one of: {}", names.join(", ")),
                        };
                        self.error_with_help(
                            "unknown-kind",
                            value.span(),
                            card,
                            format!("unknown card kind `{name}`"),
                            help,
                        );
                        None
                    }
                },
                None => {
                    self.wrong_type(value, card, "kind", "a string");
                    None
                }
            },
        };

        let every_field: Vec<&str> = CardKind::ALL.iter().flat_map(|kind| kind_fields(*kind).iter().copied()).collect();
        match kind {
            Some(kind) => {
                let allowed: Vec<&str> = CARD_COMMON_FIELDS.iter().chain(kind_fields(kind)).copied().collect();
                let what = format!("a `{kind}` card");
                self.check_keys(table, &allowed, &what, card, &every_field);
            }
            None => {
                let allowed: Vec<&str> =
                    CARD_COMMON_FIELDS.iter().copied().chain(every_field.iter().copied()).collect();
                self.check_keys(table, &allowed, "a card", card, &[]);
            }
        }

        let tags: Vec<String> = self
            .text_list(table, "tags", card)
            .map(|tags| tags.into_iter().map(|(tag, _)| tag).collect())
            .unwrap_or_default();
        let source = self.read_citation(table, card);
        let text = self.read_text(table, span.clone(), kind?, None, card);
        let translations = self.read_translations(table, span, kind?, text.as_ref(), card);
        let text = text?;
        if self.authoring() {
            if let Some(translations) = &translations {
                for (language, translated) in translations {
                    self.self_test(translated, position, card, Some(language));
                }
            }
            self.self_test(&text, position, card, None);
        }

        let translations = translations.unwrap_or_default();
        let content_hash = content_hash(&id, &tags, &text, &translations);
        Some(Card { id: CardId(id), tags, source, text, translations, position, content_hash })
    }

    fn read_citation(&mut self, table: &DeTable<'_>, card: Option<&str>) -> Option<Citation> {
        let (citation, span) = self.table(table, "source", card)?;
        self.check_keys(citation, CITATION_FIELDS, "a citation", card, &[]);
        let (section, section_span) = self.required_text(citation, span.clone(), "section", card, "the citation")?;
        let quote = self.text(citation, "quote", card);
        if !self.authoring() {
            return Some(Citation { section, quote: quote.map(|(quote, _)| quote) });
        }
        match &self.notes {
            None if !self.diagnostics.iter().any(|diagnostic| diagnostic.code.starts_with("source-")) => {
                self.error_with_help(
                    "citation-without-notes",
                    span,
                    card,
                    "the card cites a section, but the deck names no notes file".to_string(),
                    "add `source = \"notes.md\"` to the deck".to_string(),
                );
            }
            None => {}
            Some(notes) => {
                if !notes.has_section(&section) {
                    let help = match closest(&section, notes.headings()) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None => format!("the headings are: {}", notes.headings().collect::<Vec<_>>().join(", ")),
                    };
                    self.error_with_help(
                        "unknown-section",
                        section_span,
                        card,
                        format!("the notes have no section `{section}`"),
                        help,
                    );
                } else if let Some((quote, quote_span)) = &quote {
                    if !notes.section_contains(&section, quote) {
                        self.error_with_help(
                            "quote-not-found",
                            quote_span.clone(),
                            card,
                            format!("the quote does not appear in section `{section}` of the notes"),
                            "quote the notes word for word (whitespace may differ)".to_string(),
                        );
                    }
                }
            }
        }
        Some(Citation { section, quote: quote.map(|(quote, _)| quote) })
    }

    fn read_translations(
        &mut self,
        table: &DeTable<'_>,
        card_span: Range<usize>,
        kind: CardKind,
        base: Option<&CardText>,
        card: Option<&str>,
    ) -> Option<BTreeMap<String, CardText>> {
        let mut translations = BTreeMap::new();
        let declared: Vec<String> = self.languages.iter().skip(1).cloned().collect();
        if let Some((tables, _)) = self.table(table, "translations", card) {
            for (language, value) in tables.iter() {
                let language_name = language.get_ref().as_ref();
                if !declared.iter().any(|declared| declared == language_name) {
                    let help = if self.languages.iter().any(|known| known == language_name) {
                        "the base language needs no translation".to_string()
                    } else {
                        format!("add \"{language_name}\" to the deck's `languages`")
                    };
                    self.error_with_help(
                        "undeclared-language",
                        language.span(),
                        card,
                        format!("translation for undeclared language `{language_name}`"),
                        help,
                    );
                    continue;
                }
                let DeValue::Table(translation) = value.get_ref() else {
                    self.wrong_type(value, card, &format!("translations.{language_name}"), "a table");
                    continue;
                };
                let allowed = translation_fields(kind);
                let what = format!("the `{language_name}` translation");
                self.check_keys(translation, &allowed, &what, card, &[]);
                if let Some(base) = base {
                    if let Some(text) = self.read_text(translation, value.span(), kind, Some(base), card) {
                        translations.insert(language_name.to_string(), text);
                    }
                }
            }
        }
        for language in declared {
            if !translations.contains_key(&language) && base.is_some() {
                self.push(
                    Severity::Warning,
                    "missing-translation",
                    card_span.clone(),
                    card,
                    format!("the card has no `{language}` translation"),
                    Some(format!("add a [card.translations.{language}] table; it falls back to the base language")),
                );
            }
        }
        base.map(|_| translations)
    }

    /// Reads a card's text in one language. With `base`, every field is optional and
    /// falls back to the base text.
    fn read_text(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
        kind: CardKind,
        base: Option<&CardText>,
        card: Option<&str>,
    ) -> Option<CardText> {
        let prompt = match base {
            None => self.required_text(table, span.clone(), "prompt", card, "the card"),
            Some(base) => match table.contains_key("prompt") {
                true => self.required_text(table, span.clone(), "prompt", card, "the translation"),
                false => Some((base.prompt.clone(), span.clone())),
            },
        };
        let explanation = self
            .text(table, "explanation", card)
            .map(|(text, _)| text)
            .or_else(|| base.and_then(|base| base.explanation.clone()));
        let (prompt, prompt_span) = prompt?;
        let base_answer = base.map(|base| &base.answer);

        let (prompt, answer) = match kind {
            CardKind::Flashcard => {
                let back = match base_answer {
                    Some(Answer::Flashcard { back }) if !table.contains_key("answer") => back.clone(),
                    _ => self.required_text(table, span, "answer", card, "a flashcard")?.0,
                };
                (prompt, Answer::Flashcard { back })
            }
            CardKind::TrueFalse => {
                let correct = match (table.get("answer"), base_answer) {
                    (Some(value), _) => match value.get_ref().as_bool() {
                        Some(correct) => correct,
                        None => {
                            self.wrong_type(value, card, "answer", "true or false");
                            return None;
                        }
                    },
                    (None, Some(Answer::TrueFalse { correct })) => *correct,
                    (None, _) => {
                        self.missing(span, card, "answer", "a truefalse card");
                        return None;
                    }
                };
                (prompt, Answer::TrueFalse { correct })
            }
            CardKind::Short => {
                let (answer, accept) = match base_answer {
                    Some(Answer::Short { answer, accept }) => (
                        match table.contains_key("answer") {
                            true => self.required_text(table, span, "answer", card, "the translation")?.0,
                            false => answer.clone(),
                        },
                        match self.text_list(table, "accept", card) {
                            Some(list) => list.into_iter().map(|(text, _)| text).collect(),
                            None => accept.clone(),
                        },
                    ),
                    _ => (
                        self.required_text(table, span, "answer", card, "a short card")?.0,
                        self.text_list(table, "accept", card)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(text, _)| text)
                            .collect(),
                    ),
                };
                (prompt, Answer::Short { answer, accept })
            }
            CardKind::Choice | CardKind::Multi => {
                let answer = self.read_choices(table, span, kind, base_answer, card)?;
                (prompt, answer)
            }
            CardKind::Numeric => {
                if let Some(base @ Answer::Numeric { .. }) = base_answer {
                    if !table.contains_key("answer") {
                        return Some(CardText { prompt, answer: base.clone(), explanation });
                    }
                }
                let answer = self.number(table, "answer", card);
                let tolerance = self.number(table, "tolerance", card);
                let range = self.read_range(table, card);
                if let Some((tolerance, tolerance_span)) = &tolerance {
                    if *tolerance < 0.0 {
                        self.error(
                            "negative-tolerance",
                            tolerance_span.clone(),
                            card,
                            format!("tolerance {tolerance} is negative"),
                        );
                        return None;
                    }
                }
                if answer.is_none() && range.is_none() {
                    self.error_with_help(
                        "missing-field",
                        span,
                        card,
                        "a numeric card needs an `answer` or a `range`".to_string(),
                        "e.g. `answer = 2009` or `range = [2012, 2013]`".to_string(),
                    );
                    return None;
                }
                let answer = Answer::Numeric {
                    answer: answer.map(|(value, _)| value),
                    tolerance: tolerance.map(|(value, _)| value).unwrap_or(0.0),
                    range,
                };
                (prompt, answer)
            }
            CardKind::Cloze => {
                let (pieces, gaps) = match parse_cloze(&prompt) {
                    Ok(parsed) => parsed,
                    Err(message) => {
                        self.error_with_help(
                            "cloze",
                            prompt_span,
                            card,
                            message,
                            "mark each gap as {{answer}} or {{answer|alternate}}".to_string(),
                        );
                        return None;
                    }
                };
                if let Some(Answer::Cloze { gaps: base_gaps, .. }) = base_answer {
                    if base_gaps.len() != gaps.len() {
                        self.error(
                            "translation-mismatch",
                            prompt_span,
                            card,
                            format!("the translation has {} gap(s) but the card has {}", gaps.len(), base_gaps.len()),
                        );
                        return None;
                    }
                }
                let display = render_cloze(&pieces, &gaps);
                (display, Answer::Cloze { pieces, gaps })
            }
            CardKind::Order => {
                let items = match (self.text_list(table, "items", card), base_answer) {
                    (Some(items), _) => items,
                    (None, Some(Answer::Order { items })) => {
                        items.iter().map(|item| (item.clone(), span.clone())).collect()
                    }
                    (None, _) => {
                        self.missing(span, card, "items", "an order card");
                        return None;
                    }
                };
                if items.len() < 2 {
                    let at = items.first().map(|(_, item_span)| item_span.clone()).unwrap_or(span);
                    self.error(
                        "too-few-items",
                        at,
                        card,
                        format!("an order card needs at least 2 items, it has {}", items.len()),
                    );
                    return None;
                }
                if let Some(Answer::Order { items: base_items }) = base_answer {
                    if base_items.len() != items.len() {
                        self.error(
                            "translation-mismatch",
                            span,
                            card,
                            format!("the translation has {} items but the card has {}", items.len(), base_items.len()),
                        );
                        return None;
                    }
                }
                self.check_distinct(&items, card, "items")?;
                (prompt, Answer::Order { items: items.into_iter().map(|(item, _)| item).collect() })
            }
        };
        Some(CardText { prompt, answer, explanation })
    }

    fn read_range(&mut self, table: &DeTable<'_>, card: Option<&str>) -> Option<(f64, f64)> {
        let value = table.get("range")?;
        let bounds: Option<Vec<f64>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().map(|item| number_of(item.get_ref())).collect(),
            _ => None,
        };
        match bounds.as_deref() {
            Some([low, high]) if low <= high => Some((*low, *high)),
            Some([low, high]) => {
                self.error(
                    "bad-range",
                    value.span(),
                    card,
                    format!("range [{low}, {high}] runs backwards; write the low bound first"),
                );
                None
            }
            _ => {
                self.wrong_type(value, card, "range", "two numbers, [low, high]");
                None
            }
        }
    }

    fn check_distinct(&mut self, entries: &[(String, Range<usize>)], card: Option<&str>, field: &str) -> Option<()> {
        if !self.authoring() {
            return Some(());
        }
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut distinct = true;
        for (text, span) in entries {
            if let Some(first) = seen.insert(grade::normalize(text), text) {
                self.error(
                    "duplicate-choice",
                    span.clone(),
                    card,
                    format!("`{field}` lists `{text}` twice (the same as `{first}` once normalised)"),
                );
                distinct = false;
            }
        }
        distinct.then_some(())
    }

    fn read_choices(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
        kind: CardKind,
        base: Option<&Answer>,
        card: Option<&str>,
    ) -> Option<Answer> {
        let base_choices = base.and_then(Answer::choices);
        let choices: Vec<(String, Range<usize>)> = match (self.text_list(table, "choices", card), base_choices) {
            (Some(choices), _) => choices,
            (None, Some(base_choices)) => base_choices.iter().map(|choice| (choice.clone(), span.clone())).collect(),
            (None, None) => {
                self.missing(span, card, "choices", &format!("a {kind} card"));
                return None;
            }
        };
        if choices.len() < 2 {
            self.error(
                "too-few-choices",
                span,
                card,
                format!("a {kind} card needs at least 2 choices, it has {}", choices.len()),
            );
            return None;
        }
        if let Some(base_choices) = base_choices {
            if base_choices.len() != choices.len() {
                self.error(
                    "translation-mismatch",
                    span,
                    card,
                    format!("the translation has {} choices but the card has {}", choices.len(), base_choices.len()),
                );
                return None;
            }
        }
        let _ = self.check_distinct(&choices, card, "choices");
        let texts: Vec<String> = choices.into_iter().map(|(choice, _)| choice).collect();
        let index_of = |wanted: &str| texts.iter().position(|choice| choice == wanted);

        let answer_value = table.get("answer");
        let answer = match (kind, answer_value, base) {
            (CardKind::Choice, None, Some(Answer::Choice { correct, .. })) => {
                Some(Answer::Choice { choices: texts, correct: *correct, accept: Vec::new() })
            }
            (CardKind::Multi, None, Some(Answer::Multi { correct, .. })) => {
                Some(Answer::Multi { choices: texts, correct: correct.clone() })
            }
            (_, None, _) => {
                self.missing(span, card, "answer", &format!("a {kind} card"));
                None
            }
            (CardKind::Choice, Some(value), _) => {
                let Some(answer) = value.get_ref().as_str() else {
                    self.wrong_type(value, card, "answer", "one of the choices (a string)");
                    return None;
                };
                match index_of(answer) {
                    Some(correct) => Some(Answer::Choice { choices: texts, correct, accept: Vec::new() }),
                    None => {
                        self.not_a_choice(value.span(), card, answer, &texts);
                        None
                    }
                }
            }
            (_, Some(value), _) => {
                let DeValue::Array(answers) = value.get_ref() else {
                    self.wrong_type(value, card, "answer", "a list of choices");
                    return None;
                };
                if answers.is_empty() {
                    self.error("empty", value.span(), card, "`answer` lists no choices".to_string());
                    return None;
                }
                let mut correct = Vec::new();
                for answer in answers.iter() {
                    match answer.get_ref().as_str() {
                        Some(text) => match index_of(text) {
                            Some(index) if correct.contains(&index) => {
                                self.error(
                                    "duplicate-choice",
                                    answer.span(),
                                    card,
                                    format!("`answer` lists `{text}` twice"),
                                );
                            }
                            Some(index) => correct.push(index),
                            None => self.not_a_choice(answer.span(), card, text, &texts),
                        },
                        None => self.wrong_type(answer, card, "every entry of `answer`", "a string"),
                    }
                }
                (correct.len() == answers.len()).then(|| {
                    correct.sort_unstable();
                    Answer::Multi { choices: texts, correct }
                })
            }
        };
        match answer {
            Some(Answer::Choice { choices, correct, .. }) => {
                let base_accept = match base {
                    Some(Answer::Choice { accept, .. }) => accept.as_slice(),
                    _ => &[],
                };
                let accept = self.read_choice_alternates(table, &choices, correct, base_accept, card);
                Some(Answer::Choice { choices, correct, accept })
            }
            other => other,
        }
    }

    /// Alternate spellings of the right choice, for typed answers; none may name a wrong choice.
    fn read_choice_alternates(
        &mut self,
        table: &DeTable<'_>,
        choices: &[String],
        correct: usize,
        base: &[String],
        card: Option<&str>,
    ) -> Vec<String> {
        let Some(alternates) = self.text_list(table, "accept", card) else {
            return base.to_vec();
        };
        for (alternate, span) in &alternates {
            let folded = grade::normalize(alternate);
            let clash = choices
                .iter()
                .enumerate()
                .find(|(index, choice)| *index != correct && grade::normalize(choice) == folded);
            if let Some((_, choice)) = clash {
                self.error_with_help(
                    "alternate-is-a-wrong-choice",
                    span.clone(),
                    card,
                    format!("the alternate `{alternate}` is the wrong choice `{choice}`"),
                    "an alternate must spell the right choice, or a typed answer would be marked both ways".to_string(),
                );
            }
        }
        alternates.into_iter().map(|(alternate, _)| alternate).collect()
    }

    fn not_a_choice(&mut self, span: Range<usize>, card: Option<&str>, answer: &str, choices: &[String]) {
        let help = match closest(answer, choices.iter().map(String::as_str)) {
            Some(suggestion) => format!("did you mean `{suggestion}`? The answer must be written exactly as a choice"),
            None => format!("the choices are: {}", choices.join(", ")),
        };
        self.error_with_help(
            "answer-not-a-choice",
            span,
            card,
            format!("the answer `{answer}` is not among the choices"),
            help,
        );
    }

    /// Checks that the grader accepts every right answer and rejects every wrong choice,
    /// so a learner is never marked wrong for an answer the deck promises.
    fn self_test(&mut self, text: &CardText, position: super::Position, card: Option<&str>, language: Option<&str>) {
        let mut problems = Vec::new();
        for (response, should_pass, shown) in grade::self_test_cases(&text.answer) {
            let passed = grade::grade(&text.answer, &response).is_correct();
            if passed != should_pass {
                problems.push(match should_pass {
                    true => format!("`{shown}` should be graded correct but is not"),
                    false => format!("`{shown}` should be graded wrong but is accepted"),
                });
            }
        }
        if !problems.is_empty() {
            let line_start = self.lines.position(&self.file.text, 0);
            let _ = line_start;
            let location = language.map(|language| format!(" ({language})")).unwrap_or_default();
            self.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                code: "self-test",
                file: self.file.display_name.clone(),
                line: position.line,
                column: position.column,
                card: card.map(str::to_string),
                message: format!("grader self-test failed{location}: {}", problems.join("; ")),
                help: Some("make alternates distinct from wrong choices and from each other".to_string()),
            });
        }
    }
}

fn number_of(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(integer) => {
            let digits = integer.as_str().replace('_', "");
            i64::from_str_radix(
                digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b"),
                integer.radix(),
            )
            .ok()
            .map(|value| value as f64)
        }
        DeValue::Float(float) => float.as_str().replace('_', "").parse::<f64>().ok().filter(|value| value.is_finite()),
        _ => None,
    }
}

/// Whether a character must never reach a terminal from deck text.
pub fn is_forbidden(character: char) -> bool {
    (character.is_control() && character != '\n' && character != '\t')
        || matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `id` is a valid card or deck id: lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && !id.starts_with('-')
}

/// Splits cloze text into pieces and gaps: `{{answer|alternate}}` marks a gap.
pub fn parse_cloze(text: &str) -> Result<(Vec<ClozePiece>, Vec<Gap>), String> {
    let mut pieces = Vec::new();
    let mut gaps = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after_open = &rest[open + 2..];
        let Some(close) = after_open.find("}}") else {
            return Err("a gap opened with `{{` is never closed with `}}`".to_string());
        };
        if open > 0 {
            pieces.push(ClozePiece::Text(rest[..open].to_string()));
        }
        let inside = &after_open[..close];
        let mut spellings = inside.split('|').map(str::trim);
        let answer = spellings.next().unwrap_or_default().to_string();
        if answer.is_empty() {
            return Err(format!("gap {} is empty", gaps.len() + 1));
        }
        let accept: Vec<String> = spellings.filter(|spelling| !spelling.is_empty()).map(str::to_string).collect();
        pieces.push(ClozePiece::Gap(gaps.len()));
        gaps.push(Gap { answer, accept });
        rest = &after_open[close + 2..];
    }
    if rest.contains("}}") {
        return Err("`}}` closes a gap that was never opened".to_string());
    }
    if !rest.is_empty() {
        pieces.push(ClozePiece::Text(rest.to_string()));
    }
    if gaps.is_empty() {
        return Err("a cloze card needs at least one gap".to_string());
    }
    Ok((pieces, gaps))
}

/// Cloze text with each gap shown as `[1]`, `[2]`, … for display.
pub fn render_cloze(pieces: &[ClozePiece], gaps: &[Gap]) -> String {
    let numbered = gaps.len() > 1;
    pieces
        .iter()
        .map(|piece| match piece {
            ClozePiece::Text(text) => text.clone(),
            ClozePiece::Gap(index) if numbered => format!("[{}: ____]", index + 1),
            ClozePiece::Gap(_) => "____".to_string(),
        })
        .collect()
}

/// A short, stable hash of everything a learner sees on a card.
fn content_hash(id: &str, tags: &[String], text: &CardText, translations: &BTreeMap<String, CardText>) -> String {
    let mut hasher = StableHasher::default();
    hasher.write(id);
    for tag in tags {
        hasher.write(tag);
    }
    for (language, text) in
        std::iter::once(("", text)).chain(translations.iter().map(|(language, text)| (language.as_str(), text)))
    {
        hasher.write(language);
        hasher.write(&text.prompt);
        hash_answer(&mut hasher, &text.answer);
        hasher.write(text.explanation.as_deref().unwrap_or(""));
    }
    format!("{:016x}", hasher.finish())
}

/// Feeds everything a learner sees of an answer, field by field.
fn hash_answer(hasher: &mut StableHasher, answer: &Answer) {
    hasher.write(answer.kind().name());
    let list = |hasher: &mut StableHasher, items: &[String]| items.iter().for_each(|item| hasher.write(item));
    match answer {
        Answer::Flashcard { back } => hasher.write(back),
        Answer::Choice { choices, correct, accept } => {
            list(hasher, choices);
            hasher.write(&correct.to_string());
            list(hasher, accept);
        }
        Answer::Multi { choices, correct } => {
            list(hasher, choices);
            correct.iter().for_each(|index| hasher.write(&index.to_string()));
        }
        Answer::TrueFalse { correct } => hasher.write(if *correct { "true" } else { "false" }),
        Answer::Short { answer, accept } => {
            hasher.write(answer);
            list(hasher, accept);
        }
        Answer::Numeric { answer, tolerance, range } => {
            hasher.write(&format!("{answer:?}/{tolerance}/{range:?}"));
        }
        Answer::Cloze { gaps, .. } => gaps.iter().for_each(|gap| {
            hasher.write(&gap.answer);
            list(hasher, &gap.accept);
        }),
        Answer::Order { items } => list(hasher, items),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloze_gaps_and_alternates() {
        let (pieces, gaps) = parse_cloze("use {{yield from|yield-from}} and {{await}}").unwrap();
        assert_eq!(gaps.len(), 2);
        assert_eq!(gaps[0].accept, ["yield-from"]);
        assert_eq!(render_cloze(&pieces, &gaps), "use [1: ____] and [2: ____]");
        assert!(parse_cloze("no gaps").is_err());
        assert!(parse_cloze("open {{ never").is_err());
        assert!(parse_cloze("empty {{}}").is_err());
        assert!(parse_cloze("stray }} close").is_err());
    }

    #[test]
    fn ids_and_forbidden_characters() {
        assert!(is_valid_id("asyncio-3-4"));
        assert!(!is_valid_id("Asyncio"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(""));
        assert!(is_forbidden('\u{1b}'));
        assert!(is_forbidden('\u{202E}'));
        assert!(!is_forbidden('\n'));
        assert!(!is_forbidden('가'));
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
    #[test]
    fn truncated_and_mangled_decks_never_panic() {
        let text = include_str!("../../tests/fixtures/decks/kinds.toml");
        for end in (0..=text.len()).filter(|end| text.is_char_boundary(*end)) {
            let loaded = check(&file(text[..end].to_string()));
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
            let _ = load(&file(mangled.into_iter().collect()));
        }
    }
}
