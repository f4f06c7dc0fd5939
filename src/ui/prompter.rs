//! The real terminal: a [`Prompter`] drawn with crossterm. Lists are
//! `ui::list`, typed answers `ui::line`, and every key is read by `ui::keys`
//! in raw mode, entered before anything of a prompt is drawn and left on every
//! way out by a guard.

use std::cell::Cell;
use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use colored::Colorize;

use super::canvas::{rows_of, Out};
use super::keys::{self, Key, RawMode};
use super::list::{self, List, Mode};
use super::messages::Lang;
use super::wrap::terminal_columns;
use super::{line, render, terminal};
use crate::schedule::Rating;
use crate::session::{Feedback, Form, Given, Notice, Prompter, Question, RatingAction, RatingPrompt, Reply};

/// Whether the process can prompt: stdin and stdout are terminals.
pub fn can_prompt() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Prompts on the terminal.
pub struct TerminalPrompter {
    out: Out,
    lang: Lang,
    /// Whether the terminal was already restored (so it is done once).
    restored: Cell<bool>,
    interrupted: Arc<AtomicBool>,
}

impl TerminalPrompter {
    /// A prompter on stderr (stdout when stderr is redirected). Installs a Ctrl-C
    /// handler that only raises a flag: the prompt in progress then returns and
    /// the session ends cleanly with its summary.
    pub fn new(lang: Lang) -> Self {
        let out = Out::detect();
        let interrupted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupted);
        // A second handler cannot be installed in one process; the first one serves.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
        TerminalPrompter { out, lang, restored: Cell::new(false), interrupted }
    }

    fn line(&self, text: &str) {
        self.out.line(text);
    }

    fn stop_requested(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// Ends the session from a prompt: the terminal is restored first.
    fn quit<T>(&self) -> Reply<T> {
        self.restore();
        Reply::Quit
    }

    /// Leaves the terminal as we found it: cursor visible, on a fresh line.
    pub fn restore(&self) {
        if !self.restored.replace(true) {
            self.out.command(crossterm::cursor::Show);
            self.line("");
        }
    }

    fn read_key(&self) -> Key {
        keys::read(&self.interrupted)
    }

    /// The header (after a blank line); the rows it took.
    fn header(&self, question: &Question, columns: usize) -> usize {
        if question.again.is_some() {
            return 0;
        }
        let header = render::header(&question.header, self.lang);
        self.line("");
        self.line(&header);
        1 + rows_of(&header, columns)
    }

    fn list(&self, mode: Mode, items: Vec<String>, question_rows: usize, header_rows: usize) -> Reply<Given> {
        let hint = self.lang.list_hint(mode, items.len(), list::q_quits(mode, items.len()));
        let list = List::new(mode, items);
        match list::ask(self.out, list, &hint, question_rows, header_rows, self.lang, &self.interrupted) {
            Reply::Answer(given) if !self.stop_requested() => Reply::Answer(given),
            Reply::Answer(_) | Reply::Quit => self.quit(),
        }
    }

    fn text(&self, label: &str, question_rows: usize) -> Reply<String> {
        match line::ask(self.out, label, question_rows, &self.interrupted) {
            Reply::Answer(text) if !self.stop_requested() => Reply::Answer(text),
            Reply::Answer(_) | Reply::Quit => self.quit(),
        }
    }

    /// Reads a rating key: 1–4, Enter for `default`, or quit; `other` maps any
    /// further keys the step offers. Says which rating was taken.
    fn rating_key(&self, default: Rating, other: impl Fn(char) -> Option<RatingAction>) -> RatingAction {
        let action = loop {
            let action = match self.read_key() {
                Key::Interrupt | Key::Escape | Key::Char('q') => RatingAction::Quit,
                Key::Enter => RatingAction::Rate(default),
                Key::Char('1') => RatingAction::Rate(Rating::Again),
                Key::Char('2') => RatingAction::Rate(Rating::Hard),
                Key::Char('3') => RatingAction::Rate(Rating::Good),
                Key::Char('4') => RatingAction::Rate(Rating::Easy),
                Key::Char(character) => match other(character) {
                    Some(action) => action,
                    None => continue,
                },
                _ => continue,
            };
            break action;
        };
        if let RatingAction::Rate(rating) = action {
            let name = self.lang.ratings()[rating as usize - 1];
            self.line(&format!("→ {name}").dimmed().to_string());
        }
        if action == RatingAction::Quit {
            self.restore();
        }
        action
    }
}

