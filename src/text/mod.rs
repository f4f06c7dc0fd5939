//! Text rules every other module shares, with no dependencies inside the
//! crate: how answers are normalised, how choices are lettered, which
//! characters a deck may not contain, edit distances that stay linear, and one
//! sanitiser per output format.

mod distance;
mod normalize;
pub mod sanitize;

pub use distance::{bounded_distance, closest};
pub use normalize::normalize;

/// Whether a deck may not contain `character`: control characters other
/// than newline and tab (terminal escapes), and the bidirectional embedding,
/// override and isolate controls that can make text read differently from
/// how it is stored ("Trojan Source").
pub fn is_forbidden(character: char) -> bool {
    (character.is_control() && character != '\n' && character != '\t')
        || matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The letter shown before choice `position`: a, b, …, z, aa, ab, …
///
/// ```
/// use quiz::text::letter;
/// assert_eq!(letter(0), "a");
/// assert_eq!(letter(27), "ab");
/// ```
pub fn letter(position: usize) -> String {
    let mut name = String::new();
    let mut rest = position;
    loop {
        name.insert(0, char::from(b'a' + (rest % 26) as u8));
        if rest < 26 {
            break;
        }
        rest = rest / 26 - 1;
    }
    name
}

/// The position a letter names (case-insensitive; `b`, `B)`, `(b)`, `b.`), if
/// the text is one: at most three letters, nothing else.
pub fn position_of_letter(text: &str) -> Option<usize> {
    let text = text.trim();
    let text = text.strip_prefix('(').unwrap_or(text).trim_end_matches([')', '.']).trim();
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        return None;
    }
    let mut position = 0usize;
    for byte in text.bytes() {
        position = position * 26 + usize::from(byte.to_ascii_lowercase() - b'a') + 1;
    }
    Some(position - 1)
}

/// `text` cut to at most `limit` characters, with `…` when cut: for quoting
/// untrusted text inside messages without repeating a huge string.
pub fn ellipsize(text: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// `text` as one word of a shell command line: quoted unless it is plain, so
/// a hint's command (a deck path with a space, say) can be pasted as it is.
pub fn shell_word(text: &str) -> String {
    let plain = |character: char| character.is_ascii_alphanumeric() || "._/-+:@".contains(character);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_in_the_hint_can_be_pasted_into_a_shell() {
        assert_eq!(shell_word("decks/asyncio.toml"), "decks/asyncio.toml");
        assert_eq!(shell_word("my decks/a.toml"), "'my decks/a.toml'");
        assert_eq!(shell_word("it's.toml"), r"'it'\''s.toml'");
        assert_eq!(shell_word("$(rm).toml"), "'$(rm).toml'");
    }

    #[test]
    fn letters_round_trip() {
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
        for position in 0..800 {
            assert_eq!(position_of_letter(&letter(position)), Some(position));
        }
        assert_eq!(position_of_letter("B)"), Some(1));
        assert_eq!(position_of_letter("(c)"), Some(2));
        assert_eq!(position_of_letter("a."), Some(0));
        assert_eq!(position_of_letter("libev"), None);
        assert_eq!(position_of_letter("3"), None);
        assert_eq!(position_of_letter(""), None);
    }

    #[test]
    fn forbidden_characters() {
        assert!(is_forbidden('\u{1b}'));
        assert!(is_forbidden('\u{9b}'));
        assert!(is_forbidden('\u{202E}'));
        assert!(!is_forbidden('\n'));
        assert!(!is_forbidden('가'));
    }

    #[test]
    fn ellipsis_cuts_by_characters() {
        assert_eq!(ellipsize("가나다라", 2), "가나…");
        assert_eq!(ellipsize("short", 10), "short");
    }
}
