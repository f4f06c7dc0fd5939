//! The grader and the reader, case by case.

use super::*;
use crate::deck::{ClozePiece, Gap};
use crate::text::normalize;

fn strings(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| text.to_string()).collect()
}

fn short(answer: &str, accept: &[&str]) -> Answer {
    Answer::Short { answer: answer.to_string(), accept: strings(accept) }
}

fn text(value: &str) -> Response {
    Response::Text(value.to_string())
}

fn choice(choices: &[&str], correct: usize) -> Answer {
    Answer::Choice { choices: strings(choices), correct, accept: Vec::new() }
}

fn multi(choices: &[&str], correct: &[usize]) -> Answer {
    Answer::Multi { choices: strings(choices), correct: correct.to_vec() }
}

fn numeric(answer: Option<f64>, tolerance: f64, range: Option<(f64, f64)>) -> Answer {
    Answer::Numeric { answer, tolerance, range }
}

fn gap(answer: &str, accept: &[&str]) -> Gap {
    Gap { answer: answer.to_string(), accept: strings(accept) }
}

fn cloze(gaps: Vec<Gap>) -> Answer {
    let pieces = (0..gaps.len()).map(ClozePiece::Gap).collect();
    Answer::Cloze { pieces, gaps }
}

fn order(items: &[&str]) -> Answer {
    Answer::Order { items: strings(items) }
}

fn gaps(values: &[&str]) -> Response {
    Response::Gaps(strings(values))
}

// ---- match_text ----

#[test]
fn match_text_exact_after_normalisation_is_correct() {
    assert_eq!(match_text("asyncio", &[], "  AsyncIO. "), Verdict::Correct);
    assert_eq!(match_text("3.4", &[], "３.４"), Verdict::Correct);
}

#[test]
fn match_text_accepts_alternates_exactly() {
    let accept = strings(&["Python 3.4", "py3.4"]);
    assert_eq!(match_text("3.4", &accept, "python 3.4"), Verdict::Correct);
    assert_eq!(match_text("3.4", &accept, "PY3.4"), Verdict::Correct);
    assert_eq!(match_text("3.4", &accept, "Python 3.5"), Verdict::Incorrect);
    // A misspelt product word around the right number is still that version.
    assert_eq!(match_text("3.4", &accept, "pyhton 3.4"), Verdict::Correct);
}

#[test]
fn match_text_never_lets_a_typo_change_a_number() {
    assert_eq!(match_text("3.4", &[], "3.5"), Verdict::Incorrect);
    assert_eq!(match_text("python3.4", &[], "python3.5"), Verdict::Incorrect);
    assert_eq!(match_text("2009", &[], "2008"), Verdict::Incorrect);
    assert_eq!(match_text("Ada 83 ports", &[], "Ada 84 ports"), Verdict::Incorrect, "digits in words too");
    // Words around the number may be misspelt; the number may not.
    assert_eq!(match_text("python3.4", &[], "pythn3.4"), Verdict::Correct);
}

#[test]
fn match_text_typo_allowance_grows_with_length() {
    // 4 characters: no allowance.
    assert_eq!(match_text("loop", &[], "lop"), Verdict::Incorrect);
    // 5 characters: one edit.
    assert_eq!(match_text("await", &[], "awiat"), Verdict::Typo);
    assert_eq!(match_text("await", &[], "awai"), Verdict::Typo);
    assert_eq!(match_text("await", &[], "wiat"), Verdict::Incorrect);
    // 9 characters: still one edit.
    assert_eq!(match_text("coroutine", &[], "corutine"), Verdict::Typo);
    assert_eq!(match_text("coroutine", &[], "corutin"), Verdict::Incorrect);
    // 10 characters: two edits.
    assert_eq!(match_text("event loop", &[], "evnt lop"), Verdict::Typo);
    assert_eq!(match_text("event loop", &[], "evnt lp"), Verdict::Incorrect);
}

#[test]
fn match_text_counts_a_transposition_as_one_edit() {
    // Plain Levenshtein would count "ie" → "ei" as two edits.
    assert_eq!(match_text("future", &[], "fuutre"), Verdict::Typo);
}

