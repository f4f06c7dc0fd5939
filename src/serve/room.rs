//! The exam room: who joined, what each answered and when, the clocks, and
//! where it is all kept. No HTTP here: the routes call these methods, and
//! tests call them directly.
//!
//! Every answer is written the moment it is accepted: the student's sheet
//! (`DIR/NAME.toml`, the TOML `quiz exam --answers` reads) and the room's
//! state (`DIR/.quiz-serve.json`: names, session tokens, clocks), both
//! atomically. A server started again on the same folder picks the room up
//! where it stopped, so a student who refreshes after a restart goes on.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::deck::Deck;
use crate::error::{Error, Result};
use crate::fsio::{read_text, write_atomic, FileKind};
use crate::grade::Lexicon;
use crate::import::slug;
use crate::session::exam::{self, ExamQuestion, ExamResult, Sheet, SheetAnswer, MAX_ANSWER_CHARS};
use crate::text::is_forbidden;
use crate::text::sanitize::toml_string;

/// The room's state file, beside the sheets.
pub const STATE_FILE: &str = ".quiz-serve.json";

/// The longest name a student may give.
pub const MAX_NAME_CHARS: usize = 60;

/// The most students a room takes (a bound on memory and on the folder).
pub const MAX_STUDENTS: usize = 1_000;

/// How the questions are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// One question per page, in order; the question clock runs per page.
    One,
    /// Every question on one page.
    All,
}

/// The exam every student takes: fixed when the server starts.
pub struct Exam {
    /// The exam's cards (only those), in deck order.
    pub deck: Deck,
    /// The questions, in exam order.
    pub questions: Vec<ExamQuestion>,
    /// The whole deck's terms, for grading.
    pub lexicon: Lexicon<'static>,
    /// The language questions are shown in.
    pub language: String,
    /// The seed that picked and ordered them.
    pub seed: u64,
    /// The pass mark.
    pub pass: f64,
    /// The time for the whole exam, from a student's start.
    pub total: Option<Duration>,
    /// The time for each question, from when its page is first shown.
    pub per_question: Option<Duration>,
    /// One question per page, or all on one.
    pub layout: Layout,
}

/// One student, as kept in the state file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Student {
    /// The name they gave.
    pub name: String,
    /// Their sheet's file name, without `.toml`.
    pub file: String,
    /// Their session token (the cookie).
    pub token: String,
    /// The token their forms carry (against cross-site requests).
    pub csrf: String,
    /// When they started, in ms since the epoch.
    pub started_ms: i64,
    /// When each question (by exam position) was first shown.
    pub shown_ms: BTreeMap<usize, i64>,
    /// Whether they handed in.
    pub finished: bool,
    /// Their answers, by card id (kept in the sheet, not the state file).
    #[serde(skip)]
    pub answers: BTreeMap<String, SheetAnswer>,
}

/// Why an answer or a join was turned away: what the page tells the student.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The name is empty, too long or holds control characters.
    BadName(String),
    /// Another student has that name.
    NameTaken,
    /// The room is full.
    Full,
    /// The teacher ended the exam.
    Ended,
    /// The student's time (or the question's) ran out.
    TimeUp,
    /// The student already handed in.
    Finished,
    /// No such question.
    NoQuestion,
    /// The answer is longer than a sheet takes.
    TooLong,
    /// The results folder could not be written: nothing was taken.
    NotSaved,
}

impl Refusal {
    /// Every refusal an answer can meet, for [`Refusal::from_code`].
    const ANSWERS: [Refusal; 6] =
        [Refusal::Ended, Refusal::TimeUp, Refusal::Finished, Refusal::NoQuestion, Refusal::TooLong, Refusal::NotSaved];

