//! The terms a deck knows: every answer, alternate, choice, item and gap of
//! every card in every language, the deck's listed near-misses, and Python's
//! keywords. A typo that lands on one of them is not a typo but another answer.
//!
//! A deck's lexicon is worked out on first use, not when it is made: on a
//! 100,000-card deck that takes a few hundred milliseconds, which must not
//! stand between `quiz --deck` and its first question. Sessions warm it on
//! another thread while the first question is on screen ([`Lexicon::warm`]).

use std::collections::HashSet;
use std::sync::OnceLock;

use super::values::{product_of, words};
use super::words::{forms, WordShape};
use serde::{Deserialize, Serialize};

use crate::deck::{Answer, Card, Catalog, Deck, Shelf};
use crate::text::normalize;

/// Python's keywords and soft keywords.
const KEYWORDS: &[&str] = &[
    "false", "none", "true", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "type",
];

/// Whether `word` (folded) is a Python keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The terms of one deck, folded, in every form they stand for.
#[derive(Debug, Default)]
pub struct Lexicon<'d> {
    source: Source<'d>,
    built: OnceLock<Terms>,
}

/// Where a lexicon's terms come from.
#[derive(Debug, Default)]
enum Source<'d> {
    /// No terms at all.
    #[default]
    Nothing,
    /// Every term of a deck.
    Deck(&'d Deck),
    /// Every term of a shelf's cards (kept in its catalog once worked out).
    Shelf(&'d Shelf<'d>),
    /// Every term of a catalog's cards (kept in it once worked out).
    Catalog(&'d Catalog),
    /// A list of terms.
    List(Vec<String>),
}

/// The worked-out terms.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Terms {
    /// Every form of every term, and each of their longer words.
    terms: HashSet<String>,
    /// Every form of every term, whole.
    whole: HashSet<String>,
    /// The products other than Python that the deck's version questions name.
    products: Vec<String>,
}

impl Lexicon<'static> {
    /// A lexicon that knows nothing (grading one answer on its own).
    pub fn empty() -> Lexicon<'static> {
        Lexicon::default()
    }

    /// A lexicon of these terms (as written; they are normalised here).
    pub fn from_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> Lexicon<'static> {
        Lexicon { source: Source::List(terms.into_iter().map(str::to_string).collect()), built: OnceLock::new() }
    }
}

impl<'d> Lexicon<'d> {
    /// Everything `deck` knows, worked out on first use.
    pub fn of(deck: &'d Deck) -> Lexicon<'d> {
        Lexicon { source: Source::Deck(deck), built: OnceLock::new() }
    }

    /// Everything a shelf's deck knows, worked out on first use, or read from
    /// its catalog where an earlier command kept it.
    pub fn of_shelf(shelf: &'d Shelf<'d>) -> Lexicon<'d> {
        Lexicon { source: Source::Shelf(shelf), built: OnceLock::new() }
    }

    /// Everything a catalog's deck knows, worked out on first use, or read
    /// from the catalog where an earlier command kept it.
    pub fn of_catalog(catalog: &'d Catalog) -> Lexicon<'d> {
        Lexicon { source: Source::Catalog(catalog), built: OnceLock::new() }
    }

    /// Works the terms out now, if that has not happened yet (call it on a
    /// thread of its own to have them ready when the first answer comes).
    pub fn warm(&self) {
        self.terms();
    }

    /// Runs `body` while another thread works the terms out, so they are
    /// ready, or nearly, when the first answer is graded. Returns what `body` returns.
    pub fn warming<R>(&self, body: impl FnOnce(&Self) -> R) -> R {
        std::thread::scope(|scope| {
            scope.spawn(|| self.warm());
            body(self)
        })
    }

    fn terms(&self) -> &Terms {
        self.built.get_or_init(|| match &self.source {
            Source::Nothing => Terms::default(),
            Source::List(list) => {
                let mut terms = Terms::default();
                for term in list {
                    terms.add(term);
                }
                terms
            }
            Source::Deck(deck) => Terms::of(deck.grading.reject.iter(), |visit| deck.cards.iter().for_each(visit)),
            Source::Shelf(shelf) => match shelf.catalog() {
                Some(catalog) => Terms::kept_in(catalog),
                None => {
                    Terms::of(shelf.header().grading.reject.iter(), |visit| shelf.for_each_card(|card| visit(card)))
                }
            },
            Source::Catalog(catalog) => Terms::kept_in(catalog),
        })
    }

    /// Whether `form` (folded) is a term of the deck.
    pub fn knows(&self, form: &str) -> bool {
        self.terms().terms.contains(form)
    }

    /// The products other than Python that the deck's version questions name.
    pub fn products(&self) -> Vec<&str> {
        self.terms().products.iter().map(String::as_str).collect()
    }
}

impl Terms {
    /// The terms of a catalog's deck, read from it where an earlier command
    /// kept them, else worked out from every card and kept.
    fn kept_in(catalog: &Catalog) -> Terms {
        // The build is in the key: a build that works terms out differently works them out again.
        catalog.memo(concat!("lexicon ", env!("CARGO_PKG_VERSION")), || {
            Terms::of(catalog.header().grading.reject.iter(), |visit| {
                // Visiting cannot fail.
                let _ = catalog.for_each_card(|card| {
                    visit(card);
                    Ok(())
                });
            })
        })
    }

