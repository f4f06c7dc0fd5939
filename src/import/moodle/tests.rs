//! One fixture per Moodle question type (`tests/fixtures/import/moodle/`),
//! and the cards and remarks each gives.

use super::*;
use crate::deck::arbitrary;
use crate::deck::{Answer, ClozePiece, Gap};

macro_rules! fixture {
    ($name:literal) => {
        import("in.xml", include_str!(concat!("../../../tests/fixtures/import/moodle/", $name))).unwrap()
    };
}

fn ids(imported: &Imported) -> Vec<&str> {
    imported.cards.iter().map(|card| card.id.0.as_str()).collect()
}

use RemarkKind::{Approximated, Dropped};

#[test]
fn multichoice_is_a_choice_card_when_single_and_a_multi_card_otherwise() {
    let imported = fixture!("multichoice.xml");
    assert_eq!(ids(&imported), ["gevent-loop", "pep-492-facts", "uneven"], "idnumber wins over the name");
    let card = &imported.cards[0];
    assert_eq!(card.text.prompt, "Which C library did gevent's event loop use at first?");
    assert_eq!(
        card.text.answer,
        Answer::Choice {
            choices: arbitrary::strings(&["libevent", "libev", "libuv", "<epoll>"]),
            correct: 0,
            accept: vec![]
        }
    );
    assert_eq!(card.text.explanation.as_deref(), Some("gevent 1.0 moved to libev."));
    assert_eq!(
        imported.cards[1].text.prompt, "Which did PEP 492 add?\nTick every one.",
        "moodle_auto_format breaks lines"
    );
    assert_eq!(
        imported.cards[1].text.answer,
        Answer::Multi {
            choices: arbitrary::strings(&["async def", "await", "yield from", "asyncore"]),
            correct: vec![0, 1]
        }
    );
    assert_eq!(
        imported.remark_list(),
        [
            ("line 4", Approximated, "`libuv` earns 50% in Moodle; here it counts as wrong"),
            (
                "line 4",
                Dropped,
                "1 answer feedback(s) left out: a card has one explanation (the general feedback, else the right answer's)"
            ),
            ("line 53", Dropped, "1 hint(s) left out: cards have no hints"),
            ("line 85", Approximated, "the weights 70%, 30% become plain right answers: a multi card needs every right choice"),
            (
                "line 85",
                Approximated,
                "1 wrong choice(s) cost nothing (fraction 0), so Moodle gives full marks for ticking every choice; \
                 here only the exact set of right choices is right"
            ),
            ("line 85", Dropped, "1 choice feedback(s) left out: a multi card has one explanation"),
            ("line 105", Dropped, "the question is skipped: no answer earns full marks (fraction 100)"),
            ("line 117", Dropped, "the question is skipped: the choice `tulip.` appears twice"),
        ]
    );
}

#[test]
fn truefalse_takes_the_full_marks_answer_and_its_feedback() {
    let imported = fixture!("truefalse.xml");
    let cards = imported.answers();
    assert_eq!(
        cards,
        [
            ("libuv-in-cpython", &Answer::TrueFalse { correct: false }, Some("Right: uvloop brings it in.")),
            ("asyncio-provisional", &Answer::TrueFalse { correct: true }, Some("It stopped being provisional in 3.6.")),
        ]
    );
    assert_eq!(
        imported.remark_list()[1],
        ("line 47", Dropped, "the question is skipped: the right answer is `maybe`, not `true` or `false`")
    );
}

