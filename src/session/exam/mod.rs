//! Exams: a seeded selection of questions, asked without feedback (unless
//! asked for), graded at the end; and answer sheets graded without a terminal.
//!
//! The selection is a contract with teachers: the same deck, seed, count and
//! tags give the same questions in the same order, with the same choice order,
//! on every machine and every version. It uses only [`permutation`] (ChaCha8 and
//! our own Fisher–Yates) and [`stable_hash`] (FNV-1a), never `rand`'s
//! algorithms, whose output may change between releases.

mod run;
mod sheet;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

pub use run::{run, Asked, ExamRun, Limits};
pub use sheet::{grade_sheet, Sheet, SheetAnswer, MAX_ANSWER_CHARS};

use super::permutation;
use super::queue::has_any_tag;
use crate::deck::{Answer, Card, Deck};
use crate::hash::stable_hash;

/// What an exam is made of.
#[derive(Clone, Debug, Default)]
pub struct ExamPlan {
    /// The seed everything is drawn from.
    pub seed: u64,
    /// How many questions (all eligible cards when `None` or larger).
    pub count: Option<usize>,
    /// Only cards with one of these tags (all cards when empty).
    pub tags: Vec<String>,
}

/// One question of an exam: a card and the order its choices or items are shown in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExamQuestion {
    /// Index into the deck's cards.
    #[serde(skip)]
    pub card: usize,
    /// The card's id.
    pub id: String,
    /// `shown[i]` is the deck index of the choice or item shown at position `i`.
    pub shown: Vec<usize>,
}

/// The seed for a question's choice order.
pub fn choice_seed(exam_seed: u64, card_id: &str) -> u64 {
    stable_hash(&[&exam_seed.to_string(), card_id])
}

/// Picks and orders the questions of an exam.
///
/// Cards are grouped by their first tag (their section). Each group is shuffled,
/// the groups are visited in a shuffled order, and cards are taken one per group
/// in turn until `count` are chosen — so every section is represented once
/// `count` reaches the number of sections. The chosen cards are then shuffled.
pub fn select(deck: &Deck, plan: &ExamPlan) -> Vec<ExamQuestion> {
    choose(deck.cards.iter().map(|card| card.tags.as_slice()), plan)
        .into_iter()
        .map(|index| pose(&deck.cards[index], index, plan.seed))
        .collect()
}

/// The positions of an exam's cards, in exam order, from each card's tags in
/// deck order: [`select`] without decoding a card. O(n log n) in cards and
/// sections.
pub fn choose<'t>(tags: impl IntoIterator<Item = &'t [String]>, plan: &ExamPlan) -> Vec<usize> {
    // Sections in the order they first appear, found through a map (not a search per card).
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for (index, tags) in tags.into_iter().enumerate() {
        if !has_any_tag(tags, &plan.tags) {
            continue;
        }
        let section = tags.first().map_or("", String::as_str);
        let group = *group_of.entry(section).or_insert_with(|| {
            groups.push((section, Vec::new()));
            groups.len() - 1
        });
        groups[group].1.push(index);
    }
    let total: usize = groups.iter().map(|(_, members)| members.len()).sum();
    let wanted = plan.count.unwrap_or(total).min(total);
    let seed = plan.seed.to_string();
    let group_order = permutation(stable_hash(&[&seed, "groups"]), groups.len());
    let shuffled: Vec<Vec<usize>> = group_order
        .iter()
        .map(|group| {
            let (name, members) = &groups[*group];
            let order = permutation(stable_hash(&[&seed, "group", name]), members.len());
            order.into_iter().map(|position| members[position]).collect()
        })
        .collect();
    let mut chosen = Vec::with_capacity(wanted);
    let mut round = 0;
    while chosen.len() < wanted {
        for group in &shuffled {
            if chosen.len() < wanted {
                if let Some(card) = group.get(round) {
                    chosen.push(*card);
                }
            }
        }
        round += 1;
    }
    let order = permutation(stable_hash(&[&seed, "questions"]), chosen.len());
    order.into_iter().map(|position| chosen[position]).collect()
}

