//! Earlier versions of a notes file, from git: the text a fingerprint was
//! taken of, so a stale citation can say what changed.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::{Notes, NotesFormat};

/// Versions looked at, newest first.
const MAX_VERSIONS: usize = 20;
/// A version larger than this is skipped (a notes file may be up to 64 MiB).
const MAX_VERSION_BYTES: u64 = 8 * 1024 * 1024;

/// The committed versions of one notes file, read from git on first need.
#[derive(Debug)]
pub struct NotesHistory {
    file: PathBuf,
    format: NotesFormat,
    /// For each section title and fingerprint, the section's text in the
    /// newest version that had it: built once, then every stale citation is
    /// one lookup.
    texts: OnceLock<HashMap<(String, String), String>>,
}

impl NotesHistory {
    /// The history of the notes file at `file`.
    pub fn new(file: PathBuf, format: NotesFormat) -> NotesHistory {
        NotesHistory { file, format, texts: OnceLock::new() }
    }

    /// The text of `section` (as quotes are compared) in the newest committed
    /// version whose fingerprint of it was `fingerprint`; None outside git, or
    /// when no version of the last twenty matches.
    pub fn section_as_checked(&self, section: &str, fingerprint: &str) -> Option<&str> {
        let texts = self.texts.get_or_init(|| {
            let mut texts = HashMap::new();
            for notes in read_versions(&self.file, self.format).unwrap_or_default() {
                for (index, section) in notes.sections().iter().enumerate() {
                    // Newest first: an older version does not replace a newer one.
                    let key = (section.title.clone(), notes.fingerprint_at(index).to_string());
                    texts.entry(key).or_insert_with(|| notes.folded_body(index).to_string());
                }
            }
            texts
        });
        texts.get(&(section.to_string(), fingerprint.to_string())).map(String::as_str)
    }
}

fn read_versions(file: &Path, format: NotesFormat) -> Option<Vec<Notes>> {
    let folder = file.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = file.file_name()?.to_str()?;
    let log = git(folder, &["log", "--format=%H", &format!("-n{MAX_VERSIONS}"), "--", name], 64 * 1024)?;
    let versions = log
        .lines()
        .filter(|hash| hash.len() >= 40 && hash.bytes().all(|byte| byte.is_ascii_hexdigit()))
        .filter_map(|hash| git(folder, &["show", &format!("{hash}:./{name}")], MAX_VERSION_BYTES))
        .map(|text| Notes::parse_as(format, &text))
        .collect();
    Some(versions)
}

/// The output of `git ARGS` run in `folder`, if it succeeds within `limit` bytes.
/// No pager, no prompts, no file-system monitor: only the object store is read.
fn git(folder: &Path, args: &[&str], limit: u64) -> Option<String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["--no-pager", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut bytes = Vec::new();
    let read = child.stdout.take()?.take(limit + 1).read_to_end(&mut bytes);
    if read.is_err() || bytes.len() as u64 > limit {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    }
    child.wait().ok()?.success().then_some(())?;
    String::from_utf8(bytes).ok()
}