    /// A short name for the refusal, carried in a redirect's query.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::BadName(_) => "bad-name",
            Refusal::NameTaken => "name-taken",
            Refusal::Full => "full",
            Refusal::Ended => "ended",
            Refusal::TimeUp => "time-up",
            Refusal::Finished => "finished",
            Refusal::NoQuestion => "no-question",
            Refusal::TooLong => "too-long",
            Refusal::NotSaved => "not-saved",
        }
    }

    /// The answer refusal named `code`.
    pub fn from_code(code: &str) -> Option<Refusal> {
        Refusal::ANSWERS.into_iter().find(|refusal| refusal.code() == code)
    }
}

/// The room: the exam, its students, and the folder they are kept in.
pub struct Room {
    exam: &'static Exam,
    dir: PathBuf,
    students: Vec<Student>,
    by_token: HashMap<String, usize>,
    started: bool,
    ended: bool,
    /// The token the join form carries.
    pub join_csrf: String,
}

/// The state file's contents.
#[derive(Serialize, Deserialize)]
struct State {
    deck: String,
    seed: u64,
    questions: Vec<String>,
    /// Whether the teacher started the exam (students wait in a lobby until then).
    #[serde(default)]
    started: bool,
    students: Vec<Student>,
}

impl Room {
    /// Opens the room kept in `dir` (created if needed): a state file left by
    /// an earlier server for the same exam is picked up with its students'
    /// sheets; one for another exam is an error, not overwritten. With
    /// `lobby`, students wait until [`Room::start`]; without, they start as
    /// they join.
    pub fn open(exam: &'static Exam, dir: &Path, lobby: bool) -> Result<Room> {
        std::fs::create_dir_all(dir).map_err(|error| Error::io("create", dir, error))?;
        let mut room = Room {
            exam,
            dir: dir.to_path_buf(),
            students: Vec::new(),
            by_token: HashMap::new(),
            started: !lobby,
            ended: false,
            join_csrf: token(),
        };
        let state_path = dir.join(STATE_FILE);
        if !state_path.exists() {
            return Ok(room);
        }
        let text = read_text(&state_path, FileKind::Config)?;
        let state: State = serde_json::from_str(&text).map_err(|error| Error::BadFile {
            path: state_path.display().to_string(),
            message: format!("not a quiz serve state file ({error}); give another --results folder"),
        })?;
        let questions: Vec<String> = exam.questions.iter().map(|question| question.id.clone()).collect();
        if state.deck != exam.deck.id.0 || state.seed != exam.seed || state.questions != questions {
            return Err(Error::Usage(format!(
                "{} holds the room of another exam (deck `{}`, seed {}); give the same --deck, --seed, --count and --tag, or another --results folder",
                dir.display(),
                state.deck,
                state.seed
            )));
        }
        room.started |= state.started;
        for mut student in state.students {
            let sheet_path = dir.join(format!("{}.toml", student.file));
            if sheet_path.exists() {
                let text = read_text(&sheet_path, FileKind::Sheet)?;
                student.answers = Sheet::parse(&sheet_path.display().to_string(), &text)?.answers;
            }
            room.by_token.insert(student.token.clone(), room.students.len());
            room.students.push(student);
        }
        Ok(room)
    }

