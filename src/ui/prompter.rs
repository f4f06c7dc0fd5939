//! The real terminal: a [`Prompter`] on dialoguer. Only this file imports dialoguer.

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use console::{Key, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, MultiSelect, Select, Sort};

use super::messages::Lang;
use super::{render, terminal};
use crate::schedule::Rating;
use crate::session::{Feedback, Form, Given, Notice, Prompter, Question, RatingAction, RatingPrompt, Reply};

/// Whether the process can prompt: stdin and stdout are terminals.
pub fn can_prompt() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Prompts on the terminal with dialoguer.
pub struct TerminalPrompter {
    term: Term,
    lang: Lang,
    /// Whether the terminal was already restored (so it is done once).
    restored: std::cell::Cell<bool>,
    theme: Box<dyn Theme>,
    interrupted: Arc<AtomicBool>,
}

impl TerminalPrompter {
    /// A prompter on stderr (stdout when stderr is redirected). Installs a Ctrl-C
    /// handler that only raises a flag: the prompt in progress then returns and
    /// the session ends cleanly with its summary.
    pub fn new(lang: Lang) -> Self {
        let term = if io::stderr().is_terminal() { Term::stderr() } else { Term::stdout() };
        let interrupted = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&interrupted);
        // A second handler cannot be installed in one process; the first one serves.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
        let theme: Box<dyn Theme> = if colored::control::SHOULD_COLORIZE.should_colorize() {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        TerminalPrompter { term, lang, restored: std::cell::Cell::new(false), theme, interrupted }
    }

    fn line(&self, text: &str) {
        let _ = self.term.write_line(text);
    }

    fn stop_requested(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// Turns a dialoguer result into a reply: Esc, `q`, Ctrl-C and errors end the session.
    fn settle<T>(&self, result: dialoguer::Result<Option<T>>) -> Reply<T> {
        match result {
            Ok(Some(value)) if !self.stop_requested() => Reply::Answer(value),
            _ => {
                self.restore();
                Reply::Quit
            }
        }
    }

    /// Leaves the terminal as we found it: cursor visible, on a fresh line.
    pub fn restore(&self) {
        if !self.restored.replace(true) {
            let _ = self.term.show_cursor();
            let _ = self.term.write_line("");
        }
    }

    fn text(&self, label: &str) -> Reply<String> {
        let result = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(label)
            .allow_empty(true)
            .interact_text_on(&self.term)
            .map(Some);
        self.settle(result)
    }

    fn read_key(&self) -> Option<Key> {
        if self.stop_requested() {
            return None;
        }
        match self.term.read_key() {
            Ok(Key::CtrlC) | Err(_) => None,
            Ok(_) if self.stop_requested() => None,
            Ok(key) => Some(key),
        }
    }
}

impl Prompter for TerminalPrompter {
    fn ask(&mut self, question: &Question) -> Reply<Given> {
        if self.stop_requested() {
            return Reply::Quit;
        }
        if !question.again {
            self.line("");
            self.line(&render::header(&question.header, self.lang));
        }
        if let Some(deadline) = question.deadline {
            let reply = super::timed::ask(&self.term, question, deadline, self.lang, &self.interrupted);
            if reply == Reply::Quit || self.stop_requested() {
                self.restore();
                return Reply::Quit;
            }
            return reply;
        }
        self.line(&render::styled_text(&question.prompt));
        let items = |list: &[String]| -> Vec<String> { list.iter().map(|item| terminal(item).into_owned()).collect() };
        match &question.form {
            Form::Flashcard { .. } => {
                self.line(&format!("{}", console::style(self.lang.reveal()).dim()));
                loop {
                    match self.read_key() {
                        Some(Key::Enter) | Some(Key::Char(' ')) => return Reply::Answer(Given::Revealed),
                        Some(Key::Char('q')) | Some(Key::Escape) | None => {
                            self.restore();
                            return Reply::Quit;
                        }
                        Some(_) => {}
                    }
                }
            }
            Form::Choice { choices } => {
                let result = Select::with_theme(self.theme.as_ref())
                    .items(&items(choices))
                    .default(0)
                    .report(true)
                    .interact_on_opt(&self.term);
                self.settle(result).map(Given::Index)
            }
            Form::TrueFalse => {
                let result = Select::with_theme(self.theme.as_ref())
                    .items(&self.lang.true_false())
                    .default(0)
                    .interact_on_opt(&self.term);
                self.settle(result).map(Given::Index)
            }
            Form::Multi { choices } => {
                self.line(&format!("{}", console::style(self.lang.multi_hint()).dim()));
                let result =
                    MultiSelect::with_theme(self.theme.as_ref()).items(&items(choices)).interact_on_opt(&self.term);
                self.settle(result).map(Given::Indexes)
            }
            Form::Order { items: list } => {
                self.line(&format!("{}", console::style(self.lang.order_hint()).dim()));
                let result = Sort::with_theme(self.theme.as_ref()).items(&items(list)).interact_on_opt(&self.term);
                self.settle(result).map(Given::Indexes)
            }
            Form::Text => self.text(self.lang.answer_label()).map(Given::Text),
            Form::Cloze { gaps } => {
                let mut answers = Vec::with_capacity(*gaps);
                for gap in 1..=*gaps {
                    let label = if *gaps == 1 {
                        self.lang.gap_label().to_string()
                    } else {
                        format!("{} [{gap}]", self.lang.gap_label())
                    };
                    match self.text(&label) {
                        Reply::Answer(text) => answers.push(text),
                        Reply::Quit => return Reply::Quit,
                    }
                }
                Reply::Answer(Given::Texts(answers))
            }
        }
    }

