//! One fixture per GIFT construct (`tests/fixtures/import/gift/`), and the
//! cards and remarks each gives.

use super::*;
use crate::deck::arbitrary;
use crate::deck::{self, Deck, DeckFile, DeckId, Origin};

macro_rules! fixture {
    ($name:literal) => {
        import("in.gift", include_str!(concat!("../../../tests/fixtures/import/gift/", $name))).unwrap()
    };
}

#[test]
fn multiple_choice_marks_one_right_answer_and_skips_duplicate_choices() {
    let imported = fixture!("multiple_choice.gift");
    let ids: Vec<&str> = imported.cards.iter().map(|card| card.id.0.as_str()).collect();
    assert_eq!(ids, ["gevent-loop", "extra-right"]);
    let card = &imported.cards[0];
    assert_eq!(card.text.prompt, "Which C library did gevent's event loop use at first?");
    assert_eq!(
        card.text.answer,
        Answer::Choice { choices: arbitrary::strings(&["libevent", "libev", "libuv"]), correct: 0, accept: vec![] }
    );
    assert_eq!(
        imported.cards[1].text.answer,
        Answer::Choice {
            choices: arbitrary::strings(&["asyncore", "asyncio", "selectors"]),
            correct: 0,
            accept: vec![]
        }
    );
    let remarks = imported.remark_list();
    assert_eq!(remarks[0].0, "line 8");
    assert_eq!(remarks[0].1, RemarkKind::Approximated);
    assert!(remarks[0].2.contains("`asynchat` is marked right too"), "{remarks:?}");
    assert_eq!(
        remarks[1],
        ("line 10", RemarkKind::Dropped, "the question is skipped: the choice `libuv` appears twice")
    );
}

#[test]
fn multiple_answers_become_multi_cards_and_uneven_weights_are_reported() {
    let imported = fixture!("multiple_answers.gift");
    assert_eq!(
        imported.cards[0].text.answer,
        Answer::Multi {
            choices: arbitrary::strings(&["async def", "await", "yield from", "asyncore"]),
            correct: vec![0, 1]
        }
    );
    assert_eq!(
        imported.cards[1].text.answer,
        Answer::Multi { choices: arbitrary::strings(&["libuv", "libev", "Twisted"]), correct: vec![0, 1] }
    );
    let remarks = imported.remark_list();
    assert_eq!(remarks.len(), 1, "{remarks:?}");
    assert_eq!(remarks[0].0, "line 9");
    assert!(remarks[0].2.starts_with("the weights 70%, 30% become plain right answers"), "{remarks:?}");
}

#[test]
fn true_false_takes_the_right_answers_feedback_as_its_explanation() {
    let imported = fixture!("true_false.gift");
    let cards = imported.answers();
    assert_eq!(
        cards[0],
        ("uv-in-cpython", &Answer::TrueFalse { correct: false }, Some("Right: CPython does not ship libuv."))
    );
    assert!(cards[1].0.starts_with("twisted-is-older-than-asyncio-"));
    assert_eq!((cards[1].1, cards[1].2), (&Answer::TrueFalse { correct: true }, None));
    assert_eq!(cards[2].2, Some("Guido van Rossum called the project Tulip."));
    assert_eq!(cards[3].2, Some("It did, in 1999."));
    assert_eq!(imported.cards[1].text.prompt, "Twisted is older than asyncio.");
    let remarks = imported.remark_list();
    assert_eq!(remarks.len(), 2, "{remarks:?}");
    assert_eq!((remarks[0].0, remarks[0].1), ("line 2", RemarkKind::Dropped));
    assert_eq!(
        remarks[1],
        ("line 8", RemarkKind::Approximated, "the feedback for a wrong answer becomes the explanation")
    );
}

