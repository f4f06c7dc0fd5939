//! Timed questions: a typed answer with a visible countdown, for exams with
//! `--time-limit` or `--question-time`. Choices are lettered and items numbered,
//! as on the printed exam, so one line of input answers every kind.

use std::time::{Duration, Instant};

use console::{Key, Term};

use super::messages::Lang;
use super::terminal;
use crate::grade;
use crate::session::{Form, Given, Question, Reply};
use crate::text::{letter, normalize, position_of_letter};

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
            Some(Some(Key::Char(character))) if !character.is_control() => typed.push(character),
            Some(Some(_)) => {}
        }
    }
}

/// What a typed line means for `form`; `None` when it cannot be read (the
/// learner is asked again).
pub fn parse_typed(form: &Form, typed: &str) -> Option<Given> {
    let words = || typed.split([',', ' ']).map(str::trim).filter(|word| !word.is_empty());
    match form {
        Form::Choice { choices } => {
            let wanted = normalize(typed);
            choices
                .iter()
                .position(|choice| normalize(choice) == wanted)
                .or_else(|| position_of_letter(typed).filter(|position| *position < choices.len()))
                .map(Given::Index)
                // Anything else may be an alternate spelling of the right choice.
                .or_else(|| (!typed.trim().is_empty()).then(|| Given::Text(typed.to_string())))
        }
        Form::TrueFalse => grade::parse_truefalse(typed).map(|value| Given::Index(if value { 0 } else { 1 })),
        Form::Multi { choices } => {
            let positions: Option<Vec<usize>> =
                words().map(|word| position_of_letter(word).filter(|position| *position < choices.len())).collect();
            positions.filter(|positions| !positions.is_empty()).map(Given::Indexes)
        }
        Form::Order { items } => {
            let positions: Option<Vec<usize>> = words()
                .map(|word| {
                    word.parse::<usize>()
                        .ok()
                        .filter(|number| (1..=items.len()).contains(number))
                        .map(|number| number - 1)
                })
                .collect();
            positions.filter(|positions| positions.len() == items.len()).map(Given::Indexes)
        }
        Form::Text | Form::Cloze { .. } | Form::Flashcard { .. } => Some(Given::Text(typed.to_string())),
    }
}

/// Asks `question` with a countdown to `deadline`.
pub fn ask(term: &Term, question: &Question, deadline: Instant, lang: Lang) -> Reply<Given> {
    let _mode = KeyMode::enter();
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
        _ => {}
    }
    let hint = lang.timed_hint(&question.form);
    let _ = term.write_line(&format!("{}", console::style(format!("({hint}; {})", lang.timed_keys())).dim()));
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
    loop {
        match read_line(term, lang.answer_label(), deadline, lang) {
            Ok(Some(typed)) => match parse_typed(&question.form, &typed) {
                Some(given) => return Reply::Answer(given),
                None => {
                    let retry = format!("{} {hint}.", lang.cannot_read());
                    let _ = term.write_line(&format!("{}", console::style(retry).yellow()));
                }
            },
            Ok(None) => return Reply::Answer(Given::Nothing),
            Err(()) => return Reply::Quit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn typed_answers_map_to_the_shown_positions() {
        let choice = Form::Choice { choices: strings(&["libev", "libuv", "libevent"]) };
        assert_eq!(parse_typed(&choice, "b"), Some(Given::Index(1)));
        assert_eq!(parse_typed(&choice, "LIBEVENT"), Some(Given::Index(2)));
        assert_eq!(parse_typed(&choice, "z"), Some(Given::Text("z".into())), "graded, perhaps as an alternate");
        assert_eq!(parse_typed(&choice, "  "), None);
        let multi = Form::Multi { choices: strings(&["x", "y", "z"]) };
        assert_eq!(parse_typed(&multi, "a, c"), Some(Given::Indexes(vec![0, 2])));
        assert_eq!(parse_typed(&multi, ""), None);
        let order = Form::Order { items: strings(&["x", "y", "z"]) };
        assert_eq!(parse_typed(&order, "3 1 2"), Some(Given::Indexes(vec![2, 0, 1])));
        assert_eq!(parse_typed(&order, "3 1"), None);
        assert_eq!(parse_typed(&Form::TrueFalse, "f"), Some(Given::Index(1)));
        assert_eq!(parse_typed(&Form::Text, " 3.4 "), Some(Given::Text(" 3.4 ".into())));
    }
}
