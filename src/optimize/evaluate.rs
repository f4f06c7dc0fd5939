//! How well parameters predict a deck's recalls, on fsrs-rs's time-series
//! split: the log is cut into six segments by time, and segments two to six
//! are predicted. For the fitted parameters fsrs-rs fits each segment's
//! predictor on the segments before it (`evaluate_with_time_series_splits`);
//! the current parameters, which are fixed, predict the same reviews here, so
//! the two sets of figures are over the same reviews, weighted alike.

use std::collections::HashMap;

use fsrs::{FSRSItem, MemoryState, FSRS};
use serde::Serialize;

use super::{fsrs_error, History};
use crate::error::Result;

/// How many segments after the first fsrs-rs's time-series split predicts.
const SPLITS: usize = 5;

/// How well parameters predict recall; lower is better for both.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Mean log loss (binary cross-entropy) of the predicted recall.
    pub log_loss: f64,
    /// Root mean square error between predicted and actual recall over bins
    /// of similar reviews (interval, review count, lapses), weighted by size.
    pub rmse_bins: f64,
}

/// The time-series metrics of fixed `parameters` on `history`, or `None` when
/// it has too few items to split (fewer than six).
pub fn evaluate_parameters(history: &History, parameters: &[f32]) -> Result<Option<Metrics>> {
    let items = history.items();
    let segment = items.len() / (SPLITS + 1);
    if segment == 0 {
        return Ok(None);
    }
    let fsrs = FSRS::new(parameters).map_err(|error| fsrs_error("evaluate the current parameters", error))?;
    let states = card_states(&fsrs, history)?;
    let mut scores = Scores::default();
    for (item, &card) in items.iter().zip(history.card_ids()).skip(segment) {
        let history_length = item.reviews.len() - 1;
        let stability = states
            .get(&card)
            .and_then(|states| states.get(history_length.wrapping_sub(1)))
            .map_or(0.0, |state| state.stability);
        scores.add(item, retrievability(parameters, item.reviews[history_length].delta_t, stability));
    }
    Ok(Some(scores.metrics()))
}

/// The memory state after each review of each card's longest item: every
/// other item of the card is a prefix of it, so one walk per card serves all.
fn card_states(fsrs: &FSRS, history: &History) -> Result<HashMap<i64, Vec<MemoryState>>> {
    let mut longest: HashMap<i64, &FSRSItem> = HashMap::new();
    for (item, &card) in history.items().iter().zip(history.card_ids()) {
        let entry = longest.entry(card).or_insert(item);
        if item.reviews.len() > entry.reviews.len() {
            *entry = item;
        }
    }
    longest
        .into_iter()
        .map(|(card, item)| {
            let states = fsrs
                .historical_memory_states(item.clone(), None)
                .map_err(|error| fsrs_error("evaluate the current parameters", error))?;
            Ok((card, states))
        })
        .collect()
}

/// fsrs-rs's forgetting curve, computed as fsrs-rs computes it (`f32`).
fn retrievability(parameters: &[f32], delta_t: u32, stability: f32) -> f32 {
    let decay = -parameters[20];
    let factor = (0.9f32.ln() / decay).exp() - 1.0;
    (delta_t as f32 / stability.max(0.001) * factor + 1.0).powf(decay)
}

/// The running sums behind [`Metrics`].
#[derive(Default)]
struct Scores {
    loss: f64,
    count: f64,
    bins: HashMap<(u32, u32, u32), Bin>,
}

#[derive(Default)]
struct Bin {
    predicted: f64,
    actual: f64,
    count: f64,
}

impl Scores {
    fn add(&mut self, item: &FSRSItem, predicted: f32) {
        let recalled = item.reviews.last().is_some_and(|review| review.rating > 1);
        // fsrs-rs takes the logarithm of the `f32` prediction as it is: a
        // prediction of exactly 0 or 1 that is wrong costs infinity there too.
        let predicted = f64::from(predicted);
        self.loss -= if recalled { predicted.ln() } else { (1.0 - predicted).ln() };
        self.count += 1.0;
        let bin = self.bins.entry(bin(item)).or_default();
        bin.predicted += predicted;
        bin.actual += f64::from(u8::from(recalled));
        bin.count += 1.0;
    }

