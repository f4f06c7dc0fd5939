//! Questions with gaps in their text: `multianswer` (Moodle's "embedded
//! answers", `{1:SHORTANSWER:=Tulip~%50%tulip}`) and the select-or-drag
//! types whose text marks gaps `[[1]]` (`gapselect`, `ddwtos`); each becomes
//! a cloze card.
//!
//! The embedded answers are found in the raw text, as Moodle does, before
//! the text is read by its format: each is swapped for a private-use mark,
//! the text converted, then split at the marks.

use super::kinds::{is_full, number, Choice};
use super::{children, text_of, Question};
use crate::deck::{render_cloze, Answer, CardText, ClozePiece, Gap};
use crate::import::{html, RemarkKind};

/// Stands for a gap while the text around it is read (removed from the input first).
const MARK: char = '\u{e000}';

/// How an embedded answer is answered in Moodle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sub {
    /// `SHORTANSWER`, `SA`, `MW`.
    Short,
    /// `SHORTANSWER_C`, `SAC`, `MWC`: case matters.
    ShortCase,
    /// `NUMERICAL`, `NM`: `number:tolerance`.
    Numerical,
    /// `MULTICHOICE` and its layouts (`MC`, `MCV`, `MCH`, `MCS`…): one right choice.
    Choice,
    /// `MULTIRESPONSE` and its layouts (`MR`, `MRH`…): several right choices.
    Multi,
}

impl Sub {
    /// The kind a type name stands for (`SA`, `MULTICHOICE_V`…), if it is one.
    fn named(name: &str) -> Option<Sub> {
        match name {
            "SHORTANSWER" | "SA" | "MW" => Some(Sub::Short),
            "SHORTANSWER_C" | "SAC" | "MWC" => Some(Sub::ShortCase),
            "NUMERICAL" | "NM" => Some(Sub::Numerical),
            "MULTICHOICE" | "MC" | "MULTICHOICE_V" | "MCV" | "MULTICHOICE_H" | "MCH" | "MULTICHOICE_S" | "MCS"
            | "MULTICHOICE_VS" | "MCVS" | "MULTICHOICE_HS" | "MCHS" => Some(Sub::Choice),
            "MULTIRESPONSE" | "MR" | "MULTIRESPONSE_H" | "MRH" | "MULTIRESPONSE_S" | "MRS" | "MULTIRESPONSE_HS"
            | "MRHS" => Some(Sub::Multi),
            _ => None,
        }
    }
}

/// One alternative of an embedded answer, as written: `=answer#feedback`, `%50%answer`, `answer`.
#[derive(Clone, Debug, PartialEq)]
struct Alternative {
    /// The marks it earns, in percent.
    fraction: f64,
    /// The answer's raw text (escapes and entities still in).
    answer: String,
    /// Whether it has a `#feedback`.
    feedback: bool,
}

/// An embedded answer at `start..end` of the question text.
#[derive(Clone, Debug, PartialEq)]
struct Embedded {
    /// Where its `{` stands.
    start: usize,
    /// The byte after its `}`.
    end: usize,
    /// How it is answered.
    sub: Sub,
    /// Its answers, in order.
    alternatives: Vec<Alternative>,
}

/// The embedded answers in `text`, in order, and where an answer opened but
/// never closed (the rest of the text is then read as text).
fn embedded(text: &str) -> (Vec<Embedded>, Option<usize>) {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text.get(at..).and_then(|rest| rest.find('{')) {
        let open = at + offset;
        let Some((sub, body)) = header(text, open) else {
            at = open + 1;
            continue;
        };
        match alternatives(text, body) {
            Some((alternatives, end)) => {
                found.push(Embedded { start: open, end, sub, alternatives });
                at = end;
            }
            // Nothing after this closes an answer either: stop, so the scan stays linear.
            None => return (found, Some(open)),
        }
    }
    (found, None)
}

/// `{digits:TYPE:` at `open`: the kind and where its alternatives start.
fn header(text: &str, open: usize) -> Option<(Sub, usize)> {
    let bytes = text.as_bytes();
    let mut at = open + 1;
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    if bytes.get(at) != Some(&b':') {
        return None;
    }
    let name = at + 1;
    let mut end = name;
    while end - name < 20 && bytes.get(end).is_some_and(|byte| byte.is_ascii_uppercase() || *byte == b'_') {
        end += 1;
    }
    if bytes.get(end) != Some(&b':') {
        return None;
    }
    Some((Sub::named(text.get(name..end)?)?, end + 1))
}

