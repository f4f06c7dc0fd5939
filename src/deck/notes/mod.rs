//! The notes document a deck cites: its sections, the text under each, the
//! fingerprint of that text, and its paragraphs (for coverage).
//!
//! Markdown (`markdown.rs`) and reStructuredText (`rst.rs`) are read into
//! the same [`Outline`]: headings and blocks at byte offsets. Everything else
//! (quotes, fingerprints, coverage) works on that outline, whatever the format.

mod diff;
mod history;
mod markdown;
mod rst;

pub use diff::word_diff;
pub use history::NotesHistory;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::deck::LineIndex;
use crate::hash::StableHasher;

/// A notes document split into sections at its headings.
#[derive(Clone, Debug, Default)]
pub struct Notes {
    /// The document as written.
    text: String,
    /// The whole document as quotes are compared ([`fold_for_quotes`]);
    /// sections and blocks are ranges of it.
    folded: String,
    sections: Vec<Section>,
    blocks: Vec<Block>,
    /// Each title's sections, in document order: a deck with a section per
    /// card looks its citations up, not through every heading.
    by_title: HashMap<String, Vec<usize>>,
    /// Each section's fingerprint, hashed the first time a citation asks:
    /// ten thousand cards citing one long section hash it once.
    fingerprints: Vec<OnceLock<String>>,
}

/// One heading and the text under it, subsections included.
#[derive(Clone, Debug)]
pub struct Section {
    /// The heading's text.
    pub title: String,
    /// 1 for the outermost headings, then 2, 3, …
    pub level: usize,
    /// The 1-based line of the heading.
    pub line: usize,
    /// The enclosing section, if any.
    pub parent: Option<usize>,
    body: Range<usize>,
    folded: Range<usize>,
}

/// A paragraph of the notes (a list item, a code block, a quotation…): the
/// unit of coverage.
#[derive(Clone, Debug)]
pub struct Block {
    /// The 1-based line it starts on.
    pub line: usize,
    /// The innermost section it belongs to (None before the first heading).
    pub section: Option<usize>,
    raw: Range<usize>,
    folded: Range<usize>,
}

/// What a format reader finds: headings and blocks, as byte offsets.
#[derive(Debug, Default)]
struct Outline {
    headings: Vec<Heading>,
    /// The paragraphs, in document order (headings are not blocks).
    blocks: Vec<Range<usize>>,
}

#[derive(Debug)]
struct Heading {
    level: usize,
    title: String,
    /// Where the heading (with any overline) starts.
    start: usize,
    /// Where the text under it starts.
    body_start: usize,
}

/// The format of a notes file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotesFormat {
    /// CommonMark (`.md` and anything else).
    Markdown,
    /// reStructuredText (`.rst`), as Python's own documentation is written.
    ReStructuredText,
}

impl NotesFormat {
    /// The format a notes file named `name` is read as.
    pub fn of(name: &str) -> NotesFormat {
        let rst = std::path::Path::new(name).extension().is_some_and(|extension| extension.eq_ignore_ascii_case("rst"));
        if rst {
            NotesFormat::ReStructuredText
        } else {
            NotesFormat::Markdown
        }
    }
}

impl Notes {
    /// Splits `markdown` at its headings, as CommonMark reads them
    /// (pulldown-cmark): ATX (`## Title`) and setext (`Title` over `===`),
    /// never a `#` line inside fenced or indented code.
    pub fn parse(markdown: &str) -> Self {
        Notes::parse_as(NotesFormat::Markdown, markdown)
    }

    /// Splits `text`, read as `format`, at its headings.
    pub fn parse_as(format: NotesFormat, text: &str) -> Self {
        let outline = match format {
            NotesFormat::Markdown => markdown::outline(text),
            NotesFormat::ReStructuredText => rst::outline(text),
        };
        Notes::build(text, outline)
    }

