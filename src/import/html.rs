//! HTML fields (Anki's, Moodle's) as deck text: line breaks, lists and code
//! kept, scripts and styles dropped, entities decoded, media references
//! reported. One linear pass; no tag nesting is trusted.

/// Text from an HTML field, and the media it referred to (images, sounds),
/// which a deck cannot carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    /// The text.
    pub text: String,
    /// File names of images and sounds left out.
    pub media: Vec<String>,
}

/// Converts an HTML fragment to text.
pub fn to_text(html: &str) -> Converted {
    // ASCII lowercase keeps byte offsets, so tags are found in `lower` and copied from `html`.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut media = Vec::new();
    let mut at = 0;
    let mut in_pre = false;
    while at < html.len() {
        let rest = &html[at..];
        let next = rest.find(['<', '&', '[']).map_or(html.len(), |offset| at + offset);
        push_text(&mut out, &html[at..next], in_pre);
        at = next;
        if at >= html.len() {
            break;
        }
        match html.as_bytes()[at] {
            b'<' => {
                let Some(close) = html[at..].find('>').map(|offset| at + offset) else {
                    push_text(&mut out, &html[at..], in_pre);
                    break;
                };
                let open = at;
                let tag = &lower[open + 1..close];
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|character| character.is_ascii_alphanumeric())
                    .collect();
                let closing = tag.starts_with('/');
                at = close + 1;
                match (name.as_str(), closing) {
                    ("script" | "style", false) => {
                        let end = format!("</{name}");
                        at = lower[at..].find(&end).map_or(html.len(), |offset| {
                            let from = at + offset;
                            lower[from..].find('>').map_or(html.len(), |gt| from + gt + 1)
                        });
                    }
                    ("br", _) => out.push('\n'),
                    ("li", false) => {
                        newline(&mut out);
                        out.push_str("- ");
                    }
                    ("p" | "div" | "li" | "tr" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => {
                        newline(&mut out)
                    }
                    ("pre", opening_or_closing) => {
                        in_pre = !opening_or_closing;
                        newline(&mut out);
                    }
                    ("code", _) if !in_pre => out.push('`'),
                    ("img", false) => {
                        if let Some(source) = attribute(&html[open + 1..close], "src") {
                            media.push(source);
                        }
                    }
                    _ => {}
                }
            }
            b'&' => {
                let end = html[at..].char_indices().take(12).find(|(_, character)| *character == ';');
                match end.and_then(|(offset, _)| entity(&html[at + 1..at + offset]).map(|decoded| (offset, decoded))) {
                    Some((offset, decoded)) => {
                        out.push(decoded);
                        at += offset + 1;
                    }
                    None => {
                        out.push('&');
                        at += 1;
                    }
                }
            }
            _ => {
                // Anki's `[sound:file.mp3]`.
                if let Some(inner) = html[at..].strip_prefix("[sound:").and_then(|rest| rest.split_once(']')) {
                    media.push(inner.0.to_string());
                    at += "[sound:".len() + inner.0.len() + 1;
                } else {
                    out.push('[');
                    at += 1;
                }
            }
        }
    }
    Converted { text: tidy(&out), media }
}

fn push_text(out: &mut String, text: &str, in_pre: bool) {
    if in_pre {
        out.push_str(text);
    } else {
        // Source line breaks are not breaks in HTML.
        for (index, piece) in text.split(['\n', '\r']).enumerate() {
            if index > 0 {
                out.push(' ');
            }
            out.push_str(piece);
        }
    }
}

fn newline(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The value of attribute `name` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let start = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[start..];
    let value = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
        _ => rest.split([' ', '>', '/']).next()?,
    };
    Some(value.to_string())
}

/// The character an entity (without `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|character| !character.is_control() || *character == '\n')
        }
    }
}

/// Spaces folded within lines, lines trimmed, at most one blank line in a row.
fn tidy(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let folded = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() && lines.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        lines.push(folded);
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_breaks_lists_and_code_and_drops_scripts_and_styles() {
        let converted = to_text(
            "<div>Use <code>await</code>&nbsp;here&#33;</div><ul><li>one</li><li>two &amp; three</li></ul>\
             <script>alert('x')</script><STYLE>b{}</STYLE>line<br>break",
        );
        assert_eq!(converted.text, "Use `await` here!\n- one\n- two & three\nline\nbreak");
        assert!(converted.media.is_empty());
    }

    #[test]
    fn reports_media_and_survives_broken_markup() {
        let converted = to_text("See <img src=\"loop.png\"> [sound:tick.mp3] &bogus; <b unclosed");
        assert_eq!(converted.media, ["loop.png", "tick.mp3"]);
        assert_eq!(converted.text, "See &bogus; <b unclosed");
        assert_eq!(to_text("<script>never closed").text, "");
        assert_eq!(to_text("&#0; &#x110000; [x]").text, "&#0; &#x110000; [x]");
    }
}
