//! Fitting FSRS-6 parameters to a deck's memory reviews (`quiz optimize`), as
//! Anki does: training items built with the scheduler's day rule, fsrs-rs's
//! `compute_parameters`, both the current and the fitted parameters scored on
//! fsrs-rs's time-series split, the fitted ones kept only when their log loss
//! is lower, and a simulated workload per desired retention to help choose
//! one. Pure: reviews in, numbers out; the command reads the store and prints.

mod evaluate;
mod history;
mod workload;

use std::sync::{Arc, Mutex};

use fsrs::{CombinedProgressState, ComputeParametersInput, FSRSError, ItemProgress};
use serde::Serialize;

pub use evaluate::{evaluate_parameters, Metrics};
pub use history::{History, HistoryBuilder};
pub use workload::{workload, WorkloadPlan, WorkloadRow, SIMULATED_DAYS, WORKLOAD_RETENTIONS};

use crate::error::{Error, Result};

/// Below this many training items (reviews a day or more after the card's
/// previous one) a fit is unreliable, and it is not kept without `--force`
/// (Anki's threshold, which it counts the same way).
pub const MINIMUM_ITEMS: usize = 400;

/// Fits FSRS-6 parameters to `history` with fsrs-rs's `compute_parameters`
/// (its default training: 5 epochs, batches of 512, seed 2023, short-term
/// parameters included, outliers filtered). `progress` follows the training.
///
/// Returns `None` when there is too little for fsrs-rs to fit anything (it
/// reports too little data, or hands back its defaults unchanged).
pub fn fit(
    history: &History,
    relearning_steps: usize,
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Option<Vec<f32>>> {
    if history.items().is_empty() {
        return Ok(None);
    }
    let input = ComputeParametersInput {
        train_set: history.items().to_vec(),
        card_ids: Some(history.card_ids().to_vec()),
        progress,
        enable_short_term: true,
        num_relearning_steps: Some(relearning_steps),
        training_config: None,
    };
    match fsrs::compute_parameters(input) {
        Ok(parameters) if parameters == fsrs::DEFAULT_PARAMETERS => Ok(None),
        Ok(parameters) => Ok(Some(parameters)),
        Err(FSRSError::NotEnoughData) => Ok(None),
        Err(error) => Err(fsrs_error("fit the parameters", error)),
    }
}

/// The time-series metrics of fitting itself (fsrs-rs's
/// `evaluate_with_time_series_splits`): each of the last five sixths of
/// `history` predicted by parameters fitted only to the reviews before it.
/// These are the figures to hold against [`evaluate_parameters`] of the
/// current parameters, over the same reviews. `None` when there are too few
/// items to split or to fit. `progress` hears of each split as it is done.
pub fn evaluate_fitting(
    history: History,
    relearning_steps: usize,
    mut progress: impl FnMut(ItemProgress),
) -> Result<Option<Metrics>> {
    let (items, card_ids) = history.into_parts();
    let input = ComputeParametersInput {
        train_set: items,
        card_ids: Some(card_ids),
        progress: None,
        enable_short_term: true,
        num_relearning_steps: Some(relearning_steps),
        training_config: None,
    };
    let reported = fsrs::evaluate_with_time_series_splits(input, |done| {
        progress(done);
        true
    });
    match reported {
        Ok(evaluation) => {
            Ok(Some(Metrics { log_loss: f64::from(evaluation.log_loss), rmse_bins: f64::from(evaluation.rmse_bins) }))
        }
        Err(FSRSError::NotEnoughData) => Ok(None),
        Err(error) => Err(fsrs_error("evaluate the fitted parameters", error)),
    }
}

/// Whether the fitted parameters replace the current ones, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The fitted parameters are kept (and stored, unless it is a dry run).
    pub kept: bool,
    /// Why, in a sentence for the learner.
    pub reason: String,
}

/// Decides, as Anki does, on log loss alone: the fitted parameters are kept
/// when their time-series log loss is lower than the current parameters'
/// (RMSE(bins) is reported, but need not be lower too; a tie keeps the
/// current ones). Below [`MINIMUM_ITEMS`] the current ones are kept unless
/// `force`.
pub fn decide(items: usize, force: bool, current: Option<Metrics>, fitted: Option<Metrics>) -> Decision {
    let keep = |reason: String| Decision { kept: false, reason };
    let (Some(current), Some(fitted)) = (current, fitted) else {
        return keep(format!("too few reviews to compare the parameters ({items} to learn from)"));
    };
    if items < MINIMUM_ITEMS && !force {
        return keep(format!(
            "only {items} reviews to learn from (fewer than {MINIMUM_ITEMS}), so the fit is unreliable; \
             --force keeps a better fit anyway"
        ));
    }
    if fitted.log_loss < current.log_loss {
        Decision {
            kept: true,
            reason: format!("they predict better (log loss {:.4} against {:.4})", fitted.log_loss, current.log_loss),
        }
    } else {
        keep(format!(
            "the fitted ones predict no better (log loss {:.4} against {:.4})",
            fitted.log_loss, current.log_loss
        ))
    }
}

