//! A short word diff, to tell a maintainer what changed in a section.

use std::time::Instant;

use similar::{Algorithm, ChangeTag, TextDiff};

/// Unchanged words shown on each side of a change.
const CONTEXT_WORDS: usize = 4;
/// Changes shown before the rest is counted.
const MAX_CHANGES: usize = 3;
/// Characters shown of one removed or added run.
const MAX_RUN_CHARS: usize = 80;

enum Segment {
    Same(String),
    Changed { removed: String, added: String },
}

/// `old` and `new` compared word by word, marked as git's `--word-diff=plain`
/// marks them: `…in [-1996-]{+1995+}, the…`. Shows at most three changes,
/// each with a few words around it; empty when the texts are equal. Past
/// `deadline` the diff stops looking for the smallest answer (it stays true).
pub fn word_diff(old: &str, new: &str, deadline: Instant) -> String {
    let diff = TextDiff::configure().algorithm(Algorithm::Myers).deadline(deadline).diff_words(old, new);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match (change.tag(), segments.last_mut()) {
            (ChangeTag::Equal, Some(Segment::Same(text))) => text.push_str(value),
            (ChangeTag::Equal, _) => segments.push(Segment::Same(value.to_string())),
            (ChangeTag::Delete, Some(Segment::Changed { removed, .. })) => removed.push_str(value),
            (ChangeTag::Insert, Some(Segment::Changed { added, .. })) => added.push_str(value),
            (ChangeTag::Delete, _) => {
                segments.push(Segment::Changed { removed: value.to_string(), added: String::new() })
            }
            (ChangeTag::Insert, _) => {
                segments.push(Segment::Changed { removed: String::new(), added: value.to_string() })
            }
        }
    }
    join_across_spaces(&mut segments);
    render(&segments)
}

/// Two changes parted by nothing but a space read as one change.
fn join_across_spaces(segments: &mut Vec<Segment>) {
    let mut joined: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut pending = std::mem::take(segments).into_iter().peekable();
    while let Some(segment) = pending.next() {
        let space_between_changes = matches!(&segment, Segment::Same(text) if text.trim().is_empty())
            && matches!(joined.last(), Some(Segment::Changed { .. }))
            && matches!(pending.peek(), Some(Segment::Changed { .. }));
        if space_between_changes {
            let Some(Segment::Changed { removed: next_removed, added: next_added }) = pending.next() else { continue };
            if let Some(Segment::Changed { removed, added }) = joined.last_mut() {
                for (run, next) in [(removed, next_removed), (added, next_added)] {
                    if !run.is_empty() && !next.is_empty() {
                        run.push(' ');
                    }
                    run.push_str(&next);
                }
            }
            continue;
        }
        joined.push(segment);
    }
    *segments = joined;
}

fn render(segments: &[Segment]) -> String {
    let changes = segments.iter().filter(|segment| matches!(segment, Segment::Changed { .. })).count();
    let mut pieces: Vec<String> = Vec::new();
    let mut shown = 0;
    for (index, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Same(text) => {
                let words: Vec<&str> = text.split_whitespace().collect();
                let after_change = index > 0 && shown <= MAX_CHANGES;
                let before_change = index + 1 < segments.len() && shown < MAX_CHANGES;
                let (head, tail) = match (after_change, before_change) {
                    (true, true) if words.len() <= 2 * CONTEXT_WORDS => (words.len(), 0),
                    (true, true) => (CONTEXT_WORDS, CONTEXT_WORDS),
                    (true, false) => (words.len().min(CONTEXT_WORDS), 0),
                    (false, true) => (0, words.len().min(CONTEXT_WORDS)),
                    (false, false) => continue,
                };
                pieces.extend(words[..head].iter().map(|word| word.to_string()));
                if head + tail < words.len() {
                    pieces.push("…".to_string());
                }
                pieces.extend(words[words.len() - tail..].iter().map(|word| word.to_string()));
            }
            Segment::Changed { removed, added } => {
                shown += 1;
                if shown > MAX_CHANGES {
                    break;
                }
                let mut piece = String::new();
                if !removed.trim().is_empty() {
                    piece.push_str(&format!("[-{}-]", cut(removed.trim())));
                }
                if !added.trim().is_empty() {
                    piece.push_str(&format!("{{+{}+}}", cut(added.trim())));
                }
                pieces.push(piece);
            }
        }
    }
    if changes > MAX_CHANGES {
        pieces.push(format!("(and {} more change(s))", changes - MAX_CHANGES));
    }
    pieces.join(" ")
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_RUN_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    fn word_diff(old: &str, new: &str) -> String {
        super::word_diff(old, new, Instant::now() + Duration::from_secs(1))
    }

    #[test]
    fn shows_a_changed_word_with_its_neighbours() {
        assert_eq!(
            word_diff(
                "Sam Rushing wrote asyncore in 1996 for a web server of his own.",
                "Sam Rushing wrote asyncore in 1995 for a web server of his own."
            ),
            "… Rushing wrote asyncore in [-1996-]{+1995+} for a web server …"
        );
    }

    #[test]
    fn marks_additions_and_removals_at_the_ends() {
        assert_eq!(word_diff("one two", "zero one two"), "{+zero+} one two");
        assert_eq!(word_diff("one two three", "one two"), "one two [-three-]");
        assert_eq!(word_diff("same", "same"), "");
    }

    #[test]
    fn neighbouring_changes_read_as_one() {
        assert_eq!(word_diff("a b c d", "a x y d"), "a [-b c-]{+x y+} d");
    }

    #[test]
    fn shows_three_changes_and_counts_the_rest() {
        let old = "w1 a w2 w3 w4 w5 w6 w7 w8 w9 w10 b w11 w12 w13 w14 w15 w16 w17 w18 c w19 w20 w21 w22 w23 w24 w25 d";
        let new = "w1 A w2 w3 w4 w5 w6 w7 w8 w9 w10 B w11 w12 w13 w14 w15 w16 w17 w18 C w19 w20 w21 w22 w23 w24 w25 D";
        let diff = word_diff(old, new);
        assert!(diff.starts_with("w1 [-a-]{+A+} w2 w3 w4 w5 … w7 w8 w9 w10 [-b-]{+B+}"), "{diff}");
        assert!(diff.contains("[-c-]{+C+}"), "{diff}");
        assert!(!diff.contains("[-d-]"), "{diff}");
        assert!(diff.ends_with("(and 1 more change(s))"), "{diff}");
    }

    #[test]
    fn long_runs_are_cut() {
        let long = "x".repeat(500);
        let diff = word_diff("a", &long);
        assert!(diff.chars().count() < 100, "{diff}");
    }
}
