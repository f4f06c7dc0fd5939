//! `quiz`: a terminal quiz and flashcard tool with FSRS-6 spaced repetition.
//!
//! Data flows deck → session → schedule → store; the terminal is reached only
//! through the session's prompting trait, implemented in [`ui`].

pub mod cli;
pub mod clock;
mod cmd;
pub mod config;
pub mod deck;
pub mod error;
pub mod fsio;
pub mod grade;
pub mod hash;
pub mod report;
pub mod schedule;
pub mod session;
pub mod store;
pub mod text;
pub mod ui;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

pub use error::{Error, Result};

use cli::{Cli, Command, GlobalOptions};
use clock::Timestamp;

/// How a command that ran to the end turned out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything passed: exit 0.
    Success,
    /// The check or exam failed: exit 1.
    Failure,
}

/// What every command needs: the global options, the moment it acts at, and where things live.
#[derive(Debug)]
pub struct App {
    /// The global options as given.
    pub options: GlobalOptions,
    /// The moment the command acts at (`--now`, or the clock).
    pub now: Timestamp,
}

impl App {
    /// The folder holding progress and user decks: `--data-dir`, `QUIZ_DATA_DIR`,
    /// or `<config dir>/quiz`.
    pub fn data_dir(&self) -> Result<PathBuf> {
        if let Some(dir) = &self.options.data_dir {
            return Ok(dir.clone());
        }
        directories::ProjectDirs::from("", "", "quiz").map(|dirs| dirs.config_dir().to_path_buf()).ok_or_else(|| {
            Error::Usage(
                "cannot find your config directory (is HOME set?); pass --data-dir DIR or set QUIZ_DATA_DIR"
                    .to_string(),
            )
        })
    }

    /// The user's decks folder, if the data folder can be found.
    pub fn user_decks(&self) -> Option<PathBuf> {
        self.data_dir().ok().map(|dir| dir.join("decks"))
    }

    /// Loads the deck named by `--deck`, failing if it has errors.
    pub fn open_deck(&self) -> Result<deck::Deck> {
        self.open_named_deck(self.deck_name()?)
    }

    /// Loads the deck `name`, through the parse cache.
    pub fn open_named_deck(&self, name: &str) -> Result<deck::Deck> {
        let user_decks = self.user_decks();
        deck::open_cached(name, user_decks.as_deref(), self.cache_dir().as_deref()).map(|(_, deck, _)| deck)
    }

    /// Where parsed decks are cached: `<data dir>/cache` when the data folder is
    /// given, else the user's cache directory (`~/.cache/quiz` on Linux).
    pub fn cache_dir(&self) -> Option<PathBuf> {
        match &self.options.data_dir {
            Some(dir) => Some(dir.join("cache")),
            None => directories::ProjectDirs::from("", "", "quiz").map(|dirs| dirs.cache_dir().to_path_buf()),
        }
    }

    /// Opens (creating if needed) the progress database.
    pub fn open_store(&self) -> Result<store::Store> {
        store::Store::open(&self.data_dir()?)
    }

    /// Opens the progress database if it exists (for commands that only read).
    pub fn existing_store(&self) -> Result<Option<store::Store>> {
        store::Store::open_existing(&self.data_dir()?)
    }

    /// The user's config file (empty when there is none).
    pub fn config(&self) -> Result<config::UserConfig> {
        match self.data_dir() {
            Ok(dir) => config::UserConfig::load(&dir),
            Err(_) => Ok(config::UserConfig::default()),
        }
    }

    /// The scheduler for `deck`: retention from the flag, the user config, the deck, else 0.9.
    pub fn scheduler(&self, deck: &deck::Deck, retention_flag: Option<f64>) -> Result<schedule::Scheduler> {
        let retention = match retention_flag {
            Some(retention) => Some(config::check_retention(retention)?),
            None => self.config()?.for_deck(&deck.id.0).desired_retention.or(deck.scheduling.desired_retention),
        };
        let mut settings = schedule::SchedulerConfig::default();
        if let Some(retention) = retention {
            settings.desired_retention = retention;
        }
        schedule::Scheduler::new(settings)
    }

    /// New cards per day: the flag, the user config, the deck, else 20.
    pub fn new_per_day(&self, deck: &deck::Deck, flag: Option<u32>) -> Result<usize> {
        let configured = self.config()?.for_deck(&deck.id.0).new_per_day;
        Ok(flag.or(configured).or(deck.scheduling.new_per_day).unwrap_or(20) as usize)
    }

    /// The language to study in: `--lang` (which the deck must have), else the
    /// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) when the deck has that language,
    /// else the deck's base language.
    pub fn session_language(&self, deck: &deck::Deck) -> Result<String> {
        if self.options.lang.is_some() {
            return cmd::cards::explicit_language(self, deck);
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .unwrap_or_default();
        let wanted = locale.split(['_', '.', '-']).next().unwrap_or("").to_lowercase();
        Ok(deck
            .languages
            .iter()
            .find(|language| **language == wanted)
            .cloned()
            .unwrap_or_else(|| deck.base_language().to_string()))
    }

    /// The deck named by `--deck`, or a usage error saying how to name one.
    pub fn deck_name(&self) -> Result<&str> {
        self.options
            .deck
            .as_deref()
            .ok_or_else(|| Error::Usage("name a deck with --deck DECK (`quiz decks` lists them)".to_string()))
    }
}

/// Runs `quiz` with the process's arguments and returns its exit code:
/// 0 ok, 1 the check or exam failed, 2 usage or data error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    ui::color::apply(cli.global.color);
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(error) => {
            use colored::Colorize;
            eprintln!("{} {}", "error:".red().bold(), ui::terminal(&error.to_string()));
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let app = App { now: cli.global.now.unwrap_or_else(Timestamp::now), options: cli.global };
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
        Some(Command::Exam(args)) => cmd::exam::run(&app, &args),
        None => default_command(&app, &cli.study),
    }
}

/// `quiz --deck D`: study on a terminal; anywhere else, check the deck and never wait for input.
fn default_command(app: &App, study: &cli::StudyArgs) -> Result<Outcome> {
    let deck = app.deck_name()?;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return cmd::study::run(app, study);
    }
    eprintln!(
        "quiz: stdin or stdout is not a terminal, so this ran the non-interactive deck check (`quiz check {deck}`)"
    );
    let args = cli::CheckArgs { decks: Vec::new(), format: report::Format::Text, strict: false };
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
