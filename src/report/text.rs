//! Human-readable reports.

use std::fmt::Write;

use colored::Colorize;

use super::DeckCheck;
use crate::deck::coverage::{percent, Coverage};
use crate::deck::{Diagnostic, Severity};
use crate::text::sanitize::terminal_line;

/// Renders one diagnostic like a compiler: `file:line:column: error[code]: message`,
/// in colour when the colour policy allows. Every untrusted part is kept on
/// its line: a newline in a deck's text can never forge a line of output
/// (such as a CI workflow command).
pub fn diagnostic(diagnostic: &Diagnostic) -> String {
    render_diagnostic(diagnostic, true)
}

/// [`diagnostic`] without colour, for reports that are never a terminal (JUnit).
pub fn plain_diagnostic(diagnostic: &Diagnostic) -> String {
    render_diagnostic(diagnostic, false)
}

fn render_diagnostic(diagnostic: &Diagnostic, styled: bool) -> String {
    let label = match diagnostic.severity {
        Severity::Error => format!("error[{}]", diagnostic.code),
        Severity::Warning => format!("warning[{}]", diagnostic.code),
    };
    let label = match (styled, diagnostic.severity) {
        (false, _) => label,
        (true, Severity::Error) => label.red().bold().to_string(),
        (true, Severity::Warning) => label.yellow().bold().to_string(),
    };
    let mut line = format!("{}:{}:{}: {label}: ", terminal_line(&diagnostic.file), diagnostic.line, diagnostic.column);
    if let Some(card) = &diagnostic.card {
        let _ = write!(line, "card `{}`: ", terminal_line(card));
    }
    line.push_str(&terminal_line(&diagnostic.message));
    if let Some(note) = &diagnostic.note {
        let note_label = if styled { "note:".bold().to_string() } else { "note:".to_string() };
        let _ = write!(line, "\n  {note_label} {}", terminal_line(note));
    }
    if let Some(help) = &diagnostic.help {
        let help_label = if styled { "help:".cyan().bold().to_string() } else { "help:".to_string() };
        let _ = write!(line, "\n  {help_label} {}", terminal_line(help));
    }
    line
}

/// The whole `quiz check` report.
pub fn check(checks: &[DeckCheck], strict: bool) -> String {
    let mut out = String::new();
    for check in checks {
        for item in &check.diagnostics {
            out.push_str(&diagnostic(item));
            out.push('\n');
        }
        let verdict = if check.passed(strict) { "ok".green().bold() } else { "FAILED".red().bold() };
        let _ = writeln!(
            out,
            "{}: {verdict} — {} card(s), {} error(s), {} warning(s){}",
            terminal_line(&check.file),
            check.cards,
            check.errors(),
            check.warnings(),
            if strict && check.warnings() > 0 { " (--strict: warnings fail)" } else { "" }
        );
        if let Some(coverage) = &check.coverage {
            out.push_str(&self::coverage(coverage));
        }
    }
    out
}

/// Uncovered paragraphs listed per section before the rest is counted.
const UNCOVERED_SHOWN: usize = 5;

/// The coverage of a deck's notes: the totals, then a line per section (with
/// the paragraphs no quote falls in).
pub fn coverage(coverage: &Coverage) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "coverage of {}: {} of {} sections ({}), {} of {} paragraphs ({})",
        terminal_line(&coverage.notes),
        coverage.sections_covered,
        coverage.sections_total,
        percent(coverage.section_ratio),
        coverage.paragraphs_covered,
        coverage.paragraphs_total,
        percent(coverage.paragraph_ratio),
    );
    for section in &coverage.sections {
        let mark = if section.covered { "✓".green().to_string() } else { "✗".red().bold().to_string() };
        let covered_paragraphs = section.paragraphs - section.uncovered.len();
        let indent = "  ".repeat(section.level.saturating_sub(1));
        let _ = writeln!(
            out,
            "  {indent}{mark} {} (line {}): {} card(s), {covered_paragraphs} of {} paragraph(s)",
            terminal_line(&section.title),
            section.line,
            section.cards,
            section.paragraphs,
        );
        for paragraph in section.uncovered.iter().take(UNCOVERED_SHOWN) {
            let _ =
                writeln!(out, "{indent}    not quoted: line {}: {}", paragraph.line, terminal_line(&paragraph.excerpt));
        }
        if section.uncovered.len() > UNCOVERED_SHOWN {
            let _ = writeln!(out, "{indent}    … and {} more", section.uncovered.len() - UNCOVERED_SHOWN);
        }
    }
    out
}

/// The `quiz stats` report for one deck: its figures, then its charts
/// ([`charts`](super::charts)).
/// Which FSRS parameters a deck uses, in one line.
fn parameters_line(parameters: &super::stats::ParametersInUse) -> String {
    let fitted = (parameters.fitted_at.as_deref(), parameters.review_count, parameters.log_loss);
    match fitted {
        (Some(at), Some(reviews), Some(log_loss)) => {
            let date = at.get(..10).unwrap_or(at);
            let was = parameters.previous_log_loss.map(|previous| format!(", was {previous:.4}")).unwrap_or_default();
            format!("  FSRS parameters: fitted {date} to {reviews} review(s) (log loss {log_loss:.4}{was})\n")
        }
        _ => "  FSRS parameters: the defaults (`quiz optimize` fits them to your reviews)\n".to_string(),
    }
}

