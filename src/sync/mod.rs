//! Sync between one learner's devices through a folder any file-syncing tool
//! (Syncthing, Dropbox, a git repository) carries. Each device appends only to
//! its own file, `<device uuid>.jsonl`, so no file ever has two writers; it
//! reads every other device's file from where it stopped last time and adds
//! the entries its store lacks (by uid), then refolds the cards they touch.
//! The store's write transaction covers the whole sync, so a sync killed at
//! any point leaves the store as it was, and the next one finishes the job:
//! lines are only counted once their `\n` is on disk, and lines this device
//! wrote before being killed are recognised by their uids and not written again.
//!
//! `quiz merge` is the same exchange with another store's log as the source.

pub mod line;
mod reader;

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::clock::Timestamp;
use crate::deck::DeckId;
use crate::error::{Error, Result};
use crate::schedule::Scheduler;
use crate::store::{DeckFacts, Exchange, FileRecord, FolderRecord, LogEntry, Merged, Store};
use reader::LineReader;

/// What one sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// The folder, as given.
    pub folder: PathBuf,
    /// This device.
    pub device: Uuid,
    /// When this store found that another store shares its device id (a copy
    /// of its data folder), the id it gave up.
    pub rekeyed_from: Option<Uuid>,
    /// Entries written to this device's file.
    pub sent: u64,
    /// Entries read from the other devices' files.
    pub read: u64,
    /// Of those, the ones this store did not have.
    pub received: u64,
    /// The other devices' files read.
    pub devices: usize,
    /// Cards refolded.
    pub cards: usize,
}

/// A sync file's name for `device`.
pub fn file_name(device: Uuid) -> String {
    format!("{device}.jsonl")
}

/// The key a folder is remembered by: its canonical path.
pub fn folder_key(folder: &Path) -> Result<String> {
    let canonical = fs::canonicalize(folder).map_err(|source| Error::Io {
        action: "find the sync folder",
        path: folder.to_path_buf(),
        source,
    })?;
    Ok(canonical.to_string_lossy().into_owned())
}

/// Syncs `store` with the folder `folder` at `now`: sends this device's new
/// entries, adds the other devices', refolds what they touch (each deck with
/// the scheduler `scheduler_for` makes), all in one store transaction.
pub fn sync_folder(
    store: &mut Store,
    folder: &Path,
    now: Timestamp,
    scheduler_for: impl FnMut(&DeckId, DeckFacts) -> Result<Scheduler>,
) -> Result<SyncReport> {
    if !folder.exists() {
        fs::create_dir_all(folder).map_err(|source| Error::Io {
            action: "create the sync folder",
            path: folder.to_path_buf(),
            source,
        })?;
    }
    let key = folder_key(folder)?;
    let mut exchange = store.exchange()?;
    let mut record = exchange.folder_record(&key)?;
    let mut report = SyncReport { folder: folder.to_path_buf(), device: exchange.device()?, ..SyncReport::default() };

    let own = check_own_file(&mut exchange, folder, &mut record, &mut report)?;
    send(&exchange, folder, &mut record, own, &mut report)?;
    for name in other_files(folder, &file_name(report.device))? {
        receive(&mut exchange, folder, &name, &mut record, &mut report)?;
    }
    record.sent = exchange.end()?;
    record.synced = Some(now);
    exchange.save_folder_record(&key, &record)?;
    let merged = exchange.finish(scheduler_for)?;
    report.cards = merged.cards;
    Ok(report)
}

/// Adds every entry of the store at `other` to `store`, refolding what they
/// touch. The other store is read from a copy (migrated if it is older), never
/// written.
pub fn merge_store(
    store: &mut Store,
    other: &Store,
    scheduler_for: impl FnMut(&DeckId, DeckFacts) -> Result<Scheduler>,
) -> Result<(u64, Merged)> {
    let mut exchange = store.exchange()?;
    let mut read = 0;
    other.for_each_entry(|entry| {
        read += 1;
        exchange.add(&entry).map(|_| ())
    })?;
    let merged = exchange.finish(scheduler_for)?;
    Ok((read, merged))
}

/// What this device's own file holds past what the store knows it wrote.
#[derive(Default)]
struct OwnFile {
    /// Entries there already (written by a sync killed before it could
    /// commit): not to be written again.
    written: HashSet<Uuid>,
    /// Where its last complete line starts, and how many entries it holds,
    /// when it was read.
    last_line: Option<u64>,
    lines: u64,
}

