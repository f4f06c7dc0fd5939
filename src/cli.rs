//! The command line: clap definitions only. `crate::run` dispatches.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Parser, Subcommand};

use crate::clock::Timestamp;
use crate::report::{CheckFormat, Format};
use crate::schedule::Rating;
use crate::ui::color::ColorChoice;

/// What `quiz --version` says: the release, the deck format it reads
/// ([`crate::deck::FORMAT_VERSION`]; a test keeps them equal) and the git
/// commit it was built from (`unknown` outside a git checkout).
pub const LONG_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\ndeck format 1\ncommit ", env!("QUIZ_GIT_COMMIT"));

/// A terminal quiz and flashcard tool with FSRS-6 spaced repetition.
///
/// `quiz --deck asyncio` studies the bundled asyncio deck on a terminal. Without a
/// terminal (CI, a pipe) it checks the deck instead and never waits for input.
#[derive(Debug, Parser)]
#[command(name = "quiz", version, long_version = LONG_VERSION, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOptions,

    /// Study options for `quiz --deck D` without a subcommand.
    #[command(flatten)]
    pub study: StudyArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct GlobalOptions {
    /// The deck: an id (`asyncio`) or a path to a .toml file.
    #[arg(long, short = 'd', global = true, value_name = "DECK")]
    pub deck: Option<String>,

    /// Where progress is stored [default: <config dir>/quiz].
    #[arg(long, global = true, env = "QUIZ_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Act as if it were this moment (RFC 3339), for previews, simulations and tests.
    #[arg(long, global = true, env = "QUIZ_NOW", value_name = "RFC3339")]
    pub now: Option<Timestamp>,

    /// Card language (e.g. `en`, `ko`) [default: from LANG/LC_ALL when the deck has it].
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// Print data as JSON (every command; for check and exam, the same as --format json).
    #[arg(long, global = true)]
    pub json: bool,

    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check decks and their notes; exit 1 when a deck has errors.
    Check(CheckArgs),
    /// List the decks available by name.
    Decks,
    /// Print a deck's cards with their progress (with --json, as one JSON array).
    Cards,
    /// Study due and new cards on a terminal (the default with --deck).
    Study(StudyArgs),
    /// Cram: every (or every tagged) card until each is answered right; leaves the schedule alone.
    Drill(DrillArgs),
    /// Record one review without a terminal and print the new due time.
    Review(ReviewArgs),
    /// Show progress: states, due cards, a 30-day forecast, retention, mastery per tag, leeches, a year's history.
    Stats,
    /// Take back the last review and restore the card's previous state.
    Undo,
    /// Stop showing a card until it is unsuspended.
    Suspend(CardArgs),
    /// Show a suspended card again.
    Unsuspend(CardArgs),
    /// Write the deck for another tool (Anki, Moodle, Kahoot, a spreadsheet), or the review log as CSV.
    Export(ExportArgs),
    /// Recompute every card's state from the review log (after changing retention or parameters).
    Rebuild,
    /// Fit FSRS parameters to the deck's reviews; keep them if they predict better (then `quiz rebuild`).
    Optimize(OptimizeArgs),
    /// A seeded, timed, graded exam; or grade answer sheets; or print a paper exam.
    Exam(ExamArgs),
    /// Make a deck from another tool's file (Anki package, CSV, TSV, GIFT, Aiken, Moodle XML).
    Import(ImportArgs),
    /// Serve the exam to a classroom's browsers, or the study session to yours.
    Serve(ServeArgs),
    /// Start a deck from a notes file: one commented example card per section, citations filled in.
    New(NewArgs),
    /// Sync progress with your other devices through a shared folder (Syncthing, Dropbox, a git repository).
    Sync(SyncArgs),
    /// Merge the progress of another copy of the store (a backup, a copy on a USB stick) into this one.
    Merge(MergeArgs),
    /// Print the shell completion script for SHELL (see the README to install it).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `quiz man > ~/.local/share/man/man1/quiz.1`.
    Man,
}