    fn metrics(&self) -> Metrics {
        let squares: f64 = self
            .bins
            .values()
            .map(|bin| (bin.predicted / bin.count - bin.actual / bin.count).powi(2) * bin.count)
            .sum();
        Metrics { log_loss: self.loss / self.count, rmse_bins: (squares / self.count).sqrt() }
    }
}

/// The bin of an item for RMSE(bins): its interval, how many reviews a day or
/// more apart the card has had, and how many of those were lapses, each on a
/// logarithmic scale — the bins of fsrs-rs's `FSRSItem::r_matrix_index`.
fn bin(item: &FSRSItem) -> (u32, u32, u32) {
    let Some((current, history)) = item.reviews.split_last() else { return (0, 0, 0) };
    let delta_t = f64::from(current.delta_t);
    let delta_t_bin = (2.48 * 3.62f64.powf(delta_t.log(3.62).floor()) * 100.0).round() as u32;
    let length = item.reviews.iter().filter(|review| review.delta_t > 0).count() as f64 + 1.0;
    let length_bin = (1.99 * 1.89f64.powf(length.log(1.89).floor())).round() as u32;
    let lapses = history.iter().filter(|review| review.rating == 1 && review.delta_t > 0).count();
    let lapse_bin = match lapses {
        0 => 0,
        lapses => (1.65 * 1.73f64.powf((lapses as f64).log(1.73).floor())).round() as u32,
    };
    (delta_t_bin, length_bin, lapse_bin)
}

#[cfg(test)]
mod tests {
    use fsrs::FSRSReview;

    use super::*;

    fn item(reviews: &[(u32, u32)]) -> FSRSItem {
        FSRSItem { reviews: reviews.iter().map(|&(rating, delta_t)| FSRSReview { rating, delta_t }).collect() }
    }

    #[test]
    fn bins_follow_fsrs_rs() {
        // delta_t 1 → 2.48·3.62⁰·100 = 248; 4 → 2.48·3.62¹·100 = 898; one long-term
        // review → length 2 → 1.99·1.89¹ = 3.76 → 4; one lapse → 1.65·1.73⁰ → 2.
        assert_eq!(bin(&item(&[(3, 0), (3, 1)])), (248, 4, 0));
        assert_eq!(bin(&item(&[(3, 0), (1, 2), (3, 4)])), (898, 4, 2));
        assert_eq!(bin(&item(&[(3, 0), (3, 0), (3, 1)])), (248, 4, 0));
    }

    #[test]
    fn the_card_walk_predicts_what_a_fresh_walk_of_each_item_predicts() {
        let mut builder = super::super::HistoryBuilder::new();
        let day = |days: i64| crate::clock::Timestamp::EPOCH.plus(chrono::Duration::hours(days * 24 + 9));
        use crate::schedule::Rating::{Again, Good, Hard};
        for card in 0..12i64 {
            let ratings = [Good, Again, Good, Hard, Good, Good];
            let answers: Vec<_> = ratings
                .iter()
                .enumerate()
                .map(|(index, &rating)| (day(card + 3 * index as i64 * index as i64), rating))
                .collect();
            builder.add_card(&answers);
        }
        let history = builder.finish();
        let parameters = fsrs::DEFAULT_PARAMETERS;
        let metrics = evaluate_parameters(&history, &parameters).unwrap().unwrap();
        let fsrs = FSRS::new(&parameters).unwrap();
        let mut scores = Scores::default();
        let segment = history.items().len() / 6;
        for item in &history.items()[segment..] {
            let (current, before) = item.reviews.split_last().unwrap();
            let state = fsrs.memory_state(FSRSItem { reviews: before.to_vec() }, None).unwrap();
            scores.add(item, retrievability(&parameters, current.delta_t, state.stability));
        }
        let fresh = scores.metrics();
        // The bins are summed in hash order, which differs between two maps.
        assert!((metrics.log_loss - fresh.log_loss).abs() < 1e-12, "{metrics:?} {fresh:?}");
        assert!((metrics.rmse_bins - fresh.rmse_bins).abs() < 1e-12, "{metrics:?} {fresh:?}");
        assert!(metrics.log_loss > 0.0 && metrics.rmse_bins > 0.0, "{metrics:?}");
    }

    #[test]
    fn fewer_than_six_items_cannot_be_split() {
        let history = History::default();
        assert_eq!(evaluate_parameters(&history, &fsrs::DEFAULT_PARAMETERS).unwrap(), None);
    }
}
