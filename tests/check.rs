//! `quiz check`: every class of deck error is reported with its line and card.

mod common;

use common::{fixture_deck, Env};

const HEADER: &str = "format = 1\nid = \"t\"\ntitle = \"T\"\nlanguages = [\"en\"]\n\n";

/// Writes a deck made of HEADER + `body` and checks it; returns (code, stdout).
fn check(body: &str) -> (i32, String) {
    let env = Env::new();
    let path = env.write("deck.toml", &format!("{HEADER}{body}"));
    let (code, stdout, _) = env.run(&["check", &path]);
    (code, stdout)
}

/// Asserts the report has an error at `line` for `card` whose text contains `needle`.
fn assert_error(body: &str, line: usize, card: Option<&str>, needle: &str) {
    let (code, stdout) = check(body);
    assert_eq!(code, 1, "check must fail:\n{stdout}");
    let wanted_location = format!("deck.toml:{line}:");
    let found = stdout.lines().any(|report_line| {
        report_line.contains(&wanted_location)
            && report_line.contains("error[")
            && card.is_none_or(|card| report_line.contains(&format!("card `{card}`")))
            && report_line.contains(needle)
    });
    assert!(found, "expected an error on line {line} for {card:?} containing {needle:?}, got:\n{stdout}");
}

#[test]
fn valid_fixture_passes_strict() {
    let env = Env::new();
    let (code, stdout, _) = env.run(&["check", &fixture_deck("kinds.toml"), "--strict"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("ok — 8 card(s), 0 error(s), 0 warning(s)"), "{stdout}");
}

#[test]
fn syntax_error_has_position() {
    assert_error("[[card]]\nid = \"a\"\nprompt = \"unclosed\n", 8, None, "");
}

#[test]
fn unknown_field_suggests_the_closest() {
    let (_, stdout) = check("[[card]]\nid = \"a\"\nkind = \"short\"\npromt = \"Q\"\nanswer = \"x\"\n");
    assert!(stdout.contains("deck.toml:9:1: error[unknown-field]: card `a`: unknown field `promt`"), "{stdout}");
    assert!(stdout.contains("did you mean `prompt`?"), "{stdout}");
}

#[test]
fn field_of_another_kind_is_named() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"short\"\nprompt = \"Q\"\nanswer = \"x\"\nchoices = [\"x\", \"y\"]\n",
        11,
        Some("a"),
        "does not belong in a `short` card",
    );
}

#[test]
fn missing_required_field() {
    assert_error("[[card]]\nid = \"a\"\nkind = \"short\"\nanswer = \"x\"\n", 6, Some("a"), "has no `prompt`");
}

#[test]
fn wrong_type() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"short\"\nprompt = 42\nanswer = \"x\"\n",
        9,
        Some("a"),
        "`prompt` must be a string, not integer",
    );
}

#[test]
fn duplicate_card_ids() {
    let body = "[[card]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\n\n[[card]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"R\"\nanswer = false\n";
    assert_error(body, 13, Some("a"), "used twice (first on line 6)");
}

#[test]
fn empty_prompt_and_answer() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"short\"\nprompt = \"  \"\nanswer = \"x\"\n",
        9,
        Some("a"),
        "`prompt` is empty",
    );
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"short\"\nprompt = \"Q\"\nanswer = \"\"\n",
        10,
        Some("a"),
        "`answer` is empty",
    );
}

#[test]
fn choice_answer_not_among_choices() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"choice\"\nprompt = \"Q\"\nchoices = [\"libev\", \"libuv\"]\nanswer = \"libevv\"\n",
        11,
        Some("a"),
        "the answer `libevv` is not among the choices",
    );
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"multi\"\nprompt = \"Q\"\nchoices = [\"x\", \"y\"]\nanswer = [\"x\", \"z\"]\n",
        11,
        Some("a"),
        "the answer `z` is not among the choices",
    );
}

#[test]
fn duplicate_choices() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"choice\"\nprompt = \"Q\"\nchoices = [\"x\", \" X \"]\nanswer = \"x\"\n",
        10,
        Some("a"),
        "lists ` X ` twice",
    );
}

#[test]
fn order_needs_two_items() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"order\"\nprompt = \"Q\"\nitems = [\"only\"]\n",
        10,
        Some("a"),
        "at least 2 items",
    );
}

#[test]
fn cloze_without_gap() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"cloze\"\nprompt = \"no gaps here\"\n",
        9,
        Some("a"),
        "at least one gap",
    );
}

#[test]
fn negative_tolerance() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"numeric\"\nprompt = \"Q\"\nanswer = 3\ntolerance = -1\n",
        11,
        Some("a"),
        "tolerance -1 is negative",
    );
}

#[test]
fn missing_notes_file() {
    assert_error("source = \"nowhere.md\"\n", 6, None, "the notes file");
}

#[test]
fn citation_must_resolve() {
    let env = Env::new();
    env.write("notes.md", "# Notes\n## asyncio\nasyncio shipped in Python 3.4.\n");
    let body = "source = \"notes.md\"\n\n[[card]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\nsource = { section = \"asyncoi\" }\n\n[[card]]\nid = \"b\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\nsource = { section = \"asyncio\", quote = \"shipped   in\\nPython 3.5\" }\n\n[[card]]\nid = \"c\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\nsource = { section = \"asyncio\", quote = \"shipped   in\\nPython 3.4\" }\n";
    let path = env.write("deck.toml", &format!("{HEADER}{body}"));
    let (code, stdout, _) = env.run(&["check", &path]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("deck.toml:13:22: error[unknown-section]: card `a`: the notes have no section `asyncoi`"),
        "{stdout}"
    );
    assert!(stdout.contains("did you mean `asyncio`?"), "{stdout}");
    assert!(stdout.contains("deck.toml:20:41: error[quote-not-found]: card `b`"), "{stdout}");
    assert!(!stdout.contains("card `c`"), "a whitespace-folded quote must match:\n{stdout}");
}

