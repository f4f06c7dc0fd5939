//! GIFT's lexical layer: the file cut into blocks at blank lines (comment
//! lines left out, a `$CATEGORY:` line always a block of its own), each block
//! read into characters that know whether a backslash made them literal, and
//! a question block split into title, text and answer block.
//!
//! Everything here is one pass over the text; positions are kept as byte
//! offsets and turned into line and column only for an error.

use crate::error::Error;

/// One character of a block, and whether a backslash made it literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Char {
    /// The character, after unescaping (`\n` is a newline).
    pub(super) value: char,
    /// Whether it was escaped, so it is text and never syntax.
    pub(super) escaped: bool,
    /// Byte offset of the character (or its backslash) in the block's text.
    pub(super) at: usize,
}

impl Char {
    /// Whether this is `wanted` as GIFT syntax (not escaped).
    pub(super) fn is(self, wanted: char) -> bool {
        !self.escaped && self.value == wanted
    }
}

/// Where one line of a block starts.
#[derive(Clone, Copy, Debug)]
struct LineStart {
    /// Byte offset of the line in the block's text.
    offset: usize,
    /// 1-based line number in the file.
    number: usize,
    /// Characters trimmed from the line's start.
    indent: usize,
}

/// The lines of one question or `$CATEGORY`, trimmed and joined with `\n`.
#[derive(Debug)]
pub(super) struct Block {
    /// The joined text.
    pub(super) text: String,
    lines: Vec<LineStart>,
}

impl Block {
    /// The file's line number of the block's first line.
    pub(super) fn first_line(&self) -> usize {
        self.lines.first().map_or(1, |line| line.number)
    }

    /// The file's line and character column of byte `at` of the block.
    pub(super) fn position(&self, at: usize) -> (usize, usize) {
        let index = self.lines.partition_point(|line| line.offset <= at).saturating_sub(1);
        let Some(line) = self.lines.get(index) else { return (1, 1) };
        let before = self.text.get(line.offset..at.min(self.text.len())).unwrap_or("");
        (line.number, line.indent + before.chars().count() + 1)
    }

    /// The category path, when the block is a `$CATEGORY:` line.
    pub(super) fn category(&self) -> Option<&str> {
        self.text.strip_prefix("$CATEGORY:").map(str::trim)
    }

    /// The block's characters, escapes resolved: `\\ \~ \= \# \{ \} \:`
    /// stand for the character itself and `\n` for a line break; any other
    /// backslash is itself (as Moodle reads it).
    pub(super) fn chars(&self) -> Vec<Char> {
        let mut chars = Vec::with_capacity(self.text.len());
        let mut iterator = self.text.char_indices().peekable();
        while let Some((at, value)) = iterator.next() {
            if value == '\\' {
                let escaped = match iterator.peek() {
                    Some((_, next @ ('\\' | '~' | '=' | '#' | '{' | '}' | ':'))) => Some(*next),
                    Some((_, 'n')) => Some('\n'),
                    _ => None,
                };
                if let Some(escaped) = escaped {
                    iterator.next();
                    chars.push(Char { value: escaped, escaped: true, at });
                    continue;
                }
            }
            chars.push(Char { value, escaped: false, at });
        }
        chars
    }
}

/// The blocks of a GIFT file, in order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blocks.extend(current.take());
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let category = trimmed.starts_with("$CATEGORY:");
        if category {
            blocks.extend(current.take());
        }
        let block = current.get_or_insert_with(|| Block { text: String::new(), lines: Vec::new() });
        if !block.text.is_empty() {
            block.text.push('\n');
        }
        let indent = line.len() - line.trim_start().len();
        block.lines.push(LineStart {
            offset: block.text.len(),
            number: index + 1,
            indent: line[..indent].chars().count(),
        });
        block.text.push_str(trimmed);
        if category {
            blocks.extend(current.take());
        }
    }
    blocks.extend(current);
    blocks
}

