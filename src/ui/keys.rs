//! The one place keys are read: crossterm events, in raw mode held by a guard
//! that restores the terminal on every way out (return, `?`, panic unwinding).
//!
//! Raw mode is entered before a prompt is drawn, so a key typed the moment
//! the prompt appears is already read raw (never echoed, never turned into a
//! newline by the terminal).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::canvas::Out;

/// How often a wait for a key looks at the Ctrl-C / SIGTERM flag.
const FLAG_CHECK: Duration = Duration::from_millis(100);

/// A key, as the prompts understand it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// ↑
    Up,
    /// ↓
    Down,
    /// ←
    Left,
    /// →
    Right,
    /// Home or Ctrl-A.
    Home,
    /// End or Ctrl-E.
    End,
    /// Page Up.
    PageUp,
    /// Page Down.
    PageDown,
    /// Enter (also Ctrl-J and Ctrl-M).
    Enter,
    /// Esc.
    Escape,
    /// Backspace (also Ctrl-H).
    Backspace,
    /// Delete (also Ctrl-D).
    Delete,
    /// Ctrl-U: clear the typed text before the cursor.
    ClearBefore,
    /// A printable character (Space included).
    Char(char),
    /// Ctrl-C, Ctrl-\, the interrupt flag, or a terminal that cannot be read: stop.
    Interrupt,
    /// The terminal changed size: redraw.
    Resize,
    /// Anything else (ignored).
    Other,
}

/// The key an event stands for; `None` for events that are not key presses
/// (key releases, focus changes, mouse).
pub fn key_of(event: &Event) -> Option<Key> {
    match event {
        Event::Key(key) => key_press(key),
        Event::Resize(..) => Some(Key::Resize),
        Event::FocusGained | Event::FocusLost | Event::Mouse(_) | Event::Paste(_) => None,
    }
}

fn key_press(event: &KeyEvent) -> Option<Key> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let control = event.modifiers.contains(KeyModifiers::CONTROL);
    Some(match event.code {
        KeyCode::Char(letter) if control => match letter.to_ascii_lowercase() {
            // Ctrl-\ arrives as Ctrl-4.
            'c' | '4' => Key::Interrupt,
            'a' => Key::Home,
            'e' => Key::End,
            'h' => Key::Backspace,
            'd' => Key::Delete,
            'u' => Key::ClearBefore,
            // A newline typed before raw mode began arrives as Ctrl-J.
            'j' | 'm' => Key::Enter,
            _ => Key::Other,
        },
        KeyCode::Char(character) => Key::Char(character),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Escape,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        _ => Key::Other,
    })
}

/// Waits for the next key. The flag raised by the Ctrl-C / SIGTERM handler is
/// looked at while waiting, so a signal ends the wait as Ctrl-C does; so does
/// a terminal that cannot be read (closed, not a terminal).
pub fn read(interrupted: &AtomicBool) -> Key {
    loop {
        if let Some(key) = read_within(interrupted, FLAG_CHECK) {
            return key;
        }
    }
}

/// Waits at most `timeout` for a key, as [`read`] does; `None` when none came
/// (or the event was not a key press).
pub fn read_within(interrupted: &AtomicBool, timeout: Duration) -> Option<Key> {
    if interrupted.load(Ordering::SeqCst) {
        return Some(Key::Interrupt);
    }
    match crossterm::event::poll(timeout.min(FLAG_CHECK)) {
        Ok(false) => return None,
        Ok(true) => {}
        Err(_) => return Some(Key::Interrupt),
    }
    match crossterm::event::read() {
        Ok(event) => key_of(&event).map(|key| if interrupted.load(Ordering::SeqCst) { Key::Interrupt } else { key }),
        Err(_) => Some(Key::Interrupt),
    }
}

/// Raw mode (and optionally a hidden cursor) for as long as it lives.
pub struct RawMode {
    out: Out,
    /// Whether this guard turned raw mode on (and so turns it off).
    enabled: bool,
    hidden_cursor: bool,
}

impl RawMode {
    /// Enters raw mode on the terminal; hides the cursor when `hide_cursor`.
    /// If the terminal refuses, keys are still read as well as they can be.
    pub fn enter(out: Out, hide_cursor: bool) -> RawMode {
        let already = crossterm::terminal::is_raw_mode_enabled().unwrap_or(false);
        let enabled = !already && crossterm::terminal::enable_raw_mode().is_ok();
        if hide_cursor {
            out.command(crossterm::cursor::Hide);
        }
        RawMode { out, enabled, hidden_cursor: hide_cursor }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        if self.hidden_cursor {
            self.out.command(crossterm::cursor::Show);
        }
        if self.enabled {
            let _ = crossterm::terminal::disable_raw_mode();
        }
        let _ = self.out.stream().flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Option<Key> {
        key_of(&Event::Key(KeyEvent::new(code, modifiers)))
    }

    #[test]
    fn control_keys_are_named() {
        assert_eq!(press(KeyCode::Char('c'), KeyModifiers::CONTROL), Some(Key::Interrupt));
        assert_eq!(press(KeyCode::Char('j'), KeyModifiers::CONTROL), Some(Key::Enter));
        assert_eq!(press(KeyCode::Char('a'), KeyModifiers::CONTROL), Some(Key::Home));
        assert_eq!(press(KeyCode::Char('u'), KeyModifiers::CONTROL), Some(Key::ClearBefore));
        assert_eq!(press(KeyCode::Char('x'), KeyModifiers::CONTROL), Some(Key::Other));
        assert_eq!(press(KeyCode::Char('c'), KeyModifiers::NONE), Some(Key::Char('c')));
        assert_eq!(press(KeyCode::Char('Q'), KeyModifiers::SHIFT), Some(Key::Char('Q')));
        assert_eq!(press(KeyCode::Esc, KeyModifiers::NONE), Some(Key::Escape));
        assert_eq!(key_of(&Event::Resize(40, 10)), Some(Key::Resize));
    }

    #[test]
    fn releases_are_not_presses() {
        let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(key_of(&Event::Key(release)), None);
        assert_eq!(key_of(&Event::FocusGained), None);
    }

    #[test]
    fn a_raised_flag_ends_the_wait() {
        assert_eq!(read(&AtomicBool::new(true)), Key::Interrupt);
    }
}
