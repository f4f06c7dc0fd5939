//! Progress statistics for one deck, computed from the store's rows; pure.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::history::History;
use crate::clock::{DayStart, Timestamp};
use crate::deck::{CardEntry, Deck};
use crate::schedule::{Phase, Scheduler};
use crate::store::{ExamAttempt, FittedParameters, ReviewTally, StoredCard};

/// Days in the due forecast.
pub const FORECAST_DAYS: usize = 30;

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

/// A card forgotten too often, as the store marked it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Leech {
    /// The card id.
    pub card: String,
    /// Times it was forgotten after graduating.
    pub lapses: u32,
    /// When it became a leech.
    pub since: Timestamp,
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
    /// Cards due on each of the next [`FORECAST_DAYS`] days, today first.
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
    /// Leeches (suspended or not), the most forgotten first.
    pub leeches: Vec<Leech>,
    /// Answers over the last year: per day, retention by week, answer times.
    pub history: History,
    /// The FSRS parameters the deck is scheduled with.
    pub parameters: ParametersInUse,
}

/// Which FSRS parameters a deck is scheduled with: FSRS-6's defaults, or the
/// ones `quiz optimize` fitted to its reviews, with where they came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParametersInUse {
    /// `default` or `fitted`.
    pub source: &'static str,
    /// The 21 parameters.
    pub parameters: Vec<f32>,
    /// When they were fitted (RFC 3339), for fitted ones.
    pub fitted_at: Option<String>,
    /// Memory reviews the fit saw.
    pub review_count: Option<u64>,
    /// Their log loss when they were fitted.
    pub log_loss: Option<f64>,
    /// Their RMSE (bins) when they were fitted.
    pub rmse_bins: Option<f64>,
    /// The log loss of the parameters they replaced.
    pub previous_log_loss: Option<f64>,
    /// The RMSE (bins) of the parameters they replaced.
    pub previous_rmse_bins: Option<f64>,
}

impl ParametersInUse {
    /// What a scheduler built with `parameters` uses, `fitted` saying where they came from.
    pub fn new(parameters: &[f32], fitted: Option<&FittedParameters>) -> ParametersInUse {
        ParametersInUse {
            source: if fitted.is_some() { "fitted" } else { "default" },
            parameters: parameters.to_vec(),
            fitted_at: fitted.map(|fitted| fitted.fitted.rfc3339()),
            review_count: fitted.map(|fitted| fitted.review_count),
            log_loss: fitted.map(|fitted| fitted.log_loss),
            rmse_bins: fitted.map(|fitted| fitted.rmse_bins),
            previous_log_loss: fitted.map(|fitted| fitted.previous_log_loss),
            previous_rmse_bins: fitted.map(|fitted| fitted.previous_rmse_bins),
        }
    }
}

/// What the store says of a deck's reviews, as `quiz stats` reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewFigures {
    /// Reviews since the start of today.
    pub today: ReviewTally,
    /// Reviews in the last 30 days.
    pub month: ReviewTally,
    /// Consecutive days with a review, up to today (or yesterday).
    pub streak_days: usize,
}

/// What a deck's cards add up to, one card at a time (a deck may have
/// 100,000: they are never all in memory at once).
#[derive(Clone, Debug)]
pub struct CardFigures {
    now: Timestamp,
    day_start: DayStart,
    end_of_today: Timestamp,
    cards: usize,
    states: StateCounts,
    forecast: Vec<ForecastDay>,
    due_now: usize,
    due_today: usize,
    changed: Vec<String>,
    leeches: Vec<Leech>,
    tag_recall: BTreeMap<String, (usize, f64)>,
}

impl CardFigures {
    /// Nothing counted yet, at `now`.
    pub fn new(now: Timestamp, day_start: DayStart) -> CardFigures {
        let today = day_start.day_of(now);
        CardFigures {
            now,
            day_start,
            end_of_today: day_start.start_of_next_day(now),
            cards: 0,
            states: StateCounts::default(),
            forecast: (0..FORECAST_DAYS)
                .map(|offset| ForecastDay { date: today + Duration::days(offset as i64), due: 0 })
                .collect(),
            due_now: 0,
            due_today: 0,
            changed: Vec::new(),
            leeches: Vec::new(),
            tag_recall: BTreeMap::new(),
        }
    }

