//! `quiz check --format github`: GitHub Actions workflow commands, so each
//! problem is an annotation on its line of the pull request, and a Markdown
//! summary for the job's page (`$GITHUB_STEP_SUMMARY`).
//!
//! GitHub shows at most 10 annotations of each type per step: errors come
//! first, and past ten of a type one more annotation says how many the log
//! holds. Every line of the report is also printed plainly for the log.

use std::fmt::Write;

use super::DeckCheck;
use crate::deck::coverage::{percent, Coverage};
use crate::deck::{Diagnostic, Severity, BUNDLED_PREFIX};
use crate::hash::stable_hash;
use crate::text::sanitize::{markdown_inline, terminal_line};

/// How many annotations of one type GitHub shows for a step.
const SHOWN_PER_TYPE: usize = 10;

/// The workflow commands (and plain log lines) for `checks`.
pub fn check(checks: &[DeckCheck], strict: bool) -> String {
    let mut out = String::new();
    // A warning fails the check under --strict, so it is annotated as an error.
    let level = |diagnostic: &Diagnostic| match (diagnostic.severity, strict) {
        (Severity::Error, _) | (Severity::Warning, true) => "error",
        (Severity::Warning, false) => "warning",
    };
    let all: Vec<&Diagnostic> = checks.iter().flat_map(|check| &check.diagnostics).collect();
    for wanted in ["error", "warning"] {
        let of_type: Vec<&&Diagnostic> = all.iter().filter(|diagnostic| level(diagnostic) == wanted).collect();
        for diagnostic in of_type.iter().take(SHOWN_PER_TYPE) {
            out.push_str(&annotation(wanted, diagnostic));
        }
        if of_type.len() > SHOWN_PER_TYPE {
            let more = of_type.len() - SHOWN_PER_TYPE;
            let _ = writeln!(
                out,
                "::{wanted} title=quiz check::{}",
                data(&format!(
                    "{more} more {wanted}(s) not annotated (GitHub shows {SHOWN_PER_TYPE}); see the log below"
                ))
            );
        }
    }
    let mut log = String::new();
    for check in checks {
        for diagnostic in &check.diagnostics {
            // Each part is sanitised on its own line: no deck text adds a line.
            let _ = writeln!(log, "{}", super::text::plain_diagnostic(diagnostic));
        }
        let verdict = if check.passed(strict) { "ok" } else { "FAILED" };
        let _ = writeln!(
            log,
            "{}: {verdict} — {} card(s), {} error(s), {} warning(s)",
            terminal_line(&check.file),
            check.cards,
            check.errors(),
            check.warnings()
        );
        if let Some(coverage) = &check.coverage {
            log.push_str(&super::text::coverage(coverage));
        }
    }
    // The log quotes decks and notes: GitHub reads none of its lines as a
    // command. The token hashes the log, so the log cannot contain it.
    let token = format!("quiz-log-{:016x}", stable_hash(&[&log]));
    let _ = writeln!(out, "::stop-commands::{token}");
    out.push_str(&log);
    let _ = writeln!(out, "::{token}::");
    out
}

