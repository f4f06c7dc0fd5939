//! The pages students see, rendered on the server with maud (which escapes
//! every interpolated string): plain forms that work without JavaScript, one
//! embedded stylesheet, labels on every input, and a `<meta refresh>` that
//! moves a page on when its clock runs out. Right answers appear only on the
//! results page, after the student has handed in.

use maud::{html, Markup, DOCTYPE};

use super::room::{Exam, Layout, Refusal, Student};
use crate::deck::{Answer, Card};
use crate::session::exam::{ExamQuestion, ExamResult, SheetAnswer};
use crate::text::letter;

/// The stylesheet, embedded: nothing is fetched from anywhere else.
pub const STYLE: &str = "
:root { color-scheme: light dark; --accent: #1d4ed8; }
body { font: 18px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; } .muted { opacity: .8; } .error { color: #b91c1c; font-weight: 600; }
fieldset { border: 1px solid #8888; border-radius: .5rem; margin: 1rem 0; padding: .75rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; white-space: pre-wrap; }
label { display: block; margin: .35rem 0; } input[type=text], textarea, select { font: inherit; width: 100%; box-sizing: border-box; padding: .4rem; }
button { font: inherit; padding: .5rem 1.25rem; border-radius: .4rem; border: 0; background: var(--accent); color: #fff; }
button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f59e0b; }
.right { color: #15803d; } .wrong { color: #b91c1c; }
";

/// The words on the pages, in the deck's language.
#[derive(Clone, Copy, Debug)]
pub struct Words {
    korean: bool,
}

impl Words {
    /// English, or Korean for `ko`.
    pub fn for_language(language: &str) -> Words {
        Words { korean: language.eq_ignore_ascii_case("ko") }
    }

    /// The English or the Korean text.
    pub fn pick(self, english: &'static str, korean: &'static str) -> &'static str {
        if self.korean {
            korean
        } else {
            english
        }
    }
}

/// The page around `body`.
pub fn page(words: Words, title: &str, refresh: Option<i64>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(words.pick("en", "ko")) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(seconds) = refresh { meta http-equiv="refresh" content=(seconds.max(1)); }
                title { (title) }
                link rel="stylesheet" href="/style.css";
            }
            body { main { (body) } }
        }
    }
}

/// The join form.
pub fn join(exam: &Exam, csrf: &str, problem: Option<&Refusal>) -> Markup {
    let words = Words::for_language(&exam.language);
    page(
        words,
        &exam.deck.title,
        None,
        html! {
            h1 { (exam.deck.title) }
            p.muted { (exam.questions.len()) " " (words.pick("questions", "문항")) }
            @if let Some(problem) = problem { p.error role="alert" { (refusal(words, problem)) } }
            form method="post" action="/join" {
                input type="hidden" name="csrf" value=(csrf);
                label for="name" { (words.pick("Your name", "이름")) }
                input #name type="text" name="name" required maxlength="60" autocomplete="name" autofocus;
                p { button type="submit" { (words.pick("Start", "시작")) } }
            }
        },
    )
}

/// The lobby: the student has joined and waits for the teacher to start
/// (the page looks again every few seconds).
pub fn lobby(exam: &Exam, student: &Student) -> Markup {
    let words = Words::for_language(&exam.language);
    page(
        words,
        &exam.deck.title,
        Some(3),
        html! {
            h1 { (exam.deck.title) }
            p { (student.name) }
            p role="status" { (words.pick("Waiting for the teacher to start the exam…", "선생님이 시험을 시작하기를 기다리는 중…")) }
        },
    )
}

/// The exam: one question (`position`), or all of them.
pub fn questions(
    exam: &Exam,
    student: &Student,
    positions: &[usize],
    seconds_left: Option<i64>,
    problem: Option<&Refusal>,
) -> Markup {
    let words = Words::for_language(&exam.language);
    let action = match exam.layout {
        Layout::One => format!("/answer/{}", positions.first().copied().unwrap_or(0)),
        Layout::All => "/answer/all".to_string(),
    };
    page(
        words,
        &exam.deck.title,
        seconds_left,
        html! {
            h1 { (exam.deck.title) }
            p.muted {
                (student.name)
                @if let [position] = positions { " · " (position + 1) " / " (exam.questions.len()) }
                @if let Some(seconds) = seconds_left { " · " (words.pick("time left", "남은 시간")) ": " span #clock { (clock(seconds)) } }
            }
            @if let Some(problem) = problem { p.error role="alert" { (refusal(words, problem)) } }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(student.csrf);
                @for position in positions {
                    @if let Some(question) = exam.questions.get(*position) {
                        (question_fields(exam, question, *position, student.answers.get(&question.id)))
                    }
                }
                p { button type="submit" { (words.pick("Submit", "제출")) } }
            }
            form method="post" action="/finish" {
                input type="hidden" name="csrf" value=(student.csrf);
                p { button type="submit" { (words.pick("Hand in", "답안 제출 완료")) } }
            }
        },
    )
}

