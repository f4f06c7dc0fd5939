//! A snapshot of every `quiz check` format on one deck with an error, a
//! warning (a missing translation), a stale citation and partial coverage.

mod common;

use common::{fixtures, Test};

/// The fixture deck and its notes, copied into the test's folder so every
/// path in the reports is the same relative one.
fn test() -> Test {
    let read = |name: &str| std::fs::read_to_string(fixtures().join("decks").join(name)).unwrap();
    Test::new().file("formats.toml", &read("formats.toml")).file("formats.md", &read("formats.md"))
}

#[test]
fn text() {
    let output = test().args(["check", "--coverage", "formats.toml"]).status(1).run();
    insta::assert_snapshot!("text", output.stdout);
}

#[test]
fn text_strict() {
    let output = test().args(["check", "--strict", "formats.toml"]).status(1).run();
    insta::assert_snapshot!("text_strict", output.stdout);
}

#[test]
fn json() {
    let output = test().args(["check", "--coverage", "--format", "json", "formats.toml"]).status(1).run();
    assert!(output.stdout.ends_with("}\n"), "JSON ends with a newline");
    insta::assert_snapshot!("json", output.stdout);
}

#[test]
fn junit() {
    let output = test().args(["check", "--format", "junit", "formats.toml"]).status(1).run();
    insta::assert_snapshot!("junit", output.stdout);
}

#[test]
fn github() {
    let output = test()
        .env("GITHUB_STEP_SUMMARY", "summary.md")
        .args(["check", "--coverage", "--format", "github", "formats.toml"])
        .status(1)
        .run();
    insta::assert_snapshot!("github", output.stdout);
    let summary = std::fs::read_to_string(output.path().join("summary.md")).unwrap();
    insta::assert_snapshot!("github_step_summary", summary);
}
