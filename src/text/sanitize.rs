//! One sanitiser per output format for untrusted text (deck content, answers,
//! file names): the terminal, JSON, XML, CSV, Markdown and TOML.
//!
//! Every one of them handles the same set of characters ([`is_unsafe`]): C0
//! and C1 controls, DEL, bidirectional controls, zero-width characters and the
//! Unicode line separators. Formats with an escape syntax (JSON, XML, TOML)
//! escape them, so a reader gets the exact text back while no raw control byte
//! is ever written; the others (terminal, CSV, Markdown) show them as visible
//! `\u{…}` escapes. A newline never starts a line of its own where a line has
//! meaning (diagnostics, Markdown items, CSV formula cells).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

/// Whether `character` must never reach an output raw.
pub fn is_unsafe(character: char) -> bool {
    matches!(character,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

/// Writes `character` as a visible escape: `\n`, `\r`, `\t`, or `\u{…}`.
fn push_visible(out: &mut String, character: char) {
    match character {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        other => {
            let _ = write!(out, "\\u{{{:x}}}", other as u32);
        }
    }
}

/// Replaces the characters `escape` picks with visible escapes; borrows when there are none.
fn visible(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for character in text.chars() {
        if escape(character) {
            push_visible(&mut out, character);
        } else {
            out.push(character);
        }
    }
    Cow::Owned(out)
}

/// Text for the terminal that may span lines (prompts, explanations): newlines
/// and tabs are kept, everything else unsafe is shown escaped.
///
/// ```
/// use quiz::text::sanitize::terminal;
/// assert_eq!(terminal("red \u{1b}[31m!"), "red \\u{1b}[31m!");
/// assert_eq!(terminal("two\nlines"), "two\nlines");
/// ```
pub fn terminal(text: &str) -> Cow<'_, str> {
    visible(text, |character| is_unsafe(character) && character != '\n' && character != '\t')
}

/// Text for one line of terminal or log output (diagnostics, file names,
/// error messages): a newline in it is shown as `\n`, so it can never forge a
/// line such as a CI workflow command.
///
/// ```
/// use quiz::text::sanitize::terminal_line;
/// assert_eq!(terminal_line("x\n::error file=a::forged"), "x\\n::error file=a::forged");
/// ```
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    visible(text, |character| is_unsafe(character) && character != '\t')
}

/// A JSON formatter that escapes every unsafe character as `\uXXXX`; the
/// document parses to exactly the same strings, but no control, bidi or
/// zero-width character is written raw (serde_json escapes only C0).
pub struct JsonFormatter<F> {
    inner: F,
}

impl JsonFormatter<serde_json::ser::PrettyFormatter<'static>> {
    /// Pretty-printed output, two spaces per level.
    pub fn pretty() -> Self {
        JsonFormatter { inner: serde_json::ser::PrettyFormatter::new() }
    }
}

impl JsonFormatter<serde_json::ser::CompactFormatter> {
    /// One line, no spaces.
    pub fn compact() -> Self {
        JsonFormatter { inner: serde_json::ser::CompactFormatter }
    }
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for JsonFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (at, character) in fragment.char_indices() {
            if is_unsafe(character) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                write!(writer, "\\u{:04x}", character as u32)?;
                start = at + character.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_object_value(writer)
    }
}

/// `value` as pretty JSON through [`JsonFormatter`], with a final newline.
pub fn json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = Vec::with_capacity(256);
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, JsonFormatter::pretty());
    if let Err(error) = value.serialize(&mut serializer) {
        // Our own types always serialise; say so rather than print half a document.
        return format!("{{\"error\": \"cannot write JSON: {}\"}}\n", terminal_line(&error.to_string()));
    }
    bytes.push(b'\n');
    String::from_utf8(bytes).unwrap_or_default()
}

/// `value` as one line of JSON through [`JsonFormatter`].
pub fn json_compact<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, JsonFormatter::compact());
    match value.serialize(&mut serializer) {
        Ok(()) => String::from_utf8(bytes).unwrap_or_default(),
        Err(_) => "null".to_string(),
    }
}

