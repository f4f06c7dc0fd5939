//! Finding deck files: a path on disk, the user's decks folder, or the decks
//! bundled into the binary.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsio::{read_text, FileKind};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Where a deck file came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary from the project's `decks/` folder.
    Bundled,
    /// The user's decks folder (`<config dir>/quiz/decks`).
    User(PathBuf),
    /// A path given on the command line.
    File(PathBuf),
}

impl Origin {
    /// The file on disk, unless the deck is bundled.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::Bundled => None,
            Origin::User(path) | Origin::File(path) => Some(path),
        }
    }

    /// A short word for listings: `bundled`, `user` or `file`.
    pub fn label(&self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::User(_) => "user",
            Origin::File(_) => "file",
        }
    }
}

/// The text of a deck file and where it came from.
#[derive(Clone, Debug)]
pub struct DeckFile {
    /// How diagnostics name the file (a path, or `decks/NAME.toml` for bundled decks).
    pub display_name: String,
    /// Where the file came from.
    pub origin: Origin,
    /// The file's contents.
    pub text: String,
}

/// What reading a file named relative to a deck (its notes) found.
#[derive(Debug)]
pub enum Relative {
    /// The file's text.
    Text(String),
    /// No such file in the deck's folder.
    Missing,
    /// The name leads outside the deck's folder (absolute, `..`, or a symbolic
    /// link that points out); nothing about the target is read or told.
    Outside,
    /// The file exists but cannot be read.
    Unreadable(Error),
}

impl DeckFile {
    /// Reads a file named relative to the deck file (its notes document). The
    /// file must lie inside the deck's own folder, symbolic links resolved: a
    /// deck from a pull request must not make `quiz check` read, or tell
    /// anything about, files elsewhere.
    pub fn read_relative(&self, relative: &str) -> Relative {
        read_beside(&self.origin, relative)
    }

    /// How to name a file relative to this deck in messages.
    pub fn relative_display(&self, relative: &str) -> String {
        match &self.origin {
            Origin::Bundled => format!("{BUNDLED_PREFIX}{relative}"),
            Origin::User(path) | Origin::File(path) => {
                path.parent().unwrap_or(Path::new(".")).join(relative).display().to_string()
            }
        }
    }
}

/// How messages name a bundled deck (`(bundled) asyncio`) and the files
/// beside it: there is no `decks/asyncio.toml` where the user runs `quiz`.
pub const BUNDLED_PREFIX: &str = "(bundled) ";

fn bundled_file(name: &str) -> Option<&'static str> {
    let name = name.strip_prefix("./").unwrap_or(name);
    BUNDLED_FILES.iter().find(|(file_name, _)| *file_name == name).map(|(_, text)| *text)
}

/// Whether a deck argument names a file rather than a deck id.
pub fn is_path(name: &str) -> bool {
    name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) || name.ends_with(".toml")
}

/// A deck file found but not yet read.
#[derive(Clone, Debug)]
pub struct Located {
    /// How diagnostics name the file.
    pub display_name: String,
    /// Where the file is.
    pub origin: Origin,
}

impl Located {
    /// Reads the file's text.
    pub fn read(&self) -> Result<DeckFile> {
        let text = match &self.origin {
            Origin::Bundled => {
                let id = self.display_name.strip_prefix(BUNDLED_PREFIX).unwrap_or(&self.display_name);
                bundled_file(&format!("{id}.toml"))
                    .ok_or_else(|| Error::DeckNotFound {
                        name: self.display_name.clone(),
                        hint: "no such bundled deck".to_string(),
                    })?
                    .to_string()
            }
            Origin::User(path) | Origin::File(path) => read_text(path, FileKind::Deck)?,
        };
        Ok(DeckFile { display_name: self.display_name.clone(), origin: self.origin.clone(), text })
    }
}

/// Finds the deck `name` and reads it: see [`locate`].
pub fn find(name: &str, user_decks: Option<&Path>) -> Result<DeckFile> {
    locate(name, user_decks)?.read()
}

