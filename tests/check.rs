//! `quiz check`: every class of deck error is reported with its line and card.
//! Each test is one deck and the exact report it gets.

mod common;

use common::{fixture_deck, Test};

/// A deck file: the header every test shares, then `cards` (both unindented).
fn deck(cards: &str) -> String {
    format!("format = 1\nid = \"t\"\ntitle = \"T\"\nlanguages = [\"en\"]\n\n{}", common::unindent(cards))
}

/// Checks `deck.toml` made of `cards` and expects exactly `report` (exit 1).
fn fails_with(cards: &str, report: &str) {
    Test::new().file("deck.toml", &deck(cards)).args(["check", "deck.toml"]).status(1).stdout(report).run();
}

#[test]
fn valid_fixture_passes_strict() {
    Test::new()
        .args(["check", &fixture_deck("kinds.toml"), "--strict"])
        .stdout_contains(["ok — 8 card(s), 0 error(s), 0 warning(s)"])
        .run();
}

#[test]
fn a_syntax_error_has_its_position() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        prompt = "unclosed
        "#,
        r#"
        deck.toml:8:19: error[syntax]: invalid basic string, expected `"`
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        "#,
    );
}

#[test]
fn an_unknown_field_suggests_the_closest() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "short"
        promt = "Q"
        answer = "x"
        "#,
        "
        deck.toml:6:1: error[missing-field]: card `a`: the card has no `prompt`, which is required
        deck.toml:9:1: error[unknown-field]: card `a`: unknown field `promt` in a `short` card
          help: did you mean `prompt`?
        deck.toml: FAILED — 0 card(s), 2 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn a_field_of_another_kind_is_named() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "short"
        prompt = "Q"
        answer = "x"
        choices = ["x", "y"]
        "#,
        "
        deck.toml:11:1: error[unknown-field]: card `a`: field `choices` does not belong in a `short` card
          help: expected one of: id, kind, prompt, tags, explanation, source, translations, match, reject, ignore_accents, answer, accept, reverse
        deck.toml: FAILED — 1 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn reverse_is_for_flashcard_and_short_cards_and_counts_as_a_card() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "truefalse"
        prompt = "Q"
        answer = true
        reverse = true
        "#,
        "
        deck.toml:11:1: error[unknown-field]: card `a`: field `reverse` does not belong in a `truefalse` card
          help: expected one of: id, kind, prompt, tags, explanation, source, translations, match, reject, ignore_accents, answer
        deck.toml: FAILED — 1 card(s), 1 error(s), 0 warning(s)
        ",
    );
    Test::new()
        .args(["check", &fixture_deck("reverse.toml"), "--strict"])
        .stdout_contains(["ok — 5 card(s), 0 error(s), 0 warning(s)"])
        .run();
}