/// Text for an XML element body or attribute (JUnit reports): markup is
/// escaped; unsafe characters XML can carry become character references;
/// the C0 controls XML 1.0 forbids outright are shown as visible escapes.
/// Newlines stay newlines in bodies; use [`xml_attribute`] for attributes.
pub fn xml_text(text: &str) -> String {
    xml(text, false)
}

/// Like [`xml_text`], for attribute values: newlines and tabs become
/// character references too, so parsers do not fold them into spaces.
pub fn xml_attribute(text: &str) -> String {
    xml(text, true)
}

fn xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' if attribute => {
                let _ = write!(out, "&#x{:x};", character as u32);
            }
            '\n' | '\t' => out.push(character),
            '\u{0}'..='\u{1f}' => push_visible(&mut out, character),
            other if is_unsafe(other) => {
                let _ = write!(out, "&#x{:x};", other as u32);
            }
            '\u{fffe}' | '\u{ffff}' => push_visible(&mut out, character),
            other => out.push(other),
        }
    }
    out
}

/// A CSV field's content (the `csv` writer adds the quoting): a leading `=`,
/// `+`, `-`, `@`, TAB, CR or NUL gets a `'` so spreadsheets do not run it as a
/// formula (numbers such as `-3` are left alone); other unsafe characters are
/// shown as visible escapes. Newlines are kept: the writer quotes them.
///
/// ```
/// use quiz::text::sanitize::csv_field;
/// assert_eq!(csv_field("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(csv_field("-3"), "-3");
/// assert_eq!(csv_field("\tcmd"), "'\tcmd");
/// ```
pub fn csv_field(text: &str) -> Cow<'_, str> {
    let risky_start = text.starts_with(['=', '+', '-', '@', '\t', '\r', '\0']);
    let guarded = risky_start && text.trim().parse::<f64>().is_err();
    let cleaned = visible(text, |character| is_unsafe(character) && character != '\n' && character != '\t');
    if guarded {
        Cow::Owned(format!("'{cleaned}"))
    } else {
        cleaned
    }
}

/// Deck text inside one Markdown paragraph or list item (the printed exam):
/// newlines become spaces so the text cannot start a block of its own, unsafe
/// characters are shown escaped, and `<`, `>` and `&` outside code spans are
/// backslash-escaped so the text cannot inject HTML. Code spans (`` `x` ``)
/// are kept as written.
///
/// ```
/// use quiz::text::sanitize::markdown_inline;
/// assert_eq!(markdown_inline("a <b>\n## c `x<y`"), "a \\<b\\> ## c `x<y`");
/// ```
pub fn markdown_inline(text: &str) -> String {
    let flat: String =
        text.chars().map(|character| if matches!(character, '\n' | '\r') { ' ' } else { character }).collect();
    let cleaned = visible(&flat, is_unsafe);
    let parts: Vec<&str> = cleaned.split('`').collect();
    let closed = |index: usize| index % 2 == 1 && (parts.len() % 2 == 1 || index + 1 < parts.len());
    let mut out = String::with_capacity(cleaned.len() + 8);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            out.push('`');
        }
        if closed(index) {
            out.push_str(part);
            continue;
        }
        for character in part.chars() {
            if matches!(character, '<' | '>' | '&') {
                out.push('\\');
            }
            out.push(character);
        }
    }
    out
}

