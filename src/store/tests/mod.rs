//! The store on its own: the write path, undo, replay, migration, and every
//! way a file can be unusable.

use std::time::Duration;

use super::*;
use log::{uid_and_device, uid_millis};

mod log;
use crate::error::StoreProblem;
use crate::schedule::{Phase, Scheduler, SchedulerConfig};

fn ids() -> (DeckId, CardId) {
    (DeckId("deck".into()), CardId("card".into()))
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn review<'a>(deck: &'a DeckId, card: &'a CardId, time: Timestamp, rating: Rating, kind: SessionKind) -> NewReview<'a> {
    NewReview { deck, card, content_hash: "h1", time, rating, response: "r", correct: true, duration_ms: 1200, kind }
}

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig { enable_fuzz: false, ..SchedulerConfig::default() }).unwrap()
}

fn problem(error: crate::Error) -> StoreProblem {
    match error {
        crate::Error::Store { problem, .. } => problem,
        other => panic!("not a store error: {other}"),
    }
}

#[test]
fn records_survive_reopening_and_undo_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let scheduler = scheduler();
    let first_time = at("2026-01-01T09:00:00Z");
    let second_time = at("2026-01-01T09:10:00Z");
    let first = scheduler.review("card", &CardState::new_card(first_time), Rating::Good, first_time);
    let second = scheduler.review("card", &first, Rating::Good, second_time);
    {
        let mut store = Store::open(dir.path()).unwrap();
        store.record(&review(&deck, &card, first_time, Rating::Good, SessionKind::Study), &scheduler).unwrap();
        store.record(&review(&deck, &card, second_time, Rating::Good, SessionKind::Study), &scheduler).unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, second);
    let newest = store.newest_review(Some(&deck)).unwrap().unwrap();
    let undone = store.undo_review(newest.id, at("2026-03-09T09:00:00Z"), &scheduler).unwrap();
    assert_eq!(undone.state_before, Some(first));
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, first);
    let newest = store.newest_review(None).unwrap().unwrap();
    store.undo_review(newest.id, at("2026-03-09T09:00:00Z"), &scheduler).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap(), None, "back to a new card, with no row left");
    assert_eq!(store.newest_review(None).unwrap(), None);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // Nothing answered is deleted: both reviews are kept whole, each named by an undo event.
    let kept: Vec<(i64, i64, Vec<u8>)> = store
        .connection
        .prepare(
            "SELECT undone_review.time_ms, event.time_ms, event.uid FROM undone_review
             JOIN event ON event.target = undone_review.uid AND event.kind = 'undo'
             JOIN device ON device.id = event.device AND device.this = 1
             ORDER BY event.id",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let undone_at = at("2026-03-09T09:00:00Z").millis();
    let times: Vec<(i64, i64)> = kept.iter().map(|(review, undo, _)| (*review, *undo)).collect();
    assert_eq!(times, [(second_time.millis(), undone_at), (first_time.millis(), undone_at)]);
    assert_ne!(kept[0].2, kept[1].2, "each undo is an event of its own");
}

#[test]
fn undo_restores_awkward_floats_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let scheduler = scheduler();
    let mut store = Store::open(dir.path()).unwrap();
    let time = at("2026-01-01T09:00:00Z");
    store.record(&review(&deck, &card, time, Rating::Good, SessionKind::Study), &scheduler).unwrap();
    // States whose floats do not round-trip through every decimal printer.
    for (index, value) in
        [0.1 + 0.2, 1.0 / 3.0, std::f64::consts::PI * 1e-7, 5e-324, 123_456.789_012_345_67].iter().enumerate()
    {
        let mut state = store.card(&deck, &card).unwrap().unwrap().state;
        state.stability = Some(*value);
        state.difficulty = Some(value.sqrt() + 1.0);
        store
            .connection
            .execute(
                "UPDATE card_state SET stability = ?1, difficulty = ?2",
                params![state.stability, state.difficulty],
            )
            .unwrap();
        let later = time.plus(chrono::Duration::days(index as i64 + 1));
        let (id, _) = store.record(&review(&deck, &card, later, Rating::Good, SessionKind::Study), &scheduler).unwrap();
        store.undo_review(id, at("2026-03-09T09:00:00Z"), &scheduler).unwrap();
        let restored = store.card(&deck, &card).unwrap().unwrap().state;
        assert_eq!(restored.stability.map(f64::to_bits), state.stability.map(f64::to_bits));
        assert_eq!(restored.difficulty.map(f64::to_bits), state.difficulty.map(f64::to_bits));
    }
}