/// One workflow command for `diagnostic`.
fn annotation(level: &str, diagnostic: &Diagnostic) -> String {
    let mut properties = Vec::new();
    // A bundled deck has no file in the repository to point at.
    if !diagnostic.file.starts_with(BUNDLED_PREFIX) {
        properties.push(format!("file={}", property(&diagnostic.file)));
        properties.push(format!("line={}", diagnostic.line));
        properties.push(format!("col={}", diagnostic.column));
    }
    let title = match &diagnostic.card {
        Some(card) => format!("{} (card {card})", diagnostic.code),
        None => diagnostic.code.to_string(),
    };
    properties.push(format!("title={}", property(&title)));
    let mut message = diagnostic.message.clone();
    if let Some(note) = &diagnostic.note {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{level} {}::{}\n", properties.join(","), data(&message))
}

/// A command's message, escaped as GitHub's runner reads it.
pub fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value: also `:` and `,` escaped.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown summary for the job's page: a line per deck, then the first
/// problems.
pub fn summary(checks: &[DeckCheck], strict: bool) -> String {
    let mut out =
        String::from("## quiz check\n\n| deck | result | cards | errors | warnings |\n|---|---|---:|---:|---:|\n");
    for check in checks {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            markdown_inline(check.deck.as_deref().unwrap_or(&check.file)),
            if check.passed(strict) { "✅ ok" } else { "❌ failed" },
            check.cards,
            check.errors(),
            check.warnings()
        );
    }
    let covered: Vec<(&DeckCheck, &Coverage)> =
        checks.iter().filter_map(|check| Some((check, check.coverage.as_ref()?))).collect();
    if !covered.is_empty() {
        out.push_str("\n### Coverage of the notes\n\n| deck | sections | paragraphs |\n|---|---:|---:|\n");
        for (check, coverage) in covered {
            let _ = writeln!(
                out,
                "| {} | {} of {} ({}) | {} of {} ({}) |",
                markdown_inline(check.deck.as_deref().unwrap_or(&check.file)),
                coverage.sections_covered,
                coverage.sections_total,
                percent(coverage.section_ratio),
                coverage.paragraphs_covered,
                coverage.paragraphs_total,
                percent(coverage.paragraph_ratio),
            );
        }
    }
    let problems: Vec<&Diagnostic> = checks.iter().flat_map(|check| &check.diagnostics).collect();
    if !problems.is_empty() {
        out.push_str("\n### Problems\n\n");
        for diagnostic in problems.iter().take(50) {
            let _ = writeln!(
                out,
                "- `{}:{}:{}` {}: {}",
                diagnostic.file.replace('`', "'"),
                diagnostic.line,
                diagnostic.column,
                diagnostic.code,
                markdown_inline(&diagnostic.message)
            );
        }
        if problems.len() > 50 {
            let _ = writeln!(out, "- … and {} more in the job log", problems.len() - 50);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(severity: Severity, line: usize, message: &str) -> Diagnostic {
        Diagnostic {
            severity,
            code: "unknown-field",
            file: "decks/my,deck.toml".to_string(),
            line,
            column: 3,
            card: Some("a".to_string()),
            message: message.to_string(),
            help: Some("did you mean `prompt`?".to_string()),
            note: None,
        }
    }

    fn deck(diagnostics: Vec<Diagnostic>) -> DeckCheck {
        DeckCheck {
            file: "decks/my,deck.toml".to_string(),
            deck: Some("mine".to_string()),
            cards: 3,
            diagnostics,
            coverage: None,
        }
    }

    #[test]
    fn errors_come_first_escaped_and_past_ten_are_counted() {
        let mut diagnostics = vec![diagnostic(Severity::Warning, 1, "a warning")];
        diagnostics.extend((2..14).map(|line| diagnostic(Severity::Error, line, "100% wrong\nreally")));
        let out = check(&[deck(diagnostics)], false);
        let lines: Vec<&str> = out.lines().collect();
        let commands: Vec<&str> = lines.iter().copied().take_while(|line| !line.starts_with("::stop-")).collect();
        assert_eq!(commands.len(), 10 + 1 + 1, "{out}");
        // The plain log follows with commands stopped, and only its end resumes them.
        let token = lines[12].strip_prefix("::stop-commands::").unwrap();
        assert!(token.starts_with("quiz-log-"), "{out}");
        assert_eq!(lines.last().copied(), Some(format!("::{token}::").as_str()));
        assert!(lines[13..lines.len() - 1].iter().all(|line| !line.starts_with("::")), "{out}");
        assert!(out.contains("100% wrong\\nreally"), "a deck's newline stays on its line in the log: {out}");
        assert!(
            commands[0].starts_with("::error file=decks/my%2Cdeck.toml,line=2,col=3,title=unknown-field (card a)::")
        );
        assert!(commands[0].ends_with("::100%25 wrong%0Areally%0Ahelp: did you mean `prompt`?"), "{}", commands[0]);
        assert!(commands[10].contains("2 more error(s) not annotated"), "{}", commands[10]);
        assert!(commands[11].starts_with("::warning file="), "warnings after errors: {}", commands[11]);
        assert!(out.contains("decks/my,deck.toml: FAILED — 3 card(s), 12 error(s), 1 warning(s)"));
    }

    #[test]
    fn strict_makes_warnings_errors_and_the_summary_is_a_table() {
        let out = check(&[deck(vec![diagnostic(Severity::Warning, 4, "w")])], true);
        assert!(out.starts_with("::error "), "{out}");
        let summary = summary(&[deck(vec![diagnostic(Severity::Warning, 4, "w")])], true);
        assert!(summary.contains("| mine | ❌ failed | 3 | 0 | 1 |"), "{summary}");
        assert!(summary.contains("- `decks/my,deck.toml:4:3` unknown-field: w"), "{summary}");
    }
}
