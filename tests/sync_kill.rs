//! `quiz sync` and `quiz merge` killed with SIGKILL at any moment — before
//! they start, while they append to the sync folder, while they hold the
//! store's write transaction, after they are done — lose nothing and double
//! nothing. Two devices take turns through 160 kills, with new answers in
//! between and appends cut short mid-line as a kill inside `write` leaves
//! them; then both sync to the end. Each store then holds every review,
//! taken-back review and event either device recorded, each once; every sync
//! file holds each entry once, in complete lines; and both stores fold every
//! card to the same state, the one a replay of the log gives.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Env;
use quiz::clock::Timestamp;
use quiz::deck::{CardId, DeckId};
use quiz::schedule::{Rating, Scheduler, SchedulerConfig};
use quiz::store::{NewReview, SessionKind, Store};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::OptionalExtension;
use serde_json::Value;
use uuid::Uuid;

/// The bundled deck: its cards exist without a deck file.
const DECK: &str = "asyncio";
/// Kills, each of a sync or a merge.
const TRIALS: usize = 160;
/// Each device gets a new batch of history every this many trials, so that
/// there is often a long file to append to and a long one to read.
const TRIALS_PER_BATCH: usize = 8;
/// Reviews in each device's batch (plus a few events).
const BATCH_REVIEWS: usize = 1000;
/// The generator's seed: the same trials every run (the kills land where the
/// machine's speed puts them). `SYNC_KILL_SEED=n` tries others.
const SEED: u64 = 0x5EED_0017;

/// One device: its own home, config and data folder.
struct Device {
    name: &'static str,
    env: Env,
    /// When its next answer is given: each device answers on its own beat,
    /// between the other's, so both logs interleave on the same cards.
    clock: Timestamp,
}

impl Device {
    fn new(name: &'static str, clock: Timestamp) -> Device {
        let device = Device { name, env: Env::new(), clock };
        std::fs::create_dir_all(device.scratch()).unwrap();
        device
    }

    fn store_file(&self) -> PathBuf {
        self.env.data_dir().join("progress.sqlite3")
    }

    /// Where its processes put temporary files (a killed merge leaves its snapshot there).
    fn scratch(&self) -> PathBuf {
        self.env.home.path().join("tmp")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.env.process();
        command.args(args).env("TMPDIR", self.scratch()).stdin(Stdio::null());
        command
    }

    /// Runs `quiz args…` to the end; it must succeed.
    fn run(&self, args: &[&str]) -> String {
        let output = self.command(args).output().expect("quiz runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{}: quiz {}\n{stderr}", self.name, args.join(" "));
        String::from_utf8(output.stdout).expect("UTF-8")
    }

    /// The time of its next answer.
    fn tick(&mut self) -> Timestamp {
        let now = self.clock;
        self.clock = now.plus(chrono::Duration::minutes(1));
        now
    }

    /// The uids of its store's log, table by table (none before it has a store).
    fn log(&self) -> Log {
        if !self.store_file().exists() {
            return Log::default();
        }
        let connection = rusqlite::Connection::open(self.store_file()).unwrap();
        let read = |table: &str| -> BTreeSet<Uuid> {
            let mut statement = connection.prepare(&format!("SELECT uid FROM {table}")).unwrap();
            let rows = statement.query_map([], |row| row.get::<_, Vec<u8>>(0)).unwrap();
            rows.map(|bytes| Uuid::from_slice(&bytes.unwrap()).expect("a 16-byte uid")).collect()
        };
        Log { reviews: read("review"), undone: read("undone_review"), events: read("event") }
    }

    /// Rows of its store's log whose uid another row of the same table has.
    fn doubled_rows(&self) -> Vec<(&'static str, i64)> {
        let connection = rusqlite::Connection::open(self.store_file()).unwrap();
        ["review", "undone_review", "event"]
            .into_iter()
            .map(|table| {
                let sql = format!("SELECT count(*) - count(DISTINCT uid) FROM {table}");
                (table, connection.query_row(&sql, [], |row| row.get(0)).unwrap())
            })
            .filter(|&(_, doubled)| doubled != 0)
            .collect()
    }

