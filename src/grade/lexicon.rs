//! The terms a deck knows: every answer, alternate, choice, item and gap of
//! every card in every language, the deck's listed near-misses, and Python's
//! keywords. A typo that lands on one of them is not a typo but another answer.

use std::collections::HashSet;

use super::values::{product_of, words};
use super::words::{forms, WordShape};
use crate::deck::{Answer, Deck};
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
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Every form of every term, and each of their longer words.
    terms: HashSet<String>,
    /// Every form of every term, whole.
    whole: HashSet<String>,
    products: Vec<String>,
}

impl Lexicon {
    /// A lexicon that knows nothing (grading one answer on its own).
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// A lexicon of these terms (as written; they are normalised here).
    pub fn from_terms<'a>(terms: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for term in terms {
            lexicon.add(term);
        }
        lexicon
    }

    /// Everything `deck` knows.
    pub fn of(deck: &Deck) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for term in &deck.grading.reject {
            lexicon.add(term);
        }
        for card in &deck.cards {
            for text in std::iter::once(&card.text).chain(card.translations.values()) {
                for term in text.reject.iter().chain(answer_terms(&text.answer)) {
                    lexicon.add(term);
                }
                let product = product_of(&text.prompt);
                if product != "python" && !lexicon.products.contains(&product) {
                    lexicon.products.push(product);
                }
            }
        }
        // A product is a name the deck knows (`Twisted`), not whatever word
        // stood before "release" (`its very first release`).
        let products = std::mem::take(&mut lexicon.products);
        lexicon.products = products.into_iter().filter(|product| lexicon.whole.contains(product)).collect();
        lexicon
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

    /// Whether `form` (folded) is a term of the deck.
    pub fn knows(&self, form: &str) -> bool {
        self.terms.contains(form)
    }

    /// The products other than Python that the deck's version questions name.
    pub fn products(&self) -> Vec<&str> {
        self.products.iter().map(String::as_str).collect()
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
