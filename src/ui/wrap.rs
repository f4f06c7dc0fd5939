//! Fitting text to the terminal: the width to wrap to, and wrapping at word
//! boundaries with a hanging indent. Widths are display columns (Hangul and
//! other wide characters count two; colour escapes count nothing).

use textwrap::{Options, WordSeparator};

/// The width used when the terminal's cannot be read (a pipe, a test).
const FALLBACK_WIDTH: usize = 80;

/// Text is never wrapped narrower than this, however small the terminal.
const NARROWEST: usize = 20;

/// The terminal's width in columns as it really is (at least 1; 80 when it
/// cannot be read), for counting the rows text takes.
pub fn terminal_columns() -> usize {
    match crossterm::terminal::size() {
        Ok((columns, _)) if columns > 0 => usize::from(columns),
        _ => FALLBACK_WIDTH,
    }
}

/// The width to wrap text to: the terminal's, but never below a readable width.
pub fn terminal_width() -> usize {
    terminal_columns().max(NARROWEST)
}

/// The terminal's height in rows, if it can be read.
pub fn terminal_height() -> Option<usize> {
    crossterm::terminal::size().ok().map(|(_, rows)| usize::from(rows)).filter(|rows| *rows > 0)
}

/// How many columns `text` takes on screen.
pub fn display_width(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// `text` wrapped to `width` columns at spaces; lines after the first of each
/// paragraph start with `indent`. Newlines in `text` are kept; a word longer
/// than a line is broken. Korean is broken only between words, as it is written.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let width = width.max(NARROWEST);
    let options =
        Options::new(width).subsequent_indent(indent).word_separator(WordSeparator::AsciiSpace).break_words(true);
    text.split('\n')
        .flat_map(|paragraph| textwrap::wrap(paragraph, &options).into_iter().map(|line| line.into_owned()))
        .collect()
}

/// [`wrap`] joined into one string with a newline after every line.
pub fn wrapped(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in wrap(text, width, indent) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// How many screen rows `line` takes at `width` columns (at least one).
pub fn rows_taken(line: &str, width: usize) -> usize {
    let width = width.max(1);
    display_width(line).div_ceil(width).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_breaks_between_words_with_a_hanging_indent() {
        let lines = wrap("The reactor calls dataReceived whenever bytes arrive on the connection.", 30, "  ");
        assert_eq!(lines, ["The reactor calls dataReceived", "  whenever bytes arrive on the", "  connection."]);
        assert!(lines.iter().all(|line| display_width(line) <= 30));
    }

    #[test]
    fn korean_counts_two_columns_a_syllable_and_breaks_between_words() {
        let lines = wrap("asyncore는 표준 라이브러리의 첫 비동기 모듈이었습니다", 24, "");
        assert!(lines.iter().all(|line| display_width(line) <= 24), "{lines:?}");
        for line in &lines {
            assert!(!line.starts_with("이브러리"), "{lines:?}");
        }
        assert_eq!(lines.concat().replace(' ', ""), "asyncore는표준라이브러리의첫비동기모듈이었습니다");
    }

    #[test]
    fn colour_escapes_take_no_room_and_long_words_are_broken() {
        let styled = "\u{1b}[1mbold\u{1b}[0m word";
        assert_eq!(display_width(styled), 9);
        let lines = wrap(&"x".repeat(50), 20, "");
        assert_eq!(lines.len(), 3);
        assert_eq!(rows_taken(&"가".repeat(30), 40), 2);
        assert_eq!(rows_taken("", 40), 1);
    }

    #[test]
    fn newlines_are_kept() {
        assert_eq!(wrap("one\ntwo", 40, "  "), ["one", "two"]);
    }
}
