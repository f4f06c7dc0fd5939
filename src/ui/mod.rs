//! The terminal: colour policy, sanitising untrusted text, and (in `prompter`)
//! the dialoguer implementation of the session's prompts.

pub mod canvas;
pub mod color;
pub mod keys;
pub mod line;
pub mod list;
pub mod messages;
pub mod prompter;
pub mod render;
pub mod timed;
pub mod wrap;

pub use crate::text::sanitize::{terminal, terminal_line};