/// One question's inputs, named `q{position}` (several values for multi, order and cloze).
fn question_fields(exam: &Exam, question: &ExamQuestion, position: usize, given: Option<&SheetAnswer>) -> Markup {
    let words = Words::for_language(&exam.language);
    let Some(card) = exam.deck.cards.get(question.card) else { return html! {} };
    let text = card.text_in(&exam.language);
    let name = format!("q{position}");
    let given_one = match given {
        Some(SheetAnswer::One(text)) => text.clone(),
        Some(SheetAnswer::Many(texts)) => texts.join(", "),
        None => String::new(),
    };
    let given_many: Vec<String> = match given {
        Some(SheetAnswer::Many(texts)) => texts.clone(),
        Some(SheetAnswer::One(text)) => vec![text.clone()],
        None => Vec::new(),
    };
    let options = shown_options(card, &exam.language, &question.shown);
    html! {
        fieldset {
            legend { (position + 1) ". " (text.prompt) }
            @match &text.answer {
                Answer::Choice { .. } | Answer::TrueFalse { .. } => {
                    @let choices = if let Answer::TrueFalse { .. } = &text.answer { vec![("true".to_string(), "True".to_string()), ("false".to_string(), "False".to_string())] } else { options.clone() };
                    @for (value, label) in &choices {
                        label { input type="radio" name=(name) value=(value) checked[given_one == *value]; " " (label) }
                    }
                }
                Answer::Multi { .. } => {
                    @for (value, label) in &options {
                        label { input type="checkbox" name=(name) value=(value) checked[given_many.contains(value)]; " " (label) }
                    }
                }
                Answer::Order { .. } => {
                    p.muted { (words.pick("Put them in order:", "순서대로 고르세요:")) }
                    @for slot in 0..options.len() {
                        label {
                            (slot + 1) ". "
                            select name=(name) aria-label=(format!("{} {}", words.pick("position", "순서"), slot + 1)) {
                                option value="" { "—" }
                                @for (value, label) in &options {
                                    option value=(value) selected[given_many.get(slot) == Some(value)] { (label) }
                                }
                            }
                        }
                    }
                }
                Answer::Cloze { gaps, .. } => {
                    @for gap in 0..gaps.len() {
                        label { (format!("[{}]", gap + 1)) " " input type="text" name=(name) value=(given_many.get(gap).map_or("", String::as_str)) autocomplete="off"; }
                    }
                }
                Answer::Flashcard { .. } => {
                    label { span.muted { (words.pick("Your answer", "답")) } textarea name=(name) rows="3" { (given_one) } }
                }
                Answer::Short { .. } | Answer::Numeric { .. } => {
                    label { span.muted { (words.pick("Your answer", "답")) } input type="text" name=(name) value=(given_one) autocomplete="off"; }
                }
            }
        }
    }
}

/// The card's choices or items in the exam's order, each with the letter
/// that answers it (`a`, `b`, …): the sheet stores letters.
fn shown_options(card: &Card, language: &str, shown: &[usize]) -> Vec<(String, String)> {
    let options = card.text_in(language).answer.options();
    let order: Vec<usize> = if shown.is_empty() { (0..options.len()).collect() } else { shown.to_vec() };
    order
        .iter()
        .enumerate()
        .filter_map(|(position, index)| options.get(*index).map(|option| (letter(position), option.clone())))
        .collect()
}

/// The results page: shown once the student is done.
pub fn results(exam: &Exam, student: &Student, result: &ExamResult) -> Markup {
    let words = Words::for_language(&exam.language);
    page(
        words,
        &exam.deck.title,
        None,
        html! {
            h1 { (words.pick("Results", "결과")) }
            p { (student.name) ": " strong { (result.correct) " / " (result.total) } " (" (format!("{:.0}%", result.score * 100.0)) ") "
                @if result.passed { span.right { (words.pick("passed", "합격")) } } @else { span.wrong { (words.pick("not passed", "불합격")) } } }
            ol {
                @for question in &result.results {
                    li {
                        p { (question.prompt) }
                        p {
                            @match question.correct {
                                Some(true) => span.right { "✓ " },
                                Some(false) => span.wrong { "✗ " },
                                None => span.muted { "? " },
                            }
                            (question.given.as_deref().unwrap_or("—"))
                        }
                        @if question.correct != Some(true) { p.muted { (words.pick("Answer", "정답")) ": " (question.expected) } }
                    }
                }
            }
        },
    )
}

/// A page that only says something (an unknown session, a refused request).
pub fn message(language: &str, title: &str, text: &str) -> Markup {
    let words = Words::for_language(language);
    page(
        words,
        title,
        None,
        html! { h1 { (title) } p { (text) } p { a href="/" { (words.pick("Back", "처음으로")) } } },
    )
}

/// What a refusal says to the student.
fn refusal(words: Words, refusal: &Refusal) -> String {
    match refusal {
        Refusal::BadName(why) => format!("{} ({why})", words.pick("Give another name", "다른 이름을 입력하세요")),
        Refusal::NameTaken => words.pick("That name is taken: add an initial", "이미 있는 이름입니다").to_string(),
        Refusal::Full => words.pick("The room is full", "자리가 다 찼습니다").to_string(),
        Refusal::Ended => words.pick("The exam has ended", "시험이 끝났습니다").to_string(),
        Refusal::TimeUp => {
            words.pick("Time was up: that answer was not taken", "시간이 지나 답이 저장되지 않았습니다").to_string()
        }
        Refusal::Finished => words.pick("You have handed in", "이미 제출했습니다").to_string(),
        Refusal::NoQuestion => words.pick("No such question", "없는 문항입니다").to_string(),
        Refusal::TooLong => words.pick("That answer is too long", "답이 너무 깁니다").to_string(),
        Refusal::NotSaved => words
            .pick(
                "Your answer could not be saved: tell the teacher, then submit it again",
                "답을 저장하지 못했습니다. 선생님께 알리고 다시 제출하세요",
            )
            .to_string(),
    }
}

/// `m:ss`.
fn clock(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
