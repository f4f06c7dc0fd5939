//! Reading the deck's own fields: format, id, title, languages, notes, scheduling.

use toml::de::DeTable;

use super::super::coverage::Tally;
use super::super::notes::{Notes, NotesFormat, NotesHistory};
use super::super::source::Relative;
use super::{is_valid_id, shown, Context, DECK_FIELDS, GRADING_FIELDS, SCHEDULING_FIELDS};
use crate::deck::{Deck, DeckGrading, DeckId, SchedulingDefaults, FORMAT_VERSION};

impl Context<'_> {
    pub(super) fn read_deck(&mut self, root: &DeTable<'_>) -> Option<Deck> {
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
                    format!("deck id `{}` may use only lowercase letters, digits and `-`", shown(id)),
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
        let grading = self.read_grading(root);

        Some(Deck {
            id: DeckId(id?.0),
            title: title?.0,
            description,
            version,
            languages,
            source,
            scheduling,
            grading,
            cards: Vec::new(),
        })
    }

    fn read_grading(&mut self, root: &DeTable<'_>) -> DeckGrading {
        let Some((table, _)) = self.table(root, "grading", None) else {
            return DeckGrading::default();
        };
        self.check_keys(table, GRADING_FIELDS, "[grading]", None, &[]);
        let reject =
            self.text_list(table, "reject", None).unwrap_or_default().into_iter().map(|(text, _)| text).collect();
        let ignore_accents = self.boolean(table, "ignore_accents", None).unwrap_or(false);
        self.ignore_accents = ignore_accents;
        DeckGrading { reject, ignore_accents }
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
                            format!("`{}` is not a language code like `en` or `ko`", shown(&language)),
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

    fn read_notes(&mut self, root: &DeTable<'_>) -> Option<String> {
        let (relative, span) = self.text(root, "source", None)?;
        if !self.authoring() {
            return Some(relative);
        }
        match self.file.read_relative(&relative) {
            Relative::Text(text) => {
                let format = NotesFormat::of(&relative);
                let notes = Notes::parse_as(format, &text);
                self.tally = Some(Tally::new(&notes));
                self.notes = Some(notes);
                self.notes_name = self.file.relative_display(&relative);
                self.drift.history = self.file.origin.path().map(|deck| {
                    let folder = deck.parent().unwrap_or(std::path::Path::new("."));
                    NotesHistory::new(folder.join(&relative), format)
                });
            }
            Relative::Unreadable(error) => self.error("source-unreadable", span, None, error.to_string()),
            Relative::Missing => self.error_with_help(
                "source-missing",
                span,
                None,
                format!("the notes file `{}` does not exist", shown(&self.file.relative_display(&relative))),
                "`source` is a path relative to the deck file".to_string(),
            ),
            Relative::Outside => self.error_with_help(
                "source-outside",
                span,
                None,
                "`source` must name a file in the deck's own folder or below it".to_string(),
                "keep the notes beside the deck and name them without `..`, an absolute path or a link that leads out"
                    .to_string(),
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
}