    /// Does `what` to this device and adds the entries it made to `recorded`.
    fn record(&mut self, recorded: &mut Log, what: impl FnOnce(&mut Device)) {
        let before = self.log();
        what(self);
        recorded.add_new(&self.log(), &before);
    }

    /// How much of its sync file `path` its store counts as written.
    fn committed_bytes(&self, path: &Path) -> u64 {
        let connection = rusqlite::Connection::open(self.store_file()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let bytes: Option<i64> = connection
            .query_row("SELECT read_bytes FROM sync_file WHERE name = ?1", [name], |row| row.get(0))
            .optional()
            .unwrap();
        bytes.map_or(0, |bytes| bytes as u64)
    }

    /// Its device id (its sync file's name); nil before it has a store.
    fn device_id(&self) -> Uuid {
        if !self.store_file().exists() {
            return Uuid::nil();
        }
        let connection = rusqlite::Connection::open(self.store_file()).unwrap();
        let bytes: Vec<u8> =
            connection.query_row("SELECT uuid FROM device WHERE this = 1", [], |row| row.get(0)).unwrap();
        Uuid::from_slice(&bytes).unwrap()
    }

    /// Its cards as `quiz cards --json` shows them at a fixed moment.
    fn cards(&self) -> Value {
        serde_json::from_str(&self.run(&["cards", "--deck", DECK, "--json", "--now", "2030-01-01T00:00:00Z"])).unwrap()
    }
}

/// The uids of a log, table by table: reviews that count, reviews taken
/// back, events.
#[derive(Debug, Default, PartialEq)]
struct Log {
    reviews: BTreeSet<Uuid>,
    undone: BTreeSet<Uuid>,
    events: BTreeSet<Uuid>,
}

impl Log {
    /// Adds what `after` holds and `before` did not.
    fn add_new(&mut self, after: &Log, before: &Log) {
        self.reviews.extend(after.reviews.difference(&before.reviews));
        self.undone.extend(after.undone.difference(&before.undone));
        self.events.extend(after.events.difference(&before.events));
    }