#[test]
fn missing_translation_warns_and_fails_only_when_strict() {
    let env = Env::new();
    let deck = "format = 1\nid = \"t\"\ntitle = \"T\"\nlanguages = [\"en\", \"ko\"]\n\n[[card]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\n";
    let path = env.write("deck.toml", deck);
    let (code, stdout, _) = env.run(&["check", &path]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("deck.toml:6:1: warning[missing-translation]: card `a`: the card has no `ko` translation"),
        "{stdout}"
    );
    let (strict_code, _, _) = env.run(&["check", &path, "--strict"]);
    assert_eq!(strict_code, 1);
}

#[test]
fn alternate_equal_to_a_wrong_choice() {
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"choice\"\nprompt = \"Q\"\nchoices = [\"Python 3.4\", \"Python 3.5\"]\nanswer = \"Python 3.4\"\naccept = [\"3.4\", \"python 3.5.\"]\n",
        12,
        Some("a"),
        "the alternate `python 3.5.` is the wrong choice `Python 3.5`",
    );
    // Typed texts that cannot be told apart also fail the grader self-test.
    assert_error(
        "[[card]]\nid = \"a\"\nkind = \"multi\"\nprompt = \"Q\"\nchoices = [\"x\", \"y\", \"X.\"]\nanswer = [\"x\"]\n",
        10,
        Some("a"),
        "twice",
    );
}

#[test]
fn control_characters_are_rejected_and_never_printed_raw() {
    let (code, stdout) =
        check("[[card]]\nid = \"a\"\nkind = \"short\"\nprompt = \"evil \\u001b]0;pwned\\u0007\"\nanswer = \"x\"\n");
    assert_eq!(code, 1);
    assert!(stdout.contains("error[control-character]"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "escape sequences must never reach the terminal");
}

#[test]
fn every_error_is_reported_at_once() {
    let body = "[[card]]\nid = \"a\"\nkind = \"short\"\npromt = \"Q\"\nanswer = \"x\"\n\n[[card]]\nid = \"b\"\nkind = \"order\"\nprompt = \"Q\"\nitems = [\"one\"]\n";
    let (_, stdout) = check(body);
    assert_eq!(stdout.matches("error[").count(), 3, "{stdout}");
}

#[test]
fn unknown_deck_is_a_usage_error() {
    let env = Env::new();
    let (code, _, stderr) = env.run(&["check", "asyncoi"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no deck named `asyncoi`: did you mean `asyncio`?"), "{stderr}");
}

#[test]
fn json_report_parses() {
    let env = Env::new();
    let path = env.write(
        "deck.toml",
        &format!("{HEADER}[[card]]\nid = \"a\"\nkind = \"short\"\npromt = \"Q\"\nanswer = \"x\"\n"),
    );
    let (code, stdout, _) = env.run(&["check", &path, "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 2);
    let diagnostics = report["decks"][0]["diagnostics"].as_array().expect("a list");
    let diagnostic =
        diagnostics.iter().find(|diagnostic| diagnostic["code"] == "unknown-field").expect("the unknown field");
    assert_eq!(diagnostic["line"], 9);
    assert_eq!(diagnostic["card"], "a");
}

#[test]
fn junit_report_has_a_failure_per_card() {
    let env = Env::new();
    let path = env.write(
        "deck.toml",
        &format!("{HEADER}[[card]]\nid = \"a\"\nkind = \"short\"\npromt = \"Q\"\nanswer = \"x\"\n"),
    );
    let (code, stdout, _) = env.run(&["check", &path, "--format", "junit"]);
    assert_eq!(code, 1);
    let document = roxmltree::Document::parse(&stdout).expect("well-formed XML");
    let suite = document.descendants().find(|node| node.has_tag_name("testsuite")).expect("a test suite");
    assert_eq!(suite.attribute("failures"), Some("1"));
    let failing: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("testcase") && node.children().any(|child| child.has_tag_name("failure")))
        .filter_map(|node| node.attribute("name"))
        .collect();
    assert_eq!(failing, ["a"]);
    let message =
        document.descendants().find(|node| node.has_tag_name("failure")).and_then(|node| node.text()).unwrap();
    assert!(message.contains("unknown field `promt`"), "{message}");
}

#[test]
fn no_terminal_runs_the_check_instead_of_studying() {
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["--deck", &fixture_deck("kinds.toml")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("non-interactive deck check"), "{stderr}");
    assert!(stdout.contains("ok"), "{stdout}");
}

#[test]
fn diagnostics_read_like_a_compiler() {
    let env = Env::new();
    // A relative path keeps the snapshot independent of the checkout's location.
    let (code, stdout, _) = env.run(&["check", "tests/fixtures/decks/broken.toml"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("broken_deck_diagnostics", stdout);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = Env::new();
    let deck = "tests/fixtures/decks/broken.toml";
    let (_, plain, _) = env.run(&["check", deck]);
    assert!(!plain.contains('\u{1b}'), "NO_COLOR and no terminal: no escapes");
    let (_, forced, _) = env.run(&["check", deck, "--color", "always"]);
    assert!(forced.contains("\u{1b}["), "--color always wins over NO_COLOR");
    let output = env.quiz().args(["check", deck]).env_remove("NO_COLOR").output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains('\u{1b}'), "not a terminal: no colour");
}