/// Finds the deck `name` without reading it: a path is taken as it is; an id
/// is looked up in the user's decks folder, then among the bundled decks.
pub fn locate(name: &str, user_decks: Option<&Path>) -> Result<Located> {
    if is_path(name) {
        let path = PathBuf::from(name);
        if !path.exists() {
            return Err(Error::DeckNotFound { name: name.to_string(), hint: "the file does not exist".to_string() });
        }
        return Ok(Located { display_name: name.to_string(), origin: Origin::File(path) });
    }
    if let Some(folder) = user_decks {
        let path = folder.join(format!("{name}.toml"));
        if path.is_file() {
            return Ok(Located { display_name: path.display().to_string(), origin: Origin::User(path) });
        }
    }
    if bundled_file(&format!("{name}.toml")).is_some() {
        return Ok(Located { display_name: format!("{BUNDLED_PREFIX}{name}"), origin: Origin::Bundled });
    }
    let known: Vec<String> = available(user_decks).into_iter().map(|(id, _)| id).collect();
    let hint = match crate::text::closest(name, known.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`? (`quiz decks` lists them all)"),
        None if known.is_empty() => "no decks are installed".to_string(),
        None => format!("known decks: {}; `quiz decks` lists them", known.join(", ")),
    };
    Err(Error::DeckNotFound { name: name.to_string(), hint })
}

/// The deck ids available by name, with their origins: user decks shadow
/// bundled ones. Every `*.toml` entry of the user's decks folder is listed,
/// whatever it is (a folder, a FIFO, a name that is not UTF-8, shown with
/// U+FFFD): reading it says what is wrong with it, and the others stay usable.
pub fn available(user_decks: Option<&Path>) -> Vec<(String, Origin)> {
    let mut decks: Vec<(String, Origin)> = Vec::new();
    if let Some(folder) = user_decks {
        if let Ok(entries) = fs::read_dir(folder) {
            for entry in entries.filter_map(|entry| entry.ok()) {
                let path = entry.path();
                if path.extension().is_some_and(|extension| extension == "toml") {
                    if let Some(stem) = path.file_stem() {
                        decks.push((stem.to_string_lossy().into_owned(), Origin::User(path.clone())));
                    }
                }
            }
        }
    }
    let bundled = BUNDLED_FILES.iter().filter_map(|(file_name, _)| file_name.strip_suffix(".toml"));
    for stem in bundled {
        if !decks.iter().any(|(id, _)| id == stem) {
            decks.push((stem.to_string(), Origin::Bundled));
        }
    }
    decks.sort_by(|left, right| left.0.cmp(&right.0));
    decks
}

/// Reads a deck that [`available`] listed, from exactly where it was listed.
pub fn read_listed(id: &str, origin: &Origin) -> Result<DeckFile> {
    match origin {
        Origin::Bundled => find(id, None),
        Origin::User(path) | Origin::File(path) => Ok(DeckFile {
            display_name: path.display().to_string(),
            text: read_text(path, FileKind::Deck)?,
            origin: origin.clone(),
        }),
    }
}

/// Reads a file named relative to a deck from `origin` (see [`DeckFile::read_relative`]).
pub fn read_beside(origin: &Origin, relative: &str) -> Relative {
    let inside = Path::new(relative)
        .components()
        .all(|component| matches!(component, std::path::Component::Normal(_) | std::path::Component::CurDir));
    if !inside {
        return Relative::Outside;
    }
    match origin {
        Origin::Bundled => match bundled_file(relative) {
            Some(text) => Relative::Text(text.to_string()),
            None => Relative::Missing,
        },
        Origin::User(path) | Origin::File(path) => {
            let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let Ok(folder) = folder.canonicalize() else { return Relative::Missing };
            let joined = folder.join(relative);
            let resolved = match joined.canonicalize() {
                Ok(resolved) => resolved,
                // Missing, unless the name is a link (dangling, or through a
                // linked folder) that leads out: say nothing of what is there.
                Err(_) => {
                    let parent_inside = joined
                        .parent()
                        .and_then(|parent| parent.canonicalize().ok())
                        .is_some_and(|parent| parent.starts_with(&folder));
                    let is_link = fs::symlink_metadata(&joined).is_ok();
                    return if parent_inside && !is_link { Relative::Missing } else { Relative::Outside };
                }
            };
            if !resolved.starts_with(&folder) {
                return Relative::Outside;
            }
            match read_text(&resolved, FileKind::Notes) {
                Ok(text) => Relative::Text(text),
                Err(error) => Relative::Unreadable(error),
            }
        }
    }
}
