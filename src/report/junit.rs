//! JUnit XML reports, so CI systems show failures natively.

use std::fmt::Write;

use super::DeckCheck;
use crate::deck::Severity;
use crate::text::sanitize::{xml_attribute as attribute, xml_text as body};

/// `quiz check --format junit`: one test suite per deck, one test case per card
/// with problems plus one for the deck itself; warnings fail only with `--strict`.
pub fn check(checks: &[DeckCheck], strict: bool) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"quiz check\">\n");
    for check in checks {
        // One case for the deck, then one per card with problems, in file order.
        let mut cases: Vec<(&str, Vec<&crate::deck::Diagnostic>)> = vec![("deck", Vec::new())];
        let mut case_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::from([("deck", 0)]);
        for diagnostic in &check.diagnostics {
            let name = diagnostic.card.as_deref().unwrap_or("deck");
            let case = *case_of.entry(name).or_insert_with(|| {
                cases.push((name, Vec::new()));
                cases.len() - 1
            });
            cases[case].1.push(diagnostic);
        }
        let failing = |list: &[&crate::deck::Diagnostic]| {
            list.iter().any(|diagnostic| diagnostic.severity == Severity::Error || strict)
        };
        // The deck's own case fails whenever the deck fails, even when every
        // problem belongs to a card: a CI dashboard shows the deck as failed.
        let deck_fails = !check.passed(strict);
        let case_fails = |index: usize, list: &[&crate::deck::Diagnostic]| failing(list) || (index == 0 && deck_fails);
        let failures = cases.iter().enumerate().filter(|(index, (_, list))| case_fails(*index, list)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
            attribute(&check.file),
            cases.len()
        );
        for (index, (name, list)) in cases.iter().enumerate() {
            let _ = write!(out, "    <testcase classname=\"{}\" name=\"{}\"", attribute(&check.file), attribute(name));
            if list.is_empty() && case_fails(index, list) {
                let summary =
                    format!("the deck fails its check: {} error(s), {} warning(s)", check.errors(), check.warnings());
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                    attribute(&summary),
                    body(&summary)
                );
                continue;
            }
            if list.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let lines: Vec<String> = list.iter().map(|diagnostic| super::text::plain_diagnostic(diagnostic)).collect();
            let tag = if case_fails(index, list) { "failure" } else { "system-out" };
            let first = &list[0].message;
            if tag == "failure" {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\">{}</failure>",
                    attribute(first),
                    body(&lines.join("\n"))
                );
            } else {
                let _ = writeln!(out, "      <system-out>{}</system-out>", body(&lines.join("\n")));
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
    let (tests, skipped) = (result.results.len(), result.ungraded);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"quiz exam\" tests=\"{tests}\" failures=\"{failures}\" skipped=\"{skipped}\">\n  <testsuite name=\"{} (seed {})\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        attribute(&result.deck),
        result.seed,
    );
    for (number, question) in result.results.iter().enumerate() {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{:02} {}\"",
            attribute(&result.deck),
            number + 1,
            attribute(&question.card)
        );
        let given = question.given.as_deref().unwrap_or("(no answer)");
        match question.correct {
            Some(true) => out.push_str("/>\n"),
            Some(false) => {
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"expected {}, got {}\">{}</failure>\n    </testcase>",
                    attribute(&question.expected),
                    attribute(given),
                    body(&question.prompt)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"needs a teacher's mark: {}\"/>\n    </testcase>",
                    attribute(given)
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
