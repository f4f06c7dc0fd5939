//! The teacher's terminal while the exam is served: a live table of who
//! joined, how far each is, the score so far and the time left, redrawn twice
//! a second; `s` starts the exam (students wait in a lobby until then), `e`
//! ends it early, `r` shows the class results so far, `q` or Ctrl-C ends it.
//! Without a terminal there is no table: students start as they join.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, terminal, QueueableCommand};

use super::room::Room;
use crate::clock::Timestamp;
use crate::report;
use crate::text::ellipsize;
use crate::text::sanitize::terminal_line;

/// Whether a teacher is at a terminal (stdin to read keys, stderr to draw on).
pub fn available() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Draws the table and reads keys until the teacher ends the exam (then
/// `end` is called) or `finished` is set (the server was stopped by a signal).
pub fn watch(room: &Mutex<Room>, url: &str, finished: &AtomicBool, end: impl Fn()) {
    if terminal::enable_raw_mode().is_err() {
        return;
    }
    let mut results = false;
    while !finished.load(Ordering::SeqCst) {
        let lines = {
            let room = room.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Timestamp::now().millis();
            if results {
                class_lines(&room)
            } else {
                table_lines(&room, url, now)
            }
        };
        draw(&lines);
        if !event::poll(Duration::from_millis(500)).unwrap_or(false) {
            continue;
        }
        let Ok(Event::Key(KeyEvent { code, modifiers, kind: KeyEventKind::Press, .. })) = event::read() else {
            continue;
        };
        let mut room = room.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match (code, modifiers) {
            (KeyCode::Char('s'), _) => {
                let _ = room.start(Timestamp::now().millis());
            }
            (KeyCode::Char('r'), _) => results = !results,
            (KeyCode::Char('e' | 'q'), _) | (KeyCode::Esc, _) => {
                room.end();
                break;
            }
            (KeyCode::Char('c'), modifiers) if modifiers.contains(KeyModifiers::CONTROL) => {
                room.end();
                break;
            }
            _ => {}
        }
    }
    let _ = terminal::disable_raw_mode();
    let mut stderr = std::io::stderr();
    let _ = writeln!(stderr);
    end();
}

/// Clears the screen and writes `lines` (raw mode: each line ends with CR LF).
fn draw(lines: &[String]) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.queue(cursor::MoveTo(0, 0));
    let _ = stderr.queue(terminal::Clear(terminal::ClearType::All));
    for line in lines {
        let _ = write!(stderr, "{line}\r\n");
    }
    let _ = stderr.flush();
}

/// The live table: one row per student.
pub fn table_lines(room: &Room, url: &str, now_ms: i64) -> Vec<String> {
    let exam = room.exam();
    let status = match (room.is_started(), room.is_ended()) {
        (_, true) => "ended",
        (false, false) => "lobby: press s to start",
        (true, false) => "running",
    };
    let mut lines = vec![
        format!(
            "{} · seed {} · {} question(s) · {status}",
            terminal_line(&exam.deck.title),
            exam.seed,
            exam.questions.len()
        ),
        format!("Students open {url}"),
        String::new(),
        format!("{:<28} {:>9} {:>9} {:>9}", "student", "answered", "right", "time left"),
    ];
    for student in room.students() {
        let answered = student.answers.len();
        let right = room
            .result(student)
            .map(|result| result.results.iter().filter(|question| question.correct == Some(true)).count())
            .unwrap_or(0);
        let left = match (room.is_done(student, now_ms), exam.total) {
            (true, _) => "done".to_string(),
            (false, Some(total)) => {
                let end = student.started_ms + i64::try_from(total.as_millis()).unwrap_or(i64::MAX / 4);
                let seconds = ((end - now_ms) / 1000).max(0);
                format!("{}:{:02}", seconds / 60, seconds % 60)
            }
            (false, None) => "—".to_string(),
        };
        let name = ellipsize(&terminal_line(&student.name), 28).into_owned();
        lines.push(format!("{name:<28} {:>9} {right:>9} {left:>9}", format!("{answered}/{}", exam.questions.len())));
    }
    if room.students().is_empty() {
        lines.push("(nobody has joined yet)".to_string());
    }
    lines.push(String::new());
    lines.push("s start · e end the exam · r results so far · q quit".to_string());
    lines
}

/// The class so far: the average and the hardest questions.
pub fn class_lines(room: &Room) -> Vec<String> {
    let students: Vec<(String, crate::session::exam::ExamResult)> = room
        .students()
        .iter()
        .filter_map(|student| room.result(student).ok().map(|result| (student.file.clone(), result)))
        .collect();
    let mut lines = vec!["Results so far (r: back to the table)".to_string(), String::new()];
    if students.is_empty() {
        lines.push("(no answers yet)".to_string());
        return lines;
    }
    let average = students.iter().map(|(_, result)| result.score).sum::<f64>() / students.len() as f64;
    lines.push(format!("{} student(s): class average {:.1}%", students.len(), average * 100.0));
    lines.push("Hardest questions:".to_string());
    for (card, right, total) in report::hardest(&students, 5) {
        lines.push(format!("  {:<32} {right}/{total} right", terminal_line(&card)));
    }
    lines
}

/// The teacher's table running on its own thread.
pub struct Watcher {
    finished: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Watcher {
    /// Runs [`watch`] on its own thread.
    pub fn spawn(room: Arc<Mutex<Room>>, url: String, end: impl Fn() + Send + 'static) -> Watcher {
        let finished = Arc::new(AtomicBool::new(false));
        let flag = finished.clone();
        let thread = std::thread::spawn(move || watch(&room, &url, &flag, end));
        Watcher { finished, thread }
    }

    /// Tells the table the server stopped and waits until the terminal is restored.
    pub fn stop(self) {
        self.finished.store(true, Ordering::SeqCst);
        let _ = self.thread.join();
    }
}
