//! Text as answers are compared: Unicode NFKC, case folded, invisible
//! characters dropped, whitespace collapsed, surrounding punctuation stripped.

use unicode_normalization::UnicodeNormalization;

/// Characters dropped before comparing: zero-width space, byte-order mark, soft hyphen.
const INVISIBLE: [char; 3] = ['\u{200B}', '\u{FEFF}', '\u{00AD}'];

/// Puts text in the form answers are compared in.
///
/// Steps: Unicode NFKC (so full-width `３.４` is `3.4`), full case folding, drop
/// zero-width spaces, byte-order marks and soft hyphens, trim, collapse runs of
/// whitespace to one space, then repeatedly strip *surrounding* punctuation:
/// - double quotes, backticks, guillemets and CJK corner brackets at either end;
/// - single quotes (`'`, `‘`, `’`) only as a pair around the whole text, since
///   they double as apostrophes;
/// - sentence punctuation at the end: `.` `!` `?` `,` `;` `。` `、`;
/// - `¿` `¡` at the start;
/// - parentheses only when one pair wraps the whole text (`(a) or (b)` keeps them).
///
/// Inner punctuation is kept (`3.4`, `async/await`), and so is a closing
/// bracket that ends an expression (`reactor.run()`). Stripping never empties
/// the text: an answer made only of punctuation (`?`, `""`) stays whole. Note that
/// a trailing `!` or `?` is sentence punctuation here, so `println!` and
/// `println` normalise alike.
///
/// ```
/// use quiz::text::normalize;
/// assert_eq!(normalize("  “Python   3.4.” "), "python 3.4");
/// assert_eq!(normalize("reactor.run()"), "reactor.run()");
/// ```
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        // ASCII is its own NFKC form, and its case folding is lower-casing.
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
        return strip_surrounding(&collapsed).to_string();
    }
    normalize_unicode(text)
}

/// [`normalize`] for any text (the fast path above must agree with it).
fn normalize_unicode(text: &str) -> String {
    let visible: String = text.nfkc().filter(|c| !INVISIBLE.contains(c)).collect();
    // Full Unicode case folding (`Straße` and `STRASSE` fold alike), which can
    // yield sequences NFKC would compose (e.g. from `İ`).
    let folded: String = caseless::default_case_fold_str(&visible).nfkc().collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    strip_surrounding(&collapsed).to_string()
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '`' | '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›' | '「' | '」' | '『' | '』')
}

fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '‚' | '‛')
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ',' | ';' | '。' | '、' | '…')
}

fn strip_surrounding(original: &str) -> &str {
    // Which `)` closes each `(`, found once: checking each layer of parentheses
    // afresh would be quadratic on `((((…))))`.
    let closing = closing_parens(original);
    let mut text = original.trim();
    loop {
        let before = text.len();
        if let Some(rest) = strip_first(text, |c| is_quote(c) || c == '¿' || c == '¡') {
            text = rest;
        }
        if let Some(rest) = strip_last(text, |c| is_quote(c) || is_sentence_end(c)) {
            text = rest;
        }
        if let Some(inner) = strip_single_quote_pair(text) {
            text = inner;
        }
        if let Some(inner) = strip_wrapping_parens(original, text, &closing) {
            text = inner;
        }
        text = text.trim();
        if text.is_empty() {
            // Only punctuation: the punctuation is the answer.
            return original.trim();
        }
        if text.len() == before {
            return text;
        }
    }
}

/// `text` without its first character, when that matches.
fn strip_first(text: &str, matches: impl Fn(char) -> bool) -> Option<&str> {
    let first = text.chars().next().filter(|&c| matches(c))?;
    Some(&text[first.len_utf8()..])
}

/// `text` without its last character, when that matches.
fn strip_last(text: &str, matches: impl Fn(char) -> bool) -> Option<&str> {
    let last = text.chars().next_back().filter(|&c| matches(c))?;
    Some(&text[..text.len() - last.len_utf8()])
}

fn strip_single_quote_pair(text: &str) -> Option<&str> {
    let first = text.chars().next().filter(|&c| is_single_quote(c))?;
    let inner = &text[first.len_utf8()..];
    let last = inner.chars().next_back().filter(|&c| is_single_quote(c))?;
    Some(&inner[..inner.len() - last.len_utf8()])
}

/// For each `(` of `text` (by byte offset), the offset of the `)` that closes it.
/// A pair's match depends only on what lies between, so it holds for any slice.
fn closing_parens(text: &str) -> std::collections::HashMap<usize, usize> {
    let mut open = Vec::new();
    let mut closing = std::collections::HashMap::new();
    for (at, c) in text.char_indices() {
        match c {
            '(' => open.push(at),
            ')' => {
                if let Some(start) = open.pop() {
                    closing.insert(start, at);
                }
            }
            _ => {}
        }
    }
    closing
}