#[test]
fn drills_log_without_scheduling_and_flags_keep_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let mut store = Store::open(dir.path()).unwrap();
    let drill = review(&deck, &card, at("2026-01-01T09:00:00Z"), Rating::Again, SessionKind::Drill);
    let (_, after) = store.record(&drill, &scheduler()).unwrap();
    assert_eq!(after, None);
    assert!(store.cards(&deck).unwrap().is_empty());
    assert_eq!(store.reviews(Some(&deck)).unwrap().len(), 1);
    assert_eq!(
        store.card_ids_with_history(&deck).unwrap(),
        std::slice::from_ref(&card),
        "a card only drilled has history"
    );
    store.set_suspended(&deck, &card, true, at("2026-01-01T10:00:00Z")).unwrap();
    store.bury(&deck, &card, at("2026-01-01T10:00:00Z"), at("2026-01-02T00:00:00Z")).unwrap();
    let flagged = store.card(&deck, &card).unwrap().unwrap();
    assert!(flagged.suspended);
    assert_eq!(flagged.buried_until, Some(at("2026-01-02T00:00:00Z")));
    assert_eq!(flagged.state.phase, Phase::New);
    assert_eq!(store.card_ids_with_history(&deck).unwrap(), [card]);
}

#[test]
fn amending_a_rating_and_counting_new_cards_per_day() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let other = CardId("other".into());
    let scheduler = scheduler();
    let mut store = Store::open(dir.path()).unwrap();
    let monday = at("2026-03-02T09:00:00Z");
    let (id, _) = store.record(&review(&deck, &card, monday, Rating::Good, SessionKind::Study), &scheduler).unwrap();
    let easy = scheduler.review("card", &CardState::new_card(monday), Rating::Easy, monday);
    assert_eq!(store.amend_rating(id, Rating::Easy, monday, &scheduler).unwrap(), Some(easy));
    assert_eq!(store.reviews(None).unwrap()[0].rating, Rating::Easy);
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, easy);
    let tuesday = at("2026-03-03T09:00:00Z");
    store.record(&review(&deck, &other, tuesday, Rating::Good, SessionKind::Study), &scheduler).unwrap();
    // A second review of the first card on Tuesday does not make it new on Tuesday.
    store.record(&review(&deck, &card, tuesday, Rating::Good, SessionKind::Study), &scheduler).unwrap();
    assert_eq!(store.new_cards_started(&deck, monday, tuesday).unwrap(), 1);
    assert_eq!(store.new_cards_started(&deck, tuesday, at("2026-03-04T00:00:00Z")).unwrap(), 1);
}

/// The state a fold of `ratings` (one a day from Monday) gives.
fn replayed(scheduler: &Scheduler, ratings: &[Rating]) -> CardState {
    let monday = at("2026-03-02T09:00:00Z");
    let mut state = CardState::new_card(monday);
    for (day, rating) in ratings.iter().enumerate() {
        state = scheduler.review("card", &state, *rating, monday.plus(chrono::Duration::days(day as i64)));
    }
    state
}

#[test]
fn amending_or_undoing_an_older_review_replays_the_later_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let scheduler = scheduler();
    let mut store = Store::open(dir.path()).unwrap();
    let monday = at("2026-03-02T09:00:00Z");
    let mut ids = Vec::new();
    for (day, rating) in [Rating::Good, Rating::Good, Rating::Hard].iter().enumerate() {
        let time = monday.plus(chrono::Duration::days(day as i64));
        ids.push(store.record(&review(&deck, &card, time, *rating, SessionKind::Study), &scheduler).unwrap().0);
    }
    // Another session's review came after the first: amending the first replays all.
    store.amend_rating(ids[0], Rating::Easy, monday, &scheduler).unwrap();
    let expected = replayed(&scheduler, &[Rating::Easy, Rating::Good, Rating::Hard]);
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, expected);
    let log = store.reviews(Some(&deck)).unwrap();
    assert_eq!(log[2].state_before, Some(replayed(&scheduler, &[Rating::Easy, Rating::Good])), "befores follow");
    // Taking back the middle one replays the last from the first.
    store.undo_review(ids[1], at("2026-03-09T09:00:00Z"), &scheduler).unwrap();
    let monday_state = replayed(&scheduler, &[Rating::Easy]);
    let expected = scheduler.review("card", &monday_state, Rating::Hard, monday.plus(chrono::Duration::days(2)));
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, expected);
    assert_eq!(store.reviews(None).unwrap().len(), 2);
}

