//! Any order of syncs converges: random histories on 2–4 simulated devices
//! (reviews, undos, rerates, suspends, unsuspends, burials, leech marks), with
//! syncs through one folder in a random order interleaved with them, end —
//! once every device has synced twice more — with every device holding the
//! card states and flags a single store gets by doing everything they did in
//! time order through the ordinary write path. (2,000 cases pass; CI runs 96.)

use std::path::Path;

use proptest::prelude::*;
use quiz::clock::Timestamp;
use quiz::deck::{CardId, DeckId};
use quiz::schedule::{Rating, Scheduler, SchedulerConfig};
use quiz::store::{NewReview, SessionKind, Store, StoredCard};

/// What one device does at one moment.
#[derive(Clone, Debug)]
enum Act {
    Review {
        card: usize,
        rating: Rating,
    },
    /// Takes back the `pick`-th (modulo) review this device can see.
    Undo {
        pick: usize,
    },
    /// Changes the rating of the `pick`-th (modulo) review this device can see.
    Rerate {
        pick: usize,
        rating: Rating,
    },
    Suspend {
        card: usize,
        suspended: bool,
    },
    Bury {
        card: usize,
    },
    Leech {
        card: usize,
    },
    Sync,
}

const CARDS: usize = 3;

fn act() -> impl Strategy<Value = Act> {
    let rating = prop_oneof![Just(Rating::Again), Just(Rating::Hard), Just(Rating::Good), Just(Rating::Easy)];
    prop_oneof![
        6 => (0..CARDS, rating.clone()).prop_map(|(card, rating)| Act::Review { card, rating }),
        1 => any::<usize>().prop_map(|pick| Act::Undo { pick }),
        1 => (any::<usize>(), rating).prop_map(|(pick, rating)| Act::Rerate { pick, rating }),
        1 => (0..CARDS, any::<bool>()).prop_map(|(card, suspended)| Act::Suspend { card, suspended }),
        1 => (0..CARDS).prop_map(|card| Act::Bury { card }),
        1 => (0..CARDS).prop_map(|card| Act::Leech { card }),
        3 => Just(Act::Sync),
    ]
}

/// A history: how many devices, and what each does when (the gaps in minutes
/// between moments, so that all times differ and their order is the index).
fn history() -> impl Strategy<Value = (usize, Vec<(usize, Act, u32)>)> {
    (2..=4usize).prop_flat_map(|devices| (Just(devices), prop::collection::vec((0..devices, act(), 1..3000u32), 1..40)))
}

fn deck() -> DeckId {
    DeckId("deck".into())
}

fn card(index: usize) -> CardId {
    CardId(format!("card-{index}"))
}

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig::default()).unwrap()
}

fn review_at<'a>(deck: &'a DeckId, card: &'a CardId, time: Timestamp, rating: Rating) -> NewReview<'a> {
    NewReview {
        deck,
        card,
        content_hash: "h",
        time,
        rating,
        response: "",
        correct: true,
        duration_ms: 1000,
        kind: SessionKind::Study,
    }
}

/// The reviews a store holds (that count), by their time: every moment of a
/// history is unique, so the time names a review on every device.
fn reviews_by_time(store: &Store) -> Vec<(Timestamp, i64)> {
    store.reviews(None).unwrap().iter().map(|review| (review.time, review.id)).collect()
}

fn sync(store: &mut Store, folder: &Path, now: Timestamp) {
    quiz::sync::sync_folder(store, folder, now, |_, _| Ok(scheduler())).unwrap();
}

/// Everything a device can act on besides its reviews: (deck, card) → state and flags.
fn cards(store: &Store) -> Vec<(CardId, StoredCard)> {
    let mut cards: Vec<_> = store.cards(&deck()).unwrap().into_iter().collect();
    cards.sort_by(|a, b| a.0.cmp(&b.0));
    cards
}