/// A question block cut at its syntax: `::title::`, the text before the
/// answer block, the block's inside, and the text after it.
#[derive(Debug)]
pub(super) struct Parts<'a> {
    /// The title between `::` and `::`, if there is one.
    pub(super) title: Option<&'a [Char]>,
    /// Whether a `::` opened a title that was never closed (read as text).
    pub(super) unclosed_title: bool,
    /// The text before the answer block (or all of it, for a description).
    pub(super) before: &'a [Char],
    /// What is between `{` and `}`, if there is an answer block.
    pub(super) answers: Option<&'a [Char]>,
    /// The text after the answer block.
    pub(super) after: &'a [Char],
    /// Whether a second answer block follows the first.
    pub(super) more_blocks: bool,
}

/// Cuts a question block; an unbalanced brace is an error naming its place.
pub(super) fn parts<'a>(name: &str, block: &Block, chars: &'a [Char]) -> Result<Parts<'a>, Error> {
    let (title, unclosed_title, rest) = match chars {
        [first, second, rest @ ..] if first.is(':') && second.is(':') => {
            match rest.windows(2).position(|pair| matches!(pair, [first, second] if first.is(':') && second.is(':'))) {
                Some(end) => (rest.get(..end), false, rest.get(end + 2..).unwrap_or(&[])),
                None => (None, true, rest),
            }
        }
        _ => (None, false, chars),
    };
    let error = |at: usize, message: &str| {
        let (line, column) = block.position(at);
        Error::BadInput { path: name.to_string(), line, column, message: message.to_string() }
    };
    let mut open: Option<usize> = None;
    let mut first_block: Option<(usize, usize)> = None;
    let mut more_blocks = false;
    for (index, character) in rest.iter().enumerate() {
        if character.is('{') {
            if open.is_some() {
                return Err(error(
                    character.at,
                    "a `{` inside an answer block: close the block with `}` first, or write `\\{` for a brace in the text",
                ));
            }
            open = Some(index);
        } else if character.is('}') {
            let Some(start) = open.take() else {
                return Err(error(
                    character.at,
                    "this `}` closes no answer block: remove it, or write `\\}` for a brace in the text",
                ));
            };
            match first_block {
                None => first_block = Some((start, index)),
                Some(_) => more_blocks = true,
            }
        }
    }
    if let Some(start) = open {
        let at = rest.get(start).map_or(0, |character| character.at);
        return Err(error(
            at,
            "this `{` opens an answer block that is never closed: add `}` before the next blank line, \
             or write `\\{` for a brace in the text",
        ));
    }
    let parts = match first_block {
        Some((start, end)) => Parts {
            title,
            unclosed_title,
            before: rest.get(..start).unwrap_or(&[]),
            answers: rest.get(start + 1..end),
            after: rest.get(end + 1..).unwrap_or(&[]),
            more_blocks,
        },
        None => Parts { title, unclosed_title, before: rest, answers: None, after: &[], more_blocks },
    };
    Ok(parts)
}

/// The characters as a string.
pub(super) fn text(chars: &[Char]) -> String {
    chars.iter().map(|character| character.value).collect()
}

/// `chars` without whitespace at either end.
pub(super) fn trim(chars: &[Char]) -> &[Char] {
    let start = chars.iter().position(|character| !character.value.is_whitespace()).unwrap_or(chars.len());
    let end = chars.iter().rposition(|character| !character.value.is_whitespace()).map_or(start, |end| end + 1);
    chars.get(start..end.max(start)).unwrap_or(&[])
}

/// The index of the first unescaped `wanted`.
pub(super) fn find(chars: &[Char], wanted: char) -> Option<usize> {
    chars.iter().position(|character| character.is(wanted))
}

