//! The command line as a contract: flags a command would ignore are refused,
//! and `--json` gives scripts JSON from every command.

mod common;

use common::{fixture_deck, Test};

#[test]
fn study_flags_before_another_command_are_refused() {
    Test::new()
        .args(["--limit", "3", "--auto", "decks"])
        .status(2)
        .stderr_contains(["`--limit` before `decks` belongs to studying"])
        .run();
}

#[test]
fn a_global_option_the_command_ignores_is_refused() {
    for (args, option, command) in [
        (vec!["decks", "--now", "2026-01-01T00:00:00Z"], "--now", "decks"),
        (vec!["decks", "--deck", "asyncio"], "--deck", "decks"),
        (vec!["check", "asyncio", "--lang", "ko"], "--lang", "check"),
        (vec!["--now", "2026-01-01T00:00:00Z", "rebuild", "--deck", "asyncio"], "--now", "rebuild"),
        (vec!["--lang", "ko", "stats"], "--lang", "stats"),
    ] {
        Test::new()
            .args(&args)
            .status(2)
            .stderr_contains([format!("`{option}` does not apply to `quiz {command}`")])
            .run();
    }
}

#[test]
fn global_options_may_stand_before_the_command() {
    Test::new().args(["--deck", "asyncio", "--json", "stats"]).stdout_contains(["\"deck\": \"asyncio\""]).run();
    Test::new().args(["--json", "decks"]).stdout_contains(["\"id\": \"asyncio\""]).run();
}

#[test]
fn options_from_the_environment_are_not_refused() {
    Test::new().env("QUIZ_NOW", "2026-01-01T00:00:00Z").args(["decks"]).stdout_contains(["asyncio"]).run();
}

#[test]
fn a_rating_is_checked_by_the_parser() {
    Test::new()
        .args(["review", "--deck", "asyncio", "--card", "asyncio-stdlib-version", "--rating", "great"])
        .status(2)
        .stderr_contains(["is not a rating; use again, hard, good, easy or 1-4"])
        .run();
}

#[test]
fn check_accepts_json_and_refuses_a_contradiction() {
    let output = Test::new().args(["check", "asyncio", "--json"]).run();
    assert_eq!(output.json()["ok"], true);
    Test::new()
        .args(["check", "asyncio", "--json", "--format", "junit"])
        .status(2)
        .stderr_contains(["--json asks for --format json"])
        .run();
    Test::new().args(["check", "asyncio", "--format", "csv"]).status(2).stderr_contains(["invalid value 'csv'"]).run();
}

#[test]
fn every_command_that_prints_data_prints_json_with_json() {
    let deck = fixture_deck("kinds.toml");
    let run = |dir: tempfile::TempDir, args: &[&str]| {
        let output = Test::in_dir(dir).args(args).arg("--json").run();
        let value = output.json();
        (output.dir, value)
    };
    let dir = tempfile::TempDir::new().unwrap();
    let (dir, reviewed) = run(dir, &["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    assert_eq!(reviewed["card"], "gevent-year");
    let (dir, suspended) = run(dir, &["suspend", "--deck", &deck, "--card", "pep-492"]);
    assert_eq!(suspended["suspended"], true);
    let (dir, rebuilt) = run(dir, &["rebuild", "--deck", &deck]);
    assert_eq!(rebuilt["reviews"], 1);
    let (dir, exported) = run(dir, &["export", "--deck", &deck, "--reviews", "log.csv"]);
    assert_eq!(exported["reviews"], 1);
    let (dir, stats) = run(dir, &["stats", "--deck", &deck]);
    assert_eq!(stats["deck"], "kinds");
    let (dir, cards) = run(dir, &["cards", "--deck", &deck]);
    assert_eq!(cards.as_array().map(Vec::len), Some(8));
    let (dir, decks) = run(dir, &["decks"]);
    assert!(decks.as_array().is_some());
    let (dir, undone) = run(dir, &["undo", "--deck", &deck]);
    assert_eq!(undone["card"], "gevent-year");
    let sheet = Test::in_dir(dir)
        .file("sheet.toml", "[answers]\n\"gevent-year\" = 2009\n")
        .args(["exam", "--deck", &deck, "--answers", "sheet.toml", "--json"])
        .run();
    assert_eq!(sheet.json()["score"], 1.0);
}

#[test]
fn export_to_stdout_is_csv_and_refuses_json() {
    Test::new()
        .args(["export", "--deck", "asyncio", "--reviews", "-", "--json"])
        .status(2)
        .stderr_contains(["--reviews - writes the CSV to stdout"])
        .run();
}

#[test]
fn the_printed_exam_is_markdown_only() {
    Test::new()
        .args(["exam", "--deck", "asyncio", "--seed", "1", "--print", "--json"])
        .status(2)
        .stderr_contains(["--print writes the exam as Markdown"])
        .run();
}

#[test]
fn completions_are_generated_for_every_shell_and_know_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = Test::new().args(["completions", shell]).run();
        for command in ["serve", "import", "export", "exam", "completions"] {
            assert!(output.stdout.contains(command), "{shell} completion lacks `{command}`");
        }
    }
    Test::new().args(["completions", "tcsh"]).status(2).stderr_contains(["invalid value 'tcsh'"]).run();
}

#[test]
fn the_manual_page_is_roff_that_lists_the_commands() {
    let output = Test::new().args(["man"]).run();
    assert!(output.stdout.contains(".TH QUIZ 1 "), "{}", output.stdout);
    assert!(output.stdout.contains("serve") && output.stdout.contains("import"));
    // mandoc's linter, where it is installed.
    if let Ok(mut mandoc) = std::process::Command::new("mandoc")
        .args(["-Tlint"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        mandoc.stdin.take().unwrap().write_all(output.stdout.as_bytes()).unwrap();
        let lint = mandoc.wait_with_output().unwrap();
        assert!(lint.status.success(), "{}", String::from_utf8_lossy(&lint.stdout));
    }
}

#[test]
fn version_names_the_deck_format_and_the_commit() {
    let output = Test::new().args(["--version"]).run();
    let lines: Vec<&str> = output.stdout.lines().collect();
    assert_eq!(lines.first().copied(), Some(concat!("quiz ", env!("CARGO_PKG_VERSION"))));
    assert_eq!(lines.get(1).copied(), Some(format!("deck format {}", quiz::deck::FORMAT_VERSION).as_str()));
    let commit = lines.get(2).and_then(|line| line.strip_prefix("commit ")).expect("a commit line");
    assert!(
        commit == "unknown" || (commit.len() == 12 && commit.bytes().all(|byte| byte.is_ascii_hexdigit())),
        "{commit}"
    );
    let short = Test::new().args(["-V"]).run();
    assert_eq!(short.stdout.trim(), concat!("quiz ", env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_bundled_deck_is_named_as_bundled_not_as_a_file_that_is_not_there() {
    let checked = Test::new().args(["check", "--deck", "asyncio"]).run();
    assert!(checked.stdout.starts_with("(bundled) asyncio: ok"), "{}", checked.stdout);
    let decks = Test::new().args(["decks"]).run();
    let line = decks.stdout.lines().find(|line| line.starts_with("asyncio ")).expect("asyncio is listed");
    assert!(line.contains("bundled") && !line.contains("decks/asyncio.toml"), "{line}");
}
