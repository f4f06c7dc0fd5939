//! Values read out of a typed answer as a fair teacher reads them: the
//! version, year or PEP number it names, whatever words stand around it
//! (`Python 3.4 버전`, `July 2009`, `PEP 380번`). An answer that names two
//! different values (`3.4 or 3.5`) names none.

/// Whether `word` names Python itself (the default product of a version).
pub fn is_python(word: &str) -> bool {
    matches!(word, "python" | "cpython" | "py" | "파이썬")
}

/// Words (folded) that name a version or release, before which a prompt names
/// its product (`Which gevent version`, `Twisted release`, `파이썬 버전은`:
/// a Korean word may carry its particle).
fn is_version_word(word: &str) -> bool {
    matches!(word, "version" | "versions" | "release" | "releases" | "series")
        || ["버전", "릴리스", "릴리즈"].iter().any(|korean| word.starts_with(korean))
}

/// Words skipped between a product and its version word (`Which Python first version`).
fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "which"
            | "what"
            | "the"
            | "a"
            | "an"
            | "its"
            | "first"
            | "very"
            | "몇"
            | "어느"
            | "어떤"
            | "무슨"
            | "처음"
            | "첫"
            | "의"
            | "은"
            | "는"
    )
}

/// The words of `text` (folded): maximal runs of letters of one script, so
/// `python3.4` gives `python` and `asyncio가` gives `asyncio` and `가`.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut hangul = false;
    for character in text.chars() {
        let is_hangul = super::fold::is_hangul(character) || ('\u{1100}'..='\u{11FF}').contains(&character);
        let is_letter = character.is_alphabetic() || character == '_';
        if (!is_letter || is_hangul != hangul) && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if is_letter {
            hangul = is_hangul;
            current.extend(character.to_lowercase());
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The product a version question is about: the word before "version" or
/// "release" in the prompt (`gevent`, `twisted`), `python` when there is none.
pub fn product_of(prompt: &str) -> String {
    let words = words(prompt);
    for (at, word) in words.iter().enumerate() {
        if !is_version_word(word) {
            continue;
        }
        let before = words[..at].iter().rev().take(4).find(|word| !is_filler(word));
        if let Some(product) = before {
            return if is_python(product) { "python".to_string() } else { product.clone() };
        }
    }
    "python".to_string()
}

/// A version as its numeric components, without trailing zeros (`3.4.0` = `3.4`).
fn components(run: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = run.split('.').map(|part| part.parse().unwrap_or(u64::MAX)).collect();
    while parts.len() > 1 && parts.last() == Some(&0) {
        parts.pop();
    }
    parts
}

/// Digit runs joined by single dots (`3.4`, `2.5.0`, `2009`), in order, with
/// whether each had a dot.
fn numeric_runs(text: &str) -> Vec<(String, bool)> {
    let mut runs = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len()
            && (bytes[at].is_ascii_digit()
                || (bytes[at] == b'.'
                    && at + 1 < bytes.len()
                    && bytes[at + 1].is_ascii_digit()
                    && bytes[at - 1].is_ascii_digit()))
        {
            at += 1;
        }
        let run = &text[start..at];
        runs.push((run.to_string(), run.contains('.')));
    }
    runs
}

/// The most distinct values of one kind read out of a text: enough to tell
/// one from many, and a bound on the work on hostile input.
const MOST_VALUES: usize = 8;

/// The versions `text` names (runs with a dot), without trailing zeros; at
/// most [`MOST_VALUES`].
pub fn versions(text: &str) -> Vec<Vec<u64>> {
    let mut found: Vec<Vec<u64>> = Vec::new();
    for (run, dotted) in numeric_runs(text) {
        let version = components(&run);
        if dotted && !found.contains(&version) {
            found.push(version);
            if found.len() == MOST_VALUES {
                break;
            }
        }
    }
    found
}

/// Whether `typed` names version `expected` (`3.4`, or an alternate such as
/// `Twisted 2.5`) of `product`: exactly that one version, and no other product.
pub fn version_matches(expected: &str, typed: &str, product: &str, known_products: &[&str]) -> bool {
    let wanted = versions(expected);
    let named = versions(typed);
    if wanted.len() != 1 || named != wanted {
        return false;
    }
    // A bare number next to the version is another value (`3.4 34`), unless it is a year.
    let stray = numeric_runs(typed).into_iter().any(|(run, dotted)| !dotted && run.len() != 4);
    if stray {
        return false;
    }
    let right_product = |word: &str| if product == "python" { is_python(word) } else { word == product };
    words(typed).iter().all(|word| right_product(word) || !(is_python(word) || known_products.contains(&word.as_str())))
}

/// The years `text` names: four-digit runs that are not part of a version;
/// at most [`MOST_VALUES`].
pub fn years(text: &str) -> Vec<u64> {
    let mut found = Vec::new();
    for (run, dotted) in numeric_runs(text) {
        if !dotted && run.len() == 4 {
            let year: u64 = run.parse().unwrap_or(0);
            if !found.contains(&year) {
                found.push(year);
                if found.len() == MOST_VALUES {
                    break;
                }
            }
        }
    }
    found
}

/// The one year `text` names, if it names exactly one (and no other bare number
/// that could be a year of its own, such as `09`).
pub fn the_year(text: &str) -> Option<u64> {
    match years(text).as_slice() {
        [year] => Some(*year),
        _ => None,
    }
}

/// The PEP numbers `text` names: numbers written after `pep` (`PEP 380`,
/// `pep-0380`, `PEP380`); when there are none, its bare numbers (`380번`).
/// At most [`MOST_VALUES`] of each.
pub fn peps(text: &str) -> Vec<u64> {
    let lower = text.to_lowercase();
    let mut marked = Vec::new();
    let mut bare = Vec::new();
    for (at, _) in lower.match_indices(|character: char| character.is_ascii_digit()) {
        let starts_run = at == 0 || !lower.as_bytes()[at - 1].is_ascii_digit();
        if !starts_run {
            continue;
        }
        let run: String = lower[at..].chars().take_while(char::is_ascii_digit).collect();
        let dotted = lower[at + run.len()..].starts_with('.')
            && lower[at + run.len() + 1..].starts_with(|c: char| c.is_ascii_digit())
            || (at > 0 && lower.as_bytes()[at - 1] == b'.');
        if dotted {
            continue;
        }
        let number: u64 = run.parse().unwrap_or(u64::MAX);
        let before = lower[..at].trim_end_matches([' ', '-', '_', '#']);
        let list = if before.ends_with("pep") { &mut marked } else { &mut bare };
        if !list.contains(&number) && list.len() < MOST_VALUES {
            list.push(number);
        }
    }
    if marked.is_empty() {
        return bare;
    }
    // Beside a number written after `pep`, a bare number is another PEP
    // (`PEP 380 or 342`), unless it reads as a year (`PEP 380 (2009)`).
    for number in bare {
        if !(1900..=2100).contains(&number) && !marked.contains(&number) {
            marked.push(number);
        }
    }
    marked
}

/// The one PEP `text` names, if exactly one.
pub fn the_pep(text: &str) -> Option<u64> {
    match peps(text).as_slice() {
        [number] => Some(*number),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fair_versions(expected: &str, product: &str, typed: &[&str], right: bool) {
        for answer in typed {
            let folded = crate::text::normalize(answer);
            assert_eq!(
                version_matches(expected, &folded, product, &["twisted", "gevent"]),
                right,
                "{answer:?} for {expected}"
            );
        }
    }

    #[test]
    fn many_distinct_numbers_are_read_only_far_enough_to_tell_one_from_many() {
        let numbers: String = (0..50_000)
            .map(|number| format!("{number} {number}.{number} {} pep {number} ", 1000 + number % 9000))
            .collect();
        assert_eq!(versions(&numbers).len(), MOST_VALUES);
        assert_eq!(years(&numbers).len(), MOST_VALUES);
        assert!(peps(&numbers).len() <= 2 * MOST_VALUES);
        assert_eq!((the_year(&numbers), the_pep(&numbers)), (None, None));
    }

    #[test]
    fn versions_in_every_way_students_write_them() {
        let right = [
            "3.4",
            "Python 3.4",
            "python3.4",
            "py3.4",
            "v3.4",
            "3.4.0",
            "CPython 3.4",
            "파이썬 3.4",
            "파이썬3.4",
            "3.4 버전",
            "3.4버전",
            "파이썬 3.4 버전",
            "Python 3.4 (2014)",
            "version 3.4",
        ];
        fair_versions("3.4", "python", &right, true);
        fair_versions("3.4", "python", &["3.5", "3.4.1", "34", "3", "3.4 or 3.5", "Twisted 3.4", "3.40"], false);
    }

    #[test]
    fn a_product_named_in_the_prompt_is_the_one_accepted() {
        assert_eq!(product_of("In which Twisted release did `inlineCallbacks` arrive?"), "twisted");
        assert_eq!(product_of("Which gevent version added an optional libuv loop?"), "gevent");
        assert_eq!(product_of("Which Python version first had generators?"), "python");
        assert_eq!(product_of("inlineCallbacks가 추가된 Twisted 릴리스는?"), "twisted");
        assert_eq!(product_of("asyncio가 처음 들어간 파이썬 버전은?"), "python");
        fair_versions("2.5", "twisted", &["2.5", "Twisted 2.5", "twisted 2.5.0", "v2.5"], true);
        fair_versions("2.5", "twisted", &["Python 2.5", "py2.5"], false);
    }

    #[test]
    fn years_with_their_context() {
        for typed in
            ["2009", "in 2009", "2009년", "2009년도", "July 2009", "2009년 7월", "2009 (gevent 0.9.0)", "2009-07"]
        {
            assert_eq!(the_year(&crate::text::normalize(typed)), Some(2009), "{typed}");
        }
        for typed in ["2008", "2009 or 2010", "09", "20009", "in the 2000s"] {
            assert_ne!(the_year(&crate::text::normalize(typed)), Some(2009), "{typed}");
        }
    }

    #[test]
    fn pep_numbers_however_written() {
        for typed in
            ["PEP 380", "PEP-380", "pep380", "PEP 0380", "pep-0380", "PEP 380번", "380번", "380", "PEP 380 (2009)"]
        {
            assert_eq!(the_pep(&crate::text::normalize(typed)), Some(380), "{typed}");
        }
        assert_eq!(the_pep("pep 342: coroutines via enhanced generators"), Some(342));
        assert_eq!(the_pep("syntax for delegating to a subgenerator"), None, "a title is not a number");
        assert_eq!(the_pep("pep 380 or 3156"), None, "two PEPs name none");
        assert_eq!(the_pep("pep 380 or 342"), None);
        assert_eq!(the_pep("380 or 3156"), None);
    }
}
