//! The log as devices share it: every review's unique id and device, the
//! events besides answering, and card states folded in answer order
//! whatever order the log arrived in.

use rusqlite::Connection;

use super::*;

#[test]
fn a_card_is_folded_in_the_order_its_reviews_were_answered_not_recorded() {
    let (deck, card) = ids();
    let scheduler = scheduler();
    let (monday, tuesday) = (at("2026-03-02T09:00:00Z"), at("2026-03-03T09:00:00Z"));
    let (in_order, late) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut expected = Store::open(in_order.path()).unwrap();
    for (time, rating) in [(monday, Rating::Again), (tuesday, Rating::Good)] {
        expected.record(&review(&deck, &card, time, rating, SessionKind::Study), &scheduler).unwrap();
    }
    // Tuesday's answer arrives first (from a device whose clock ran ahead, say).
    let mut store = Store::open(late.path()).unwrap();
    for (time, rating) in [(tuesday, Rating::Good), (monday, Rating::Again)] {
        store.record(&review(&deck, &card, time, rating, SessionKind::Study), &scheduler).unwrap();
    }
    assert_eq!(store.card(&deck, &card).unwrap(), expected.card(&deck, &card).unwrap());
    store.rebuild(&deck, &scheduler).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap(), expected.card(&deck, &card).unwrap(), "and so does a rebuild");
}

#[test]
fn an_undo_or_rerate_that_arrives_before_its_review_applies_once_it_comes() {
    use super::{Change, LogEntry, ReviewRecord};
    let (deck, card) = ids();
    let other_card = CardId("other".into());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let device = uuid::Uuid::now_v7();
    let monday = at("2026-03-02T09:00:00Z");
    let entry = |card: &CardId, minutes: i64, change: Change| LogEntry {
        uid: uuid::Uuid::now_v7(),
        device,
        time: monday.plus(chrono::Duration::minutes(minutes)),
        deck: deck.clone(),
        card: card.clone(),
        change,
    };
    let answer = |rating| {
        Change::Review(ReviewRecord {
            content_hash: "h1".into(),
            rating,
            response: String::new(),
            correct: true,
            duration_ms: 900,
            kind: SessionKind::Study,
        })
    };
    let (undone, rerated) = (entry(&card, 0, answer(Rating::Good)), entry(&other_card, 0, answer(Rating::Again)));
    let undo = entry(&card, 1, Change::Undo { target: undone.uid });
    let rerate =
        entry(&other_card, 1, Change::Rerate { target: rerated.uid, rating: Rating::Easy, previous: Rating::Again });
    let mut exchange = store.exchange().unwrap();
    for entry in [&undo, &rerate, &undone, &rerated] {
        assert!(exchange.add(entry).unwrap());
    }
    assert!(!exchange.add(&undone).unwrap(), "an entry is added once");
    let merged = exchange.finish(|_, _| Ok(scheduler())).unwrap();
    assert_eq!(merged, super::Merged { added: 4, cards: 2 });
    assert_eq!(store.card(&deck, &card).unwrap(), None, "the undone review does not count");
    let reviews = store.reviews(None).unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!((reviews[0].card.clone(), reviews[0].rating), (other_card.clone(), Rating::Easy));
    let expected_dir = tempfile::tempdir().unwrap();
    let mut expected = Store::open(expected_dir.path()).unwrap();
    expected.record(&review(&deck, &other_card, monday, Rating::Easy, SessionKind::Study), &scheduler()).unwrap();
    assert_eq!(store.card(&deck, &other_card).unwrap(), expected.card(&deck, &other_card).unwrap());
    let kept: i64 = store.connection.query_row("SELECT count(*) FROM undone_review", [], |row| row.get(0)).unwrap();
    assert_eq!(kept, 1, "the undone review is kept whole");
}

