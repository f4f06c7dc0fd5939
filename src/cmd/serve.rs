//! `quiz serve --exam`: the exam served to a classroom's browsers; at the
//! end, each student's attempt in the store and the class graded from the
//! sheets by the very code `quiz exam --answers-dir` runs.

use crate::cli::{ExamArgs, ServeArgs};
use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::grade::Lexicon;
use crate::report;
use crate::serve::room::{Exam, Room};
use crate::session::exam::{self, ExamPlan};
use crate::settings::App;
use crate::store::ExamAttempt;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::Outcome;

/// Serves the exam until SIGINT or SIGTERM, then records and grades it.
pub fn run(app: &App, args: &ServeArgs) -> Result<Outcome> {
    if !args.exam {
        return Err(Error::Usage(
            "the personal study page is not in this build yet; give --exam to serve an exam to a class".to_string(),
        ));
    }
    if !(0.0..=1.0).contains(&args.pass) {
        return Err(Error::Usage(format!("--pass {} must be a share from 0 to 1, e.g. 0.7", args.pass)));
    }
    // The catalog and the deck's terms live as long as the server: kept for the process.
    let catalog: &'static crate::deck::Catalog = Box::leak(Box::new(app.open_deck_catalog()?));
    let header = catalog.header();
    let language = app.language(header, true)?;
    let seed = args.seed.unwrap_or_else(|| Timestamp::now().millis().unsigned_abs() % 1_000_000);
    if args.seed.is_none() {
        talk!("exam seed: {seed} (give --seed {seed} to serve or grade this exam again)");
    }
    let entries = catalog.entries();
    for tag in &args.tags {
        if !entries.iter().any(|entry| entry.tags.contains(tag)) {
            return Err(Error::Usage(format!("no card of `{}` has the tag `{}`", header.id, terminal_line(tag))));
        }
    }
    let plan = ExamPlan { seed, count: args.count, tags: args.tags.clone() };
    let chosen = exam::choose(entries.iter().map(|entry| entry.tags.as_slice()), &plan);
    drop(entries);
    if chosen.is_empty() {
        return Err(Error::Usage(format!("the exam has no questions: `{}` has no matching cards", header.id)));
    }
    let deck = catalog.part(&chosen);
    let questions = deck.cards.iter().enumerate().map(|(index, card)| exam::pose(card, index, seed)).collect();
    let exam = crate::serve::keep(Exam {
        deck,
        questions,
        lexicon: Lexicon::of_catalog(catalog),
        language,
        seed,
        pass: args.pass,
        total: args.time_limit,
        per_question: args.question_time,
        layout: args.layout,
    });
    let dir = match &args.results {
        Some(dir) => dir.clone(),
        None => app.data_dir()?.join("serve").join(format!("{}-{seed}", header.id)),
    };
    // With a teacher at a terminal, students wait in a lobby until the start key.
    let teacher = crate::serve::teacher::available();
    let room = Room::open(exam, &dir, teacher)?;
    talk!("Answer sheets go to {}.", terminal_line(&dir.display().to_string()));
    let room = crate::serve::serve(room, args.listen, teacher)?;
    finish(app, args, &room, &dir)
}

/// Records each student's attempt, then grades the sheets as `quiz exam
/// --answers-dir DIR --seed S` does (same summary, same `--report`); exits 0
/// whatever the class scored.
fn finish(app: &App, args: &ServeArgs, room: &Room, dir: &std::path::Path) -> Result<Outcome> {
    let exam = room.exam();
    if room.students().iter().all(|student| student.answers.is_empty()) {
        talk!("The exam ended with no answers.");
        return Ok(Outcome::Success);
    }
    let mut store = app.open_store()?;
    let now = Timestamp::now();
    for student in room.students() {
        let result = room.result(student)?;
        store.record_exam(&ExamAttempt {
            deck: exam.deck.id.clone(),
            seed: exam.seed,
            started: Timestamp::from_millis(student.started_ms).unwrap_or(now),
            finished: now,
            score: result.score,
            correct: result.correct as u32,
            total: result.total as u32,
            passed: result.passed,
            abandoned: false,
            answers_json: report::json::exam(&result),
        })?;
    }
    let grading = ExamArgs {
        count: args.count,
        tags: args.tags.clone(),
        seed: Some(exam.seed),
        time_limit: None,
        question_time: None,
        pass: args.pass,
        report: args.report.clone(),
        format: None,
        feedback: false,
        record: false,
        answers: None,
        answers_dir: Some(dir.to_path_buf()),
        print: false,
        key: false,
    };
    // The exam is over whatever the class scored: serving it succeeded.
    super::exam::run(app, &grading).map(|_| Outcome::Success)
}
