//! Progress statistics for one deck, computed from the store's rows; pure.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::clock::{start_of_local_day, Timestamp};
use crate::deck::{CardId, Deck};
use crate::schedule::{Phase, Scheduler};
use crate::store::{ExamAttempt, LoggedReview, StoredCard};

/// Days in the due forecast.
pub const FORECAST_DAYS: usize = 14;

/// Cards per phase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StateCounts {
    /// Never reviewed.
    pub new: usize,
    /// In the learning steps.
    pub learning: usize,
    /// Graduated.
    pub review: usize,
    /// In the relearning steps.
    pub relearning: usize,
    /// Suspended (also counted in their phase).
    pub suspended: usize,
}

/// One day of the forecast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForecastDay {
    /// The local date.
    pub date: NaiveDate,
    /// Cards falling due that day (today includes overdue cards).
    pub due: usize,
}

/// Mean retrievability of a tag's cards.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TagMastery {
    /// The tag.
    pub tag: String,
    /// Cards with the tag.
    pub cards: usize,
    /// Mean probability of recall now (new cards count as 0).
    pub mastery: f64,
}

/// A past exam, for the listing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExamLine {
    /// When it finished.
    pub finished: Timestamp,
    /// The seed that replays it.
    pub seed: String,
    /// Correct answers.
    pub correct: u32,
    /// Questions.
    pub total: u32,
    /// Score from 0 to 1.
    pub score: f64,
    /// Whether it reached the pass mark.
    pub passed: bool,
    /// Whether the learner ended it before its last question.
    pub abandoned: bool,
}

/// Everything `quiz stats` reports for a deck.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeckStats {
    /// The deck id.
    pub deck: String,
    /// The deck title.
    pub title: String,
    /// Cards in the deck.
    pub cards: usize,
    /// Cards per phase.
    pub states: StateCounts,
    /// Cards due now.
    pub due_now: usize,
    /// Cards due by the end of today.
    pub due_today: usize,
    /// Cards due on each of the next days.
    pub forecast: Vec<ForecastDay>,
    /// Reviews (study and CLI) since the start of today.
    pub reviews_today: usize,
    /// Consecutive days with a review, up to today (or yesterday).
    pub streak_days: usize,
    /// Share of review-phase cards recalled (not Again) in the last 30 days.
    pub true_retention_30d: Option<f64>,
    /// Reviews behind that share.
    pub retention_reviews_30d: usize,
    /// Mean retrievability per tag.
    pub mastery: Vec<TagMastery>,
    /// Cards whose text changed since they were last reviewed.
    pub changed: Vec<String>,
    /// Card ids with history that are no longer in the deck.
    pub orphans: Vec<String>,
    /// Past exams, newest first.
    pub exams: Vec<ExamLine>,
}

