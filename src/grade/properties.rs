//! Property tests: normalising is idempotent, and no number ever matches a
//! different number, in any of the forms a student writes it.

use proptest::prelude::*;

use super::{fold, grade, match_text, Response, Verdict};
use crate::deck::Answer;
use crate::text::normalize;

/// Text made of what normalisation has to handle: letters that case-fold to
/// several (`ß`, `İ`, `ﬁ`), accents, Hangul, full-width digits, quotes,
/// brackets, sentence punctuation, invisible characters and spaces.
fn awkward_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "Z", "ß", "ẞ", "İ", "ı", "ﬁ", "é", "e\u{301}", "Ω", "ǅ", "ͅ", "파", "이", "썬", "ᄀ", "３", ".", "4", " ",
        "\t", "\u{200B}", "\u{FEFF}", "\u{AD}", "\"", "'", "‘", "’", "`", "«", "»", "「", "」", "(", ")", "?", "!",
        "。", "、", "…", "¿", "¡", ",", ";", "-", "_", "@",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat())
}

/// How students write a version (`{}` is the number).
const VERSION_FORMS: &[&str] =
    &["{}", "Python {}", "python{}", "v{}", "{}.0", "CPython {}", "파이썬 {} 버전", "{}버전"];
/// How students write a year.
const YEAR_FORMS: &[&str] = &["{}", "in {}", "{}년", "{}년도", "July {}", "{}년 7월"];
/// How students write a PEP number.
const PEP_FORMS: &[&str] = &["PEP {}", "PEP-{}", "pep{}", "{}번", "PEP {}번"];

fn written(form: &str, value: &str) -> String {
    form.replace("{}", value)
}

/// A version as its components without trailing zeros (`3.4.0` is `3.4`).
fn significant(parts: &[u32]) -> Vec<u32> {
    let mut parts = parts.to_vec();
    while parts.len() > 1 && parts.last() == Some(&0) {
        parts.pop();
    }
    parts
}

fn dotted(parts: &[u32]) -> String {
    parts.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
}

proptest! {
    // Failures print their minimal input; found ones become unit tests below.
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn normalising_is_idempotent(text in awkward_text()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once.clone(), "{:?}", text);
        let folded = fold(&text, true);
        prop_assert_eq!(fold(&folded, true), folded, "{:?}", text);
    }

    #[test]
    fn normalising_arbitrary_text_is_idempotent(text in any::<String>()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn a_version_matches_only_itself(
        expected in prop::collection::vec(0u32..20, 2..4),
        typed in prop::collection::vec(0u32..20, 1..4),
        form in prop::sample::select(VERSION_FORMS),
    ) {
        let verdict = match_text(&dotted(&expected), &[], &written(form, &dotted(&typed)));
        // What was written, as components; a bare number is not a version (`3` does not say `3.0`).
        let mut written_parts = typed.clone();
        if form.contains("}.0") {
            written_parts.push(0);
        }
        if written_parts.len() >= 2 && significant(&expected) == significant(&written_parts) {
            prop_assert_eq!(verdict, Verdict::Correct, "{} as {}", dotted(&expected), written(form, &dotted(&typed)));
        } else {
            prop_assert_eq!(verdict, Verdict::Incorrect, "{} as {}", dotted(&expected), written(form, &dotted(&typed)));
        }
    }

    #[test]
    fn a_year_matches_only_itself(expected in 1000u32..3000, typed in 1000u32..3000, form in prop::sample::select(YEAR_FORMS)) {
        let verdict = match_text(&expected.to_string(), &[], &written(form, &typed.to_string()));
        prop_assert_eq!(verdict == Verdict::Correct, expected == typed, "{} as {}", expected, written(form, &typed.to_string()));
        prop_assert_ne!(verdict, Verdict::Typo);
    }

    #[test]
    fn a_pep_matches_only_itself(expected in 1u32..10000, typed in 1u32..10000, form in prop::sample::select(PEP_FORMS)) {
        let verdict = match_text(&format!("PEP {expected}"), &[], &written(form, &typed.to_string()));
        prop_assert_eq!(verdict == Verdict::Correct, expected == typed, "PEP {} as {}", expected, written(form, &typed.to_string()));
        prop_assert_ne!(verdict, Verdict::Typo);
    }

    #[test]
    fn a_number_inside_a_name_matches_only_itself(
        name in prop::sample::select(vec!["Python", "gevent", "libuv", "Twisted Matrix", "파이썬", "asyncore module"]),
        expected in 0u32..200,
        typed in 0u32..200,
    ) {
        let verdict = match_text(&format!("{name} {expected}"), &[], &format!("{name} {typed}"));
        prop_assert_eq!(verdict != Verdict::Incorrect, expected == typed, "{} {} as {} {}", name, expected, name, typed);
    }

    #[test]
    fn a_numeric_card_matches_only_its_number(expected in -5000i64..5000, typed in -5000i64..5000) {
        let answer = Answer::Numeric { answer: Some(expected as f64), tolerance: 0.0, range: None };
        let right = grade(&answer, &Response::Text(typed.to_string())).is_correct();
        prop_assert_eq!(right, expected == typed);
    }
}

/// Found by `a_numeric_card_matches_only_its_number`: `-2594` was read as the year 2594.
#[test]
fn a_negative_number_is_not_a_year() {
    let answer = Answer::Numeric { answer: Some(2594.0), tolerance: 0.0, range: None };
    assert!(!grade(&answer, &Response::Text("-2594".into())).is_correct());
    assert!(grade(&answer, &Response::Text("2594년".into())).is_correct());
}