/// `chars` cut before each unescaped character in `starters`: the text
/// before the first one, then each piece with the character that starts it.
pub(super) fn split_at_any<'a>(chars: &'a [Char], starters: &[char]) -> (&'a [Char], Vec<(char, &'a [Char])>) {
    let mut pieces = Vec::new();
    let mut start: Option<(char, usize)> = None;
    let mut leading = chars;
    for (index, character) in chars.iter().enumerate() {
        if character.escaped || !starters.contains(&character.value) {
            continue;
        }
        match start {
            None => leading = chars.get(..index).unwrap_or(&[]),
            Some((marker, from)) => pieces.push((marker, chars.get(from..index).unwrap_or(&[]))),
        }
        start = Some((character.value, index + 1));
    }
    if let Some((marker, from)) = start {
        pieces.push((marker, chars.get(from..).unwrap_or(&[])));
    }
    (leading, pieces)
}

/// Where the last run of four unescaped `#` starts (general feedback).
pub(super) fn general_feedback_mark(chars: &[Char]) -> Option<usize> {
    let mut run = 0;
    let mut last = None;
    for (index, character) in chars.iter().enumerate() {
        if character.is('#') {
            run += 1;
            if run >= 4 {
                last = Some(index + 1 - 4);
            }
        } else {
            run = 0;
        }
    }
    last
}

/// The index of the first unescaped `->`.
pub(super) fn find_arrow(chars: &[Char]) -> Option<usize> {
    chars.windows(2).position(|pair| matches!(pair, [dash, greater] if dash.is('-') && greater.is('>')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        blocks(text).into_iter().next().unwrap()
    }

    #[test]
    fn blocks_end_at_blank_lines_and_skip_comments() {
        let found = blocks("// a comment\n::a:: one\n  {T}\n\n\r\n$CATEGORY: x/y\nnext {F}\n// c\n");
        let texts: Vec<&str> = found.iter().map(|block| block.text.as_str()).collect();
        assert_eq!(texts, ["::a:: one\n{T}", "$CATEGORY: x/y", "next {F}"]);
        assert_eq!(found[0].first_line(), 2);
        assert_eq!(found[0].position(found[0].text.find('{').unwrap()), (3, 3));
        assert_eq!(found[1].category(), Some("x/y"));
    }

    #[test]
    fn escapes_are_text_and_other_backslashes_stay() {
        let chars = block(r"a\{b\}\~\=\#\:\\\n\x\").chars();
        assert_eq!(text(&chars), "a{b}~=#:\\\n\\x\\");
        assert!(chars.iter().filter(|character| character.escaped).count() == 8);
        assert!(find(&chars, '{').is_none());
    }

    #[test]
    fn unbalanced_braces_are_errors_at_their_place() {
        let cut = |text: &str| {
            let block = block(text);
            let chars = block.chars();
            parts("q.gift", &block, &chars)
                .map(|parts| parts.answers.map(super::text))
                .map_err(|error| error.to_string())
        };
        assert_eq!(cut("::t:: q {=a}"), Ok(Some("=a".to_string())));
        assert_eq!(cut("q \\{ no block"), Ok(None));
        let error = cut("q {=a\n=b").unwrap_err();
        assert!(error.starts_with("q.gift:1:3: this `{` opens"), "{error}");
        assert!(cut("q {=a {=b}}").unwrap_err().starts_with("q.gift:1:7: a `{` inside"));
        assert!(cut("q } {=a}").unwrap_err().starts_with("q.gift:1:3: this `}` closes"));
    }

    #[test]
    fn splitting_finds_only_unescaped_markers() {
        let block = block(r"lead =a\=b ~c =d####gf ####x");
        let chars = block.chars();
        let (leading, pieces) = split_at_any(&chars, &['=', '~']);
        assert_eq!(text(leading), "lead ");
        let shown: Vec<(char, String)> = pieces.iter().map(|(marker, piece)| (*marker, text(piece))).collect();
        assert_eq!(shown[0], ('=', "a=b ".to_string()));
        assert_eq!(shown.len(), 3);
        assert_eq!(general_feedback_mark(&chars).map(|at| text(&chars[at..])), Some("####x".to_string()));
        assert_eq!(text(trim(&chars[4..7])), "=a");
    }
}