    /// The exam.
    pub fn exam(&self) -> &'static Exam {
        self.exam
    }

    /// Every student, in the order they joined.
    pub fn students(&self) -> &[Student] {
        &self.students
    }

    /// Whether the exam has started (students wait in the lobby before).
    pub fn is_started(&self) -> bool {
        self.started
    }

    /// Starts the exam: each student's clock starts now, or when they join.
    pub fn start(&mut self, now_ms: i64) -> Result<()> {
        if !self.started {
            self.started = true;
            for student in &mut self.students {
                student.started_ms = now_ms;
            }
        }
        self.save_state()
    }

    /// Whether the teacher ended the exam.
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// Ends the exam: no answer is taken after this.
    pub fn end(&mut self) {
        self.ended = true;
    }

    /// The student holding session `token`.
    pub fn student(&self, token: &str) -> Option<&Student> {
        self.by_token.get(token).and_then(|index| self.students.get(*index))
    }

    /// Adds a student called `name`, starting now; returns their session token.
    pub fn join(&mut self, name: &str, now_ms: i64) -> std::result::Result<String, Refusal> {
        if self.ended {
            return Err(Refusal::Ended);
        }
        let name = clean_name(name)?;
        if self.students.len() >= MAX_STUDENTS {
            return Err(Refusal::Full);
        }
        let folded = name.to_lowercase();
        if self.students.iter().any(|student| student.name.to_lowercase() == folded) {
            return Err(Refusal::NameTaken);
        }
        let stem = match slug(&name) {
            stem if stem.is_empty() => "student".to_string(),
            stem => stem.chars().take(40).collect::<String>().trim_end_matches('-').to_string(),
        };
        let mut file = stem.clone();
        let mut count = 1;
        while self.students.iter().any(|student| student.file == file) {
            count += 1;
            file = format!("{stem}-{count}");
        }
        let student = Student {
            name,
            file,
            token: token(),
            csrf: token(),
            started_ms: now_ms,
            shown_ms: BTreeMap::new(),
            finished: false,
            answers: BTreeMap::new(),
        };
        let session = student.token.clone();
        self.by_token.insert(session.clone(), self.students.len());
        self.students.push(student);
        if self.save_state().is_err() {
            self.by_token.remove(&session);
            self.students.pop();
            return Err(Refusal::NotSaved);
        }
        Ok(session)
    }

    /// When the student's time runs out for question `position` (ms), if it does.
    pub fn deadline(&self, student: &Student, position: usize) -> Option<i64> {
        let total = self.exam.total.map(|total| student.started_ms + millis(total));
        let question = match self.exam.layout {
            Layout::One => self
                .exam
                .per_question
                .and_then(|limit| student.shown_ms.get(&position).map(|shown| shown + millis(limit))),
            Layout::All => None,
        };
        match (total, question) {
            (Some(total), Some(question)) => Some(total.min(question)),
            (one, other) => one.or(other),
        }
    }

    /// The question the student is on (one per page): the first neither
    /// answered nor timed out; `None` when none is left.
    pub fn current(&self, student: &Student, now_ms: i64) -> Option<usize> {
        (0..self.exam.questions.len()).find(|position| {
            let id = &self.exam.questions[*position].id;
            !student.answers.contains_key(id) && self.deadline(student, *position).is_none_or(|end| now_ms < end)
        })
    }

    /// Notes that question `position` was shown (its clock starts the first time).
    pub fn show(&mut self, token: &str, position: usize, now_ms: i64) -> Result<()> {
        let Some(index) = self.by_token.get(token).copied() else { return Ok(()) };
        let Some(student) = self.students.get_mut(index) else { return Ok(()) };
        if student.shown_ms.contains_key(&position) {
            return Ok(());
        }
        student.shown_ms.insert(position, now_ms);
        self.save_state()
    }

    /// Takes the student's answer to question `position`, unless the exam
    /// ended, their time ran out, or they handed in; writes it at once.
    pub fn answer(
        &mut self,
        token: &str,
        position: usize,
        answer: SheetAnswer,
        now_ms: i64,
    ) -> std::result::Result<(), Refusal> {
        let index = *self.by_token.get(token).ok_or(Refusal::Ended)?;
        let student = self.students.get(index).ok_or(Refusal::Ended)?;
        let question = self.exam.questions.get(position).ok_or(Refusal::NoQuestion)?;
        if self.ended {
            return Err(Refusal::Ended);
        }
        if student.finished {
            return Err(Refusal::Finished);
        }
        // One per page: only a question that was shown (so its clock ran) takes an answer.
        if self.exam.layout == Layout::One && !student.shown_ms.contains_key(&position) {
            return Err(Refusal::NoQuestion);
        }
        if self.deadline(student, position).is_some_and(|end| now_ms >= end) {
            return Err(Refusal::TimeUp);
        }
        let length = match &answer {
            SheetAnswer::One(text) => text.chars().count(),
            SheetAnswer::Many(texts) => texts.iter().map(|text| text.chars().count()).sum(),
        };
        if length > MAX_ANSWER_CHARS {
            return Err(Refusal::TooLong);
        }
        let id = question.id.clone();
        let previous = self.students.get_mut(index).and_then(|student| student.answers.insert(id.clone(), answer));
        if self.save_sheet(index).is_err() {
            // Not on disk, so not taken: the student is told and may try again.
            if let Some(student) = self.students.get_mut(index) {
                match previous {
                    Some(previous) => student.answers.insert(id, previous),
                    None => student.answers.remove(&id),
                };
            }
            return Err(Refusal::NotSaved);
        }
        Ok(())
    }

    /// Hands the student's exam in.
    pub fn finish(&mut self, token: &str) -> Result<()> {
        let Some(index) = self.by_token.get(token).copied() else { return Ok(()) };
        if let Some(student) = self.students.get_mut(index) {
            student.finished = true;
        }
        self.save_state()
    }

    /// Whether the student is done: handed in, out of time, out of questions, or the exam ended.
    pub fn is_done(&self, student: &Student, now_ms: i64) -> bool {
        self.ended
            || student.finished
            || self.exam.total.is_some_and(|total| now_ms >= student.started_ms + millis(total))
            || (self.exam.layout == Layout::One && self.current(student, now_ms).is_none())
    }

    /// The student's answers graded so far (unanswered questions count as wrong).
    pub fn result(&self, student: &Student) -> Result<ExamResult> {
        let sheet = Sheet { path: student.file.clone(), answers: student.answers.clone(), positions: BTreeMap::new() };
        let exam = self.exam;
        exam::grade_sheet(
            &exam.deck,
            &exam.lexicon,
            Some(&exam.questions),
            &exam.language,
            &sheet,
            exam.seed,
            exam.pass,
        )
    }

    /// Writes student `index`'s sheet (the state file does not hold answers:
    /// one write, one flush to disk, per answer).
    fn save_sheet(&self, index: usize) -> Result<()> {
        let Some(student) = self.students.get(index) else { return Ok(()) };
        write_atomic(&self.dir.join(format!("{}.toml", student.file)), sheet_toml(student).as_bytes())
    }

    fn save_state(&self) -> Result<()> {
        let state = State {
            deck: self.exam.deck.id.0.clone(),
            seed: self.exam.seed,
            questions: self.exam.questions.iter().map(|question| question.id.clone()).collect(),
            started: self.started,
            students: self.students.clone(),
        };
        let text = serde_json::to_string_pretty(&state).unwrap_or_default();
        write_atomic(&self.dir.join(STATE_FILE), text.as_bytes())
    }
}