#[test]
fn short_answers_keep_the_full_credit_spellings_and_report_partial_credit() {
    let imported = fixture!("short_answer.gift");
    let card = &imported.cards[0];
    assert_eq!(card.text.answer, Answer::Short { answer: "3.4".into(), accept: arbitrary::strings(&["Python 3.4"]) });
    assert_eq!(card.text.explanation, None);
    let remarks = imported.remark_list();
    assert_eq!(
        remarks[0],
        ("line 2", RemarkKind::Dropped, "the answer `3.5` (50%) is left out: a typed answer is right or wrong")
    );
    assert!(remarks[1].2.contains("1 answer feedback(s) left out"), "{remarks:?}");
}

#[test]
fn numeric_answers_keep_their_tolerance_or_range_and_the_full_credit_number() {
    let imported = fixture!("numeric_tolerance.gift");
    assert_eq!(imported.cards[0].text.answer, Answer::Numeric { answer: Some(3.5), tolerance: 0.5, range: None });
    assert!(imported.remarks.is_empty());
    let imported = fixture!("numeric_range.gift");
    let answers: Vec<&Answer> = imported.cards.iter().map(|card| &card.text.answer).collect();
    assert_eq!(
        answers,
        [
            &Answer::Numeric { answer: None, tolerance: 0.0, range: Some((2012.0, 2013.0)) },
            &Answer::Numeric { answer: None, tolerance: 0.0, range: Some((1.0, 5.0)) }
        ]
    );
    let imported = fixture!("numeric_answers.gift");
    let card = &imported.cards[0];
    assert_eq!(card.text.answer, Answer::Numeric { answer: Some(2009.0), tolerance: 0.0, range: None });
    assert_eq!(card.text.explanation.as_deref(), Some("Yes, gevent 0.9 came out in 2009."));
    let remarks = imported.remark_list();
    assert_eq!(
        remarks[0],
        (
            "line 2",
            RemarkKind::Approximated,
            "the answer `2008` (50%) is left out: a numeric card has one number and one range"
        )
    );
    assert_eq!(remarks.len(), 2, "the half-credit answer's feedback too: {remarks:?}");
}

#[test]
fn matching_that_numbers_its_items_is_an_order_card_and_other_matching_a_flashcard() {
    let imported = fixture!("matching.gift");
    assert_eq!(
        imported.cards[0].text.answer,
        Answer::Order { items: arbitrary::strings(&["asyncore", "Twisted", "asyncio"]) }
    );
    let card = &imported.cards[1];
    assert_eq!(card.text.prompt, "Match each library with its author.\n- Twisted\n- gevent");
    assert_eq!(
        card.text.answer,
        Answer::Flashcard { back: "Twisted → Glyph Lefkowitz\ngevent → Denis Bilenko".into() }
    );
    assert_eq!(
        imported.remark_list(),
        [(
            "line 9",
            RemarkKind::Approximated,
            "the matching pairs become one flashcard: quiz has no matching cards; \
             the extra answers `Guido van Rossum` are left out"
        )]
    );
}

#[test]
fn a_missing_word_becomes_a_cloze_card_or_a_choice_with_a_blank() {
    let imported = fixture!("missing_word.gift");
    let cloze = &imported.cards[0];
    assert_eq!(cloze.text.prompt, "Since Python 3.3 a generator can delegate with ____ to a subgenerator.");
    assert_eq!(
        cloze.text.answer,
        Answer::Cloze {
            pieces: vec![
                ClozePiece::Text("Since Python 3.3 a generator can delegate with ".into()),
                ClozePiece::Gap(0),
                ClozePiece::Text(" to a subgenerator.".into()),
            ],
            gaps: vec![Gap { answer: "yield from".into(), accept: arbitrary::strings(&["yield-from"]) }],
        }
    );
    let choice = &imported.cards[1];
    assert_eq!(choice.text.prompt, "The asyncio event loop runs ____ one at a time.");
    assert_eq!(choice.kind(), crate::deck::CardKind::Choice);
    assert!(imported.remarks.is_empty());
}

