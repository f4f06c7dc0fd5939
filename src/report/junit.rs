//! JUnit XML reports, so CI systems show failures natively.

use std::fmt::Write;

use super::DeckCheck;
use crate::deck::Severity;

/// Escapes text for XML attributes and bodies, dropping characters XML 1.0 forbids.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            control if (control as u32) < 0x20 || control == '\u{FFFE}' || control == '\u{FFFF}' => {
                let _ = write!(escaped, "\\u{{{:x}}}", control as u32);
            }
            other => escaped.push(other),
        }
    }
    escaped
}

/// `quiz check --format junit`: one test suite per deck, one test case per card
/// with problems plus one for the deck itself; warnings fail only with `--strict`.
pub fn check(checks: &[DeckCheck], strict: bool) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"quiz check\">\n");
    for check in checks {
        let mut cases: Vec<(String, Vec<&crate::deck::Diagnostic>)> = vec![("deck".to_string(), Vec::new())];
        for diagnostic in &check.diagnostics {
            let name = diagnostic.card.clone().unwrap_or_else(|| "deck".to_string());
            match cases.iter_mut().find(|(case, _)| *case == name) {
                Some((_, list)) => list.push(diagnostic),
                None => cases.push((name, vec![diagnostic])),
            }
        }
        let failing = |list: &[&crate::deck::Diagnostic]| {
            list.iter().any(|diagnostic| diagnostic.severity == Severity::Error || strict)
        };
        let failures = cases.iter().filter(|(_, list)| failing(list)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
            escape(&check.file),
            cases.len()
        );
        for (name, list) in &cases {
            let _ = write!(out, "    <testcase classname=\"{}\" name=\"{}\"", escape(&check.file), escape(name));
            if list.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let body: Vec<String> = list.iter().map(|diagnostic| super::text::diagnostic(diagnostic)).collect();
            let tag = if failing(list) { "failure" } else { "system-out" };
            let first = &list[0].message;
            if tag == "failure" {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\">{}</failure>",
                    escape(first),
                    escape(&body.join("\n"))
                );
            } else {
                let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&body.join("\n")));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// `quiz exam --format junit`: one test case per question, failing when answered wrong.
pub fn exam(result: &crate::session::exam::ExamResult) -> String {
    let failures = result.total - result.correct;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"quiz exam\" tests=\"{}\" failures=\"{failures}\">\n  <testsuite name=\"{} (seed {})\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        result.total,
        escape(&result.deck),
        result.seed,
        result.total
    );
    for (number, question) in result.results.iter().enumerate() {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{:02} {}\"",
            escape(&result.deck),
            number + 1,
            escape(&question.card)
        );
        if question.correct {
            out.push_str("/>\n");
        } else {
            let given = question.given.as_deref().unwrap_or("(no answer)");
            let _ = writeln!(
                out,
                ">\n      <failure message=\"expected {}, got {}\">{}</failure>\n    </testcase>",
                escape(&question.expected),
                escape(given),
                escape(&question.prompt)
            );
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
