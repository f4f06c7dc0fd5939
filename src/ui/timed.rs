//! Timed questions: a typed answer with a visible countdown, for exams with
//! `--time-limit` or `--question-time`. Choices are lettered and items numbered,
//! as on the printed exam, so one line of input answers every kind.
//!
//! The input line is drawn with crossterm in raw mode, on every platform: the
//! countdown and what was typed share one screen row that is redrawn in place
//! and never wraps (a long answer scrolls, showing its end after `…`). Keys
//! are read as keys, so Ctrl-C, Esc and a lone `q` end the exam at once; a
//! real SIGINT (the prompter's handler raises a flag) does too.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use console::Term;
use crossterm::cursor::MoveToColumn;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::Print;
use crossterm::terminal::{self, Clear, ClearType};

use super::messages::Lang;
use super::render::styled_text;
use super::wrap::{display_width, terminal_width, wrapped};
use crate::session::{Form, Given, Question, Reply};
use crate::text::sanitize::terminal_line;
use crate::text::{letter, normalize};

/// Typed input stops growing here (an answer sheet's limit, in UTF-8 bytes).
const MAX_TYPED_BYTES: usize = 4 * crate::session::exam::MAX_ANSWER_CHARS;

/// How long to wait for a key before looking at the clock and the quit flag again.
const TICK: Duration = Duration::from_millis(100);

/// Raw mode for as long as it lives: restored when dropped, on every way out
/// of a question (an answer, time up, a quit, an error, a panic unwinding).
struct RawMode {
    /// Whether this guard switched raw mode on (and so must switch it off).
    switched: bool,
}

impl RawMode {
    fn enter() -> RawMode {
        let already = terminal::is_raw_mode_enabled().unwrap_or(false);
        let switched = !already && terminal::enable_raw_mode().is_ok();
        RawMode { switched }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        if self.switched {
            let _ = terminal::disable_raw_mode();
        }
    }
}

/// Why reading a line stopped without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// The question's (or the exam's) time ran out.
    TimeUp,
    /// The learner quit: Ctrl-C, Esc, a lone `q`, SIGINT, or a lost terminal.
    Quit,
}

/// What one key does to the line being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Edit {
    /// Nothing to do.
    Ignore,
    /// The line changed.
    Changed,
    /// Enter: the line is the answer.
    Submit,
    /// The learner quit.
    Quit,
}

/// Applies `key` to `typed`. `q_quits`: whether a lone `q` submitted means
/// quit (it does unless it could name a choice; see [`q_names_an_option`]).
fn apply_key(typed: &mut String, key: KeyEvent, q_quits: bool) -> Edit {
    if key.kind == KeyEventKind::Release {
        return Edit::Ignore;
    }
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if control => Edit::Quit,
        KeyCode::Char('d') if control && typed.is_empty() => Edit::Quit,
        KeyCode::Char('u') if control => {
            typed.clear();
            Edit::Changed
        }
        KeyCode::Esc => Edit::Quit,
        KeyCode::Enter if q_quits && typed.trim().eq_ignore_ascii_case("q") => Edit::Quit,
        KeyCode::Enter => Edit::Submit,
        KeyCode::Backspace => {
            typed.pop();
            Edit::Changed
        }
        KeyCode::Char(character)
            if !control
                && !key.modifiers.contains(KeyModifiers::ALT)
                && !character.is_control()
                && typed.len() + character.len_utf8() <= MAX_TYPED_BYTES =>
        {
            typed.push(character);
            Edit::Changed
        }
        _ => Edit::Ignore,
    }
}

/// Whether `q` typed alone could be an answer to `form`: a shown choice or
/// item is called `q`, or there are enough choices for a letter `q`.
fn q_names_an_option(form: &Form) -> bool {
    let named = |options: &[String]| options.iter().any(|option| normalize(option) == "q");
    match form {
        Form::Choice { choices } | Form::Multi { choices } => choices.len() > 16 || named(choices),
        Form::Order { items } => named(items),
        Form::Flashcard { .. } | Form::TrueFalse | Form::Text | Form::Cloze { .. } => false,
    }
}