/// Reads this device's own file past what the store knows it wrote. A line
/// this store never wrote means another store shares its device id (its data
/// folder was copied): this one then takes a new id, and the old file is read
/// like any other device's.
fn check_own_file(
    exchange: &mut Exchange<'_>,
    folder: &Path,
    record: &mut FolderRecord,
    report: &mut SyncReport,
) -> Result<OwnFile> {
    let name = file_name(report.device);
    let known = record.files.iter().position(|file| file.name == name);
    let mut own = OwnFile::default();
    let Some(mut reader) = LineReader::open(&folder.join(&name))? else {
        // No file (yet, or any more): everything goes into a new one.
        if let Some(index) = known {
            record.files.remove(index);
        }
        record.sent = Default::default();
        return Ok(own);
    };
    match known.map(|index| reader.resume_at(&record.files[index])).transpose()?.flatten() {
        Some(_) => {
            let file = &record.files[known.unwrap_or_default()];
            (own.last_line, own.lines) = (Some(file.last_line), file.lines);
        }
        None => {
            // The file is not as this store left it: check all of it, send what it lacks.
            if let Some(index) = known {
                record.files.remove(index);
            }
            record.sent = Default::default();
            reader.read_header(report.device)?;
            own.last_line = (reader.position() > 0).then_some(0);
        }
    }
    let mut strangers = 0;
    let mut end_of_lines = reader.position();
    while let Some(entry) = reader.next_line()? {
        own.last_line = Some(end_of_lines);
        own.lines += 1;
        end_of_lines = reader.position();
        match exchange.knows(&entry.uid)? {
            true => {
                own.written.insert(entry.uid);
            }
            false => strangers += 1,
        }
    }
    if strangers > 0 {
        // Two stores with one id: this one becomes a new device.
        report.rekeyed_from = Some(report.device);
        report.device = exchange.rekey()?;
        record.files.retain(|file| file.name != name);
        record.sent = Default::default();
        return Ok(OwnFile::default());
    }
    // Only this device writes here: a torn last line is its own, cut short by a kill.
    reader.truncate_to(end_of_lines)?;
    Ok(own)
}

/// Appends every entry past `record.sent` (except those `own` holds already)
/// to this device's file, creating it with its header if need be, then syncs
/// it to disk.
fn send(
    exchange: &Exchange<'_>,
    folder: &Path,
    record: &mut FolderRecord,
    own: OwnFile,
    report: &mut SyncReport,
) -> Result<()> {
    let name = file_name(report.device);
    let path = folder.join(&name);
    let mut last_line = own.last_line;
    if fs::metadata(&path).map_or(true, |metadata| metadata.len() == 0) {
        crate::fsio::write_atomic(&path, line::header(report.device).as_bytes())?;
        last_line = Some(0);
    }
    let file = fs::OpenOptions::new().append(true).open(&path).map_err(|error| Error::io("append to", &path, error))?;
    let mut length = file.metadata().map_err(|error| Error::io("read", &path, error))?.len();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &file);
    let mut newest = None;
    exchange.for_each_since(record.sent, |entry: LogEntry| {
        if own.written.contains(&entry.uid) {
            return Ok(());
        }
        let text = line::write(&entry);
        out.write_all(text.as_bytes()).map_err(|error| Error::io("append to", &path, error))?;
        last_line = Some(length);
        length += text.len() as u64;
        newest = newest.max(Some(entry.time));
        report.sent += 1;
        Ok(())
    })?;
    out.flush().map_err(|error| Error::io("append to", &path, error))?;
    drop(out);
    file.sync_all().map_err(|error| Error::io("sync to disk", &path, error))?;
    let previous_newest = record.files.iter().find(|file| file.name == name).and_then(|file| file.newest);
    record.files.retain(|file| file.name != name);
    record.files.push(FileRecord {
        name,
        device: report.device,
        read_bytes: length,
        last_line: last_line.unwrap_or_default(),
        lines: own.lines + report.sent,
        newest: previous_newest.max(newest),
    });
    Ok(())
}

