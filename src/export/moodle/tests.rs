//! The Moodle XML a deck becomes, and that XML read back: the same cards for
//! every kind Moodle XML holds, reported remarks for the rest.

use super::*;
use crate::deck::arbitrary;
use crate::deck::{CardKind, CardText, DeckId};
use crate::import::{Imported, RemarkKind};

fn deck(cards: Vec<Card>) -> Deck {
    Deck {
        id: DeckId("history".into()),
        title: "History".into(),
        description: String::new(),
        version: String::new(),
        languages: vec!["en".into()],
        source: None,
        scheduling: Default::default(),
        grading: Default::default(),
        cards,
    }
}

fn card(id: &str, prompt: &str, answer: Answer, explanation: Option<&str>) -> Card {
    Card::new(
        id,
        CardText { prompt: prompt.into(), answer, explanation: explanation.map(str::to_string), reject: vec![] },
    )
}

fn read_back(exported: &Exported) -> Imported {
    import::import("deck.xml", &exported.bytes, import::Format::MoodleXml).unwrap()
}

/// The remarks as `(at, kind)`.
fn kinds(exported: &Exported) -> Vec<(&str, RemarkKind)> {
    exported.remarks.iter().map(|remark| (remark.at.as_str(), remark.kind)).collect()
}

#[test]
fn special_texts_are_written_so_moodle_and_the_importer_read_them_back() {
    let pieces = vec![ClozePiece::Text("Use ".into()), ClozePiece::Gap(0), ClozePiece::Text(" {set}.".into())];
    let gaps = vec![Gap { answer: "a~b }#".into(), accept: arbitrary::strings(&["x*\\y"]) }];
    let mut tagged =
        card("tf", "libuv is part of <CPython> & more.", Answer::TrueFalse { correct: false }, Some("No."));
    tagged.set_tags(arbitrary::strings(&["history", "C libs"]));
    let cards = vec![
        tagged,
        card(
            "multi",
            "Which did PEP 492 add?",
            Answer::Multi { choices: arbitrary::strings(&["async def", "await", "yield from"]), correct: vec![0, 1] },
            None,
        ),
        card("short", "Wildcard?", Answer::Short { answer: "a*b".into(), accept: arbitrary::strings(&["a\\b"]) }, None),
        card("cloze", "Use ____ {set}.", Answer::Cloze { pieces: pieces.clone(), gaps: gaps.clone() }, None),
    ];
    let exported = export(&deck(cards)).unwrap();
    let text = String::from_utf8(exported.bytes.clone()).unwrap();
    let expected_tf = "  <question type=\"truefalse\">\n    <name>\n      <text>tf</text>\n    </name>\n    \
        <questiontext format=\"plain_text\">\n      <text>libuv is part of &lt;CPython&gt; &amp; more.</text>\n    </questiontext>\n    \
        <generalfeedback format=\"plain_text\">\n      <text>No.</text>\n    </generalfeedback>\n    \
        <defaultgrade>1</defaultgrade>\n    <idnumber>tf</idnumber>\n    \
        <answer fraction=\"0\" format=\"moodle_auto_format\">\n      <text>true</text>\n    </answer>\n    \
        <answer fraction=\"100\" format=\"moodle_auto_format\">\n      <text>false</text>\n    </answer>\n    \
        <tags>\n      <tag><text>history</text></tag>\n      <tag><text>C libs</text></tag>\n    </tags>\n  </question>\n";
    assert!(text.contains(expected_tf), "{text}");
    assert!(text.contains("<answer fraction=\"50\" format=\"plain_text\">\n      <text>await</text>"), "{text}");
    assert!(text.contains("<answer fraction=\"-100\" format=\"plain_text\">\n      <text>yield from</text>"), "{text}");
    assert!(text.contains("<text>a\\*b</text>") && text.contains("<text>a\\b</text>"), "{text}");
    assert!(
        text.contains("<text>Use {1:SHORTANSWER:=a&amp;#126;b &amp;#125;&amp;#35;~=x\\*&amp;#92;y} {set}.</text>"),
        "{text}"
    );
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n") && text.ends_with("</quiz>\n"));
    assert_eq!((exported.cards, exported.remarks.len()), (4, 0), "{:?}", exported.remarks);
    let imported = read_back(&exported);
    assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
    assert_eq!(imported.cards[3].text.answer, Answer::Cloze { pieces, gaps });
}

#[test]
fn what_moodle_cannot_hold_is_reported() {
    let cards = vec![
        card(
            "range",
            "Which year?",
            Answer::Numeric { answer: None, tolerance: 0.0, range: Some((2012.0, 2013.0)) },
            None,
        ),
        card(
            "eleven",
            "Which?",
            Answer::Multi { choices: (0..12).map(|index| index.to_string()).collect(), correct: (0..11).collect() },
            None,
        ),
        card(
            "typed",
            "Which?",
            Answer::Choice {
                choices: arbitrary::strings(&["a", "b"]),
                correct: 0,
                accept: arbitrary::strings(&["A."]),
            },
            None,
        ),
        card("padded", "  Leading spaces", Answer::Flashcard { back: "Back".into() }, None),
    ];
    let exported = export(&deck(cards)).unwrap();
    assert_eq!(exported.cards, 3);
    assert_eq!(
        kinds(&exported),
        [
            ("card range", RemarkKind::Approximated),
            ("card eleven", RemarkKind::Dropped),
            ("card typed", RemarkKind::Approximated),
            ("card padded", RemarkKind::Approximated),
        ]
    );
    assert!(exported.remarks[0].message.contains("written as 2012.5 ± 0.5"), "{:?}", exported.remarks[0]);
    assert!(
        exported.remarks[3].message.contains("its prompt would read back differently"),
        "{:?}",
        exported.remarks[3]
    );
    let imported = read_back(&exported);
    assert_eq!(imported.cards[0].text.answer, Answer::Numeric { answer: Some(2012.5), tolerance: 0.5, range: None });
}