/// `card` as a question of the exam drawn from `seed`, found at `index` of
/// the deck it is asked from: its choices or items in the exam's order.
pub fn pose(card: &Card, index: usize, seed: u64) -> ExamQuestion {
    let id = card.id.0.clone();
    let answer = &card.text.answer;
    let mut shown = permutation(choice_seed(seed, &id), answer.options().len());
    if matches!(answer, Answer::Order { .. }) && shown.iter().enumerate().all(|(at, index)| at == *index) {
        shown.rotate_left(1);
    }
    ExamQuestion { card: index, id, shown }
}

/// The graded result of one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionResult {
    /// The card's id.
    pub card: String,
    /// Whether the answer was right (typos forgiven as in study); `null`
    /// when it needs a teacher's mark (a flashcard answered on a sheet or in
    /// a timed exam is not graded on its exact text).
    pub correct: Option<bool>,
    /// The right answer, as text.
    pub expected: String,
    /// What was given, as text (`null` when unanswered).
    pub given: Option<String>,
    /// The card's tags.
    pub tags: Vec<String>,
    /// The question's prompt.
    #[serde(skip)]
    pub prompt: String,
    /// The card's explanation.
    #[serde(skip)]
    pub explanation: Option<String>,
    /// Seconds spent on the question (interactive exams only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

/// A graded exam.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExamResult {
    /// The deck id.
    pub deck: String,
    /// The seed that replays the exam.
    pub seed: u64,
    /// Correct ÷ total, from 0 to 1.
    pub score: f64,
    /// Questions graded (those that need a teacher's mark are not).
    pub total: usize,
    /// Questions answered right.
    pub correct: usize,
    /// Questions that need a teacher's mark, not counted in the score.
    pub ungraded: usize,
    /// Whether the score reached the pass mark (never for an abandoned exam).
    pub passed: bool,
    /// Whether the learner ended the exam before its last question (q, Esc,
    /// Ctrl-C): not failed, abandoned.
    pub abandoned: bool,
    /// The pass mark.
    pub pass_mark: f64,
    /// Per question, in exam order.
    pub results: Vec<QuestionResult>,
}

impl ExamResult {
    /// Builds the result from per-question results.
    pub fn new(deck: &Deck, seed: u64, pass_mark: f64, results: Vec<QuestionResult>) -> Self {
        let ungraded = results.iter().filter(|result| result.correct.is_none()).count();
        let total = results.len() - ungraded;
        let correct = results.iter().filter(|result| result.correct == Some(true)).count();
        let score = if total == 0 { 0.0 } else { correct as f64 / total as f64 };
        ExamResult {
            deck: deck.id.0.clone(),
            seed,
            score,
            total,
            correct,
            ungraded,
            passed: total > 0 && score + 1e-9 >= pass_mark,
            abandoned: false,
            pass_mark,
            results,
        }
    }

    /// The result of an exam the learner ended before its last question: it
    /// does not pass, whatever the score so far.
    pub fn abandoned(mut self) -> Self {
        self.abandoned = true;
        self.passed = false;
        self
    }

    /// Questions given an answer (an abandoned exam leaves some without).
    pub fn answered(&self) -> usize {
        self.results.iter().filter(|result| result.given.is_some()).count()
    }

