//! The terminal: colour policy, sanitising untrusted text, and (in `prompter`)
//! the session's prompts, drawn with crossterm (`list`, `line`, `keys`, `canvas`).

pub mod canvas;
pub mod color;
pub mod keys;
pub mod line;
pub mod list;
pub mod messages;
pub mod progress;
pub mod prompter;
pub mod render;
pub mod timed;
pub mod wrap;

pub use crate::text::sanitize::{terminal, terminal_line};
