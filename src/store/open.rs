//! Opening the progress database: recognising the file before anything could
//! write to it, telling apart why it cannot be used, and migrating it forward.
//!
//! The order matters. The file's header is read first (without SQLite); then
//! SQLite opens it and reads, inside a read transaction, its application id,
//! schema version and tables — which sees a newer version still sitting in an
//! un-checkpointed WAL. Only a file recognised as ours (or a new, empty one)
//! is switched to WAL mode and migrated: another program's file is left byte
//! for byte as it was.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::Located;
use crate::error::{Error, Result, StoreProblem};
use crate::schedule::CardState;

/// The schema this build writes. Older databases are migrated forward.
pub const SCHEMA_VERSION: i64 = 7;

/// `PRAGMA application_id` of a quiz database: "QUIZ" in ASCII.
pub const APPLICATION_ID: i32 = 0x5155_495A;

/// How long to wait for another writer before reporting the database locked,
/// unless `QUIZ_LOCK_TIMEOUT_MS` says otherwise.
const DEFAULT_LOCK_TIMEOUT_MS: u64 = 10_000;

/// The tables a version-1 database (which had no application id) has.
const V1_TABLES: [&str; 3] = ["review", "card_state", "exam"];

/// The lock timeout in milliseconds.
pub fn lock_timeout_ms() -> u64 {
    std::env::var("QUIZ_LOCK_TIMEOUT_MS").ok().and_then(|value| value.parse().ok()).unwrap_or(DEFAULT_LOCK_TIMEOUT_MS)
}

/// The store error for `problem` at `path`.
pub fn failure(path: &Path, problem: StoreProblem) -> Error {
    Error::Store { path: path.to_path_buf(), problem }
}

/// What an SQLite error means for the user.
pub fn classify(path: &Path, error: &rusqlite::Error) -> StoreProblem {
    match error {
        rusqlite::Error::SqliteFailure(failure, message) => {
            let detail = message.clone().unwrap_or_else(|| failure.to_string());
            match failure.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                    StoreProblem::Locked { waited_ms: lock_timeout_ms() }
                }
                ErrorCode::DiskFull => StoreProblem::DiskFull,
                ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen => {
                    write_problem(path).unwrap_or(StoreProblem::Other(detail))
                }
                ErrorCode::DatabaseCorrupt => StoreProblem::Damaged(detail),
                ErrorCode::NotADatabase => StoreProblem::Damaged("SQLite cannot read it as a database".to_string()),
                _ => StoreProblem::Other(detail),
            }
        }
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::IntegralValueOutOfRange(..)
        | rusqlite::Error::InvalidColumnType(..) => {
            StoreProblem::Damaged(format!("a stored value is unreadable: {error}"))
        }
        other => StoreProblem::Other(other.to_string()),
    }
}

/// Why `path` (or its folder) cannot be written, if the operating system says so.
#[cfg(unix)]
pub fn write_problem(path: &Path) -> Option<StoreProblem> {
    use std::os::unix::ffi::OsStrExt;
    let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    for candidate in [path, folder] {
        if !candidate.exists() {
            continue;
        }
        let name = std::ffi::CString::new(candidate.as_os_str().as_bytes()).ok()?;
        // SAFETY: a valid NUL-terminated path.
        if unsafe { libc::access(name.as_ptr(), libc::W_OK) } != 0 {
            return Some(match std::io::Error::last_os_error().raw_os_error() {
                Some(libc::EROFS) => StoreProblem::ReadOnly,
                _ => StoreProblem::PermissionDenied,
            });
        }
    }
    None
}

/// Why `path` cannot be written: not known on this platform.
#[cfg(not(unix))]
pub fn write_problem(path: &Path) -> Option<StoreProblem> {
    let read_only = fs::metadata(path).map(|metadata| metadata.permissions().readonly()).unwrap_or(false);
    read_only.then_some(StoreProblem::PermissionDenied)
}

