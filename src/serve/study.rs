//! `quiz serve --deck D`: the study session in a browser. The session itself
//! is the one `quiz study` runs (same queue, scheduler, grading, store and
//! undo): it runs on the command's thread and talks to the pages through
//! [`WebPrompter`], which hands each question to the web side and waits for
//! the answer the browser posts. The page is personal: it opens only with the
//! key in the URL `quiz` prints (then a cookie).

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};

use super::pages::{self, Words};
use crate::grade::Verdict;
use crate::schedule::Rating;
use crate::session::{
    Feedback, Form as AnswerForm, Given, Notice, Prompter, Question, RatingAction, RatingPrompt, Reply,
};

/// The study page's cookie.
pub const COOKIE: &str = "quiz_study";

/// How long a posted answer waits for the session's next screen.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// What the page shows.
#[derive(Clone, Debug)]
pub enum Screen {
    /// Waiting for the session's first question.
    Starting,
    /// A question to answer, with what happened before it.
    Question { question: Question, notices: Vec<Notice> },
    /// How the answer was graded, and the rating step.
    Rate { question: Option<Question>, feedback: Option<Feedback>, prompt: RatingPrompt, notices: Vec<Notice> },
    /// The session is over.
    Done { summary: String },
}

/// What the browser sent.
#[derive(Clone, Debug)]
pub enum Input {
    /// An answer to the question shown.
    Answer(Given),
    /// A choice at the rating step.
    Rate(RatingAction),
}

/// The session's side: each question goes to the page, each answer comes back.
pub struct WebPrompter {
    screens: Sender<Screen>,
    inputs: Receiver<Input>,
    notices: Vec<Notice>,
    question: Option<Question>,
    feedback: Option<Feedback>,
}

impl WebPrompter {
    /// A prompter talking through these channels.
    pub fn new(screens: Sender<Screen>, inputs: Receiver<Input>) -> WebPrompter {
        WebPrompter { screens, inputs, notices: Vec::new(), question: None, feedback: None }
    }

    /// Shows the end of the session.
    pub fn done(&self, summary: String) {
        let _ = self.screens.send(Screen::Done { summary });
    }
}

impl Prompter for WebPrompter {
    fn ask(&mut self, question: &Question) -> Reply<Given> {
        self.question = Some(question.clone());
        self.feedback = None;
        let notices = std::mem::take(&mut self.notices);
        if self.screens.send(Screen::Question { question: question.clone(), notices }).is_err() {
            return Reply::Quit;
        }
        loop {
            match self.inputs.recv() {
                Ok(Input::Answer(given)) => return Reply::Answer(given),
                // A rating posted from a stale page is not an answer.
                Ok(Input::Rate(RatingAction::Quit)) | Err(_) => return Reply::Quit,
                Ok(Input::Rate(_)) => {}
            }
        }
    }

    fn feedback(&mut self, feedback: &Feedback) {
        self.feedback = Some(feedback.clone());
    }

    fn rate(&mut self, prompt: &RatingPrompt) -> RatingAction {
        let notices = std::mem::take(&mut self.notices);
        let screen = Screen::Rate {
            question: self.question.clone(),
            feedback: self.feedback.clone(),
            prompt: prompt.clone(),
            notices,
        };
        if self.screens.send(screen).is_err() {
            return RatingAction::Quit;
        }
        loop {
            match self.inputs.recv() {
                Ok(Input::Rate(action)) => return action,
                Ok(Input::Answer(_)) => {}
                Err(_) => return RatingAction::Quit,
            }
        }
    }

    fn self_grade(&mut self, default: Rating) -> Reply<Rating> {
        Reply::Answer(default)
    }

    fn notice(&mut self, notice: &Notice) {
        self.notices.push(notice.clone());
    }
}

/// The web side of the study page.
pub struct Page {
    /// The key the printed URL carries (and the cookie then).
    pub key: String,
    /// The deck's title and language, for the pages.
    pub title: String,
    /// The language of the pages.
    pub language: String,
    current: Mutex<Screen>,
    inputs: Mutex<Sender<Input>>,
    screens: Mutex<Receiver<Screen>>,
}

impl Page {
    /// The page for a session talking through these channels.
    pub fn new(key: String, title: String, language: String, inputs: Sender<Input>, screens: Receiver<Screen>) -> Page {
        Page {
            key,
            title,
            language,
            current: Mutex::new(Screen::Starting),
            inputs: Mutex::new(inputs),
            screens: Mutex::new(screens),
        }
    }

    fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
        mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The newest screen the session sent (waiting up to `wait` for one).
    fn screen(&self, wait: Duration) -> Screen {
        let screens = Page::lock(&self.screens);
        let mut current = Page::lock(&self.current);
        let mut first = true;
        loop {
            let next = if first { screens.recv_timeout(wait).ok() } else { screens.try_recv().ok() };
            first = false;
            match next {
                Some(screen) => *current = screen,
                None => return current.clone(),
            }
        }
    }
}