#[test]
fn a_missing_required_field() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "short"
        answer = "x"
        "#,
        "
        deck.toml:6:1: error[missing-field]: card `a`: the card has no `prompt`, which is required
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn a_wrong_type() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "short"
        prompt = 42
        answer = "x"
        "#,
        "
        deck.toml:9:10: error[wrong-type]: card `a`: `prompt` must be a string, not integer
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn duplicate_card_ids() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "truefalse"
        prompt = "Q"
        answer = true

        [[card]]
        id = "a"
        kind = "truefalse"
        prompt = "R"
        answer = false
        "#,
        "
        deck.toml:13:6: error[duplicate-id]: card `a`: card id `a` is used twice (first on line 6)
          help: card ids must be unique in a deck
        deck.toml: FAILED — 1 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn an_empty_prompt_or_answer() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "short"
        prompt = "  "
        answer = ""
        "#,
        "
        deck.toml:9:10: error[empty]: card `a`: `prompt` is empty
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        ",
    );
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "short"
        prompt = "Q"
        answer = ""
        "#,
        "
        deck.toml:10:10: error[empty]: card `a`: `answer` is empty
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn an_answer_that_is_not_among_the_choices() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "choice"
        prompt = "Q"
        choices = ["libev", "libuv"]
        answer = "libevv"

        [[card]]
        id = "b"
        kind = "multi"
        prompt = "Q"
        choices = ["x", "y"]
        answer = ["x", "z"]
        "#,
        "
        deck.toml:11:10: error[answer-not-a-choice]: card `a`: the answer `libevv` is not among the choices
          help: did you mean `libev`? The answer must be written exactly as a choice
        deck.toml:18:16: error[answer-not-a-choice]: card `b`: the answer `z` is not among the choices
          help: did you mean `x`? The answer must be written exactly as a choice
        deck.toml: FAILED — 0 card(s), 2 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn duplicate_choices() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "choice"
        prompt = "Q"
        choices = ["x", " X "]
        answer = "x"
        "#,
        "
        deck.toml:6:1: error[self-test]: card `a`: grader self-test failed: ` X  (typed)` should be graded wrong but is accepted
          help: make alternates distinct from wrong choices and from each other
        deck.toml:10:17: error[duplicate-choice]: card `a`: `choices` lists ` X ` twice (the same as `x` once normalised)
        deck.toml: FAILED — 1 card(s), 2 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn an_order_card_needs_two_items() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "order"
        prompt = "Q"
        items = ["only"]
        "#,
        "
        deck.toml:10:10: error[too-few-items]: card `a`: an order card needs at least 2 items, it has 1
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn a_cloze_card_without_a_gap() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "cloze"
        prompt = "no gaps here"
        "#,
        "
        deck.toml:9:10: error[cloze]: card `a`: a cloze card needs at least one gap
          help: mark each gap as {{answer}} or {{answer|alternate}}
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn a_negative_tolerance() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "numeric"
        prompt = "Q"
        answer = 3
        tolerance = -1
        "#,
        "
        deck.toml:11:13: error[negative-tolerance]: card `a`: tolerance -1 is negative
        deck.toml: FAILED — 0 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn a_missing_notes_file() {
    fails_with(
        r#"
        source = "nowhere.md"
        "#,
        "
        deck.toml:1:1: warning[no-cards]: the deck has no `[[card]]` tables
        deck.toml:6:10: error[source-missing]: the notes file `nowhere.md` does not exist
          help: `source` is a path relative to the deck file
        deck.toml: FAILED — 0 card(s), 1 error(s), 1 warning(s)
        ",
    );
}

#[test]
fn citations_must_resolve_in_the_notes() {
    Test::new()
        .file("notes.md", "# Notes\n## asyncio\nasyncio shipped in Python 3.4.\n")
        .file(
            "deck.toml",
            r#"
            format = 1
            id = "t"
            title = "T"
            source = "notes.md"

            [[card]]
            id = "a"
            kind = "truefalse"
            prompt = "Q"
            answer = true
            source = { section = "asyncoi" }

            [[card]]
            id = "b"
            kind = "truefalse"
            prompt = "Q"
            answer = true
            source = { section = "asyncio", quote = "shipped   in\nPython 3.5" }

            [[card]]
            id = "c"
            kind = "truefalse"
            prompt = "Q"
            answer = true
            source = { section = "asyncio", quote = "shipped   in\nPython 3.4" }
            "#,
        )
        .args(["check", "deck.toml"])
        .status(1)
        .stdout(
            "
            deck.toml:11:22: error[unknown-section]: card `a`: the notes have no section `asyncoi`
              help: did you mean `asyncio`?
            deck.toml:18:41: error[quote-not-found]: card `b`: the quote does not appear in section `asyncio` of the notes
              help: quote the notes word for word (whitespace may differ)
            deck.toml: FAILED — 3 card(s), 2 error(s), 0 warning(s)
            ",
        )
        .run();
}

#[test]
fn a_missing_translation_warns_and_fails_only_when_strict() {
    let korean = r#"
        format = 1
        id = "t"
        title = "T"
        languages = ["en", "ko"]

        [[card]]
        id = "a"
        kind = "truefalse"
        prompt = "Q"
        answer = true
    "#;
    let report = "
        deck.toml:6:1: warning[missing-translation]: card `a`: the card has no `ko` translation
          help: add a [card.translations.ko] table; it falls back to the base language
        deck.toml: ok — 1 card(s), 0 error(s), 1 warning(s)
    ";
    Test::new().file("deck.toml", korean).args(["check", "deck.toml"]).stdout(report).run();
    Test::new()
        .file("deck.toml", korean)
        .args(["check", "deck.toml", "--strict"])
        .status(1)
        .stdout_contains(["FAILED — 1 card(s), 0 error(s), 1 warning(s) (--strict: warnings fail)"])
        .run();
}

