//! The HTTP side: which page each request gets. A student is known by an
//! HttpOnly, SameSite=Strict session cookie; every form also carries a token
//! the page was rendered with, so another site cannot post answers for them.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::Markup;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use super::pages;
use super::room::{Layout, Refusal, Room};
use crate::deck::Answer;
use crate::session::exam::SheetAnswer;

/// The session cookie's name.
pub const COOKIE: &str = "quiz_session";

/// The largest request body taken: a page of answers is a few KB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// How long a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// What every handler shares: the room, and the clock (milliseconds since the
/// epoch; tests set it).
#[derive(Clone)]
pub struct Shared {
    /// The room.
    pub room: Arc<Mutex<Room>>,
    /// Now, in milliseconds since the epoch.
    pub now: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl Shared {
    fn room(&self) -> MutexGuard<'_, Room> {
        // A handler that panicked left the room as consistent as its last write.
        self.room.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Every route, with the body limit, the timeout and the security headers.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/style.css", get(style))
        .route("/join", post(join))
        .route("/exam", get(exam))
        .route("/answer/{position}", post(answer))
        .route("/finish", post(finish))
        .route("/done", get(done))
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .with_state(shared)
}

/// No scripts, no frames, nothing from elsewhere; nothing cached.
pub(super) async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

fn html(status: StatusCode, markup: Markup) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], markup.into_string()).into_response()
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE).into_response()
}

async fn not_found(State(shared): State<Shared>) -> Response {
    let language = shared.room().exam().language.clone();
    html(StatusCode::NOT_FOUND, pages::message(&language, "404", "No such page."))
}

/// The session token in the request's cookie, if any.
fn session(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('=').map(str::to_string))
}

/// The value of form field `name`.
fn field<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

async fn home(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    let room = shared.room();
    if session(&headers).and_then(|token| room.student(&token)).is_some() {
        return Redirect::to("/exam").into_response();
    }
    html(StatusCode::OK, pages::join(room.exam(), &room.join_csrf, None))
}

