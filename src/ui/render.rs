//! Rendering session text for the terminal. Everything from a deck goes
//! through [`clean`] first; colour comes from `colored`, whose override the
//! colour policy sets once.

use std::fmt::Write;

use colored::Colorize;

use super::messages::Lang;
use super::terminal;
use crate::clock::Timestamp;
use crate::grade::Verdict;
use crate::session::study::Summary;
use crate::session::{Feedback, Header, RatingPrompt};

/// Text with `inline code` drawn in a distinct style (the backticks stay
/// when colour is off, so the code is still marked).
pub fn styled_text(text: &str) -> String {
    let text = terminal(text);
    if !colored::control::SHOULD_COLORIZE.should_colorize() {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (index, piece) in text.split('`').enumerate() {
        if index % 2 == 1 {
            out.push_str(&piece.cyan().to_string());
        } else {
            out.push_str(&piece.bold().to_string());
        }
    }
    out
}

/// The line above a question: progress, what is left, and the card's tags.
pub fn header(header: &Header, lang: Lang) -> String {
    let mut line = format!("[{}/{}]", header.position, header.total);
    let _ = write!(line, " {} {} · {} {}", lang.due(), header.due_left, lang.new_cards(), header.new_left);
    if header.is_new {
        let _ = write!(line, " · {}", lang.new_mark());
    }
    if !header.tags.is_empty() {
        let tags: Vec<String> = header.tags.iter().map(|tag| format!("#{}", terminal(tag))).collect();
        let _ = write!(line, " · {}", tags.join(" "));
    }
    let mut out = line.dimmed().to_string();
    if header.changed {
        let _ = write!(out, "\n{}", lang.changed().yellow());
    }
    out
}

/// The verdict, the right answer, per-part marks, the explanation and the source.
pub fn feedback(feedback: &Feedback, lang: Lang) -> String {
    let mut out = String::new();
    if feedback.self_graded {
        let _ = writeln!(out, "{} {}", lang.answer().bold(), styled_text(&feedback.expected));
    } else {
        match feedback.verdict {
            Verdict::Correct => {
                let _ = writeln!(out, "{}", lang.correct().green().bold());
            }
            Verdict::Typo => {
                let _ = writeln!(out, "{} {}", lang.typo().yellow().bold(), styled_text(&feedback.expected));
            }
            Verdict::Incorrect => {
                let _ = writeln!(
                    out,
                    "{}  {} {}",
                    lang.incorrect().red().bold(),
                    lang.you_gave(),
                    terminal(&feedback.given)
                );
                let _ = writeln!(out, "{} {}", lang.answer().bold(), styled_text(&feedback.expected));
            }
        }
        if feedback.verdict == Verdict::Correct && !feedback.parts.is_empty() {
            // All parts were right; the per-part list adds nothing.
        } else {
            for (label, right) in &feedback.parts {
                let mark = if *right { "✓".green() } else { "✗".red() };
                let _ = writeln!(out, "  {mark} {}", terminal(label));
            }
        }
    }
    if let Some(explanation) = &feedback.explanation {
        let _ = writeln!(out, "{}", styled_text(explanation).italic());
    }
    if let Some(section) = &feedback.section {
        let _ = writeln!(out, "{}", format!("{} § {}", lang.source(), terminal(section)).dimmed());
    }
    out
}

/// `1 Again 10m · 2 Hard 1d · 3 Good 3d · 4 Easy 8d` and the other keys.
pub fn rating_line(prompt: &RatingPrompt, lang: Lang) -> String {
    let names = lang.ratings();
    let options: Vec<String> = names
        .iter()
        .zip(&prompt.intervals)
        .enumerate()
        .map(|(index, (name, interval))| {
            let option = if interval.is_empty() {
                format!("{} {name}", index + 1)
            } else {
                format!("{} {name} {interval}", index + 1)
            };
            if index + 1 == prompt.default as usize {
                option.bold().underline().to_string()
            } else {
                option
            }
        })
        .collect();
    let mut keys = format!("Enter {}", names[prompt.default as usize - 1]);
    let [undo, suspend, bury, quit] = lang.rating_keys();
    if prompt.can_undo {
        let _ = write!(keys, " · {undo}");
    }
    let _ = write!(keys, " · {suspend} · {bury} · {quit}");
    format!("{}  {}", options.join(" · "), format!("[{keys}]").dimmed())
}

/// `1 Again · 2 Hard · 3 Good · 4 Easy  [Enter Good · q quit]`: grading a
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
    let quit = lang.rating_keys()[3];
    let keys = format!("[Enter {} · {quit}]", names[default as usize - 1]);
    format!("{}  {}", options.join(" · "), keys.dimmed())
}

/// The end-of-session summary.
pub fn summary(summary: &Summary, now: Timestamp, lang: Lang) -> String {
    let mut out = String::new();
    if summary.answered > 0 {
        let share = 100.0 * summary.correct as f64 / summary.answered as f64;
        let seconds = summary.elapsed.num_seconds();
        let _ = writeln!(out, "{}", lang.studied(summary.answered, summary.correct, share, seconds / 60, seconds % 60));
    } else {
        let _ = writeln!(out, "{}", lang.nothing_studied());
    }
    if !summary.lapsed.is_empty() {
        let lapsed: Vec<String> = summary.lapsed.iter().map(|id| terminal(id).into_owned()).collect();
        let _ = writeln!(out, "{} {}", lang.lapsed(), lapsed.join(", "));
    }
    if summary.due_now > 0 {
        let _ = writeln!(out, "{}", lang.still_due(summary.due_now));
    }
    match summary.next_due {
        Some(due) if due > now => {
            let relative = crate::clock::short_duration(due.0 - now.0);
            let _ = writeln!(out, "{}", lang.next_due(&relative, &due.rfc3339()));
        }
        Some(_) => {}
        None => {
            let _ = writeln!(out, "{}", lang.none_scheduled());
        }
    }
    let _ = writeln!(out, "{}", lang.new_left(summary.new_left_today, summary.new_unseen));
    out
}
