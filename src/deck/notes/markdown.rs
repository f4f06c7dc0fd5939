//! Markdown notes, read as CommonMark (pulldown-cmark).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Heading, Outline};

/// The headings (ATX and setext) and the top-level blocks of `markdown`; a
/// list counts item by item, since each item usually holds its own fact.
pub(super) fn outline(markdown: &str) -> Outline {
    let mut outline = Outline::default();
    // (level, title, byte where the heading starts)
    let mut open: Option<(usize, String, usize)> = None;
    let mut depth = 0usize;
    // The depth of the top-level list being read, whose items are blocks.
    let mut in_top_list = false;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Heading { level, .. } => open = Some((*level as usize, String::new(), range.start)),
                    Tag::List(_) if depth == 0 => in_top_list = true,
                    Tag::Item if depth == 1 && in_top_list => outline.blocks.push(range.clone()),
                    _ if depth == 0 => outline.blocks.push(range.clone()),
                    _ => {}
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::Heading(_) => {
                        if let Some((level, title, start)) = open.take() {
                            outline.headings.push(Heading {
                                level,
                                title: title.trim().to_string(),
                                start,
                                body_start: range.end,
                            });
                        }
                    }
                    TagEnd::List(_) if depth == 0 => in_top_list = false,
                    _ => {}
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, title, _)) = open.as_mut() {
                    title.push_str(&text);
                }
            }
            _ => {}
        }
    }
    outline
}
