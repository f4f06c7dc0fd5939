//! Reading a card's citation, and (when checking) verifying it against the
//! notes: the section exists, the quote is in it, the fingerprint is current.

use toml::de::DeTable;

use super::{listing, shown, Context, CITATION_FIELDS};
use crate::deck::diagnostic::Severity;
use crate::deck::notes::word_diff;
use crate::deck::Citation;
use crate::text::closest;

impl Context<'_> {
    pub(super) fn read_citation(&mut self, table: &DeTable<'_>, card: Option<&str>) -> Option<Citation> {
        let (citation, span) = self.table(table, "source", card)?;
        self.check_keys(citation, CITATION_FIELDS, "a citation", card, &[]);
        let (section, section_span) = self.required_text(citation, span.clone(), "section", card, "the citation")?;
        let quote = self.text(citation, "quote", card);
        let checked = self.text(citation, "checked", card);
        let built = Citation {
            section,
            quote: quote.as_ref().map(|(quote, _)| quote.clone()),
            checked: checked.as_ref().map(|(checked, _)| checked.clone()),
        };
        if !self.authoring() {
            return Some(built);
        }
        let Some(notes) = &self.notes else {
            if !self.diagnostics.iter().any(|diagnostic| diagnostic.code.starts_with("source-")) {
                self.error_with_help(
                    "citation-without-notes",
                    span,
                    card,
                    "the card cites a section, but the deck names no notes file".to_string(),
                    "add `source = \"notes.md\"` to the deck".to_string(),
                );
            }
            return Some(built);
        };
        if !notes.has_section(&built.section) {
            let help = match closest(&built.section, notes.headings()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("the headings are: {}", listing(notes.headings(), 20)),
            };
            let message = format!("the notes have no section `{}`", shown(&built.section));
            self.error_with_help("unknown-section", section_span, card, message, help);
            return Some(built);
        }
        if let Some(tally) = self.tally.as_mut() {
            tally.cite(notes, &built.section, built.quote.as_deref());
        }
        if let Some((quote, quote_span)) = &quote {
            if !notes.section_contains(&built.section, quote) {
                self.error_with_help(
                    "quote-not-found",
                    quote_span.clone(),
                    card,
                    format!("the quote does not appear in section `{}` of the notes", shown(&built.section)),
                    "quote the notes word for word (whitespace may differ)".to_string(),
                );
            }
        }
        if let Some((checked, checked_span)) = &checked {
            self.check_fingerprint(&built.section, checked, checked_span.clone(), card);
        }
        Some(built)
    }

    /// Warns when the section changed since the card was checked against it
    /// (`stale-source`), with what changed when git still has the old text.
    fn check_fingerprint(&mut self, section: &str, checked: &str, span: std::ops::Range<usize>, card: Option<&str>) {
        let Some(notes) = &self.notes else { return };
        let Some(index) = notes.section_index(section) else { return };
        let current = notes.fingerprint(section).unwrap_or_default();
        if current == checked {
            return;
        }
        let earlier = self.notes_history.as_ref().and_then(|history| history.section_as_checked(section, checked));
        let note = match earlier {
            Some(earlier) => format!("what changed: {}", word_diff(&earlier, notes.folded_body(index))),
            None => "the text it was checked against is not in the notes' git history, so only the fingerprints are \
                     known"
                .to_string(),
        };
        let card_argument = card.map(|card| format!(" --card {card}")).unwrap_or_default();
        let file_argument = match self.file.origin.path() {
            Some(_) => format!(" {}", self.file.display_name),
            None => String::new(),
        };
        self.push(
            Severity::Warning,
            "stale-source",
            span,
            card,
            format!(
                "section `{}` of the notes changed since this card was checked (fingerprint `{}` then, `{current}` now)",
                shown(section),
                shown(checked),
            ),
            Some(format!(
                "review the card against the section, then run `quiz check --update-fingerprints{card_argument}{file_argument}`"
            )),
        );
        if let Some(last) = self.diagnostics.last_mut() {
            last.note = Some(note);
        }
    }
}