/// The alternatives from `start` to the closing `}`, and the byte after it;
/// `None` when the text ends first.
fn alternatives(text: &str, start: usize) -> Option<(Vec<Alternative>, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Moodle reads a `~` before the first alternative as a separator too.
    let mut at = if bytes.get(start) == Some(&b'~') { start + 1 } else { start };
    loop {
        let (fraction, answer_start) = fraction(text, at);
        // As Moodle reads it: at least one character, then up to a `~`, `#` or `}`
        // that no `\` (nor `&`, `&amp;`: a character reference) comes before.
        let first = text.get(answer_start..)?.chars().next()?;
        let mut end = answer_start + first.len_utf8();
        loop {
            let byte = *bytes.get(end)?;
            if matches!(byte, b'~' | b'#' | b'}') && !escaped(bytes, end, true) {
                break;
            }
            end += 1;
        }
        let answer = text.get(answer_start..end)?.to_string();
        let mut stop = end;
        let feedback = bytes.get(end) == Some(&b'#');
        if feedback {
            stop += 1;
            loop {
                let byte = *bytes.get(stop)?;
                if matches!(byte, b'~' | b'}') && !escaped(bytes, stop, false) {
                    break;
                }
                stop += 1;
            }
        }
        found.push(Alternative { fraction, answer, feedback });
        match *bytes.get(stop)? {
            b'}' => return Some((found, stop + 1)),
            _ => at = stop + 1,
        }
    }
}

/// Whether the delimiter at `at` is escaped: after `\`, or (in an answer) after `&` or `&amp;`.
fn escaped(bytes: &[u8], at: usize, answer: bool) -> bool {
    let before = bytes.get(..at).unwrap_or_default();
    before.ends_with(b"\\") || (answer && (before.ends_with(b"&") || before.ends_with(b"&amp;")))
}

/// An alternative's mark (`=` is 100, `%50%`, none is 0) and where its answer starts.
fn fraction(text: &str, at: usize) -> (f64, usize) {
    let rest = text.get(at..).unwrap_or_default();
    if rest.starts_with('=') {
        return (100.0, at + 1);
    }
    let Some(inside) = rest.strip_prefix('%') else { return (0.0, at) };
    let length = inside
        .char_indices()
        .take_while(|(index, character)| {
            character.is_ascii_digit() || matches!(character, '.' | ',') || (*index == 0 && *character == '-')
        })
        .count();
    match (inside.get(length..length + 1), number(inside.get(..length).unwrap_or_default())) {
        (Some("%"), Some(value)) => (value, at + length + 2),
        _ => (0.0, at),
    }
}

/// An embedded answer's text: Moodle's backslash escapes undone, then read as HTML.
fn answer_text(raw: &str) -> String {
    let mut unescaped = String::with_capacity(raw.len());
    let mut characters = raw.chars().peekable();
    while let Some(character) = characters.next() {
        match (character, characters.peek()) {
            ('\\', Some(next @ ('}' | '#' | '~' | '/' | '"' | '\\'))) => {
                unescaped.push(*next);
                characters.next();
            }
            (other, _) => unescaped.push(other),
        }
    }
    html::to_text(&unescaped).text
}