#[test]
fn shortanswer_keeps_full_marks_spellings_and_reports_wildcards_and_case() {
    let imported = fixture!("shortanswer.xml");
    assert_eq!(ids(&imported), ["asyncio-codename", "yield-from"]);
    assert_eq!(
        imported.cards[0].text.answer,
        Answer::Short { answer: "Tulip".into(), accept: arbitrary::strings(&["Project Tulip"]) }
    );
    assert_eq!(imported.cards[0].text.explanation.as_deref(), Some("Guido van Rossum announced it in 2012."));
    assert_eq!(
        imported.cards[1].text.prompt,
        "Which expression delegates to a subgenerator (PEP 380)? Write it like `yield from <expr>`.",
        "plain text is taken as written"
    );
    assert_eq!(
        imported.cards[1].text.answer,
        Answer::Short { answer: "yield from *".into(), accept: arbitrary::strings(&["a * b"]) }
    );
    let kinds: Vec<(&str, RemarkKind)> =
        imported.remarks.iter().map(|remark| (remark.at.as_str(), remark.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("line 3", Dropped),
            ("line 3", Dropped),
            ("line 3", Dropped),
            ("line 37", Approximated),
            ("line 37", Approximated)
        ]
    );
    assert!(imported.remarks[4].message.contains("wildcard"), "{:?}", imported.remarks[4]);
}

#[test]
fn numerical_keeps_the_full_marks_number_and_its_tolerance() {
    let imported = fixture!("numerical.xml");
    let answers: Vec<&Answer> = imported.cards.iter().map(|card| &card.text.answer).collect();
    assert_eq!(
        answers,
        [
            &Answer::Numeric { answer: Some(3.4), tolerance: 0.0, range: None },
            &Answer::Numeric { answer: Some(3.5), tolerance: 0.5, range: None },
        ]
    );
    assert_eq!(imported.cards[0].text.explanation.as_deref(), Some("March 2014."));
    assert_eq!(
        imported.remark_list(),
        [
            ("line 3", Dropped, "the answer `3.3` (50%) is left out: a numeric card has one number"),
            ("line 33", Dropped, "the units `s` are left out: the number is typed alone"),
            ("line 33", Dropped, "the answer `*` (any other number) is left out"),
            ("line 54", Dropped, "the question is skipped: the answer `three` is not a number"),
        ]
    );
}

#[test]
fn embedded_answers_become_cloze_gaps() {
    let imported = fixture!("multianswer.xml");
    let card = &imported.cards[0];
    assert_eq!(card.text.prompt, "asyncio was code-named [1: ____] and joined Python [2: ____] in [3: ____].");
    let Answer::Cloze { pieces, gaps } = &card.text.answer else { panic!("{:?}", card.text.answer) };
    assert_eq!(
        gaps,
        &[
            Gap { answer: "Tulip".into(), accept: arbitrary::strings(&["Project Tulip"]) },
            Gap { answer: "3.4".into(), accept: vec![] },
            Gap { answer: "2014".into(), accept: vec![] },
        ]
    );
    assert_eq!(pieces.first(), Some(&ClozePiece::Text("asyncio was code-named ".into())));
    assert_eq!(card.text.explanation.as_deref(), Some("PEP 3156 describes it."));
    let Answer::Cloze { pieces, gaps } = &imported.cards[1].text.answer else { panic!() };
    assert_eq!(gaps[0], Gap { answer: "}".into(), accept: arbitrary::strings(&["brace"]) }, "`\\}}` is a brace");
    assert_eq!(gaps[1].answer, "#");
    assert_eq!(pieces.last(), Some(&ClozePiece::Text("; {a} and x\\~y stay text.".into())));
    assert_eq!(imported.cards[2].text.prompt, "Fill ____ and {1:SA:=that");
    assert_eq!(
        imported.remark_list(),
        [
            ("line 3", Dropped, "gap 1: the answer `tulips` (50%) is left out: a typed answer is right or wrong"),
            ("line 3", Approximated, "gap 2: the tolerance 0.1 of `3.4` is left out: a gap is typed text"),
            ("line 3", Approximated, "gap 3: the choices are left out: the right one, `2014`, is typed"),
            ("line 3", Dropped, "3 answer feedback(s) left out: a card has one explanation"),
            ("line 17", Approximated, "gap 2: the answer is case-sensitive in Moodle; here case is ignored"),
            (
                "line 25",
                Dropped,
                "the question is skipped: gap 1: it has several right choices, which one typed gap cannot hold"
            ),
            (
                "line 33",
                Approximated,
                "the embedded answer at `{1:SA:=that` is never closed with `}`; it is read as text"
            ),
        ]
    );
}