#[test]
fn match_text_counts_korean_typos_in_jamo() {
    // 이벤트 루프 is 12 jamo and a space: two edits are allowed.
    assert_eq!(match_text("이벤트 루프", &[], "이벤트 루푸"), Verdict::Typo);
    assert_eq!(match_text("이벤트 루프", &[], "이밴트 루푸"), Verdict::Typo);
    assert_eq!(match_text("이벤트 루프", &[], "이밴트 로푸"), Verdict::Incorrect);
    // 코루틴 is 7 jamo: one edit.
    assert_eq!(match_text("코루틴", &[], "코루딘"), Verdict::Typo);
    assert_eq!(match_text("코루틴", &[], "고루딘"), Verdict::Incorrect);
}

#[test]
fn match_text_a_call_is_its_function() {
    assert_eq!(match_text("reactor.run()", &[], "reactor.run()."), Verdict::Correct);
    assert_eq!(match_text("reactor.run()", &[], "reactor.run"), Verdict::Correct);
    assert_eq!(match_text("run()", &[], "run"), Verdict::Correct);
    assert_eq!(match_text("reactor.run()", &[], "reactor.stop()"), Verdict::Incorrect);
}

#[test]
fn match_text_blank_is_incorrect() {
    assert_eq!(match_text("asyncio", &[], ""), Verdict::Incorrect);
    assert_eq!(match_text("asyncio", &[], "  ...  "), Verdict::Incorrect);
}

#[test]
fn grade_flashcard_is_self_rated() {
    let answer = Answer::Flashcard { back: "A coroutine".to_string() };
    let knew = grade(&answer, &Response::SelfRated(true));
    assert_eq!(knew.verdict, Verdict::Correct);
    assert_eq!(knew.expected, "A coroutine");
    assert!(knew.parts.is_empty());
    assert_eq!(grade(&answer, &Response::SelfRated(false)).verdict, Verdict::Incorrect);
    // Typed (a sheet, a timed exam): judged against the back, typos allowed.
    assert_eq!(grade(&answer, &text("a coroutine.")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("A corutine")).verdict, Verdict::Typo);
    assert_eq!(grade(&answer, &text("a generator")).verdict, Verdict::Incorrect);
}

#[test]
fn grade_choice_by_index_text_and_letter() {
    let answer = choice(&["libev", "libuv", "libevent"], 1);
    let right = grade(&answer, &Response::Choice(1));
    assert_eq!(right.verdict, Verdict::Correct);
    assert_eq!(right.expected, "libuv");
    assert_eq!(grade(&answer, &Response::Choice(0)).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &text("libuv")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("b")).verdict, Verdict::Correct);
    // One edit away from the right choice, but it is the distractor.
    assert_eq!(grade(&answer, &text("libev")).verdict, Verdict::Incorrect);
    // One edit away and not a choice at all: it names the right one.
    assert_eq!(grade(&answer, &text("libuvv")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("libxyz")).verdict, Verdict::Incorrect);
}

#[test]
fn grade_choice_out_of_range_is_incorrect() {
    let answer = choice(&["a", "b"], 0);
    assert_eq!(grade(&answer, &Response::Choice(7)).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &Response::Choice(usize::MAX)).verdict, Verdict::Incorrect);
    // A deck whose right index is missing: nothing is right, nothing panics.
    let broken = choice(&["a", "b"], 5);
    assert_eq!(grade(&broken, &Response::Choice(5)).verdict, Verdict::Incorrect);
    assert_eq!(grade(&broken, &Response::Choice(5)).expected, "");
}

