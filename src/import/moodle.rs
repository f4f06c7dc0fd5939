//! Moodle XML: a `<quiz>` of `<question type="…">` elements, read with
//! roxmltree. Which card each question type becomes, and what is
//! approximated or dropped, is in `docs/moodle-xml.md`. A file that is not
//! XML, or not a `<quiz>`, stops the import at its line and column; a
//! question that cannot become a card is skipped with a remark at its line,
//! and the rest of the file is read.

mod cloze;
mod kinds;

use std::collections::HashSet;

use roxmltree::{Document, Node};

use super::html;
use super::{slug, sound, Ids, Imported, RemarkKind};
use crate::deck::{Card, CardText};
use crate::error::{Error, Result};

/// The feedback Moodle fills in by itself; left out without a remark.
const STANDARD_FEEDBACK: [&str; 3] =
    ["Your answer is correct.", "Your answer is partially correct.", "Your answer is incorrect."];

/// Reads `text` (the file `name`) as Moodle XML: one card per question that can be one.
pub(super) fn import(name: &str, text: &str) -> Result<Imported> {
    let document = parse(name, text)?;
    let root = document.root_element();
    if !root.has_tag_name("quiz") {
        let position = document.text_pos_at(root.range().start);
        return Err(Error::BadInput {
            path: name.to_string(),
            line: position.row as usize,
            column: position.col as usize,
            message: format!(
                "the file's root element is `<{}>`, not `<quiz>`, so it is not Moodle XML; \
                 export the questions from Moodle's question bank in \"Moodle XML format\"",
                root.tag_name().name()
            ),
        });
    }
    let mut imported = Imported::default();
    let mut ids = Ids::default();
    let mut category: Vec<String> = Vec::new();
    let mut lines = Lines::default();
    for node in root.children().filter(Node::is_element) {
        let at = format!("line {}", lines.line_of(text, node.range().start));
        if !node.has_tag_name("question") {
            let message = format!("`<{}>` is not a `<question>`; it is left out", node.tag_name().name());
            imported.remark(at, RemarkKind::Dropped, message);
            continue;
        }
        let kind = node.attribute("type").unwrap_or_default();
        if kind == "category" {
            let path = child(node, "category").map(text_of).unwrap_or_default();
            category = category_tags(&path, &at, &mut imported);
            continue;
        }
        let mut question =
            Question { node, at: &at, imported: &mut imported, markup: Markup::Html, media: HashSet::new() };
        let Some(text) = question.read(kind) else { continue };
        question.leftovers();
        let mut tags = category.clone();
        tags.extend(question_tags(node));
        let mut seen = HashSet::with_capacity(tags.len());
        tags.retain(|tag| seen.insert(tag.clone()));
        if let Err(problem) = sound::check(&text, &tags) {
            imported.remark(at, RemarkKind::Dropped, format!("the question is skipped: {problem}"));
            continue;
        }
        // Moodle's `idnumber` is its stable id; the name is the next best thing.
        let given = value(node, "idnumber").or_else(|| child(node, "name").map(text_of));
        let id = ids.next(given.as_deref().map(str::trim).filter(|given| !given.is_empty()), &text.prompt);
        let mut card = Card::new(&id, text);
        card.set_tags(tags);
        imported.cards.push(card);
    }
    Ok(imported)
}

/// The document, or an error at the line and column where it stops being XML.
/// roxmltree refuses DTDs by default, so no entity can expand (no "billion laughs").
fn parse<'input>(name: &str, text: &'input str) -> Result<Document<'input>> {
    Document::parse(text).map_err(|error| {
        let (line, column, message) = match error {
            roxmltree::Error::DtdDetected => {
                let (line, column) = text.find("<!DOCTYPE").map_or((1, 1), |at| position(text, at));
                let message = "the file declares a DTD (`<!DOCTYPE …>`), which Moodle XML never has and \
                               whose entities could expand without bound; remove it and import again";
                (line, column, message.to_string())
            }
            other => {
                let at = other.pos();
                let shown = other.to_string();
                let shown = shown.strip_suffix(&format!(" at {at}")).unwrap_or(&shown).to_string();
                let message = format!(
                    "the file is not well-formed XML ({shown}); export it again from Moodle's question bank \
                     in \"Moodle XML format\", or fix it there"
                );
                (at.row as usize, at.col as usize, message)
            }
        };
        Error::BadInput { path: name.to_string(), line, column, message }
    })
}

/// Line numbers of offsets met in increasing order, each newline counted once
/// (roxmltree's `text_pos_at` counts from the start every time).
#[derive(Debug, Default)]
struct Lines {
    /// The offset counted up to.
    offset: usize,
    /// The newlines before it.
    newlines: usize,
}