    fn all(&self) -> BTreeSet<Uuid> {
        self.reviews.iter().chain(&self.undone).chain(&self.events).copied().collect()
    }
}

/// Adds a batch of history to `device`'s store through the library (fast):
/// `BATCH_REVIEWS` answers spread over the deck's cards, then a review taken
/// back, a rating changed, a card suspended and another unsuspended, one
/// buried and one marked a leech.
fn add_history(device: &mut Device, cards: &[CardId], rng: &mut ChaCha8Rng) {
    let deck = DeckId(DECK.to_string());
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let ratings = [Rating::Again, Rating::Hard, Rating::Good, Rating::Good, Rating::Easy];
    let mut answers: Vec<(usize, Timestamp, Rating)> = (0..BATCH_REVIEWS)
        .map(|_| (rng.gen_range(0..cards.len()), device.tick(), ratings[rng.gen_range(0..ratings.len())]))
        .collect();
    // The store takes each card's answers in time order.
    answers.sort_by_key(|&(card, time, _)| (card, time));
    let reviews: Vec<NewReview<'_>> = answers
        .iter()
        .map(|&(card, time, rating)| answer(&deck, &cards[card], time, rating, SessionKind::Review))
        .collect();
    let mut store = Store::open(&device.env.data_dir()).unwrap();
    let added = store.import_history(&deck, &reviews, &[], Timestamp::EPOCH, &scheduler).unwrap();
    assert_eq!(added.added, BATCH_REVIEWS, "{}: every answer of the batch is new", device.name);

    let pick = |rng: &mut ChaCha8Rng| &cards[rng.gen_range(0..cards.len())];
    let taken_back = pick(rng);
    let time = device.tick();
    let (id, _) =
        store.record(&answer(&deck, taken_back, time, Rating::Again, SessionKind::Study), &scheduler).unwrap();
    store.undo_review(id, device.tick(), &scheduler).unwrap();
    let rerated = pick(rng);
    let time = device.tick();
    let (id, _) = store.record(&answer(&deck, rerated, time, Rating::Again, SessionKind::Study), &scheduler).unwrap();
    store.amend_rating(id, Rating::Hard, device.tick(), &scheduler).unwrap();
    store.set_suspended(&deck, pick(rng), true, device.tick()).unwrap();
    let suspended_then_not = pick(rng);
    store.set_suspended(&deck, suspended_then_not, true, device.tick()).unwrap();
    store.set_suspended(&deck, suspended_then_not, false, device.tick()).unwrap();
    let buried_at = device.tick();
    store.bury(&deck, pick(rng), buried_at, buried_at.plus(chrono::Duration::hours(20))).unwrap();
    store.mark_leech(&deck, pick(rng), device.tick(), false).unwrap();
}

fn answer<'a>(deck: &'a DeckId, card: &'a CardId, time: Timestamp, rating: Rating, kind: SessionKind) -> NewReview<'a> {
    NewReview {
        deck,
        card,
        content_hash: "h",
        time,
        rating,
        // Two lines and multi-byte characters: a cut can land inside one.
        response: "an answer of two lines,\nκαι δύο γραμμές — 두 줄 ✓",
        correct: rating != Rating::Again,
        duration_ms: 4000,
        kind,
    }
}

/// A few answers through the binary, as a learner gives them between syncs.
fn answer_through_the_binary(device: &mut Device, cards: &[CardId], rng: &mut ChaCha8Rng) {
    for _ in 0..rng.gen_range(1..=3) {
        let card = &cards[rng.gen_range(0..cards.len())].0;
        let rating = ["again", "hard", "good", "easy"][rng.gen_range(0..4)];
        let now = device.tick().rfc3339();
        device.run(&["review", "--deck", DECK, "--card", card, "--rating", rating, "--now", &now]);
    }
}

/// When a trial's kill comes.
#[derive(Clone, Copy, Debug)]
enum Kill {
    /// Right after the process is started.
    AtOnce,
    /// This long after it is started (it may be done by then).
    After(Duration),
    /// Once the device's sync file has grown by this many bytes: in the
    /// middle of an append, or after it. Lines go out 64 KiB at a time, each
    /// a `write` of whole lines, so only a kill inside the `write` tears one:
    /// the file is watched without a pause.
    WhileAppending(u64),
    /// After it has finished.
    WhenDone,
}

/// A file's length (0 while it does not exist).
fn length(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}

/// Draws when to kill the next run: at once, when it is done, mid-append
/// (syncs only), or after a delay spread log-uniformly up to twice the
/// longest run seen so far (most runs are short, a few are long).
fn draw_kill(rng: &mut ChaCha8Rng, merge: bool, longest: Duration) -> Kill {
    match rng.gen_range(0..10) {
        0 => Kill::AtOnce,
        1 => Kill::WhenDone,
        2..=4 if !merge => Kill::WhileAppending(1 << rng.gen_range(0..20)),
        _ => {
            let (low, high) = (1e-4_f64.ln(), (2.0 * longest.as_secs_f64()).max(1e-3).ln());
            Kill::After(Duration::from_secs_f64(rng.gen_range(low..high).exp()))
        }
    }
}

/// Waits for `child` to end on its own or kills it as `kill` says; returns
/// how long it ran when it finished before the kill.
fn kill(mut child: Child, kill: Kill, sync_file: &Path) -> Option<Duration> {
    let started = Instant::now();
    let mut finished = None;
    let mut exited = |child: &mut Child| {
        let exited = child.try_wait().unwrap().is_some();
        if exited && finished.is_none() {
            finished = Some(started.elapsed());
        }
        exited
    };
    match kill {
        Kill::AtOnce => {}
        Kill::After(delay) => {
            while !exited(&mut child) && started.elapsed() < delay {
                std::thread::sleep((delay.saturating_sub(started.elapsed())).min(Duration::from_micros(500)));
            }
        }
        Kill::WhileAppending(growth) => {
            let start = length(sync_file);
            while !exited(&mut child) && length(sync_file) < start + growth {
                std::hint::spin_loop();
            }
        }
        Kill::WhenDone => {
            while !exited(&mut child) {
                std::thread::sleep(Duration::from_micros(500));
            }
        }
    }
    // Killing a process that has exited (but is not reaped yet) does nothing.
    let _ = child.kill();
    let status = child.wait().unwrap();
    if status.code().is_some_and(|code| code != 0) {
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            pipe.read_to_string(&mut stderr).unwrap();
        }
        panic!("it failed ({status}) before the kill:\n{stderr}");
    }
    finished.filter(|_| status.success())
}