/// A student's answers as the TOML sheet `quiz exam --answers` reads.
pub fn sheet_toml(student: &Student) -> String {
    let mut out = format!("# {} — written by quiz serve\n[answers]\n", student.name.replace(['\n', '\r'], " "));
    for (card, answer) in &student.answers {
        let value = match answer {
            SheetAnswer::One(text) => toml_string(text),
            SheetAnswer::Many(texts) => {
                let items: Vec<String> = texts.iter().map(|text| toml_string(text)).collect();
                format!("[{}]", items.join(", "))
            }
        };
        let _ = writeln!(out, "{} = {value}", toml_string(card));
    }
    out
}

/// A name made safe: trimmed, spaces folded, at most [`MAX_NAME_CHARS`],
/// without control or bidirectional characters.
fn clean_name(name: &str) -> std::result::Result<String, Refusal> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Refusal::BadName("empty".to_string()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Refusal::BadName(format!("longer than {MAX_NAME_CHARS} characters")));
    }
    if name.chars().any(|character| is_forbidden(character) || crate::text::sanitize::is_unsafe(character)) {
        return Err(Refusal::BadName("it holds control characters".to_string()));
    }
    Ok(name)
}

/// 128 random bits as hex: a session, form or page key.
pub fn new_token() -> String {
    token()
}

fn token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX / 4)
}
