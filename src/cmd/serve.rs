//! `quiz serve --exam`: the exam served to a classroom's browsers; at the
//! end, each student's attempt in the store and the class graded from the
//! sheets by the very code `quiz exam --answers-dir` runs.

use std::sync::Arc;

use crate::cli::{ExamArgs, ServeArgs};
use crate::clock::{Clock, Timestamp};
use crate::deck::{NotesFile, Shelf};
use crate::error::{Error, Result};
use crate::grade::Lexicon;
use crate::report;
use crate::serve::room::{Exam, Room};
use crate::serve::study::{self, Page, WebPrompter};
use crate::serve::Background;
use crate::session::exam::{self, ExamPlan};
use crate::session::study::{run as run_session, StudyOptions};
use crate::session::Journal;
use crate::settings::App;
use crate::settings::DeckFlags;
use crate::store::ExamAttempt;
use crate::store::SessionKind;
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::ui::messages::Lang;
use crate::ui::render;
use crate::Outcome;

/// Serves the exam until SIGINT or SIGTERM, then records and grades it.
pub fn run(app: &App, args: &ServeArgs) -> Result<Outcome> {
    if !args.exam {
        return study_page(app, args);
    }
    if !(0.0..=1.0).contains(&args.pass) {
        return Err(Error::Usage(format!("--pass {} must be a share from 0 to 1, e.g. 0.7", args.pass)));
    }
    // The catalog and the deck's terms live as long as the server: kept for the process.
    let catalog: &'static crate::deck::Catalog = Box::leak(Box::new(app.open_deck_catalog()?));
    let header = catalog.header();
    let language = app.language(header, true)?;
    let seed = args.seed.unwrap_or_else(|| super::exam::fresh_seed(app.now));
    if args.seed.is_none() {
        talk!("exam seed: {seed} (give --seed {seed} to serve or grade this exam again)");
    }
    let chosen = super::exam::choose(catalog, &ExamPlan { seed, count: args.count, tags: args.tags.clone() })?;
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

/// `quiz serve --deck D`: the study session, as `quiz study` runs it, answered
/// from a browser; the page opens with the key in the printed URL. The
/// summary is printed when the session ends; the page stays until SIGINT or
/// SIGTERM (which also ends a session still running, as quitting does).
fn study_page(app: &App, args: &ServeArgs) -> Result<Outcome> {
    let catalog = app.open_deck_catalog()?;
    let shelf = Shelf::of_catalog(&catalog);
    let deck = shelf.header();
    let mut store = app.open_store()?;
    let settings = app.deck_settings(deck, &DeckFlags::default(), Some(&store))?;
    let options = StudyOptions {
        language: app.language(deck, true)?,
        auto: false,
        new_per_day: settings.new_per_day,
        limit: None,
        tags: args.tags.clone(),
        notes: deck.source.as_deref().map(|relative| NotesFile::new(catalog.origin.clone(), relative)),
        day_start: app.day_start()?,
    };
    app.note_catalog_place(&mut store, &catalog)?;
    let clock = Clock::running_from(app.now);
    let (to_page, screens) = std::sync::mpsc::channel();
    let (to_session, inputs) = std::sync::mpsc::channel();
    let key = crate::serve::room::new_token();
    let page = Arc::new(Page::new(key.clone(), deck.title.clone(), options.language.clone(), to_session, screens));
    let server = Background::start(study::router(page), args.listen, &format!("?key={key}"))?;
    let mut prompter = WebPrompter::new(to_page, inputs);
    let summary = {
        let mut journal =
            Journal::new(&mut store, &settings.scheduler, deck, SessionKind::Study).with_leech_rule(settings.leech);
        run_session(&mut journal, &shelf, &clock, &mut prompter, &options)
    };
    let summary = match summary {
        Ok(summary) => summary,
        Err(error) => {
            server.stop();
            return Err(error);
        }
    };
    let lang = Lang::for_code(&options.language);
    colored::control::set_override(false);
    let text = render::summary(&summary, clock.now(), lang);
    prompter.done(text.clone());
    crate::output::print(&text)?;
    talk!("The session is over; the page shows its summary until Ctrl-C.");
    server.wait();
    Ok(Outcome::Success)
}