#[test]
fn taking_back_a_first_review_that_others_followed_moves_the_cards_first_day() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let scheduler = scheduler();
    let mut store = Store::open(dir.path()).unwrap();
    let (monday, tuesday, wednesday) =
        (at("2026-03-02T09:00:00Z"), at("2026-03-03T09:00:00Z"), at("2026-03-04T09:00:00Z"));
    let (first, _) = store.record(&review(&deck, &card, monday, Rating::Good, SessionKind::Study), &scheduler).unwrap();
    store.record(&review(&deck, &card, tuesday, Rating::Good, SessionKind::Study), &scheduler).unwrap();
    assert_eq!(store.new_cards_started(&deck, monday, tuesday).unwrap(), 1);
    store.undo_review(first, at("2026-03-09T09:00:00Z"), &scheduler).unwrap();
    assert_eq!(store.new_cards_started(&deck, monday, tuesday).unwrap(), 0, "Monday's review is gone");
    assert_eq!(store.new_cards_started(&deck, tuesday, wednesday).unwrap(), 1, "the card was new on Tuesday");
}

#[test]
fn rebuild_equals_the_fold_and_keeps_flags() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let scheduler = scheduler();
    let mut store = Store::open(dir.path()).unwrap();
    let monday = at("2026-03-02T09:00:00Z");
    for (day, rating) in [Rating::Good, Rating::Again, Rating::Good].iter().enumerate() {
        let time = monday.plus(chrono::Duration::days(day as i64));
        store.record(&review(&deck, &card, time, *rating, SessionKind::Study), &scheduler).unwrap();
    }
    let flagged = CardId("flagged".into());
    store.set_suspended(&deck, &flagged, true, monday).unwrap();
    // Corrupt the cache, then rebuild it from the log.
    store.connection.execute("UPDATE card_state SET reps = 99 WHERE card = 'card'", []).unwrap();
    let rebuilt = store.rebuild(&deck, &scheduler).unwrap();
    assert_eq!(rebuilt, Rebuilt { cards: 1, reviews: 3 });
    let expected = replayed(&scheduler, &[Rating::Good, Rating::Again, Rating::Good]);
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, expected);
    assert!(store.card(&deck, &flagged).unwrap().unwrap().suspended, "flags survive a rebuild");
}

#[test]
fn exams_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let attempt = ExamAttempt {
        deck: DeckId("deck".into()),
        seed: u64::MAX,
        started: at("2026-03-02T09:00:00Z"),
        finished: at("2026-03-02T09:15:00Z"),
        score: 0.75,
        correct: 3,
        total: 4,
        passed: true,
        abandoned: false,
        answers_json: "{}".into(),
    };
    store.record_exam(&attempt).unwrap();
    let abandoned =
        ExamAttempt { finished: at("2026-03-02T09:20:00Z"), passed: false, abandoned: true, ..attempt.clone() };
    store.record_exam(&abandoned).unwrap();
    assert_eq!(store.exams(Some(&attempt.deck)).unwrap(), [attempt, abandoned]);
}

#[test]
fn two_connections_on_one_card_compose() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                let (deck, card) = ids();
                for index in 0..50 {
                    let time = Timestamp::from_millis(1_700_000_000_000 + writer * 1000 + index).unwrap();
                    store.record(&review(&deck, &card, time, Rating::Good, SessionKind::Study), &scheduler()).unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    let (deck, card) = ids();
    assert_eq!(store.reviews(None).unwrap().len(), 100);
    let cached = store.card(&deck, &card).unwrap().unwrap().state;
    assert_eq!(cached.reps, 100, "no review was lost from the state");
    store.rebuild(&deck, &scheduler()).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().state, cached, "the cache equals the replay of the log");
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn an_unknown_stored_value_is_damage_not_a_default() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .record(&review(&deck, &card, at("2026-01-01T09:00:00Z"), Rating::Good, SessionKind::Study), &scheduler())
        .unwrap();
    store.connection.execute("UPDATE card_state SET phase = 'graduated'", []).unwrap();
    let error = store.card(&deck, &card).unwrap_err();
    assert!(matches!(problem(error), StoreProblem::Damaged(detail) if detail.contains("unknown phase `graduated`")));
    store.connection.execute("UPDATE card_state SET phase = 'review'", []).unwrap();
    store.connection.execute("UPDATE review SET kind = 'cram'", []).unwrap();
    assert!(matches!(problem(store.reviews(None).unwrap_err()), StoreProblem::Damaged(_)));
    store.connection.execute("UPDATE review SET kind = 'study', before_phase = 'limbo'", []).unwrap();
    assert!(matches!(problem(store.reviews(None).unwrap_err()), StoreProblem::Damaged(_)), "undo would reset the card");
    store.connection.execute("INSERT INTO exam VALUES (1, 'deck', 'seven', 0, 0, 0, 0, 0, 0, '{}', 0)", []).unwrap();
    assert!(matches!(problem(store.exams(None).unwrap_err()), StoreProblem::Damaged(_)));
}

