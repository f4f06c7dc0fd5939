//! Decks: the TOML model, loading from disk or the bundled set, and validation.

mod model;

pub use model::*;