/// The problem for an I/O error on `path`.
pub fn io_problem(path: &Path, error: &std::io::Error) -> StoreProblem {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => write_problem(path).unwrap_or(StoreProblem::PermissionDenied),
        std::io::ErrorKind::ReadOnlyFilesystem => StoreProblem::ReadOnly,
        std::io::ErrorKind::StorageFull => StoreProblem::DiskFull,
        _ => StoreProblem::Other(error.to_string()),
    }
}

/// What the file's first 100 bytes say, read without SQLite.
enum Header {
    /// No file, or an empty one: a new database.
    New,
    /// An SQLite database with this application id and schema version.
    Sqlite { application_id: i32, version: i64 },
}

fn read_header(path: &Path) -> Result<Header> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Header::New),
        Err(error) => return Err(failure(path, io_problem(path, &error))),
    };
    if !metadata.is_file() {
        return Err(failure(path, StoreProblem::NotAStore("it is not a regular file".to_string())));
    }
    if metadata.len() == 0 {
        return Ok(Header::New);
    }
    let mut header = [0u8; 100];
    let mut file = fs::File::open(path).map_err(|error| failure(path, io_problem(path, &error)))?;
    if file.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
        return Err(failure(path, StoreProblem::Damaged("it does not start with SQLite's header".to_string())));
    }
    let version = i64::from(i32::from_be_bytes([header[60], header[61], header[62], header[63]]));
    let application_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    Ok(Header::Sqlite { application_id, version })
}

/// Whether a database with this application id, version and tables is ours,
/// and whether this build may use it.
fn recognise(path: &Path, application_id: i32, version: i64, tables: &[String]) -> Result<()> {
    let has_v1_tables = V1_TABLES.iter().all(|table| tables.iter().any(|name| name == table));
    let ours = application_id == APPLICATION_ID || (application_id == 0 && has_v1_tables);
    if ours && version > SCHEMA_VERSION {
        return Err(failure(path, StoreProblem::TooNew { found: version, known: SCHEMA_VERSION }));
    }
    if ours || (application_id == 0 && version == 0 && tables.is_empty()) {
        return Ok(());
    }
    let detail = if application_id != 0 {
        format!("it belongs to another application (application id {application_id:#x})")
    } else {
        format!("it is an SQLite database with other tables ({})", crate::text::ellipsize(&tables.join(", "), 80))
    };
    Err(failure(path, StoreProblem::NotAStore(detail)))
}

/// Copies the quiz database at `path` to `into` through SQLite — a consistent
/// snapshot, a WAL's committed pages included — without writing to it. A file
/// that is not a quiz store, or comes from a newer quiz, is refused.
pub fn snapshot(path: &Path, into: &Path) -> Result<()> {
    fs::metadata(path).map_err(|error| Error::io("read", path, error))?;
    if let Header::New = read_header(path)? {
        return Err(failure(path, StoreProblem::NotAStore("it is empty".to_string())));
    }
    let connection =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .at(path)?;
    connection.busy_timeout(Duration::from_millis(lock_timeout_ms())).at(path)?;
    let (_, tables) = recognised(path, &connection)?;
    if tables.is_empty() {
        return Err(failure(path, StoreProblem::NotAStore("it has no tables".to_string())));
    }
    connection.execute("VACUUM INTO ?1", [into.to_string_lossy()]).at(path)?;
    Ok(())
}

/// Reads the database's application id, schema version and tables, and
/// refuses it unless it is ours (or new) and not newer than this build.
/// Returns its version and tables.
fn recognised(path: &Path, connection: &Connection) -> Result<(i64, Vec<String>)> {
    let tables: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
        .at(path)?;
    let application_id: i32 = connection.query_row("PRAGMA application_id", [], |row| row.get(0)).at(path)?;
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0)).at(path)?;
    recognise(path, application_id, version, &tables)?;
    Ok((version, tables))
}

