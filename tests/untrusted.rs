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
        .stderr_contains(["sheet.toml is larger than 4 MiB, the most quiz reads for an answer sheet"])
        .run();
}
