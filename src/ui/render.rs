//! Rendering session text for the terminal. Everything from a deck goes
//! through [`clean`] first; colour comes from `colored`, whose override the
//! colour policy sets once.

use std::fmt::Write;

use colored::Colorize;

use super::clean;
use crate::clock::Timestamp;
use crate::grade::Verdict;
use crate::session::study::Summary;
use crate::session::{Feedback, Header, RatingPrompt};

/// Text with `inline code` drawn in a distinct style (the backticks stay
/// when colour is off, so the code is still marked).
pub fn styled_text(text: &str) -> String {
    let text = clean(text);
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
pub fn header(header: &Header) -> String {
    let mut line = format!("[{}/{}]", header.position, header.total);
    let _ = write!(line, " due {} · new {}", header.due_left, header.new_left);
    if header.is_new {
        line.push_str(" · NEW");
    }
    if !header.tags.is_empty() {
        let tags: Vec<String> = header.tags.iter().map(|tag| format!("#{}", clean(tag))).collect();
        let _ = write!(line, " · {}", tags.join(" "));
    }
    let mut out = line.dimmed().to_string();
    if header.changed {
        let _ = write!(out, "\n{}", "! This card changed since you last reviewed it.".yellow());
    }
    out
}

/// The verdict, the right answer, per-part marks, the explanation and the source.
pub fn feedback(feedback: &Feedback) -> String {
    let mut out = String::new();
    if feedback.self_graded {
        let _ = writeln!(out, "{} {}", "Answer:".bold(), styled_text(&feedback.expected));
    } else {
        match feedback.verdict {
            Verdict::Correct => {
                let _ = writeln!(out, "{}", "✓ Correct".green().bold());
            }
            Verdict::Typo => {
                let _ = writeln!(
                    out,
                    "{} {}",
                    "≈ Accepted with a typo — the spelling is".yellow().bold(),
                    styled_text(&feedback.expected)
                );
            }
            Verdict::Incorrect => {
                let _ = writeln!(out, "{}  you gave: {}", "✗ Incorrect".red().bold(), clean(&feedback.given));
                let _ = writeln!(out, "{} {}", "Answer:".bold(), styled_text(&feedback.expected));
            }
        }
        if feedback.verdict == Verdict::Correct && !feedback.parts.is_empty() {
            // All parts were right; the per-part list adds nothing.
        } else {
            for (label, right) in &feedback.parts {
                let mark = if *right { "✓".green() } else { "✗".red() };
                let _ = writeln!(out, "  {mark} {}", clean(label));
            }
        }
    }
    if let Some(explanation) = &feedback.explanation {
        let _ = writeln!(out, "{}", styled_text(explanation).italic());
    }
    if let Some(section) = &feedback.section {
        let _ = writeln!(out, "{}", format!("Source: § {}", clean(section)).dimmed());
    }
    out
}

/// `1 Again 10m · 2 Hard 1d · 3 Good 3d · 4 Easy 8d` and the other keys.
pub fn rating_line(prompt: &RatingPrompt) -> String {
    let names = ["Again", "Hard", "Good", "Easy"];
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
    if prompt.can_undo {
        keys.push_str(" · u undo");
    }
    keys.push_str(" · s suspend · b bury · q quit");
    format!("{}  {}", options.join(" · "), format!("[{keys}]").dimmed())
}

/// The end-of-session summary.
pub fn summary(summary: &Summary, now: Timestamp) -> String {
    let mut out = String::new();
    let minutes = summary.elapsed.num_seconds() / 60;
    let seconds = summary.elapsed.num_seconds() % 60;
    if summary.answered > 0 {
        let share = 100.0 * summary.correct as f64 / summary.answered as f64;
        let _ = writeln!(
            out,
            "Studied {} card(s): {} correct ({share:.0}%) in {minutes}m {seconds:02}s.",
            summary.answered, summary.correct
        );
    } else {
        let _ = writeln!(out, "No cards studied.");
    }
    if !summary.lapsed.is_empty() {
        let lapsed: Vec<String> = summary.lapsed.iter().map(|id| clean(id).into_owned()).collect();
        let _ = writeln!(out, "Lapsed: {}", lapsed.join(", "));
    }
    if summary.due_now > 0 {
        let _ = writeln!(out, "{} card(s) are still due now.", summary.due_now);
    }
    match summary.next_due {
        Some(due) if due > now => {
            let _ = writeln!(out, "Next card due {} ({}).", relative_time(due, now), due.rfc3339());
        }
        Some(_) => {}
        None => {
            let _ = writeln!(out, "No reviews scheduled yet.");
        }
    }
    let _ =
        writeln!(out, "New cards left today: {} (unseen in the deck: {}).", summary.new_left_today, summary.new_unseen);
    out
}

/// "in 10m", "in 3d".
pub fn relative_time(when: Timestamp, now: Timestamp) -> String {
    format!("in {}", crate::clock::short_duration(when.0 - now.0))
}
