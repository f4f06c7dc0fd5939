//! The notes document a deck cites: its headings and the text under each.

use std::collections::HashMap;

/// A notes document split into sections by its Markdown headings.
#[derive(Clone, Debug, Default)]
pub struct Notes {
    sections: Vec<Section>,
    /// Each title's sections, in document order: a deck with a section per
    /// card looks its citations up, not through every heading.
    by_title: HashMap<String, Vec<usize>>,
}

#[derive(Clone, Debug)]
struct Section {
    title: String,
    /// The section's text (with its subsections), whitespace folded.
    folded_body: String,
    /// The section's text as written, trimmed.
    body: String,
}

impl Notes {
    /// Splits `markdown` at its headings, as CommonMark reads them
    /// (pulldown-cmark): ATX (`## Title`) and setext (`Title` over `===`),
    /// never a `#` line inside fenced or indented code.
    pub fn parse(markdown: &str) -> Self {
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        // (level, title, byte where the heading starts, byte where its body starts)
        let mut headings: Vec<(usize, String, usize, usize)> = Vec::new();
        let mut open: Option<(usize, String, usize)> = None;
        for (event, range) in Parser::new(markdown).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => open = Some((level as usize, String::new(), range.start)),
                Event::Text(text) | Event::Code(text) => {
                    if let Some((_, title, _)) = open.as_mut() {
                        title.push_str(&text);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, title, start)) = open.take() {
                        headings.push((level, title.trim().to_string(), start, range.end));
                    }
                }
                _ => {}
            }
        }
        let sections = headings
            .iter()
            .enumerate()
            .map(|(position, (level, title, _, body_start))| {
                let end = headings[position + 1..]
                    .iter()
                    .find(|(other_level, _, _, _)| other_level <= level)
                    .map_or(markdown.len(), |(_, _, start, _)| *start);
                let body = markdown.get(*body_start..end.max(*body_start)).unwrap_or_default();
                Section { title: title.clone(), folded_body: fold_for_quotes(body), body: body.trim().to_string() }
            })
            .collect::<Vec<Section>>();
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, section) in sections.iter().enumerate() {
            by_title.entry(section.title.clone()).or_default().push(index);
        }
        Notes { sections, by_title }
    }

    /// The sections titled `title`, in document order.
    fn titled<'n>(&'n self, title: &str) -> impl Iterator<Item = &'n Section> {
        self.by_title.get(title).into_iter().flatten().map(|index| &self.sections[*index])
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
        self.titled(section).next().map(|found| found.body.clone())
    }

    /// Reads and splits the notes file `relative` beside a deck from `origin`;
    /// None when it cannot be read (or lies outside the deck's folder).
    pub fn load(origin: &super::Origin, relative: &str) -> Option<Notes> {
        match super::source::read_beside(origin, relative) {
            super::Relative::Text(markdown) => Some(Notes::parse(&markdown)),
            super::Relative::Missing | super::Relative::Outside | super::Relative::Unreadable(_) => None,
        }
    }

    /// Whether `quote` appears in `section`, comparing with whitespace folded and
    /// Markdown's inline marks (backticks, asterisks) ignored.
    pub fn section_contains(&self, section: &str, quote: &str) -> bool {
        let quote = fold_for_quotes(quote);
        self.titled(section).any(|candidate| candidate.folded_body.contains(&quote))
    }
}

/// Text as quotes are compared: inline Markdown marks dropped, whitespace folded.
fn fold_for_quotes(text: &str) -> String {
    fold_whitespace(&text.replace(['`', '*'], ""))
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
mod tests {
    use super::*;

    const NOTES: &str = "# Title\nintro\n## asyncore\nSam Rushing wrote\n  asyncore in 1996.\n### Detail\nselect and poll\n## gevent\n```\n# not a heading\n```\nJuly **2009**\n";

    #[test]
    fn setext_headings_count_and_indented_hashes_do_not() {
        let notes = Notes::parse(
            "Intro\n=====\nfirst\n\nPart\n----\nsecond\n\n    # not a heading (indented code)\n\n## Last ##\nthird\n",
        );
        assert_eq!(notes.headings().collect::<Vec<_>>(), ["Intro", "Part", "Last"]);
        assert!(notes.section_contains("Part", "second"));
        assert!(notes.section_contains("Intro", "second"), "a level-2 section belongs to its level-1 parent");
        assert!(!notes.has_section("not a heading (indented code)"));
        assert!(notes.section_contains("Last", "third"));
    }

    #[test]
    fn finds_sections_and_quotes() {
        let notes = Notes::parse(NOTES);
        assert_eq!(notes.headings().collect::<Vec<_>>(), ["Title", "asyncore", "Detail", "gevent"]);
        assert!(notes.section_contains("asyncore", "wrote asyncore   in 1996"));
        assert!(notes.section_contains("asyncore", "select and poll"), "subsections belong to their parent");
        assert!(!notes.section_contains("gevent", "Sam Rushing"));
        assert!(!notes.has_section("not a heading"));
        assert!(notes.section_contains("gevent", "July 2009"));
        assert!(notes.section_contains("gevent", "`July` 2009"), "inline Markdown marks are ignored");
    }
}
