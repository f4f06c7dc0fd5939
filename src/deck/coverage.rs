//! Coverage of the notes by a deck's citations: which sections cards cite,
//! and which paragraphs no card's quote falls in.

use std::ops::Range;

use serde::Serialize;

use super::Notes;

/// Characters of an uncovered paragraph shown to say which one it is.
const EXCERPT_CHARS: usize = 60;

/// How much of its notes a deck covers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    /// The notes file, as messages name it.
    pub notes: String,
    /// Every section, in document order.
    pub sections: Vec<SectionCoverage>,
    /// Sections cited by a card, directly or through a subsection.
    pub sections_covered: usize,
    /// Sections in the notes.
    pub sections_total: usize,
    /// `sections_covered / sections_total` (1 for notes without sections).
    pub section_ratio: f64,
    /// Paragraphs some card's quote falls in.
    pub paragraphs_covered: usize,
    /// Paragraphs in the notes.
    pub paragraphs_total: usize,
    /// `paragraphs_covered / paragraphs_total` (1 for notes without paragraphs).
    pub paragraph_ratio: f64,
}

/// One section's share of the coverage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SectionCoverage {
    /// The heading.
    pub title: String,
    /// The heading's line in the notes.
    pub line: usize,
    /// 1 for the outermost headings.
    pub level: usize,
    /// Cards that cite this section itself.
    pub cards: usize,
    /// Whether a card cites it or one of its subsections.
    pub covered: bool,
    /// Paragraphs directly under this heading (not in subsections).
    pub paragraphs: usize,
    /// Those of them no quote falls in.
    pub uncovered: Vec<Paragraph>,
}

/// A paragraph of the notes, named by its line and first words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Paragraph {
    /// The line it starts on.
    pub line: usize,
    /// Its first words, whitespace folded.
    pub excerpt: String,
}

/// A share as reports print it: `66%` for two thirds (rounded down, so 100%
/// means all of it).
pub fn percent(ratio: f64) -> String {
    format!("{:.0}%", (ratio * 100.0).floor())
}

/// Counts citations as a deck is read.
#[derive(Debug)]
pub struct Tally {
    cards: Vec<usize>,
    covered_blocks: Vec<bool>,
}

impl Tally {
    /// An empty tally for `notes`.
    pub fn new(notes: &Notes) -> Tally {
        Tally { cards: vec![0; notes.sections().len()], covered_blocks: vec![false; notes.blocks().len()] }
    }

    /// Counts a card citing section `index`, with the place its quote was
    /// found ([`Notes::find_quote`]), if it has one that was found.
    pub fn cite(&mut self, notes: &Notes, index: usize, quote_found: Option<&Range<usize>>) {
        let Some(cards) = self.cards.get_mut(index) else { return };
        *cards += 1;
        for block in quote_found.into_iter().flat_map(|found| notes.blocks_within(found)) {
            self.covered_blocks[block] = true;
        }
    }

    /// The coverage counted, for notes named `name`.
    pub fn finish(self, notes: &Notes, name: String) -> Coverage {
        let sections = notes.sections();
        let mut covered = vec![false; sections.len()];
        for (index, cards) in self.cards.iter().enumerate() {
            let mut ancestor = Some(index).filter(|_| *cards > 0);
            while let Some(at) = ancestor {
                if covered[at] {
                    break;
                }
                covered[at] = true;
                ancestor = sections[at].parent;
            }
        }
        let mut report: Vec<SectionCoverage> = sections
            .iter()
            .zip(&covered)
            .zip(&self.cards)
            .map(|((section, covered), cards)| SectionCoverage {
                title: section.title.clone(),
                line: section.line,
                level: section.level,
                cards: *cards,
                covered: *covered,
                paragraphs: 0,
                uncovered: Vec::new(),
            })
            .collect();
        let mut paragraphs_total = 0;
        let mut paragraphs_covered = 0;
        for (block, covered) in notes.blocks().iter().zip(&self.covered_blocks) {
            let Some(section) = block.section else { continue };
            paragraphs_total += 1;
            report[section].paragraphs += 1;
            if *covered {
                paragraphs_covered += 1;
            } else {
                report[section]
                    .uncovered
                    .push(Paragraph { line: block.line, excerpt: excerpt(notes.block_text(block)) });
            }
        }
        let sections_covered = covered.iter().filter(|covered| **covered).count();
        let ratio = |part: usize, whole: usize| if whole == 0 { 1.0 } else { part as f64 / whole as f64 };
        Coverage {
            notes: name,
            sections_total: report.len(),
            section_ratio: ratio(sections_covered, report.len()),
            sections: report,
            sections_covered,
            paragraphs_covered,
            paragraphs_total,
            paragraph_ratio: ratio(paragraphs_covered, paragraphs_total),
        }
    }
}