async fn join(State(shared): State<Shared>, Form(form): Form<Vec<(String, String)>>) -> Response {
    let now = (shared.now)();
    let mut room = shared.room();
    if field(&form, "csrf") != Some(room.join_csrf.as_str()) {
        return forbidden(&room);
    }
    match room.join(field(&form, "name").unwrap_or_default(), now) {
        Ok(token) => {
            let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
            let mut response = Redirect::to("/exam").into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(refusal) => {
            let status = match refusal {
                Refusal::NameTaken => StatusCode::CONFLICT,
                Refusal::Ended | Refusal::Full => StatusCode::FORBIDDEN,
                Refusal::NotSaved => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::BAD_REQUEST,
            };
            html(status, pages::join(room.exam(), &room.join_csrf, Some(&refusal)))
        }
    }
}

fn forbidden(room: &Room) -> Response {
    html(
        StatusCode::FORBIDDEN,
        pages::message(&room.exam().language, "403", "This form has expired: open the page again."),
    )
}

/// The page of questions the student is on, or where they should be instead.
fn exam_page(room: &mut Room, token: &str, now: i64, problem: Option<&Refusal>) -> Response {
    let Some(student) = room.student(token) else { return Redirect::to("/").into_response() };
    if room.is_done(student, now) {
        return Redirect::to("/done").into_response();
    }
    let exam = room.exam();
    if !room.is_started() {
        return html(StatusCode::OK, pages::lobby(exam, student));
    }
    let positions: Vec<usize> = match exam.layout {
        Layout::One => room.current(student, now).into_iter().collect(),
        Layout::All => (0..exam.questions.len()).collect(),
    };
    if let [position] = positions[..] {
        if room.show(token, position, now).is_err() {
            return html(
                StatusCode::INTERNAL_SERVER_ERROR,
                pages::message(&exam.language, "500", "The answers folder cannot be written; tell the teacher."),
            );
        }
    }
    let Some(student) = room.student(token) else { return Redirect::to("/").into_response() };
    let deadline = positions.first().and_then(|position| room.deadline(student, *position));
    let seconds_left = deadline.map(|end| (end - now + 999) / 1000);
    html(StatusCode::OK, pages::questions(exam, student, &positions, seconds_left, problem))
}

/// `/exam?refused=CODE`: the page after an answer was turned away.
#[derive(serde::Deserialize)]
struct Notice {
    refused: Option<String>,
}

async fn exam(State(shared): State<Shared>, headers: HeaderMap, Query(notice): Query<Notice>) -> Response {
    let now = (shared.now)();
    let Some(token) = session(&headers) else { return Redirect::to("/").into_response() };
    let refusal = notice.refused.as_deref().and_then(Refusal::from_code);
    exam_page(&mut shared.room(), &token, now, refusal.as_ref())
}

async fn answer(
    State(shared): State<Shared>,
    Path(position): Path<String>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let now = (shared.now)();
    let Some(token) = session(&headers) else { return Redirect::to("/").into_response() };
    let mut room = shared.room();
    let Some(student) = room.student(&token) else { return Redirect::to("/").into_response() };
    if field(&form, "csrf") != Some(student.csrf.as_str()) {
        return forbidden(&room);
    }
    let exam = room.exam();
    let positions: Vec<usize> = match (position.as_str(), exam.layout) {
        ("all", Layout::All) => (0..exam.questions.len()).collect(),
        (number, Layout::One) => match number.parse::<usize>() {
            Ok(number) if number < exam.questions.len() => vec![number],
            _ => return Redirect::to("/exam?refused=no-question").into_response(),
        },
        (_, _) => return Redirect::to("/exam?refused=no-question").into_response(),
    };
    for position in positions {
        let Some(answer) = read_answer(&room, position, &form) else { continue };
        if let Err(refusal) = room.answer(&token, position, answer, now) {
            // Post, then redirect, then get: the page with the message can be
            // reloaded (its clock does) without posting the form again.
            return Redirect::to(&format!("/exam?refused={}", refusal.code())).into_response();
        }
    }
    Redirect::to("/exam").into_response()
}

/// The answer to question `position` in a form's `q{position}` fields, as a
/// sheet holds it; `None` when left blank.
fn read_answer(room: &Room, position: usize, form: &[(String, String)]) -> Option<SheetAnswer> {
    let exam = room.exam();
    let question = exam.questions.get(position)?;
    let card = exam.deck.cards.get(question.card)?;
    let name = format!("q{position}");
    let values: Vec<String> =
        form.iter().filter(|(key, _)| *key == name).map(|(_, value)| value.trim().to_string()).collect();
    let many = match &card.text_in(&exam.language).answer {
        Answer::Multi { .. } | Answer::Order { .. } => true,
        Answer::Cloze { gaps, .. } => gaps.len() > 1,
        Answer::Flashcard { .. }
        | Answer::Choice { .. }
        | Answer::TrueFalse { .. }
        | Answer::Short { .. }
        | Answer::Numeric { .. } => false,
    };
    if values.iter().all(String::is_empty) {
        return None;
    }
    match many {
        true => Some(SheetAnswer::Many(values)),
        false => values.into_iter().next().map(SheetAnswer::One),
    }
}

async fn finish(State(shared): State<Shared>, headers: HeaderMap, Form(form): Form<Vec<(String, String)>>) -> Response {
    let Some(token) = session(&headers) else { return Redirect::to("/").into_response() };
    let mut room = shared.room();
    let Some(student) = room.student(&token) else { return Redirect::to("/").into_response() };
    if field(&form, "csrf") != Some(student.csrf.as_str()) {
        return forbidden(&room);
    }
    if room.finish(&token).is_err() {
        let language = room.exam().language.clone();
        return html(
            StatusCode::INTERNAL_SERVER_ERROR,
            pages::message(&language, "500", "The answers folder cannot be written; tell the teacher."),
        );
    }
    Redirect::to("/done").into_response()
}

async fn done(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    let now = (shared.now)();
    let Some(token) = session(&headers) else { return Redirect::to("/").into_response() };
    let room = shared.room();
    let Some(student) = room.student(&token) else { return Redirect::to("/").into_response() };
    if !room.is_done(student, now) {
        return Redirect::to("/exam").into_response();
    }
    match room.result(student) {
        Ok(result) => html(StatusCode::OK, pages::results(room.exam(), student, &result)),
        Err(error) => {
            html(StatusCode::INTERNAL_SERVER_ERROR, pages::message(&room.exam().language, "500", &error.to_string()))
        }
    }
}
