//! The shape of an expected answer: declared with `match`, or inferred from
//! the answer's text and the prompt.

use super::values::{is_python, product_of, versions, words};
use super::words::WordShape;
use crate::deck::{ClozePiece, MatchShape};
use crate::text::normalize;

/// How one expected text is compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A version of this product (`python`, `twisted`).
    Version(String),
    /// A year.
    Year,
    /// A PEP number.
    Pep,
    /// A plain number.
    Number,
    /// Words: an identifier, a name or text.
    Words(WordShape),
}

impl Shape {
    /// The shape `declared` names, with the product a version question is about.
    pub fn declared(declared: MatchShape, prompt: &str) -> Shape {
        match declared {
            MatchShape::Version => Shape::Version(product_of(prompt)),
            MatchShape::Year => Shape::Year,
            MatchShape::Pep => Shape::Pep,
            MatchShape::Number => Shape::Number,
            MatchShape::Identifier => Shape::Words(WordShape::Identifier),
            MatchShape::Name => Shape::Words(WordShape::Name),
            MatchShape::Text => Shape::Words(WordShape::Text),
        }
    }

    /// The kind of value the shape compares, for reading sentences.
    pub(super) fn kind(&self) -> super::sentence::Kind {
        use super::sentence::Kind;
        match self {
            Shape::Version(_) => Kind::Version,
            Shape::Year => Kind::Year,
            Shape::Pep => Kind::Pep,
            Shape::Number => Kind::Number,
            Shape::Words(_) => Kind::Words,
        }
    }

    /// The shape of `expected`, the answer to `prompt`; `in_code` when it is a
    /// cloze gap inside a code span.
    pub fn infer(expected: &str, prompt: &str, in_code: bool) -> Shape {
        let trimmed = expected.trim();
        let folded = normalize(trimmed);
        let digits_and_dots =
            !folded.is_empty() && folded.chars().all(|character| character.is_ascii_digit() || character == '.');
        if digits_and_dots && folded.contains('.') && !folded.starts_with('.') && !folded.ends_with('.') {
            return Shape::Version(product_of(prompt));
        }
        // A product and one version (`python3.4`, `Twisted 2.5`).
        let named = words(&folded);
        if versions(&folded).len() == 1 && named.len() == 1 && !named[0].starts_with('v') {
            let product = if is_python(&named[0]) { "python".to_string() } else { named[0].clone() };
            return Shape::Version(product);
        }
        let pep_number = folded.strip_prefix("pep").map(|rest| rest.trim_start_matches([' ', '-']));
        if pep_number
            .is_some_and(|number| !number.is_empty() && number.chars().all(|character| character.is_ascii_digit()))
        {
            return Shape::Pep;
        }
        if digits_and_dots {
            let mentions_pep =
                normalize(prompt).split(|character: char| !character.is_alphanumeric()).any(|word| word == "pep");
            return match (folded.len(), mentions_pep) {
                (_, true) => Shape::Pep,
                (4, false) => Shape::Year,
                (_, false) => Shape::Number,
            };
        }
        // `Node.js`, `Vue.js`: product names, not attribute access.
        let product_name =
            folded.strip_suffix(".js").is_some_and(|stem| !stem.is_empty() && stem.chars().all(char::is_alphabetic));
        // A dot joins code only with no space after it (`asyncio.run`, not `Phillip J. Eby`).
        let attribute_dot = trimmed.char_indices().any(|(at, character)| {
            character == '.' && trimmed[at + 1..].starts_with(|next: char| next.is_alphanumeric())
        });
        let looks_like_code = in_code
            || trimmed.contains(['_', '(', '@'])
            || (attribute_dot && !product_name)
            || trimmed
                .chars()
                .zip(trimmed.chars().skip(1))
                .any(|(left, right)| left.is_lowercase() && right.is_uppercase());
        if looks_like_code {
            return Shape::Words(WordShape::Identifier);
        }
        if trimmed.split_whitespace().count() <= 3 || is_python(&folded) {
            Shape::Words(WordShape::Name)
        } else {
            Shape::Words(WordShape::Text)
        }
    }
}