/// An error of fsrs-rs while trying to `action`, for the learner.
fn fsrs_error(action: &str, error: FSRSError) -> Error {
    let why = match error {
        FSRSError::NotEnoughData => "there are too few reviews",
        FSRSError::Interrupted => "it was interrupted",
        FSRSError::InvalidParameters => "the parameters are not valid FSRS-6 parameters",
        FSRSError::OptimalNotFound => "no optimum was found",
        FSRSError::InvalidInput => "the review history gives numbers it cannot use",
        FSRSError::InvalidDeckSize => "the deck has no cards to simulate",
    };
    Error::Schedule(format!("FSRS could not {action}: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(log_loss: f64) -> Option<Metrics> {
        Some(Metrics { log_loss, rmse_bins: 0.05 })
    }

    #[test]
    fn a_lower_log_loss_decides_even_when_rmse_is_higher() {
        let current = Some(Metrics { log_loss: 0.40, rmse_bins: 0.01 });
        let decision = decide(5000, false, current, Some(Metrics { log_loss: 0.39, rmse_bins: 0.09 }));
        assert!(decision.kept, "{decision:?}");
        assert!(!decide(5000, false, metrics(0.40), metrics(0.40)).kept, "a tie keeps the current parameters");
        assert!(!decide(5000, false, metrics(0.40), metrics(0.41)).kept);
    }

    #[test]
    fn few_reviews_keep_the_current_parameters_unless_forced() {
        let decision = decide(MINIMUM_ITEMS - 1, false, metrics(0.5), metrics(0.3));
        assert!(!decision.kept);
        assert!(decision.reason.contains("--force"), "{}", decision.reason);
        assert!(decide(MINIMUM_ITEMS - 1, true, metrics(0.5), metrics(0.3)).kept);
        assert!(!decide(MINIMUM_ITEMS - 1, true, metrics(0.3), metrics(0.5)).kept, "forcing does not keep a worse fit");
        assert!(decide(MINIMUM_ITEMS, false, metrics(0.5), metrics(0.3)).kept);
    }

    /// Cards as lists of (minutes since the card's previous answer, rating):
    /// same-day steps, a day, months; few cards or many.
    fn any_log() -> impl proptest::strategy::Strategy<Value = Vec<Vec<(i64, u32)>>> {
        use proptest::prelude::*;
        let gap = prop_oneof![Just(0i64), Just(10), 1i64..60 * 24 * 120];
        proptest::collection::vec(proptest::collection::vec((gap, 1u32..=4), 1..14), 0..48)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]

        /// fsrs-rs panics on some inputs (an item without a review a day
        /// after the previous one); whatever the log, nothing here does, and
        /// every figure that comes out is a number.
        #[test]
        fn any_log_is_fitted_scored_and_simulated_without_a_panic(log in any_log(), force: bool) {
            let start = crate::clock::Timestamp::EPOCH.plus(chrono::Duration::days(20_000));
            let mut builder = HistoryBuilder::new();
            for card in &log {
                let mut time = start;
                let answers: Vec<_> = card
                    .iter()
                    .map(|&(gap, rating)| {
                        time = time.plus(chrono::Duration::minutes(gap));
                        (time, crate::schedule::Rating::from_number(rating).unwrap())
                    })
                    .collect();
                builder.add_card(&answers);
            }
            let history = builder.finish();
            let items = history.items().len();
            let current = evaluate_parameters(&history, &fsrs::DEFAULT_PARAMETERS).unwrap();
            let fitted = fit(&history, 1, None).unwrap();
            let plan = WorkloadPlan::from_history(&history, history.cards(), 5);
            let fitted_metrics = match &fitted {
                Some(_) => evaluate_fitting(history, 1, |_| {}).unwrap(),
                None => None,
            };
            for metrics in [current, fitted_metrics].into_iter().flatten() {
                proptest::prop_assert!(metrics.log_loss.is_finite() && metrics.rmse_bins.is_finite(), "{:?}", metrics);
            }
            let decision = decide(items, force, current, fitted_metrics);
            let used = fitted.filter(|_| decision.kept).unwrap_or_else(|| fsrs::DEFAULT_PARAMETERS.to_vec());
            let rows = workload(&used, &plan, &[0.9]).unwrap();
            proptest::prop_assert!(rows[0].reviews_per_day.is_finite() && rows[0].remembered.is_finite());
        }
    }

    #[test]
    fn without_metrics_nothing_is_kept() {
        assert!(!decide(10, true, None, metrics(0.3)).kept);
        assert!(!decide(10_000, true, metrics(0.3), None).kept);
    }
}
