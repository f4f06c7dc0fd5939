//! Typed answers: one line of input with the usual editing keys (← →, Home
//! and End or Ctrl-A and Ctrl-E, Backspace, Delete, Ctrl-U), drawn after its
//! label and wrapped onto as many rows as it needs. Each key redraws the rows
//! in place ([`Canvas`]), so input wider than the screen leaves no copies
//! behind; when it is taller than the screen, the rows around the cursor are
//! shown. Enter submits, Esc and Ctrl-C quit.

use std::sync::atomic::AtomicBool;

use colored::Colorize;

use super::canvas::{Canvas, Out};
use super::keys::{self, Key, RawMode};
use super::wrap::{display_width, terminal_columns, terminal_height};
use crate::session::Reply;
use crate::text::sanitize::is_unsafe;

/// Typed input stops growing here (the answer sheet's limit).
const MAX_CHARS: usize = crate::session::exam::MAX_ANSWER_CHARS;

/// What a key did to the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Keep typing.
    Continue,
    /// Enter: the input is the answer.
    Submit,
    /// Esc or Ctrl-C: end the session.
    Quit,
}

/// The text typed so far and the cursor in it (a character index).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Editor {
    text: Vec<char>,
    cursor: usize,
}

impl Editor {
    /// Empty input.
    pub fn new() -> Editor {
        Editor::default()
    }

    /// The text typed.
    pub fn text(&self) -> String {
        self.text.iter().collect()
    }

    /// The text before the cursor and the text after it.
    pub fn split(&self) -> (String, String) {
        let (before, after) = self.text.split_at(self.cursor);
        (before.iter().collect(), after.iter().collect())
    }

    /// Applies a key. Control, bidi and zero-width characters are never taken
    /// in, so what is drawn is exactly what was typed.
    pub fn apply(&mut self, key: Key) -> Edit {
        match key {
            Key::Enter => return Edit::Submit,
            Key::Escape | Key::Interrupt => return Edit::Quit,
            Key::Char(character) if !is_unsafe(character) && self.text.len() < MAX_CHARS => {
                self.text.insert(self.cursor, character);
                self.cursor += 1;
            }
            Key::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.text.remove(self.cursor);
            }
            Key::Delete if self.cursor < self.text.len() => {
                self.text.remove(self.cursor);
            }
            Key::ClearBefore => {
                self.text.drain(..self.cursor);
                self.cursor = 0;
            }
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(self.text.len()),
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = self.text.len(),
            Key::Char(_)
            | Key::Backspace
            | Key::Delete
            | Key::Up
            | Key::Down
            | Key::PageUp
            | Key::PageDown
            | Key::Resize
            | Key::Other => {}
        }
        Edit::Continue
    }

    /// `prefix` and the text broken into rows of at most `width` columns, and
    /// where the cursor is: (row, column).
    pub fn layout(&self, prefix: &str, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let mut rows = vec![String::new()];
        let mut used = 0;
        let mut cursor = None;
        let mut buffer = [0u8; 4];
        let cells = prefix.chars().map(|character| (character, false)).chain(self.text.iter().map(|c| (*c, true)));
        let mut typed = 0;
        for (character, is_typed) in cells {
            let cell = display_width(character.encode_utf8(&mut buffer));
            if used + cell > width && used > 0 {
                rows.push(String::new());
                used = 0;
            }
            if is_typed {
                if typed == self.cursor {
                    cursor = Some((rows.len() - 1, used));
                }
                typed += 1;
            }
            if let Some(row) = rows.last_mut() {
                row.push(character);
            }
            used += cell;
        }
        let cursor = cursor.unwrap_or((rows.len() - 1, used));
        (rows, cursor)
    }
}

/// The rows `[top, top + room)` to show of `count`, keeping `cursor_row` in
/// view and moving from `previous_top` only as far as needed.
pub fn window(count: usize, cursor_row: usize, previous_top: usize, room: usize) -> usize {
    let room = room.max(1);
    if count <= room {
        return 0;
    }
    let top = previous_top.min(cursor_row);
    if cursor_row >= top + room {
        cursor_row + 1 - room
    } else {
        top.min(count - room)
    }
}

