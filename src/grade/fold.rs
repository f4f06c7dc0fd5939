//! Text as the grader compares it: the shared normalisation, optionally
//! without accents, and Hangul decomposed into jamo for counting typos.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::text::normalize;

/// `text` normalised (NFKC, case folded, surrounding punctuation stripped),
/// and without accents when `ignore_accents` (`café` → `cafe`; Hangul is kept).
pub fn fold(text: &str, ignore_accents: bool) -> String {
    let normalized = normalize(text);
    if !ignore_accents || normalized.is_ascii() {
        return normalized;
    }
    let stripped: String = normalized.nfd().filter(|character| !is_combining_mark(*character)).collect();
    stripped.nfc().collect()
}

/// Whether `character` is a precomposed Hangul syllable (가 to 힣).
pub fn is_hangul(character: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&character)
}

/// `text` with every precomposed Hangul syllable split into its jamo, so an
/// edit distance counts `파이선` for `파이썬` as one edit (one vowel), not one
/// whole syllable: typos in Korean are measured like typos in letters.
pub fn jamo(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for character in text.chars() {
        if !is_hangul(character) {
            out.push(character);
            continue;
        }
        let index = character as u32 - 0xAC00;
        let (lead, vowel, tail) = (index / (21 * 28), (index % (21 * 28)) / 28, index % 28);
        for part in
            [Some(0x1100 + lead), Some(0x1161 + vowel), (tail > 0).then_some(0x11A7 + tail)].into_iter().flatten()
        {
            out.extend(char::from_u32(part));
        }
    }
    out
}

/// The runs of ASCII digits in `text`, in order: two texts that differ in
/// any number never match, typo or not.
pub fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|character: char| !character.is_ascii_digit()).filter(|run| !run.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_go_only_on_request() {
        assert_eq!(fold("Café", false), "café");
        assert_eq!(fold("Café", true), "cafe");
        assert_eq!(fold("파이썬", true), "파이썬", "Hangul is not an accent");
    }

    #[test]
    fn hangul_splits_into_jamo() {
        assert_eq!(jamo("썬").chars().count(), 3);
        assert_eq!(jamo("파이").chars().count(), 4);
        assert_eq!(crate::text::bounded_distance(&jamo("파이선"), &jamo("파이썬"), 2), Some(1));
        assert_eq!(crate::text::bounded_distance(&jamo("샘 러씽"), &jamo("샘 러싱"), 2), Some(1));
        assert_eq!(jamo("abc"), "abc");
    }

    #[test]
    fn digit_runs_are_listed_in_order() {
        assert_eq!(digit_runs("python3.4 (2014)"), ["3", "4", "2014"]);
        assert!(digit_runs("no digits").is_empty());
    }
}