    /// The terms of a deck's listed near-misses (`reject`) and of each card `cards` visits.
    fn of<'r>(reject: impl Iterator<Item = &'r String>, cards: impl FnOnce(&mut dyn FnMut(&Card))) -> Terms {
        let mut terms = Terms::default();
        for term in reject {
            terms.add(term);
        }
        cards(&mut |card: &Card| {
            for text in std::iter::once(&card.text).chain(card.translations.values()) {
                for term in text.reject.iter().chain(answer_terms(&text.answer)) {
                    terms.add(term);
                }
                let product = product_of(&text.prompt);
                if product != "python" && !terms.products.contains(&product) {
                    terms.products.push(product);
                }
            }
        });
        // A product is a name the deck knows (`Twisted`), not whatever word
        // stood before "release" (`its very first release`).
        let products = std::mem::take(&mut terms.products);
        terms.products = products.into_iter().filter(|product| terms.whole.contains(product)).collect();
        terms
    }

    fn add(&mut self, term: &str) {
        let folded = normalize(term);
        if folded.chars().count() > 200 {
            return; // sentences are not terms a typo could land on
        }
        for form in forms(&folded, WordShape::Name) {
            self.whole.insert(form.clone());
            self.terms.insert(form);
        }
        for word in words(&folded).into_iter().filter(|word| word.chars().count() >= 4) {
            self.terms.insert(word);
        }
    }
}

/// The short texts an answer is made of (not flashcard backs: sentences).
fn answer_terms(answer: &Answer) -> Vec<&String> {
    match answer {
        Answer::Choice { choices, accept, .. } => choices.iter().chain(accept).collect(),
        Answer::Multi { choices, .. } => choices.iter().collect(),
        Answer::Short { answer, accept } => std::iter::once(answer).chain(accept).collect(),
        Answer::Cloze { gaps, .. } => {
            gaps.iter().flat_map(|gap| std::iter::once(&gap.answer).chain(&gap.accept)).collect()
        }
        Answer::Order { items } => items.iter().collect(),
        Answer::Flashcard { .. } | Answer::TrueFalse { .. } | Answer::Numeric { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lexicon_kept_in_a_catalog_knows_what_the_deck_knows() {
        let dir = tempfile::tempdir().unwrap();
        let deck = dir.path().join("kinds.toml");
        std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/decks/kinds.toml"), &deck).unwrap();
        let cache = dir.path().join("cache");
        let open = || Catalog::open(deck.to_str().unwrap(), None, Some(&cache)).unwrap();
        let parsed = open().deck();
        let whole = Lexicon::of(&parsed);
        let (first, kept) = (open(), open());
        let worked_out = Lexicon::of_catalog(&first);
        // The first command works the terms out and keeps them; the next reads them back.
        assert_eq!(worked_out.products(), whole.products());
        let read_back = Lexicon::of_catalog(&kept);
        assert_eq!(read_back.terms().terms, whole.terms().terms);
        assert_eq!(read_back.terms().whole, whole.terms().whole);
        assert_eq!(read_back.products(), whole.products());
        assert!(!whole.terms().terms.is_empty());
    }

    #[test]
    fn terms_are_worked_out_on_first_use_in_every_form() {
        let lexicon = Lexicon::from_terms(["the libev library", "Twisted Matrix", "data_received"]);
        assert!(lexicon.built.get().is_none(), "making a lexicon costs nothing");
        assert!(lexicon.knows("libev"), "a term's plain form");
        assert!(lexicon.knows("the libev library"));
        assert!(lexicon.knows("matrix"), "a longer word of a term");
        assert!(lexicon.knows("data_received"));
        assert!(!lexicon.knows("libuv"));
        assert!(lexicon.built.get().is_some());
    }

    #[test]
    fn warming_works_the_terms_out_beside_the_body() {
        let lexicon = Lexicon::from_terms(["eventlet"]);
        // The body asks nothing, so only the warming thread can have built the terms.
        lexicon.warming(|_| ());
        assert!(lexicon.built.get().is_some(), "the terms were worked out beside the body");
        assert!(lexicon.knows("eventlet"));
        assert!(!Lexicon::empty().knows("eventlet"));
    }
}