impl Question<'_, '_, '_> {
    /// `raw` with each of `gaps` (byte ranges) swapped for a mark, read by the
    /// question's format, as cloze pieces; `None` (skipped) when markup swallowed a gap.
    fn pieces(&mut self, raw: &str, gaps: &[(usize, usize)]) -> Option<Vec<ClozePiece>> {
        let mut marked = String::with_capacity(raw.len());
        let mut last = 0;
        for (start, end) in gaps {
            marked.push_str(raw.get(last..*start).unwrap_or_default());
            marked.push(MARK);
            last = *end;
        }
        marked.push_str(raw.get(last..).unwrap_or_default());
        let text = self.convert(&marked, self.markup);
        if text.matches(MARK).count() != gaps.len() {
            return self.skip("a gap stands inside HTML markup (a tag or a script), so its place in the text is lost");
        }
        let mut pieces = Vec::with_capacity(gaps.len() * 2 + 1);
        for (index, part) in text.split(MARK).enumerate() {
            if index > 0 {
                pieces.push(ClozePiece::Gap(index - 1));
            }
            if !part.is_empty() {
                pieces.push(ClozePiece::Text(part.to_string()));
            }
        }
        Some(pieces)
    }

    /// `multianswer`: each embedded answer is a gap, answered by its full-marks answers.
    pub(super) fn multianswer(&mut self, raw: &str, general: Option<String>) -> Option<CardText> {
        let raw = raw.replace(MARK, "");
        let (found, unclosed) = embedded(&raw);
        if let Some(open) = unclosed {
            let shown: String = raw.get(open..).unwrap_or_default().chars().take(24).collect();
            self.note(
                RemarkKind::Approximated,
                format!("the embedded answer at `{shown}` is never closed with `}}`; it is read as text"),
            );
        }
        if found.is_empty() {
            return self.skip("it has no embedded answers (`{1:SHORTANSWER:=answer}`)");
        }
        let mut gaps = Vec::with_capacity(found.len());
        let mut feedbacks = 0;
        for (index, answer) in found.iter().enumerate() {
            feedbacks += answer.alternatives.iter().filter(|alternative| alternative.feedback).count();
            gaps.push(self.gap(index + 1, answer)?);
        }
        if feedbacks > 0 {
            self.note(
                RemarkKind::Dropped,
                format!("{feedbacks} answer feedback(s) left out: a card has one explanation"),
            );
        }
        let ranges: Vec<(usize, usize)> = found.iter().map(|answer| (answer.start, answer.end)).collect();
        let pieces = self.pieces(&raw, &ranges)?;
        let prompt = render_cloze(&pieces, &gaps);
        Some(CardText { prompt, answer: Answer::Cloze { pieces, gaps }, explanation: general, reject: Vec::new() })
    }

    /// Gap `position` (1-based) from an embedded answer: its full-marks answers.
    fn gap(&mut self, position: usize, embedded: &Embedded) -> Option<Gap> {
        let what = format!("gap {position}: ");
        let mut choices = Vec::with_capacity(embedded.alternatives.len());
        for alternative in &embedded.alternatives {
            let mut text = answer_text(&alternative.answer);
            if embedded.sub == Sub::Numerical {
                // `3.4:0.1`: the number is typed; the tolerance has no place in a gap.
                if let Some((value, tolerance)) = text.split_once(':').filter(|(value, _)| !value.trim().is_empty()) {
                    if number(tolerance).is_some_and(|tolerance| tolerance != 0.0) && alternative.fraction > 0.0 {
                        self.note(
                            RemarkKind::Approximated,
                            format!(
                                "{what}the tolerance {} of `{}` is left out: a gap is typed text",
                                tolerance.trim(),
                                value.trim()
                            ),
                        );
                    }
                    text = value.trim().to_string();
                }
            }
            choices.push(Choice { fraction: alternative.fraction, text, feedback: None, tolerance: None });
        }
        match embedded.sub {
            Sub::Multi => {
                return self.skip(format!("{what}it has several right choices, which one typed gap cannot hold"))
            }
            Sub::Choice => {
                let Some(right) = choices.iter().find(|choice| is_full(choice.fraction)) else {
                    return self.skip(format!("{what}no choice earns full marks"));
                };
                self.note(
                    RemarkKind::Approximated,
                    format!("{what}the choices are left out: the right one, `{}`, is typed", right.text),
                );
                return Some(Gap { answer: right.text.clone(), accept: Vec::new() });
            }
            Sub::ShortCase => {
                self.note(
                    RemarkKind::Approximated,
                    format!("{what}the answer is case-sensitive in Moodle; here case is ignored"),
                );
            }
            Sub::Short | Sub::Numerical => {}
        }
        let choices: Vec<Choice> = choices.into_iter().filter(|choice| !choice.text.is_empty()).collect();
        let typed = self.typed(&choices, &what)?;
        Some(Gap { answer: typed.answer, accept: typed.accept })
    }

    /// `gapselect` and `ddwtos`: `[[n]]` in the text is a gap whose answer is
    /// the n-th option; the options to pick from are left out.
    pub(super) fn gap_choices(&mut self, raw: &str, kind: &str, general: Option<String>) -> Option<CardText> {
        let raw = raw.replace(MARK, "");
        let options: Vec<String> = children(self.node, if kind == "gapselect" { "selectoption" } else { "dragbox" })
            .map(|option| html::to_text(&text_of(option)).text)
            .collect();
        let mut ranges = Vec::new();
        let mut gaps = Vec::new();
        let mut at = 0;
        while let Some(offset) = raw.get(at..).and_then(|rest| rest.find("[[")) {
            let open = at + offset;
            let digits = raw.get(open + 2..).unwrap_or_default().bytes().take_while(u8::is_ascii_digit).count();
            let close = open + 2 + digits;
            if digits == 0 || raw.get(close..close + 2) != Some("]]") {
                at = open + 1;
                continue;
            }
            let chosen = raw.get(open + 2..close).and_then(|digits| digits.parse::<usize>().ok());
            let Some(answer) = chosen.and_then(|number| number.checked_sub(1)).and_then(|index| options.get(index))
            else {
                return self
                    .skip(format!("the gap `{}` names no option", raw.get(open..close + 2).unwrap_or_default()));
            };
            ranges.push((open, close + 2));
            gaps.push(Gap { answer: answer.clone(), accept: Vec::new() });
            at = close + 2;
        }
        if gaps.is_empty() {
            return self.skip("it has no gaps (`[[1]]`)");
        }
        self.note(RemarkKind::Approximated, "the options to pick from are left out: each gap is typed");
        let pieces = self.pieces(&raw, &ranges)?;
        let prompt = render_cloze(&pieces, &gaps);
        Some(CardText { prompt, answer: Answer::Cloze { pieces, gaps }, explanation: general, reject: Vec::new() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An embedded answer's kind and its alternatives' marks, answers and whether they have feedback.
    type Shown<'t> = (Sub, Vec<(f64, &'t str, bool)>);

    #[test]
    fn embedded_answers_are_found_with_their_escapes_and_marks() {
        let text = r"A {1:SHORTANSWER:=Tulip~%50%tulip#close} and {:MC:~a~=b\}#yes~c} {2:NM:=3.4:0.1} {x} {1:BAD:=y}";
        let (found, unclosed) = embedded(text);
        assert_eq!(unclosed, None);
        let shown: Vec<Shown<'_>> = found
            .iter()
            .map(|answer| {
                let alternatives = answer
                    .alternatives
                    .iter()
                    .map(|alternative| (alternative.fraction, alternative.answer.as_str(), alternative.feedback))
                    .collect();
                (answer.sub, alternatives)
            })
            .collect();
        assert_eq!(
            shown,
            [
                (Sub::Short, vec![(100.0, "Tulip", false), (50.0, "tulip", true)]),
                (Sub::Choice, vec![(0.0, "a", false), (100.0, "b\\}", true), (0.0, "c", false)]),
                (Sub::Numerical, vec![(100.0, "3.4:0.1", false)]),
            ]
        );
        assert_eq!(&text[found[0].start..found[0].end], "{1:SHORTANSWER:=Tulip~%50%tulip#close}");
        assert_eq!(answer_text("b\\}"), "b}");
        assert_eq!(answer_text("&lt;b&gt; &amp;&#35;1 \\~ \\\\"), "<b> &#1 ~ \\");
    }

    #[test]
    fn an_unclosed_answer_stops_the_scan_and_entities_do_not_end_an_answer() {
        let (found, unclosed) = embedded("{1:SA:=a} then {1:SA:=never closed");
        assert_eq!((found.len(), unclosed), (1, Some(15)));
        let (found, _) = embedded("{1:SA:=x&#125;y&amp;#35;z}");
        assert_eq!(found[0].alternatives[0].answer, "x&#125;y&amp;#35;z");
        // Many openers that never close are read once, not once each.
        let long = "{1:SA:=".repeat(20_000);
        assert_eq!(embedded(&long).1, Some(0));
        assert_eq!(fraction("%-33.5%x", 0), (-33.5, 7));
        assert_eq!(fraction("%5x", 0), (0.0, 0));
    }
}
