//! `quiz`: a terminal quiz and flashcard tool with FSRS-6 spaced repetition.
//!
//! Data flows deck → session → schedule → store; the terminal is reached only
//! through [`session::Prompter`], implemented in [`ui`].

pub mod clock;
pub mod deck;
pub mod error;
pub mod grade;
pub mod schedule;
pub mod store;

pub use error::{Error, Result};

/// Runs the command line and returns the process exit code.
pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