#[test]
fn titles_give_ids_a_repeat_gets_a_suffix_and_comments_are_left_out() {
    let imported = fixture!("titles_comments.gift");
    let ids: Vec<&str> = imported.cards.iter().map(|card| card.id.0.as_str()).collect();
    assert_eq!(ids[..2], ["event-loop", "event-loop-2"]);
    assert!(ids[2].starts_with("what-did-asyncore-wrap-"), "{ids:?}");
    assert_eq!(imported.cards[0].text.prompt, "What runs the coroutines in asyncio?");
    assert_eq!(imported.cards[0].text.answer, Answer::Short { answer: "the event loop".into(), accept: vec![] });
    let again = fixture!("titles_comments.gift");
    assert_eq!(again.cards[2].id, imported.cards[2].id, "ids are stable");
}

#[test]
fn categories_become_tags_until_the_next_category() {
    let imported = fixture!("categories.gift");
    let tags: Vec<&[String]> = imported.cards.iter().map(|card| card.tags.as_slice()).collect();
    assert_eq!(
        tags,
        [&arbitrary::strings(&["python-history", "asyncio"])[..], &arbitrary::strings(&["twisted-deferreds"]), &[]]
    );
}

#[test]
fn general_feedback_is_the_explanation_before_the_right_answers_feedback() {
    let imported = fixture!("feedback.gift");
    assert_eq!(imported.cards[0].text.explanation.as_deref(), Some("PEP 492 added await in Python 3.5."));
    assert_eq!(imported.cards[1].text.explanation.as_deref(), Some("async def makes a coroutine function."));
    let remarks = imported.remark_list();
    assert_eq!(remarks.len(), 1, "{remarks:?}");
    assert!(remarks[0].2.starts_with("2 answer feedback(s) left out"), "{remarks:?}");
}

#[test]
fn escaped_characters_are_text_and_backslash_n_is_a_line_break() {
    let imported = fixture!("escapes.gift");
    let card = &imported.cards[0];
    assert_eq!(card.text.prompt, "Which is written {set}, a~b, x=y, #1 or key:value?\nIt holds a back\\slash too.");
    assert_eq!(
        card.text.answer,
        Answer::Choice {
            choices: arbitrary::strings(&["{set}", "a~b", "key:value", "x=y #1"]),
            correct: 0,
            accept: vec![]
        }
    );
}

#[test]
fn html_is_read_as_text_and_other_formats_are_kept_as_written() {
    let imported = fixture!("formats.gift");
    let texts: Vec<&str> = imported.cards.iter().map(|card| card.text.prompt.as_str()).collect();
    assert_eq!(
        texts,
        [
            "What does await do in `async def`?\nPick one.",
            "&amp; in plain text is an entity.",
            "What does **await** return?",
            "Is <b>this</b> bold?"
        ]
    );
    assert_eq!(
        imported.cards[0].text.answer,
        Answer::Choice {
            choices: arbitrary::strings(&["suspends the coroutine", "<b>blocks</b> the thread"]),
            correct: 0,
            accept: vec![]
        }
    );
    assert_eq!(imported.remark_list(), [("line 2", RemarkKind::Dropped, "media `loop.png` is not carried into decks")]);
}

#[test]
fn html_around_a_missing_word_keeps_the_spaces_beside_the_gap() {
    let imported = import("in.gift", "::h::[html]<p>Delegate with <b>{=yield from}</b> to&nbsp;it</p>").unwrap();
    assert_eq!(
        imported.cards[0].text.answer,
        Answer::Cloze {
            pieces: vec![
                ClozePiece::Text("Delegate with ".into()),
                ClozePiece::Gap(0),
                ClozePiece::Text(" to it".into())
            ],
            gaps: vec![Gap { answer: "yield from".into(), accept: vec![] }],
        }
    );
}