/// The other sync files in the folder, by name: regular `*.jsonl` files only
/// (a link could point anywhere), this device's own left out.
fn other_files(folder: &Path, own: &str) -> Result<Vec<String>> {
    let entries = fs::read_dir(folder).map_err(|source| Error::Io {
        action: "list the sync folder",
        path: folder.to_path_buf(),
        source,
    })?;
    let mut names = Vec::new();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else { continue };
        let regular = entry.file_type().is_ok_and(|kind| kind.is_file());
        if regular && name.ends_with(".jsonl") && !name.starts_with('.') && name != own {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Reads another device's file from where this store stopped, adding the
/// entries it lacks.
fn receive(
    exchange: &mut Exchange<'_>,
    folder: &Path,
    name: &str,
    record: &mut FolderRecord,
    report: &mut SyncReport,
) -> Result<()> {
    let path = folder.join(name);
    let Some(mut reader) = LineReader::open(&path)? else { return Ok(()) };
    let index = record.files.iter().position(|file| file.name == name);
    let start = match index {
        Some(index) => reader.resume_at(&record.files[index])?,
        None => None,
    };
    let mut file = match (index, start) {
        (Some(index), Some(_)) => record.files.remove(index),
        (index, _) => {
            if let Some(index) = index {
                record.files.remove(index);
            }
            let Some(device) = reader.read_header_of_any()? else { return Ok(()) };
            FileRecord { name: name.to_string(), device, read_bytes: 0, last_line: 0, lines: 0, newest: None }
        }
    };
    let mut line_start = reader.position();
    while let Some(entry) = reader.next_line()? {
        report.read += 1;
        if exchange.add(&entry)? {
            report.received += 1;
        }
        file.lines += 1;
        file.newest = file.newest.max(Some(entry.time));
        file.last_line = line_start;
        line_start = reader.position();
    }
    file.read_bytes = reader.position();
    record.files.push(file);
    report.devices += 1;
    Ok(())
}

/// Where a sync folder stands, as `quiz sync --status` shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FolderStatus {
    /// The folder.
    pub folder: PathBuf,
    /// This device.
    pub device: Uuid,
    /// When this store last synced with the folder (`None`: never).
    pub last_sync: Option<String>,
    /// Entries of this store not yet written to the folder.
    pub unsent: u64,
    /// The devices whose files are in the folder.
    pub devices: Vec<DeviceStatus>,
}

/// One device's file in a sync folder.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DeviceStatus {
    /// The device its header names (`None`: the header is not complete yet).
    pub device: Option<Uuid>,
    /// The file's name.
    pub file: String,
    /// Whether it is this device's file.
    pub this: bool,
    /// Entries this store has read from it (or, for its own, written).
    pub read: u64,
    /// Complete entries past those: what the next sync reads.
    pub unread: u64,
    /// The newest entry read from it.
    pub newest: Option<String>,
}

/// Reads where `folder` stands for `store`, changing nothing.
pub fn status(store: &Store, folder: &Path) -> Result<FolderStatus> {
    let device = store.device()?;
    let record = match folder.exists() {
        true => store.folder_record(&folder_key(folder)?)?,
        false => FolderRecord::default(),
    };
    let own = file_name(device);
    let mut names = match folder.exists() {
        true => other_files(folder, "")?,
        false => Vec::new(),
    };
    names.retain(|name| name != &own);
    names.insert(0, own.clone());
    let mut devices = Vec::new();
    for name in names {
        let known = record.files.iter().find(|file| file.name == name);
        let Some(mut reader) = LineReader::open(&folder.join(&name))? else { continue };
        let resumed = match known {
            Some(file) => reader.resume_at(file)?.is_some(),
            None => false,
        };
        // A status reports; it does not judge the files (a sync does).
        let header = match resumed {
            true => known.map(|file| file.device),
            false => reader.read_header_of_any().ok().flatten(),
        };
        let mut unread = 0;
        while header.is_some() && reader.skip_line().unwrap_or(false) {
            unread += 1;
        }
        let (read, newest) = match (resumed, known) {
            (true, Some(file)) => (file.lines, file.newest.map(|time| time.rfc3339())),
            _ => (0, None),
        };
        devices.push(DeviceStatus { device: header, this: name == own, file: name, read, unread, newest });
    }
    Ok(FolderStatus {
        folder: folder.to_path_buf(),
        device,
        last_sync: record.synced.map(|time| time.rfc3339()),
        unsent: store.entries_after(record.sent)?,
        devices,
    })
}
