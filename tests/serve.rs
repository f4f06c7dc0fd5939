//! `quiz serve --exam` as a real process: students over real HTTP, the end by
//! SIGTERM, the report identical to `quiz exam --answers-dir` on the same
//! sheets, 40 students at once, and a server killed and started again.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use common::web::{http, resume, session_cookie, take_exam, value_after};
use common::Env;

/// A running `quiz serve` and the URL it printed first.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(env: &Env, args: &[&str]) -> Server {
        let mut child = env
            .process()
            .args(["serve", "--deck", "asyncio", "--exam", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("quiz serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut first).unwrap();
        let address = first.trim().trim_start_matches("http://").trim_end_matches('/').to_string();
        assert!(address.starts_with("127.0.0.1:"), "the first line is the URL: {first:?}");
        Server { child, address }
    }

    /// Ends the exam with SIGTERM; returns (exit code, stdout after the URL, stderr).
    fn stop(self) -> (i32, String, String) {
        let pid = self.child.id().to_string();
        assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let output = self.child.wait_with_output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

#[test]
fn the_class_report_is_the_one_quiz_exam_grades_from_the_same_sheets() {
    let env = Env::new();
    let results = env.home.path().join("results");
    let served = env.home.path().join("served.csv");
    let args =
        ["--seed", "11", "--count", "6", "--results", results.to_str().unwrap(), "--report", served.to_str().unwrap()];
    let server = Server::start(&env, &args);
    take_exam(&server.address, "Ada", |_| "a");
    take_exam(&server.address, "Brian%20K", |position| if position % 2 == 0 { "b" } else { "a" });
    // A browser still connected (keep-alive) when the teacher ends the exam.
    let mut open = TcpStream::connect(&server.address).unwrap();
    open.write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).as_bytes()).unwrap();
    let mut first = [0u8; 12];
    open.read_exact(&mut first).unwrap();
    let (code, stdout, stderr) = server.stop();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("2 sheet(s): class average"), "{stderr}");
    assert!(stdout.trim().is_empty(), "the report went to --report: {stdout}");

    let graded = env.home.path().join("graded.csv");
    let (code, _, exam_stderr) = env.run(&[
        "exam",
        "--deck",
        "asyncio",
        "--seed",
        "11",
        "--count",
        "6",
        "--answers-dir",
        results.to_str().unwrap(),
        "--report",
        graded.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{exam_stderr}");
    let served = std::fs::read_to_string(served).unwrap();
    assert_eq!(served, std::fs::read_to_string(graded).unwrap());
    assert_eq!(served.lines().count(), 3, "{served}");
    let summary =
        |text: &str| text.lines().filter(|line| !line.starts_with("Wrote")).map(str::to_string).collect::<Vec<_>>();
    assert!(summary(&stderr).ends_with(&summary(&exam_stderr)), "{stderr}\n---\n{exam_stderr}");
    // Each student's attempt is in the store.
    let (_, stats, _) = env.run(&["stats", "--deck", "asyncio", "--json"]);
    assert_eq!(stats.matches("\"seed\": \"11\"").count(), 2, "{stats}");
}

#[test]
fn forty_students_at_once_lose_no_answer() {
    let env = Env::new();
    let results = env.home.path().join("results");
    let server = Server::start(&env, &["--seed", "5", "--count", "5", "--results", results.to_str().unwrap()]);
    let address = server.address.clone();
    let students: Vec<_> = (0..40)
        .map(|student| {
            let address = address.clone();
            std::thread::spawn(move || take_exam(&address, &format!("student{student}"), |_| "a"))
        })
        .collect();
    for student in students {
        student.join().expect("every student finished without an error");
    }
    let (code, _, stderr) = server.stop();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("40 sheet(s)"), "{stderr}");
    for student in 0..40 {
        let sheet = std::fs::read_to_string(results.join(format!("student{student}.toml"))).unwrap();
        assert_eq!(sheet.lines().filter(|line| line.contains(" = ")).count(), 5, "student{student}: {sheet}");
    }
}

#[test]
fn a_server_killed_mid_exam_and_started_again_resumes_every_student() {
    let env = Env::new();
    let results = env.home.path().join("results");
    let args = ["--seed", "3", "--count", "4", "--results", results.to_str().unwrap()];
    let server = Server::start(&env, &args);
    let (_, _, home) = http(&server.address, "GET", "/", None, None);
    let csrf = value_after(&home, "name=\"csrf\" value=\"").to_string();
    let (_, head, _) = http(&server.address, "POST", "/join", None, Some(&format!("csrf={csrf}&name=Kim")));
    let cookie = session_cookie(&head);
    // One answer acknowledged, then the server is killed without warning.
    let (_, _, page) = http(&server.address, "GET", "/exam", Some(&cookie), None);
    let form = format!("csrf={}&q0=a", value_after(&page, "name=\"csrf\" value=\""));
    assert_eq!(http(&server.address, "POST", "/answer/0", Some(&cookie), Some(&form)).0, 303);
    server.kill();

    let server = Server::start(&env, &args);
    let (status, _, page) = http(&server.address, "GET", "/exam", Some(&cookie), None);
    assert_eq!(status, 200, "the session survived the restart");
    assert!(page.contains("action=\"/answer/1\""), "Kim goes on at question 2: {page}");
    resume(&server.address, &cookie, |_| "b");
    let (code, _, stderr) = server.stop();
    assert_eq!(code, 0, "{stderr}");
    let sheet = std::fs::read_to_string(results.join("kim.toml")).unwrap();
    assert_eq!(sheet.lines().filter(|line| line.contains(" = ")).count(), 4, "{sheet}");
}

#[test]
fn clients_that_connect_and_never_send_are_closed_and_do_not_block_the_class() {
    let env = Env::new();
    let results = env.home.path().join("results");
    let mut command = env.process();
    command.env("QUIZ_HEADER_TIMEOUT_MS", "300");
    let server = {
        let mut child = command
            .args(["serve", "--deck", "asyncio", "--exam", "--seed", "2", "--count", "2", "--listen", "127.0.0.1:0"])
            .args(["--results", results.to_str().unwrap()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut first).unwrap();
        Server { address: first.trim().trim_start_matches("http://").trim_end_matches('/').to_string(), child }
    };
    // Silent connections, and one that stops half-way through its headers.
    let mut silent: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(&server.address).unwrap()).collect();
    silent[0].write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    take_exam(&server.address, "Ada", |_| "a");
    for stream in &mut silent {
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        let mut buffer = Vec::new();
        // The server closes each one: the read ends at end of file, not at our own timeout.
        let closed = stream.read_to_end(&mut buffer);
        assert!(closed.is_ok(), "a silent connection was left open: {closed:?}");
    }
    let (code, _, stderr) = server.stop();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 sheet(s)"), "{stderr}");
}

/// `quiz serve --deck D` without `--exam`: the study page, behind the key in its URL.
struct StudyPage {
    server: Server,
    key_path: String,
}

fn study_page(env: &Env) -> StudyPage {
    let mut child = env
        .process()
        .args(["serve", "--deck", "asyncio", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut first).unwrap();
    let url = first.trim().trim_start_matches("http://");
    let (address, key_path) = url.split_once('/').unwrap();
    StudyPage { server: Server { child, address: address.to_string() }, key_path: format!("/{key_path}") }
}

#[test]
fn the_study_page_runs_the_study_session_records_reviews_and_undoes() {
    let env = Env::new();
    let page = study_page(&env);
    let address = page.server.address.clone();
    assert!(page.key_path.starts_with("/?key="), "{}", page.key_path);
    assert_eq!(http(&address, "GET", "/", None, None).0, 403, "no key, no page");
    let (status, head, _) = http(&address, "GET", &page.key_path, None, None);
    assert_eq!(status, 303);
    let cookie = value_after(&head.replace("\r\n", "\""), "set-cookie: ").split(';').next().unwrap().to_string();
    assert!(cookie.starts_with("quiz_study="), "{head}");

    let (_, _, question) = http(&address, "GET", "/", Some(&cookie), None);
    assert!(question.contains("action=\"/answer\""), "{question}");
    assert!(question.contains("first for asynchronous socket"), "the first new card: {question}");
    assert!(!question.contains("asyncore<"), "the answer is not in the question page");
    assert_eq!(http(&address, "POST", "/answer", Some(&cookie), Some("a=asyncore")).0, 303);
    let (_, _, graded) = http(&address, "GET", "/", Some(&cookie), None);
    assert!(graded.contains("✓ Right") && graded.contains("value=\"easy\""), "{graded}");
    assert_eq!(http(&address, "POST", "/rate", Some(&cookie), Some("do=easy")).0, 303);

    // The next card, answered, then taken back at its rating step: it comes again.
    let (_, _, next) = http(&address, "GET", "/", Some(&cookie), None);
    let legend = value_after(&next.replace('<', "\""), "legend>").to_string();
    http(&address, "POST", "/answer", Some(&cookie), Some("a=0"));
    http(&address, "POST", "/rate", Some(&cookie), Some("do=undo"));
    let (_, _, again) = http(&address, "GET", "/", Some(&cookie), None);
    assert!(again.contains("taken back") && again.contains(&legend), "{again}");

    let (code, stdout, stderr) = page.server.stop();
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Studied 1 card(s)"), "{stdout}");
    let (_, log, _) = env.run(&["export", "--deck", "asyncio", "--reviews", "-"]);
    let rows: Vec<&str> = log.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "one review kept, the other taken back: {log}");
    assert!(rows[0].starts_with("asyncore-first-module,") && rows[0].contains(",4,"), "{log}");
}
