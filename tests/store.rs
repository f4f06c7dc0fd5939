//! The progress store through the real binary: writers in several processes
//! compose, a closed or failing stdout commits exactly once, and every way a
//! store can be unusable gets its own message while the file is left alone.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{fixture_deck, Env, Test};
use serde_json::Value;

fn cards(env: &Env, deck: &str) -> Vec<Value> {
    let (code, stdout, stderr) = env.run(&["cards", "--deck", deck, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str::<Value>(&stdout).unwrap().as_array().unwrap().clone()
}

fn logged(env: &Env, deck: &str) -> Vec<String> {
    let (code, stdout, stderr) = env.run(&["export", "--deck", deck, "--reviews", "-"]);
    assert_eq!(code, 0, "{stderr}");
    stdout.lines().skip(1).map(str::to_string).collect()
}

/// N processes × M reviews of the same cards at once: every review is in the
/// log, and every card's cached state equals a replay of the log (`rebuild`).
#[test]
fn concurrent_writers_leave_every_state_equal_to_its_replay() {
    const PROCESSES: usize = 4;
    const REVIEWS: usize = 25;
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    let binary = assert_cmd::cargo::cargo_bin("quiz");
    let workers: Vec<_> = (0..PROCESSES)
        .map(|worker| {
            let (binary, deck, data, home) =
                (binary.clone(), deck.clone(), env.data_dir(), env.home.path().to_path_buf());
            std::thread::spawn(move || {
                let ratings = ["good", "again", "hard", "easy"];
                (0..REVIEWS)
                    .filter(|index| {
                        let card = if (worker + index) % 2 == 0 { "stdlib-version" } else { "gevent-year" };
                        Command::new(&binary)
                            .args([
                                "review",
                                "--deck",
                                &deck,
                                "--card",
                                card,
                                "--rating",
                                ratings[(worker * 7 + index) % 4],
                            ])
                            .env("QUIZ_DATA_DIR", &data)
                            .env("XDG_CACHE_HOME", home.join("cache"))
                            .stdout(Stdio::null())
                            .status()
                            .unwrap()
                            .success()
                    })
                    .count()
            })
        })
        .collect();
    let succeeded: usize = workers.into_iter().map(|worker| worker.join().unwrap()).sum();
    assert_eq!(succeeded, PROCESSES * REVIEWS);
    let log = logged(&env, &deck);
    assert_eq!(log.len(), PROCESSES * REVIEWS, "no review lost from the log");
    let cached = cards(&env, &deck);
    for card in ["stdlib-version", "gevent-year"] {
        let rows = log.iter().filter(|row| row.starts_with(&format!("{card},"))).count();
        let entry = cached.iter().find(|entry| entry["id"] == card).unwrap();
        assert_eq!(entry["reps"].as_u64(), Some(rows as u64), "{card}: the state counts every review");
    }
    let (code, _, stderr) = env.run(&["rebuild", "--deck", &deck]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(cards(&env, &deck), cached, "the cached states equal the replay of the log");
}

/// `quiz review … | true`: the reader is gone before the line is written.
#[cfg(unix)]
#[test]
fn a_closed_stdout_after_a_review_exits_0_and_records_it_once() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = env
        .process()
        .args(["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"])
        .stdout(Stdio::from(writer))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "quietly: {}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(logged(&env, &deck).len(), 1);
}

/// `quiz cards | head -1`, `decks --json | head`, `stats --json | head -c 10`.
#[cfg(unix)]
#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    env.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    for args in [
        vec!["cards", "--deck", &deck],
        vec!["decks", "--json"],
        vec!["stats", "--json"],
        vec!["check", "--deck", &deck],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = env.process().args(&args).stdout(Stdio::from(writer)).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(output.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

/// `quiz review … > /dev/full`: exit 2 with the reason, nothing recorded, so a
/// retry records the review exactly once.
#[cfg(target_os = "linux")]
#[test]
fn a_failing_stdout_records_nothing_and_says_why() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let output = env
        .process()
        .args(["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"])
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write standard output: No space left on device"), "{stderr}");
    assert!(logged(&env, &deck).is_empty(), "nothing was recorded");
    let (code, _, _) = env.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    assert_eq!(code, 0);
    assert_eq!(logged(&env, &deck).len(), 1, "the retry records it once");
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().is_file())
        .map(|entry| (entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn another_programs_database_is_refused_and_left_byte_for_byte() {
    let env = Env::new();
    std::fs::create_dir_all(env.data_dir()).unwrap();
    {
        let connection = rusqlite::Connection::open(env.data_dir().join("progress.sqlite3")).unwrap();
        connection.execute_batch("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x');").unwrap();
    }
    let before = files(&env.data_dir());
    let (code, _, stderr) =
        env.run(&["review", "--deck", &fixture_deck("kinds.toml"), "--card", "gevent-year", "--rating", "good"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not a quiz progress database (it is an SQLite database with other tables (bookmarks))"),
        "{stderr}"
    );
    assert!(stderr.contains("left untouched") && !stderr.contains("move it aside"), "{stderr}");
    assert_eq!(files(&env.data_dir()), before);
}

#[test]
fn a_lock_held_by_another_program_gets_its_own_message() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    env.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    let holder = rusqlite::Connection::open(env.data_dir().join("progress.sqlite3")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let output = env
        .quiz()
        .args(["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"])
        .env("QUIZ_LOCK_TIMEOUT_MS", "200")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is locked by another program (waited 0.2 s)"), "{stderr}");
    assert!(!stderr.contains("damaged") && !stderr.contains("move it aside"), "{stderr}");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(logged(&env, &deck).len(), 1);
}

/// Runs `quiz review` on an existing store in a data folder mounted read-only
/// (in a private mount namespace). `None` where namespaces are not allowed.
#[cfg(target_os = "linux")]
fn review_on_read_only_mount(env: &Env, deck: &str) -> Option<std::process::Output> {
    let binary = assert_cmd::cargo::cargo_bin("quiz");
    let data = env.data_dir();
    let script = format!(
        "mount --bind '{data}' '{data}' && mount -o remount,ro,bind '{data}' && exec '{quiz}' review --deck '{deck}' --card gevent-year --rating good",
        data = data.display(),
        quiz = binary.display()
    );
    let probe = Command::new("unshare").args(["-rm", "true"]).output().ok()?;
    if !probe.status.success() {
        return None;
    }
    Some(
        Command::new("unshare")
            .args(["-rm", "sh", "-c", &script])
            .env("QUIZ_DATA_DIR", &data)
            .env("HOME", env.home.path())
            .output()
            .unwrap(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_file_system_gets_its_own_message() {
    let env = Env::new();
    let deck = fixture_deck("kinds.toml");
    env.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    let before = files(&env.data_dir());
    let Some(output) = review_on_read_only_mount(&env, &deck) else {
        eprintln!("SKIPPED: this system allows no mount namespace (unshare -rm)");
        return;
    };
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the file system is read-only") && stderr.contains("the progress in it is intact"),
        "{stderr}"
    );
    assert!(!stderr.contains("damaged"), "{stderr}");
    assert_eq!(files(&env.data_dir()), before);
}

/// Another user's data folder: run as `nobody` when the tests run as root,
/// else make the folder read-only for its owner.
#[cfg(unix)]
#[test]
fn a_folder_that_is_not_ours_gets_its_own_message() {
    use std::os::unix::fs::PermissionsExt;
    let test = Test::new();
    let data = test.path().join("data");
    let deck = fixture_deck("kinds.toml");
    // A store made by its owner.
    let setup = Env { home: tempfile::TempDir::new().unwrap() };
    let (code, _, _) = setup.run(&["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"]);
    assert_eq!(code, 0);
    std::fs::create_dir_all(&data).unwrap();
    for (name, bytes) in files(&setup.data_dir()) {
        std::fs::write(data.join(name), bytes).unwrap();
    }
    let before = files(&data);
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let output = if root {
        for path in [test.path(), &data] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(data.join("progress.sqlite3"), std::fs::Permissions::from_mode(0o644)).unwrap();
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("quiz"))
            .args(["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"])
            .env("QUIZ_DATA_DIR", &data)
            .env("HOME", test.path())
            .output()
            .unwrap()
    } else {
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
        let output = test
            .command()
            .args(["review", "--deck", &deck, "--card", "gevent-year", "--rating", "good"])
            .output()
            .unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        output
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("permission denied") && stderr.contains("the progress in it is intact"), "{stderr}");
    assert!(!stderr.contains("damaged") && !stderr.contains("move it aside"), "{stderr}");
    assert_eq!(files(&data), before);
}

#[test]
fn two_deck_files_with_one_id_share_progress_and_say_so() {
    let env = Env::new();
    let original = std::fs::read_to_string(fixture_deck("kinds.toml")).unwrap();
    std::fs::copy(common::fixtures().join("decks/kinds.md"), env.home.path().join("kinds.md")).unwrap();
    let copy = env.write("copy.toml", &original);
    let first =
        env.run(&["review", "--deck", &fixture_deck("kinds.toml"), "--card", "gevent-year", "--rating", "good"]);
    assert!(!first.2.contains("note:"), "the first use says nothing: {}", first.2);
    let (code, _, stderr) = env.run(&["review", "--deck", &copy, "--card", "gevent-year", "--rating", "good"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("note: deck id `kinds` was last used from") && stderr.contains("share one progress history"),
        "{stderr}"
    );
    let (_, _, again) = env.run(&["review", "--deck", &copy, "--card", "gevent-year", "--rating", "good"]);
    assert!(!again.contains("note:"), "said once per switch: {again}");
    let all = cards(&env, &copy);
    let card = all.iter().find(|card| card["id"] == "gevent-year").unwrap();
    assert_eq!(card["reps"], 3, "the copy shares the original's history");
}