#[test]
fn an_alternate_equal_to_a_wrong_choice() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "choice"
        prompt = "Q"
        choices = ["Python 3.4", "Python 3.5"]
        answer = "Python 3.4"
        accept = ["3.4", "python 3.5."]
        "#,
        "
        deck.toml:6:1: error[self-test]: card `a`: grader self-test failed: `python 3.5. (typed)` should be graded correct but is not
          help: make alternates distinct from wrong choices and from each other
        deck.toml:12:18: error[alternate-is-a-wrong-choice]: card `a`: the alternate `python 3.5.` is the wrong choice `Python 3.5`
          help: an alternate must spell the right choice, or a typed answer would be marked both ways
        deck.toml: FAILED — 1 card(s), 2 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn control_characters_are_rejected_and_never_printed_raw() {
    let output = Test::new()
        .file(
            "deck.toml",
            &deck(
                r#"
                [[card]]
                id = "a"
                kind = "short"
                prompt = "evil \u001b]0;pwned\u0007"
                answer = "x"
                "#,
            ),
        )
        .args(["check", "deck.toml"])
        .status(1)
        .stdout_contains(["error[control-character]: card `a`: `prompt` contains the control character U+001B"])
        .run();
    assert!(!output.stdout.contains('\u{1b}'), "escape sequences must never reach the terminal");
}

#[test]
fn every_error_is_reported_at_once() {
    let output = Test::new()
        .file(
            "deck.toml",
            &deck(
                r#"
                [[card]]
                id = "a"
                kind = "short"
                promt = "Q"
                answer = "x"

                [[card]]
                id = "b"
                kind = "order"
                prompt = "Q"
                items = ["one"]
                "#,
            ),
        )
        .args(["check", "deck.toml"])
        .status(1)
        .run();
    assert_eq!(output.stdout.matches("error[").count(), 3, "{}", output.stdout);
}

#[test]
fn an_unknown_deck_is_a_usage_error() {
    Test::new()
        .args(["check", "asyncoi"])
        .status(2)
        .stderr("error: no deck named `asyncoi`: did you mean `asyncio`? (`quiz decks` lists them all)\n")
        .run();
}

#[test]
fn the_json_report_parses() {
    let output = Test::new()
        .file("deck.toml", &deck("[[card]]\nid = \"a\"\nkind = \"short\"\npromt = \"Q\"\nanswer = \"x\"\n"))
        .args(["check", "deck.toml", "--format", "json"])
        .status(1)
        .run();
    let report = output.json();
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 2);
    let diagnostics = report["decks"][0]["diagnostics"].as_array().expect("a list");
    let diagnostic = diagnostics.iter().find(|diagnostic| diagnostic["code"] == "unknown-field").unwrap();
    assert_eq!(diagnostic["line"], 9);
    assert_eq!(diagnostic["card"], "a");
}

#[test]
fn the_junit_report_has_a_failure_per_card() {
    let output = Test::new()
        .file("deck.toml", &deck("[[card]]\nid = \"a\"\nkind = \"short\"\npromt = \"Q\"\nanswer = \"x\"\n"))
        .args(["check", "deck.toml", "--format", "junit"])
        .status(1)
        .run();
    let document = roxmltree::Document::parse(&output.stdout).expect("well-formed XML");
    let suite = document.descendants().find(|node| node.has_tag_name("testsuite")).expect("a test suite");
    assert_eq!(suite.attribute("failures"), Some("2"), "the card's case, and the deck's own");
    let failing: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("testcase") && node.children().any(|child| child.has_tag_name("failure")))
        .filter_map(|node| node.attribute("name"))
        .collect();
    assert_eq!(failing, ["deck", "a"]);
    let message = document
        .descendants()
        .filter(|node| node.has_tag_name("failure"))
        .filter_map(|node| node.text())
        .find(|text| text.contains("promt"))
        .unwrap();
    assert!(message.contains("unknown field `promt`"), "{message}");
    assert!(!output.stdout.contains('\u{1b}'), "no colour codes in XML");
}