/// List items as drawn: sanitised, tabs as spaces (a tab's width depends on the column).
fn items(list: &[String]) -> Vec<String> {
    list.iter().map(|item| terminal(item).replace('\t', " ")).collect()
}

impl Prompter for TerminalPrompter {
    fn ask(&mut self, question: &Question) -> Reply<Given> {
        if self.stop_requested() {
            return Reply::Quit;
        }
        let columns = terminal_columns();
        if let Some(deadline) = question.deadline {
            self.header(question, columns);
            let reply = super::timed::ask(self.out, question, deadline, self.lang, &self.interrupted);
            if reply == Reply::Quit || self.stop_requested() {
                return self.quit();
            }
            return reply;
        }
        // Raw from before the question is drawn, so no key typed on seeing it is echoed.
        let _raw = RawMode::enter(self.out, false);
        let header_rows = self.header(question, columns);
        // Asked again: the prompt is still on screen; say why instead.
        let prompt = match question.again {
            Some(unread) => format!("{}\n", self.lang.retry(&question.form, unread).yellow()),
            None => render::prompt(&question.prompt),
        };
        self.out.write(&prompt);
        let question_rows = header_rows + rows_of(&prompt, columns);
        match &question.form {
            Form::Flashcard { .. } => {
                self.line(&self.lang.reveal().dimmed().to_string());
                loop {
                    match self.read_key() {
                        Key::Enter | Key::Char(' ') => return Reply::Answer(Given::Revealed),
                        Key::Char('q') | Key::Escape | Key::Interrupt => return self.quit(),
                        _ => {}
                    }
                }
            }
            Form::Choice { choices } => self.list(Mode::Choice, items(choices), question_rows, header_rows),
            Form::TrueFalse => {
                let sides = self.lang.true_false().iter().map(|side| side.to_string()).collect();
                self.list(Mode::TrueFalse, sides, question_rows, header_rows)
            }
            Form::Multi { choices } => self.list(Mode::Multi, items(choices), question_rows, header_rows),
            Form::Order { items: list } => self.list(Mode::Order, items(list), question_rows, header_rows),
            Form::Text => self.text(self.lang.answer_label(), question_rows).map(Given::Text),
            Form::Cloze { gaps } => {
                let mut answers = Vec::with_capacity(*gaps);
                for gap in 1..=*gaps {
                    let label = if *gaps == 1 {
                        self.lang.gap_label().to_string()
                    } else {
                        format!("{} [{gap}]", self.lang.gap_label())
                    };
                    match self.text(&label, question_rows + gap - 1) {
                        Reply::Answer(text) => answers.push(text),
                        Reply::Quit => return Reply::Quit,
                    }
                }
                Reply::Answer(Given::Texts(answers))
            }
        }
    }

    fn feedback(&mut self, feedback: &Feedback) {
        self.out.write(&render::feedback(feedback, self.lang));
    }

    fn rate(&mut self, prompt: &RatingPrompt) -> RatingAction {
        let _raw = RawMode::enter(self.out, false);
        self.line(&render::rating_line(prompt, self.lang));
        self.rating_key(prompt.default, |key| match key {
            'u' if prompt.can_undo => Some(RatingAction::Undo),
            's' => Some(RatingAction::Suspend),
            'b' => Some(RatingAction::Bury),
            'r' if prompt.has_source => Some(RatingAction::ReadSource),
            '?' => {
                self.line(&render::rating_help(prompt, self.lang).dimmed().to_string());
                None
            }
            _ => None,
        })
    }

    fn self_grade(&mut self, default: Rating) -> Reply<Rating> {
        let _raw = RawMode::enter(self.out, false);
        self.line(&render::grade_line(default, self.lang));
        match self.rating_key(default, |_| None) {
            RatingAction::Rate(rating) => Reply::Answer(rating),
            RatingAction::Quit
            | RatingAction::Undo
            | RatingAction::Suspend
            | RatingAction::Bury
            | RatingAction::ReadSource => Reply::Quit,
        }
    }

    fn notice(&mut self, notice: &Notice) {
        self.line(&render::notice(notice, self.lang));
    }
}