#[test]
fn cloze_text_that_moodle_would_read_as_an_answer_is_written_as_html() {
    let pieces =
        vec![ClozePiece::Text("Write {1:SA:x} for ".into()), ClozePiece::Gap(0), ClozePiece::Text(" <b>.".into())];
    let gaps = vec![Gap { answer: "a gap".into(), accept: vec![] }];
    let card = card("literal", &crate::deck::render_cloze(&pieces, &gaps), Answer::Cloze { pieces, gaps }, None);
    let exported = export(&deck(vec![card.clone()])).unwrap();
    let text = String::from_utf8(exported.bytes.clone()).unwrap();
    assert!(text.contains("<questiontext format=\"html\">\n      <text>Write &amp;#123;1:SA:x} for "), "{text}");
    assert!(exported.remarks.is_empty(), "{:?}", exported.remarks);
    assert_eq!(arbitrary::same_card(&card, &read_back(&exported).cards[0]), Ok(()));
}

#[test]
fn the_bundled_deck_reads_back_the_same_but_for_what_is_reported() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/decks/asyncio.toml");
    let file = crate::deck::DeckFile {
        display_name: "asyncio.toml".into(),
        text: std::fs::read_to_string(path).unwrap(),
        origin: crate::deck::Origin::Bundled,
    };
    let asyncio = crate::deck::load(&file).deck.expect("the bundled deck");
    let exported = export(&asyncio).unwrap();
    let imported = read_back(&exported);
    assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
    assert_eq!(imported.cards.len(), asyncio.cards.len());
    for (before, after) in asyncio.cards.iter().zip(&imported.cards) {
        let at = format!("card {}", before.id);
        let changed = exported
            .remarks
            .iter()
            .any(|remark| remark.at == at && !remark.message.contains("Moodle XML has no place for them"));
        if !changed {
            assert_eq!(arbitrary::same_card(before, after), Ok(()));
        }
    }
}

/// The kinds Moodle XML holds exactly (numeric cards, too, when they have no range).
const EXACT: &[CardKind] = &[
    CardKind::Flashcard,
    CardKind::Choice,
    CardKind::Multi,
    CardKind::TrueFalse,
    CardKind::Short,
    CardKind::Cloze,
    CardKind::Order,
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    #[test]
    fn cards_of_every_kind_but_numeric_read_back_the_same(deck in arbitrary::deck(EXACT, 12)) {
        let exported = export(&deck).unwrap();
        proptest::prop_assert!(exported.remarks.is_empty(), "{:?}", exported.remarks);
        let imported = read_back(&exported);
        proptest::prop_assert!(imported.remarks.is_empty(), "{:?}", imported.remarks);
        proptest::prop_assert_eq!(arbitrary::same_cards(&deck.cards, &imported.cards), Ok(()));
    }

    #[test]
    fn numeric_cards_read_back_the_same_and_ranges_are_reported(deck in arbitrary::deck(&[CardKind::Numeric], 12)) {
        let exported = export(&deck).unwrap();
        let imported = read_back(&exported);
        proptest::prop_assert_eq!(imported.cards.len(), deck.cards.len());
        for (before, after) in deck.cards.iter().zip(&imported.cards) {
            let at = format!("card {}", before.id);
            let remark = exported.remarks.iter().find(|remark| remark.at == at).map(|remark| remark.kind);
            match &before.text.answer {
                Answer::Numeric { range: Some(_), .. } => {
                    proptest::prop_assert_eq!(remark, Some(RemarkKind::Approximated));
                }
                Answer::Numeric { range: None, .. }
                | Answer::Flashcard { .. }
                | Answer::Choice { .. }
                | Answer::Multi { .. }
                | Answer::TrueFalse { .. }
                | Answer::Short { .. }
                | Answer::Cloze { .. }
                | Answer::Order { .. } => {
                    proptest::prop_assert_eq!(remark, None);
                    proptest::prop_assert_eq!(arbitrary::same_card(before, after), Ok(()));
                }
            }
        }
    }
}

#[test]
fn an_embedded_answer_escapes_what_cloze_syntax_and_html_read_and_no_control_survives() {
    let escaped = super::embedded("a*b {#1} ~x <y> & \u{202e}z\u{1b}");
    assert_eq!(escaped, "a\\*b &#123;&#35;1&#125; &#126;x &lt;y&gt; &amp; &#x202e;z&#x1b;");
}
