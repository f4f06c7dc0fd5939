//! Where the session talks ([`Out`]) and a block of rows redrawn in place
//! ([`Canvas`]): each redraw moves up exactly the rows the last one took —
//! counted per line at the terminal's width, so a line that wrapped counts
//! every row it took — clears from there down and draws again. Nothing of an
//! earlier, longer drawing is left behind.

use std::io::{self, IsTerminal, Write};

use crossterm::cursor::{MoveToColumn, MoveUp};
use crossterm::terminal::{Clear, ClearType};

use super::wrap::rows_taken;

/// The stream the session talks on: stderr, or stdout when stderr is redirected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Out {
    /// Standard error.
    Stderr,
    /// Standard output.
    Stdout,
}

impl Out {
    /// Stderr when it is a terminal, else stdout.
    pub fn detect() -> Out {
        if io::stderr().is_terminal() {
            Out::Stderr
        } else {
            Out::Stdout
        }
    }

    /// The stream itself.
    pub fn stream(self) -> Box<dyn Write> {
        match self {
            Out::Stderr => Box::new(io::stderr()),
            Out::Stdout => Box::new(io::stdout()),
        }
    }

    /// Writes `bytes` and flushes; a terminal that went away is not an error here.
    pub fn write_bytes(self, bytes: &[u8]) {
        let mut stream = self.stream();
        let _ = stream.write_all(bytes);
        let _ = stream.flush();
    }

    /// Writes `text` with every newline as CR LF, so it reads the same in raw
    /// mode (where the terminal adds no carriage return) as outside it.
    pub fn write(self, text: &str) {
        self.write_bytes(text.replace('\n', "\r\n").as_bytes());
    }

    /// Writes `text` and ends the line.
    pub fn line(self, text: &str) {
        self.write(text);
        self.write_bytes(b"\r\n");
    }

    /// Sends one crossterm command.
    pub fn command(self, command: impl crossterm::Command) {
        let mut bytes = Vec::new();
        let _ = crossterm::queue!(bytes, command);
        self.write_bytes(&bytes);
    }
}

/// How many rows `text` takes when written at `columns`, newlines included.
pub fn rows_of(text: &str, columns: usize) -> usize {
    text.trim_end_matches('\n').split('\n').map(|line| rows_taken(line, columns)).sum()
}

/// A block of rows at the bottom of what the session wrote, redrawn in place.
#[derive(Debug)]
pub struct Canvas {
    out: Out,
    /// Rows between the block's first row and the row the terminal cursor is on.
    above: usize,
}

impl Canvas {
    /// A block starting at the start of the current row.
    pub fn new(out: Out) -> Canvas {
        Canvas { out, above: 0 }
    }

    /// Replaces the block with `lines`, then puts the terminal cursor at
    /// `cursor` (line, column), or at the end of the last line.
    pub fn draw(&mut self, lines: &[String], columns: usize, cursor: Option<(usize, usize)>) {
        let (bytes, above) = frame(self.above, lines, columns, cursor);
        self.out.write_bytes(&bytes);
        self.above = above;
    }

    /// Removes the block, leaving the cursor where it began.
    pub fn clear(&mut self) {
        let (bytes, _) = frame(self.above, &[], 1, None);
        self.out.write_bytes(&bytes);
        self.above = 0;
    }

    /// Replaces the block with `lines` for good and moves below them: the block
    /// becomes part of the history and a new one can start.
    pub fn finish(&mut self, lines: &[String], columns: usize) {
        let (mut bytes, _) = frame(self.above, lines, columns, None);
        bytes.extend_from_slice(b"\r\n");
        self.out.write_bytes(&bytes);
        self.above = 0;
    }
}

/// The bytes that redraw a block whose first row is `above` rows over the
/// cursor, and the rows above the cursor afterwards.
fn frame(above: usize, lines: &[String], columns: usize, cursor: Option<(usize, usize)>) -> (Vec<u8>, usize) {
    let columns = columns.max(1);
    let mut bytes = Vec::new();
    if above > 0 {
        let _ = crossterm::queue!(bytes, MoveUp(clamp(above)));
    }
    let _ = crossterm::queue!(bytes, MoveToColumn(0), Clear(ClearType::FromCursorDown));
    let mut starts = Vec::with_capacity(lines.len());
    let mut row = 0;
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(line.as_bytes());
        starts.push(row);
        row += rows_taken(line, columns);
    }
    // The cursor rests on the last row written (a line that fills its last
    // row exactly leaves it there, waiting to wrap).
    let last = row.saturating_sub(1);
    let Some((line, column)) = cursor else {
        return (bytes, last);
    };
    let target = starts.get(line).copied().unwrap_or(last) + column / columns;
    let target = target.min(last);
    if last > target {
        let _ = crossterm::queue!(bytes, MoveUp(clamp(last - target)));
    }
    let _ = crossterm::queue!(bytes, MoveToColumn(clamp(column % columns)));
    (bytes, target)
}

fn clamp(count: usize) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| text.to_string()).collect()
    }

    #[test]
    fn the_cursor_ends_below_every_wrapped_row() {
        let (_, above) = frame(0, &lines(&[&"x".repeat(45), "y"]), 40, None);
        assert_eq!(above, 2);
        let (_, above) = frame(0, &lines(&[&"x".repeat(40), "y"]), 40, None);
        assert_eq!(above, 1, "a line exactly as wide as the screen takes one row");
        let (_, above) = frame(0, &lines(&["a", "b", "c"]), 40, Some((1, 3)));
        assert_eq!(above, 1);
        assert_eq!(rows_of("one\ntwo\n", 40), 2);
        assert_eq!(rows_of(&"가".repeat(25), 40), 2);
    }

    #[cfg(unix)]
    fn screen_after(frames: &[Vec<String>], columns: u16) -> Vec<String> {
        let mut parser = vt100::Parser::new(10, columns, 0);
        parser.process(b"question\r\n");
        let mut above = 0;
        for (index, lines) in frames.iter().enumerate() {
            let cursor = (index % 2 == 1).then_some((0, 2));
            let (bytes, next) = frame(above, lines, usize::from(columns), cursor);
            parser.process(&bytes);
            above = next;
        }
        parser.screen().rows(0, columns).map(|row| row.trim_end().to_string()).collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_shorter_drawing_leaves_nothing_of_a_longer_one() {
        let long = lines(&["› a) the first choice is long enough to wrap twice at twenty", "  b) two", "hint"]);
        let short = lines(&["› b) two"]);
        let screen = screen_after(&[long.clone(), long, short], 20);
        assert_eq!(screen[0], "question");
        assert_eq!(screen[1], "› b) two");
        assert!(screen[2..].iter().all(|row| row.is_empty()), "{screen:#?}");
    }
}
