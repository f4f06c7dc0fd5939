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

/// Plain text as an HTML fragment (Anki fields, which are HTML): markup
/// characters escaped, newlines as `<br>`, tabs kept, other unsafe
/// characters as character references so nothing invisible is written raw.
/// The importer's HTML reader gives the text back exactly.
///
/// ```
/// use quiz::text::sanitize::html_text;
/// assert_eq!(html_text("a <b> & \"c\"\nd"), "a &lt;b&gt; &amp; &quot;c&quot;<br>d");
/// ```
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for character in text.chars() {
        push_html(&mut out, character);
    }
    out
}

/// One character of [`html_text`], for writers that escape more on top
/// (Moodle's embedded answers).
pub fn push_html(out: &mut String, character: char) {
    match character {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\n' => out.push_str("<br>"),
        '\t' => out.push('\t'),
        '\r' => {}
        other if is_unsafe(other) => {
            let _ = write!(out, "&#x{:x};", other as u32);
        }
        other => out.push(other),
    }
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

/// Deck text inside one Markdown paragraph, heading or list item (the
/// printed exam), shown as written and never as formatting: newlines become
/// spaces so the text cannot start a block of its own; unsafe characters are
/// shown escaped; every character with inline meaning (`\\`, `*`, `_`, `[`,
/// `]`, `<`, `>`, `&`, `|`, `~`, a backtick that opens no code span) is
/// backslash-escaped, so `**not**`, `__init__`, `*args` and `<script>` stay
/// text; and what would open a block at the start (`# `, `> `, `- `, `+ `,
/// `1. `, `2009)`) is escaped too, since the text may open a list item. Code
/// spans (`` `x` ``, or a longer backtick run closed by one as long) stay code
/// spans, fenced by [`markdown_code`] so nothing inside can close them early.
///
/// ```
/// use quiz::text::sanitize::markdown_inline;
/// assert_eq!(markdown_inline("a <b>\n## c `x<y`"), "a \\<b\\> ## c `x<y`");
/// assert_eq!(markdown_inline("1. **not** __init__(*args)"), "1\\. \\*\\*not\\*\\* \\_\\_init\\_\\_(\\*args)");
/// ```
pub fn markdown_inline(text: &str) -> String {
    let flat: String =
        text.chars().map(|character| if matches!(character, '\n' | '\r') { ' ' } else { character }).collect();
    let cleaned = visible(flat.trim_start(), is_unsafe);
    let mut out = String::with_capacity(cleaned.len() + 16);
    let mut rest: &str = &cleaned;
    let mut first = true;
    while !rest.is_empty() {
        let (plain, code) = match rest.find('`') {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        escape_markdown(plain, first, &mut out);
        first = false;
        if code.is_empty() {
            break;
        }
        let fence = code.len() - code.trim_start_matches('`').len();
        let after = &code[fence..];
        match closing_fence(after, fence) {
            Some(close) => {
                // As in Markdown, one space inside each end of a span is padding.
                let content = &after[..close];
                let content = match content.strip_prefix(' ').and_then(|inner| inner.strip_suffix(' ')) {
                    Some(inner) if !content.trim().is_empty() => inner,
                    _ => content,
                };
                out.push_str(&markdown_code(content));
                rest = &after[close + fence..];
            }
            None => {
                // A run nothing closes is literal backticks.
                out.push_str(&"\\`".repeat(fence));
                rest = after;
            }
        }
    }
    out
}

/// Where in `text` a backtick run of exactly `length` starts, if one does.
fn closing_fence(text: &str, length: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'`' {
            at += 1;
            continue;
        }
        let run = bytes[at..].iter().take_while(|byte| **byte == b'`').count();
        if run == length {
            return Some(at);
        }
        at += run;
    }
    None
}

/// Appends `plain` (text outside code spans) with its Markdown escaped; at
/// the `start` of the text, also what would open a block there.
fn escape_markdown(plain: &str, start: bool, out: &mut String) {
    let mut characters = plain.char_indices().peekable();
    if start {
        // `1. `, `2009)`: digits and a list delimiter open an ordered list.
        let digits = plain.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=9).contains(&digits) && matches!(plain.as_bytes().get(digits), Some(b'.' | b')')) {
            out.push_str(&plain[..digits]);
            out.push('\\');
            while characters.next_if(|(at, _)| *at < digits).is_some() {}
        } else if plain.starts_with(['#', '-', '+', '=']) {
            // (`>` and `*` are escaped wherever they stand.)
            out.push('\\');
        }
    }
    for (_, character) in characters {
        if matches!(character, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~') {
            out.push('\\');
        }
        out.push(character);
    }
}

