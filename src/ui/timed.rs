//! Timed questions: a typed answer with a visible countdown, for exams with
//! `--time-limit` or `--question-time`. Choices are lettered and items numbered,
//! as on the printed exam, so one line of input answers every kind.
//!
//! Keys, raw mode and line editing are the session's own ([`keys`],
//! [`Editor`]), on every platform: the countdown and what was typed share one
//! screen row that is redrawn in place and never wraps (a long answer scrolls,
//! showing the text around the cursor after `…`). Ctrl-C, Esc and a lone `q`
//! end the exam at once; a real SIGINT (the prompter's handler raises a flag)
//! does too.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use colored::Colorize;
use crossterm::cursor::MoveToColumn;
use crossterm::style::Print;
use crossterm::terminal::{Clear, ClearType};

use super::canvas::Out;
use super::keys::{self, Key, RawMode};
use super::line::{Edit, Editor};
use super::messages::Lang;
use super::render::styled_text;
use super::wrap::{display_width, terminal_columns, terminal_width, wrapped};
use crate::session::{Form, Given, Question, Reply};
use crate::text::sanitize::terminal_line;
use crate::text::{letter, normalize};

/// Why reading a line stopped without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// The question's (or the exam's) time ran out.
    TimeUp,
    /// The learner quit: Ctrl-C, Esc, a lone `q`, SIGINT, or a lost terminal.
    Quit,
}