    /// Counts one card of the deck, with its stored state if it has one.
    pub fn add(&mut self, card: &CardEntry, entry: Option<&StoredCard>, scheduler: &Scheduler) {
        let now = self.now;
        self.cards += 1;
        let phase = entry.map(|entry| entry.state.phase).unwrap_or(Phase::New);
        let states = &mut self.states;
        match phase {
            Phase::New => states.new += 1,
            Phase::Learning => states.learning += 1,
            Phase::Review => states.review += 1,
            Phase::Relearning => states.relearning += 1,
        }
        let recall = entry.and_then(|entry| scheduler.retrievability(&entry.state, now)).unwrap_or(0.0);
        for tag in &card.tags {
            let slot = match self.tag_recall.get_mut(tag) {
                Some(slot) => slot,
                None => self.tag_recall.entry(tag.clone()).or_default(),
            };
            slot.0 += 1;
            slot.1 += recall;
        }
        let Some(entry) = entry else { return };
        if entry.last_hash.as_deref().is_some_and(|hash| crate::deck::changes(hash, &card.content_hash).card) {
            self.changed.push(card.id.0.clone());
        }
        if let Some(since) = entry.leech_since {
            self.leeches.push(Leech { card: card.id.0.clone(), lapses: entry.state.lapses, since });
        }
        if entry.suspended {
            states.suspended += 1;
            return;
        }
        if phase == Phase::New {
            return;
        }
        let due = entry.state.due;
        self.due_now += usize::from(due <= now);
        self.due_today += usize::from(due < self.end_of_today);
        let offset = (self.day_start.day_of(due) - self.day_start.day_of(now)).num_days().max(0) as usize;
        if let Some(day) = self.forecast.get_mut(offset) {
            day.due += 1;
        }
    }
}

/// A deck's statistics from its header, what its cards add up to and what
/// the store holds for it.
pub fn compute(
    deck: &Deck,
    cards: CardFigures,
    reviews: ReviewFigures,
    history: History,
    exams: &[ExamAttempt],
    orphans: Vec<String>,
    parameters: ParametersInUse,
) -> DeckStats {
    let month = reviews.month;
    let true_retention_30d = (month.mature > 0).then(|| month.recalled as f64 / month.mature as f64);

    let mastery = cards
        .tag_recall
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
    let mut leeches = cards.leeches;
    leeches.sort_by(|left, right| right.lapses.cmp(&left.lapses).then_with(|| left.card.cmp(&right.card)));

    DeckStats {
        deck: deck.id.0.clone(),
        title: deck.title.clone(),
        cards: cards.cards,
        states: cards.states,
        due_now: cards.due_now,
        due_today: cards.due_today,
        forecast: cards.forecast,
        reviews_today: reviews.today.memory,
        streak_days: reviews.streak_days,
        true_retention_30d,
        retention_reviews_30d: month.mature,
        mastery,
        changed: cards.changed,
        orphans,
        exams,
        leeches,
        history,
        parameters,
    }
}

/// Consecutive days with a review, ending today, or yesterday when today has
/// none yet; `reviewed` says whether a day has one, asked a day at a time.
pub fn streak<E>(today: NaiveDate, mut reviewed: impl FnMut(NaiveDate) -> Result<bool, E>) -> Result<usize, E> {
    let mut day = if reviewed(today)? { today } else { today - Duration::days(1) };
    let mut count = 0;
    while reviewed(day)? {
        count += 1;
        day -= Duration::days(1);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn streak_counts_back_from_today_or_yesterday() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let streak_over = |days: [u32; 3]| {
            let days: BTreeSet<NaiveDate> =
                days.iter().map(|day| NaiveDate::from_ymd_opt(2026, 3, *day).unwrap()).collect();
            streak(today, |day| Ok::<_, ()>(days.contains(&day))).unwrap()
        };
        assert_eq!(streak_over([8, 9, 10]), 3);
        assert_eq!(streak_over([7, 8, 9]), 3);
        assert_eq!(streak_over([6, 7, 8]), 0);
    }
}