#[test]
fn a_version_1_store_is_migrated_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let state = CardState {
        phase: Phase::Review,
        step: 0,
        stability: Some(0.1 + 0.2),
        difficulty: Some(1.0 / 3.0 + 5.0),
        due: at("2026-01-05T09:00:00Z"),
        last_review: Some(at("2026-01-02T09:00:00Z")),
        reps: 3,
        lapses: 1,
    };
    {
        let connection = Connection::open(&path).unwrap();
        connection.execute_batch(include_str!("../v1.sql")).unwrap();
        connection.pragma_update(None, "user_version", 1).unwrap();
        connection
            .execute(
                "INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled, state_before)
                 VALUES ('deck', 'card', 'h', 1767776400000, 3, '', 1, 0, 'study', 1, ?1)",
                [serde_json::to_string(&state).unwrap()],
            )
            .unwrap();
        connection
            .execute(
                "INSERT INTO card_state (deck, card, phase, step, due_ms, reps, lapses, suspended, buried_until_ms)
                 VALUES ('deck', 'flagged', 'new', 0, 0, 0, 0, 1, 1767776400000)",
                [],
            )
            .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let logged = &store.reviews(None).unwrap()[0];
    let migrated = logged.state_before.unwrap();
    assert_eq!(migrated.stability.map(f64::to_bits), state.stability.map(f64::to_bits));
    assert_eq!(migrated.difficulty.map(f64::to_bits), state.difficulty.map(f64::to_bits));
    assert_eq!(migrated, state);
    let version: i64 = store.connection.query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
    let application: i32 = store.connection.query_row("PRAGMA application_id", [], |row| row.get(0)).unwrap();
    assert_eq!((version, application), (SCHEMA_VERSION, APPLICATION_ID));
    // Version 7: the old review gets a unique id at its own time, made by this store's device.
    let (uid, device) = uid_and_device(&store, logged.id);
    assert_eq!(device, store.device().unwrap());
    assert_eq!(uid_millis(&uid), 1767776400000);
    // The flags cards carried become the events they are the cache of.
    let events: Vec<(String, String, Option<i64>)> = store
        .connection
        .prepare("SELECT card, kind, until_ms FROM event ORDER BY kind")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let flagged = |kind: &str, until| ("flagged".to_string(), kind.to_string(), until);
    assert_eq!(events, [flagged("bury", Some(1767776400000)), flagged("suspend", None)]);
}

#[test]
fn a_version_2_store_keeps_its_exams_as_finished_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let connection = Connection::open(&path).unwrap();
        connection.execute_batch(include_str!("../v1.sql")).unwrap();
        connection.execute_batch(include_str!("../v2.sql")).unwrap();
        connection.execute_batch("ALTER TABLE review DROP COLUMN state_before;").unwrap();
        connection.pragma_update(None, "user_version", 2).unwrap();
        connection.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        connection
            .execute(
                "INSERT INTO exam (deck, seed, started_ms, finished_ms, score, correct, total, passed, answers)
                 VALUES ('deck', '7', 1767776400000, 1767777300000, 0.5, 1, 2, 0, '{}')",
                [],
            )
            .unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    let version: i64 = store.connection.query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let exams = store.exams(None).unwrap();
    assert_eq!(exams.len(), 1);
    assert!(!exams[0].abandoned && !exams[0].passed, "an earlier attempt was a finished one: {exams:?}");
    let abandoned = ExamAttempt { abandoned: true, ..exams[0].clone() };
    store.record_exam(&abandoned).unwrap();
    assert!(store.exams(None).unwrap()[1].abandoned);
    let refused = store.connection.execute("UPDATE exam SET abandoned = 2", []);
    assert!(refused.is_err(), "abandoned is a flag");
}

