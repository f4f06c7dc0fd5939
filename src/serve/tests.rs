//! The server in-process: every page and every refusal, through the router
//! (tower's `oneshot`), with a clock the test moves.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

use super::room::{Exam, Layout, Room, STATE_FILE};
use super::routes::{router, Shared, BODY_LIMIT, COOKIE};
use crate::deck::Answer;
use crate::grade::Lexicon;
use crate::session::exam::{pose, SheetAnswer};
use crate::session::testing::kinds_deck;

const START: i64 = 1_780_000_000_000;

/// A room over the every-kind deck, in a temporary folder, with a clock at `START`.
struct Setup {
    shared: Shared,
    clock: Arc<AtomicI64>,
    dir: tempfile::TempDir,
}

fn exam(layout: Layout, per_question: Option<Duration>) -> &'static Exam {
    let deck = kinds_deck();
    let questions = deck.cards.iter().enumerate().map(|(index, card)| pose(card, index, 7)).collect();
    super::keep(Exam {
        deck,
        questions,
        lexicon: Lexicon::empty(),
        language: "en".to_string(),
        seed: 7,
        pass: 0.7,
        total: Some(Duration::from_secs(600)),
        per_question,
        layout,
    })
}

fn setup(layout: Layout, per_question: Option<Duration>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let room = Room::open(exam(layout, per_question), dir.path(), false).unwrap();
    let clock = Arc::new(AtomicI64::new(START));
    let now = clock.clone();
    let shared = Shared { room: Arc::new(Mutex::new(room)), now: Arc::new(move || now.load(Ordering::SeqCst)) };
    Setup { shared, clock, dir }
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    cookie: Option<String>,
    csp: Option<String>,
    body: String,
}

impl Setup {
    fn request(&self, method: &str, path: &str, cookie: Option<&str>, form: Option<String>) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(token) = cookie {
            builder = builder.header(header::COOKIE, format!("{COOKIE}={token}"));
        }
        let body = match form {
            Some(form) => {
                builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(form)
            }
            None => Body::empty(),
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let response = router(self.shared.clone()).oneshot(builder.body(body).unwrap()).await.unwrap();
            let header = |name| response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_string);
            let (status, location, cookie, csp) = (
                response.status(),
                header(header::LOCATION),
                header(header::SET_COOKIE),
                header(header::CONTENT_SECURITY_POLICY),
            );
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
            Reply { status, location, cookie, csp, body: String::from_utf8_lossy(&bytes).into_owned() }
        })
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.request("GET", path, cookie, None)
    }

    fn post(&self, path: &str, cookie: Option<&str>, form: &str) -> Reply {
        self.request("POST", path, cookie, Some(form.to_string()))
    }

    /// Joins as `name`; returns the session token.
    fn join(&self, name: &str) -> String {
        let csrf = self.shared.room.lock().unwrap().join_csrf.clone();
        let reply = self.post("/join", None, &format!("csrf={csrf}&name={}", encode(name)));
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let cookie = reply.cookie.expect("a session cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
        cookie.split(';').next().unwrap().trim_start_matches(&format!("{COOKIE}=")).to_string()
    }

    fn csrf(&self, token: &str) -> String {
        self.shared.room.lock().unwrap().student(token).unwrap().csrf.clone()
    }
}

fn encode(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
}

#[test]
fn a_student_joins_answers_one_question_per_page_and_sees_results_only_at_the_end() {
    let setup = setup(Layout::One, None);
    let home = setup.get("/", None);
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("name=\"csrf\"") && home.body.contains("<label for=\"name\">"), "{}", home.body);
    assert!(home.csp.unwrap().contains("default-src 'none'"));
    assert_eq!(setup.get("/exam", None).location.as_deref(), Some("/"));

    let token = setup.join("Ada <b>Lovelace</b>");
    let exam = setup.shared.room.lock().unwrap().exam();
    let mut seen = String::new();
    for position in 0..exam.questions.len() {
        let page = setup.get("/exam", Some(&token));
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Ada &lt;b&gt;Lovelace&lt;/b&gt;"), "names are escaped");
        assert!(page.body.contains(&format!("action=\"/answer/{position}\"")), "{}", page.body);
        seen.push_str(&page.body);
        let csrf = setup.csrf(&token);
        let reply = setup.post(&format!("/answer/{position}"), Some(&token), &format!("csrf={csrf}&q{position}=a"));
        assert_eq!(reply.location.as_deref(), Some("/exam"), "{}", reply.body);
    }
    // No right answer reached the browser before the student handed in.
    for question in &exam.questions {
        let card = &exam.deck.cards[question.card];
        match &card.text.answer {
            Answer::Short { answer, .. } => assert!(!seen.contains(answer.as_str()), "{answer} leaked"),
            Answer::Flashcard { back } => assert!(!seen.contains(back.as_str()), "{back} leaked"),
            Answer::Cloze { gaps, .. } => {
                for gap in gaps {
                    assert!(!seen.contains(&format!(">{}<", gap.answer)), "{} leaked", gap.answer);
                }
            }
            Answer::Numeric { .. }
            | Answer::Choice { .. }
            | Answer::Multi { .. }
            | Answer::TrueFalse { .. }
            | Answer::Order { .. } => {}
        }
    }
    assert_eq!(setup.get("/exam", Some(&token)).location.as_deref(), Some("/done"));
    let done = setup.get("/done", Some(&token));
    assert!(done.body.contains("Results") && done.body.contains("Answer:"), "{}", done.body);
    let sheet = std::fs::read_to_string(setup.dir.path().join("ada-b-lovelace-b.toml")).unwrap();
    assert_eq!(sheet.lines().filter(|line| line.contains(" = ")).count(), exam.questions.len(), "{sheet}");
}