#[test]
fn an_essay_with_a_model_answer_is_a_flashcard() {
    let imported = fixture!("essay.xml");
    let cards = imported.answers();
    let back =
        Answer::Flashcard { back: "The transport moves bytes; the protocol decides what the bytes mean.".into() };
    assert_eq!(
        cards,
        [
            ("transport-vs-protocol", &back, Some("Twisted's split inspired asyncio's.")),
            ("feedback-only", &Answer::Flashcard { back: "libuv".into() }, None),
        ]
    );
    assert_eq!(imported.remark_list().len(), 1);
    assert!(imported.remarks[0].message.contains("no model answer"));
}

#[test]
fn ordering_sorts_items_by_position_and_reports_a_shown_subset() {
    let imported = fixture!("ordering.xml");
    assert_eq!(
        imported.cards[0].text.answer,
        Answer::Order { items: arbitrary::strings(&["asyncore", "Twisted", "asyncio"]) }
    );
    assert_eq!(imported.cards[0].text.explanation.as_deref(), Some("asyncore came first."));
    assert_eq!(
        imported.remark_list(),
        [
            ("line 3", Dropped, "1 item feedback(s) left out"),
            ("line 36", Approximated, "Moodle shows 6 of the 7 items; here all of them are put in order"),
        ]
    );
}

#[test]
fn matching_becomes_one_flashcard_of_pairs() {
    let imported = fixture!("matching.xml");
    assert_eq!(imported.cards[0].text.prompt, "Match each library with its event loop.\n- gevent\n- Node.js");
    assert_eq!(imported.cards[0].text.answer, Answer::Flashcard { back: "gevent → libev\nNode.js → libuv".into() });
    assert_eq!(imported.remarks[0].kind, Approximated);
    assert!(imported.remarks[0].message.contains("`select` are left out"));
}

#[test]
fn gapselect_and_drag_into_text_become_typed_gaps() {
    let imported = fixture!("gapselect.xml");
    assert_eq!(imported.cards[0].text.prompt, "PEP 380 added [1: ____], and PEP 492 added [2: ____].");
    let Answer::Cloze { gaps, .. } = &imported.cards[0].text.answer else { panic!() };
    let answers: Vec<&str> = gaps.iter().map(|gap| gap.answer.as_str()).collect();
    assert_eq!(answers, ["yield from", "await"]);
    let imported = fixture!("ddwtos.xml");
    assert_eq!(imported.cards[0].text.prompt, "Node.js runs on [1: ____]; gevent on [2: ____].");
    assert_eq!(
        imported.remark_list(),
        [
            ("line 3", Approximated, "the options to pick from are left out: each gap is typed"),
            ("line 23", Dropped, "the question is skipped: the gap `[[3]]` names no option"),
        ]
    );
}