/// Every byte of `dir`'s files.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().to_string_lossy().into_owned(), fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn another_programs_database_is_left_byte_for_byte() {
    for setup in [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine');",
        "PRAGMA application_id = 42; CREATE TABLE review (x);",
        "PRAGMA journal_mode = WAL; CREATE TABLE photos (name TEXT);",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        {
            let connection = Connection::open(&path).unwrap();
            connection.execute_batch(setup).unwrap();
        }
        let before = snapshot(dir.path());
        let error = Store::open(dir.path()).unwrap_err();
        assert!(matches!(problem(error), StoreProblem::NotAStore(_)), "{setup}");
        assert_eq!(snapshot(dir.path()), before, "{setup}: nothing changed, not even the journal mode");
    }
}

#[test]
fn a_newer_version_waiting_in_the_wal_is_seen_and_not_written() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap();
    let path = dir.path().join(FILE_NAME);
    // Another (newer) quiz bumps the version; its WAL is not checkpointed yet.
    let newer = Connection::open(&path).unwrap();
    newer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    newer.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    let mut header = [0u8; 64];
    std::io::Read::read_exact(&mut fs::File::open(&path).unwrap(), &mut header).unwrap();
    assert_eq!(
        i32::from_be_bytes([header[60], header[61], header[62], header[63]]),
        SCHEMA_VERSION as i32,
        "still only in the WAL"
    );
    let before = fs::read(&path).unwrap();
    let wal_before = fs::read(dir.path().join(format!("{FILE_NAME}-wal"))).unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    assert!(matches!(problem(error), StoreProblem::TooNew { found, .. } if found == SCHEMA_VERSION + 1));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(fs::read(dir.path().join(format!("{FILE_NAME}-wal"))).unwrap(), wal_before);
    drop(newer);
}

#[test]
fn a_full_disk_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let mut store = Store::open(dir.path()).unwrap();
    let pages: i64 = store.connection.query_row("PRAGMA page_count", [], |row| row.get(0)).unwrap();
    store.connection.pragma_update(None, "max_page_count", pages).unwrap();
    let long = "x".repeat(100_000);
    let mut failed = None;
    for index in 0..10 {
        let time = Timestamp::from_millis(1_700_000_000_000 + index).unwrap();
        let mut big = review(&deck, &card, time, Rating::Good, SessionKind::Study);
        big.response = &long;
        if let Err(error) = store.record(&big, &scheduler()) {
            failed = Some(error);
            break;
        }
    }
    let error = failed.expect("the database fills up");
    assert_eq!(error.store_problem(), Some(&StoreProblem::DiskFull));
    assert!(error.to_string().contains("the disk is full, so nothing was recorded"), "{error}");
}

#[test]
fn a_lock_held_by_another_program_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let mut store = Store::open(dir.path()).unwrap();
    store.connection.busy_timeout(Duration::from_millis(50)).unwrap();
    let other = Connection::open(dir.path().join(FILE_NAME)).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let error = store
        .record(&review(&deck, &card, at("2026-01-01T09:00:00Z"), Rating::Good, SessionKind::Study), &scheduler())
        .unwrap_err();
    assert!(matches!(error.store_problem(), Some(StoreProblem::Locked { .. })));
    assert!(error.to_string().contains("is locked by another program"), "{error}");
    other.execute_batch("ROLLBACK").unwrap();
}

/// A new store opened while another connection is about to write it in
/// rollback mode (as a second `quiz` creating the same store is): SQLite
/// refuses the switch to WAL without calling the busy handler, so `open`
/// must retry rather than report a lock it never waited for.
#[test]
fn opening_a_new_store_waits_for_a_writer_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let writer = Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        writer.execute_batch("ROLLBACK").unwrap();
    });
    let store = Store::open(dir.path());
    release.join().unwrap();
    let store = store.expect("opening waits for the writer to finish");
    let mode: String = store.connection.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn using_a_deck_from_the_same_place_again_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (deck, _) = ids();
    let place = DeckPlace { origin: "file".to_string(), place: "/decks/a.toml".to_string() };
    let monday = at("2026-03-02T09:00:00Z");
    assert_eq!(store.remember_deck_place(&deck, &place, monday).unwrap(), None);
    let changes = store.connection.total_changes();
    assert_eq!(store.remember_deck_place(&deck, &place, monday.plus(chrono::Duration::days(1))).unwrap(), None);
    assert_eq!(store.connection.total_changes(), changes, "no write when nothing changed");
    let elsewhere = DeckPlace { origin: "file".to_string(), place: "/decks/b.toml".to_string() };
    assert_eq!(store.remember_deck_place(&deck, &elsewhere, monday).unwrap(), Some(place));
}