/// `text` as one Markdown code span, with a fence longer than any backtick
/// run inside, so nothing in it can close the span; shown exactly (a space
/// is added on each side when the text starts or ends with a backtick, or
/// with a space at both ends, which a reader strips).
///
/// ```
/// use quiz::text::sanitize::markdown_code;
/// assert_eq!(markdown_code("x<y"), "`x<y`");
/// assert_eq!(markdown_code("a `` b"), "```a `` b```");
/// assert_eq!(markdown_code("`tick"), "`` `tick ``");
/// ```
pub fn markdown_code(text: &str) -> String {
    let text = visible(text, is_unsafe).replace(['\n', '\r'], " ");
    let longest = text.split(|character| character != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let padded = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    if padded {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
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
        assert_eq!(markdown_inline("an `unclosed <x>"), "an \\`unclosed \\<x\\>");
    }

    /// What a Markdown reader makes of `line`: the text it shows (text and
    /// code, concatenated) and every construct it found, by name.
    fn read_markdown(line: &str) -> (String, Vec<String>) {
        use pulldown_cmark::{Event, Parser, Tag};
        let mut shown = String::new();
        let mut constructs = Vec::new();
        for event in Parser::new(line) {
            match event {
                Event::Text(text) | Event::Code(text) => shown.push_str(&text),
                Event::Start(Tag::Paragraph) => {}
                Event::Start(tag) => constructs.push(format!("{tag:?}")),
                Event::Html(html) | Event::InlineHtml(html) => constructs.push(format!("html {html}")),
                Event::SoftBreak | Event::HardBreak => constructs.push("break".to_string()),
                _ => {}
            }
        }
        (shown, constructs)
    }

    #[test]
    fn markdown_shows_deck_text_as_written_wherever_it_stands() {
        for text in [
            "**not** a *claim*",
            "1. numbered",
            "2009) a year",
            "<script>alert(1)</script>",
            "__init__ and *args, **kwargs",
            "# heading",
            "> quoted",
            "- dash",
            "+ plus",
            "*** rule",
            "---",
            "=== under",
            "[link](http://example.com) ![image](x.png)",
            "&amp; &copy; &#65;",
            "a | b | c",
            "~~struck~~",
            "<http://example.com> <me@example.com>",
            "back\\slash\\* and trailing \\",
            "    indented code",
            "~~~ fence",
            "two  \nlines\n\n- and a list",
        ] {
            let expected = text.replace('\n', " ").trim_start().to_string();
            for context in ["{}", "**1.** {}  ", "- a) {}", "1. {}", "# {} — exam"] {
                let line = context.replace("{}", &markdown_inline(text));
                let (shown, constructs) = read_markdown(&line);
                assert!(shown.contains(&expected), "{text:?} in {context:?}: {line:?} shows {shown:?}");
                let own: Vec<String> = read_markdown(&context.replace("{}", "x")).1;
                assert_eq!(constructs, own, "{text:?} in {context:?}: {line:?} is read as {constructs:?}");
            }
        }
    }

    #[test]
    fn markdown_keeps_code_spans_and_nothing_breaks_out_of_them() {
        let cases = [
            ("call `run()` then `x<y`", "call run() then x<y", 2),
            ("`` a`b `` and `c`", "a`b and c", 2),
            ("`*not emphasis*`", "*not emphasis*", 1),
            ("an `unclosed <x> **b**", "an `unclosed <x> **b**", 0),
            ("`` `tick ``", "`tick", 1),
            ("``", "``", 0),
        ];
        for (text, shown_text, spans) in cases {
            let line = format!("- a) {}", markdown_inline(text));
            let (shown, constructs) = read_markdown(&line);
            assert_eq!(shown, format!("a) {shown_text}"), "{text:?}: {line:?}");
            assert_eq!(constructs, ["List(None)", "Item"], "{text:?}: {line:?}");
            let codes = pulldown_cmark::Parser::new(&line)
                .filter(|event| matches!(event, pulldown_cmark::Event::Code(_)))
                .count();
            assert_eq!(codes, spans, "{text:?}: {line:?}");
        }
        for text in ["a `` b", "`x`", "` padded `", "plain"] {
            let (shown, _) = read_markdown(&markdown_code(text));
            assert_eq!(shown, text, "{text:?}: {}", markdown_code(text));
        }
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
