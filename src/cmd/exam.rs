//! `quiz exam`: interactive exams, answer sheets, class reports and paper exams.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::ExamArgs;
use crate::clock::{Clock, Timestamp};
use crate::deck::{Catalog, Deck};
use crate::error::{Error, Result};
use crate::fsio::{read_text, write_atomic, FileKind};
use crate::grade::Lexicon;
use crate::output::{print, print_json};
use crate::report::{self, Format};
use crate::session::exam::{self, ExamPlan, ExamQuestion, ExamResult, ExamRun, Limits, Sheet};
use crate::session::Journal;
use crate::settings::{App, DeckFlags, OpenedDeck};
use crate::store::{ExamAttempt, SessionKind};
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::ui::prompter::{can_prompt, TerminalPrompter};
use crate::Outcome;

/// The longest time limit an exam may have.
const LONGEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Runs `quiz exam` in the mode its flags ask for.
pub fn run(app: &App, args: &ExamArgs) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.pass) {
        return Err(Error::Usage(format!("--pass {} must be a share from 0 to 1, e.g. 0.7", args.pass)));
    }
    for (flag, limit) in [("--time-limit", args.time_limit), ("--question-time", args.question_time)] {
        if limit.is_some_and(|limit| limit > LONGEST_LIMIT) {
            return Err(Error::Usage(format!("{flag} is longer than 24h; give a shorter time, e.g. 15m")));
        }
    }
    let format = report::chosen_format(args.format, app.json, Format::Json, Format::Text)?;
    if args.print && app.json {
        return Err(Error::Usage("--print writes the exam as Markdown; leave out --json".to_string()));
    }
    let catalog = app.open_deck_catalog()?;
    // Grading reads the deck's terms from its catalog, not from every card again.
    let lexicon = Lexicon::of_catalog(&catalog);
    let header = catalog.header();
    let language = app.language(header, true)?;
    let grading_sheets = args.answers.is_some() || args.answers_dir.is_some();
    let seed = match args.seed {
        Some(seed) => seed,
        // A sheet graded without a seed is graded card by card; no exam to replay.
        None if grading_sheets => 0,
        None => {
            let seed = fresh_seed(app.now);
            talk!("exam seed: {seed} (give --seed {seed} to replay this exam)");
            seed
        }
    };
    let chosen = choose(&catalog, &ExamPlan { seed, count: args.count, tags: args.tags.clone() })?;
    // Sheets graded card by card need none of the exam's cards.
    let asked = if grading_sheets && args.seed.is_none() { &[][..] } else { chosen.as_slice() };
    let opened = OpenedDeck { deck: catalog.part(asked), name: catalog.name.clone(), origin: catalog.origin.clone() };
    let deck = &opened.deck;
    let questions: Vec<ExamQuestion> =
        deck.cards.iter().enumerate().map(|(index, card)| exam::pose(card, index, seed)).collect();

    if args.print {
        let mut replay = format!("quiz exam --deck {} --seed {seed}", app.deck_name()?);
        if let Some(count) = args.count {
            replay.push_str(&format!(" --count {count}"));
        }
        for tag in &args.tags {
            replay.push_str(&format!(" --tag {tag}"));
        }
        print(&report::markdown::exam_paper(deck, &questions, &language, &replay, args.key))?;
        return Ok(Outcome::Success);
    }
    // With a seed, sheets are graded as that exam; without, card by card.
    let seeded = args.seed.is_some().then_some((deck, questions.as_slice()));
    let grading = Grading { catalog: &catalog, lexicon: &lexicon, seeded, language: &language, seed };
    if let Some(dir) = &args.answers_dir {
        return grade_class(app, args, &grading, dir);
    }
    let result = match &args.answers {
        Some(path) => grade_sheet_file(&grading, args.pass, path)?,
        None => interactive(app, args, &opened, &questions, &lexicon, &language, seed)?,
    };
    print(&render(format, &result))?;
    if let Some(path) = &args.report {
        // A file is never a terminal: no colour codes in it.
        colored::control::set_override(false);
        write_atomic(path, render(args.format.unwrap_or_else(|| format_for_path(path)), &result).as_bytes())?;
        talk!("Wrote the report to {}.", terminal_line(&path.display().to_string()));
    }
    Ok(if result.passed { Outcome::Success } else { Outcome::Failure })
}

/// The positions of the exam's cards in `catalog`, chosen from each card's
/// tags (only the chosen cards are decoded later); a tag no card has, or no
/// card at all, is an error.
pub(super) fn choose(catalog: &Catalog, plan: &ExamPlan) -> Result<Vec<usize>> {
    let header = catalog.header();
    let entries = catalog.entries();
    for tag in &plan.tags {
        if !entries.iter().any(|entry| entry.tags.contains(tag)) {
            return Err(Error::Usage(format!("no card of `{}` has the tag `{}`", header.id, terminal_line(tag))));
        }
    }
    let chosen = exam::choose(entries.iter().map(|entry| entry.tags.as_slice()), plan);
    if chosen.is_empty() {
        return Err(Error::Usage(format!("the exam has no questions: `{}` has no matching cards", header.id)));
    }
    Ok(chosen)
}

/// A seed from the clock, when the teacher gave none.
pub(super) fn fresh_seed(now: Timestamp) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or(0);
    crate::hash::stable_hash(&[&now.millis().to_string(), &nanos.to_string(), &std::process::id().to_string()])
        % 1_000_000
}

