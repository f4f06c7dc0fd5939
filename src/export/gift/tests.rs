//! The GIFT a deck becomes, and GIFT read back: the same cards for every kind
//! GIFT can hold, reported remarks for the rest.

use super::*;
use crate::deck::arbitrary;
use crate::deck::{CardKind, CardText, ClozePiece, Gap};
use crate::import::{self, Imported, RemarkKind};

fn deck(cards: Vec<Card>) -> Deck {
    arbitrary::deck_of("History", cards)
}

fn card(id: &str, prompt: &str, answer: Answer, explanation: Option<&str>) -> Card {
    Card::new(
        id,
        CardText { prompt: prompt.into(), answer, explanation: explanation.map(str::to_string), reject: vec![] },
    )
}

fn written(deck: &Deck) -> String {
    String::from_utf8(export(deck).unwrap().bytes).unwrap()
}

fn read_back(exported: &Exported) -> Imported {
    import::import("deck.gift", &exported.bytes, import::Format::Gift).unwrap()
}

#[test]
fn special_characters_are_escaped_and_line_breaks_written_as_backslash_n() {
    assert_eq!(escape("a~b =c #d {e} f:g back\\slash\nnext"), r"a\~b \=c \#d \{e\} f\:g back\\slash\nnext");
    let text = written(&deck(vec![card(
        "escapes",
        "Which is {set}?\nPick one.",
        Answer::Choice {
            choices: arbitrary::strings(&["{set}", "x=y", "%50%off", "[html]<b>"]),
            correct: 0,
            accept: vec![],
        },
        Some("key:value #1"),
    )]));
    let line = text.lines().find(|line| line.starts_with("::")).unwrap();
    assert_eq!(
        line,
        r"::escapes::[plain]Which is \{set\}?\nPick one.{=\{set\} ~x\=y ~%0%%50%off ~[plain][html]<b>####key\:value \#1}"
    );
}

#[test]
fn each_kind_is_written_as_its_gift_question() {
    let mut tagged =
        card("tf", "libuv is part of CPython.", Answer::TrueFalse { correct: false }, Some("It is separate."));
    tagged.tags = arbitrary::strings(&["history", "C libs"]);
    let cards = vec![
        card("fc", "What does a transport do?", Answer::Flashcard { back: "It moves bytes.".into() }, None),
        card(
            "multi",
            "Which did PEP 492 add?",
            Answer::Multi {
                choices: arbitrary::strings(&["async def", "await", "yield from", "asyncore"]),
                correct: vec![0, 1, 3],
            },
            None,
        ),
        tagged,
        card(
            "short",
            "Which version?",
            Answer::Short { answer: "3.4".into(), accept: arbitrary::strings(&["Python 3.4"]) },
            None,
        ),
        card("tolerance", "How long?", Answer::Numeric { answer: Some(3.5), tolerance: 0.5, range: None }, None),
        card(
            "range",
            "Which year?",
            Answer::Numeric { answer: None, tolerance: 0.0, range: Some((2012.0, 2013.0)) },
            None,
        ),
        card("both", "Which?", Answer::Numeric { answer: Some(-2.0), tolerance: 0.0, range: Some((1.0, 5.0)) }, None),
        card(
            "cloze",
            "Delegate with ____ now.",
            Answer::Cloze {
                pieces: vec![
                    ClozePiece::Text("Delegate with ".into()),
                    ClozePiece::Gap(0),
                    ClozePiece::Text(" now.".into()),
                ],
                gaps: vec![Gap { answer: "yield from".into(), accept: arbitrary::strings(&["yield-from"]) }],
            },
            None,
        ),
        card("order", "In order:", Answer::Order { items: arbitrary::strings(&["asyncore", "Twisted"]) }, None),
    ];
    let exported = export(&deck(cards)).unwrap();
    let text = String::from_utf8(exported.bytes.clone()).unwrap();
    let expected = "// Deck `history`, written by quiz: one question per card, titled with its id.\n\n\
        ::fc::What does a transport do?{####It moves bytes.}\n\n\
        ::multi::Which did PEP 492 add?{~%33.33333%async def ~%33.33333%await ~%-100%yield from ~%33.33333%asyncore}\n\n\
        $CATEGORY: history/c-libs\n\n\
        ::tf::libuv is part of CPython.{FALSE####It is separate.}\n\n\
        $CATEGORY: $course$/top\n\n\
        ::short::Which version?{=3.4 =Python 3.4}\n\n\
        ::tolerance::How long?{#3.5:0.5}\n\n\
        ::range::Which year?{#2012..2013}\n\n\
        ::both::Which?{#=-2 =1..5}\n\n\
        ::cloze::Delegate with {=yield from =yield-from} now.\n\n\
        ::order::In order\\:{=asyncore -> 1 =Twisted -> 2}\n\n";
    assert_eq!(text, expected);
    assert_eq!(exported.cards, 9);
    let remarks: Vec<(&str, &str)> =
        exported.remarks.iter().map(|remark| (remark.at.as_str(), remark.message.as_str())).collect();
    assert_eq!(remarks, [("card tf", "tag `C libs` is written as the category `c-libs`")]);
}