#[test]
fn grade_multi_needs_the_exact_set() {
    let answer = multi(&["asyncio", "trio", "requests", "curio"], &[0, 1, 3]);
    let right = grade(&answer, &Response::Choices(vec![3, 0, 1]));
    assert_eq!(right.verdict, Verdict::Correct);
    assert_eq!(right.parts, vec![true; 4]);
    assert_eq!(right.expected, "asyncio, trio, curio");

    let missing = grade(&answer, &Response::Choices(vec![0, 1]));
    assert_eq!(missing.verdict, Verdict::Incorrect);
    assert_eq!(missing.parts, vec![true, true, true, false]);

    let extra = grade(&answer, &Response::Choices(vec![0, 1, 2, 3]));
    assert_eq!(extra.verdict, Verdict::Incorrect);
    assert_eq!(extra.parts, vec![true, true, false, true]);

    let none = grade(&answer, &Response::Choices(vec![]));
    assert_eq!(none.verdict, Verdict::Incorrect);
    assert_eq!(none.parts, vec![false, false, true, false]);
}

#[test]
fn grade_multi_ignores_duplicates_but_not_out_of_range() {
    let answer = multi(&["asyncio", "trio", "requests"], &[0, 1]);
    assert_eq!(grade(&answer, &Response::Choices(vec![0, 1, 1, 0])).verdict, Verdict::Correct);
    let stray = grade(&answer, &Response::Choices(vec![0, 1, 9]));
    assert_eq!(stray.verdict, Verdict::Incorrect);
    assert_eq!(stray.parts, vec![true, true, true]);
}

#[test]
fn grade_multi_from_text_and_gaps() {
    let answer = multi(&["asyncio", "trio", "requests"], &[0, 1]);
    assert_eq!(grade(&answer, &text("a, b")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("Trio, asyncio")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &gaps(&["b", "asyncio"])).verdict, Verdict::Correct);
    let wrong = grade(&answer, &text("a, c"));
    assert_eq!(wrong.verdict, Verdict::Incorrect);
    assert_eq!(wrong.parts, vec![true, false, false]);
    // Text that names no choice cannot be read: no parts.
    let unreadable = grade(&answer, &text("twisted, trio"));
    assert_eq!(unreadable.verdict, Verdict::Incorrect);
    assert!(unreadable.parts.is_empty());
}

#[test]
fn grade_multi_broken_deck_is_never_correct() {
    let answer = multi(&["a", "b"], &[0, 4]);
    assert_eq!(grade(&answer, &Response::Choices(vec![0])).verdict, Verdict::Incorrect);
}

#[test]
fn grade_truefalse() {
    let answer = Answer::TrueFalse { correct: false };
    let right = grade(&answer, &Response::Bool(false));
    assert_eq!(right.verdict, Verdict::Correct);
    assert_eq!(right.expected, "false");
    assert_eq!(grade(&answer, &Response::Bool(true)).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &text("거짓")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("x")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("yes")).verdict, Verdict::Incorrect);
    // No typo allowance: "flase" is not read as false.
    assert_eq!(grade(&answer, &text("flase")).verdict, Verdict::Incorrect);
}

#[test]
fn grade_short_reports_the_spelling_closest_to_a_typo() {
    let answer = short("event loop", &["main loop", "이벤트 루프"]);
    let exact_alternate = grade(&answer, &text("Main loop."));
    assert_eq!(exact_alternate.verdict, Verdict::Correct);
    assert_eq!(exact_alternate.expected, "event loop");

    let typo_canonical = grade(&answer, &text("evnet loop"));
    assert_eq!(typo_canonical.verdict, Verdict::Typo);
    assert_eq!(typo_canonical.expected, "event loop");

    let typo_alternate = grade(&answer, &text("mian loop"));
    assert_eq!(typo_alternate.verdict, Verdict::Typo);
    assert_eq!(typo_alternate.expected, "main loop");

    let typo_korean = grade(&answer, &text("이벤트 루푸"));
    assert_eq!(typo_korean.verdict, Verdict::Typo);
    assert_eq!(typo_korean.expected, "이벤트 루프");
    assert!(typo_korean.is_correct());

    let wrong = grade(&answer, &text("reactor"));
    assert_eq!(wrong.verdict, Verdict::Incorrect);
    assert_eq!(wrong.expected, "event loop");
    assert!(!wrong.is_correct());
}