/// Does `act` at `time` on `store`. Undo and rerate pick among the reviews
/// it can see; returns the moment of the review they acted on, so the
/// single store can do the same.
fn perform(store: &mut Store, act: &Act, time: Timestamp) -> Option<Timestamp> {
    let (deck, scheduler) = (deck(), scheduler());
    match act {
        Act::Review { card: index, rating } => {
            store.record(&review_at(&deck, &card(*index), time, *rating), &scheduler).unwrap();
            None
        }
        Act::Undo { pick } | Act::Rerate { pick, .. } => {
            let seen = reviews_by_time(store);
            if seen.is_empty() {
                return None;
            }
            let (target, id) = seen[pick % seen.len()];
            match act {
                Act::Rerate { rating, .. } => {
                    store.amend_rating(id, *rating, time, &scheduler).unwrap();
                }
                _ => {
                    store.undo_review(id, time, &scheduler).unwrap();
                }
            }
            Some(target)
        }
        Act::Suspend { card: index, suspended } => {
            store.set_suspended(&deck, &card(*index), *suspended, time).unwrap();
            None
        }
        Act::Bury { card: index } => {
            store.bury(&deck, &card(*index), time, time.plus(chrono::Duration::days(1))).unwrap();
            None
        }
        Act::Leech { card: index } => {
            store.mark_leech(&deck, &card(*index), time, true).unwrap();
            None
        }
        Act::Sync => None,
    }
}

/// The same act on the single store: an undo or rerate of a review another
/// device already took back is a no-op there, as its event is in a merge.
fn replay(store: &mut Store, act: &Act, time: Timestamp, target: Option<Timestamp>) {
    let scheduler = scheduler();
    match (act, target) {
        (Act::Undo { .. } | Act::Rerate { .. }, Some(target)) => {
            let found = reviews_by_time(store).into_iter().find(|(time, _)| *time == target);
            let Some((_, id)) = found else { return };
            match act {
                Act::Rerate { rating, .. } => {
                    store.amend_rating(id, *rating, time, &scheduler).unwrap();
                }
                _ => {
                    store.undo_review(id, time, &scheduler).unwrap();
                }
            }
        }
        (Act::Undo { .. } | Act::Rerate { .. }, None) | (Act::Sync, _) => {}
        (act, _) => {
            perform(store, act, time);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn devices_syncing_in_any_order_converge_to_the_single_store_replay((devices, acts) in history()) {
        let folder = tempfile::tempdir().unwrap();
        let homes: Vec<_> = (0..devices).map(|_| tempfile::tempdir().unwrap()).collect();
        let mut stores: Vec<Store> = homes.iter().map(|home| Store::open(home.path()).unwrap()).collect();
        let single_home = tempfile::tempdir().unwrap();
        let mut single = Store::open(single_home.path()).unwrap();
        let mut time: Timestamp = "2026-03-02T09:00:00Z".parse().unwrap();
        let mut done = Vec::new();
        for (device, act, gap) in &acts {
            time = time.plus(chrono::Duration::minutes(i64::from(*gap)));
            match act {
                Act::Sync => sync(&mut stores[*device], folder.path(), time),
                act => {
                    let target = perform(&mut stores[*device], act, time);
                    done.push((act.clone(), time, target));
                }
            }
        }
        for _ in 0..2 {
            for store in &mut stores {
                time = time.plus(chrono::Duration::minutes(1));
                sync(store, folder.path(), time);
            }
        }
        for (act, time, target) in &done {
            replay(&mut single, act, *time, *target);
        }
        let expected = cards(&single);
        for (device, store) in stores.iter().enumerate() {
            prop_assert_eq!(&cards(store), &expected, "device {} of {}", device, devices);
            let times = |store: &Store| {
                let mut times: Vec<Timestamp> = reviews_by_time(store).into_iter().map(|(time, _)| time).collect();
                times.sort();
                times
            };
            prop_assert_eq!(times(store), times(&single), "device {} holds the reviews that count", device);
        }
    }
}
