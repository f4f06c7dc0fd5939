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
    assert!(!notes.section_contains("gevent", "   "), "an empty quote is never found");
    assert_eq!(
        notes.section_text("asyncore").unwrap(),
        "Sam Rushing wrote\n  asyncore in 1996.\n### Detail\nselect and poll"
    );
}

#[test]
fn sections_know_their_line_level_and_parent() {
    let notes = Notes::parse(NOTES);
    let summary: Vec<(&str, usize, usize, Option<usize>)> = notes
        .sections()
        .iter()
        .map(|section| (section.title.as_str(), section.level, section.line, section.parent))
        .collect();
    assert_eq!(
        summary,
        [("Title", 1, 1, None), ("asyncore", 2, 3, Some(0)), ("Detail", 3, 6, Some(1)), ("gevent", 2, 8, Some(0))]
    );
}

#[test]
fn blocks_are_paragraphs_and_list_items_in_their_innermost_section() {
    let notes = Notes::parse(
        "# A\n\nfirst para\nstill first\n\n- item one\n- item two\n\n## B\n\n```\ncode\n```\n\n> quoted\n",
    );
    let blocks: Vec<(usize, Option<usize>, &str)> =
        notes.blocks().iter().map(|block| (block.line, block.section, notes.block_text(block).trim_end())).collect();
    assert_eq!(
        blocks,
        [
            (3, Some(0), "first para\nstill first"),
            (6, Some(0), "- item one"),
            (7, Some(0), "- item two"),
            (11, Some(1), "```\ncode\n```"),
            (15, Some(1), "> quoted"),
        ]
    );
}

#[test]
fn a_quote_falls_in_the_paragraphs_it_spans() {
    let notes = Notes::parse("# A\n\none two\n\nthree four\n\nfive six\n");
    let within =
        |quote: &str| notes.find_quote("A", quote).map(|found| notes.blocks_within(&found).collect::<Vec<_>>());
    assert_eq!(within("two"), Some(vec![0]));
    assert_eq!(within("three   four"), Some(vec![1]));
    assert_eq!(within("two three"), Some(vec![0, 1]), "a quote across a paragraph break covers both");
    assert_eq!(within("seven"), None);
}

#[test]
fn fingerprints_ignore_reflowing_and_marks_but_not_words() {
    let before = Notes::parse("# A\nSam wrote it in 1996.\n# B\nother\n");
    let reflowed = Notes::parse("# A\nSam  wrote\nit in `1996`.\n\n# B\nchanged\n");
    let edited = Notes::parse("# A\nSam wrote it in 1995.\n# B\nother\n");
    let fingerprint = |notes: &Notes, section: &str| notes.fingerprint(section).unwrap();
    assert_eq!(fingerprint(&before, "A"), fingerprint(&reflowed, "A"));
    assert_ne!(fingerprint(&before, "A"), fingerprint(&edited, "A"));
    assert_ne!(fingerprint(&before, "B"), fingerprint(&reflowed, "B"));
    assert_eq!(fingerprint(&before, "A").len(), 12);
    assert!(fingerprint(&before, "A").chars().all(|digit| digit.is_ascii_hexdigit()));
    // Pinned: a fingerprint written into a deck must read the same in every version.
    assert_eq!(fingerprint_of("Sam wrote it in 1996."), fingerprint(&before, "A"));
    assert_eq!(fingerprint_of(""), "af64724c8602");
    assert_eq!(before.fingerprint("missing"), None);
}

#[test]
fn restructured_text_titles_take_levels_from_their_adornments() {
    let rst = "\
=========
 asyncio
=========

Intro text.

Event loops
===========

The loop runs *tasks*.

Details
-------

Uses ``selectors``.

----

Futures
=======

A future is a result
that is not there yet.
Not a title because
===================
it follows a paragraph line.
";
    let notes = Notes::parse_as(NotesFormat::ReStructuredText, rst);
    let summary: Vec<(&str, usize, usize)> =
        notes.sections().iter().map(|section| (section.title.as_str(), section.level, section.line)).collect();
    assert_eq!(summary, [("asyncio", 1, 1), ("Event loops", 2, 7), ("Details", 3, 12), ("Futures", 2, 19)]);
    assert!(notes.section_contains("Event loops", "The loop runs tasks"));
    assert!(notes.section_contains("Event loops", "Uses selectors"), "subsections belong to their parent");
    assert!(!notes.section_contains("Futures", "Uses selectors"));
    assert!(notes.section_contains("Futures", "a result that is not there yet. Not a title because"));
    let blocks: Vec<usize> = notes.blocks().iter().map(|block| block.line).collect();
    assert_eq!(blocks, [5, 10, 15, 22], "the transition is no paragraph; the false title is in one");
}

#[test]
fn the_format_follows_the_file_name() {
    assert_eq!(NotesFormat::of("library/asyncio.rst"), NotesFormat::ReStructuredText);
    assert_eq!(NotesFormat::of("notes.RST"), NotesFormat::ReStructuredText);
    assert_eq!(NotesFormat::of("notes.md"), NotesFormat::Markdown);
    assert_eq!(NotesFormat::of("notes"), NotesFormat::Markdown);
}