/// Applies `key` to the line being typed. `q_quits`: whether a lone `q`
/// submitted means quit (it does unless it could name a choice; see
/// [`q_names_an_option`]).
fn apply_key(editor: &mut Editor, key: Key, q_quits: bool) -> Edit {
    match key {
        Key::Enter if q_quits && editor.text().trim().eq_ignore_ascii_case("q") => Edit::Quit,
        key => editor.apply(key),
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

/// The start of `text` that fits in `room` columns.
fn head(text: &str, room: usize) -> &str {
    let mut used = 0;
    for (at, character) in text.char_indices() {
        used += display_width(character.encode_utf8(&mut [0; 4]));
        if used > room {
            return &text[..at];
        }
    }
    text
}

/// The input row, `label [m:ss left] > typed`, fitted into `columns` so it
/// never wraps, and the column of the cursor in it. The last column stays
/// free, the label gives way first on a narrow terminal, and a long answer
/// shows what is around the cursor, after `…` when its start is hidden.
fn input_row(label: &str, left: Duration, lang: Lang, editor: &Editor, columns: usize) -> (String, usize) {
    let usable = columns.saturating_sub(1).max(1);
    let clock = countdown(left);
    let full = format!("{label} [{clock} {}] > ", lang.left());
    let short = format!("[{clock}] > ");
    // Keep room for at least a few typed characters.
    let prefix = [full, short].into_iter().find(|prefix| display_width(prefix) + 8 <= usable).unwrap_or_default();
    let room = usable.saturating_sub(display_width(&prefix));
    let (before, after) = editor.split();
    let (before, after) = (terminal_line(&before), terminal_line(&after));
    let before = if display_width(&before) < room {
        before.into_owned()
    } else {
        // Keep a column for the cursor itself.
        format!("…{}", tail(&before, room.saturating_sub(2)))
    };
    let cursor = display_width(&prefix) + display_width(&before);
    let after = head(&after, room.saturating_sub(display_width(&before)));
    (format!("{prefix}{before}{after}"), cursor)
}

/// Draws `row` over the current screen row, the cursor at `cursor`.
fn draw(out: Out, row: &str, cursor: usize) {
    let mut frame = Vec::with_capacity(row.len() + 16);
    let column = u16::try_from(cursor).unwrap_or(u16::MAX);
    let _ = crossterm::queue!(frame, MoveToColumn(0), Clear(ClearType::CurrentLine), Print(row), MoveToColumn(column));
    out.write_bytes(&frame);
}

/// Ends the input row and writes `after`.
fn end_row(out: Out, after: &str) {
    out.write(&format!("\n{after}"));
}

/// Reads one line of typed input before `deadline`, redrawing the countdown
/// in place. Stops at once when the learner quits or `interrupted` is raised.
fn read_line(
    out: Out,
    label: &str,
    deadline: Instant,
    lang: Lang,
    q_quits: bool,
    interrupted: &AtomicBool,
) -> Result<String, Stop> {
    let _raw = RawMode::enter(out, false);
    let mut editor = Editor::new();
    let mut shown = (String::new(), 0);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let row = input_row(label, left, lang, &editor, terminal_columns());
        if row != shown {
            draw(out, &row.0, row.1);
            shown = row;
        }
        if left.is_zero() {
            end_row(out, &format!("  — {}\n", lang.time_is_up()));
            return Err(Stop::TimeUp);
        }
        // Wake for the next second of the countdown.
        let to_next_second = Duration::from_nanos(u64::from(left.subsec_nanos())).max(Duration::from_millis(1));
        let Some(key) = keys::read_within(interrupted, to_next_second) else {
            continue;
        };
        match apply_key(&mut editor, key, q_quits) {
            Edit::Continue if key == Key::Resize => shown.0.clear(),
            Edit::Continue => {}
            Edit::Submit => {
                end_row(out, "");
                return Ok(editor.text());
            }
            Edit::Quit => {
                end_row(out, "");
                return Err(Stop::Quit);
            }
        }
    }
}

/// Writes `text` wrapped to the terminal's width, each line then a newline.
fn write_wrapped(out: Out, text: &str, indent: &str) {
    out.write(&wrapped(text, terminal_width(), indent));
}

/// Shows the question: its prompt, its choices or items, and how to answer,
/// wrapped to the terminal's width with `inline code` styled as elsewhere.
fn show(out: Out, question: &Question, lang: Lang, q_quits: bool) {
    if let Some(unread) = question.again {
        write_wrapped(out, &lang.retry(&question.form, unread).yellow().to_string(), "");
        return;
    }
    let hint = lang.timed_hint(&question.form);
    write_wrapped(out, &styled_text(&question.prompt), "");
    let listed = |marks: Vec<String>, options: &[String]| {
        let widest = marks.iter().map(|mark| display_width(mark)).max().unwrap_or(0);
        for (mark, option) in marks.iter().zip(options) {
            let line = format!("  {mark:<widest$} {}", styled_text(option));
            write_wrapped(out, &line, &" ".repeat(widest + 3));
        }
    };
    match &question.form {
        Form::Choice { choices } | Form::Multi { choices } => {
            let marks = (0..choices.len()).map(|position| format!("{})", letter(position))).collect();
            listed(marks, choices);
        }
        Form::Order { items } => {
            let marks = (1..=items.len()).map(|number| format!("{number}.")).collect();
            listed(marks, items);
        }
        Form::Flashcard { .. } | Form::TrueFalse | Form::Text | Form::Cloze { .. } => {}
    }
    let keys = format!("({hint}; {})", lang.timed_quit_keys(q_quits));
    write_wrapped(out, &keys.dimmed().to_string(), " ");
}

/// Asks `question` with a countdown to `deadline`. The answer comes back as
/// typed (letters for choices, numbers for items); the session reads it, and
/// asks again with `question.again` set when it cannot. Ctrl-C, Esc, a lone
/// `q` and a raised `interrupted` flag quit at once.
pub fn ask(out: Out, question: &Question, deadline: Instant, lang: Lang, interrupted: &AtomicBool) -> Reply<Given> {
    let q_quits = !q_names_an_option(&question.form);
    show(out, question, lang, q_quits);
    let read = |label: &str| read_line(out, label, deadline, lang, q_quits, interrupted);
    if let Form::Cloze { gaps } = &question.form {
        let mut answers = Vec::with_capacity(*gaps);
        for gap in 1..=*gaps {
            match read(&format!("{} [{gap}]", lang.gap_label())) {
                Ok(text) => answers.push(text),
                Err(Stop::TimeUp) => return Reply::Answer(Given::Nothing),
                Err(Stop::Quit) => return Reply::Quit,
            }
        }
        return Reply::Answer(Given::Texts(answers));
    }
    match read(lang.answer_label()) {
        Ok(typed) => Reply::Answer(Given::Text(typed)),
        Err(Stop::TimeUp) => Reply::Answer(Given::Nothing),
        Err(Stop::Quit) => Reply::Quit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Editor {
        let mut editor = Editor::new();
        for character in text.chars() {
            editor.apply(Key::Char(character));
        }
        editor
    }

    #[test]
    fn ctrl_c_esc_and_a_lone_q_quit_at_once() {
        let mut editor = typed("half an answer");
        assert_eq!(apply_key(&mut editor, Key::Interrupt, true), Edit::Quit);
        assert_eq!(apply_key(&mut editor, Key::Escape, true), Edit::Quit);
        let mut q = typed("q");
        assert_eq!(apply_key(&mut q, Key::Enter, true), Edit::Quit);
        assert_eq!(apply_key(&mut q, Key::Enter, false), Edit::Submit, "q may name a choice");
        assert_eq!(apply_key(&mut typed("queue"), Key::Enter, true), Edit::Submit);
        let mut empty = Editor::new();
        assert_eq!(apply_key(&mut empty, Key::Char('q'), true), Edit::Continue, "q starts a word");
        assert_eq!(empty.text(), "q");
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
    fn the_input_row_never_wraps_and_shows_the_text_around_the_cursor() {
        let left = Duration::from_millis(58_500);
        let row = |text: &str, columns: usize| input_row("Answer", left, Lang::English, &typed(text), columns);
        assert_eq!(row("short", 40), ("Answer [0:59 left] > short".to_string(), 26));
        let long = "the transport moves bytes and the protocol interprets them";
        for columns in [40, 24, 12, 3] {
            let (shown, cursor) = row(long, columns);
            assert!(display_width(&shown) < columns.max(2), "{columns}: {shown:?}");
            assert!(shown.contains('…'), "{columns}: {shown:?}");
            assert!(cursor < columns.max(2), "{columns}: the cursor stays on the row at {cursor}");
        }
        let (shown, cursor) = row(long, 40);
        assert!(shown.ends_with("interprets them") && shown.starts_with("Answer [0:59 left] > …"), "{shown:?}");
        assert_eq!(cursor, display_width(&shown));
        // Home: the start of the answer shows, the cursor on its first character.
        let mut editor = typed(long);
        editor.apply(Key::Home);
        let (shown, cursor) = input_row("Answer", left, Lang::English, &editor, 40);
        assert!(shown.starts_with("Answer [0:59 left] > the transport") && !shown.contains('…'), "{shown:?}");
        assert_eq!(cursor, display_width("Answer [0:59 left] > "));
        assert!(display_width(&shown) < 40, "{shown:?}");
        let (korean, _) = input_row("답", left, Lang::Korean, &typed(&"가".repeat(40)), 30);
        assert!(display_width(&korean) < 30, "{korean:?}");
        assert!(row(long, 20).0.starts_with("[0:59] > …"));
        assert!(!row("\u{1b}[2J", 40).0.contains('\u{1b}'));
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
