//! `quiz`: a terminal quiz and flashcard tool with FSRS-6 spaced repetition.
//!
//! Data flows deck → session → schedule → store; the terminal is reached only
//! through the session's prompting trait, implemented in [`ui`]. Leaf modules
//! ([`text`], [`hash`], [`clock`], [`fsio`]) depend on nothing else here.

pub mod check;
pub mod cli;
pub mod clock;
mod cmd;
pub mod config;
pub mod deck;
pub mod error;
pub mod export;
pub mod fsio;
pub mod grade;
pub mod hash;
pub mod import;
pub mod optimize;
pub mod output;
pub mod report;
pub mod schedule;
pub mod serve;
pub mod session;
pub mod settings;
pub mod store;
pub mod sync;
pub mod text;
pub mod ui;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

pub use error::{Error, Result};

use cli::{Cli, Command};
use settings::App;

/// How a command that ran to the end turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything passed: exit 0.
    Success,
    /// The check or exam failed: exit 1.
    Failure,
}

/// Runs `quiz` with the process's arguments and returns its exit code:
/// 0 ok, 1 the check or exam failed, 2 usage or data error.
pub fn main() -> ExitCode {
    let parsed = Cli::command().try_get_matches().and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    ui::color::apply(cli.global.color);
    let result = cli::reject_ignored(&cli, &matches).map_err(Error::Usage).and_then(|()| run(cli));
    match result {
        Ok(Outcome::Success) | Err(Error::StdoutClosed) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(error) => {
            use colored::Colorize;
            talk!("{} {}", "error:".red().bold(), text::sanitize::terminal_line(&error.to_string()));
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let app = App::new(&cli.global);
    match cli.command {
        Some(Command::Check(args)) => cmd::check::run(&app, &args),
        Some(Command::Decks) => cmd::decks::run(&app),
        Some(Command::Cards) => cmd::cards::run(&app),
        Some(Command::Study(args)) => cmd::study::run(&app, &args),
        Some(Command::Drill(args)) => cmd::drill::run(&app, &args),
        Some(Command::Review(args)) => cmd::review::run(&app, &args),
        Some(Command::Stats) => cmd::stats::run(&app),
        Some(Command::Undo) => cmd::undo::run(&app),
        Some(Command::Suspend(args)) => cmd::suspend::run(&app, &args, true),
        Some(Command::Unsuspend(args)) => cmd::suspend::run(&app, &args, false),
        Some(Command::Export(args)) => cmd::export::run(&app, &args),
        Some(Command::Rebuild) => cmd::rebuild::run(&app),
        Some(Command::Optimize(args)) => cmd::optimize::run(&app, &args),
        Some(Command::Exam(args)) => cmd::exam::run(&app, &args),
        Some(Command::Import(args)) => cmd::import::run(&app, &args),
        Some(Command::Serve(args)) => cmd::serve::run(&app, &args),
        Some(Command::New(args)) => cmd::new::run(&args),
        Some(Command::Sync(args)) => cmd::sync::run(&app, &args),
        Some(Command::Merge(args)) => cmd::sync::merge(&app, &args),
        Some(Command::Completions(args)) => cmd::manual::completions(args.shell),
        Some(Command::Man) => cmd::manual::man(),
        None => default_command(&app, &cli.study),
    }
}

/// `quiz --deck D`: study on a terminal; anywhere else, check the deck and never wait for input.
fn default_command(app: &App, study: &cli::StudyArgs) -> Result<Outcome> {
    let deck = app.deck_name()?;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return cmd::study::run(app, study);
    }
    talk!(
        "quiz: stdin or stdout is not a terminal, so this ran the non-interactive deck check (`quiz check {}`)",
        text::sanitize::terminal_line(deck)
    );
    let args = cli::CheckArgs::default();
    cmd::check::run(app, &args)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::cli::Cli::command().debug_assert();
    }
}
