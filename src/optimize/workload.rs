//! What a desired retention costs: a year of the deck simulated with fsrs-rs
//! (`simulate`) at a few retentions, for choosing `desired_retention`.

use fsrs::SimulatorConfig;
use serde::Serialize;

use super::{fsrs_error, History};
use crate::error::Result;

/// The desired retentions the workload table always shows.
pub const WORKLOAD_RETENTIONS: [f64; 4] = [0.80, 0.85, 0.90, 0.95];

/// How long the simulation runs, in days.
pub const SIMULATED_DAYS: usize = 365;

/// The simulation's seed: the same deck gives the same table every time.
const SEED: u64 = 2023;

/// What the simulation is told about the deck and the learner.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadPlan {
    /// Cards to learn (at least 1).
    pub cards: usize,
    /// New cards a day.
    pub new_per_day: usize,
    /// The longest interval, in days.
    pub maximum_interval_days: u32,
    /// How many learning steps a new card goes through.
    pub learning_steps: usize,
    /// How many relearning steps a forgotten card goes through.
    pub relearning_steps: usize,
    /// How often each rating was a card's first (Again … Easy).
    pub first_ratings: [u64; 4],
    /// How often a recalled card was rated Hard, Good and Easy.
    pub recall_ratings: [u64; 3],
}

impl WorkloadPlan {
    /// A plan for `cards` cards learned `new_per_day` a day, with the
    /// learner's rating habits taken from `history`.
    pub fn from_history(history: &History, cards: usize, new_per_day: usize) -> WorkloadPlan {
        let defaults = crate::schedule::SchedulerConfig::default();
        WorkloadPlan {
            cards,
            new_per_day,
            maximum_interval_days: defaults.maximum_interval_days,
            learning_steps: defaults.learning_steps.len(),
            relearning_steps: defaults.relearning_steps.len(),
            first_ratings: history.first_ratings(),
            recall_ratings: history.recall_ratings(),
        }
    }
}

/// One row of the workload table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct WorkloadRow {
    /// The desired retention simulated.
    pub retention: f64,
    /// Reviews of learned cards a day, averaged over the year (new cards and
    /// same-day learning steps not counted).
    pub reviews_per_day: f64,
    /// Cards expected to be remembered at the end of the year (the sum of
    /// every learned card's probability of recall on the last day).
    pub remembered: f64,
}

/// Simulates a year of `plan` under `parameters` at each of `retentions`.
/// The deck starts new and `plan.new_per_day` cards are introduced a day;
/// there is no cap on the time spent a day.
pub fn workload(parameters: &[f32], plan: &WorkloadPlan, retentions: &[f64]) -> Result<Vec<WorkloadRow>> {
    let config = SimulatorConfig {
        deck_size: plan.cards.max(1),
        learn_span: SIMULATED_DAYS,
        max_cost_perday: f32::INFINITY,
        max_ivl: plan.maximum_interval_days.max(1) as f32,
        first_rating_prob: shares(plan.first_ratings, SimulatorConfig::default().first_rating_prob),
        review_rating_prob: shares(plan.recall_ratings, SimulatorConfig::default().review_rating_prob),
        learn_limit: plan.new_per_day.max(1),
        review_limit: usize::MAX,
        learning_step_count: plan.learning_steps,
        relearning_step_count: plan.relearning_steps,
        ..SimulatorConfig::default()
    };
    retentions
        .iter()
        .map(|&retention| {
            let result = fsrs::simulate(&config, parameters, retention as f32, Some(SEED), None)
                .map_err(|error| fsrs_error("simulate the workload", error))?;
            let reviews: usize = result.review_cnt_per_day.iter().sum();
            Ok(WorkloadRow {
                retention,
                reviews_per_day: reviews as f64 / SIMULATED_DAYS as f64,
                remembered: result.memorized_cnt_per_day.last().copied().map_or(0.0, f64::from),
            })
        })
        .collect()
}

/// `counts` as shares of their sum, or `fallback` (fsrs-rs's averages over
/// many learners) when there are none: fsrs-rs needs a positive total.
fn shares<const N: usize>(counts: [u64; N], fallback: [f32; N]) -> [f32; N] {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return fallback;
    }
    counts.map(|count| (count as f64 / total as f64) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> WorkloadPlan {
        WorkloadPlan {
            cards: 300,
            new_per_day: 10,
            maximum_interval_days: 36_500,
            learning_steps: 2,
            relearning_steps: 1,
            first_ratings: [10, 5, 60, 25],
            recall_ratings: [10, 80, 10],
        }
    }

    #[test]
    fn a_higher_retention_costs_more_reviews_and_keeps_more_cards() {
        let rows = workload(&fsrs::DEFAULT_PARAMETERS, &plan(), &WORKLOAD_RETENTIONS).unwrap();
        assert_eq!(rows.iter().map(|row| row.retention).collect::<Vec<_>>(), WORKLOAD_RETENTIONS);
        for pair in rows.windows(2) {
            assert!(pair[0].reviews_per_day < pair[1].reviews_per_day, "{rows:?}");
            assert!(pair[0].remembered < pair[1].remembered, "{rows:?}");
        }
        let last = rows.last().unwrap();
        assert!(last.remembered > 0.0 && last.remembered <= 300.0, "{rows:?}");
    }

    #[test]
    fn the_same_plan_simulates_the_same_year() {
        let once = workload(&fsrs::DEFAULT_PARAMETERS, &plan(), &[0.9]).unwrap();
        assert_eq!(once, workload(&fsrs::DEFAULT_PARAMETERS, &plan(), &[0.9]).unwrap());
    }

    #[test]
    fn no_ratings_fall_back_to_average_habits() {
        assert_eq!(shares([0, 0, 0], [0.2, 0.6, 0.2]), [0.2, 0.6, 0.2]);
        assert_eq!(shares([1, 3], [0.5, 0.5]), [0.25, 0.75]);
        let empty = WorkloadPlan { first_ratings: [0; 4], recall_ratings: [0; 3], cards: 0, ..plan() };
        assert_eq!(workload(&fsrs::DEFAULT_PARAMETERS, &empty, &[0.9]).unwrap().len(), 1);
    }
}
