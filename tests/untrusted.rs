//! Untrusted input: decks from pull requests, answer sheets, odd files. Every
//! file read is confined and bounded; nothing hostile reaches an output raw.

mod common;

use common::Test;

const SECRET_NOTES: &str = "
    # TOP SECRET HEADING
    ## another private heading
    password = hunter2
";

fn deck_citing(source: &str) -> String {
    format!(
        "
        format = 1
        id = \"t\"
        title = \"T\"
        source = \"{source}\"

        [[card]]
        id = \"a\"
        kind = \"truefalse\"
        prompt = \"Q\"
        answer = true
        source = {{ section = \"nothing\", quote = \"hunter2\" }}
        "
    )
}

/// The deck's `source` is refused, and nothing of the target file is printed.
fn assert_outside(test: Test) {
    test.args(["check", "repo/deck.toml"])
        .status(1)
        .stdout_contains(["error[source-outside]", "`source` must name a file in the deck's own folder"])
        .stdout_lacks(["SECRET", "private", "hunter2", "headings are"])
        .run();
}

#[test]
fn a_source_with_dot_dot_is_refused_and_nothing_of_it_is_printed() {
    assert_outside(Test::new().file("secret.md", SECRET_NOTES).file("repo/deck.toml", &deck_citing("../secret.md")));
}

#[test]
fn an_absolute_source_is_refused() {
    let test = Test::new().file("secret.md", SECRET_NOTES);
    let absolute = test.path().join("secret.md").display().to_string();
    assert_outside(test.file("repo/deck.toml", &deck_citing(&absolute)));
}

#[cfg(unix)]
#[test]
fn a_source_through_a_link_that_leads_out_is_refused() {
    let test = Test::new().file("secret.md", SECRET_NOTES).file("repo/deck.toml", &deck_citing("notes.md"));
    std::os::unix::fs::symlink(test.path().join("secret.md"), test.path().join("repo/notes.md")).unwrap();
    assert_outside(test);
}

#[cfg(unix)]
#[test]
fn a_missing_file_behind_a_linked_folder_says_nothing_about_the_outside() {
    let test = Test::new().file("elsewhere/keep.md", "# x\n").file("repo/deck.toml", &deck_citing("docs/missing.md"));
    std::os::unix::fs::symlink(test.path().join("elsewhere"), test.path().join("repo/docs")).unwrap();
    assert_outside(test);
}

#[test]
fn a_source_inside_the_deck_folder_still_works() {
    Test::new()
        .file("repo/docs/notes.md", "# Notes\n## nothing\nhunter2 is in here\n")
        .file("repo/deck.toml", &deck_citing("docs/notes.md"))
        .args(["check", "repo/deck.toml"])
        .stdout("repo/deck.toml: ok — 1 card(s), 0 error(s), 0 warning(s)\n")
        .run();
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_deck_or_sheet_is_refused_at_once() {
    let test = Test::new();
    mkfifo(&test.path().join("deck.toml"));
    let output = test
        .args(["check", "deck.toml"])
        .status(2)
        .stderr_contains(["deck.toml is a named pipe (FIFO), not a regular file"])
        .run();
    let sheet = Test::in_dir(output.dir);
    mkfifo(&sheet.path().join("sheet.toml"));
    sheet
        .args(["exam", "--deck", "asyncio", "--answers", "sheet.toml"])
        .status(2)
        .stderr_contains(["sheet.toml is a named pipe (FIFO), not a regular file"])
        .run();
}

#[cfg(unix)]
#[test]
fn a_device_is_never_read() {
    Test::new()
        .args(["check", "/dev/zero"])
        .status(2)
        .stderr_contains(["/dev/zero is a device, not a regular file"])
        .run();
}

#[test]
fn an_oversized_sheet_is_refused_before_it_is_read() {
    let huge = format!("[answers]\n\"asyncio-stdlib-version\" = \"{}\"\n", "x".repeat(5 * 1024 * 1024));
    Test::new()
        .file("sheet.toml", &huge)
        .args(["exam", "--deck", "asyncio", "--answers", "sheet.toml"])
        .status(2)
        .stderr_contains(["sheet.toml is 5.0 MiB, larger than 4 MiB, the most quiz reads for an answer sheet"])
        .run();
}

/// Whether `text` has a character no output may carry raw: C0 (but newline
/// and tab), C1, DEL, bidi controls, zero-width characters.
fn has_raw_control(text: &str) -> bool {
    text.chars().any(|character| {
        matches!(character, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    })
}

/// A deck whose diagnostics quote hostile text: a key with C1 CSI and a bidi
/// override, and an answer whose newline would start a CI workflow command.
const HOSTILE_DECK: &str = r#"
    format = 1
    id = "t"
    title = "T"
    "evil\u009b31m\u202e" = 1

    [[card]]
    id = "a"
    kind = "choice"
    prompt = "Q"
    choices = ["x", "y"]
    answer = "z\n::error file=deck.toml,line=1::forged"
"#;

#[test]
fn hostile_text_never_reaches_check_output_raw() {
    let text = Test::new().deck(HOSTILE_DECK).args(["check", "deck.toml"]).status(1).run();
    assert!(!has_raw_control(&text.stdout), "{:?}", text.stdout);
    assert!(text.stdout.lines().all(|line| !line.starts_with("::error")), "a newline forged a line:\n{}", text.stdout);
    assert!(text.stdout.contains("\\u{9b}31m\\u{202e}"), "shown escaped: {}", text.stdout);

    let json = Test::new().deck(HOSTILE_DECK).args(["check", "deck.toml", "--format", "json"]).status(1).run();
    assert!(!has_raw_control(&json.stdout), "{:?}", json.stdout);
    assert!(json.stdout.contains("\\u009b31m\\u202e"), "escaped in the document: {}", json.stdout);
    let report = json.json();
    assert_eq!(report["decks"][0]["diagnostics"][0]["message"], "unknown field `evil\u{9b}31m\u{202e}` in the deck");

    let junit = Test::new().deck(HOSTILE_DECK).args(["check", "deck.toml", "--format", "junit"]).status(1).run();
    assert!(!has_raw_control(&junit.stdout), "{:?}", junit.stdout);
    roxmltree::Document::parse(&junit.stdout).expect("well-formed XML");
}

#[test]
fn a_hostile_deck_name_is_never_echoed_raw() {
    let name = "x\u{1b}]0;pwned\u{7}\u{9b}.toml";
    for args in [vec!["--deck", name], vec!["check", name], vec!["cards", "--deck", name]] {
        let output = Test::new().args(&args).status(2).run();
        assert!(!has_raw_control(&output.stderr), "{args:?}: {:?}", output.stderr);
        assert!(output.stderr.contains("\\u{1b}]0;pwned\\u{7}\\u{9b}"), "{:?}", output.stderr);
    }
}

#[test]
fn hostile_answers_and_names_stay_inert_in_csv() {
    let test = Test::new()
        .file(
            "class/\u{9b}31mmallory.toml",
            "[answers]\n\"asyncio-stdlib-version\" = \"=HYPERLINK(\\\"http://x\\\")\\u009b\"\n",
        )
        .file("class/alice.toml", "[answers]\n\"asyncio-stdlib-version\" = \"3.4\"\n");
    let class = test.args(["exam", "--deck", "asyncio", "--answers-dir", "class"]).status(1).run();
    assert!(!has_raw_control(&class.stdout), "{:?}", class.stdout);
    assert!(class.stdout.contains("\\u{9b}31mmallory"), "{}", class.stdout);
    let sheet = Test::in_dir(class.dir)
        .args(["exam", "--deck", "asyncio", "--answers", "class/\u{9b}31mmallory.toml", "--format", "csv"])
        .status(1)
        .run();
    assert!(!has_raw_control(&sheet.stdout), "{:?}", sheet.stdout);
    assert!(sheet.stdout.contains("'=HYPERLINK"), "the formula is defused: {}", sheet.stdout);
}

#[test]
fn a_printed_key_with_zero_width_characters_grades_as_a_perfect_sheet() {
    let deck = "
        format = 1
        id = \"zw\"
        title = \"Z\"

        [[card]]
        id = \"a\"
        kind = \"short\"
        prompt = \"Which keyword delegates?\"
        answer = \"yield\u{200b} from\"

        [[card]]
        id = \"b\"
        kind = \"choice\"
        prompt = \"Pick\"
        choices = [\"x\u{2060}y\", \"z\"]
        answer = \"x\u{2060}y\"
    ";
    let printed =
        Test::new().file("zw.toml", deck).args(["exam", "--deck", "zw.toml", "--seed", "1", "--print", "--key"]).run();
    assert!(!has_raw_control(&printed.stdout), "{:?}", printed.stdout);
    let start = printed.stdout.find("```toml\n").expect("a key") + 8;
    let end = printed.stdout[start..].find("```").unwrap() + start;
    let key = printed.stdout[start..end].to_string();
    toml::from_str::<toml::Table>(&key).expect("the key is valid TOML");
    Test::in_dir(printed.dir)
        .file("key.toml", &key)
        .args(["exam", "--deck", "zw.toml", "--seed", "1", "--answers", "key.toml"])
        .stdout_contains(["2/2 correct"])
        .run();
}

#[test]
fn huge_choices_are_reported_without_repeating_them() {
    // 120,000-character choices used to take 31 s (a quadratic "did you mean").
    let long = "x".repeat(120_000);
    let deck = format!(
        "format = 1\nid = \"big\"\ntitle = \"B\"\n\n[[card]]\nid = \"a\"\nkind = \"choice\"\nprompt = \"Q\"\nchoices = [\"{long}a\", \"{long}b\"]\nanswer = \"{long}c\"\n"
    );
    let output = Test::new().raw_file("big.toml", deck.as_bytes()).args(["check", "big.toml"]).status(1).run();
    assert!(output.stdout.contains("error[answer-not-a-choice]"), "{}", &output.stdout[..output.stdout.len().min(500)]);
    assert!(output.stdout.len() < 2_000, "the report stays short: {} bytes", output.stdout.len());
}

#[test]
fn absurd_durations_are_refused_not_overflowed() {
    for flag in ["--time-limit", "--question-time"] {
        Test::new()
            .args(["exam", "--deck", "asyncio", flag, "18446744073709551615"])
            .status(2)
            .stderr_contains(["is longer than 24h"])
            .stderr_lacks(["panicked"])
            .run();
    }
}

#[test]
fn a_swapped_cache_entry_never_serves_another_deck() {
    let test = Test::new()
        .file("one.toml", &small_deck("one", "first-card"))
        .file("two.toml", &small_deck("two", "second-card"));
    let first = test.args(["cards", "--deck", "one.toml", "--json"]).run();
    let second = Test::in_dir(first.dir).args(["cards", "--deck", "two.toml", "--json"]).run();
    let cache = second.path().join("data/cache");
    let mut entries: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|entry| entry.unwrap().path()).collect();
    entries.sort_by_key(|path| std::fs::metadata(path).unwrap().modified().unwrap());
    assert_eq!(entries.len(), 2);
    // Put the second deck's entry where the first deck's belongs.
    std::fs::copy(&entries[1], &entries[0]).unwrap();
    Test::in_dir(second.dir)
        .args(["cards", "--deck", "one.toml", "--json"])
        .stdout_contains(["first-card"])
        .stdout_lacks(["second-card"])
        .run();
}

fn small_deck(id: &str, card: &str) -> String {
    format!("format = 1\nid = \"{id}\"\ntitle = \"{id}\"\n\n[[card]]\nid = \"{card}\"\nkind = \"truefalse\"\nprompt = \"Q\"\nanswer = true\n")
}

#[cfg(unix)]
#[test]
fn one_bad_entry_in_the_decks_folder_spoils_nothing_else() {
    let test =
        Test::new().file("data/decks/good.toml", &small_deck("good", "fine")).file("data/decks/folder.toml/x", "");
    mkfifo(&test.path().join("data/decks/pipe.toml"));
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"data/decks/bad\xff.toml");
        std::fs::write(test.path().join(name), small_deck("bad", "odd")).unwrap();
    }
    let listed = test.args(["decks"]).run();
    assert!(listed.stdout.contains("good") && listed.stdout.contains("asyncio"), "{}", listed.stdout);
    assert!(listed.stdout.contains("is a folder") && listed.stdout.contains("named pipe"), "{}", listed.stdout);
    let json = Test::in_dir(listed.dir).args(["decks", "--json"]).run();
    let decks = json.json();
    assert!(decks.as_array().unwrap().iter().any(|deck| deck["id"] == "good" && deck["valid"] == true));
    let checked = Test::in_dir(json.dir).args(["check"]).status(1).run();
    assert!(checked.stdout.contains("good.toml: ok"), "{}", checked.stdout);
    assert!(checked.stdout.contains("(bundled) asyncio: ok"), "{}", checked.stdout);
    assert!(checked.stdout.contains("error[unreadable]"), "{}", checked.stdout);
}