/// Reads a typed answer after `label`, under a question that took
/// `question_rows` rows. `None` when the learner quit.
pub fn ask(out: Out, label: &str, question_rows: usize, interrupted: &AtomicBool) -> Reply<String> {
    let _raw = RawMode::enter(out, false);
    let mut canvas = Canvas::new(out);
    let mut editor = Editor::new();
    let prefix = format!("{label}: ");
    let paint = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .enumerate()
            .map(|(index, row)| match row.strip_prefix(prefix.as_str()) {
                Some(rest) if index == 0 => format!("{}{rest}", prefix.bold()),
                _ => row.clone(),
            })
            .collect()
    };
    let mut top = 0;
    loop {
        let columns = terminal_columns();
        let (rows, (row, column)) = editor.layout(&prefix, columns.saturating_sub(1));
        let room = terminal_height().map_or(usize::MAX, |height| height.saturating_sub(question_rows).max(1));
        top = window(rows.len(), row, top, room);
        let shown: Vec<String> = rows.iter().skip(top).take(room).cloned().collect();
        canvas.draw(&paint(&shown), columns, Some((row - top, column)));
        match editor.apply(keys::read(interrupted)) {
            Edit::Continue => {}
            Edit::Submit => {
                let (rows, _) = editor.layout(&prefix, columns.saturating_sub(1));
                canvas.finish(&paint(&rows), columns);
                return Reply::Answer(editor.text());
            }
            Edit::Quit => {
                canvas.clear();
                return Reply::Quit;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[Key]) -> Editor {
        let mut editor = Editor::new();
        for key in keys {
            assert_eq!(editor.apply(*key), Edit::Continue);
        }
        editor
    }

    fn chars(text: &str) -> Vec<Key> {
        text.chars().map(Key::Char).collect()
    }

    #[test]
    fn editing_keys_move_and_delete() {
        let mut keys = chars("3.5");
        keys.extend([Key::Backspace, Key::Char('4'), Key::Home, Key::Char('v'), Key::Delete, Key::Delete]);
        keys.extend([Key::End, Key::Left, Key::Left, Key::Char('x'), Key::Right, Key::Right, Key::Right]);
        let editor = typed(&keys);
        assert_eq!(editor.text(), "xv4");
        assert_eq!(editor.cursor, 3, "→ stops at the end");
        let mut editor = typed(&[&chars("abc")[..], &[Key::Left, Key::ClearBefore]].concat());
        assert_eq!((editor.text().as_str(), editor.cursor), ("c", 0));
        assert_eq!(editor.apply(Key::Enter), Edit::Submit);
        assert_eq!(editor.apply(Key::Interrupt), Edit::Quit);
        assert_eq!(editor.apply(Key::Escape), Edit::Quit);
    }

    #[test]
    fn control_and_bidi_characters_are_not_taken_in() {
        let editor = typed(&chars("a\u{1b}[31m\u{202e}b"));
        assert_eq!(editor.text(), "a[31mb");
    }

    #[test]
    fn long_input_is_broken_into_rows_and_the_cursor_follows() {
        let editor = typed(&chars(&"x".repeat(30)));
        let (rows, cursor) = editor.layout("Answer: ", 19);
        assert_eq!(rows, ["Answer: xxxxxxxxxxx", "xxxxxxxxxxxxxxxxxxx"]);
        assert_eq!(cursor, (1, 19), "after the last character, still on screen");
        let mut editor = editor;
        editor.apply(Key::Home);
        assert_eq!(editor.layout("Answer: ", 19).1, (0, 8));
        let (rows, _) = Editor::new().layout("Answer: ", 19);
        assert_eq!(rows, ["Answer: "]);
    }

    #[test]
    fn wide_characters_are_not_split_across_rows() {
        let editor = typed(&chars("파이썬 버전"));
        let (rows, cursor) = editor.layout("답: ", 10);
        assert_eq!(rows, ["답: 파이썬", " 버전"]);
        assert!(rows.iter().all(|row| display_width(row) <= 10));
        assert_eq!(cursor, (1, 5));
    }

    #[test]
    fn the_window_keeps_the_cursor_row_in_view() {
        assert_eq!(window(3, 2, 0, 5), 0);
        assert_eq!(window(10, 9, 0, 4), 6);
        assert_eq!(window(10, 7, 6, 4), 6, "no scrolling while the cursor stays in view");
        assert_eq!(window(10, 2, 6, 4), 2);
    }
}
