//! Reading one card: its kind's fields, citation, translations, and the authoring check.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::super::cloze::{parse_cloze, render_cloze};
use super::super::hash::content_hash;
use super::fields::number_of;
use super::{kind_fields, shown, translation_fields};
use super::{Context, Value, CARD_COMMON_FIELDS};
use crate::deck::diagnostic::{Diagnostic, Severity};
use crate::deck::{is_valid_id, Answer, Card, CardGrading, CardId, CardKind, CardText, MatchShape};
use crate::text::closest;

impl Context<'_> {
    pub(super) fn read_cards(&mut self, entries: &[Value<'_>]) {
        for entry in entries {
            let DeValue::Table(table) = entry.get_ref() else {
                self.wrong_type(entry, None, "card", "a table");
                continue;
            };
            let Some(card) = self.read_card(table, entry.span()) else { continue };
            match self.seen.get(&card.id.0) {
                Some(first_line) => {
                    let message = format!("card id `{}` is used twice (first on line {first_line})", shown(&card.id.0));
                    let span = table.get("id").map(|value| value.span()).unwrap_or(entry.span());
                    let help = "card ids must be unique in a deck".to_string();
                    self.error_with_help("duplicate-id", span, Some(&card.id.0), message, help);
                }
                None => {
                    self.seen.insert(card.id.0.clone(), card.position.line);
                    let reversed = if card.reverse { card.reversed() } else { None };
                    for card in std::iter::once(card).chain(reversed) {
                        self.card_count += 1;
                        if self.keep_cards {
                            self.cards.push(card);
                        }
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
                        format!("card id `{}` may use only lowercase letters, digits and `-`", shown(&id)),
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
                            format!("unknown card kind `{}`", shown(name)),
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
        let translations = translations.unwrap_or_default();
        let grading = self.read_card_grading(table, kind?, card);
        let reverse = self.boolean(table, "reverse", card).unwrap_or(false);
        let checked = source.as_ref().and_then(|source| source.checked.as_deref());
        let content_hash = content_hash(&id, &tags, &text, &translations, checked);
        let built = Card { id: CardId(id), tags, source, text, translations, grading, position, content_hash, reverse };
        if self.authoring() {
            for (language, translated) in &built.translations {
                self.check_card(&built, translated, Some(language));
            }
            self.check_card(&built, &built.text, None);
        }
        Some(built)
    }

    /// The card's `match` and `ignore_accents`, with the deck's default.
    fn read_card_grading(&mut self, table: &DeTable<'_>, kind: CardKind, card: Option<&str>) -> CardGrading {
        let ignore_accents = self.boolean(table, "ignore_accents", card).unwrap_or(self.ignore_accents);
        let Some((name, span)) = self.text(table, "match", card) else {
            return CardGrading { shape: None, ignore_accents };
        };
        let Some(shape) = MatchShape::from_name(&name) else {
            let names = MatchShape::ALL.map(MatchShape::name);
            let help = match closest(&name, names.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("expected one of: {}", names.join(", ")),
            };
            self.error_with_help(
                "unknown-match",
                span,
                card,
                format!("unknown `match` shape `{}`", shown(&name)),
                help,
            );
            return CardGrading { shape: None, ignore_accents };
        };
        let fits = match kind {
            CardKind::Short | CardKind::Cloze => true,
            CardKind::Numeric => matches!(shape, MatchShape::Number | MatchShape::Year | MatchShape::Pep),
            CardKind::Flashcard | CardKind::Choice | CardKind::Multi | CardKind::TrueFalse | CardKind::Order => false,
        };
        if !fits {
            self.error_with_help(
                "match-kind",
                span,
                card,
                format!("`match = \"{}\"` does not apply to a `{kind}` card", shape.name()),
                "`match` describes typed answers: short and cloze cards (any shape), numeric cards (number, year, pep)"
                    .to_string(),
            );
        }
        CardGrading { shape: Some(shape), ignore_accents }
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
        // Languages a table was written for (under a slip of their code too):
        // a broken or misnamed translation is reported once, not also as missing.
        let mut attempted = std::collections::HashSet::new();
        if let Some((tables, _)) = self.table(table, "translations", card) {
            for (language, value) in tables.iter() {
                let language_name = language.get_ref().as_ref();
                if !declared.iter().any(|declared| declared == language_name) {
                    let meant = likely_language(language_name, &declared);
                    let help = match (&meant, self.languages.iter().any(|known| known == language_name)) {
                        (_, true) => "the base language needs no translation".to_string(),
                        (Some(meant), false) => format!("did you mean `{meant}`? ([card.translations.{meant}])"),
                        (None, false) => format!("add \"{}\" to the deck's `languages`", shown(language_name)),
                    };
                    attempted.extend(meant);
                    self.error_with_help(
                        "undeclared-language",
                        language.span(),
                        card,
                        format!("translation for undeclared language `{}`", shown(language_name)),
                        help,
                    );
                    continue;
                }
                attempted.insert(language_name.to_string());
                let DeValue::Table(translation) = value.get_ref() else {
                    self.wrong_type(value, card, &format!("translations.{}", shown(language_name)), "a table");
                    continue;
                };
                let allowed = translation_fields(kind);
                let what = format!("the `{}` translation", shown(language_name));
                self.check_keys(translation, &allowed, &what, card, &[]);
                if let Some(base) = base {
                    if let Some(text) = self.read_text(translation, value.span(), kind, Some(base), card) {
                        translations.insert(language_name.to_string(), text);
                    }
                }
            }
        }
        for language in declared {
            if !translations.contains_key(&language) && !attempted.contains(&language) && base.is_some() {
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
        let reject: Vec<String> = match self.text_list(table, "reject", card) {
            Some(list) => list.into_iter().map(|(text, _)| text).collect(),
            None => base.map(|base| base.reject.clone()).unwrap_or_default(),
        };
        let (prompt, prompt_span) = prompt?;
        let base_answer = base.map(|base| &base.answer);

        let (prompt, answer) = match kind {
            CardKind::Flashcard => {
                let back =
                    if let (Some(Answer::Flashcard { back }), false) = (base_answer, table.contains_key("answer")) {
                        back.clone()
                    } else {
                        self.required_text(table, span, "answer", card, "a flashcard")?.0
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
                let (answer, accept) = if let Some(Answer::Short { answer, accept }) = base_answer {
                    let answer = match table.contains_key("answer") {
                        true => self.required_text(table, span, "answer", card, "the translation")?.0,
                        false => answer.clone(),
                    };
                    let accept = match self.text_list(table, "accept", card) {
                        Some(list) => list.into_iter().map(|(text, _)| text).collect(),
                        None => accept.clone(),
                    };
                    (answer, accept)
                } else {
                    let answer = self.required_text(table, span, "answer", card, "a short card")?.0;
                    let accept = self.text_list(table, "accept", card).unwrap_or_default();
                    (answer, accept.into_iter().map(|(text, _)| text).collect())
                };
                (prompt, Answer::Short { answer, accept })
            }
            CardKind::Choice | CardKind::Multi => {
                let answer = self.read_choices(table, span, kind == CardKind::Multi, base_answer, card)?;
                (prompt, answer)
            }
            CardKind::Numeric => {
                if let Some(base @ Answer::Numeric { .. }) = base_answer {
                    if !table.contains_key("answer") {
                        return Some(CardText { prompt, answer: base.clone(), explanation, reject });
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
        Some(CardText { prompt, answer, explanation, reject })
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

    /// Runs the authoring check on one language's text of a card.
    fn check_card(&mut self, card: &Card, text: &CardText, language: Option<&str>) {
        let Some(card_check) = self.card_check.as_deref_mut() else { return };
        let position = card.position;
        for finding in card_check.check(card, text) {
            let location = language.map(|language| format!(" ({language})")).unwrap_or_default();
            self.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                code: finding.code,
                file: self.file.display_name.clone(),
                line: position.line,
                column: position.column,
                card: Some(card.id.0.clone()),
                message: format!("{}{location}", finding.message),
                help: finding.help,
                note: None,
            });
        }
    }
}

/// The declared language a translation's code was probably meant for: a
/// country code written for its language (`kr` for `ko`, `jp` for `ja`), or
/// one letter off a declared code.
fn likely_language(code: &str, declared: &[String]) -> Option<String> {
    const COUNTRY_FOR_LANGUAGE: [(&str, &str); 10] = [
        ("kr", "ko"),
        ("jp", "ja"),
        ("cn", "zh"),
        ("gr", "el"),
        ("dk", "da"),
        ("se", "sv"),
        ("cz", "cs"),
        ("ua", "uk"),
        ("br", "pt"),
        ("il", "he"),
    ];
    let lower = code.to_ascii_lowercase();
    let by_country = COUNTRY_FOR_LANGUAGE.iter().find(|(country, _)| *country == lower).map(|(_, language)| *language);
    if let Some(language) = by_country.filter(|language| declared.iter().any(|declared| declared == language)) {
        return Some(language.to_string());
    }
    if let Some(same) = declared.iter().find(|declared| declared.eq_ignore_ascii_case(code)) {
        return Some(same.clone());
    }
    crate::text::closest(code, declared.iter().map(String::as_str)).map(str::to_string)
}