/// The first words of a paragraph, whitespace folded and cut.
fn excerpt(text: &str) -> String {
    let folded = super::fold_whitespace(text);
    match folded.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}…", folded[..end].trim_end()),
        None => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTES: &str = "# Guide\n\nIntro words.\n\n## Loops\n\nA loop runs callbacks.\n\n- one at a time\n- in order\n\n## Tasks\n\nA task wraps a coroutine.\n\n### Cancel\n\nCancelling raises an error.\n\n## Executors\n\nThreads run blocking code.\n";

    #[test]
    fn counts_sections_through_subsections_and_paragraphs_by_quote() {
        let notes = Notes::parse(NOTES);
        let mut tally = Tally::new(&notes);
        let mut cite = |section: &str, quote: Option<&str>| {
            let Some(index) = notes.section_index(section) else { return };
            tally.cite(&notes, index, quote.and_then(|quote| notes.find_quote(section, quote)).as_ref());
        };
        cite("Loops", Some("runs callbacks. - one at"));
        cite("Loops", None);
        cite("Cancel", Some("raises an error"));
        cite("Guide", Some("not in the notes"));
        cite("No such section", Some("Intro"));
        let coverage = tally.finish(&notes, "notes.md".to_string());
        let sections: Vec<(&str, usize, bool, usize, Vec<usize>)> = coverage
            .sections
            .iter()
            .map(|section| {
                let uncovered = section.uncovered.iter().map(|paragraph| paragraph.line).collect();
                (section.title.as_str(), section.cards, section.covered, section.paragraphs, uncovered)
            })
            .collect();
        assert_eq!(
            sections,
            [
                ("Guide", 1, true, 1, vec![3]),
                ("Loops", 2, true, 3, vec![10]),
                ("Tasks", 0, true, 1, vec![14]),
                ("Cancel", 1, true, 1, vec![]),
                ("Executors", 0, false, 1, vec![22]),
            ]
        );
        assert_eq!((coverage.sections_covered, coverage.sections_total), (4, 5));
        assert_eq!((coverage.paragraphs_covered, coverage.paragraphs_total), (3, 7));
        assert!((coverage.section_ratio - 0.8).abs() < 1e-9);
        assert_eq!(coverage.sections[0].uncovered[0].excerpt, "Intro words.");
    }

    #[test]
    fn notes_without_headings_are_fully_covered_by_nothing() {
        let notes = Notes::parse("just text\n");
        let coverage = Tally::new(&notes).finish(&notes, "n.md".to_string());
        assert_eq!((coverage.sections_total, coverage.paragraphs_total), (0, 0));
        assert_eq!((coverage.section_ratio, coverage.paragraph_ratio), (1.0, 1.0));
    }

    #[test]
    fn long_paragraphs_are_named_by_their_first_words() {
        assert_eq!(excerpt(&"word ".repeat(40)).chars().count(), 60);
        assert!(excerpt(&"word ".repeat(40)).ends_with('…'));
    }
}
