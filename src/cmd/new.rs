//! `quiz new ID --from NOTES`: write a starter deck for a notes file.

use std::path::{Component, Path, PathBuf};

use crate::cli::NewArgs;
use crate::deck::{is_valid_id, starter::starter, Notes, NotesFormat};
use crate::error::{Error, Result};
use crate::fsio::{read_text, write_atomic, FileKind};
use crate::output::print;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Writes (or with `--out -` prints) the starter deck.
pub fn run(args: &NewArgs) -> Result<Outcome> {
    if !is_valid_id(&args.id) {
        return Err(Error::Usage(format!(
            "`{}` is not a deck id: use lowercase letters, digits and `-`, e.g. `asyncio`",
            terminal_line(&args.id)
        )));
    }
    let text = read_text(&args.from, FileKind::Notes)?;
    let notes_name = args.from.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_string();
    let notes = Notes::parse_as(NotesFormat::of(&notes_name), &text);
    if notes.sections().is_empty() {
        return Err(Error::BadFile {
            path: args.from.display().to_string(),
            message: "has no headings, so there is no section for a card to cite; give its sections titles".into(),
        });
    }
    let stdout = args.out.as_deref() == Some(Path::new("-"));
    let out = match &args.out {
        Some(out) if !stdout => out.clone(),
        _ => args.from.with_file_name(format!("{}.toml", args.id)),
    };
    let relative = relative_to_deck(&args.from, &out).ok_or_else(|| {
        Error::Usage(format!(
            "the deck must be in the notes' folder or a folder above it, so it can name them; {} is not",
            out.display()
        ))
    })?;
    let deck = starter(&args.id, &relative, &notes);
    if stdout {
        print(&deck)?;
        return Ok(Outcome::Success);
    }
    if out.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; give --force to replace it, or --out another path",
            out.display()
        )));
    }
    write_atomic(&out, deck.as_bytes())?;
    talk!(
        "wrote {}: {} example card(s), one per section of {}, all commented out; edit them, then run `quiz check {}`",
        terminal_line(&out.display().to_string()),
        notes.sections().len(),
        terminal_line(&relative),
        terminal_line(&out.display().to_string()),
    );
    Ok(Outcome::Success)
}

/// The notes' path as the deck at `deck` names them (`/`-separated), if the
/// notes lie in the deck's folder or below it.
fn relative_to_deck(notes: &Path, deck: &Path) -> Option<String> {
    let absolute = |path: &Path| -> Option<PathBuf> {
        let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Some(folder.canonicalize().ok()?.join(path.file_name()?))
    };
    let notes = absolute(notes)?;
    let folder = absolute(deck)?.parent()?.to_path_buf();
    let inside = notes.strip_prefix(&folder).ok()?;
    let parts: Option<Vec<&str>> = inside
        .components()
        .map(|component| match component {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}