/// Review `id`'s unique id and its device's UUID.
pub(super) fn uid_and_device(store: &Store, id: i64) -> (uuid::Uuid, uuid::Uuid) {
    let (uid, device): (Vec<u8>, Vec<u8>) = store
        .connection
        .query_row(
            "SELECT review.uid, device.uuid FROM review JOIN device ON device.id = review.device WHERE review.id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    (uuid::Uuid::from_slice(&uid).unwrap(), uuid::Uuid::from_slice(&device).unwrap())
}

/// The Unix milliseconds a UUIDv7 carries.
pub(super) fn uid_millis(uid: &uuid::Uuid) -> u64 {
    assert_eq!(uid.get_version_num(), 7, "{uid}");
    assert_eq!(uid.get_variant(), uuid::Variant::RFC4122, "{uid}");
    let (seconds, nanos) = uid.get_timestamp().unwrap().to_unix();
    seconds * 1000 + u64::from(nanos) / 1_000_000
}

#[test]
fn every_review_gets_a_unique_id_at_its_time_and_the_stores_device() {
    let (first_dir, second_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (deck, card) = ids();
    let scheduler = scheduler();
    let mut store = Store::open(first_dir.path()).unwrap();
    let other = Store::open(second_dir.path()).unwrap();
    let device = store.device().unwrap();
    assert_eq!(device.get_version_num(), 7);
    assert_ne!(device, other.device().unwrap(), "each store is a device of its own");
    let time = at("2026-03-02T09:00:00.250Z");
    let mut uids = std::collections::HashSet::new();
    for kind in [SessionKind::Study, SessionKind::Study, SessionKind::Drill] {
        let (id, _) = store.record(&review(&deck, &card, time, Rating::Good, kind), &scheduler).unwrap();
        let (uid, by) = uid_and_device(&store, id);
        assert_eq!((uid_millis(&uid), by), (1772442000250, device));
        assert!(uids.insert(uid), "the same time never gives the same id");
    }
    let reopened = Store::open(first_dir.path()).unwrap();
    assert_eq!(reopened.device().unwrap(), device, "the device id is kept");
}

/// Turns the store at `dir` back into a version 6 store: no devices, review ids or events.
fn back_to_version_6(dir: &std::path::Path) {
    let connection = Connection::open(dir.join(FILE_NAME)).unwrap();
    connection
        .execute_batch(
            "DROP INDEX review_by_uid; ALTER TABLE review DROP COLUMN uid; ALTER TABLE review DROP COLUMN device;
             DROP TABLE device; DROP TABLE event; DROP TABLE undone_review; DROP TABLE sync_folder;
             DROP TABLE sync_file; PRAGMA user_version = 6;",
        )
        .unwrap();
}

/// Review ids in log order.
fn uids(store: &Store) -> Vec<Vec<u8>> {
    let mut statement = store.connection.prepare("SELECT uid FROM review ORDER BY id").unwrap();
    statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn copies_of_one_store_migrated_apart_give_their_common_history_the_same_ids() {
    let original = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let scheduler = scheduler();
    {
        let mut store = Store::open(original.path()).unwrap();
        let monday = at("2026-03-02T09:00:00Z");
        // Two reviews alike in every field (a script run twice at one --now) stay two reviews.
        for _ in 0..2 {
            store.record(&review(&deck, &card, monday, Rating::Good, SessionKind::Review), &scheduler).unwrap();
        }
        store
            .record(&review(&deck, &card, at("2026-03-03T09:00:00Z"), Rating::Hard, SessionKind::Study), &scheduler)
            .unwrap();
    }
    back_to_version_6(original.path());
    // Copied to two machines, each goes on studying (with a version 6 build) before it migrates.
    let (laptop, desktop) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (copy, rating) in [(&laptop, 1), (&desktop, 4)] {
        std::fs::copy(original.path().join(FILE_NAME), copy.path().join(FILE_NAME)).unwrap();
        Connection::open(copy.path().join(FILE_NAME))
            .unwrap()
            .execute(
                "INSERT INTO review (deck, card, content_hash, time_ms, rating, response, correct, duration_ms, kind, scheduled)
                 VALUES ('deck', 'card', 'h', 1772528400000, ?1, '', 1, 0, 'study', 1)",
                [rating],
            )
            .unwrap();
    }
    let (laptop, desktop) = (Store::open(laptop.path()).unwrap(), Store::open(desktop.path()).unwrap());
    let (on_laptop, on_desktop) = (uids(&laptop), uids(&desktop));
    assert_eq!(on_laptop[..3], on_desktop[..3], "the common history has the same ids on both");
    assert_ne!(on_laptop[3], on_desktop[3], "what each did apart does not");
    assert_ne!(on_laptop[0], on_laptop[1], "identical reviews in one store keep ids of their own");
    assert_ne!(laptop.device().unwrap(), desktop.device().unwrap(), "each migrated store is its own device");
    for uid in on_laptop {
        let uid = uuid::Uuid::from_slice(&uid).unwrap();
        assert_eq!((uid.get_version_num(), uid.get_variant()), (7, uuid::Variant::RFC4122));
    }
}

#[test]
fn what_the_learner_does_besides_answering_is_logged_as_events() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let scheduler = scheduler();
    let mut store = Store::open(dir.path()).unwrap();
    let monday = at("2026-03-02T09:00:00Z");
    let minute = |minutes: i64| monday.plus(chrono::Duration::minutes(minutes));
    let (id, _) = store.record(&review(&deck, &card, monday, Rating::Again, SessionKind::Study), &scheduler).unwrap();
    store.amend_rating(id, Rating::Good, minute(1), &scheduler).unwrap();
    store.set_suspended(&deck, &card, true, minute(2)).unwrap();
    store.set_suspended(&deck, &card, false, minute(3)).unwrap();
    store.bury(&deck, &card, minute(4), at("2026-03-03T04:00:00Z")).unwrap();
    store.mark_leech(&deck, &card, minute(5), true).unwrap();
    type Row = (String, i64, Option<Vec<u8>>, Option<i64>, Option<i64>, Option<i64>);
    let events: Vec<Row> = store
        .connection
        .prepare(
            "SELECT kind, time_ms, target, rating, previous, until_ms FROM event
             JOIN device ON device.id = event.device AND device.this = 1 WHERE deck = 'deck' AND card = 'card' ORDER BY event.id",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (uid, _) = uid_and_device(&store, id);
    let plain = |kind: &str, minutes: i64| (kind.to_string(), minute(minutes).millis(), None, None, None, None);
    assert_eq!(
        events,
        [
            ("rerate".to_string(), minute(1).millis(), Some(uid.as_bytes().to_vec()), Some(3), Some(1), None),
            plain("suspend", 2),
            plain("unsuspend", 3),
            ("bury".to_string(), minute(4).millis(), None, None, None, Some(at("2026-03-03T04:00:00Z").millis())),
            plain("leech", 5),
            plain("suspend", 5),
        ]
    );
    let flagged = store.card(&deck, &card).unwrap().unwrap();
    assert_eq!((flagged.suspended, flagged.leech_since), (true, Some(minute(5))), "the flags are the events' cache");
}

#[test]
fn a_card_row_that_says_nothing_is_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let mut store = Store::open(dir.path()).unwrap();
    let monday = at("2026-03-02T09:00:00Z");
    store.set_suspended(&deck, &card, false, monday).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap(), None, "unsuspending a new card leaves it as it was");
    store.set_suspended(&deck, &card, true, monday).unwrap();
    assert!(store.card(&deck, &card).unwrap().unwrap().suspended);
    store.set_suspended(&deck, &card, false, monday).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap(), None);
    // A leech mark is something to say: its row stays through an undo.
    let (id, _) = store.record(&review(&deck, &card, monday, Rating::Again, SessionKind::Study), &scheduler()).unwrap();
    store.mark_leech(&deck, &card, monday, false).unwrap();
    store.undo_review(id, monday, &scheduler()).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap().unwrap().leech_since, Some(monday));
}