pub fn stats(stats: &super::stats::DeckStats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({} cards)",
        terminal_line(&stats.deck).bold(),
        terminal_line(&stats.title),
        stats.cards
    );
    let states = &stats.states;
    let _ = writeln!(
        out,
        "  new {} · learning {} · review {} · relearning {} · suspended {}",
        states.new, states.learning, states.review, states.relearning, states.suspended
    );
    let _ = writeln!(
        out,
        "  due now {} · due today {} · reviews today {} · streak {} day(s)",
        stats.due_now, stats.due_today, stats.reviews_today, stats.streak_days
    );
    match stats.true_retention_30d {
        Some(retention) => {
            let _ = writeln!(
                out,
                "  true retention (30 days): {:.1}% of {} review(s)",
                retention * 100.0,
                stats.retention_reviews_30d
            );
        }
        None => {
            let _ = writeln!(out, "  true retention (30 days): no reviews of graduated cards yet");
        }
    }
    out.push_str(&parameters_line(&stats.parameters));
    out.push_str(&super::charts::forecast(&stats.forecast));
    if !stats.mastery.is_empty() {
        let _ = writeln!(out, "  mastery by tag (mean probability of recall):");
        for tag in &stats.mastery {
            let _ = writeln!(
                out,
                "    {:<20} {:>5.1}%  ({} cards)",
                terminal_line(&tag.tag),
                tag.mastery * 100.0,
                tag.cards
            );
        }
    }
    if !stats.changed.is_empty() {
        let _ = writeln!(out, "  changed since last review: {}", terminal_line(&stats.changed.join(", ")).yellow());
    }
    if !stats.orphans.is_empty() {
        let _ = writeln!(
            out,
            "  orphaned (history kept, card gone from the deck): {}",
            terminal_line(&stats.orphans.join(", "))
        );
    }
    if !stats.exams.is_empty() {
        let _ = writeln!(out, "  exams:");
        for exam in &stats.exams {
            let verdict = match (exam.abandoned, exam.passed) {
                (true, _) => "abandoned".yellow(),
                (false, true) => "passed".green(),
                (false, false) => "failed".red(),
            };
            let _ = writeln!(
                out,
                "    {}  seed {}  {}/{} ({:.0}%) {verdict}",
                exam.finished.rfc3339(),
                exam.seed,
                exam.correct,
                exam.total,
                exam.score * 100.0
            );
        }
    }
    out.push_str(&super::charts::leeches(&stats.leeches));
    out.push_str(&super::charts::history(&stats.history));
    out
}

/// The end-of-exam report: score, each question, and the breakdown by tag.
pub fn exam(result: &crate::session::exam::ExamResult) -> String {
    let mut out = String::new();
    let verdict = match (result.abandoned, result.passed) {
        (true, _) => "ABANDONED".yellow().bold(),
        (false, true) => "PASSED".green().bold(),
        (false, false) => "FAILED".red().bold(),
    };
    let _ = writeln!(
        out,
        "{} — {}/{} correct ({:.0}%), pass mark {:.0}%, seed {}",
        verdict,
        result.correct,
        result.total,
        result.score * 100.0,
        result.pass_mark * 100.0,
        result.seed
    );
    if result.abandoned {
        let _ = writeln!(
            out,
            "Ended before the last question: {} of {} question(s) answered.",
            result.answered(),
            result.results.len()
        );
    }
    if result.ungraded > 0 {
        let _ = writeln!(
            out,
            "{} question(s) need a teacher's mark (marked ?): the score counts the {} graded question(s).",
            result.ungraded, result.total
        );
    }
    for (number, question) in result.results.iter().enumerate() {
        let mark = match question.correct {
            Some(true) => "✓".green(),
            Some(false) => "✗".red(),
            None => "?".yellow(),
        };
        let _ = writeln!(
            out,
            "{mark} {:>2}. {} ({})",
            number + 1,
            with_code(&question.prompt.replace('\n', " "), false),
            terminal_line(&question.card)
        );
        if question.correct.is_none() {
            let given = question.given.as_deref().map(terminal_line).unwrap_or_default();
            let _ = writeln!(out, "       needs a teacher's mark — answer: {given}");
            let _ = writeln!(out, "       the card's answer: {}", with_code(&question.expected, false));
        }
        if question.correct == Some(false) {
            let given = question
                .given
                .as_deref()
                .map(terminal_line)
                .map(|given| given.into_owned())
                .unwrap_or_else(|| "(no answer)".to_string());
            let _ = writeln!(out, "       your answer: {given}");
            let _ = writeln!(out, "       right answer: {}", with_code(&question.expected, false));
            if let Some(explanation) = &question.explanation {
                let _ = writeln!(out, "       {}", with_code(explanation, true));
            }
        }
    }
    let by_tag = result.by_tag();
    if !by_tag.is_empty() {
        let _ = writeln!(out, "By tag:");
        for (tag, (right, total)) in by_tag {
            let _ = writeln!(out, "  {:<20} {right}/{total}", terminal_line(&tag));
        }
    }
    out
}

/// Deck text on one line with `inline code` drawn as the session draws it
/// (cyan), the rest in italics when `italic`. Each piece carries its own
/// style and ends with a reset, so no style runs into the next piece or line.
/// Without colour (a file, a pipe, `NO_COLOR`) the text is as written,
/// backticks and all, so the code is still marked.
fn with_code(text: &str, italic: bool) -> String {
    let text = terminal_line(text);
    if !colored::control::SHOULD_COLORIZE.should_colorize() {
        return text.into_owned();
    }
    let pieces: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (index, piece) in pieces.iter().enumerate() {
        // A backtick nothing closes stays a backtick.
        let code = index % 2 == 1 && index + 1 < pieces.len();
        if index % 2 == 1 && !code {
            out.push('`');
        }
        match (code, italic) {
            _ if piece.is_empty() => {}
            (true, _) => out.push_str(&piece.cyan().to_string()),
            (false, true) => out.push_str(&piece.italic().to_string()),
            (false, false) => out.push_str(piece),
        }
    }
    out
}