#[test]
fn what_gift_cannot_hold_is_reported() {
    let cards = vec![
        card(
            "two-gaps",
            "____ and ____",
            Answer::Cloze {
                pieces: vec![ClozePiece::Gap(0), ClozePiece::Text(" and ".into()), ClozePiece::Gap(1)],
                gaps: vec![Gap { answer: "a".into(), accept: vec![] }, Gap { answer: "b".into(), accept: vec![] }],
            },
            None,
        ),
        card("arrow", "Signature?", Answer::Short { answer: "f() -> int".into(), accept: vec![] }, None),
        card("explained", "Front", Answer::Flashcard { back: "Back".into() }, Some("Why")),
        card(
            "eleven",
            "Which?",
            Answer::Multi { choices: (0..12).map(|index| index.to_string()).collect(), correct: (0..11).collect() },
            None,
        ),
    ];
    let exported = export(&deck(cards)).unwrap();
    assert_eq!(exported.cards, 1);
    let remarks: Vec<(&str, RemarkKind)> =
        exported.remarks.iter().map(|remark| (remark.at.as_str(), remark.kind)).collect();
    assert_eq!(
        remarks,
        [
            ("card two-gaps", RemarkKind::Dropped),
            ("card arrow", RemarkKind::Dropped),
            ("card explained", RemarkKind::Approximated),
            ("card eleven", RemarkKind::Dropped)
        ]
    );
    let imported = read_back(&exported);
    assert_eq!(imported.cards[0].text.answer, Answer::Flashcard { back: "Back\n\nWhy".into() });
}

#[test]
fn weights_split_a_mark_evenly_as_moodle_lists_them() {
    let weights: Vec<Option<String>> = (0..=11).map(even_weight).collect();
    let shown: Vec<&str> = weights.iter().map(|weight| weight.as_deref().unwrap_or("-")).collect();
    assert_eq!(
        shown,
        ["-", "100", "50", "33.33333", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "-"]
    );
    assert!(
        looks_weighted("%50%off") && looks_weighted(" %-5.5%x") && !looks_weighted("50%") && !looks_weighted("%x%")
    );
}

/// The kinds GIFT holds exactly.
const EXACT: &[CardKind] =
    &[CardKind::Choice, CardKind::Multi, CardKind::TrueFalse, CardKind::Short, CardKind::Numeric, CardKind::Order];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    #[test]
    fn choice_multi_truefalse_short_numeric_and_order_cards_read_back_the_same(deck in arbitrary::deck(EXACT, 12)) {
        let exported = export(&deck).unwrap();
        proptest::prop_assert!(exported.remarks.is_empty(), "{:?}", exported.remarks);
        let imported = read_back(&exported);
        proptest::prop_assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
        proptest::prop_assert_eq!(arbitrary::same_cards(&deck.cards, &imported.cards), Ok(()));
    }

    #[test]
    fn flashcards_and_one_gap_cloze_cards_read_back_the_same_and_the_rest_is_reported(
        deck in arbitrary::deck(&[CardKind::Flashcard, CardKind::Cloze], 12)
    ) {
        let exported = export(&deck).unwrap();
        let imported = read_back(&exported);
        let mut read = imported.cards.iter();
        for before in &deck.cards {
            let at = format!("card {}", before.id);
            let remark = exported.remarks.iter().find(|remark| remark.at == at).map(|remark| remark.kind);
            match &before.text.answer {
                Answer::Cloze { gaps, .. } if gaps.len() > 1 => {
                    proptest::prop_assert_eq!(remark, Some(RemarkKind::Dropped));
                    continue;
                }
                Answer::Flashcard { back } if before.text.explanation.is_some() => {
                    proptest::prop_assert_eq!(remark, Some(RemarkKind::Approximated));
                    let mut expected = before.clone();
                    expected.text.answer = Answer::Flashcard {
                        back: format!("{back}\n\n{}", before.text.explanation.as_deref().unwrap_or_default()),
                    };
                    expected.text.explanation = None;
                    proptest::prop_assert_eq!(arbitrary::same_card(&expected, read.next().unwrap()), Ok(()));
                    continue;
                }
                Answer::Flashcard { .. }
                | Answer::Cloze { .. }
                | Answer::Choice { .. }
                | Answer::Multi { .. }
                | Answer::TrueFalse { .. }
                | Answer::Short { .. }
                | Answer::Numeric { .. }
                | Answer::Order { .. } => proptest::prop_assert_eq!(remark, None),
            }
            proptest::prop_assert_eq!(arbitrary::same_card(before, read.next().unwrap()), Ok(()));
        }
        proptest::prop_assert!(read.next().is_none());
    }
}