impl Lines {
    /// The 1-based line of byte `offset` of `text`, at or after the last one asked.
    fn line_of(&mut self, text: &str, offset: usize) -> usize {
        if offset > self.offset {
            self.newlines += text
                .as_bytes()
                .get(self.offset..offset)
                .unwrap_or_default()
                .iter()
                .filter(|byte| **byte == b'\n')
                .count();
            self.offset = offset;
        }
        self.newlines + 1
    }
}

/// The 1-based line and column (in characters) of byte `at` in `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

/// The tags a category path stands for: its segments as slugs, without
/// Moodle's context (`$course$`) and `top` category; `//` is a `/` in a name.
pub(super) fn category_tags(path: &str, at: &str, imported: &mut Imported) -> Vec<String> {
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut characters = path.trim().chars().peekable();
    while let Some(character) = characters.next() {
        match (character, characters.peek()) {
            ('/', Some('/')) => {
                characters.next();
                current.push('/');
            }
            ('/', _) => segments.push(std::mem::take(&mut current)),
            (other, _) => current.push(other),
        }
    }
    segments.push(current);
    let mut rest = segments.iter().map(|segment| segment.trim()).peekable();
    if rest.peek().is_some_and(|first| first.len() > 2 && first.starts_with('$') && first.ends_with('$')) {
        rest.next();
    }
    if rest.peek() == Some(&"top") {
        rest.next();
    }
    let mut tags: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for segment in rest.filter(|segment| !segment.is_empty()) {
        let tag = slug(segment);
        if tag.is_empty() {
            imported.remark(
                at.to_string(),
                RemarkKind::Dropped,
                format!("category `{segment}` has no ASCII letters or digits, which tags are made of; it is not a tag"),
            );
        } else if seen.insert(tag.clone()) {
            tags.push(tag);
        }
    }
    tags
}

/// The question's own `<tags><tag><text>…` as written.
fn question_tags(node: Node<'_, '_>) -> Vec<String> {
    children(node, "tags")
        .flat_map(|tags| children(tags, "tag"))
        .map(|tag| text_of(tag).trim().to_string())
        .filter(|tag| !tag.is_empty())
        .collect()
}

/// The first child element of `node` named `name`.
fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|child| child.has_tag_name(name))
}

/// The child elements of `node` named `name`.
fn children<'a, 'input: 'a>(node: Node<'a, 'input>, name: &'a str) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children().filter(move |child| child.has_tag_name(name))
}

/// The text directly inside `node` (CDATA included), untrimmed.
fn inner(node: Node<'_, '_>) -> String {
    node.children().filter(Node::is_text).filter_map(|text| text.text()).collect()
}

/// The text of `node`'s `<text>` child, or `node`'s own text when it has none (`<single>true</single>`).
fn text_of(node: Node<'_, '_>) -> String {
    child(node, "text").map_or_else(|| inner(node), inner)
}

/// The trimmed, non-empty text of `node`'s child `name`.
fn value(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name).map(|found| text_of(found).trim().to_string()).filter(|found| !found.is_empty())
}

/// A text's `format` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Markup {
    /// `html` (and anything unknown, as Moodle reads it): read as HTML.
    Html,
    /// `moodle_auto_format`: HTML whose line breaks are breaks.
    Moodle,
    /// `plain_text`, `markdown`, `wiki_like`: kept as written.
    Plain,
}

impl Markup {
    /// The format of `node`, else `default`.
    fn of(node: Node<'_, '_>, default: Markup) -> Markup {
        match node.attribute("format").map(str::trim) {
            None => default,
            Some("moodle_auto_format") => Markup::Moodle,
            Some("plain_text" | "markdown" | "wiki_like") => Markup::Plain,
            Some(_) => Markup::Html,
        }
    }
}

/// Reads one question into a card's text, noting what it leaves out or changes.
struct Question<'q, 'a, 'input> {
    /// The `<question>` element.
    node: Node<'a, 'input>,
    /// Where remarks point: the question's line.
    at: &'q str,
    /// Where the remarks go.
    imported: &'q mut Imported,
    /// The question text's format, the default for its answers and feedback.
    markup: Markup,
    /// The files and images reported so far, so an image of an embedded file is reported once.
    media: HashSet<String>,
}