    fn build(text: &str, outline: Outline) -> Notes {
        let headings = outline.headings;
        let lines = LineIndex::new(text);
        let bodies: Vec<Range<usize>> = headings
            .iter()
            .enumerate()
            .map(|(position, heading)| {
                let end = headings[position + 1..]
                    .iter()
                    .find(|other| other.level <= heading.level)
                    .map_or(text.len(), |other| other.start);
                heading.body_start..end.max(heading.body_start)
            })
            .collect();
        let mut boundaries: Vec<usize> =
            bodies.iter().chain(outline.blocks.iter()).flat_map(|range| [range.start, range.end]).collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        let (folded, folded_at) = fold_mapped(text, &boundaries);
        let fold_range = |range: &Range<usize>| folded_at(range.start)..folded_at(range.end);

        let mut sections: Vec<Section> = Vec::with_capacity(headings.len());
        for (index, (heading, body)) in headings.iter().zip(&bodies).enumerate() {
            let parent = (0..index).rev().find(|earlier| sections[*earlier].level < heading.level);
            sections.push(Section {
                title: heading.title.clone(),
                level: heading.level,
                line: lines.position(text, heading.start).line,
                parent,
                folded: fold_range(body),
                body: body.clone(),
            });
        }
        let mut blocks = Vec::with_capacity(outline.blocks.len());
        let mut heading = 0;
        for raw in outline.blocks {
            while heading < headings.len() && headings[heading].body_start <= raw.start {
                heading += 1;
            }
            // The innermost section whose body holds the block.
            let section = (0..heading).rev().find(|index| bodies[*index].contains(&raw.start));
            blocks.push(Block { line: lines.position(text, raw.start).line, section, folded: fold_range(&raw), raw });
        }
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, section) in sections.iter().enumerate() {
            by_title.entry(section.title.clone()).or_default().push(index);
        }
        let fingerprints = (0..sections.len()).map(|_| OnceLock::new()).collect();
        Notes { text: text.to_string(), folded, sections, blocks, by_title, fingerprints }
    }

    /// The index of the first section titled `title`.
    pub fn section_index(&self, title: &str) -> Option<usize> {
        self.titled(title).next()
    }

    /// The indexes of the sections titled `title`, in document order.
    fn titled(&self, title: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_title.get(title).into_iter().flatten().copied()
    }

    /// Every section, in document order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Every paragraph, in document order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The headings, in document order.
    pub fn headings(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|section| section.title.as_str())
    }

    /// Whether `section` is a heading of the notes.
    pub fn has_section(&self, section: &str) -> bool {
        self.by_title.contains_key(section)
    }

    /// The text of `section` as written (its first occurrence), if it exists.
    pub fn section_text(&self, section: &str) -> Option<String> {
        let index = self.titled(section).next()?;
        Some(self.body(index).trim().to_string())
    }

    /// The text under section `index` as written, subsections included.
    pub fn body(&self, index: usize) -> &str {
        self.sections.get(index).and_then(|section| self.text.get(section.body.clone())).unwrap_or_default()
    }

    /// The text of section `index` as quotes are compared.
    pub fn folded_body(&self, index: usize) -> &str {
        let folded = self.sections.get(index).and_then(|section| self.folded.get(section.folded.clone()));
        folded.unwrap_or_default().trim()
    }

    /// A paragraph as written.
    pub fn block_text(&self, block: &Block) -> &str {
        self.text.get(block.raw.clone()).unwrap_or_default()
    }

    /// The fingerprint of `section` (its first occurrence): a short hash of
    /// its text as quotes are compared, so reflowing a paragraph or adding
    /// backticks keeps it, and changing a word changes it.
    pub fn fingerprint(&self, section: &str) -> Option<String> {
        self.section_index(section).map(|index| self.fingerprint_at(index).to_string())
    }

    /// The fingerprint of section `index` (see [`Notes::fingerprint`]).
    pub fn fingerprint_at(&self, index: usize) -> &str {
        match self.fingerprints.get(index) {
            Some(cell) => cell.get_or_init(|| fingerprint_of(self.folded_body(index))),
            None => "",
        }
    }

    /// Reads and splits the notes file `relative` beside a deck from `origin`;
    /// None when it cannot be read (or lies outside the deck's folder).
    pub fn load(origin: &super::Origin, relative: &str) -> Option<Notes> {
        match super::source::read_beside(origin, relative) {
            super::Relative::Text(text) => Some(Notes::parse_as(NotesFormat::of(relative), &text)),
            super::Relative::Missing | super::Relative::Outside | super::Relative::Unreadable(_) => None,
        }
    }

    /// Whether `quote` appears in `section`, comparing with whitespace folded and
    /// inline marks (backticks, asterisks) ignored.
    pub fn section_contains(&self, section: &str, quote: &str) -> bool {
        self.find_quote(section, quote).is_some()
    }

    /// Where `quote` first appears in `section` (any section of that title),
    /// as a range of the folded document: the paragraphs it falls in are
    /// those whose ranges meet it ([`Notes::blocks_within`]).
    pub fn find_quote(&self, section: &str, quote: &str) -> Option<Range<usize>> {
        let quote = fold_for_quotes(quote);
        if quote.is_empty() {
            return None;
        }
        self.titled(section).find_map(|index| {
            let range = &self.sections[index].folded;
            let start = self.folded.get(range.clone())?.find(&quote)? + range.start;
            Some(start..start + quote.len())
        })
    }

    /// The indexes of the paragraphs that a quote found at `found` falls in.
    pub fn blocks_within(&self, found: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let found = found.clone();
        let first = self.blocks.partition_point(|block| block.folded.end <= found.start);
        self.blocks[first..]
            .iter()
            .take_while(move |block| block.folded.start < found.end)
            .enumerate()
            .filter(|(_, block)| !block.folded.is_empty())
            .map(move |(offset, _)| first + offset)
    }
}