/// The study page's routes.
pub fn router(page: Arc<Page>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE) }))
        .route("/answer", post(answer))
        .route("/rate", post(rate))
        .layer(axum::middleware::map_response(super::routes::security_headers))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(super::routes::BODY_LIMIT))
        .with_state(page)
}

#[derive(serde::Deserialize)]
struct Key {
    key: Option<String>,
}

fn allowed(page: &Page, headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .any(|pair| pair.trim().strip_prefix(COOKIE).and_then(|rest| rest.strip_prefix('=')) == Some(page.key.as_str()))
}

fn html(status: StatusCode, markup: Markup) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], markup.into_string()).into_response()
}

fn locked_out(page: &Page) -> Response {
    html(
        StatusCode::FORBIDDEN,
        pages::message(&page.language, "403", "Open the address quiz printed (it carries this page's key)."),
    )
}

async fn home(State(page): State<Arc<Page>>, headers: HeaderMap, Query(key): Query<Key>) -> Response {
    if key.key.as_deref() == Some(page.key.as_str()) {
        let mut response = Redirect::to("/").into_response();
        let cookie = format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", page.key);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    if !allowed(&page, &headers) {
        return locked_out(&page);
    }
    let screen = page.screen(Duration::from_millis(200));
    html(StatusCode::OK, render(&page, &screen))
}

fn field<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// Sends `input` to the session and waits for its next screen.
fn step(page: &Page, input: Input) -> Response {
    let sent = Page::lock(&page.inputs).send(input).is_ok();
    if sent {
        page.screen(STEP_TIMEOUT);
    }
    Redirect::to("/").into_response()
}

async fn answer(
    State(page): State<Arc<Page>>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !allowed(&page, &headers) {
        return locked_out(&page);
    }
    let current = Page::lock(&page.current).clone();
    let Screen::Question { question, .. } = current else { return Redirect::to("/").into_response() };
    let values: Vec<&str> = form.iter().filter(|(key, _)| key == "a").map(|(_, value)| value.as_str()).collect();
    let index = |value: &str| value.parse::<usize>().ok();
    let given = match &question.form {
        AnswerForm::Flashcard { .. } => Given::Revealed,
        AnswerForm::Choice { .. } | AnswerForm::TrueFalse => match values.first().and_then(|value| index(value)) {
            Some(choice) => Given::Index(choice),
            None => Given::Nothing,
        },
        AnswerForm::Multi { .. } | AnswerForm::Order { .. } => {
            Given::Indexes(values.iter().filter_map(|value| index(value)).collect())
        }
        AnswerForm::Text => Given::Text(values.first().copied().unwrap_or_default().to_string()),
        AnswerForm::Cloze { .. } => Given::Texts(values.iter().map(|value| value.to_string()).collect()),
    };
    step(&page, Input::Answer(given))
}

async fn rate(State(page): State<Arc<Page>>, headers: HeaderMap, Form(form): Form<Vec<(String, String)>>) -> Response {
    if !allowed(&page, &headers) {
        return locked_out(&page);
    }
    let action = match field(&form, "do").unwrap_or_default() {
        "again" => RatingAction::Rate(Rating::Again),
        "hard" => RatingAction::Rate(Rating::Hard),
        "good" => RatingAction::Rate(Rating::Good),
        "easy" => RatingAction::Rate(Rating::Easy),
        "undo" => RatingAction::Undo,
        "suspend" => RatingAction::Suspend,
        "bury" => RatingAction::Bury,
        "quit" => RatingAction::Quit,
        _ => return Redirect::to("/").into_response(),
    };
    step(&page, Input::Rate(action))
}