#[test]
fn forged_forms_bad_names_and_oversized_bodies_are_refused() {
    let setup = setup(Layout::All, None);
    let csrf = setup.shared.room.lock().unwrap().join_csrf.clone();
    assert_eq!(setup.post("/join", None, "csrf=forged&name=Eve").status, StatusCode::FORBIDDEN);
    assert_eq!(setup.post("/join", None, &format!("csrf={csrf}&name=%20%20")).status, StatusCode::BAD_REQUEST);
    let long = "x".repeat(61);
    assert_eq!(setup.post("/join", None, &format!("csrf={csrf}&name={long}")).status, StatusCode::BAD_REQUEST);
    let bidi = setup.post("/join", None, &format!("csrf={csrf}&name={}", encode("Eve\u{202e}lin")));
    assert_eq!(bidi.status, StatusCode::BAD_REQUEST);
    let token = setup.join("../../etc/passwd");
    assert_eq!(
        setup.post("/join", None, &format!("csrf={csrf}&name=..%2F..%2FETC%2Fpasswd")).status,
        StatusCode::CONFLICT
    );
    let file = setup.shared.room.lock().unwrap().student(&token).unwrap().file.clone();
    assert_eq!(file, "etc-passwd", "a sheet's name is a slug inside --results, never a path");
    let answer = setup.post("/answer/all", Some(&token), "csrf=forged&q0=a");
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let big = format!("csrf={}&q0={}", setup.csrf(&token), "a".repeat(BODY_LIMIT));
    assert_eq!(setup.post("/answer/all", Some(&token), &big).status, StatusCode::PAYLOAD_TOO_LARGE);
    // Another student's session cannot be guessed into: an unknown token is sent home.
    assert_eq!(setup.get("/exam", Some("0123456789abcdef0123456789abcdef")).location.as_deref(), Some("/"));
    assert_eq!(setup.get("/nowhere", None).status, StatusCode::NOT_FOUND);
}

#[test]
fn the_server_keeps_the_clock_and_the_end() {
    let setup = setup(Layout::One, Some(Duration::from_secs(30)));
    let token = setup.join("Grace");
    let page = setup.get("/exam", Some(&token));
    assert!(page.body.contains("http-equiv=\"refresh\" content=\"30\""), "{}", page.body);
    setup.clock.fetch_add(31_000, Ordering::SeqCst);
    let csrf = setup.csrf(&token);
    let late = setup.post("/answer/0", Some(&token), &format!("csrf={csrf}&q0=a"));
    // Post, redirect, get: the message page can reload itself without posting again.
    assert_eq!(late.location.as_deref(), Some("/exam?refused=time-up"));
    let late = setup.get("/exam?refused=time-up", Some(&token));
    assert!(late.body.contains("Time was up"), "{}", late.body);
    assert!(late.body.contains("action=\"/answer/1\""), "the next question is shown: {}", late.body);
    assert!(setup.shared.room.lock().unwrap().student(&token).unwrap().answers.is_empty());
    // A question not yet shown takes no answer (its clock never ran).
    let ahead = setup.post("/answer/3", Some(&token), &format!("csrf={csrf}&q3=a"));
    assert_eq!(ahead.location.as_deref(), Some("/exam?refused=no-question"));
    setup.shared.room.lock().unwrap().end();
    let ended = setup.post("/answer/1", Some(&token), &format!("csrf={csrf}&q1=a"));
    assert_eq!(ended.location.as_deref(), Some("/exam?refused=ended"), "{}", ended.body);
    assert_eq!(setup.get("/exam?refused=ended", Some(&token)).location.as_deref(), Some("/done"));
    let csrf = setup.shared.room.lock().unwrap().join_csrf.clone();
    assert_eq!(setup.post("/join", None, &format!("csrf={csrf}&name=Late")).status, StatusCode::FORBIDDEN);
}

