//! `quiz sync` and `quiz merge`: bring in the reviews and events of this
//! learner's other devices.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::json;

use crate::cli::{MergeArgs, SyncArgs};
use crate::error::{Error, Result};
use crate::output::{print, print_json};
use crate::settings::App;
use crate::store::Store;
use crate::sync::{self, FolderStatus};
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Syncs with the folder, or (`--status`) says where it stands.
pub fn run(app: &App, args: &SyncArgs) -> Result<Outcome> {
    let mut store = app.open_store()?;
    let folder = sync_folder(app, args, &store)?;
    if args.status {
        let status = sync::status(&store, &folder)?;
        return match app.json {
            true => print_json(&status).map(|()| Outcome::Success),
            false => print(&status_text(&status)).map(|()| Outcome::Success),
        };
    }
    let report = sync::sync_folder(&mut store, &folder, app.now, |deck, fitted| app.scheduler_for_id(deck, fitted))?;
    if let Some(old) = report.rekeyed_from {
        talk!(
            "note: another store also called itself device {old} (a copy of this data folder?); this one is now \
             device {}, and nothing of either was lost",
            report.device
        );
    }
    talk!(
        "Synced with {}: sent {} entr{}; read {} from {} other device(s), {} of them new; {} card(s) updated.",
        terminal_line(&folder.display().to_string()),
        report.sent,
        if report.sent == 1 { "y" } else { "ies" },
        report.read,
        report.devices,
        report.received,
        report.cards
    );
    if app.json {
        print_json(&report)?;
    }
    Ok(Outcome::Success)
}

/// Merges another store's log into this one.
pub fn merge(app: &App, args: &MergeArgs) -> Result<Outcome> {
    let mut store = app.open_store()?;
    let same = |path: &std::path::Path| std::fs::canonicalize(path).ok();
    if same(&args.other).is_some() && same(&args.other) == same(store.path()) {
        return Err(Error::Usage(format!(
            "{} is this store itself; give the path of another copy",
            terminal_line(&args.other.display().to_string())
        )));
    }
    let (_scratch, other) = Store::open_snapshot(&args.other)?;
    let (read, merged) = sync::merge_store(&mut store, &other, |deck, fitted| app.scheduler_for_id(deck, fitted))?;
    talk!(
        "Merged {}: read {read} entries, {} of them new; {} card(s) updated.",
        terminal_line(&args.other.display().to_string()),
        merged.added,
        merged.cards
    );
    if app.json {
        print_json(&json!({
            "other": args.other,
            "device": other.device()?,
            "read": read,
            "received": merged.added,
            "cards": merged.cards,
        }))?;
    }
    Ok(Outcome::Success)
}

/// The folder to sync with: `--dir`, else config.toml's `sync_dir`, else the last one used.
fn sync_folder(app: &App, args: &SyncArgs, store: &Store) -> Result<PathBuf> {
    if let Some(dir) = &args.dir {
        return Ok(dir.clone());
    }
    if let Some(dir) = app.configured_sync_dir()? {
        return Ok(dir);
    }
    store.last_sync_folder()?.map(PathBuf::from).ok_or_else(|| {
        Error::Usage(
            "no sync folder yet: give one with `quiz sync --dir PATH` (a folder Syncthing, Dropbox or git shares \
             between your devices), or set `sync_dir` in config.toml"
                .to_string(),
        )
    })
}

fn status_text(status: &FolderStatus) -> String {
    let mut text = String::new();
    let folder = terminal_line(&status.folder.display().to_string()).into_owned();
    let _ = writeln!(text, "Sync folder: {folder}");
    let _ = writeln!(text, "This device: {}", status.device);
    let _ = writeln!(text, "Last sync:   {}", status.last_sync.as_deref().unwrap_or("never"));
    let _ = writeln!(text, "To send:     {} entr{}", status.unsent, if status.unsent == 1 { "y" } else { "ies" });
    let _ = writeln!(text, "Devices:");
    if status.devices.is_empty() {
        let _ = writeln!(text, "  none yet");
    }
    for device in &status.devices {
        let name = match device.device {
            Some(id) => id.to_string(),
            None => format!("{} (still arriving)", terminal_line(&device.file)),
        };
        let this = if device.this { " (this device)" } else { "" };
        let newest = device.newest.as_deref().map(|time| format!(", newest {time}")).unwrap_or_default();
        let _ = writeln!(text, "  {name}{this}: {} read, {} to read{newest}", device.read, device.unread);
    }
    text
}
