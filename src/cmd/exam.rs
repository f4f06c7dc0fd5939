//! `quiz exam`: interactive exams, answer sheets, class reports and paper exams.

use std::path::Path;

use crate::cli::ExamArgs;
use crate::clock::{Clock, Timestamp};
use crate::deck::Deck;
use crate::error::Error;
use crate::fsio::{read_text, write_atomic, FileKind};
use crate::report::{self, Format};
use crate::schedule::{CardState, Rating};
use crate::session::exam::{self, ExamPlan, ExamQuestion, ExamResult, Limits};
use crate::session::sheet::Sheet;
use crate::session::{commit, default_rating, Commit};
use crate::store::{ExamAttempt, SessionKind};
use crate::ui::prompter::{can_prompt, TerminalPrompter};
use crate::{App, Outcome, Result};

/// Runs `quiz exam` in the mode its flags ask for.
pub fn run(app: &App, args: &ExamArgs) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.pass) {
        return Err(Error::Usage(format!("--pass {} must be a share from 0 to 1, e.g. 0.7", args.pass)));
    }
    let deck = app.open_deck()?;
    let language = app.session_language(&deck)?;
    let grading_sheets = args.answers.is_some() || args.answers_dir.is_some();
    let seed = match args.seed {
        Some(seed) => seed,
        // A sheet graded without a seed is graded card by card; no exam to replay.
        None if grading_sheets => 0,
        None => {
            let seed = fresh_seed(app.now);
            eprintln!("exam seed: {seed} (give --seed {seed} to replay this exam)");
            seed
        }
    };
    for tag in &args.tags {
        if !deck.cards.iter().any(|card| card.tags.contains(tag)) {
            return Err(Error::Usage(format!("no card of `{}` has the tag `{tag}`", deck.id)));
        }
    }
    let plan = ExamPlan { seed, count: args.count, tags: args.tags.clone() };
    let questions = exam::select(&deck, &plan);
    if questions.is_empty() {
        return Err(Error::Usage(format!("the exam has no questions: `{}` has no matching cards", deck.id)));
    }

    if args.print {
        let mut replay = format!("quiz exam --deck {} --seed {seed}", crate::ui::terminal(app.deck_name()?));
        if let Some(count) = args.count {
            replay.push_str(&format!(" --count {count}"));
        }
        for tag in &args.tags {
            replay.push_str(&format!(" --tag {}", crate::ui::terminal(tag)));
        }
        let paper = report::markdown::exam_paper(&deck, &questions, &language, &replay, args.key);
        print!("{paper}");
        return Ok(Outcome::Success);
    }
    if let Some(dir) = &args.answers_dir {
        return grade_class(args, &deck, &questions, &language, seed, dir);
    }
    let result = match &args.answers {
        Some(path) => grade_sheet_file(args, &deck, &questions, &language, seed, path)?,
        None => interactive(app, args, &deck, &questions, &language, seed)?,
    };
    emit(args, &result)?;
    Ok(if result.passed { Outcome::Success } else { Outcome::Failure })
}

/// A seed from the clock, when the teacher gave none.
fn fresh_seed(now: Timestamp) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or(0);
    crate::hash::stable_hash(&[&now.millis().to_string(), &nanos.to_string(), &std::process::id().to_string()])
        % 1_000_000
}

/// Prints the report on stdout in `--format`, and writes it to `--report` too.
fn emit(args: &ExamArgs, result: &ExamResult) -> Result<()> {
    let format = args.format.unwrap_or(Format::Text);
    print!("{}", render(format, result));
    if let Some(path) = &args.report {
        let file_format = args.format.unwrap_or_else(|| format_for_path(path));
        if file_format == Format::Text {
            colored::control::set_override(false);
        }
        write_atomic(path, render(file_format, result).as_bytes())?;
        eprintln!("Wrote the report to {}.", path.display());
    }
    Ok(())
}

fn render(format: Format, result: &ExamResult) -> String {
    match format {
        Format::Text => report::text::exam(result),
        Format::Json => report::json::exam(result),
        Format::Csv => report::csv::exam(result),
        Format::Junit => report::junit::exam(result),
    }
}

/// The report format a file name implies (.json, .csv, .xml; text otherwise).
fn format_for_path(path: &Path) -> Format {
    match path.extension().and_then(|extension| extension.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some("xml") => Format::Junit,
        _ => Format::Text,
    }
}

/// Grades one sheet. With `--seed` the sheet is graded against that exam (its
/// questions, its letters; unanswered questions are wrong); without, only the
/// cards it answers are graded, with letters in the deck's order.
fn grade_sheet_file(
    args: &ExamArgs,
    deck: &Deck,
    questions: &[ExamQuestion],
    language: &str,
    seed: u64,
    path: &Path,
) -> Result<ExamResult> {
    let text = read_text(path, FileKind::Sheet)?;
    let sheet = Sheet::parse(&path.display().to_string(), &text)?;
    grade_sheet(args, deck, questions, language, seed, &sheet)
}