/// `quiz sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The shared folder [default: `sync_dir` in config.toml, else the folder of the last sync].
    #[arg(long, value_name = "PATH")]
    pub dir: Option<std::path::PathBuf>,

    /// Show the devices seen in the folder, the last sync and what is waiting; change nothing.
    #[arg(long)]
    pub status: bool,
}

/// `quiz merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The other store: a `progress.sqlite3` file (it is only read).
    #[arg(value_name = "OTHER.sqlite3")]
    pub other: std::path::PathBuf,
}

/// `quiz new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new deck's id: lowercase letters, digits and `-` (e.g. `asyncio`).
    pub id: String,

    /// The notes to start from: Markdown, or reStructuredText for a `.rst` file.
    #[arg(long, value_name = "NOTES")]
    pub from: std::path::PathBuf,

    /// Where to write the deck (in the notes' folder or above it) [default:
    /// ID.toml beside the notes]; `-` prints it (for a file beside the notes).
    #[arg(long, value_name = "PATH")]
    pub out: Option<std::path::PathBuf>,

    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `quiz optimize`.
#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Every deck with reviews in the store, instead of --deck.
    #[arg(long, conflicts_with = "deck")]
    pub all: bool,

    /// Fit, compare and print, but store nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Keep fitted parameters that predict better even from fewer than 400 reviews.
    #[arg(long)]
    pub force: bool,

    /// Forget the deck's fitted parameters: it is scheduled with FSRS-6's defaults again.
    #[arg(long, conflicts_with_all = ["dry_run", "force"])]
    pub reset: bool,
}

/// `quiz completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete `quiz` in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `quiz serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Serve a seeded exam to students (the personal study page is not in this build yet).
    #[arg(long)]
    pub exam: bool,

    /// The seed that picks and orders the questions (as `quiz exam --seed`).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// Number of questions [default: every card].
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,

    /// Only cards with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Time for the whole exam, from each student's start, e.g. `15m`.
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration)]
    pub time_limit: Option<std::time::Duration>,

    /// Time for each question, e.g. `60s` (one question per page).
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration)]
    pub question_time: Option<std::time::Duration>,

    /// The pass mark, a share of questions from 0 to 1.
    #[arg(long, value_name = "SHARE", default_value_t = 0.7)]
    pub pass: f64,

    /// Where to listen: `0.0.0.0:8080` for the room (anyone on the network), `127.0.0.1:0` for a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,

    /// Where each student's answer sheet (NAME.toml) is written [default: <data dir>/serve/DECK-SEED].
    #[arg(long, value_name = "DIR")]
    pub results: Option<PathBuf>,

    /// Write the class report (CSV, as `quiz exam --answers-dir --report`) when the exam ends.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// One question per page, or all questions on one page.
    #[arg(long, value_enum, default_value_t = crate::serve::room::Layout::One)]
    pub layout: crate::serve::room::Layout,
}

/// `quiz import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The file's format [default: worked out from its name and contents].
    #[arg(long, value_enum, default_value_t = crate::import::Format::Auto)]
    pub format: crate::import::Format,

    /// The new deck's id [default: from the file's name].
    #[arg(long, value_name = "DECK_ID")]
    pub id: Option<String>,

    /// Where to write the deck [default: <data dir>/decks/ID.toml, where `quiz --deck ID` finds it].
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// Bring an Anki package's review history along (Anki packages only).
    #[arg(long)]
    pub with_history: bool,

    /// Replace an existing deck file (cards keep their ids, so progress is kept).
    #[arg(long)]
    pub force: bool,

    /// Report what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `quiz exam`.
#[derive(Debug, Args)]
pub struct ExamArgs {
    /// Number of questions, sampled across sections (tags) [default: every card].
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,

    /// Only cards with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// The seed that picks and orders the questions; the same seed gives the same exam everywhere.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,