impl Question<'_, '_, '_> {
    /// Notes something dropped or approximated in this question.
    fn note(&mut self, kind: RemarkKind, message: impl Into<String>) {
        self.imported.remark(self.at.to_string(), kind, message);
    }

    /// Notes that the question is skipped, and why.
    fn skip<T>(&mut self, reason: impl std::fmt::Display) -> Option<T> {
        self.note(RemarkKind::Dropped, format!("the question is skipped: {reason}"));
        None
    }

    /// `raw` in `markup` as deck text; HTML's images are reported.
    fn convert(&mut self, raw: &str, markup: Markup) -> String {
        let converted = match markup {
            Markup::Plain => return raw.trim().to_string(),
            Markup::Html => html::to_text(raw),
            Markup::Moodle => html::to_text(&raw.replace('\n', "<br>")),
        };
        for file in converted.media {
            // Moodle refers to the question's own files as `@@PLUGINFILE@@/name`.
            let name = file.strip_prefix("@@PLUGINFILE@@/").unwrap_or(&file).to_string();
            if self.media.insert(name.clone()) {
                self.note(RemarkKind::Dropped, format!("media `{name}` is not carried into decks"));
            }
        }
        converted.text
    }

    /// The raw text of the element `node` and its format (the question's by default);
    /// files embedded in it are reported.
    fn raw(&mut self, node: Node<'_, '_>) -> (String, Markup) {
        for file in children(node, "file") {
            let name = file.attribute("name").unwrap_or_default().to_string();
            if self.media.insert(name.clone()) {
                self.note(RemarkKind::Dropped, format!("media `{name}` is not carried into decks"));
            }
        }
        (text_of(node), Markup::of(node, self.markup))
    }

    /// The text of the element `node` as deck text.
    fn text(&mut self, node: Node<'_, '_>) -> String {
        let (raw, markup) = self.raw(node);
        self.convert(&raw, markup)
    }

    /// The non-empty text of the question's child `name`, as deck text.
    fn field(&mut self, name: &str) -> Option<String> {
        let node = child(self.node, name)?;
        Some(self.text(node)).filter(|text| !text.is_empty())
    }

    /// The card's text for a question of type `kind`, or `None` when it is skipped.
    fn read(&mut self, kind: &str) -> Option<CardText> {
        let (raw, markup) = match child(self.node, "questiontext") {
            Some(node) => self.raw(node),
            None => (String::new(), Markup::Html),
        };
        self.markup = markup;
        let general = self.field("generalfeedback");
        match kind {
            "multichoice" => self.multichoice(&raw, general),
            "truefalse" => self.truefalse(&raw, general),
            "shortanswer" => self.shortanswer(&raw, general),
            "numerical" => self.numerical(&raw, general),
            "essay" => self.essay(&raw, general),
            "ordering" => self.ordering(&raw, general),
            "matching" => self.matching(&raw, general),
            "multianswer" => self.multianswer(&raw, general),
            "gapselect" | "ddwtos" => self.gap_choices(&raw, kind, general),
            "description" => self.skip("it is a description (text with no question), not a question"),
            "calculated" | "calculatedsimple" | "calculatedmulti" => {
                self.skip(format!("`{kind}` questions compute their numbers from wildcards; quiz has no such cards"))
            }
            "random" | "randomsamatch" => {
                self.skip(format!("`{kind}` questions are drawn from a category when the quiz runs; they hold no text"))
            }
            "ddimageortext" | "ddmarker" => {
                self.skip(format!("`{kind}` questions are dragged onto an image, which a deck cannot show"))
            }
            "" => self.skip("it has no `type`"),
            other => self.skip(format!("the question type `{other}` is not one quiz reads")),
        }
    }

    /// The explanation: the general feedback, else the right answer's;
    /// `others` more feedbacks are reported left out.
    fn explanation(&mut self, general: Option<String>, right: Option<String>, others: usize) -> Option<String> {
        let right = right.filter(|right| !right.is_empty());
        let left_out = others + usize::from(general.is_some() && right.is_some());
        if left_out > 0 {
            self.note(
                RemarkKind::Dropped,
                format!(
                    "{left_out} answer feedback(s) left out: a card has one explanation \
                     (the general feedback, else the right answer's)"
                ),
            );
        }
        general.or(right)
    }

    /// Reports what a kept question carries that no card holds: hints, and
    /// overall feedback other than Moodle's standard sentences.
    fn leftovers(&mut self) {
        let hints = children(self.node, "hint").filter(|hint| !text_of(*hint).trim().is_empty()).count();
        if hints > 0 {
            self.note(RemarkKind::Dropped, format!("{hints} hint(s) left out: cards have no hints"));
        }
        let mut feedback = 0;
        for name in ["correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"] {
            let text = self.field(name).unwrap_or_default();
            feedback += usize::from(!text.is_empty() && !STANDARD_FEEDBACK.contains(&text.as_str()));
        }
        if feedback > 0 {
            self.note(
                RemarkKind::Dropped,
                format!("{feedback} overall feedback(s) (correct, partially correct, incorrect) left out"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
