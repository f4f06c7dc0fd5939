//! Placeholder: delimited export is being written.

use super::Exported;
use crate::deck::Deck;
use crate::error::{Error, Result};

pub(super) fn export(_deck: &Deck, _format: super::Format) -> Result<Exported> {
    Err(Error::Usage("exporting delimited is not in this build yet".to_string()))
}