/// The fingerprint of a section's folded text: 12 hex digits of the stable hash.
pub fn fingerprint_of(folded: &str) -> String {
    let mut hasher = StableHasher::default();
    hasher.write(folded);
    format!("{:016x}", hasher.finish())[..12].to_string()
}

/// Whether a character is dropped when quotes are compared: inline marks.
fn is_inline_mark(character: char) -> bool {
    matches!(character, '`' | '*')
}

/// Text as quotes are compared: inline marks (backticks, asterisks) dropped,
/// whitespace folded.
pub fn fold_for_quotes(text: &str) -> String {
    fold_mapped(text, &[]).0
}

/// Folds `text` as [`fold_for_quotes`] does, and maps each of the sorted byte
/// offsets `boundaries` to its offset in the folded text (a boundary inside a
/// run of whitespace maps to where the run's single space is).
fn fold_mapped(text: &str, boundaries: &[usize]) -> (String, impl Fn(usize) -> usize) {
    let mut folded = String::with_capacity(text.len());
    let mut mapped = Vec::with_capacity(boundaries.len());
    let mut next = 0;
    let mut pending_space = false;
    for (offset, character) in text.char_indices() {
        while next < boundaries.len() && boundaries[next] <= offset {
            mapped.push(folded.len());
            next += 1;
        }
        if is_inline_mark(character) {
            continue;
        }
        if character.is_whitespace() {
            pending_space = !folded.is_empty();
            continue;
        }
        if pending_space {
            folded.push(' ');
            pending_space = false;
        }
        folded.push(character);
    }
    mapped.resize(boundaries.len(), folded.len());
    let boundaries = boundaries.to_vec();
    let folded_at = move |offset: usize| boundaries.binary_search(&offset).map_or_else(|_| 0, |index| mapped[index]);
    (folded, folded_at)
}

/// Collapses every run of whitespace to one space and trims the ends.
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A deck's notes file, read the first time it is asked for (a session
/// shows it only on `r`; a large file must not delay the first question).
#[derive(Clone, Debug)]
pub struct NotesFile {
    origin: super::Origin,
    relative: String,
    loaded: std::sync::OnceLock<Option<Notes>>,
}

impl NotesFile {
    /// The notes `relative` beside a deck from `origin`, not read yet.
    pub fn new(origin: super::Origin, relative: &str) -> NotesFile {
        NotesFile { origin, relative: relative.to_string(), loaded: std::sync::OnceLock::new() }
    }

    /// The notes, read now if they were not yet; None when they cannot be read.
    pub fn get(&self) -> Option<&Notes> {
        self.loaded.get_or_init(|| Notes::load(&self.origin, &self.relative)).as_ref()
    }
}

#[cfg(test)]
mod tests;