#[test]
fn grade_short_versions_need_the_exact_digits() {
    let answer = short("3.4", &["Python 3.4"]);
    assert_eq!(grade(&answer, &text("python 3.4")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("３.４")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("3.5")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &text("Python 3.5")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &Response::Choice(0)).verdict, Verdict::Incorrect);
}

#[test]
fn grade_numeric_with_tolerance() {
    let answer = numeric(Some(3.4), 0.1, None);
    assert_eq!(grade(&answer, &text("3.4")).verdict, Verdict::Correct);
    // |3.5 − 3.4| is 0.10000000000000009 in floating point.
    assert_eq!(grade(&answer, &text("3.5")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("3.3")).verdict, Verdict::Correct);
    assert_eq!(grade(&answer, &text("3.51")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &text("three")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &text("3.4 seconds")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&answer, &text("3.4")).expected, "3.4 (± 0.1)");
}

#[test]
fn grade_numeric_exact_allows_only_float_noise() {
    let year = numeric(Some(2009.0), 0.0, None);
    assert_eq!(grade(&year, &text("2009")).verdict, Verdict::Correct);
    assert_eq!(grade(&year, &text("2009년")).verdict, Verdict::Correct);
    assert_eq!(grade(&year, &text("2,009")).verdict, Verdict::Correct);
    assert_eq!(grade(&year, &text("2010")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&year, &text("2009.001")).verdict, Verdict::Incorrect);

    let sum = numeric(Some(0.3), 0.0, None);
    assert_eq!(grade(&sum, &text("0.30000000000000004")).verdict, Verdict::Correct);
    assert_eq!(grade(&sum, &text("0.31")).verdict, Verdict::Incorrect);
}

#[test]
fn grade_numeric_range_is_inclusive() {
    let answer = numeric(None, 0.0, Some((1.0, 2.0)));
    for inside in ["1", "1.5", "2"] {
        assert_eq!(grade(&answer, &text(inside)).verdict, Verdict::Correct, "{inside}");
    }
    for outside in ["0.99", "2.01", "-1.5"] {
        assert_eq!(grade(&answer, &text(outside)).verdict, Verdict::Incorrect, "{outside}");
    }
    assert_eq!(grade(&answer, &text("1")).expected, "1 to 2");
}

#[test]
fn grade_numeric_bad_deck_values_do_not_panic_or_pass() {
    let nan = numeric(Some(f64::NAN), f64::NAN, None);
    assert_eq!(grade(&nan, &text("1")).verdict, Verdict::Incorrect);
    let negative_tolerance = numeric(Some(5.0), -1.0, None);
    assert_eq!(grade(&negative_tolerance, &text("5")).verdict, Verdict::Correct);
    assert_eq!(grade(&negative_tolerance, &text("5.5")).verdict, Verdict::Incorrect);
}

#[test]
fn grade_cloze_all_gaps_right() {
    let answer = cloze(vec![gap("await", &[]), gap("event loop", &["loop"])]);
    let right = grade(&answer, &gaps(&["Await", "loop"]));
    assert_eq!(right.verdict, Verdict::Correct);
    assert_eq!(right.parts, vec![true, true]);
    assert_eq!(right.expected, "await · event loop");
}

#[test]
fn grade_cloze_typo_in_one_gap_makes_a_typo() {
    let answer = cloze(vec![gap("await", &[]), gap("event loop", &["main loop"])]);
    let typo = grade(&answer, &gaps(&["await", "mian loop"]));
    assert_eq!(typo.verdict, Verdict::Typo);
    assert_eq!(typo.parts, vec![true, true]);
    assert_eq!(typo.expected, "await · main loop");
}

#[test]
fn grade_cloze_one_wrong_gap_makes_it_incorrect() {
    let answer = cloze(vec![gap("await", &[]), gap("3.4", &[]), gap("event loop", &[])]);
    let wrong = grade(&answer, &gaps(&["awiat", "3.5", "event loop"]));
    assert_eq!(wrong.verdict, Verdict::Incorrect);
    assert_eq!(wrong.parts, vec![true, false, true]);
    assert_eq!(wrong.expected, "await · 3.4 · event loop");
}