/// A TOML basic string, quotes included, that parses back to exactly `text`:
/// quotes and backslashes escaped, and every unsafe character (and DEL) as
/// `\uXXXX`, which TOML accepts (Rust's `{:?}` escapes are not TOML).
///
/// ```
/// use quiz::text::sanitize::toml_string;
/// assert_eq!(toml_string("a\u{200b}\"b\"\n"), "\"a\\u200B\\\"b\\\"\\n\"");
/// ```
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            other if is_unsafe(other) => {
                let _ = write!(out, "\\u{:04X}", other as u32);
            }
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character class the sanitisers must handle, in one string.
    const HOSTILE: &str = "a\u{1b}]0;x\u{7}b\u{9b}31mc\u{7f}d\u{202e}e\u{2066}f\u{200b}g\u{feff}h\u{2028}i\r\nj\u{0}k";

    fn raw_unsafe(text: &str) -> Vec<char> {
        text.chars().filter(|character| is_unsafe(*character) && *character != '\n' && *character != '\t').collect()
    }

    #[test]
    fn the_terminal_sees_no_raw_control() {
        assert!(raw_unsafe(&terminal(HOSTILE)).is_empty());
        assert!(terminal(HOSTILE).contains('\n'), "multi-line text keeps its lines");
        let line = terminal_line(HOSTILE);
        assert!(raw_unsafe(&line).is_empty());
        assert!(!line.contains('\n'), "{line}");
        assert!(matches!(terminal("plain 가"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_round_trips_exactly_without_raw_controls() {
        let document = json_pretty(&serde_json::json!({ "text": HOSTILE, HOSTILE: [HOSTILE] }));
        assert!(raw_unsafe(&document).is_empty(), "{document:?}");
        let parsed: serde_json::Value = serde_json::from_str(&document).unwrap();
        assert_eq!(parsed["text"], HOSTILE);
        assert_eq!(parsed[HOSTILE][0], HOSTILE);
        assert!(!json_compact(&HOSTILE).contains('\u{9b}'));
    }

    #[test]
    fn xml_round_trips_what_xml_can_carry() {
        let text = "x\u{9b}y\u{202e}z & <w> \"q\"\nnext";
        let document = format!("<a b=\"{}\">{}</a>", xml_attribute(text), xml_text(text));
        assert!(raw_unsafe(&document).is_empty(), "{document:?}");
        let parsed = roxmltree::Document::parse(&document).unwrap();
        assert_eq!(parsed.root_element().attribute("b"), Some(text));
        assert_eq!(parsed.root_element().text(), Some(text));
        let forbidden = xml_text("a\u{1b}b\u{0}");
        assert_eq!(forbidden, "a\\u{1b}b\\u{0}");
        assert!(roxmltree::Document::parse(&format!("<a>{}</a>", xml_text(HOSTILE))).is_ok());
    }

    #[test]
    fn csv_guards_formulas_and_controls() {
        for risky in ["=1+1", "+1+1", "@SUM(A1)", "-cmd", "\tx", "\rx", "\0x"] {
            assert!(csv_field(risky).starts_with('\''), "{risky:?}");
        }
        for number in ["-3", "+4.5", "-1e3"] {
            assert_eq!(csv_field(number), number);
        }
        let cleaned = csv_field(HOSTILE);
        assert!(raw_unsafe(&cleaned).is_empty(), "{cleaned:?}");
        assert!(cleaned.contains('\n'), "the writer quotes newlines");
    }

    #[test]
    fn markdown_stays_on_its_line_and_inert() {
        let out = markdown_inline("x\n# heading\n<script>alert(1)</script> `a<b` \u{202e}");
        assert!(!out.contains('\n'));
        assert!(out.contains("\\<script\\>"), "{out}");
        assert!(out.contains("`a<b`"), "code spans are kept: {out}");
        assert!(out.contains("\\u{202e}"));
        assert_eq!(markdown_inline("an `unclosed <x>"), "an `unclosed \\<x\\>");
    }

    #[test]
    fn toml_strings_parse_back_exactly() {
        for text in [HOSTILE, "plain", "quote \" and \\ backslash", "탭\t", ""] {
            let document = format!("value = {}\n", toml_string(text));
            let parsed: toml::Table = toml::from_str(&document).unwrap_or_else(|error| panic!("{document:?}: {error}"));
            assert_eq!(parsed["value"].as_str(), Some(text));
            assert!(raw_unsafe(&document).is_empty(), "{document:?}");
        }
    }
}