/// The sync files whose last line is cut short, with their lengths.
fn torn_files(folder: &Path) -> BTreeSet<(PathBuf, u64)> {
    let Ok(entries) = std::fs::read_dir(folder) else { return BTreeSet::new() };
    entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "jsonl"))
        .map(|path| {
            let length = length(&path);
            (path, length)
        })
        .filter(|(path, length)| end_of_lines(path) < *length)
        .collect()
}

/// Where the last complete line of a file ends (0 while it does not exist).
fn end_of_lines(path: &Path) -> u64 {
    let Ok(mut file) = std::fs::File::open(path) else { return 0 };
    let length = file.metadata().unwrap().len();
    // Lines are shorter than this: the last `\n` is in the tail.
    let tail = length.min(1 << 16);
    file.seek(SeekFrom::Start(length - tail)).unwrap();
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes.iter().rposition(|&byte| byte == b'\n').map_or(0, |end| length - tail + end as u64 + 1)
}

/// Where a sync file's header line ends (0 while it is not complete).
fn header_end(path: &Path) -> u64 {
    let Ok(file) = std::fs::File::open(path) else { return 0 };
    let mut header = Vec::new();
    BufReader::new(file).take(1 << 12).read_until(b'\n', &mut header).unwrap();
    match header.last() {
        Some(b'\n') => header.len() as u64,
        _ => 0,
    }
}

/// A sync file's lines: each must be complete JSON with its `\n`, and none
/// may repeat an entry. Returns the entries' uids.
fn file_entries(path: &Path) -> BTreeSet<Uuid> {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(text.ends_with('\n'), "{name}: the last line is not complete: {:?}", text.lines().last());
    let mut uids = BTreeSet::new();
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let json: Value = serde_json::from_str(line.trim_end_matches('\n'))
            .unwrap_or_else(|error| panic!("{name}:{}: not JSON ({error}): {line:?}", number + 1));
        if number == 0 {
            assert!(json.get("quiz_sync").is_some(), "{name}: the first line is the header: {line}");
            continue;
        }
        let uid = Uuid::parse_str(json["uid"].as_str().expect("a uid")).unwrap();
        assert!(uids.insert(uid), "{name}:{}: entry {uid} written twice", number + 1);
    }
    uids
}

