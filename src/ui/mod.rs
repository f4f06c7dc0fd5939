//! The terminal: colour policy, sanitising untrusted text, and (in `prompter`)
//! the dialoguer implementation of the session's prompts.

pub mod color;
pub mod messages;
pub mod prompter;
pub mod render;
pub mod timed;

use std::borrow::Cow;

use crate::deck::is_forbidden;

/// Replaces control characters and bidirectional overrides in untrusted text
/// (deck content, file names) with visible escapes, so nothing a deck says can
/// drive the terminal.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_forbidden) {
        return Cow::Borrowed(text);
    }
    let mut cleaned = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if is_forbidden(character) {
            cleaned.push_str(&format!("\\u{{{:x}}}", character as u32));
        } else {
            cleaned.push(character);
        }
    }
    Cow::Owned(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_control() {
        assert_eq!(clean("plain 가"), "plain 가");
        assert_eq!(clean("red \u{1b}[31m!"), "red \\u{1b}[31m!");
        assert_eq!(clean("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(clean("two\nlines"), "two\nlines");
    }
}
