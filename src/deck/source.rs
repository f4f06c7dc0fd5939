//! Finding deck files: a path on disk, the user's decks folder, or the decks
//! bundled into the binary.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Deck and notes files larger than this are refused, to bound memory on untrusted input.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

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

impl DeckFile {
    /// Reads a file named relative to the deck file (its notes document).
    /// `None` when the file does not exist.
    pub fn read_relative(&self, relative: &str) -> Option<Result<String>> {
        match &self.origin {
            Origin::Bundled => bundled_file(relative).map(|text| Ok(text.to_string())),
            Origin::User(path) | Origin::File(path) => {
                let sibling = path.parent().unwrap_or(Path::new(".")).join(relative);
                if sibling.is_file() {
                    Some(read_bounded(&sibling))
                } else {
                    None
                }
            }
        }
    }

    /// How to name a file relative to this deck in messages.
    pub fn relative_display(&self, relative: &str) -> String {
        match &self.origin {
            Origin::Bundled => format!("decks/{relative}"),
            Origin::User(path) | Origin::File(path) => {
                path.parent().unwrap_or(Path::new(".")).join(relative).display().to_string()
            }
        }
    }
}

fn bundled_file(name: &str) -> Option<&'static str> {
    let name = name.strip_prefix("./").unwrap_or(name);
    BUNDLED_FILES.iter().find(|(file_name, _)| *file_name == name).map(|(_, text)| *text)
}

/// Whether a deck argument names a file rather than a deck id.
pub fn is_path(name: &str) -> bool {
    name.contains('/') || name.contains(std::path::MAIN_SEPARATOR) || name.ends_with(".toml")
}

/// Finds the deck `name`: a path is read from disk; an id is looked up in the
/// user's decks folder, then among the bundled decks.
pub fn find(name: &str, user_decks: Option<&Path>) -> Result<DeckFile> {
    if is_path(name) {
        let path = PathBuf::from(name);
        if !path.exists() {
            return Err(Error::DeckNotFound { name: name.to_string(), hint: "the file does not exist".to_string() });
        }
        return Ok(DeckFile { display_name: name.to_string(), text: read_bounded(&path)?, origin: Origin::File(path) });
    }
    if let Some(folder) = user_decks {
        let path = folder.join(format!("{name}.toml"));
        if path.is_file() {
            return Ok(DeckFile {
                display_name: path.display().to_string(),
                text: read_bounded(&path)?,
                origin: Origin::User(path),
            });
        }
    }
    let file_name = format!("{name}.toml");
    if let Some(text) = bundled_file(&file_name) {
        return Ok(DeckFile {
            display_name: format!("decks/{file_name}"),
            origin: Origin::Bundled,
            text: text.to_string(),
        });
    }
    let known: Vec<String> = available(user_decks).into_iter().map(|(id, _)| id).collect();
    let hint = match crate::text::closest(name, known.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`? (`quiz decks` lists them all)"),
        None if known.is_empty() => "no decks are installed".to_string(),
        None => format!("known decks: {}; `quiz decks` lists them", known.join(", ")),
    };
    Err(Error::DeckNotFound { name: name.to_string(), hint })
}

/// The deck ids available by name, with their origins: user decks shadow bundled ones.
pub fn available(user_decks: Option<&Path>) -> Vec<(String, Origin)> {
    let mut decks: Vec<(String, Origin)> = Vec::new();
    if let Some(folder) = user_decks {
        if let Ok(entries) = fs::read_dir(folder) {
            for entry in entries.filter_map(|entry| entry.ok()) {
                let path = entry.path();
                if path.extension().is_some_and(|extension| extension == "toml") {
                    if let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) {
                        decks.push((stem.to_string(), Origin::User(path.clone())));
                    }
                }
            }
        }
    }
    for (file_name, _) in BUNDLED_FILES {
        if let Some(stem) = file_name.strip_suffix(".toml") {
            if !decks.iter().any(|(id, _)| id == stem) {
                decks.push((stem.to_string(), Origin::Bundled));
            }
        }
    }
    decks.sort_by(|left, right| left.0.cmp(&right.0));
    decks
}

/// Reads a text file, refusing files over [`MAX_FILE_BYTES`].
pub fn read_bounded(path: &Path) -> Result<String> {
    let file = fs::File::open(path).map_err(|error| Error::io("read", path, error))?;
    let length = file.metadata().map(|metadata| metadata.len()).unwrap_or(0);
    if length > MAX_FILE_BYTES {
        return Err(Error::Usage(format!(
            "{} is {} MiB; quiz reads files up to {} MiB",
            path.display(),
            length / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let mut text = String::with_capacity(length as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text).map_err(|error| Error::io("read", path, error))?;
    Ok(text)
}