/// The time left as `m:ss`, or `h:mm:ss` from an hour, counting a started
/// second as whole: `0:00` only once the time is up.
fn countdown(left: Duration) -> String {
    let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    if seconds >= 3600 {
        format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

/// The end of `text` that fits in `room` columns.
fn tail(text: &str, room: usize) -> &str {
    let mut used = 0;
    let mut start = text.len();
    for (at, character) in text.char_indices().rev() {
        let width = display_width(character.encode_utf8(&mut [0; 4]));
        if used + width > room {
            break;
        }
        used += width;
        start = at;
    }
    &text[start..]
}

/// The input row: `label [m:ss left] > typed`, fitted into `columns` so it
/// never wraps: the last column stays free, the label gives way first on a
/// narrow terminal, and a long answer shows its end after `…`.
fn input_row(label: &str, left: Duration, lang: Lang, typed: &str, columns: usize) -> String {
    let usable = columns.saturating_sub(1).max(1);
    let clock = countdown(left);
    let full = format!("{label} [{clock} {}] > ", lang.left());
    let short = format!("[{clock}] > ");
    // Keep room for at least a few typed characters.
    let prefix = [full, short].into_iter().find(|prefix| display_width(prefix) + 8 <= usable).unwrap_or_default();
    let room = usable.saturating_sub(display_width(&prefix));
    let typed = terminal_line(typed);
    if display_width(&typed) <= room {
        return format!("{prefix}{typed}");
    }
    format!("{prefix}…{}", tail(&typed, room.saturating_sub(1)))
}

/// Draws `row` over the current screen row.
fn draw(out: &mut dyn Write, row: &str) {
    let mut frame = Vec::with_capacity(row.len() + 16);
    let _ = crossterm::queue!(frame, MoveToColumn(0), Clear(ClearType::CurrentLine), Print(row));
    let _ = out.write_all(&frame);
    let _ = out.flush();
}

/// Ends the input row (raw mode does not turn `\n` into a new line by itself).
fn end_row(out: &mut dyn Write, after: &str) {
    let _ = write!(out, "\r\n{after}");
    let _ = out.flush();
}

/// Reads one line of typed input before `deadline`, redrawing the countdown
/// in place. Stops at once when the learner quits or `interrupted` is raised.
fn read_line(
    out: &mut dyn Write,
    label: &str,
    deadline: Instant,
    lang: Lang,
    q_quits: bool,
    interrupted: &AtomicBool,
) -> Result<String, Stop> {
    let _raw = RawMode::enter();
    let mut typed = String::new();
    let mut shown = String::new();
    loop {
        if interrupted.load(Ordering::SeqCst) {
            end_row(out, "");
            return Err(Stop::Quit);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let row = input_row(label, left, lang, &typed, super::wrap::terminal_columns());
        if row != shown {
            draw(out, &row);
            shown = row;
        }
        if left.is_zero() {
            end_row(out, &format!("  — {}\r\n", lang.time_is_up()));
            return Err(Stop::TimeUp);
        }
        // Wake for the next second of the countdown, or sooner for the flag.
        let to_next_second = Duration::from_nanos(u64::from(left.subsec_nanos())).max(Duration::from_millis(1));
        match event::poll(to_next_second.min(TICK)) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(_) => {
                end_row(out, "");
                return Err(Stop::Quit);
            }
        }
        match event::read() {
            Ok(Event::Key(key)) => match apply_key(&mut typed, key, q_quits) {
                Edit::Ignore | Edit::Changed => {}
                Edit::Submit => {
                    end_row(out, "");
                    return Ok(typed);
                }
                Edit::Quit => {
                    end_row(out, "");
                    return Err(Stop::Quit);
                }
            },
            // A new size: draw the row again for it.
            Ok(Event::Resize(..)) => shown.clear(),
            Ok(_) => {}
            Err(_) => {
                end_row(out, "");
                return Err(Stop::Quit);
            }
        }
    }
}

/// Writes `text` wrapped to the terminal's width, each line then a newline.
fn write_wrapped(out: &mut dyn Write, text: &str, indent: &str) {
    let _ = out.write_all(wrapped(text, terminal_width(), indent).as_bytes());
}

/// Shows the question: its prompt, its choices or items, and how to answer,
/// wrapped to the terminal's width with `inline code` styled as elsewhere.
fn show(out: &mut dyn Write, question: &Question, lang: Lang, q_quits: bool) {
    if let Some(unread) = question.again {
        write_wrapped(out, &format!("{}", console::style(lang.retry(&question.form, unread)).yellow()), "");
        return;
    }
    let hint = lang.timed_hint(&question.form);
    write_wrapped(out, &styled_text(&question.prompt), "");
    let listed = |out: &mut dyn Write, marks: Vec<String>, options: &[String]| {
        let widest = marks.iter().map(|mark| display_width(mark)).max().unwrap_or(0);
        for (mark, option) in marks.iter().zip(options) {
            let line = format!("  {mark:<widest$} {}", styled_text(option));
            write_wrapped(out, &line, &" ".repeat(widest + 3));
        }
    };
    match &question.form {
        Form::Choice { choices } | Form::Multi { choices } => {
            let marks = (0..choices.len()).map(|position| format!("{})", letter(position))).collect();
            listed(out, marks, choices);
        }
        Form::Order { items } => {
            let marks = (1..=items.len()).map(|number| format!("{number}.")).collect();
            listed(out, marks, items);
        }
        Form::Flashcard { .. } | Form::TrueFalse | Form::Text | Form::Cloze { .. } => {}
    }
    let keys = format!("({hint}; {})", lang.timed_quit_keys(q_quits));
    write_wrapped(out, &format!("{}", console::style(keys).dim()), " ");
    let _ = out.flush();
}

/// Asks `question` with a countdown to `deadline`. The answer comes back as
/// typed (letters for choices, numbers for items); the session reads it, and
/// asks again with `question.again` set when it cannot. Ctrl-C, Esc, a lone
/// `q` and a raised `interrupted` flag quit at once.
pub fn ask(term: &Term, question: &Question, deadline: Instant, lang: Lang, interrupted: &AtomicBool) -> Reply<Given> {
    let mut out = term;
    let q_quits = !q_names_an_option(&question.form);
    show(&mut out, question, lang, q_quits);
    let read = |out: &mut dyn Write, label: &str| read_line(out, label, deadline, lang, q_quits, interrupted);
    if let Form::Cloze { gaps } = &question.form {
        let mut answers = Vec::with_capacity(*gaps);
        for gap in 1..=*gaps {
            match read(&mut out, &format!("{} [{gap}]", lang.gap_label())) {
                Ok(text) => answers.push(text),
                Err(Stop::TimeUp) => return Reply::Answer(Given::Nothing),
                Err(Stop::Quit) => return Reply::Quit,
            }
        }
        return Reply::Answer(Given::Texts(answers));
    }
    match read(&mut out, lang.answer_label()) {
        Ok(typed) => Reply::Answer(Given::Text(typed)),
        Err(Stop::TimeUp) => Reply::Answer(Given::Nothing),
        Err(Stop::Quit) => Reply::Quit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn control(character: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(character), KeyModifiers::CONTROL)
    }

    #[test]
    fn ctrl_c_esc_and_a_lone_q_quit_at_once() {
        let mut typed = "half an answer".to_string();
        assert_eq!(apply_key(&mut typed, control('c'), true), Edit::Quit);
        assert_eq!(apply_key(&mut typed, key(KeyCode::Esc), true), Edit::Quit);
        let mut q = "q".to_string();
        assert_eq!(apply_key(&mut q, key(KeyCode::Enter), true), Edit::Quit);
        assert_eq!(apply_key(&mut q, key(KeyCode::Enter), false), Edit::Submit, "q may name a choice");
        let mut word = "queue".to_string();
        assert_eq!(apply_key(&mut word, key(KeyCode::Enter), true), Edit::Submit);
        let mut empty = String::new();
        assert_eq!(apply_key(&mut empty, key(KeyCode::Char('q')), true), Edit::Changed, "q starts a word");
        assert_eq!(empty, "q");
    }

    #[test]
    fn typing_edits_the_line() {
        let mut typed = String::new();
        for character in "ab가".chars() {
            assert_eq!(apply_key(&mut typed, key(KeyCode::Char(character)), true), Edit::Changed);
        }
        apply_key(&mut typed, key(KeyCode::Backspace), true);
        assert_eq!(typed, "ab");
        let release = KeyEvent { kind: KeyEventKind::Release, ..key(KeyCode::Char('x')) };
        assert_eq!(apply_key(&mut typed, release, true), Edit::Ignore, "Windows reports releases too");
        assert_eq!(apply_key(&mut typed, control('u'), true), Edit::Changed);
        assert_eq!(typed, "");
        assert_eq!(apply_key(&mut typed, key(KeyCode::Enter), true), Edit::Submit);
    }

    #[test]
    fn q_is_an_answer_where_it_names_a_choice() {
        let choices = |count: usize| (0..count).map(|index| format!("choice {index}")).collect::<Vec<_>>();
        assert!(!q_names_an_option(&Form::Choice { choices: choices(5) }));
        assert!(q_names_an_option(&Form::Multi { choices: choices(17) }), "the 17th choice is q");
        assert!(q_names_an_option(&Form::Order { items: vec!["p".into(), "Q".into()] }));
        assert!(!q_names_an_option(&Form::Text));
    }

    #[test]
    fn the_input_row_never_wraps_and_shows_the_end_of_a_long_answer() {
        let left = Duration::from_millis(58_500);
        let row = input_row("Answer", left, Lang::English, "short", 40);
        assert_eq!(row, "Answer [0:59 left] > short");
        let long = "the transport moves bytes and the protocol interprets them";
        for columns in [40, 24, 12, 3] {
            let row = input_row("Answer", left, Lang::English, long, columns);
            assert!(display_width(&row) < columns.max(2), "{columns}: {row:?}");
            assert!(row.contains('…'), "{columns}: {row:?}");
        }
        let row = input_row("Answer", left, Lang::English, long, 40);
        assert!(row.ends_with("interprets them"), "{row:?}");
        assert!(row.starts_with("Answer [0:59 left] > …"), "{row:?}");
        let korean = input_row("답", left, Lang::Korean, &"가".repeat(40), 30);
        assert!(display_width(&korean) < 30, "{korean:?}");
        assert!(input_row("Answer", left, Lang::English, long, 20).starts_with("[0:59] > …"));
        assert!(!input_row("Answer", left, Lang::English, "\u{1b}[2J", 40).contains('\u{1b}'));
    }

    #[test]
    fn the_countdown_reads_minutes_and_hours() {
        assert_eq!(countdown(Duration::from_secs(60)), "1:00");
        assert_eq!(countdown(Duration::from_millis(59_900)), "1:00");
        assert_eq!(countdown(Duration::from_millis(58_900)), "0:59");
        assert_eq!(countdown(Duration::from_millis(200)), "0:01");
        assert_eq!(countdown(Duration::from_secs(15 * 60)), "15:00");
        assert_eq!(countdown(Duration::from_secs(24 * 3600)), "24:00:00");
        assert_eq!(countdown(Duration::ZERO), "0:00");
    }
}