/// Computes a deck's statistics at `now`.
pub fn compute(
    deck: &Deck,
    stored: &HashMap<CardId, StoredCard>,
    reviews: &[LoggedReview],
    exams: &[ExamAttempt],
    orphans: Vec<String>,
    scheduler: &Scheduler,
    now: Timestamp,
) -> DeckStats {
    let today = now.local_day();
    let end_of_today = now.start_of_next_local_day();
    let mut states = StateCounts::default();
    let mut forecast: Vec<ForecastDay> =
        (0..FORECAST_DAYS).map(|offset| ForecastDay { date: today + Duration::days(offset as i64), due: 0 }).collect();
    let mut due_now = 0;
    let mut due_today = 0;
    let mut changed = Vec::new();
    let mut tag_recall: BTreeMap<String, (usize, f64)> = BTreeMap::new();

    for card in &deck.cards {
        let entry = stored.get(&card.id);
        let phase = entry.map(|entry| entry.state.phase).unwrap_or(Phase::New);
        match phase {
            Phase::New => states.new += 1,
            Phase::Learning => states.learning += 1,
            Phase::Review => states.review += 1,
            Phase::Relearning => states.relearning += 1,
        }
        let recall = entry.and_then(|entry| scheduler.retrievability(&entry.state, now)).unwrap_or(0.0);
        for tag in &card.tags {
            let slot = tag_recall.entry(tag.clone()).or_default();
            slot.0 += 1;
            slot.1 += recall;
        }
        let Some(entry) = entry else { continue };
        if entry.last_hash.as_deref().is_some_and(|hash| hash != card.content_hash) {
            changed.push(card.id.0.clone());
        }
        if entry.suspended {
            states.suspended += 1;
            continue;
        }
        if phase == Phase::New {
            continue;
        }
        let due = entry.state.due;
        if due <= now {
            due_now += 1;
        }
        if due < end_of_today {
            due_today += 1;
        }
        let offset = (due.local_day() - today).num_days().max(0) as usize;
        if let Some(day) = forecast.get_mut(offset) {
            day.due += 1;
        }
    }

    let day_start = start_of_local_day(today).unwrap_or(now);
    let memory_reviews: Vec<&LoggedReview> = reviews.iter().filter(|review| review.kind.moves_schedule()).collect();
    let reviews_today = memory_reviews.iter().filter(|review| review.time >= day_start && review.time <= now).count();
    let review_days: BTreeSet<NaiveDate> = reviews.iter().map(|review| review.time.local_day()).collect();
    let streak_days = streak(&review_days, today);

    let month_ago = now.plus(-Duration::days(30));
    let mature: Vec<&&LoggedReview> = memory_reviews
        .iter()
        .filter(|review| review.time >= month_ago && review.time <= now)
        .filter(|review| review.state_before.is_some_and(|state| state.phase == Phase::Review))
        .collect();
    let recalled = mature.iter().filter(|review| review.rating != crate::schedule::Rating::Again).count();
    let true_retention_30d = (!mature.is_empty()).then(|| recalled as f64 / mature.len() as f64);

    let mastery = tag_recall
        .into_iter()
        .map(|(tag, (cards, total))| TagMastery { tag, cards, mastery: total / cards.max(1) as f64 })
        .collect();
    let mut exams: Vec<ExamLine> = exams
        .iter()
        .map(|exam| ExamLine {
            finished: exam.finished,
            seed: exam.seed.to_string(),
            correct: exam.correct,
            total: exam.total,
            score: exam.score,
            passed: exam.passed,
            abandoned: exam.abandoned,
        })
        .collect();
    exams.sort_by_key(|exam| std::cmp::Reverse(exam.finished));

    DeckStats {
        deck: deck.id.0.clone(),
        title: deck.title.clone(),
        cards: deck.cards.len(),
        states,
        due_now,
        due_today,
        forecast,
        reviews_today,
        streak_days,
        true_retention_30d,
        retention_reviews_30d: mature.len(),
        mastery,
        changed,
        orphans,
        exams,
    }
}

/// Consecutive days with a review, ending today, or yesterday when today has none yet.
fn streak(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> usize {
    let mut day = if days.contains(&today) { today } else { today - Duration::days(1) };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        day -= Duration::days(1);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streak_counts_back_from_today_or_yesterday() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let days: BTreeSet<NaiveDate> =
            [8, 9, 10].iter().map(|day| NaiveDate::from_ymd_opt(2026, 3, *day).unwrap()).collect();
        assert_eq!(streak(&days, today), 3);
        let no_today: BTreeSet<NaiveDate> =
            [7, 8, 9].iter().map(|day| NaiveDate::from_ymd_opt(2026, 3, *day).unwrap()).collect();
        assert_eq!(streak(&no_today, today), 3);
        let gap: BTreeSet<NaiveDate> =
            [7, 8].iter().map(|day| NaiveDate::from_ymd_opt(2026, 3, *day).unwrap()).collect();
        assert_eq!(streak(&gap, today), 0);
    }
}