#[test]
fn grade_cloze_wrong_gap_count_is_incorrect_with_parts() {
    let answer = cloze(vec![gap("await", &[]), gap("async", &[])]);
    let short_of = grade(&answer, &gaps(&["await"]));
    assert_eq!(short_of.verdict, Verdict::Incorrect);
    assert_eq!(short_of.parts, vec![true, false]);
    let too_many = grade(&answer, &gaps(&["await", "async", "yield"]));
    assert_eq!(too_many.verdict, Verdict::Incorrect);
    assert_eq!(too_many.parts, vec![true, true]);
}

#[test]
fn grade_cloze_single_gap_accepts_text() {
    let one = cloze(vec![gap("asyncio", &[])]);
    assert_eq!(grade(&one, &text("asyncio")).verdict, Verdict::Correct);
    let two = cloze(vec![gap("asyncio", &[]), gap("trio", &[])]);
    assert_eq!(grade(&two, &text("asyncio")).verdict, Verdict::Incorrect);
}

#[test]
fn grade_order_needs_the_exact_sequence() {
    let answer = order(&["parse", "plan", "execute", "commit"]);
    let right = grade(&answer, &Response::Order(vec![0, 1, 2, 3]));
    assert_eq!(right.verdict, Verdict::Correct);
    assert_eq!(right.parts, vec![true; 4]);
    assert_eq!(right.expected, "parse → plan → execute → commit");

    // One item out of place is one error: the parts mark the longest run in
    // the right relative order.
    let swapped = grade(&answer, &Response::Order(vec![0, 2, 1, 3]));
    assert_eq!(swapped.verdict, Verdict::Incorrect);
    assert_eq!(swapped.parts.iter().filter(|part| !**part).count(), 1);
    let moved = grade(&answer, &Response::Order(vec![3, 0, 1, 2]));
    assert_eq!(moved.parts, vec![false, true, true, true], "the last item put first: one error, not four");

    let short_of = grade(&answer, &Response::Order(vec![0, 1]));
    assert_eq!(short_of.verdict, Verdict::Incorrect);
    assert_eq!(short_of.parts, vec![true, true, false, false]);

    let too_long = grade(&answer, &Response::Order(vec![0, 1, 2, 3, 4]));
    assert_eq!(too_long.verdict, Verdict::Incorrect);
    assert_eq!(too_long.parts, vec![true; 4]);
}

#[test]
fn grade_order_out_of_range_and_from_texts() {
    let answer = order(&["parse", "plan", "execute"]);
    let stray = grade(&answer, &Response::Order(vec![0, usize::MAX, 2]));
    assert_eq!(stray.verdict, Verdict::Incorrect);
    assert_eq!(stray.parts, vec![true, false, true]);
    assert_eq!(grade(&answer, &gaps(&["parse", "2", "Execute"])).verdict, Verdict::Correct);
    let wrong = grade(&answer, &gaps(&["plan", "parse", "3"]));
    assert_eq!(wrong.verdict, Verdict::Incorrect);
    assert_eq!(wrong.parts.iter().filter(|part| !**part).count(), 1);
    let unreadable = grade(&answer, &gaps(&["parse", "compile", "execute"]));
    assert_eq!(unreadable.verdict, Verdict::Incorrect);
    assert!(unreadable.parts.is_empty());
}

#[test]
fn grade_skipped_is_incorrect_for_every_kind() {
    let answers = [
        Answer::Flashcard { back: "b".to_string() },
        choice(&["a", "b"], 0),
        multi(&["a", "b"], &[]),
        Answer::TrueFalse { correct: true },
        short("asyncio", &[]),
        numeric(Some(1.0), 1e9, None),
        cloze(vec![]),
        order(&[]),
    ];
    for answer in &answers {
        let skipped = grade(answer, &Response::Skipped);
        assert_eq!(skipped.verdict, Verdict::Incorrect, "{:?}", answer.kind());
        assert!(skipped.parts.is_empty());
        assert_eq!(skipped.expected, answer.display());
    }
}