/// The page for `screen`.
fn render(page: &Page, screen: &Screen) -> Markup {
    let words = Words::for_language(&page.language);
    match screen {
        Screen::Starting => pages::page(words, &page.title, Some(1), html! { p { "…" } }),
        Screen::Done { summary } => pages::page(
            words,
            &page.title,
            None,
            html! {
                h1 { (page.title) }
                pre { (summary) }
            },
        ),
        Screen::Question { question, notices } => pages::page(
            words,
            &page.title,
            None,
            html! {
                (notice_lines(words, notices))
                (header_line(words, question))
                form method="post" action="/answer" {
                    fieldset {
                        legend { (question.prompt) }
                        (answer_inputs(words, question))
                    }
                    p { button type="submit" autofocus[matches!(question.form, AnswerForm::Flashcard { .. })] {
                        @if let AnswerForm::Flashcard { .. } = question.form { (words.pick("Show the answer", "정답 보기")) } @else { (words.pick("Answer", "답하기")) }
                    } }
                }
            },
        ),
        Screen::Rate { question, feedback, prompt, notices } => pages::page(
            words,
            &page.title,
            None,
            html! {
                (notice_lines(words, notices))
                @if let Some(question) = question { (header_line(words, question)) p { (question.prompt) } }
                @if let Some(feedback) = feedback {
                    @if !feedback.self_graded {
                        p role="status" {
                            @match feedback.verdict {
                                Verdict::Correct => span.right { "✓ " (words.pick("Right", "정답")) },
                                Verdict::Typo => span.right { "✓ " (words.pick("Right (mind the spelling)", "정답 (철자 주의)")) },
                                Verdict::Incorrect => span.wrong { "✗ " (words.pick("Not quite", "오답")) },
                            }
                        }
                        @if !feedback.given.is_empty() { p.muted { (words.pick("You", "내 답")) ": " (feedback.given) } }
                    }
                    p { strong { (feedback.expected) } }
                    @if let Some(explanation) = &feedback.explanation { p.muted { (explanation) } }
                }
                form method="post" action="/rate" {
                    p {
                        @for (rating, interval) in Rating::ALL.iter().zip(prompt.intervals.iter()) {
                            button type="submit" name="do" value=(rating.name()) autofocus[*rating == prompt.default] {
                                (rating.name()) " · " (crate::clock::short_duration(*interval))
                            }
                            " "
                        }
                    }
                    p {
                        @if prompt.can_undo { button type="submit" name="do" value="undo" { (words.pick("Undo the last answer", "방금 답 취소")) } " " }
                        button type="submit" name="do" value="suspend" { (words.pick("Suspend", "보류")) } " "
                        button type="submit" name="do" value="bury" { (words.pick("Bury until tomorrow", "내일까지 숨기기")) } " "
                        button type="submit" name="do" value="quit" { (words.pick("End the session", "학습 끝내기")) }
                    }
                }
            },
        ),
    }
}

fn header_line(words: Words, question: &Question) -> Markup {
    let header = &question.header;
    html! {
        p.muted {
            (header.position) " / " (header.total)
            @if header.study_counts { " · " (header.due_left) " " (words.pick("due", "복습")) " · " (header.new_left) " " (words.pick("new", "새 카드")) }
            @if header.is_new { " · " (words.pick("new card", "새 카드")) }
            @if header.changed { " · " (words.pick("changed since your last review", "지난 복습 뒤 바뀐 카드")) }
            @if header.notes_changed { " · " (words.pick("its notes changed since your last review", "지난 복습 뒤 노트가 바뀜")) }
        }
    }
}

fn notice_lines(words: Words, notices: &[Notice]) -> Markup {
    html! {
        @for notice in notices {
            p role="status" {
                @match notice {
                    Notice::TakenBack => (words.pick("The last answer was taken back; the card comes again.", "방금 답을 취소했습니다. 카드가 다시 나옵니다.")),
                    Notice::Suspended { card } => { "Suspended " code { (card) } "." }
                    Notice::Buried { card } => { "Buried " code { (card) } " until tomorrow." }
                    Notice::Leech(leech) => {
                        "Leech: " code { (leech.card) } " was forgotten " (leech.lapses) " times"
                        @if leech.suspended { " and is suspended; reword it, then unsuspend it." } @else { "; consider rewording it." }
                    }
                    Notice::Source { section, .. } => { "Notes: " (section) }
                    Notice::KeptDefault { rating } => { "Kept the rating " (rating.name()) "." }
                }
            }
        }
    }
}

/// The inputs for the question's form, all named `a`.
fn answer_inputs(words: Words, question: &Question) -> Markup {
    html! {
        @match &question.form {
            AnswerForm::Flashcard { .. } => {}
            AnswerForm::Choice { choices } => {
                @for (index, choice) in choices.iter().enumerate() {
                    label { input type="radio" name="a" value=(index) required; " " (choice) }
                }
            }
            AnswerForm::TrueFalse => {
                label { input type="radio" name="a" value="0" required; " " (words.pick("True", "참")) }
                label { input type="radio" name="a" value="1"; " " (words.pick("False", "거짓")) }
            }
            AnswerForm::Multi { choices } => {
                @for (index, choice) in choices.iter().enumerate() {
                    label { input type="checkbox" name="a" value=(index); " " (choice) }
                }
            }
            AnswerForm::Order { items } => {
                @for slot in 0..items.len() {
                    label {
                        (slot + 1) ". "
                        select name="a" aria-label=(format!("{} {}", words.pick("position", "순서"), slot + 1)) {
                            @for (index, item) in items.iter().enumerate() {
                                option value=(index) selected[index == slot] { (item) }
                            }
                        }
                    }
                }
            }
            AnswerForm::Text => {
                label { span.muted { (words.pick("Your answer", "답")) } input type="text" name="a" autocomplete="off" autofocus; }
            }
            AnswerForm::Cloze { gaps } => {
                @for gap in 0..*gaps {
                    label { (format!("[{}]", gap + 1)) " " input type="text" name="a" autocomplete="off" autofocus[gap == 0]; }
                }
            }
        }
    }
}