fn grade_sheet(
    args: &ExamArgs,
    deck: &Deck,
    questions: &[ExamQuestion],
    language: &str,
    seed: u64,
    sheet: &Sheet,
) -> Result<ExamResult> {
    for id in sheet.answers.keys() {
        if deck.card(id).is_none() {
            let hint = crate::text::closest(id, deck.cards.iter().map(|card| card.id.0.as_str()))
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            return Err(sheet.error_at(id, format!("deck `{}` has no card `{id}`{hint}", deck.id)));
        }
    }
    let graded: Vec<ExamQuestion> = if args.seed.is_some() {
        for id in sheet.answers.keys() {
            if !questions.iter().any(|question| question.id == *id) {
                return Err(sheet.error_at(id, format!("card `{id}` is not a question of this exam (seed {seed})")));
            }
        }
        questions.to_vec()
    } else {
        deck.cards
            .iter()
            .enumerate()
            .filter(|(_, card)| sheet.answers.contains_key(&card.id.0))
            .map(|(index, card)| {
                let count = card.text.answer.choices().map(<[String]>::len).or(match &card.text.answer {
                    crate::deck::Answer::Order { items } => Some(items.len()),
                    _ => None,
                });
                ExamQuestion { card: index, id: card.id.0.clone(), shown: (0..count.unwrap_or(0)).collect() }
            })
            .collect()
    };
    let mut results = Vec::with_capacity(graded.len());
    for question in &graded {
        let result = exam::grade_sheet_question(deck, question, language, sheet.answers.get(&question.id))
            .map_err(|message| sheet.error_at(&question.id, message))?;
        results.push(result);
    }
    Ok(ExamResult::new(deck, seed, args.pass, results))
}

/// Grades every `*.toml` sheet in `dir` into one class CSV.
fn grade_class(
    args: &ExamArgs,
    deck: &Deck,
    questions: &[ExamQuestion],
    language: &str,
    seed: u64,
    dir: &Path,
) -> Result<Outcome> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| Error::io("read", dir, error))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Usage(format!("{} has no answer sheets (*.toml)", dir.display())));
    }
    let mut students = Vec::with_capacity(paths.len());
    for path in &paths {
        let student = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or("?").to_string();
        let result = grade_sheet_file(args, deck, questions, language, seed, path)?;
        students.push((student, result));
    }
    let csv = report::csv::class(&students);
    match &args.report {
        Some(path) => {
            write_atomic(path, csv.as_bytes())?;
            eprintln!("Wrote the class report to {}.", path.display());
        }
        None => print!("{csv}"),
    }
    let average = students.iter().map(|(_, result)| result.score).sum::<f64>() / students.len() as f64;
    let passed = students.iter().filter(|(_, result)| result.passed).count();
    eprintln!("{} sheet(s): class average {:.1}%, {passed} passed.", students.len(), average * 100.0);
    let hardest = report::csv::hardest(&students, 5);
    if !hardest.is_empty() {
        eprintln!("Hardest questions:");
        for (card, right, total) in hardest {
            eprintln!("  {:<32} {right}/{total} right", crate::ui::terminal(&card));
        }
    }
    Ok(if average + 1e-9 >= args.pass { Outcome::Success } else { Outcome::Failure })
}

/// Asks the exam on the terminal, stores the attempt, and with `--record` lets
/// the answers count as reviews.
fn interactive(
    app: &App,
    args: &ExamArgs,
    deck: &Deck,
    questions: &[ExamQuestion],
    language: &str,
    seed: u64,
) -> Result<ExamResult> {
    if !can_prompt() {
        return Err(Error::NeedsTerminal("an interactive exam (give --answers FILE to grade a sheet)"));
    }
    let mut store = app.open_store()?;
    let clock = Clock::running_from(app.now);
    let started = clock.now();
    let limits = Limits { total: args.time_limit, per_question: args.question_time };
    let mut prompter = TerminalPrompter::new(crate::ui::messages::Lang::for_code(language));
    if limits.total.is_some() || limits.per_question.is_some() {
        eprintln!("{} question(s); answer before the clock in the header runs out.", questions.len());
    }
    let (results, answered) = exam::run(deck, questions, language, limits, args.feedback, &mut prompter);
    prompter.restore();
    let result = ExamResult::new(deck, seed, args.pass, results);
    if args.record {
        let scheduler = app.scheduler(deck, None)?;
        for item in &answered {
            let card = &deck.cards[item.card];
            let rating = default_rating(item.verdict);
            let now = clock.now();
            let before =
                store.card(&deck.id, &card.id)?.map_or_else(|| CardState::new_card(now), |stored| stored.state);
            let answer = Commit {
                deck,
                card,
                before,
                rating,
                now,
                response: "",
                correct: rating != Rating::Again,
                duration_ms: item.duration.as_millis().min(u128::from(u32::MAX)) as u64,
                kind: SessionKind::Exam,
            };
            commit(&mut store, &scheduler, &answer)?;
        }
    }
    store.record_exam(&ExamAttempt {
        deck: deck.id.clone(),
        seed,
        started,
        finished: clock.now(),
        score: result.score,
        correct: result.correct as u32,
        total: result.total as u32,
        passed: result.passed,
        answers_json: report::json::exam(&result),
    })?;
    Ok(result)
}
