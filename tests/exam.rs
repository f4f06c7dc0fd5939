//! `quiz exam`: the seeded selection, answer sheets in every format, class
//! reports, and the printed exam with its key.

mod common;

use common::{fixture_deck, Env};
use quiz::deck::{self, Answer};
use quiz::session::exam::{select, ExamPlan};
use serde_json::{json, Value};

fn exam_deck() -> String {
    fixture_deck("exam.toml")
}

/// The golden list: which cards each seed picks, in which order, and the order
/// their choices or items are shown in. It must never change between versions or
/// platforms, or a class's exams stop matching the printed key: the snapshot is
/// reviewed like code (`cargo insta review`), never re-blessed by a variable.
#[test]
fn seeds_give_the_committed_exams() {
    let (_, deck, _) = deck::open(&exam_deck(), None).unwrap();
    let mut golden = Vec::new();
    for seed in [1, 2, 3] {
        let questions = select(&deck, &ExamPlan { seed, count: Some(6), tags: Vec::new() });
        let listed: Vec<Value> = questions
            .iter()
            .map(|question| {
                let card = &deck.cards[question.card];
                let shown: Vec<&str> = match &card.text.answer {
                    Answer::Choice { choices, .. } | Answer::Multi { choices, .. } => {
                        question.shown.iter().map(|index| choices[*index].as_str()).collect()
                    }
                    Answer::Order { items } => question.shown.iter().map(|index| items[*index].as_str()).collect(),
                    _ => Vec::new(),
                };
                json!({ "card": question.id, "shown": shown })
            })
            .collect();
        golden.push(json!({ "seed": seed, "questions": listed }));
    }
    insta::assert_json_snapshot!("exam_selection_seeds_1_to_3", golden);
}

#[test]
fn a_count_samples_every_section() {
    let (_, deck, _) = deck::open(&exam_deck(), None).unwrap();
    let sections: std::collections::BTreeSet<&str> =
        deck.cards.iter().filter_map(|card| card.tags.first()).map(String::as_str).collect();
    for seed in 0..20 {
        let questions = select(&deck, &ExamPlan { seed, count: Some(sections.len()), tags: Vec::new() });
        let covered: std::collections::BTreeSet<&str> =
            questions.iter().map(|question| deck.cards[question.card].tags[0].as_str()).collect();
        assert_eq!(covered, sections, "seed {seed}");
    }
    let gevent_only = select(&deck, &ExamPlan { seed: 1, count: None, tags: vec!["gevent".into()] });
    assert_eq!(gevent_only.len(), 4);
}

/// The answer key printed with `--print --key`, as a sheet file.
fn key_sheet(env: &Env, args: &[&str]) -> String {
    let mut full = vec!["exam", "--print", "--key"];
    full.extend_from_slice(args);
    let (code, stdout, stderr) = env.run(&full);
    assert_eq!(code, 0, "{stderr}");
    let start = stdout.find("```toml\n").expect("a TOML block") + 8;
    let end = stdout[start..].find("```").expect("the block ends") + start;
    env.write("key.toml", &stdout[start..end])
}