    /// Time for the whole exam, e.g. `15m`, `1h`, `90s`: answers are typed under a countdown; Esc,
    /// Ctrl-C or a lone `q` ends the exam, recorded as abandoned.
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration)]
    pub time_limit: Option<std::time::Duration>,

    /// Time for each question, e.g. `60s`.
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration)]
    pub question_time: Option<std::time::Duration>,

    /// The pass mark, a share of questions from 0 to 1.
    #[arg(long, value_name = "SHARE", default_value_t = 0.7)]
    pub pass: f64,

    /// Also write the report to FILE (format from --format, or from the extension: .json, .csv, .xml).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Report format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Show whether each answer was right as you go.
    #[arg(long)]
    pub feedback: bool,

    /// Let the exam's answers count as reviews for the FSRS schedule.
    #[arg(long)]
    pub record: bool,

    /// Grade this answer sheet (TOML) instead of asking; never prompts.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["answers_dir", "print"])]
    pub answers: Option<PathBuf>,

    /// Grade every sheet (*.toml) in DIR into one class report.
    #[arg(long, value_name = "DIR", conflicts_with = "print")]
    pub answers_dir: Option<PathBuf>,

    /// Print the exam as Markdown, for paper (card ids appear only in the key).
    #[arg(long)]
    pub print: bool,

    /// With --print: add the answer key.
    #[arg(long, requires = "print")]
    pub key: bool,
}

/// Options of a study session.
#[derive(Debug, Args, Clone, Default)]
pub struct StudyArgs {
    /// New cards per day, counted across sessions [default: the deck's, else 20].
    #[arg(long, value_name = "N")]
    pub new: Option<u32>,

    /// At most N cards this session.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Only cards with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Skip the rating step: correct → Good, typo → Hard, wrong → Again.
    #[arg(long)]
    pub auto: bool,

    /// Desired retention for scheduling (0.7 to 0.99) [default: config, deck, else 0.9].
    #[arg(long, value_name = "R")]
    pub retention: Option<f64>,

    /// Record the answers even when --now is more than a minute from the real
    /// clock (such a session is otherwise a preview that records nothing).
    #[arg(long)]
    pub record: bool,
}

/// `quiz drill`.
#[derive(Debug, Args)]
pub struct DrillArgs {
    /// Only cards with this tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Shuffle seed [default: from the clock].
    #[arg(long)]
    pub seed: Option<u64>,

    /// Record the answers even when --now is more than a minute from the real
    /// clock (such a drill is otherwise a preview that records nothing).
    #[arg(long)]
    pub record: bool,
}

/// `quiz review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The card's id.
    #[arg(long, value_name = "ID")]
    pub card: String,

    /// How well you recalled it: again, hard, good, easy, or 1 to 4.
    #[arg(long, value_name = "RATING", value_parser = clap::value_parser!(Rating))]
    pub rating: Rating,

    /// Desired retention for scheduling (0.7 to 0.99).
    #[arg(long, value_name = "R")]
    pub retention: Option<f64>,
}

/// A command about one card.
#[derive(Debug, Args)]
pub struct CardArgs {
    /// The card's id.
    #[arg(long, value_name = "ID")]
    pub card: String,
}

/// `quiz export`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["reviews", "format"])))]
pub struct ExportArgs {
    /// Write the review log to this CSV file (`-` for stdout).
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["format", "out", "with_history"])]
    pub reviews: Option<PathBuf>,

    /// Write the deck's cards in this format (to --out).
    #[arg(long, value_enum, requires = "out")]
    pub format: Option<crate::export::Format>,

    /// Where to write the deck (`-` for stdout, text formats only).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Include the review log (Anki packages: as Anki's `revlog`, so the history comes along).
    #[arg(long, requires = "format")]
    pub with_history: bool,
}

/// `quiz check`.
#[derive(Debug, Default, Args)]
pub struct CheckArgs {
    /// Deck ids or paths (in addition to --deck).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,

    /// Output format [default: text, or json with --json].
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,

    /// Fail on warnings too (e.g. a missing translation, a stale source).
    #[arg(long)]
    pub strict: bool,

    /// Also report how much of the notes the cards cover: per section, the
    /// cards citing it and the paragraphs no quote falls in.
    #[arg(long)]
    pub coverage: bool,

