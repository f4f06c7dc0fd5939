//! Reading a card's citation, and (when checking) verifying it against the
//! notes: the section exists, the quote is in it, the fingerprint is current.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use toml::de::DeTable;

use super::{listing, shown, Context, CITATION_FIELDS};
use crate::deck::diagnostic::Severity;
use crate::deck::notes::{word_diff, NotesHistory};
use crate::deck::Citation;
use crate::text::{closest, shell_word};

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
        let Some(index) = notes.section_index(&built.section) else {
            let help = match closest(&built.section, notes.headings()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("the headings are: {}", listing(notes.headings(), 20)),
            };
            let message = format!("the notes have no section `{}`", shown(&built.section));
            self.error_with_help("unknown-section", section_span, card, message, help);
            return Some(built);
        };
        let found = quote.as_ref().and_then(|(quote, _)| notes.find_quote(&built.section, quote));
        if let Some(tally) = self.tally.as_mut() {
            tally.cite(notes, index, found.as_ref());
        }
        if let Some((_, quote_span)) = &quote {
            if found.is_none() {
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
            self.check_fingerprint(index, checked, checked_span.clone(), card);
        }
        Some(built)
    }

    /// Warns when the section changed since the card was checked against it
    /// (`stale-source`), with what changed when git still has the old text.
    fn check_fingerprint(&mut self, index: usize, checked: &str, span: std::ops::Range<usize>, card: Option<&str>) {
        let Some(notes) = &self.notes else { return };
        let current = notes.fingerprint_at(index).to_string();
        if current == checked {
            return;
        }
        let section = notes.sections()[index].title.clone();
        let note = self.what_changed(index, &section, checked);
        let card_argument = card.map(|card| format!(" --card {card}")).unwrap_or_default();
        let file_argument = match self.file.origin.path() {
            Some(_) => format!(" {}", shell_word(&self.file.display_name)),
            None => String::new(),
        };
        self.push(
            Severity::Warning,
            "stale-source",
            span,
            card,
            format!(
                "section `{}` of the notes changed since this card was checked (fingerprint `{}` then, `{current}` now)",
                shown(&section),
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

    /// What changed in section `index` since it had `checked` as its
    /// fingerprint: a word diff, once per section and fingerprint, while the
    /// time for diffs lasts.
    fn what_changed(&mut self, index: usize, section: &str, checked: &str) -> String {
        let key = (index, checked.to_string());
        if let Some(note) = self.drift.notes.get(&key) {
            return note.clone();
        }
        let (Some(notes), Some(history)) = (&self.notes, &self.drift.history) else {
            return NOT_IN_HISTORY.to_string();
        };
        let note = match history.section_as_checked(section, checked) {
            None => NOT_IN_HISTORY.to_string(),
            Some(_) if self.drift.budget.is_zero() => {
                "what changed: not worked out (the time for word diffs is used up; `git diff` the notes)".to_string()
            }
            Some(earlier) => {
                let started = Instant::now();
                let diff = word_diff(earlier, notes.folded_body(index), started + self.drift.budget.min(DIFF_TIME));
                self.drift.budget = self.drift.budget.saturating_sub(started.elapsed());
                format!("what changed: {diff}")
            }
        };
        self.drift.notes.insert(key, note.clone());
        note
    }
}

const NOT_IN_HISTORY: &str =
    "the text it was checked against is not in the notes' git history, so only the fingerprints are known";

/// The longest one word diff may take.
const DIFF_TIME: Duration = Duration::from_millis(200);

/// What a stale citation is told: the notes' earlier versions (from git,
/// for decks on disk) and the word diffs worked out from them, once per
/// section and fingerprint and within a time budget, so a deck of many stale
/// cards cannot make the check slow.
#[derive(Debug)]
pub(super) struct Drift {
    pub(super) history: Option<NotesHistory>,
    notes: HashMap<(usize, String), String>,
    budget: Duration,
}

impl Default for Drift {
    fn default() -> Self {
        Drift { history: None, notes: HashMap::new(), budget: Duration::from_secs(2) }
    }
}