/// Whether each gap of a cloze text stands inside a code span (an odd number
/// of backticks before it).
pub fn gaps_in_code(pieces: &[ClozePiece], gaps: usize) -> Vec<bool> {
    let mut inside = vec![false; gaps];
    let mut ticks = 0usize;
    for piece in pieces {
        match piece {
            ClozePiece::Text(text) => ticks += text.matches('`').count(),
            ClozePiece::Gap(index) => {
                if let Some(slot) = inside.get_mut(*index) {
                    *slot = ticks % 2 == 1;
                }
            }
        }
    }
    inside
}

/// For each gap inside a code span, the code written around it within that
/// span (`from __future__ import ` before the gap of
/// `` `from __future__ import ____` ``), so an answer that repeats it names
/// the gap too.
pub fn gap_code_context(pieces: &[ClozePiece], gaps: usize) -> Vec<Option<(String, String)>> {
    let in_code = gaps_in_code(pieces, gaps);
    let mut contexts = vec![None; gaps];
    for (at, piece) in pieces.iter().enumerate() {
        let ClozePiece::Gap(index) = piece else { continue };
        if !in_code.get(*index).copied().unwrap_or(false) {
            continue;
        }
        let before = match at.checked_sub(1).and_then(|previous| pieces.get(previous)) {
            Some(ClozePiece::Text(text)) => text.rsplit('`').next().unwrap_or("").to_string(),
            _ => String::new(),
        };
        let after = match pieces.get(at + 1) {
            Some(ClozePiece::Text(text)) => text.split('`').next().unwrap_or("").to_string(),
            _ => String::new(),
        };
        if let Some(slot) = contexts.get_mut(*index) {
            *slot = Some((before, after));
        }
    }
    contexts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_follow_the_answer_and_the_prompt() {
        assert_eq!(Shape::infer("3.4", "Which Python version?", false), Shape::Version("python".into()));
        assert_eq!(Shape::infer("2.5", "In which Twisted release?", false), Shape::Version("twisted".into()));
        assert_eq!(Shape::infer("PEP 380", "Which PEP?", false), Shape::Pep);
        assert_eq!(Shape::infer("380", "Which PEP introduced it?", false), Shape::Pep);
        assert_eq!(Shape::infer("2009", "In which year?", false), Shape::Year);
        assert_eq!(Shape::infer("dataReceived", "", false), Shape::Words(WordShape::Identifier));
        assert_eq!(Shape::infer("reactor.run()", "", false), Shape::Words(WordShape::Identifier));
        assert_eq!(Shape::infer("Node.js", "", false), Shape::Words(WordShape::Name), "a product, not code");
        assert_eq!(Shape::infer("Phillip J. Eby", "", false), Shape::Words(WordShape::Name), "an initial, not code");
        assert_eq!(Shape::infer("generators", "", true), Shape::Words(WordShape::Identifier));
        assert_eq!(Shape::infer("Sam Rushing", "Who wrote asyncore?", false), Shape::Words(WordShape::Name));
        assert_eq!(Shape::infer("Coroutines via Enhanced Generators", "", false), Shape::Words(WordShape::Text));
    }

    #[test]
    fn gaps_know_whether_they_stand_in_code() {
        let (pieces, gaps) = crate::deck::parse_cloze("Use `{{yield from}} x` or {{await}}.").unwrap();
        assert_eq!(gaps_in_code(&pieces, gaps.len()), [true, false]);
        let (pieces, gaps) = crate::deck::parse_cloze("Opt in with `from __future__ import {{generators}}`.").unwrap();
        assert_eq!(
            gap_code_context(&pieces, gaps.len()),
            [Some(("from __future__ import ".to_string(), String::new()))]
        );
    }
}
