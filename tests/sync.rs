//! `quiz sync` and `quiz merge` through the real binary: devices that study
//! while they sync (through a folder, and through a git repository) end with
//! the same log and card states; a copied store, a newer format, a damaged or
//! half-written line, and another store merged in are each handled as they
//! should be.

mod common;

use std::path::Path;
use std::process::Command;

use common::Env;
use serde_json::Value;

const DECK: &str = "asyncio";
const CARDS: [&str; 4] = ["asyncore-first-module", "asyncore-release", "twisted-deferred", "gevent-1-0-year"];
const THEN: &str = "2026-12-01T12:00:00Z";

/// A review of card `card` at `minute` minutes after 2026-12-01 09:00 UTC.
fn review(env: &Env, card: &str, rating: &str, minute: u32) {
    let now = format!("2026-12-01T{:02}:{:02}:00Z", 9 + minute / 60, minute % 60);
    let (code, _, stderr) =
        env.run(&["review", "--deck", DECK, "--card", card, "--rating", rating, "--now", &now, "--json"]);
    assert_eq!(code, 0, "{stderr}");
}

fn sync(env: &Env, folder: &Path) -> Value {
    let (code, stdout, stderr) = env.run(&["sync", "--dir", &folder.display().to_string(), "--json"]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// Every card's state and flags, as `quiz cards --json` shows them at a fixed moment.
fn states(env: &Env) -> Value {
    let (code, stdout, stderr) = env.run(&["cards", "--deck", DECK, "--json", "--now", THEN]);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// The review log as `quiz export --reviews` writes it, in a canonical order.
fn log(env: &Env) -> Vec<String> {
    let (code, stdout, stderr) = env.run(&["export", "--deck", DECK, "--reviews", "-"]);
    assert_eq!(code, 0, "{stderr}");
    let mut rows: Vec<String> = stdout.lines().skip(1).map(str::to_string).collect();
    rows.sort();
    rows
}

fn assert_same(first: &Env, second: &Env) {
    assert_eq!(log(first), log(second), "the same reviews on both");
    assert_eq!(states(first), states(second), "the same card states on both");
    // Each cached state is the replay of the log.
    let before = states(first);
    let (code, _, stderr) = first.run(&["rebuild", "--deck", DECK]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(states(first), before, "the synced states equal a replay of the log");
}

#[test]
fn two_devices_studying_while_they_sync_through_a_folder_converge() {
    let (laptop, desktop) = (Env::new(), Env::new());
    let folder = tempfile::tempdir().unwrap();
    let ratings = ["good", "again", "hard", "easy", "good"];
    std::thread::scope(|scope| {
        for (offset, env) in [(0, &laptop), (1, &desktop)] {
            let folder = folder.path();
            // Each device answers and syncs in turn, while a second process of
            // the same device syncs now and then over it.
            scope.spawn(move || {
                for index in 0..16u32 {
                    let card = CARDS[(index as usize + offset as usize) % CARDS.len()];
                    review(env, card, ratings[index as usize % ratings.len()], index * 2 + offset);
                    if index % 4 == 3 {
                        sync(env, folder);
                    }
                }
            });
            scope.spawn(move || {
                for _ in 0..4 {
                    sync(env, folder);
                }
            });
        }
    });
    for env in [&laptop, &desktop, &laptop] {
        sync(env, folder.path());
    }
    assert_eq!(log(&laptop).len(), 32, "every answer of both devices, once");
    assert_same(&laptop, &desktop);
    let again = sync(&desktop, folder.path());
    assert_eq!((again["sent"].as_u64(), again["received"].as_u64()), (Some(0), Some(0)), "{again}");
}

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=quiz", "-c", "user.email=quiz@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_git_repository_carries_the_sync_files_without_a_conflict() {
    let root = tempfile::tempdir().unwrap();
    let origin = root.path().join("origin.git");
    git(root.path(), &["init", "--bare", "-q", &origin.display().to_string()]);
    let (laptop, desktop) = (Env::new(), Env::new());
    let clones: Vec<_> = ["laptop", "desktop"]
        .iter()
        .map(|name| {
            git(root.path(), &["clone", "-q", &origin.display().to_string(), name]);
            root.path().join(name)
        })
        .collect();
    std::fs::write(clones[0].join("README"), "progress of one learner\n").unwrap();
    git(&clones[0], &["add", "-A"]);
    git(&clones[0], &["commit", "-q", "-m", "start"]);
    git(&clones[0], &["push", "-q", "origin", "HEAD:main"]);
    git(&clones[1], &["pull", "-q", "origin", "main"]);
    // Both devices study and commit before either pulls: each touched only its own file.
    for round in 0..3u32 {
        for (device, (env, clone)) in [(&laptop, &clones[0]), (&desktop, &clones[1])].into_iter().enumerate() {
            let minute = round * 10 + device as u32;
            review(env, CARDS[(round as usize + device) % CARDS.len()], "good", minute);
            review(env, CARDS[device], "again", minute + 4);
            sync(env, clone);
            git(clone, &["add", "-A"]);
            git(clone, &["commit", "-q", "-m", "sync"]);
        }
        for clone in &clones {
            git(clone, &["pull", "-q", "--rebase", "origin", "main"]);
            git(clone, &["push", "-q", "origin", "HEAD:main"]);
        }
    }
    for (env, clone) in [(&laptop, &clones[0]), (&desktop, &clones[1])] {
        git(clone, &["pull", "-q", "--rebase", "origin", "main"]);
        sync(env, clone);
    }
    assert_eq!(log(&laptop).len(), 12);
    assert_same(&laptop, &desktop);
}

#[test]
fn a_copied_data_folder_becomes_a_device_of_its_own_and_nothing_is_lost() {
    let (original, copy) = (Env::new(), Env::new());
    let folder = tempfile::tempdir().unwrap();
    review(&original, CARDS[0], "good", 0);
    sync(&original, folder.path());
    let copied = Command::new("cp")
        .args(["-r", &original.data_dir().display().to_string(), &copy.data_dir().display().to_string()])
        .status()
        .unwrap();
    assert!(copied.success());
    review(&copy, CARDS[1], "good", 1);
    sync(&copy, folder.path());
    review(&original, CARDS[2], "hard", 2);
    let (code, stdout, stderr) = original.run(&["sync", "--dir", &folder.path().display().to_string(), "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("another store also called itself device"), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(report["rekeyed_from"].is_string() && report["device"] != report["rekeyed_from"], "{report}");
    for env in [&copy, &original, &copy] {
        sync(env, folder.path());
    }
    assert_eq!(log(&original).len(), 3, "the shared review once, and each copy's own");
    assert_same(&original, &copy);
}

/// A device's file as `other` would write it, for a test to change.
fn other_file(folder: &Path) -> (Env, std::path::PathBuf) {
    let other = Env::new();
    review(&other, CARDS[0], "good", 0);
    review(&other, CARDS[1], "easy", 1);
    let report = sync(&other, folder);
    let file = folder.join(format!("{}.jsonl", report["device"].as_str().unwrap()));
    (other, file)
}

#[test]
fn a_half_written_last_line_waits_for_the_rest() {
    let folder = tempfile::tempdir().unwrap();
    let (_, file) = other_file(folder.path());
    let whole = std::fs::read(&file).unwrap();
    std::fs::write(&file, &whole[..whole.len() - 20]).unwrap();
    let env = Env::new();
    let first = sync(&env, folder.path());
    assert_eq!((first["read"].as_u64(), first["received"].as_u64()), (Some(1), Some(1)), "{first}");
    std::fs::write(&file, &whole).unwrap();
    let second = sync(&env, folder.path());
    assert_eq!((second["read"].as_u64(), second["received"].as_u64()), (Some(1), Some(1)), "{second}");
    assert_eq!(log(&env).len(), 2);
}

#[test]
fn a_newer_format_or_a_damaged_line_is_refused_and_the_store_is_left_as_it_was() {
    let folder = tempfile::tempdir().unwrap();
    let (_, file) = other_file(folder.path());
    let whole = std::fs::read_to_string(&file).unwrap();
    let env = Env::new();
    review(&env, CARDS[3], "good", 5);
    let dir = folder.path().display().to_string();
    std::fs::write(&file, whole.replacen("\"quiz_sync\":1", "\"quiz_sync\":2", 1)).unwrap();
    let (code, _, stderr) = env.run(&["sync", "--dir", &dir]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("newer quiz (sync format 2; this one reads up to 1)"), "{stderr}");
    let damaged = whole.replacen("\"kind\":\"review\"", "\"kind\":\"explode\"", 1);
    std::fs::write(&file, damaged).unwrap();
    let (code, _, stderr) = env.run(&["sync", "--dir", &dir]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{}:2:1", file.display())) && stderr.contains("not an entry kind"), "{stderr}");
    assert_eq!(log(&env).len(), 1, "nothing was added");
    let (code, stdout, _) = env.run(&["sync", "--dir", &dir, "--status", "--json"]);
    assert_eq!(code, 0);
    let status: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status["last_sync"], Value::Null, "{status}");
    std::fs::write(&file, whole).unwrap();
    sync(&env, folder.path());
    assert_eq!(log(&env).len(), 3, "once the file is whole again, it is read");
}

#[test]
fn status_lists_the_devices_and_what_waits_and_a_folder_is_remembered() {
    let folder = tempfile::tempdir().unwrap();
    let (_other, _) = other_file(folder.path());
    let env = Env::new();
    review(&env, CARDS[2], "good", 3);
    let (code, _, stderr) = env.run(&["sync"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("quiz sync --dir PATH"), "{stderr}");
    let dir = folder.path().display().to_string();
    let (code, stdout, _) = env.run(&["sync", "--dir", &dir, "--status"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Last sync:   never") && stdout.contains("To send:     1 entry"), "{stdout}");
    assert!(stdout.contains(": 0 read, 2 to read"), "the other device's two entries wait: {stdout}");
    sync(&env, folder.path());
    // Without --dir: the folder of the last sync.
    let (code, stdout, stderr) = env.run(&["sync", "--status", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let status: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status["unsent"], 0);
    let devices = status["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 2);
    assert_eq!((devices[0]["this"].as_bool(), devices[0]["read"].as_u64()), (Some(true), Some(1)), "{status}");
    assert_eq!((devices[1]["read"].as_u64(), devices[1]["unread"].as_u64()), (Some(2), Some(0)), "{status}");
    // config.toml's sync_dir comes before the last folder.
    let elsewhere = tempfile::tempdir().unwrap();
    env.write("data/config.toml", &format!("sync_dir = {:?}\n", elsewhere.path().display().to_string()));
    let (code, stdout, _) = env.run(&["sync", "--status", "--json"]);
    assert_eq!(code, 0);
    let status: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(status["folder"], elsewhere.path().display().to_string());
    // `~/` is the home folder; a relative path is relative to the data folder.
    for (configured, expected) in
        [("~/Sync/quiz", env.home.path().join("Sync/quiz")), ("shared", env.data_dir().join("shared"))]
    {
        env.write("data/config.toml", &format!("sync_dir = {configured:?}\n"));
        let (code, stdout, stderr) = env.run(&["sync", "--status", "--json"]);
        assert_eq!(code, 0, "{stderr}");
        let status: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(status["folder"], expected.display().to_string(), "{configured}");
    }
}

#[test]
fn merge_brings_in_another_copy_of_the_store_once() {
    let (here, there) = (Env::new(), Env::new());
    review(&here, CARDS[0], "good", 0);
    for (index, card) in CARDS.iter().enumerate().take(3) {
        review(&there, card, "hard", 10 + index as u32);
    }
    let (code, _, stderr) = there.run(&["undo"]);
    assert_eq!(code, 0, "{stderr}");
    let other = there.data_dir().join("progress.sqlite3").display().to_string();
    let (code, stdout, stderr) = here.run(&["merge", &other, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let merged: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((merged["read"].as_u64(), merged["received"].as_u64()), (Some(4), Some(4)), "{merged}");
    assert_eq!(log(&here).len(), 3, "the one review here and the two that count there");
    let (code, stdout, _) = here.run(&["merge", &other, "--json"]);
    assert_eq!(code, 0);
    let again: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(again["received"], 0, "nothing twice: {again}");
    let own = here.data_dir().join("progress.sqlite3").display().to_string();
    let (code, _, stderr) = here.run(&["merge", &own]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is this store itself"), "{stderr}");
    let newer = here.home.path().join("newer.sqlite3");
    std::fs::copy(&other, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let (code, _, stderr) = here.run(&["merge", &newer.display().to_string()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("newer quiz (schema 99"), "{stderr}");
    let text = here.write("notes.txt", "not a database");
    let (code, _, stderr) = here.run(&["merge", &text]);
    assert_eq!(code, 2);
    assert!(stderr.contains("damaged") || stderr.contains("not a quiz progress database"), "{stderr}");
}

#[test]
fn what_one_device_takes_back_or_suspends_applies_on_the_other() {
    let (laptop, desktop) = (Env::new(), Env::new());
    let folder = tempfile::tempdir().unwrap();
    review(&laptop, CARDS[0], "good", 0);
    review(&laptop, CARDS[1], "again", 1);
    sync(&laptop, folder.path());
    sync(&desktop, folder.path());
    let (code, _, stderr) = laptop.run(&["undo"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = laptop.run(&["suspend", "--deck", DECK, "--card", CARDS[0]]);
    assert_eq!(code, 0, "{stderr}");
    sync(&laptop, folder.path());
    let report = sync(&desktop, folder.path());
    assert_eq!(report["received"], 2, "the undo and the suspension: {report}");
    assert_eq!(log(&desktop).len(), 1, "the review taken back does not count there either");
    let states = states(&desktop);
    let card = |id: &str| states.as_array().unwrap().iter().find(|card| card["id"] == id).unwrap().clone();
    assert_eq!(card(CARDS[0])["suspended"], true, "{}", card(CARDS[0]));
    assert_same(&laptop, &desktop);
}

#[test]
fn a_devices_file_removed_from_the_folder_is_written_afresh_whole() {
    let (laptop, desktop) = (Env::new(), Env::new());
    let folder = tempfile::tempdir().unwrap();
    for (index, card) in CARDS.iter().enumerate() {
        review(&laptop, card, "good", index as u32);
    }
    let first = sync(&laptop, folder.path());
    sync(&desktop, folder.path());
    let file = folder.path().join(format!("{}.jsonl", first["device"].as_str().unwrap()));
    std::fs::remove_file(&file).unwrap();
    let again = sync(&laptop, folder.path());
    assert_eq!(again["sent"], 4, "everything again: {again}");
    let contents = std::fs::read_to_string(&file).unwrap();
    assert_eq!(contents.lines().count(), 5, "the header and the four reviews: {contents}");
    let reread = sync(&desktop, folder.path());
    assert_eq!(reread["received"], 0, "nothing twice: {reread}");
    assert_eq!(log(&desktop).len(), 4);
}

#[test]
fn what_a_merge_brought_in_travels_on_through_the_folder() {
    let (backup, laptop, desktop) = (Env::new(), Env::new(), Env::new());
    let folder = tempfile::tempdir().unwrap();
    review(&backup, CARDS[2], "hard", 0);
    review(&backup, CARDS[3], "easy", 1);
    let other = backup.data_dir().join("progress.sqlite3").display().to_string();
    let (code, _, stderr) = laptop.run(&["merge", &other]);
    assert_eq!(code, 0, "{stderr}");
    let sent = sync(&laptop, folder.path());
    assert_eq!(sent["sent"], 2, "{sent}");
    sync(&desktop, folder.path());
    assert_eq!(log(&desktop).len(), 2);
    assert_same(&laptop, &desktop);
}