/// Opens, recognises, configures and migrates the database at `path`.
pub fn open(path: &Path) -> Result<Connection> {
    if let Header::Sqlite { application_id, version } = read_header(path)? {
        // Refuse early what the header already shows to be foreign or newer.
        let foreign = application_id != 0 && application_id != APPLICATION_ID;
        if foreign || (application_id == APPLICATION_ID && version > SCHEMA_VERSION) {
            recognise(path, application_id, version, &[])?;
        }
    }
    if let Some(problem) = write_problem(path) {
        return Err(failure(path, problem));
    }
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .at(path)?;
    connection.busy_timeout(Duration::from_millis(lock_timeout_ms())).at(path)?;
    let version = {
        // Everything read here is read in one transaction that writes nothing.
        let transaction = connection.unchecked_transaction().at(path)?;
        let (version, _) = recognised(path, &transaction)?;
        transaction.finish().at(path)?;
        version
    };
    switch_to_wal(path, &connection)?;
    connection.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;").at(path)?;
    // Only an older store takes the write lock to migrate; a current one is used as it is.
    if version < SCHEMA_VERSION {
        migrate(path, &connection)?;
    }
    Ok(connection)
}

/// Puts the database in WAL mode. Switching a new file's journal mode needs
/// every other connection gone, and SQLite reports "busy" at once instead of
/// calling the busy handler, so processes that open a new store together
/// retry here for as long as the lock timeout allows.
fn switch_to_wal(path: &Path, connection: &Connection) -> Result<()> {
    let started = Instant::now();
    let timeout = Duration::from_millis(lock_timeout_ms());
    loop {
        match connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(error) if is_busy(&error) && started.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(error) => return Err(failure(path, classify(path, &error))),
        }
    }
}

/// Whether `error` means another connection holds a lock we need.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(error.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

/// Brings the schema to [`SCHEMA_VERSION`] in one transaction, reading the
/// version again inside it (another process may have migrated meanwhile).
fn migrate(path: &Path, connection: &Connection) -> Result<()> {
    let transaction = rusqlite::Transaction::new_unchecked(connection, TransactionBehavior::Immediate).at(path)?;
    let version: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0)).at(path)?;
    if version > SCHEMA_VERSION {
        return Err(failure(path, StoreProblem::TooNew { found: version, known: SCHEMA_VERSION }));
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    if version < 1 {
        transaction.execute_batch(include_str!("v1.sql")).at(path)?;
    }
    if version < 2 {
        transaction.execute_batch(include_str!("v2.sql")).at(path)?;
        move_states_to_columns(path, &transaction)?;
        transaction.execute_batch("ALTER TABLE review DROP COLUMN state_before;").at(path)?;
    }
    if version < 3 {
        transaction.execute_batch(include_str!("v3.sql")).at(path)?;
    }
    if version < 4 {
        transaction.execute_batch(include_str!("v4.sql")).at(path)?;
    }
    if version < 5 {
        transaction.execute_batch(include_str!("v5.sql")).at(path)?;
    }
    if version < 6 {
        transaction.execute_batch(include_str!("v6.sql")).at(path)?;
    }
    if version < 7 {
        transaction.execute_batch(include_str!("v7.sql")).at(path)?;
        name_this_device_and_its_reviews(path, &transaction)?;
    }
    transaction.pragma_update(None, "user_version", SCHEMA_VERSION).at(path)?;
    transaction.pragma_update(None, "application_id", APPLICATION_ID).at(path)?;
    transaction.commit().at(path)?;
    Ok(())
}