#[test]
fn the_printed_key_grades_as_a_perfect_sheet() {
    let env = Env::new();
    let deck = exam_deck();
    for seed in ["1", "2", "3", "77"] {
        let key = key_sheet(&env, &["--deck", &deck, "--seed", seed]);
        let (code, stdout, stderr) =
            env.run(&["exam", "--deck", &deck, "--seed", seed, "--answers", &key, "--format", "json"]);
        assert_eq!(code, 0, "seed {seed}: {stdout}{stderr}");
        let report: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(report["score"], 1.0, "seed {seed}: {stdout}");
        // The flashcard's written answer is left to the teacher, outside the score.
        assert_eq!((report["total"].as_u64(), report["ungraded"].as_u64()), (Some(11), Some(1)), "seed {seed}");
        let flashcard = report["results"].as_array().unwrap().iter().find(|result| result["correct"].is_null());
        assert!(flashcard.is_some_and(|result| result["given"].is_string()), "seed {seed}: {stdout}");
    }
    // The bundled deck's key too, in Korean and English.
    for lang in ["en", "ko"] {
        let key = key_sheet(&env, &["--deck", "asyncio", "--seed", "5", "--count", "20", "--lang", lang]);
        let (code, stdout, _) = env.run(&[
            "exam",
            "--deck",
            "asyncio",
            "--seed",
            "5",
            "--count",
            "20",
            "--lang",
            lang,
            "--answers",
            &key,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{lang}: {stdout}");
        let report: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(report["score"], 1.0, "{lang}: {stdout}");
        assert_eq!(report["total"].as_u64().unwrap() + report["ungraded"].as_u64().unwrap(), 20);
    }
}

#[test]
fn the_printed_exam_numbers_questions_and_letters_choices() {
    let env = Env::new();
    // A relative path, so the snapshot does not depend on where the repository lives
    // (cargo runs tests from the package root).
    let deck = "tests/fixtures/decks/exam.toml";
    let (code, stdout, _) = env.run(&["exam", "--deck", deck, "--seed", "2", "--count", "6", "--print"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("printed_exam_seed_2", stdout);
}

fn sheet(env: &Env, body: &str) -> String {
    env.write("sheet.toml", &format!("[answers]\n{body}"))
}

#[test]
fn a_sheet_below_the_pass_mark_fails_with_exit_1() {
    let env = Env::new();
    let deck = exam_deck();
    let path = sheet(&env, "\"a-short\" = \"3.4\"\n\"a-choice\" = \"libuv\"\n\"a-numeric\" = 2008\n");
    let (code, stdout, _) = env.run(&["exam", "--deck", &deck, "--answers", &path, "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((report["correct"].as_u64(), report["total"].as_u64()), (Some(1), Some(3)));
    assert_eq!(report["passed"], false);
    let first = &report["results"][0];
    for field in ["card", "correct", "expected", "given", "tags"] {
        assert!(first.get(field).is_some(), "results carry `{field}`: {first}");
    }
    // A lower pass mark passes the same sheet.
    let (code, _, _) = env.run(&["exam", "--deck", &deck, "--answers", &path, "--pass", "0.3"]);
    assert_eq!(code, 0);
}

#[test]
fn letters_and_texts_both_answer_choice_questions() {
    let env = Env::new();
    let deck = exam_deck();
    // Without --seed, letters follow the deck's order of the choices.
    let path = sheet(&env, "\"a-choice\" = \"b\"\n\"a-multi\" = [\"a\", \"await\"]\n\"a-order\" = [\"asyncore\", \"2\", \"3\", \"async/await\"]\n\"a-truefalse\" = false\n\"a-cloze\" = [\"yield from\", \"await\"]\n");
    let (code, stdout, _) = env.run(&["exam", "--deck", &deck, "--answers", &path]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("5/5 correct"), "{stdout}");
}

#[test]
fn sheets_in_csv_and_junit() {
    let env = Env::new();
    let deck = exam_deck();
    let path = sheet(&env, "\"a-short\" = \"3.4\"\n\"a-choice\" = \"libuv\"\n");
    let (_, csv, _) = env.run(&["exam", "--deck", &deck, "--answers", &path, "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "number,card,correct,expected,given,tags");
    assert_eq!(rows[1], "1,a-short,true,3.4,3.4,asyncio");
    assert_eq!(rows[2], "2,a-choice,false,libev,libuv,gevent");
    let (_, junit, _) = env.run(&["exam", "--deck", &deck, "--answers", &path, "--format", "junit"]);
    let document = roxmltree::Document::parse(&junit).expect("well-formed XML");
    let cases: Vec<_> = document.descendants().filter(|node| node.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), 2);
    let failures: Vec<_> = document.descendants().filter(|node| node.has_tag_name("failure")).collect();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].attribute("message"), Some("expected libev, got libuv"));
    // --report writes a file in the format its extension names.
    let report = env.home.path().join("result.json");
    let (code, _, _) = env.run(&["exam", "--deck", &deck, "--answers", &path, "--report", report.to_str().unwrap()]);
    assert_eq!(code, 1);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(written["total"], 2);
}

#[test]
fn a_flashcard_on_a_sheet_needs_a_teachers_mark_in_every_format() {
    let env = Env::new();
    let deck = exam_deck();
    let path = sheet(&env, "\"a-short\" = \"Python 3.4\"\n\"a-flashcard\" = \"something in my own words\"\n");
    let args =
        |format: &'static str| ["exam", "--deck", &deck, "--answers", &path, "--format", format].map(String::from);
    let run = |format| {
        let args = args(format);
        env.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Text: the score is over the graded question; the flashcard is listed apart.
    let (code, text, _) = run("text");
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("1/1 correct"), "{text}");
    assert!(text.contains("1 question(s) need a teacher's mark"), "{text}");
    assert!(text.contains("needs a teacher's mark — answer: something in my own words"), "{text}");
    // JSON: `correct` is null, not false, and `ungraded` counts it.
    let (_, json, _) = run("json");
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!((report["total"].as_u64(), report["ungraded"].as_u64()), (Some(1), Some(1)));
    let flashcard = report["results"].as_array().unwrap().iter().find(|result| result["card"] == "a-flashcard");
    assert_eq!(flashcard.map(|result| &result["correct"]), Some(&Value::Null));
    // CSV says so in the `correct` column; JUnit skips the case with the reason.
    let (_, csv, _) = run("csv");
    assert!(csv.lines().any(|row| row.contains("a-flashcard,needs a teacher's mark,")), "{csv}");
    let (_, junit, _) = run("junit");
    let document = roxmltree::Document::parse(&junit).expect("well-formed XML");
    let skipped: Vec<_> = document.descendants().filter(|node| node.has_tag_name("skipped")).collect();
    assert_eq!(skipped.len(), 1, "{junit}");
    assert!(skipped[0].attribute("message").is_some_and(|message| message.starts_with("needs a teacher's mark")));
}

#[test]
fn with_a_seed_and_count_unanswered_questions_are_wrong() {
    let env = Env::new();
    let deck = exam_deck();
    let (_, loaded, _) = deck::open(&deck, None).unwrap();
    let questions = select(&loaded, &ExamPlan { seed: 3, count: Some(4), tags: Vec::new() });
    let first_id = questions[0].id.clone();
    let path = sheet(&env, &format!("\"{first_id}\" = \"anything\"\n"));
    let (code, stdout, _) =
        env.run(&["exam", "--deck", &deck, "--seed", "3", "--count", "4", "--answers", &path, "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["total"], 4);
    assert_eq!(report["seed"], 3);
    // A card outside that exam is an error, located in the sheet.
    let outside = loaded
        .cards
        .iter()
        .map(|card| card.id.0.clone())
        .find(|id| !questions.iter().any(|question| question.id == *id))
        .unwrap();
    let path = sheet(&env, &format!("\"{outside}\" = \"x\"\n"));
    let (code, _, stderr) = env.run(&["exam", "--deck", &deck, "--seed", "3", "--count", "4", "--answers", &path]);
    assert_eq!(code, 2);
    assert!(stderr.contains("sheet.toml:2:1") && stderr.contains("not a question of this exam"), "{stderr}");
}

#[test]
fn malformed_sheets_are_usage_errors_with_a_line() {
    let env = Env::new();
    let deck = exam_deck();
    let cases = [
        ("\"a-short\" = \"3.4\"\n\"a-choice\" = \n", "sheet.toml:3:14", "expected"),
        (
            "\"a-short\" = \"3.4\"\n\"a-shrot\" = \"3.4\"\n",
            "sheet.toml:3:1",
            "has no card `a-shrot`; did you mean `a-short`?",
        ),
        ("\"a-short\" = [\"3.4\"]\n", "sheet.toml:2:1", "needs a single value"),
        ("\"a-multi\" = { a = 1 }\n", "sheet.toml:2:", "must be a string"),
    ];
    for (body, location, message) in cases {
        let path = sheet(&env, body);
        let (code, stdout, stderr) = env.run(&["exam", "--deck", &deck, "--answers", &path]);
        assert_eq!(code, 2, "{body}: {stdout}");
        assert!(stderr.contains(location), "{body}: {stderr}");
        assert!(stderr.contains(message), "{body}: {stderr}");
    }
}

#[test]
fn a_class_of_sheets_becomes_one_report() {
    let env = Env::new();
    let deck = exam_deck();
    let key = key_sheet(&env, &["--deck", &deck, "--seed", "9", "--count", "3"]);
    let key_text = std::fs::read_to_string(&key).unwrap();
    env.write("class/alice.toml", &key_text);
    env.write("class/bob.toml", "[answers]\n");
    let first_line = key_text.lines().nth(1).unwrap().to_string();
    env.write("class/carol.toml", &format!("[answers]\n{first_line}\n"));
    env.write("class/notes.txt", "not a sheet");
    let report = env.home.path().join("class.csv");
    let dir = env.home.path().join("class");
    let (code, _, stderr) = env.run(&[
        "exam",
        "--deck",
        &deck,
        "--seed",
        "9",
        "--count",
        "3",
        "--answers-dir",
        dir.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "the class average (44%) is under the pass mark: {stderr}");
    assert!(stderr.contains("3 sheet(s): class average 44.4%, 1 passed."), "{stderr}");
    assert!(stderr.contains("Hardest questions:"), "{stderr}");
    let csv = std::fs::read_to_string(report).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("student,") && rows[0].ends_with(",correct,total,score,passed"), "{csv}");
    assert!(rows[1].starts_with("alice,1,1,1,3,3,1.0000,true"), "{csv}");
    assert!(rows[2].starts_with("bob,0,0,0,0,3,0.0000,false"), "{csv}");
    assert!(rows[3].starts_with("carol,1,0,0,1,3,"), "{csv}");
}

#[test]
fn an_interactive_exam_needs_a_terminal() {
    let env = Env::new();
    let (code, _, stderr) = env.run(&["exam", "--deck", &exam_deck(), "--seed", "1"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert!(stderr.contains("--answers FILE"), "{stderr}");
}

#[test]
fn without_a_seed_one_is_chosen_and_printed() {
    let env = Env::new();
    let (code, _, stderr) = env.run(&["exam", "--deck", &exam_deck(), "--print"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("exam seed: ") && stderr.contains("to replay this exam"), "{stderr}");
}

/// A deck whose text is full of Markdown, and whose ids give answers away.
const MARKDOWN_DECK: &str = r##"
format = 1
id = "md"
title = "**Bold** <b>title</b>"

[[card]]
id = "twisted-deferred-generator"
kind = "choice"
prompt = "Which is **not** a `Deferred` helper? <script>alert(1)</script>"
choices = ["__init__", "*args, **kwargs", "1. numbered", "[link](http://x)"]
answer = "1. numbered"

[[card]]
id = "twisted-data-received"
kind = "order"
prompt = "# Order these\n- the calls"
items = ["1. connectionMade", "- dataReceived", "> connectionLost", "`a``b` code"]

[[card]]
id = "pep-380-yield-from"
kind = "short"
prompt = "Which `yield` form delegates (`` ` `` in code)? &amp; | ~~no~~"
answer = "yield from"
"##;

#[test]
fn the_printed_exam_shows_deck_text_as_written_and_ids_only_in_the_key() {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let env = Env::new();
    let deck = env.write("md.toml", MARKDOWN_DECK);
    let (code, stdout, stderr) = env.run(&["exam", "--deck", &deck, "--seed", "1", "--print", "--key"]);
    assert_eq!(code, 0, "{stderr}");
    let (paper, key) = stdout.split_once("## Answer key").expect("a key");
    for id in ["twisted-deferred-generator", "twisted-data-received", "pep-380-yield-from"] {
        assert!(!paper.contains(id), "{id} is printed before the key:\n{paper}");
        assert!(key.contains(id), "{id} is in the key");
    }
    // What a Markdown reader makes of it: text per block, and the formatting found.
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let (mut emphasised, mut strong, mut items, mut html) = (Vec::new(), Vec::new(), 0, Vec::new());
    let (mut in_emphasis, mut in_strong, mut in_key) = (false, false, false);
    for event in Parser::new(&stdout) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                current.push_str(&text);
                if in_emphasis {
                    emphasised.push(text.to_string());
                }
                if in_strong {
                    strong.push(text.to_string());
                }
            }
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Html(text) | Event::InlineHtml(text) => html.push(text.to_string()),
            Event::Start(Tag::Emphasis) => in_emphasis = true,
            Event::End(TagEnd::Emphasis) => in_emphasis = false,
            Event::Start(Tag::Strong) => in_strong = true,
            Event::End(TagEnd::Strong) => in_strong = false,
            Event::Start(Tag::Item) if !in_key => items += 1,
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => in_key = true,
            Event::Start(Tag::List(_)) | Event::Start(Tag::BlockQuote(_)) | Event::Start(Tag::Heading { .. }) => {}
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough) => html.push("a link".into()),
            Event::End(_) => blocks.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    assert!(html.is_empty(), "{html:?}\n{stdout}");
    assert_eq!(strong, ["1.", "2.", "3."], "only the question numbers are bold:\n{stdout}");
    let instructions = ["pick one letter", "write the numbers in the right order", "a short answer"];
    assert!(emphasised.iter().all(|text| instructions.contains(&text.as_str())), "{emphasised:?}\n{stdout}");
    assert_eq!(items, 8, "four choices and four items, nothing else is a list:\n{stdout}");
    let shown = blocks.join("\n");
    for text in [
        "**Bold** <b>title</b> — exam",
        "Which is **not** a Deferred helper? <script>alert(1)</script>",
        ") __init__",
        "*args, **kwargs",
        "1. numbered",
        "[link](http://x)",
        "# Order these - the calls",
        "1. connectionMade",
        "- dataReceived",
        "> connectionLost",
        "a``b code",
        "Which yield form delegates (` in code)? &amp; | ~~no~~",
    ] {
        assert!(shown.contains(text), "{text:?} is not shown as written:\n{shown}\n---\n{stdout}");
    }
}

#[test]
fn the_exam_report_draws_inline_code_on_a_terminal_and_keeps_backticks_in_a_file() {
    let env = Env::new();
    let deck = env.write("md.toml", MARKDOWN_DECK);
    let sheet = env.write("sheet.toml", "[answers]\n\"twisted-deferred-generator\" = \"__init__\"\n");
    let report = env.home.path().join("report.txt");
    let (code, stdout, stderr) = env.run(&[
        "exam",
        "--deck",
        &deck,
        "--answers",
        &sheet,
        "--color",
        "always",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("\u{1b}[36mDeferred\u{1b}[0m"), "code is drawn as code: {stdout:?}");
    assert!(!stdout.contains("`Deferred`"), "no raw backticks around drawn code: {stdout:?}");
    let written = std::fs::read_to_string(report).unwrap();
    assert!(written.contains("Which is **not** a `Deferred` helper?"), "{written}");
    assert!(!written.contains('\u{1b}'), "no style reaches the file: {written:?}");
}

/// An exam decodes only its own cards, but grades with what the whole deck
/// knows: `libev` names another card's answer, so it is never taken for a
/// typo of `libuv`, whether the sheet is graded card by card or as a seeded
/// exam of one card, from a freshly parsed deck or from its catalog.
#[test]
fn a_sheet_is_graded_with_the_whole_decks_terms_though_only_its_cards_are_decoded() {
    let env = Env::new();
    let deck = env.write(
        "near.toml",
        "format = 1\nid = \"near\"\ntitle = \"Near misses\"\n\n\
         [[card]]\nid = \"uv\"\nkind = \"short\"\ntags = [\"uv\"]\nprompt = \"Which C library does uvloop wrap?\"\nanswer = \"libuv\"\n\n\
         [[card]]\nid = \"ev\"\nkind = \"short\"\ntags = [\"ev\"]\nprompt = \"Which C library did gevent 1.0 adopt?\"\nanswer = \"libev\"\n",
    );
    let graded = |answer: &str, seeded: bool| {
        let path = sheet(&env, &format!("uv = \"{answer}\"\n"));
        let mut args = vec!["exam", "--deck", &deck, "--answers", &path, "--format", "json"];
        if seeded {
            args.extend(["--seed", "1", "--tag", "uv"]);
        }
        let (_, stdout, stderr) = env.run(&args);
        let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stdout}{stderr}"));
        (report["results"].as_array().map(Vec::len), report["results"][0]["correct"].clone())
    };
    for seeded in [false, true] {
        assert_eq!(graded("libev", seeded), (Some(1), json!(false)), "another card's answer (seeded: {seeded})");
        assert_eq!(graded("libuw", seeded), (Some(1), json!(true)), "a typo (seeded: {seeded})");
    }
}