#[test]
fn entries_of_one_card_at_one_millisecond_fold_in_the_order_they_were_made() {
    let dir = tempfile::tempdir().unwrap();
    let (deck, card) = ids();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-03-02T09:00:00Z");
    // A script run at one --now: the fold must not toss a coin over equal times.
    for _ in 0..20 {
        for rating in [Rating::Again, Rating::Easy] {
            store.record(&review(&deck, &card, now, rating, SessionKind::Review), &scheduler()).unwrap();
        }
        store.set_suspended(&deck, &card, true, now).unwrap();
        store.set_suspended(&deck, &card, false, now).unwrap();
    }
    let recorded = store.card(&deck, &card).unwrap().unwrap();
    assert!(!recorded.suspended, "the unsuspend came last");
    store.rebuild(&deck, &scheduler()).unwrap();
    assert_eq!(store.card(&deck, &card).unwrap().unwrap(), recorded, "a replay folds them as they were made");
    let times: Vec<(Timestamp, Rating)> =
        store.reviews(None).unwrap().iter().map(|review| (review.time, review.rating)).collect();
    let mut statement = store.connection.prepare("SELECT rating FROM review ORDER BY time_ms, uid").unwrap();
    let by_uid: Vec<Rating> = statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(by_uid, times.iter().map(|(_, rating)| *rating).collect::<Vec<_>>());
}