    /// Correct and graded per tag, in tag order.
    pub fn by_tag(&self) -> BTreeMap<String, (usize, usize)> {
        let mut tags: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for result in &self.results {
            let Some(right) = result.correct else { continue };
            for tag in &result.tags {
                let entry = tags.entry(tag.clone()).or_default();
                entry.1 += 1;
                entry.0 += usize::from(right);
            }
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::grade::Lexicon;
    use crate::session::scripted::{ScriptedPrompter, Step};
    use crate::session::testing::kinds_deck;
    use crate::session::Given;

    /// Takes the exam of `questions` from `deck` in English, on Monday's
    /// fixed clock, without recording it.
    fn take(
        deck: &Deck,
        questions: &[ExamQuestion],
        prompter: &mut ScriptedPrompter,
        limits: Limits,
        feedback: bool,
    ) -> Asked {
        let exam = ExamRun { deck, questions, lexicon: &Lexicon::of(deck), language: "en", limits, feedback };
        run(&exam, prompter, &Clock::fixed(crate::session::testing::monday()), None).unwrap()
    }

    #[test]
    fn answers_are_graded_at_the_end_without_feedback_and_a_quit_leaves_the_rest_wrong() {
        let deck = kinds_deck();
        let questions = select(&deck, &ExamPlan { seed: 1, count: Some(3), tags: vec!["gevent".into()] });
        let ids: Vec<&str> = questions.iter().map(|question| question.id.as_str()).collect();
        let mut steps = Vec::new();
        for id in &ids {
            steps.push(match *id {
                "loop-library" => Step::Pick(vec!["libev"]),
                "libuv-in-cpython" => Step::Answer(Given::Index(1)),
                _ => Step::Answer(Given::Text("2009".into())),
            });
        }
        steps.truncate(2);
        let mut prompter = ScriptedPrompter::new(steps);
        let asked = take(&deck, &questions, &mut prompter, Limits::default(), false);
        assert!(asked.abandoned, "quitting abandons the exam");
        let results = asked.results;
        assert_eq!(results.len(), 3);
        assert_eq!(
            results.iter().map(|result| result.correct).collect::<Vec<_>>(),
            [Some(true), Some(true), Some(false)]
        );
        assert_eq!(results[2].given, None, "unanswered after quitting");
        assert!(prompter.feedback.is_empty(), "no feedback until the end");
        let result = ExamResult::new(&deck, 1, 0.7, results);
        assert!(!result.passed, "2 of 3 is under 70%");
        let lenient = ExamResult::new(&deck, 1, 0.5, result.results.clone());
        assert!(lenient.passed && !lenient.abandoned);
        let lenient = lenient.abandoned();
        assert!(!lenient.passed && lenient.abandoned, "an abandoned exam never passes");
        assert_eq!(lenient.answered(), 2);
        assert_eq!(result.by_tag().get("gevent"), Some(&(2, 3)));
    }

    #[test]
    fn feedback_on_request_and_deadlines_reach_the_prompter() {
        let deck = kinds_deck();
        let questions = select(&deck, &ExamPlan { seed: 2, count: Some(1), tags: vec!["asyncio".into()] });
        let mut prompter = ScriptedPrompter::new([Step::Answer(Given::Text("3.4".into())), Step::Pick(vec![])]);
        let limits = Limits { total: Some(std::time::Duration::from_secs(600)), per_question: None };
        take(&deck, &questions, &mut prompter, limits, true);
        assert!(prompter.questions[0].deadline.is_some());
        assert_eq!(prompter.feedback.len(), 1);
    }

    #[test]
    fn a_flashcard_shows_its_back_and_is_graded_by_the_learner() {
        use crate::schedule::Rating;
        use crate::session::RatingAction;
        let deck = kinds_deck();
        let questions = select(&deck, &ExamPlan { seed: 1, count: None, tags: vec!["twisted".into()] });
        assert_eq!(questions[0].id, "transport-protocol");
        let mut prompter =
            ScriptedPrompter::new([Step::Answer(Given::Revealed), Step::Rate(RatingAction::Rate(Rating::Again))]);
        let results = take(&deck, &questions, &mut prompter, Limits::default(), false).results;
        assert_eq!(prompter.feedback.len(), 1, "the back is shown even without --feedback");
        assert!(prompter.feedback[0].self_graded);
        assert_eq!(prompter.feedback[0].expected, "The transport moves bytes; the protocol interprets them.");
        assert_eq!(prompter.self_grades, [Rating::Good], "graded with only a rating or quit on offer");
        assert_eq!(results[0].correct, Some(false), "the learner said Again");
    }

    #[test]
    fn a_revealed_flashcard_shows_its_back_without_the_explanation_unless_feedback_is_asked_for() {
        use crate::deck::{load, DeckFile, Origin};
        let text = "format = 1\nid = \"fc\"\ntitle = \"F\"\n\n[[card]]\nid = \"send\"\nkind = \"flashcard\"\n\
                    prompt = \"What does send do?\"\nanswer = \"It resumes the generator.\"\n\
                    explanation = \"A long explanation that pushed the back off a short screen.\"\n";
        let file = DeckFile { display_name: "fc.toml".into(), text: text.into(), origin: Origin::Bundled };
        let deck = load(&file).deck.expect("a valid deck");
        let questions = select(&deck, &ExamPlan { seed: 1, count: None, tags: Vec::new() });
        for feedback in [false, true] {
            let mut prompter = ScriptedPrompter::new([
                Step::Answer(Given::Revealed),
                Step::Rate(crate::session::RatingAction::Rate(crate::schedule::Rating::Good)),
            ]);
            take(&deck, &questions, &mut prompter, Limits::default(), feedback);
            assert_eq!(prompter.feedback.len(), 1);
            assert_eq!(prompter.feedback[0].expected, "It resumes the generator.");
            assert_eq!(prompter.feedback[0].explanation.is_some(), feedback, "--feedback {feedback}");
        }
    }

    #[test]
    fn with_record_each_answer_is_recorded_when_it_is_given() {
        use crate::session::Journal;
        use crate::store::SessionKind;
        let deck = kinds_deck();
        let questions = select(&deck, &ExamPlan { seed: 3, count: Some(2), tags: vec!["gevent".into()] });
        let mut steps = Vec::new();
        for question in &questions {
            steps.push(match question.id.as_str() {
                "loop-library" => Step::Pick(vec!["libuv"]),
                "libuv-in-cpython" => Step::Answer(Given::Index(1)),
                _ => Step::Answer(Given::Text("2009".into())),
            });
        }
        let mut prompter = ScriptedPrompter::new(steps);
        let (_guard, mut store) = crate::session::testing::store();
        let scheduler = crate::session::testing::scheduler();
        let clock = Clock::running_from(crate::session::testing::monday());
        let exam = ExamRun {
            deck: &deck,
            questions: &questions,
            lexicon: &Lexicon::of(&deck),
            language: "en",
            limits: Limits::default(),
            feedback: false,
        };
        {
            let mut journal = Journal::new(&mut store, &scheduler, &deck, SessionKind::Exam);
            run(&exam, &mut prompter, &clock, Some(&mut journal)).unwrap();
        }
        let log = store.reviews(Some(&deck.id)).unwrap();
        assert_eq!(log.len(), 2);
        assert!(log.iter().all(|review| review.kind == SessionKind::Exam && review.scheduled));
        assert!(log.iter().all(|review| !review.response.is_empty()), "the real answer is stored: {log:?}");
        assert!(log[0].time <= log[1].time && log[0].id < log[1].id, "in the order given");
    }

    #[test]
    fn a_typed_answer_that_names_no_choice_is_asked_for_again() {
        let deck = kinds_deck();
        let questions = select(&deck, &ExamPlan { seed: 1, count: None, tags: vec!["asyncio".into()] });
        let multi = questions.iter().position(|question| question.id == "pep-492").unwrap();
        let shown = &questions[multi].shown;
        let letters: Vec<String> = [0, 1]
            .iter()
            .map(|deck_index| crate::text::letter(shown.iter().position(|index| index == deck_index).unwrap()))
            .collect();
        let mut steps = Vec::new();
        for question in &questions {
            if question.id == "pep-492" {
                steps.push(Step::Answer(Given::Text("zz, qq".into())));
                steps.push(Step::Answer(Given::Text(letters.join(" "))));
            } else {
                steps.push(Step::Answer(Given::Text("3.4".into())));
            }
        }
        let mut prompter = ScriptedPrompter::new(steps);
        let limits = Limits { total: Some(std::time::Duration::from_secs(600)), per_question: None };
        let results = take(&deck, &questions, &mut prompter, limits, false).results;
        let asked: Vec<_> =
            prompter.questions.iter().map(|question| (question.header.card_id.as_str(), question.again)).collect();
        let retries: Vec<_> = asked.iter().filter(|(_, again)| again.is_some()).collect();
        assert_eq!(retries, [&("pep-492", Some(crate::grade::Unread::NoOption))], "{asked:?}");
        assert!(results.iter().all(|result| result.correct == Some(true)), "{results:?}");
    }
}