    /// Fail when the cards cite less than this share of the notes' sections
    /// (0 to 1, e.g. 0.8); a section counts when it or a subsection is cited.
    #[arg(long, value_name = "RATIO", value_parser = ratio)]
    pub min_coverage: Option<f64>,

    /// Fail when the cards' quotes fall in less than this share of the notes'
    /// paragraphs (0 to 1).
    #[arg(long, value_name = "RATIO", value_parser = ratio)]
    pub min_paragraph_coverage: Option<f64>,

    /// Write each cited section's current fingerprint into the deck file
    /// (`checked = "…"`), once you have reviewed the cards; the rest of the
    /// file is kept as it is.
    #[arg(long)]
    pub update_fingerprints: bool,

    /// With --update-fingerprints: only these cards (repeat the option).
    #[arg(long = "card", value_name = "ID", requires = "update_fingerprints")]
    pub cards: Vec<String>,
}

/// A share from 0 to 1, as `--min-coverage` takes it.
fn ratio(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err(format!("`{text}` is not a share from 0 to 1, such as 0.8")),
    }
}

impl Command {
    /// The subcommand's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Check(_) => "check",
            Command::Decks => "decks",
            Command::Cards => "cards",
            Command::Study(_) => "study",
            Command::Drill(_) => "drill",
            Command::Review(_) => "review",
            Command::Stats => "stats",
            Command::Undo => "undo",
            Command::Suspend(_) => "suspend",
            Command::Unsuspend(_) => "unsuspend",
            Command::Export(_) => "export",
            Command::Import(_) => "import",
            Command::Serve(_) => "serve",
            Command::New(_) => "new",
            Command::Completions(_) => "completions",
            Command::Man => "man",
            Command::Rebuild => "rebuild",
            Command::Optimize(_) => "optimize",
            Command::Exam(_) => "exam",
            Command::Sync(_) => "sync",
            Command::Merge(_) => "merge",
        }
    }

    /// Which of the global options `--deck`, `--now` and `--lang` the command uses.
    fn uses(&self) -> [(&'static str, bool); 3] {
        let (deck, now, lang) = match self {
            Command::Check(_) => (true, false, false),
            Command::Decks | Command::Import(_) | Command::New(_) | Command::Completions(_) | Command::Man => {
                (false, false, false)
            }
            Command::Cards | Command::Study(_) | Command::Drill(_) | Command::Exam(_) => (true, true, true),
            Command::Serve(_) => (true, false, true),
            Command::Sync(_) | Command::Merge(_) => (false, true, false),
            Command::Review(_) | Command::Stats | Command::Optimize(_) => (true, true, false),
            Command::Undo | Command::Suspend(_) | Command::Unsuspend(_) | Command::Export(_) | Command::Rebuild => {
                (true, false, false)
            }
        };
        [("deck", deck), ("now", now), ("lang", lang)]
    }
}

/// Rejects a global option given on the command line to a command that would
/// ignore it (`quiz decks --now …`). Values from the environment (`QUIZ_NOW`)
/// are not rejected: they are meant for every command that uses them.
pub fn reject_ignored(cli: &Cli, matches: &ArgMatches) -> Result<(), String> {
    let (Some(command), Some((_, sub_matches))) = (&cli.command, matches.subcommand()) else {
        return Ok(());
    };
    // `quiz --limit 3 decks`: the study options before a subcommand belong to `quiz --deck D` alone.
    for (id, flag) in
        [("new", "--new"), ("limit", "--limit"), ("tags", "--tag"), ("auto", "--auto"), ("retention", "--retention")]
    {
        if matches.value_source(id) == Some(ValueSource::CommandLine) {
            return Err(format!(
                "`{flag}` before `{}` belongs to studying (`quiz --deck D {flag} …`); give the options of `quiz {}` after it",
                command.name(),
                command.name()
            ));
        }
    }
    for (option, used) in command.uses() {
        let given =
            [matches, sub_matches].iter().any(|found| found.value_source(option) == Some(ValueSource::CommandLine));
        if given && !used {
            return Err(format!("`--{option}` does not apply to `quiz {}`; leave it out", command.name()));
        }
    }
    Ok(())
}
