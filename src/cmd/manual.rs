//! `quiz completions SHELL` and `quiz man`: what shells and `man` need,
//! generated from the one command-line definition (clap_complete, clap_mangen).

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Result;
use crate::output::{print, stdout_error};
use crate::Outcome;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "quiz", &mut script);
    print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}

/// Prints the manual page (its SUBCOMMANDS section lists every command;
/// `quiz COMMAND --help` has each one's options).
pub fn man() -> Result<Outcome> {
    let date = crate::clock::Timestamp::now().local_day().format("%Y-%m-%d").to_string();
    let mut page = Vec::new();
    let manual = clap_mangen::Man::new(Cli::command())
        .title("QUIZ")
        .date(date)
        .source(format!("quiz {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands");
    manual.render(&mut page).map_err(stdout_error)?;
    print(&tidy_roff(&String::from_utf8_lossy(&page)))?;
    Ok(Outcome::Success)
}

/// What mandoc's linter asks of clap_mangen's output: one `.sp` for the
/// empty line it puts between two `.br` requests (a paragraph break either
/// way), no trailing spaces, and text lines of at most 80 bytes as mandoc
/// counts them (a non-ASCII character as its `\[uXXXX]` escape), broken at
/// spaces: `man` fills text lines back together.
fn tidy_roff(page: &str) -> String {
    let width = |text: &str| text.chars().map(|character| if character.is_ascii() { 1 } else { 7 }).sum::<usize>();
    let page = page.replace("\n.br\n\n.br\n", "\n.sp\n");
    let mut out = String::with_capacity(page.len());
    for line in page.lines() {
        let line = line.trim_end();
        if line.starts_with('.') || width(line) <= 80 {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && width(&current) + 1 + width(word) > 80 {
                out.push_str(&current);
                out.push('\n');
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}
