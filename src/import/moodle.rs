//! Moodle XML import: not in this build yet (GIFT is).

use super::Imported;
use crate::error::{Error, Result};

pub(super) fn import(_name: &str, _text: &str) -> Result<Imported> {
    Err(Error::Usage(
        "importing Moodle XML is not in this build yet; export the questions from Moodle as GIFT and import that"
            .to_string(),
    ))
}
