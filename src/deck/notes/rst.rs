//! reStructuredText notes: section titles marked by their adornments.
//!
//! A title is a line of text underlined (and optionally overlined) by one
//! punctuation character repeated at least as long as the title. Levels come
//! from the order in which each style (character, with or without an
//! overline) first appears, as docutils reads them. Blocks are the runs of
//! lines between blank lines that are not titles or transitions.

use std::ops::Range;

use super::{Heading, Outline};

/// The characters docutils accepts as adornments.
const ADORNMENTS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// The headings and paragraphs of `text`.
pub(super) fn outline(text: &str) -> Outline {
    let lines = lines_of(text);
    let mut outline = Outline::default();
    let mut styles: Vec<(char, bool)> = Vec::new();
    let mut level_of = |style: (char, bool)| match styles.iter().position(|known| *known == style) {
        Some(position) => position + 1,
        None => {
            styles.push(style);
            styles.len()
        }
    };
    let mut block: Option<Range<usize>> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        let content = line.text.trim_end();
        let title = title_at(&lines, index);
        if content.trim().is_empty() || title.is_some() || is_transition(&lines, index) {
            if let Some(open) = block.take() {
                outline.blocks.push(open);
            }
        }
        if let Some((title, style, consumed)) = title {
            let start = line.start;
            let after = &lines[index + consumed - 1];
            outline.headings.push(Heading {
                level: level_of(style),
                title,
                start,
                body_start: after.start + after.text.len(),
            });
            index += consumed;
            continue;
        }
        if !content.trim().is_empty() && !is_transition(&lines, index) {
            let end = line.start + content.len();
            block = Some(block.map_or(line.start..end, |open| open.start..end));
        }
        index += 1;
    }
    if let Some(open) = block {
        outline.blocks.push(open);
    }
    outline
}

struct Line<'t> {
    start: usize,
    /// The line without its line break.
    text: &'t str,
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split_inclusive('\n')
        .map(|raw| {
            let line = Line { start, text: raw.trim_end_matches(['\n', '\r']) };
            start += raw.len();
            line
        })
        .collect()
}

/// The adornment character of a line made only of one repeated punctuation
/// character (at least two of it), with the line's length in characters.
fn adornment(line: &str) -> Option<(char, usize)> {
    let line = line.trim_end();
    let first = line.chars().next()?;
    if !ADORNMENTS.contains(first) || !line.chars().all(|character| character == first) {
        return None;
    }
    let length = line.chars().count();
    (length >= 2).then_some((first, length))
}

/// The title starting at line `index`: its text, its style, and how many
/// lines it takes (2 underlined, 3 overlined).
fn title_at(lines: &[Line<'_>], index: usize) -> Option<(String, (char, bool), usize)> {
    let width = |text: &str| text.trim().chars().count();
    let line = lines.get(index)?.text;
    if let Some((character, length)) = adornment(line) {
        let title = lines.get(index + 1)?.text;
        let (under, under_length) = adornment(lines.get(index + 2)?.text)?;
        let fits = under == character && under_length == length && width(title) > 0 && width(title) <= length;
        return fits.then(|| (title.trim().to_string(), (character, true), 3));
    }
    let after_break = index == 0 || {
        let previous = lines[index - 1].text;
        previous.trim().is_empty() || adornment(previous).is_some()
    };
    if !after_break || line.trim().is_empty() || line.starts_with(char::is_whitespace) {
        return None;
    }
    let (character, length) = adornment(lines.get(index + 1)?.text)?;
    (width(line) <= length).then(|| (line.trim().to_string(), (character, false), 2))
}

/// Whether line `index` is a transition: an adornment of four or more
/// characters between blank lines (or the ends of the text).
fn is_transition(lines: &[Line<'_>], index: usize) -> bool {
    let blank = |at: Option<&Line<'_>>| at.is_none_or(|line| line.text.trim().is_empty());
    adornment(lines[index].text).is_some_and(|(_, length)| length >= 4)
        && (index == 0 || blank(lines.get(index - 1)))
        && blank(lines.get(index + 1))
}
