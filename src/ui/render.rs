//! Rendering session text for the terminal. Everything from a deck goes
//! through [`terminal`] first; text is wrapped at word boundaries to the
//! terminal's width (the `_at` forms take the width, for tests); colour comes
//! from `colored`, whose override the colour policy sets once. Each styled run
//! carries its own reset, so no style leaks past the text it belongs to.

use std::fmt::Write;

use colored::{ColoredString, Colorize};

use super::messages::Lang;
use super::terminal;
use super::wrap::{terminal_width, wrap};
use crate::clock::Timestamp;
use crate::deck::CardKind;
use crate::grade::Verdict;
use crate::session::study::Summary;
use crate::session::{Feedback, Header, Notice, RatingPrompt};

/// The style of running text around `inline code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Plain text.
    Plain,
    /// A prompt: bold.
    Prompt,
    /// An explanation: italic.
    Explanation,
}

fn toned(piece: &str, tone: Tone) -> ColoredString {
    match tone {
        Tone::Plain => piece.normal(),
        Tone::Prompt => piece.bold(),
        Tone::Explanation => piece.italic(),
    }
}

/// Deck text with `inline code` drawn in a distinct style and the rest in
/// `tone` (the backticks stay when colour is off, so the code is still marked).
pub fn styled(text: &str, tone: Tone) -> String {
    let text = terminal(text);
    if !colored::control::SHOULD_COLORIZE.should_colorize() {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (index, piece) in text.split('`').enumerate() {
        if piece.is_empty() {
            continue;
        }
        if index % 2 == 1 {
            let _ = write!(out, "{}", piece.cyan());
        } else {
            let _ = write!(out, "{}", toned(piece, tone));
        }
    }
    out
}

/// Deck text with `inline code` styled, as plain running text.
pub fn styled_text(text: &str) -> String {
    styled(text, Tone::Plain)
}

/// Wraps already-styled `text` to `width` with a hanging `indent`, one line each.
fn wrapped_lines(out: &mut String, text: &str, width: usize, indent: &str) {
    out.push_str(&super::wrap::wrapped(text, width, indent));
}

/// A question's prompt, bold with code styled, wrapped to the terminal.
pub fn prompt(text: &str) -> String {
    prompt_at(text, terminal_width())
}

/// [`prompt`] at `width` columns.
pub fn prompt_at(text: &str, width: usize) -> String {
    let mut out = String::new();
    wrapped_lines(&mut out, &styled(text, Tone::Prompt), width, "");
    out
}

/// The line above a question: progress, what is left (in study), and the card's tags.
pub fn header(header: &Header, lang: Lang) -> String {
    header_at(header, lang, terminal_width())
}

/// [`header`] at `width` columns.
pub fn header_at(header: &Header, lang: Lang, width: usize) -> String {
    let mut line = format!("[{}/{}]", header.position, header.total);
    if header.study_counts {
        let _ = write!(line, " {} {} · {} {}", lang.due(), header.due_left, lang.new_cards(), header.new_left);
    }
    if header.is_new {
        let _ = write!(line, " · {}", lang.new_mark());
    }
    if header.early {
        let _ = write!(line, " · {}", lang.early_mark());
    }
    if !header.tags.is_empty() {
        let tags: Vec<String> = header.tags.iter().map(|tag| format!("#{}", terminal(tag))).collect();
        let _ = write!(line, " · {}", tags.join(" "));
    }
    let mut out = String::new();
    for row in wrap(&line, width, "  ") {
        let _ = writeln!(out, "{}", row.dimmed());
    }
    if header.notes_changed {
        let _ = writeln!(out, "{}", lang.notes_changed().yellow());
    }
    if header.changed {
        let _ = writeln!(out, "{}", lang.changed().yellow());
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

/// The verdict, the right answer, per-part marks, the explanation and the source.
pub fn feedback(feedback: &Feedback, lang: Lang) -> String {
    feedback_at(feedback, lang, terminal_width())
}

/// How a true/false value reads in the session's language (as in the list shown).
fn shown_value(text: &str, kind: CardKind, lang: Lang) -> String {
    let [yes, no] = lang.true_false();
    match (kind, text) {
        (CardKind::TrueFalse, "true") => yes.to_string(),
        (CardKind::TrueFalse, "false") => no.to_string(),
        _ => text.to_string(),
    }
}

/// [`feedback`] at `width` columns.
pub fn feedback_at(feedback: &Feedback, lang: Lang, width: usize) -> String {
    let mut out = String::new();
    let expected = styled(&shown_value(&feedback.expected, feedback.kind, lang), Tone::Plain);
    let answer_line = format!("{} {expected}", lang.answer().bold());
    if feedback.self_graded {
        wrapped_lines(&mut out, &answer_line, width, "  ");
    } else {
        match feedback.verdict {
            Verdict::Correct => wrapped_lines(&mut out, &lang.correct().green().bold().to_string(), width, ""),
            Verdict::Typo => {
                wrapped_lines(&mut out, &format!("{} {expected}", lang.typo().yellow().bold()), width, "  ")
            }
            Verdict::Incorrect => {
                let given = if feedback.given.trim().is_empty() {
                    lang.no_answer().dimmed().to_string()
                } else {
                    terminal(&shown_value(&feedback.given, feedback.kind, lang)).into_owned()
                };
                let line = format!("{}  {} {given}", lang.incorrect().red().bold(), lang.you_gave());
                wrapped_lines(&mut out, &line, width, "  ");
                wrapped_lines(&mut out, &answer_line, width, "  ");
            }
        }
        if feedback.verdict != Verdict::Correct || feedback.parts.is_empty() {
            for (label, right) in &feedback.parts {
                let mark = if *right { "✓".green() } else { "✗".red() };
                wrapped_lines(&mut out, &format!("  {mark} {}", styled_text(label)), width, "    ");
            }
        }
    }
    if let Some(explanation) = &feedback.explanation {
        wrapped_lines(&mut out, &styled(explanation, Tone::Explanation), width, "");
    }
    if let Some(section) = &feedback.section {
        let line = format!("{} § {}", lang.source(), terminal(section));
        for row in wrap(&line, width, "  ") {
            let _ = writeln!(out, "{}", row.dimmed());
        }
    }
    out
}

/// A notice after a rating-step key.
pub fn notice(notice: &Notice, lang: Lang) -> String {
    notice_at(notice, lang, terminal_width())
}

/// The most lines of notes `r` shows.
const MOST_SOURCE_LINES: usize = 40;

/// [`notice`] at `width` columns.
pub fn notice_at(notice: &Notice, lang: Lang, width: usize) -> String {
    let message = match notice {
        Notice::Source { section, text } => return source_at(section, text.as_deref(), lang, width),
        Notice::TakenBack => lang.taken_back().to_string(),
        Notice::Suspended { card } => lang.suspended(&terminal(card)),
        Notice::Buried { card } => lang.buried(&terminal(card)),
        Notice::Leech(leech) => lang.leech(&terminal(&leech.card), leech.lapses, leech.suspended),
        Notice::KeptDefault { rating } => lang.kept_default(lang.ratings()[*rating as usize - 1]),
    };
    wrap(&message, width, "  ").iter().map(|row| row.yellow().to_string()).collect::<Vec<_>>().join("\n")
}

/// A notes section under its heading, at most [`MOST_SOURCE_LINES`] lines.
fn source_at(section: &str, text: Option<&str>, lang: Lang, width: usize) -> String {
    let mut out = format!("{}\n", format!("§ {}", terminal(section)).bold());
    match text {
        Some(text) => {
            // Wrap only what can be shown (a top-level section may be long).
            let lines: Vec<String> = text
                .split('\n')
                .flat_map(|paragraph| wrap(&terminal(paragraph), width, ""))
                .take(MOST_SOURCE_LINES + 1)
                .collect();
            for line in lines.iter().take(MOST_SOURCE_LINES) {
                let _ = writeln!(out, "{line}");
            }
            if lines.len() > MOST_SOURCE_LINES {
                let _ = writeln!(out, "{}", "…".dimmed());
            }
        }
        None => {
            let _ = writeln!(out, "{}", lang.no_source().yellow());
        }
    }
    out.trim_end().to_string()
}

/// `1 Again 1m  2 Hard 5m  3 Good 10m  4 Easy 7d   ⏎ Good · u s b q ?`: the
/// rating step in one line that fits 80 columns; with `prompt.first`, the keys
/// are spelled out once on a second line.
pub fn rating_line(prompt: &RatingPrompt, lang: Lang) -> String {
    rating_line_at(prompt, lang, terminal_width())
}

/// [`rating_line`] at `width` columns.
pub fn rating_line_at(prompt: &RatingPrompt, lang: Lang, width: usize) -> String {
    let names = lang.ratings();
    let options: Vec<String> = names
        .iter()
        .zip(&prompt.intervals)
        .enumerate()
        .map(|(index, (name, interval))| {
            let option = format!("{} {name} {}", index + 1, lang.duration(*interval));
            if index + 1 == prompt.default as usize {
                option.bold().underline().to_string()
            } else {
                option
            }
        })
        .collect();
    let mut keys = vec!["u", "s", "b"];
    if !prompt.can_undo {
        keys.remove(0);
    }
    if prompt.has_source {
        keys.push("r");
    }
    keys.extend(["q", "?"]);
    let line = format!(
        "{}   {}",
        options.join("  "),
        format!("⏎ {} · {}", names[prompt.default as usize - 1], keys.join(" ")).dimmed()
    );
    let mut out = wrap(&line, width, "  ").join("\n");
    if prompt.first {
        let _ = write!(out, "\n{}", wrap(&rating_help(prompt, lang), width, "  ").join("\n").dimmed());
    }
    out
}

/// Every key of the rating step, spelled out (shown once, and on `?`).
pub fn rating_help(prompt: &RatingPrompt, lang: Lang) -> String {
    let [undo, suspend, bury, quit] = lang.rating_keys();
    let mut keys = vec![lang.enter_keeps(lang.ratings()[prompt.default as usize - 1]), lang.number_rates().to_string()];
    if prompt.can_undo {
        keys.push(undo.to_string());
    }
    keys.extend([suspend.to_string(), bury.to_string()]);
    if prompt.has_source {
        keys.push(lang.read_source().to_string());
    }
    keys.extend([quit.to_string(), lang.help_key().to_string()]);
    // Each key stays on one line with what it does.
    keys.iter().map(|key| key.replace(' ', "\u{a0}")).collect::<Vec<_>>().join(" · ")
}

/// `1 Again  2 Hard  3 Good  4 Easy   ⏎ Good · q quit`: grading a
/// revealed flashcard in an exam or a drill, where nothing else is offered.
pub fn grade_line(default: crate::schedule::Rating, lang: Lang) -> String {
    let names = lang.ratings();
    let options: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let option = format!("{} {name}", index + 1);
            if index + 1 == default as usize {
                option.bold().underline().to_string()
            } else {
                option
            }
        })
        .collect();
    let keys = format!("⏎ {} · {}", names[default as usize - 1], lang.rating_keys()[3]);
    wrap(&format!("{}   {}", options.join("  "), keys.dimmed()), terminal_width(), "  ").join("\n")
}

/// The end-of-session summary.
pub fn summary(summary: &Summary, now: Timestamp, lang: Lang) -> String {
    summary_at(summary, now, lang, terminal_width())
}

/// [`summary`] at `width` columns.
pub fn summary_at(summary: &Summary, now: Timestamp, lang: Lang, width: usize) -> String {
    let mut out = String::new();
    if summary.answered > 0 {
        let share = 100.0 * summary.correct as f64 / summary.answered as f64;
        let seconds = summary.elapsed.num_seconds();
        let line = lang.studied(summary.answered, summary.correct, share, seconds / 60, seconds % 60);
        wrapped_lines(&mut out, &line, width, "  ");
    } else {
        wrapped_lines(&mut out, lang.nothing_studied(), width, "  ");
    }
    if !summary.missed.is_empty() {
        wrapped_lines(&mut out, &lang.missed().bold().to_string(), width, "");
        for missed in &summary.missed {
            let prompt = crate::text::ellipsize(&missed.prompt, 120).into_owned();
            wrapped_lines(&mut out, &format!("  {} {}", "✗".red(), styled(&prompt, Tone::Plain)), width, "    ");
            wrapped_lines(&mut out, &format!("    → {}", styled(&missed.answer, Tone::Prompt)), width, "      ");
        }
    }
    if !summary.lapsed.is_empty() {
        let lapsed: Vec<String> = summary.lapsed.iter().map(|id| terminal(id).into_owned()).collect();
        wrapped_lines(&mut out, &format!("{} {}", lang.lapsed(), lapsed.join(", ")), width, "  ");
    }
    if summary.due_now > 0 {
        wrapped_lines(&mut out, &lang.still_due(summary.due_now), width, "  ");
    }
    match summary.next_due {
        Some(due) if due > now => {
            let relative = lang.duration(due.0 - now.0);
            wrapped_lines(&mut out, &lang.next_due(&relative, &lang.local_time(due, now)), width, "  ");
        }
        Some(_) => {}
        None => wrapped_lines(&mut out, lang.none_scheduled(), width, "  "),
    }
    wrapped_lines(&mut out, &lang.new_left(summary.new_left_today, summary.new_unseen), width, "  ");
    out
}