#[test]
fn an_essay_with_a_model_answer_is_a_flashcard_and_descriptions_are_dropped() {
    let imported = fixture!("essay_description.gift");
    assert_eq!(imported.cards.len(), 1);
    assert_eq!(
        imported.cards[0].text.answer,
        Answer::Flashcard { back: "It moves bytes; the protocol decides what they mean.".into() }
    );
    let remarks = imported.remark_list();
    assert_eq!((remarks[0].0, remarks[0].1), ("line 4", RemarkKind::Dropped));
    assert!(remarks[0].2.contains("essay"), "{remarks:?}");
    assert_eq!((remarks[1].0, remarks[1].1), ("line 6", RemarkKind::Dropped));
    assert!(remarks[1].2.contains("description"), "{remarks:?}");
}

#[test]
fn an_answer_block_never_closed_is_an_error_at_its_line_and_column() {
    let text = include_str!("../../../tests/fixtures/import/gift/broken_brace.gift");
    let error = import("broken.gift", text).unwrap_err().to_string();
    assert!(error.starts_with("broken.gift:3:43: this `{` opens an answer block that is never closed"), "{error}");
}

#[test]
fn every_card_from_the_fixtures_loads() {
    let all = [
        fixture!("multiple_choice.gift"),
        fixture!("multiple_answers.gift"),
        fixture!("true_false.gift"),
        fixture!("short_answer.gift"),
        fixture!("numeric_tolerance.gift"),
        fixture!("numeric_range.gift"),
        fixture!("numeric_answers.gift"),
        fixture!("matching.gift"),
        fixture!("missing_word.gift"),
        fixture!("titles_comments.gift"),
        fixture!("categories.gift"),
        fixture!("feedback.gift"),
        fixture!("escapes.gift"),
        fixture!("formats.gift"),
        fixture!("essay_description.gift"),
    ];
    let mut cards: Vec<Card> = Vec::new();
    let mut ids = Ids::default();
    for imported in all {
        for mut card in imported.cards {
            card.id.0 = ids.next(Some(&card.id.0), "");
            cards.push(card);
        }
    }
    let count = cards.len();
    let deck = Deck {
        id: DeckId("fixtures".into()),
        title: "Fixtures".into(),
        description: String::new(),
        version: String::new(),
        languages: Vec::new(),
        source: None,
        scheduling: Default::default(),
        grading: Default::default(),
        cards,
    };
    let file =
        DeckFile { display_name: "fixtures.toml".into(), origin: Origin::Bundled, text: deck::write::to_toml(&deck) };
    let loaded = deck::load(&file);
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    assert_eq!(loaded.deck.map(|deck| deck.cards.len()), Some(count));
}

#[test]
fn questions_that_cannot_be_cards_are_skipped_with_their_reason() {
    let imported = import("in.gift", "{=a ~b}\n\n::t::Q?{~a ~b}\n\nQ?{#abc}\n\nQ?{=%50%x}\n\nQ{=a}{=b}\n").unwrap();
    assert!(imported.cards.is_empty());
    let reasons: Vec<&str> = imported.remarks.iter().map(|remark| remark.message.as_str()).collect();
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    assert!(reasons[0].contains("has no question text"), "{reasons:?}");
    assert!(reasons[1].contains("no choice is right"), "{reasons:?}");
    assert!(reasons[2].contains("`abc` is not a number"), "{reasons:?}");
    assert!(reasons[4].contains("no answer earns full credit"), "{reasons:?}");
    assert!(reasons[5].contains("several answer blocks"), "{reasons:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    #[test]
    fn any_text_imports_or_fails_without_a_panic(text in "([a-z0-9 ]|[{}~=#:%.>\\\\\n-]|::|->|####|\\[html\\]|<b>|&amp;){0,80}") {
        if let Ok(imported) = import("any.gift", &text) {
            for card in &imported.cards {
                proptest::prop_assert!(sound::check(&card.text, &card.tags).is_ok());
            }
        }
    }
}