/// `text` (a slice of `original`) without one pair of parentheses around the
/// whole of it: the opening one must close at the very end, not earlier.
fn strip_wrapping_parens<'t>(
    original: &str,
    text: &'t str,
    closing: &std::collections::HashMap<usize, usize>,
) -> Option<&'t str> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let start = text.as_ptr() as usize - original.as_ptr() as usize;
    (closing.get(&start) == Some(&(start + text.len() - 1))).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether one pair of parentheses wraps all of `text`, checked directly.
    fn wraps_whole(text: &str) -> bool {
        let Some(inner) = text.strip_prefix('(').and_then(|rest| rest.strip_suffix(')')) else { return false };
        let mut depth = 0usize;
        for c in inner.chars() {
            match c {
                '(' => depth += 1,
                ')' => match depth.checked_sub(1) {
                    Some(less) => depth = less,
                    None => return false,
                },
                _ => {}
            }
        }
        depth == 0
    }

    proptest::proptest! {
        #[test]
        fn the_table_of_closing_parentheses_agrees_with_a_direct_check(text in "[()a ]{0,16}", from in 0usize..16, to in 0usize..16) {
            let (from, to) = (from.min(text.len()), to.min(text.len()));
            let slice = &text[from.min(to)..to.max(from)];
            let closing = closing_parens(&text);
            proptest::prop_assert_eq!(strip_wrapping_parens(&text, slice, &closing).is_some(), wraps_whole(slice));
        }

        #[test]
        fn the_ascii_fast_path_agrees_with_the_unicode_one(text in "[ -~\t\n\x0b\x0c\r]{0,40}") {
            proptest::prop_assert_eq!(normalize(&text), normalize_unicode(&text));
        }
    }

    #[test]
    fn nested_parentheses_are_stripped_as_before() {
        assert_eq!(normalize("((((await))))"), "await");
        assert_eq!(normalize("((a) or (b))"), "(a) or (b)");
        assert_eq!(normalize("(a))"), "(a))");
        assert_eq!(normalize("((a)"), "((a)");
        assert_eq!(normalize(&format!("{}x{}", "(".repeat(5_000), ")".repeat(5_000))), "x");
    }

    #[test]
    fn normalize_folds_case_and_whitespace() {
        assert_eq!(normalize("  Event \t  LOOP\n"), "event loop");
    }

    #[test]
    fn normalize_applies_nfkc_to_full_width_text() {
        assert_eq!(normalize("３.４"), "3.4");
        assert_eq!(normalize("ＡＳＹＮＣＩＯ"), "asyncio");
        // Decomposed Hangul jamo compose to the same syllables as precomposed text.
        assert_eq!(normalize("\u{1100}\u{1161}"), normalize("가"));
    }

    #[test]
    fn normalize_strips_sentence_punctuation_and_quotes() {
        assert_eq!(normalize("The event loop."), "the event loop");
        assert_eq!(normalize("asyncio!"), "asyncio");
        assert_eq!(normalize("asyncio?!"), "asyncio");
        assert_eq!(normalize("\"asyncio\""), "asyncio");
        assert_eq!(normalize("“asyncio”."), "asyncio");
        assert_eq!(normalize("`await`"), "await");
        assert_eq!(normalize("'await'"), "await");
        assert_eq!(normalize("( await )"), "await");
        assert_eq!(normalize("¿qué?"), "qué");
        assert_eq!(normalize("이벤트 루프."), "이벤트 루프");
        assert_eq!(normalize("이벤트 루프。"), "이벤트 루프");
    }

    #[test]
    fn normalize_keeps_meaningful_inner_and_closing_punctuation() {
        assert_eq!(normalize("3.4"), "3.4");
        assert_eq!(normalize("async/await"), "async/await");
        assert_eq!(normalize("reactor.run()"), "reactor.run()");
        assert_eq!(normalize("`reactor.run()`."), "reactor.run()");
        assert_eq!(normalize("(reactor.run())"), "reactor.run()");
        assert_eq!(normalize("(a) or (b)"), "(a) or (b)");
        assert_eq!(normalize(".NET"), ".net");
        assert_eq!(normalize("C++"), "c++");
    }

    #[test]
    fn normalize_keeps_apostrophes_that_are_not_a_pair() {
        assert_eq!(normalize("don't"), "don't");
        assert_eq!(normalize("users'"), "users'");
    }

    #[test]
    fn normalize_never_strips_to_empty() {
        assert_eq!(normalize("?"), "?");
        assert_eq!(normalize("()"), "()");
        assert_eq!(normalize(" \"\" "), "\"\"");
        assert_eq!(normalize("?!"), "?!");
        assert_eq!(normalize("'"), "'");
        assert_eq!(normalize("   "), "");
    }

    #[test]
    fn normalize_folds_case_fully() {
        assert_eq!(normalize("STRASSE"), normalize("Straße"));
        assert_eq!(normalize("ΣΊΣΥΦΟΣ"), normalize("σίσυφος"));
    }

    #[test]
    fn normalize_drops_invisible_characters() {
        assert_eq!(normalize("async\u{200B}io\u{FEFF}"), "asyncio");
        assert_eq!(normalize("event\u{00A0}loop"), "event loop");
    }
}