#[test]
fn without_a_terminal_the_deck_is_checked_instead_of_studied() {
    Test::new()
        .args(["--deck", &fixture_deck("kinds.toml")])
        .stderr_contains(["non-interactive deck check"])
        .stdout_contains(["ok — 8 card(s)"])
        .run();
}

#[test]
fn diagnostics_read_like_a_compiler() {
    // A relative path keeps the snapshot independent of the checkout's location.
    let output = Test::new().args(["check", &fixture_deck("broken.toml")]).status(1).run();
    let stdout = output.stdout.replace(&fixture_deck(""), "tests/fixtures/decks/");
    insta::assert_snapshot!("broken_deck_diagnostics", stdout);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let deck = fixture_deck("broken.toml");
    let plain = Test::new().args(["check", &deck]).status(1).run();
    assert!(!plain.stdout.contains('\u{1b}'), "NO_COLOR and no terminal: no escapes");
    let forced = Test::new().args(["check", &deck, "--color", "always"]).status(1).run();
    assert!(forced.stdout.contains("\u{1b}["), "--color always wins over NO_COLOR");
    let test = Test::new().args(["check", &deck]);
    let output = test.command().env_remove("NO_COLOR").output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{1b}'), "not a terminal: no colour");
    let output = test.command().env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1").output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("\u{1b}["), "CLICOLOR_FORCE colours a pipe");
}

#[test]
fn a_near_miss_that_rules_out_a_right_answer() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "choice"
        prompt = "Which loop did gevent use first?"
        choices = ["libevent", "libev", "libuv"]
        answer = "libevent"
        reject = ["libev", "LibEvent"]

        [[card]]
        id = "b"
        kind = "cloze"
        prompt = "Twisted calls `{{dataReceived}}(data)`."
        reject = ["data_received", "dataReceived()"]

        [[card]]
        id = "c"
        kind = "numeric"
        prompt = "In which year was gevent first released?"
        answer = 2009
        reject = ["2008", "2009"]
        "#,
        "
        deck.toml:6:1: error[self-test]: card `a`: `reject` rules out a right answer: `libevent (typed)`
          help: a near-miss must not also be an answer or an alternate; remove it from one list
        deck.toml:14:1: error[self-test]: card `b`: `reject` rules out a right answer: `dataReceived`
          help: a near-miss must not also be an answer or an alternate; remove it from one list
        deck.toml:20:1: error[self-test]: card `c`: `reject` rules out a right answer: `2009`
          help: a near-miss must not also be an answer or an alternate; remove it from one list
        deck.toml: FAILED — 3 card(s), 3 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn reject_on_a_card_that_is_not_typed() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "truefalse"
        prompt = "Q"
        answer = true
        reject = ["false"]
        "#,
        "
        deck.toml:6:1: error[reject-kind]: card `a`: `reject` does not apply to a `truefalse` card
          help: `reject` lists wrong typed answers: use it on short, numeric, choice and cloze cards
        deck.toml: FAILED — 1 card(s), 1 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn match_names_a_known_shape_that_fits_the_kind() {
    fails_with(
        r#"
        [[card]]
        id = "a"
        kind = "short"
        prompt = "Q"
        answer = "3.4"
        match = "versoin"

        [[card]]
        id = "b"
        kind = "choice"
        prompt = "Q"
        choices = ["x", "y"]
        answer = "x"
        match = "name"
        "#,
        "
        deck.toml:11:9: error[unknown-match]: card `a`: unknown `match` shape `versoin`
          help: did you mean `version`?
        deck.toml:19:9: error[match-kind]: card `b`: `match = \"name\"` does not apply to a `choice` card
          help: `match` describes typed answers: short and cloze cards (any shape), numeric cards (number, year, pep)
        deck.toml: FAILED — 2 card(s), 2 error(s), 0 warning(s)
        ",
    );
}

#[test]
fn a_declared_shape_and_the_accent_option_are_self_tested() {
    // `match = "text"` grades the answer as prose, and `ignore_accents` makes
    // `cafe` a spelling of `café`: both decks pass their self-test.
    Test::new()
        .file(
            "deck.toml",
            &deck(
                r#"
                [grading]
                ignore_accents = true

                [[card]]
                id = "a"
                kind = "short"
                prompt = "Where do you drink an espresso?"
                answer = "café"
                accept = ["cafe"]
                reject = ["cave"]

                [[card]]
                id = "b"
                kind = "short"
                prompt = "Which release?"
                answer = "2.5"
                match = "text"
                "#,
            ),
        )
        .args(["check", "deck.toml", "--strict"])
        .stdout_contains(["ok — 2 card(s), 0 error(s), 0 warning(s)"])
        .run();
}

#[test]
fn a_failing_deck_fails_its_own_junit_case_and_json_still_names_it() {
    const BROKEN: &str =
        "format = 1\nid = \"broken\"\ntitle = \"B\"\n\n[[card]]\nid = \"a\"\nkind = \"mutli\"\nprompt = \"Q\"\n";
    let junit =
        Test::new().file("broken.toml", BROKEN).args(["check", "broken.toml", "--format", "junit"]).status(1).run();
    let deck_case = junit.stdout.split("<testcase").find(|case| case.contains("name=\"deck\"")).expect("a deck case");
    assert!(deck_case.contains("<failure message=\"the deck fails its check: 1 error(s)"), "{}", junit.stdout);
    assert!(junit.stdout.contains("failures=\"2\""), "{}", junit.stdout);
    let json =
        Test::new().file("broken.toml", BROKEN).args(["check", "broken.toml", "--format", "json"]).status(1).run();
    assert_eq!(json.json()["decks"][0]["deck"], "broken", "{}", json.stdout);
    assert!(json.stdout.ends_with("}\n"), "JSON output ends with a newline");
}

#[test]
fn a_misnamed_or_broken_translation_is_reported_once_with_the_code_it_meant() {
    const MISNAMED: &str = "format = 1\nid = \"t\"\ntitle = \"T\"\nlanguages = [\"en\", \"ko\"]\n\n[[card]]\nid = \"a\"\nkind = \"short\"\nprompt = \"Q\"\nanswer = \"x\"\n\n[card.translations.kr]\nprompt = \"질문\"\nanswer = \"x\"\n";
    let output = Test::new().file("t.toml", MISNAMED).args(["check", "t.toml", "--format", "json"]).status(1).run();
    let diagnostics = output.json()["decks"][0]["diagnostics"].as_array().cloned().unwrap();
    let codes: Vec<&str> = diagnostics.iter().map(|diagnostic| diagnostic["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["undeclared-language"], "no false missing-translation warning: {diagnostics:?}");
    assert_eq!(diagnostics[0]["help"], "did you mean `ko`? ([card.translations.ko])");

    const BROKEN: &str = "format = 1\nid = \"t\"\ntitle = \"T\"\nlanguages = [\"en\", \"ko\"]\n\n[[card]]\nid = \"a\"\nkind = \"choice\"\nprompt = \"Q\"\nchoices = [\"x\", \"y\"]\nanswer = \"x\"\n\n[card.translations.ko]\nprompt = \"질문\"\nchoices = [\"엑스\", \"와이\", \"제트\"]\nanswer = \"엑스\"\n";
    let output = Test::new().file("t.toml", BROKEN).args(["check", "t.toml", "--format", "json"]).status(1).run();
    let diagnostics = output.json()["decks"][0]["diagnostics"].as_array().cloned().unwrap();
    assert!(diagnostics.iter().all(|diagnostic| diagnostic["code"] != "missing-translation"), "{diagnostics:?}");
    assert!(!diagnostics.is_empty());
}

#[test]
fn the_github_format_annotates_lines_and_appends_the_step_summary() {
    let summary = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(summary.path(), "earlier step\n").unwrap();
    let output = Test::new()
        .file("deck.toml", &deck("[[card]]\nid = \"a\"\nkind = \"short\"\npromt = \"Q\"\nanswer = \"x\"\n"))
        .env("GITHUB_STEP_SUMMARY", summary.path().to_str().unwrap())
        .args(["check", "deck.toml", "--format", "github"])
        .status(1)
        .run();
    let first = output.stdout.lines().next().unwrap();
    assert!(first.starts_with("::error file=deck.toml,line="), "{}", output.stdout);
    assert!(output.stdout.contains("deck.toml: FAILED"), "{}", output.stdout);
    let written = std::fs::read_to_string(summary.path()).unwrap();
    assert!(written.starts_with("earlier step\n## quiz check\n"), "appended, not replaced: {written}");
    assert!(written.contains("❌ failed"), "{written}");
}