    fn feedback(&mut self, feedback: &Feedback) {
        let _ = self.term.write_str(&render::feedback(feedback, self.lang));
    }

    fn rate(&mut self, prompt: &RatingPrompt) -> RatingAction {
        self.line(&render::rating_line(prompt, self.lang));
        loop {
            let action = match self.read_key() {
                None | Some(Key::Char('q')) | Some(Key::Escape) => RatingAction::Quit,
                Some(Key::Enter) => RatingAction::Rate(prompt.default),
                Some(Key::Char('1')) => RatingAction::Rate(Rating::Again),
                Some(Key::Char('2')) => RatingAction::Rate(Rating::Hard),
                Some(Key::Char('3')) => RatingAction::Rate(Rating::Good),
                Some(Key::Char('4')) => RatingAction::Rate(Rating::Easy),
                Some(Key::Char('u')) if prompt.can_undo => RatingAction::Undo,
                Some(Key::Char('s')) => RatingAction::Suspend,
                Some(Key::Char('b')) => RatingAction::Bury,
                Some(_) => continue,
            };
            if let RatingAction::Rate(rating) = action {
                let name = self.lang.ratings()[rating as usize - 1];
                self.line(&format!("{}", console::style(format!("→ {name}")).dim()));
            }
            if action == RatingAction::Quit {
                self.restore();
            }
            return action;
        }
    }

    fn self_grade(&mut self, default: Rating) -> Reply<Rating> {
        self.line(&render::grade_line(default, self.lang));
        loop {
            let rating = match self.read_key() {
                None | Some(Key::Char('q')) | Some(Key::Escape) => {
                    self.restore();
                    return Reply::Quit;
                }
                Some(Key::Enter) => default,
                Some(Key::Char('1')) => Rating::Again,
                Some(Key::Char('2')) => Rating::Hard,
                Some(Key::Char('3')) => Rating::Good,
                Some(Key::Char('4')) => Rating::Easy,
                Some(_) => continue,
            };
            let name = self.lang.ratings()[rating as usize - 1];
            self.line(&format!("{}", console::style(format!("→ {name}")).dim()));
            return Reply::Answer(rating);
        }
    }

    fn notice(&mut self, notice: Notice) {
        let message = match notice {
            Notice::TakenBack => self.lang.taken_back(),
            Notice::Suspended => self.lang.suspended(),
            Notice::Buried => self.lang.buried(),
        };
        self.line(&format!("{}", console::style(message).yellow()));
    }
}
