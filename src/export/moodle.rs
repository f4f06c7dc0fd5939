//! Moodle XML export: not in this build yet (GIFT is).

use super::Exported;
use crate::deck::Deck;
use crate::error::{Error, Result};

pub(super) fn export(_deck: &Deck) -> Result<Exported> {
    Err(Error::Usage(
        "exporting Moodle XML is not in this build yet; --format gift writes a file Moodle imports".to_string(),
    ))
}
