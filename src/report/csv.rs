//! CSV output.

use crate::session::exam::ExamResult;

/// Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas.
pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `quiz exam --format csv`: one row per question.
pub fn exam(result: &ExamResult) -> String {
    let mut out = String::from("number,card,correct,expected,given,tags\n");
    for (number, question) in result.results.iter().enumerate() {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            number + 1,
            field(&question.card),
            question.correct,
            field(&question.expected),
            field(question.given.as_deref().unwrap_or("")),
            field(&question.tags.join(" "))
        ));
    }
    out
}

/// The class report: one row per student (the sheet's file name), a column per
/// question (1 right, 0 wrong), then the score.
pub fn class(students: &[(String, ExamResult)]) -> String {
    let mut cards: Vec<String> = Vec::new();
    for (_, result) in students {
        for question in &result.results {
            if !cards.contains(&question.card) {
                cards.push(question.card.clone());
            }
        }
    }
    let mut out = String::from("student");
    for card in &cards {
        out.push(',');
        out.push_str(&field(card));
    }
    out.push_str(",correct,total,score,passed\n");
    for (student, result) in students {
        out.push_str(&field(student));
        for card in &cards {
            let mark = match result.results.iter().find(|question| question.card == *card) {
                Some(question) if question.correct => "1",
                Some(_) => "0",
                None => "",
            };
            out.push(',');
            out.push_str(mark);
        }
        out.push_str(&format!(",{},{},{:.4},{}\n", result.correct, result.total, result.score, result.passed));
    }
    out
}

/// The questions the fewest students got right: (card, right, answered), at most `count`.
pub fn hardest(students: &[(String, ExamResult)], count: usize) -> Vec<(String, usize, usize)> {
    let mut tally: Vec<(String, usize, usize)> = Vec::new();
    for (_, result) in students {
        for question in &result.results {
            match tally.iter_mut().find(|(card, _, _)| *card == question.card) {
                Some(entry) => {
                    entry.1 += usize::from(question.correct);
                    entry.2 += 1;
                }
                None => tally.push((question.card.clone(), usize::from(question.correct), 1)),
            }
        }
    }
    tally.sort_by(|left, right| {
        let left_share = left.1 as f64 / left.2.max(1) as f64;
        let right_share = right.1 as f64 / right.2.max(1) as f64;
        left_share.total_cmp(&right_share).then(left.0.cmp(&right.0))
    });
    tally.into_iter().filter(|(_, right, total)| right < total).take(count).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK()"), "'=HYPERLINK()");
        assert_eq!(field("-3"), "-3");
    }
}
