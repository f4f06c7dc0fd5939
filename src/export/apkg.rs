//! Placeholder: apkg export is being written.

use super::Exported;
use crate::deck::Deck;
use crate::error::{Error, Result};

pub(super) fn export(_deck: &Deck) -> Result<Exported> {
    Err(Error::Usage("exporting apkg is not in this build yet".to_string()))
}
