//! Placeholder: aiken import is being written.

use super::Imported;
use crate::error::{Error, Result};

pub(super) fn import(_name: &str, _text: &str) -> Result<Imported> {
    Err(Error::Usage("importing aiken is not in this build yet".to_string()))
}