#[test]
fn categories_and_tags_tag_the_questions_and_other_types_are_reported() {
    let imported = fixture!("mixed.xml");
    let cards: Vec<(&str, Vec<&str>)> = imported
        .cards
        .iter()
        .map(|card| (card.id.0.as_str(), card.tags.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        cards,
        [
            ("asyncore-removed", vec!["async-python", "history", "removals"]),
            ("pep-3156", vec!["async-python", "peps-proposals"]),
            ("pep-3156-2", vec!["async-python", "peps-proposals"]),
        ]
    );
    assert_eq!(imported.cards[1].text.prompt, "Which PEP describes **asyncio**?", "markdown is taken as written");
    let shown: Vec<(&str, RemarkKind)> =
        imported.remarks.iter().map(|remark| (remark.at.as_str(), remark.kind)).collect();
    assert_eq!(
        shown,
        [
            ("line 14", Dropped),
            ("line 30", Dropped),
            ("line 39", Dropped),
            ("line 56", Dropped),
            ("line 65", Dropped),
            ("line 84", Dropped)
        ]
    );
    assert_eq!(imported.remarks[0].message, "media `asyncore.png` is not carried into decks", "reported once");
    assert!(imported.remarks[5].message.contains("`kprime`"));
}

#[test]
fn a_file_that_is_not_moodle_xml_is_an_error_at_its_place() {
    let error = import("in.xml", "<quiz>\n  <question type=\"truefalse\">\n</quiz>").unwrap_err().to_string();
    assert!(
        error.starts_with("in.xml:3:1: the file is not well-formed XML (expected 'question' tag, not 'quiz')"),
        "{error}"
    );
    assert!(!error.contains(" at 3:1"), "the position is said once: {error}");
    let error = import("in.xml", "<?xml version=\"1.0\"?>\n<html><body/></html>").unwrap_err().to_string();
    assert!(error.starts_with("in.xml:2:1: the file's root element is `<html>`, not `<quiz>`"), "{error}");
    let error = import("in.xml", "question,answer\n").unwrap_err().to_string();
    assert!(error.starts_with("in.xml:1:1:"), "{error}");
}

#[test]
fn a_billion_laughs_document_is_refused_at_once() {
    let mut document = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [\n  <!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 { "lol".to_string() } else { format!("lol{}", level - 1) };
        document.push_str(&format!("  <!ENTITY lol{level} \"{}\">\n", format!("&{previous};").repeat(10)));
    }
    document.push_str(
        "]>\n<quiz><question type=\"truefalse\"><questiontext><text>&lol9;</text></questiontext></question></quiz>\n",
    );
    let started = std::time::Instant::now();
    let error = import("laughs.xml", &document).unwrap_err().to_string();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert!(error.starts_with("laughs.xml:2:1: the file declares a DTD"), "{error}");
}

#[test]
fn a_question_without_a_name_gets_an_id_from_its_text() {
    let imported = import(
        "in.xml",
        "<quiz><question type=\"truefalse\"><questiontext format=\"plain_text\"><text>libuv is C.</text></questiontext>\
         <answer fraction=\"100\"><text>true</text></answer></question><note/></quiz>",
    )
    .unwrap();
    assert!(ids(&imported)[0].starts_with("libuv-is-c-"), "{:?}", ids(&imported));
    assert_eq!(imported.remark_list(), [("line 1", Dropped, "`<note>` is not a `<question>`; it is left out")]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Question text made of the pieces Moodle's syntaxes are built from never panics the reader.
    #[test]
    fn any_question_text_is_read_without_panicking(
        pieces in proptest::collection::vec(proptest::sample::select(&[
            "{", "}", "{1:", "SHORTANSWER", "MC", "NM", "MR", ":", "=", "~", "#", "%", "%50%", "-", "\\", "&", "&amp;",
            "&#35;", "<b>", "</p>", "<script>", "[[", "]]", "1", "2", "3.4", "*", "a", " ", "\n", "이벤트", "\u{e000}",
        ][..]), 0..40),
        kind in proptest::sample::select(&["multianswer", "gapselect", "ddwtos", "shortanswer", "numerical"][..]),
        format in proptest::sample::select(&["html", "plain_text", "moodle_auto_format"][..]),
    ) {
        let text = crate::text::sanitize::xml_text(&pieces.concat());
        let document = format!(
            "<quiz><question type=\"{kind}\"><questiontext format=\"{format}\"><text>{text}</text></questiontext>\
             <answer fraction=\"100\"><text>{text}</text><tolerance>{text}</tolerance></answer>\
             <selectoption><text>{text}</text></selectoption></question></quiz>"
        );
        let imported = import("in.xml", &document).unwrap();
        proptest::prop_assert!(imported.cards.len() <= 1);
    }
}

#[test]
fn remarks_on_many_questions_cost_linear_time() {
    let question =
        "<question type=\"kprime\">\n  <questiontext><text>A plugin type.</text></questiontext>\n</question>\n";
    let document = format!("<quiz>\n{}</quiz>\n", question.repeat(20_000));
    let started = std::time::Instant::now();
    let imported = import("in.xml", &document).unwrap();
    assert_eq!(imported.remarks.len(), 20_000);
    assert_eq!(imported.remarks[19_999].at, "line 59999");
    // Counting each question's line from the start of the file took minutes here.
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
}
