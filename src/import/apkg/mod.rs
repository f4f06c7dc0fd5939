//! Anki packages (`.apkg`, `.colpkg`): the current layout and the legacy
//! ones, their notes as cards, and (with `--with-history`) their review log.

mod collection;
mod history;
mod notes;
mod package;
mod protobuf;

use super::{Imported, RemarkKind};
use crate::error::{Error, Result};
use package::Layout;

/// What Anki's placeholder collection says to clients too old for the
/// current layout (it is the only note of a `collection.anki2` that stands
/// next to a `collection.anki21b`): current Anki's English text, and older
/// Anki's. (Anki writes it in the exporting user's language; a package that
/// keeps its `meta` entry is caught by that instead.)
const PLACEHOLDER_TEXTS: [&str; 2] = ["update to the latest anki version", "requires a newer version of anki"];

/// Reads the package `bytes` (the file `name`); `with_history` brings the
/// review log along as [`Imported::history`].
pub(super) fn import(name: &str, bytes: &[u8], with_history: bool) -> Result<Imported> {
    let unpacked = package::unpack(name, bytes)?;
    let collection = collection::read(name, unpacked.file.path(), with_history)?;
    if unpacked.layout != Layout::Current && is_placeholder(&collection) {
        return Err(Error::BadFile {
            path: name.to_string(),
            message: "this package holds only Anki's \"please update\" placeholder, not the deck: its real collection (collection.anki21b) is missing. Export the deck from Anki again (File > Export > Anki Deck Package)".to_string(),
        });
    }
    let mut imported = Imported::default();
    let kept = notes::convert(&collection, &mut imported);
    if with_history {
        history::convert(&collection, &kept, &mut imported);
    }
    if unpacked.media > 0 {
        imported.remark(
            "package".to_string(),
            RemarkKind::Dropped,
            format!("{} media file(s) (images, sounds) not imported: quiz shows text only", unpacked.media),
        );
    }
    Ok(imported)
}

/// Whether the collection is Anki's one-note "please update" placeholder.
fn is_placeholder(collection: &collection::Collection) -> bool {
    collection.notes.len() == 1
        && collection.notes.iter().all(|note| {
            let text = note.fields.join(" ").to_ascii_lowercase();
            PLACEHOLDER_TEXTS.iter().any(|placeholder| text.contains(placeholder))
        })
}