/// The report in `format`.
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

/// What answer sheets are graded against.
struct Grading<'a> {
    catalog: &'a Catalog,
    lexicon: &'a Lexicon<'a>,
    /// The exam's cards and questions when a seed was given; card by card otherwise.
    seeded: Option<(&'a Deck, &'a [ExamQuestion])>,
    language: &'a str,
    seed: u64,
}

/// Grades one sheet file, decoding only the cards it needs.
fn grade_sheet_file(grading: &Grading<'_>, pass: f64, path: &Path) -> Result<ExamResult> {
    let text = read_text(path, FileKind::Sheet)?;
    let sheet = Sheet::parse(&path.display().to_string(), &text)?;
    let Grading { catalog, lexicon, seeded, language, seed } = *grading;
    let mut positions = Vec::with_capacity(sheet.answers.len());
    sheet.check_cards(
        &catalog.header().id,
        |id| catalog.position(id).map(|position| positions.push(position)).is_some(),
        || catalog.ids(),
    )?;
    match seeded {
        Some((deck, questions)) => exam::grade_sheet(deck, lexicon, Some(questions), language, &sheet, seed, pass),
        None => {
            positions.sort_unstable();
            exam::grade_sheet(&catalog.part(&positions), lexicon, None, language, &sheet, seed, pass)
        }
    }
}

/// Grades every `*.toml` sheet in `dir` into one class report (CSV; with
/// --json, a JSON summary on stdout).
fn grade_class(app: &App, args: &ExamArgs, grading: &Grading<'_>, dir: &Path) -> Result<Outcome> {
    let (deck, seed) = (grading.catalog.header(), grading.seed);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|error| Error::io("read", dir, error))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no answer sheets (*.toml)",
            terminal_line(&dir.display().to_string())
        )));
    }
    let mut students = Vec::with_capacity(paths.len());
    for path in &paths {
        let student = path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let result = grade_sheet_file(grading, args.pass, path)?;
        students.push((student, result));
    }
    let csv = report::csv::class(&students);
    let average = students.iter().map(|(_, result)| result.score).sum::<f64>() / students.len() as f64;
    let passed = students.iter().filter(|(_, result)| result.passed).count();
    let hardest = report::hardest(&students, 5);
    match (&args.report, app.json) {
        (Some(path), _) => {
            write_atomic(path, csv.as_bytes())?;
            talk!("Wrote the class report to {}.", terminal_line(&path.display().to_string()));
        }
        (None, false) => print(&csv)?,
        (None, true) => {}
    }
    talk!("{} sheet(s): class average {:.1}%, {passed} passed.", students.len(), average * 100.0);
    if !hardest.is_empty() {
        talk!("Hardest questions:");
        for (card, right, total) in &hardest {
            talk!("  {:<32} {right}/{total} right", terminal_line(card));
        }
    }
    if app.json {
        print_json(&json!({
            "deck": deck.id,
            "seed": seed,
            "sheets": students.len(),
            "average": average,
            "passed": passed,
            "pass_mark": args.pass,
            "students": students.iter().map(|(student, result)| json!({
                "student": student,
                "correct": result.correct,
                "total": result.total,
                "score": result.score,
                "passed": result.passed,
            })).collect::<Vec<_>>(),
            "hardest": hardest.iter().map(|(card, right, total)| json!({ "card": card, "right": right, "total": total })).collect::<Vec<_>>(),
        }))?;
    }
    Ok(if average + 1e-9 >= args.pass { Outcome::Success } else { Outcome::Failure })
}

/// Asks the exam on the terminal and stores the attempt; with `--record`,
/// each answer counts as a review the moment it is given.
fn interactive(
    app: &App,
    args: &ExamArgs,
    opened: &OpenedDeck,
    questions: &[ExamQuestion],
    lexicon: &Lexicon<'_>,
    language: &str,
    seed: u64,
) -> Result<ExamResult> {
    if !can_prompt() {
        return Err(Error::NeedsTerminal("an interactive exam (give --answers FILE to grade a sheet)"));
    }
    let deck = &opened.deck;
    let (mut store, _preview) = app.session_store(args.record)?;
    let settings = app.deck_settings(deck, &DeckFlags::default(), Some(&store))?;
    app.note_deck_place(&mut store, opened)?;
    let clock = Clock::running_from(app.now);
    let started = clock.now();
    let limits = Limits { total: args.time_limit, per_question: args.question_time };
    let mut prompter = TerminalPrompter::new(crate::ui::messages::Lang::for_code(language));
    if limits.total.is_some() || limits.per_question.is_some() {
        talk!("{} question(s); answer each before the clock on its answer line runs out.", questions.len());
    }
    let to_ask = ExamRun { deck, questions, lexicon, language, limits, feedback: args.feedback };
    let asked = {
        let mut journal =
            Journal::new(&mut store, &settings.scheduler, deck, SessionKind::Exam).with_leech_rule(settings.leech);
        exam::run(&to_ask, &mut prompter, &clock, args.record.then_some(&mut journal))?
    };
    prompter.restore();
    let mut result = ExamResult::new(deck, seed, args.pass, asked.results);
    if asked.abandoned {
        result = result.abandoned();
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
        abandoned: result.abandoned,
        answers_json: report::json::exam(&result),
    })?;
    Ok(result)
}