#[test]
fn a_room_opened_again_on_its_folder_resumes_every_student() {
    let setup = setup(Layout::All, None);
    let token = setup.join("Linus");
    let csrf = setup.csrf(&token);
    assert_eq!(
        setup.post("/answer/all", Some(&token), &format!("csrf={csrf}&q0=a&q1=b")).status,
        StatusCode::SEE_OTHER
    );
    let exam = setup.shared.room.lock().unwrap().exam();
    assert!(setup.dir.path().join(STATE_FILE).exists());
    let again = Room::open(exam, setup.dir.path(), true).unwrap();
    assert!(again.is_started(), "a started exam stays started after a restart");
    let student = again.student(&token).expect("the session is known after a restart");
    assert_eq!(student.answers.len(), 2);
    assert_eq!(student.answers.get(&exam.questions[0].id), Some(&SheetAnswer::One("a".into())));
    // Another exam's folder is not taken over.
    let other = super::keep(Exam { seed: 8, ..clone_exam(exam) });
    let error = Room::open(other, setup.dir.path(), false).err().unwrap().to_string();
    assert!(error.contains("another exam"), "{error}");
}

fn clone_exam(exam: &Exam) -> Exam {
    Exam {
        deck: exam.deck.clone(),
        questions: exam.questions.clone(),
        lexicon: Lexicon::empty(),
        language: exam.language.clone(),
        seed: exam.seed,
        pass: exam.pass,
        total: exam.total,
        per_question: exam.per_question,
        layout: exam.layout,
    }
}

#[test]
fn with_a_lobby_students_wait_until_the_teacher_starts_and_their_clocks_start_then() {
    let dir = tempfile::tempdir().unwrap();
    let room = Room::open(exam(Layout::One, None), dir.path(), true).unwrap();
    let clock = Arc::new(AtomicI64::new(START));
    let now = clock.clone();
    let shared = Shared { room: Arc::new(Mutex::new(room)), now: Arc::new(move || now.load(Ordering::SeqCst)) };
    let setup = Setup { shared, clock, dir };
    let token = setup.join("Ada");
    let lobby = setup.get("/exam", Some(&token));
    assert!(lobby.body.contains("Waiting for the teacher"), "{}", lobby.body);
    assert!(!lobby.body.contains("action=\"/answer/"), "no question before the start");
    setup.clock.fetch_add(60_000, Ordering::SeqCst);
    setup.shared.room.lock().unwrap().start(START + 60_000).unwrap();
    let page = setup.get("/exam", Some(&token));
    assert!(page.body.contains("action=\"/answer/0\""), "{}", page.body);
    let started = setup.shared.room.lock().unwrap().student(&token).unwrap().started_ms;
    assert_eq!(started, START + 60_000, "the exam clock starts at the start, not at the join");
}

#[test]
fn the_teachers_table_shows_each_student_their_progress_and_the_class_so_far() {
    let setup = setup(Layout::All, None);
    let table = super::teacher::table_lines(&setup.shared.room.lock().unwrap(), "http://127.0.0.1:9/", START);
    assert!(table.iter().any(|line| line.contains("nobody has joined yet")), "{table:#?}");
    let token = setup.join("Grace");
    let csrf = setup.csrf(&token);
    setup.post("/answer/all", Some(&token), &format!("csrf={csrf}&q0=a&q1=b"));
    let room = setup.shared.room.lock().unwrap();
    let table = super::teacher::table_lines(&room, "http://127.0.0.1:9/", START + 61_000);
    let total = room.exam().questions.len();
    let grace = table.iter().find(|line| line.starts_with("Grace")).expect("a row for Grace");
    assert!(grace.contains(&format!("2/{total}")) && grace.contains("8:59"), "{grace}");
    let class = super::teacher::class_lines(&room);
    assert!(class.iter().any(|line| line.contains("student(s): class average")), "{class:#?}");
}

#[test]
fn an_answer_that_cannot_be_written_is_not_taken_and_the_student_is_told() {
    let setup = setup(Layout::All, None);
    let token = setup.join("Ada");
    // A folder where the sheet should go: the write fails, as on a full or broken disk.
    std::fs::create_dir(setup.dir.path().join("ada.toml")).unwrap();
    let csrf = setup.csrf(&token);
    let reply = setup.post("/answer/all", Some(&token), &format!("csrf={csrf}&q0=a"));
    assert_eq!(reply.location.as_deref(), Some("/exam?refused=not-saved"));
    let reply = setup.get("/exam?refused=not-saved", Some(&token));
    assert!(reply.body.contains("could not be saved"), "{}", reply.body);
    assert!(setup.shared.room.lock().unwrap().student(&token).unwrap().answers.is_empty(), "not on disk, not taken");
}

#[test]
fn listening_everywhere_lists_this_machines_addresses_without_link_local_ones() {
    let addresses = super::local_addresses(false);
    assert!(!addresses.is_empty());
    assert!(addresses.iter().all(|address| address.is_ipv4()), "{addresses:?}");
    assert!(addresses.iter().all(|address| !matches!(address, std::net::IpAddr::V4(v4) if v4.is_link_local())));
    if let Some(last) = addresses.last() {
        assert!(
            addresses.iter().all(|address| !address.is_loopback()) || last.is_loopback(),
            "loopback last: {addresses:?}"
        );
    }
}
