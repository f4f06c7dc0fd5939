//! Timed questions: a typed answer with a visible countdown, for exams with
//! `--time-limit` or `--question-time`. Choices are lettered and items numbered,
//! as on the printed exam, so one line of input answers every kind.

use std::time::{Duration, Instant};

use console::{Key, Term};

use super::messages::Lang;
use super::terminal;
use crate::session::{Form, Given, Question, Reply};
use crate::text::letter;

/// Typed input stops growing here (an answer sheet's limit, in UTF-8 bytes).
const MAX_TYPED_BYTES: usize = 4 * crate::session::exam::MAX_ANSWER_CHARS;

/// Waits up to a quarter second for a key, so the countdown can be redrawn:
/// `None` when time ran out, `Some(None)` on Ctrl-C or a closed terminal, and
/// `Some(Some(Key::Unknown))` when no key came yet.
fn key_before(term: &Term, deadline: Instant) -> Option<Option<Key>> {
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return None;
    }
    if !stdin_ready(remaining.min(Duration::from_millis(250))) {
        return Some(Some(Key::Unknown));
    }
    Some(match term.read_key() {
        Ok(Key::CtrlC) | Err(_) => None,
        Ok(key) => Some(key),
    })
}

#[cfg(unix)]
fn stdin_ready(wait: Duration) -> bool {
    let mut descriptor = libc::pollfd { fd: libc::STDIN_FILENO, events: libc::POLLIN, revents: 0 };
    let millis = wait.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: one valid pollfd for the lifetime of the call.
    let ready = unsafe { libc::poll(&mut descriptor, 1, millis) };
    ready > 0
}

#[cfg(not(unix))]
fn stdin_ready(_wait: Duration) -> bool {
    true
}

/// Keeps the terminal in non-canonical, no-echo mode while a timed question is
/// open, so single keys can be polled; restores it when dropped.
struct KeyMode {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl KeyMode {
    fn enter() -> Self {
        #[cfg(unix)]
        {
            let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr fills the struct when it returns 0.
            let saved = unsafe {
                if libc::tcgetattr(libc::STDIN_FILENO, settings.as_mut_ptr()) == 0 {
                    Some(settings.assume_init())
                } else {
                    None
                }
            };
            if let Some(original) = saved {
                let mut raw = original;
                raw.c_lflag &= !(libc::ICANON | libc::ECHO);
                raw.c_cc[libc::VMIN] = 1;
                raw.c_cc[libc::VTIME] = 0;
                // SAFETY: a valid termios copied from the terminal's own.
                unsafe {
                    libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw);
                }
            }
            KeyMode { saved }
        }
        #[cfg(not(unix))]
        KeyMode {}
    }
}

impl Drop for KeyMode {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(original) = self.saved {
            // SAFETY: restoring the settings read in `enter`.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &original);
            }
        }
    }
}

/// The countdown as `m:ss`.
fn countdown(deadline: Instant) -> String {
    let seconds = deadline.saturating_duration_since(Instant::now()).as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Reads one line of typed input before `deadline`, redrawing the countdown.
/// `Ok(None)` when time ran out; `Err(())` when the learner quit.
fn read_line(term: &Term, label: &str, deadline: Instant, lang: Lang) -> Result<Option<String>, ()> {
    let mut typed = String::new();
    let mut shown = String::new();
    loop {
        let line = format!("{label} [{} {}] > {typed}", countdown(deadline), lang.left());
        if line != shown {
            let _ = term.clear_line();
            let _ = term.write_str(&line);
            let _ = term.flush();
            shown = line;
        }
        match key_before(term, deadline) {
            None => {
                let _ = term.write_line(&format!("  — {}", lang.time_is_up()));
                return Ok(None);
            }
            Some(None) | Some(Some(Key::Escape)) => {
                let _ = term.write_line("");
                return Err(());
            }
            Some(Some(Key::Enter)) => {
                let _ = term.write_line("");
                return Ok(Some(typed));
            }
            Some(Some(Key::Backspace)) => {
                typed.pop();
            }
            Some(Some(Key::Char(character))) if !character.is_control() && typed.len() < MAX_TYPED_BYTES => {
                typed.push(character)
            }
            Some(Some(_)) => {}
        }
    }
}

/// Asks `question` with a countdown to `deadline`. The answer comes back as
/// typed (letters for choices, numbers for items); the session reads it, and
/// asks again with `question.again` set when it cannot.
pub fn ask(term: &Term, question: &Question, deadline: Instant, lang: Lang) -> Reply<Given> {
    let _mode = KeyMode::enter();
    let hint = lang.timed_hint(&question.form);
    if question.again {
        let retry = format!("{} {hint}.", lang.cannot_read());
        let _ = term.write_line(&format!("{}", console::style(retry).yellow()));
    } else {
        let _ = term.write_line(&super::render::styled_text(&question.prompt));
        match &question.form {
            Form::Choice { choices } | Form::Multi { choices } => {
                for (position, choice) in choices.iter().enumerate() {
                    let _ = term.write_line(&format!("  {}) {}", letter(position), terminal(choice)));
                }
            }
            Form::Order { items } => {
                for (position, item) in items.iter().enumerate() {
                    let _ = term.write_line(&format!("  {}. {}", position + 1, terminal(item)));
                }
            }
            Form::Flashcard { .. } | Form::TrueFalse | Form::Text | Form::Cloze { .. } => {}
        }
        let _ = term.write_line(&format!("{}", console::style(format!("({hint}; {})", lang.timed_keys())).dim()));
    }
    if let Form::Cloze { gaps } = &question.form {
        let mut answers = Vec::with_capacity(*gaps);
        for gap in 1..=*gaps {
            match read_line(term, &format!("{} [{gap}]", lang.gap_label()), deadline, lang) {
                Ok(Some(text)) => answers.push(text),
                Ok(None) => return Reply::Answer(Given::Nothing),
                Err(()) => return Reply::Quit,
            }
        }
        return Reply::Answer(Given::Texts(answers));
    }
    match read_line(term, lang.answer_label(), deadline, lang) {
        Ok(Some(typed)) => Reply::Answer(Given::Text(typed)),
        Ok(None) => Reply::Answer(Given::Nothing),
        Err(()) => Reply::Quit,
    }
}