/// The plan SQLite chooses for `sql`, one line per step.
fn plan(store: &Store, sql: &str) -> String {
    let mut statement = store.connection.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let unbound = std::iter::repeat_n(rusqlite::types::Null, statement.parameter_count());
    let rows = statement.query_map(rusqlite::params_from_iter(unbound), |row| row.get::<_, String>(3)).unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

/// Each hot query is answered from the index meant for it, so a schema change
/// cannot silently turn one into a scan of the review log or the card table.
#[test]
fn hot_queries_use_their_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for (sql, index) in super::queries::PLANNED {
        let plan = plan(&store, sql);
        assert!(plan.contains(index), "{sql}\nwanted {index}, planned:\n{plan}");
        let scans = plan.lines().any(|line| line.starts_with("SCAN") && line != "SCAN CONSTANT ROW");
        assert!(!scans, "{sql}\nscans:\n{plan}");
        // A subquery searching another index can walk as much as a scan.
        let elsewhere = plan.lines().any(|line| line.starts_with("SEARCH") && !line.contains(index));
        assert!(!elsewhere, "{sql}\nsearches another index:\n{plan}");
    }
}

/// A refold finds the reviews a card's undo and rerate events name by uid:
/// walking the card's reviews on review_by_card would read every review row of
/// every card a sync touches, even when no event names one.
#[test]
fn a_refold_finds_the_reviews_events_name_by_uid() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for sql in super::queries::CARD_STANDING {
        let plan = plan(&store, sql);
        assert!(
            plan.lines().next().is_some_and(|line| line.contains("review_by_uid (uid=?)")),
            "{sql}\nplanned:\n{plan}"
        );
        assert!(!plan.contains("review_by_card") && !plan.contains("SCAN"), "{sql}\nplanned:\n{plan}");
    }
}

#[test]
fn an_imported_history_adds_only_what_is_newer_than_the_cards_own_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let other = CardId("other".into());
    let scheduler = scheduler();
    let mut store = Store::open(dir.path()).unwrap();
    let (day1, day2, day3) = (at("2026-01-01T09:00:00Z"), at("2026-01-02T09:00:00Z"), at("2026-01-05T09:00:00Z"));
    let anki = |card, time| review(&deck, card, time, Rating::Good, SessionKind::Anki);
    let first = [anki(&card, day1), anki(&card, day2), anki(&other, day1)];
    let added = store.import_history(&deck, &first, std::slice::from_ref(&other), day3, &scheduler).unwrap();
    assert_eq!(added, HistoryAdded { added: 3, already: 0, older: 0, suspended: 1 });
    // quiz's own review on day 2 + 1 h, then an updated history: day 1 and 2 are here
    // already, a row older than the quiz review is left out, day 3 is added.
    store
        .record(
            &review(&deck, &card, day2.plus(chrono::Duration::hours(1)), Rating::Good, SessionKind::Study),
            &scheduler,
        )
        .unwrap();
    let older = review(&deck, &card, day2.plus(chrono::Duration::minutes(30)), Rating::Again, SessionKind::Anki);
    let updated = [anki(&card, day1), anki(&card, day2), older, anki(&card, day3)];
    let added = store.import_history(&deck, &updated, &[], day3, &scheduler).unwrap();
    assert_eq!(added, HistoryAdded { added: 1, already: 2, older: 1, suspended: 0 });
    let times: Vec<Timestamp> = store
        .reviews(Some(&deck))
        .unwrap()
        .iter()
        .filter(|review| review.card == card)
        .map(|review| review.time)
        .collect();
    assert_eq!(times.len(), 4);
    assert!(store.card(&deck, &other).unwrap().unwrap().suspended);
    let state = store.card(&deck, &card).unwrap().unwrap().state;
    assert_eq!(state.last_review, Some(day3), "the states were rebuilt through the new row");
}