#[test]
fn killed_syncs_and_merges_lose_nothing_and_double_nothing() {
    let started = Instant::now();
    let seed = std::env::var("SYNC_KILL_SEED").map_or(SEED, |seed| seed.parse().expect("SYNC_KILL_SEED: a number"));
    eprintln!("seed {seed}");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (_, deck, _) = quiz::deck::open(DECK, None).expect("the bundled deck");
    let cards: Vec<CardId> = deck.cards.iter().map(|card| card.id.clone()).collect();
    let folder = tempfile::TempDir::new().unwrap();
    let sync_dir = folder.path().join("sync");
    let sync_arg = sync_dir.display().to_string();
    let base: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
    let mut devices = [Device::new("A", base), Device::new("B", base.plus(chrono::Duration::seconds(30)))];
    let mut recorded = Log::default();
    let mut longest = Duration::from_millis(50);
    // Runs that finished before their kill; kills that left a line cut
    // short; appends cut short as a kill inside `write` would.
    let (mut finished, mut torn, mut cut_short) = (0, 0, 0);

    for trial in 0..TRIALS {
        if trial % TRIALS_PER_BATCH == 0 {
            // A new batch a week after the last one, on both devices.
            let batch_start = base.plus(chrono::Duration::weeks((trial / TRIALS_PER_BATCH) as i64));
            for (index, device) in devices.iter_mut().enumerate() {
                device.clock = device.clock.max(batch_start.plus(chrono::Duration::seconds(30 * index as i64)));
                device.record(&mut recorded, |device| add_history(device, &cards, &mut rng));
            }
        }
        let (this, other) = (&devices[trial % 2], &devices[1 - trial % 2]);
        let merge = rng.gen_ratio(1, 6);
        let other_store = other.store_file().display().to_string();
        let args = match merge {
            true => ["merge", other_store.as_str()].to_vec(),
            false => ["sync", "--dir", sync_arg.as_str()].to_vec(),
        };
        let when = draw_kill(&mut rng, merge, longest);
        let sync_file = sync_dir.join(format!("{}.jsonl", this.device_id()));
        let (torn_before, lines_before, length_before) =
            (torn_files(&sync_dir), end_of_lines(&sync_file), length(&sync_file));
        let child = this.command(&args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let ran = kill(child, when, &sync_file);
        eprintln!("{trial:3} {} {:5} {when:?} {ran:?}", this.name, args[0]);
        if let Some(ran) = ran {
            finished += 1;
            longest = longest.max(ran);
        }
        torn += usize::from(!torn_files(&sync_dir).is_subset(&torn_before));
        // A kill rarely lands inside a `write`: half the time, cut what the
        // killed run appended and did not commit where such a kill would have.
        let (cut, cut_at) = (rng.gen_ratio(1, 2), rng.gen::<f64>());
        if ran.is_none() && cut {
            let uncommitted = lines_before.max(header_end(&sync_file)).max(this.committed_bytes(&sync_file));
            let end = length(&sync_file);
            if end != length_before && end > uncommitted + 1 {
                let at = uncommitted + 1 + ((end - uncommitted - 1) as f64 * cut_at) as u64;
                std::fs::OpenOptions::new().write(true).open(&sync_file).unwrap().set_len(at).unwrap();
                eprintln!("    cut {} at byte {at} of {end}", sync_file.file_name().unwrap().to_string_lossy());
                cut_short += 1;
            }
        }
        if rng.gen_ratio(1, 3) {
            devices[trial % 2].record(&mut recorded, |device| answer_through_the_binary(device, &cards, &mut rng));
        }
    }

    for device in [0, 1, 0, 1] {
        devices[device].run(&["sync", "--dir", &sync_arg]);
    }
    eprintln!(
        "{TRIALS} trials: {finished} finished before the kill, {torn} kills left a torn line, {cut_short} appends cut \
         short; {:.1?}",
        started.elapsed()
    );

    // (1) and (2): each store holds exactly what either device recorded, each once.
    for device in &devices {
        assert_eq!(device.doubled_rows(), [], "{}: no uid twice in a table", device.name);
        let log = device.log();
        assert!(log.reviews.is_disjoint(&log.undone), "{}: no review both counts and is taken back", device.name);
        assert_eq!(log, recorded, "{}: holds exactly what was recorded", device.name);
    }
    // (4) and (2): every line complete, no entry twice in a file; the files
    // together carry the whole log.
    let mut in_files = BTreeSet::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&sync_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "jsonl"))
        .collect();
    names.sort();
    for path in &names {
        in_files.extend(file_entries(path));
    }
    assert_eq!(in_files, recorded.all(), "the sync files carry every entry");
    // (3): both fold every card alike.
    let a = card_map(devices[0].cards());
    assert_eq!(card_map(devices[1].cards()), a, "A and B fold the cards alike");
    // … to the states a replay of the whole log gives.
    devices[1].run(&["rebuild", "--deck", DECK]);
    assert_eq!(card_map(devices[1].cards()), a, "the folded states are the replay of the log");
    assert!(torn + cut_short > 0, "no torn line was ever read: the test proved less than it says");
}

fn card_map(cards: Value) -> BTreeMap<String, Value> {
    cards.as_array().unwrap().iter().map(|card| (card["id"].as_str().unwrap().to_string(), card.clone())).collect()
}