/// Version 7: the store's device id, and a unique id for each review already
/// logged. Those ids are not random: each is a UUIDv7 at the review's time
/// whose other bits hash what the review was (deck, card, time, rating, kind,
/// answer) and which of the store's identical reviews it is. So two copies of
/// one store, migrated apart on two machines, give their common history the
/// same ids, and a later merge counts it once.
fn name_this_device_and_its_reviews(path: &Path, transaction: &rusqlite::Transaction<'_>) -> Result<()> {
    let device = uuid::Uuid::now_v7();
    transaction.execute("INSERT INTO device (uuid, this) VALUES (?1, 1)", [device.as_bytes().as_slice()]).at(path)?;
    let device = transaction.last_insert_rowid();
    transaction
        .create_scalar_function("quiz_legacy_uid", 8, FunctionFlags::SQLITE_DETERMINISTIC, |context| {
            let (deck, card, kind, response): (String, String, String, String) =
                (context.get(0)?, context.get(1)?, context.get(4)?, context.get(6)?);
            let content = super::write::ReviewContent {
                deck: &deck,
                card: &card,
                kind: &kind,
                response: &response,
                time_ms: context.get(2)?,
                rating: context.get(3)?,
                duration_ms: context.get(5)?,
                nth: context.get(7)?,
            };
            Ok(super::write::content_uid(&content).to_vec())
        })
        .at(path)?;
    // One statement: 1.7 s for a million reviews, where an UPDATE a row took 7 s.
    let named = transaction.execute(
        "UPDATE review SET device = ?1, uid = quiz_legacy_uid(deck, card, time_ms, rating, kind, duration_ms, response, nth)
         FROM (SELECT id AS row, row_number() OVER (
                   PARTITION BY deck, card, time_ms, rating, kind, duration_ms, response ORDER BY id) AS nth
               FROM review WHERE uid IS NULL) AS occurrence
         WHERE review.id = occurrence.row",
        [device],
    );
    transaction.remove_function("quiz_legacy_uid", 8).at(path)?;
    named.at(path)?;
    flags_as_events(path, transaction, device)
}

/// Version 7: the flags cards already carry become the events they are now
/// the cache of (suspend, bury, leech), so a card's flags stay the fold of its
/// events. When a card was suspended or buried was not kept: those events are
/// dated at the epoch, so anything done to the card since comes after them.
/// Their ids, like the reviews', depend only on what they record.
fn flags_as_events(path: &Path, transaction: &rusqlite::Transaction<'_>, device: i64) -> Result<()> {
    transaction
        .create_scalar_function("quiz_flag_uid", 4, FunctionFlags::SQLITE_DETERMINISTIC, |context| {
            let time_ms: i64 = context.get(3)?;
            let mut hasher = blake3::Hasher::new();
            for index in 0..3 {
                let text: String = context.get(index)?;
                hasher.update(text.as_bytes()).update(&[0xff]);
            }
            hasher.update(&time_ms.to_le_bytes());
            Ok(super::write::uid_at(time_ms, hasher.finalize().as_bytes()).to_vec())
        })
        .at(path)?;
    let written = transaction.execute_batch(&format!(
        "INSERT INTO event (uid, device, time_ms, deck, card, kind, until_ms)
             SELECT quiz_flag_uid(deck, card, 'suspend', 0), {device}, 0, deck, card, 'suspend', NULL
             FROM card_state WHERE suspended = 1;
         INSERT INTO event (uid, device, time_ms, deck, card, kind, until_ms)
             SELECT quiz_flag_uid(deck, card, 'bury', 0), {device}, 0, deck, card, 'bury', buried_until_ms
             FROM card_state WHERE buried_until_ms IS NOT NULL;
         INSERT INTO event (uid, device, time_ms, deck, card, kind, until_ms)
             SELECT quiz_flag_uid(deck, card, 'leech', leech_ms), {device}, leech_ms, deck, card, 'leech', NULL
             FROM card_state WHERE leech_ms IS NOT NULL;"
    ));
    transaction.remove_function("quiz_flag_uid", 4).at(path)?;
    written.at(path)
}

/// Version 1 kept the state before each review as JSON text; version 2 keeps
/// it in typed columns, so floats round-trip exactly. The JSON was written as
/// the shortest text that round-trips, so a correctly rounding parser
/// (serde_json's `float_roundtrip`) recovers every bit.
fn move_states_to_columns(path: &Path, transaction: &rusqlite::Transaction<'_>) -> Result<()> {
    let rows: Vec<(i64, String)> = transaction
        .prepare("SELECT id, state_before FROM review WHERE state_before IS NOT NULL")
        .and_then(|mut statement| statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect())
        .at(path)?;
    for (id, json) in rows {
        let state: CardState = serde_json::from_str(&json).map_err(|error| {
            failure(path, StoreProblem::Damaged(format!("review {id} has an unreadable earlier state: {error}")))
        })?;
        super::write::set_before(transaction, id, Some(&state)).at(path)?;
    }
    Ok(())
}
