//! Snapshots of what the study session draws for each card kind at 80
//! columns, in English and Korean, without and with colour: the question, a
//! wrong answer's feedback, and the rating line; then each notice of the
//! rating step. Colour escapes are shown as
//! `␛` so the snapshots stay readable.

mod common;

use std::fmt::Write;

use chrono::Duration;
use quiz::deck::{load, DeckFile, Origin};
use quiz::grade::{Lexicon, Response};
use quiz::schedule::Rating;
use quiz::session::{assess, pose, Form, Given, Header, Leech, Notice, RatingPrompt};
use quiz::ui::messages::Lang;
use quiz::ui::render;

/// A wrong (or, for a flashcard, revealed) answer for each kind of card.
fn wrong_answer(form: &Form) -> Given {
    match form {
        Form::Flashcard { .. } => Given::Revealed,
        Form::Choice { .. } | Form::TrueFalse => Given::Index(1),
        Form::Multi { .. } => Given::Indexes(vec![0]),
        Form::Text => Given::Text(String::new()),
        Form::Cloze { gaps } => Given::Texts(vec!["yield for".to_string(); *gaps]),
        Form::Order { items } => Given::Indexes((0..items.len()).rev().collect()),
    }
}

fn screens(lang_code: &str) -> String {
    let path = common::fixtures().join("decks/kinds.toml");
    let file = DeckFile {
        display_name: "kinds.toml".to_string(),
        text: std::fs::read_to_string(&path).unwrap(),
        origin: Origin::File(path),
    };
    let deck = load(&file).deck.expect("the fixture deck loads");
    let lexicon = Lexicon::of(&deck);
    let lang = Lang::for_code(lang_code);
    let mut out = String::new();
    for (index, card) in deck.cards.iter().enumerate() {
        let text = card.text_in(lang_code);
        // The first card was edited since its last review; the second's notes were.
        let header = Header {
            study_counts: true,
            changed: index == 0,
            notes_changed: index == 1,
            ..Header::for_card(card, index + 1, deck.cards.len(), 3, 2)
        };
        let posed = pose(text, header, 7);
        let given = wrong_answer(&posed.question.form);
        let response = quiz::session::response_for(&given, card, text, &posed.shown).unwrap_or(Response::Skipped);
        let (_, feedback) = assess(card, text, &response, &lexicon);
        let _ = writeln!(out, "── {} ──", card.id);
        let _ = writeln!(out, "{}", render::header_at(&posed.question.header, lang, 80));
        let _ = write!(out, "{}", render::prompt_at(&posed.question.prompt, 80));
        let _ = writeln!(out, "{:?}", posed.question.form);
        let _ = write!(out, "{}", render::feedback_at(&feedback, lang, 80));
        let prompt = RatingPrompt {
            intervals: [Duration::minutes(1), Duration::minutes(5), Duration::minutes(10), Duration::days(7)],
            default: if feedback.self_graded { Rating::Good } else { Rating::Again },
            can_undo: !feedback.self_graded,
            has_source: card.source.is_some(),
            first: index == 0,
        };
        let _ = writeln!(out, "{}", render::rating_line_at(&prompt, lang, 80));
    }
    let _ = writeln!(out, "── notices ──");
    let leech = |suspended| Leech { card: "gevent-year".into(), lapses: 8, suspended };
    for notice in [
        Notice::TakenBack,
        Notice::Suspended { card: "gevent-year".into() },
        Notice::Buried { card: "gevent-year".into() },
        Notice::Leech(leech(true)),
        Notice::Leech(leech(false)),
        Notice::KeptDefault { rating: Rating::Hard },
    ] {
        let _ = writeln!(out, "{}", render::notice_at(&notice, lang, 80));
    }
    out.replace('\u{1b}', "␛")
}

/// One test, so the process-wide colour switch is never flipped under another.
#[test]
fn every_kind_at_80_columns() {
    for colour in [false, true] {
        colored::control::set_override(colour);
        for lang in ["en", "ko"] {
            let name = format!("{lang}_{}", if colour { "colour" } else { "plain" });
            let screens = screens(lang);
            for line in screens.lines().filter(|line| !line.starts_with("Flashcard") && !line.starts_with("Choice")) {
                if !colour {
                    assert!(quiz::ui::wrap::display_width(line) <= 80, "{name}: {line:?}");
                }
            }
            insta::assert_snapshot!(name, screens);
        }
    }
}