#[test]
fn grade_wrong_response_shape_is_incorrect() {
    let shapes =
        [Response::Gaps(vec![]), Response::Choices(vec![0]), Response::Order(vec![0]), Response::SelfRated(true)];
    let answers = [
        choice(&["a", "b"], 0),
        Answer::TrueFalse { correct: true },
        short("asyncio", &[]),
        numeric(Some(0.0), 1e9, None),
    ];
    for answer in &answers {
        for shape in &shapes {
            assert_eq!(grade(answer, shape).verdict, Verdict::Incorrect, "{:?} / {shape:?}", answer.kind());
        }
    }
}

#[test]
fn grade_blank_text_is_incorrect() {
    assert_eq!(grade(&short("asyncio", &[]), &text("   ")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&numeric(Some(0.0), 1.0, None), &text("")).verdict, Verdict::Incorrect);
    assert_eq!(grade(&choice(&["a"], 0), &text("")).verdict, Verdict::Incorrect);
}

#[test]
fn odd_inputs_never_panic() {
    let inputs = [
        "",
        " ",
        "(",
        ")",
        ")(",
        "((",
        "'",
        "’",
        "‘x",
        "\"",
        "`",
        "年",
        "년",
        "-",
        "+",
        "e",
        "1e",
        "−",
        "\u{0301}",
        "İ",
        "ǅ",
        "ﬁ",
        "👍🏽",
        "a)",
        ")a",
        ",",
        ",,",
        "1,",
        "9".repeat(400).leak(),
    ];
    let choices = strings(&["libev", "libuv"]);
    let answers = [
        short("asyncio", &["(", "?"]),
        cloze(vec![gap("await", &[")"])]),
        numeric(Some(1.0), 0.0, Some((f64::INFINITY, f64::NEG_INFINITY))),
        multi(&["a"], &[0]),
        order(&["x", "x"]),
    ];
    for input in inputs {
        let normalized = normalize(input);
        assert_eq!(normalize(&normalized), normalized, "idempotent for {input:?}");
        let _ = parse_number(input);
        let _ = parse_truefalse(input);
        let _ = choice_index(&choices, &[], input);
        let _ = choices_from_text(&choices, &[], input);
        let _ = order_from_texts(&choices, &[], &[input.to_string()]);
        for answer in &answers {
            let _ = grade(answer, &text(input));
            let _ = grade(answer, &gaps(&[input, input]));
        }
    }
}

#[test]
fn is_correct_accepts_typos() {
    let grade_with = |verdict| Grade { verdict, expected: String::new(), parts: Vec::new() };
    assert!(grade_with(Verdict::Correct).is_correct());
    assert!(grade_with(Verdict::Typo).is_correct());
    assert!(!grade_with(Verdict::Incorrect).is_correct());
}

#[test]
fn a_translation_reads_choices_typed_in_the_base_language_too() {
    use crate::deck::{Card, CardText};
    let base = CardText {
        prompt: "Which loop did gevent use first?".into(),
        answer: choice(&["libevent", "libev", "libuv"], 0),
        explanation: None,
        reject: vec![],
    };
    let mut card = Card::new("gevent-first-loop", base);
    let korean = CardText {
        prompt: "gevent가 처음 쓴 루프는?".into(),
        answer: choice(&["립이벤트(libevent)", "립이브이(libev)", "립유브이(libuv)"], 0),
        explanation: None,
        reject: vec!["libev".into()],
    };
    card.translations.insert("ko".into(), korean);
    let korean = &card.translations["ko"];
    let lexicon = Lexicon::empty();
    let graded = |typed: &str| grade_card(&card, korean, &text(typed), &lexicon).verdict;
    assert_eq!(graded("립이벤트(libevent)"), Verdict::Correct);
    assert_eq!(graded("libevent"), Verdict::Correct, "the base language's text of the right choice");
    assert_eq!(graded("libuv"), Verdict::Incorrect, "the base language's text of a wrong choice");
    assert_eq!(graded("libev"), Verdict::Incorrect, "a listed near-miss");
}
