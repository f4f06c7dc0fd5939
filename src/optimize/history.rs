//! Training data: a deck's memory reviews turned into fsrs-rs items with the
//! scheduler's day rule.

use fsrs::{FSRSItem, FSRSReview};

use crate::clock::Timestamp;
use crate::schedule::{elapsed_days, Rating};

/// The most reviews of one card the training data holds. fsrs-rs wants each
/// item to carry the card's whole history up to it, so a card's items grow
/// with the square of its reviews: without a bound, one card answered 100,000
/// times (a script, a damaged import) would need tens of gigabytes. Real
/// cards stay far below this; a card beyond it contributes its first
/// `MOST_REVIEWS_PER_CARD` reviews (at most 1 MB of items).
pub const MOST_REVIEWS_PER_CARD: usize = 512;

/// A deck's memory reviews as fsrs-rs learns from them: one item per review
/// that came a day or more after its card's previous review, holding the
/// card's reviews up to and including it (the first with `delta_t` 0, each
/// later one with the whole days since the one before, as the scheduler
/// counts them). Items are in the order their last review was answered, as
/// fsrs-rs's recency weights and time-series split expect.
#[derive(Clone, Debug, Default)]
pub struct History {
    items: Vec<FSRSItem>,
    card_ids: Vec<i64>,
    reviews: usize,
    cards: usize,
    first_ratings: [u64; 4],
    recall_ratings: [u64; 3],
}

impl History {
    /// The items, oldest last review first.
    pub fn items(&self) -> &[FSRSItem] {
        &self.items
    }

    /// Each item's card (an index, the same for every item of one card).
    pub fn card_ids(&self) -> &[i64] {
        &self.card_ids
    }

    /// Memory reviews read, including those no item ends with (a card's first
    /// review, and reviews on the same day as the one before).
    pub fn reviews(&self) -> usize {
        self.reviews
    }

    /// Cards with at least one memory review.
    pub fn cards(&self) -> usize {
        self.cards
    }

    /// How often each rating (Again … Easy) was a card's first.
    pub fn first_ratings(&self) -> [u64; 4] {
        self.first_ratings
    }

    /// How often a recalled card was rated Hard, Good and Easy, among the
    /// reviews a day or more after the card's previous one.
    pub fn recall_ratings(&self) -> [u64; 3] {
        self.recall_ratings
    }

    /// The items and their card ids, for fsrs-rs (which takes them by value).
    pub fn into_parts(self) -> (Vec<FSRSItem>, Vec<i64>) {
        (self.items, self.card_ids)
    }
}

/// Builds a [`History`] a card at a time, so the caller can stream the log.
#[derive(Debug, Default)]
pub struct HistoryBuilder {
    /// (answered, order of arrival, card, item).
    items: Vec<(Timestamp, usize, i64, FSRSItem)>,
    history: History,
    reviews: Vec<FSRSReview>,
}

impl HistoryBuilder {
    /// An empty history.
    pub fn new() -> Self {
        HistoryBuilder::default()
    }

    /// Adds one card's memory reviews, in the order they were recorded (the
    /// order the scheduler folds them in). An empty slice adds nothing; only
    /// the first [`MOST_REVIEWS_PER_CARD`] become training data.
    pub fn add_card(&mut self, answers: &[(Timestamp, Rating)]) {
        let Some(&(_, first)) = answers.first() else { return };
        let card = self.history.cards as i64;
        self.history.cards += 1;
        self.history.reviews += answers.len();
        let answers = &answers[..answers.len().min(MOST_REVIEWS_PER_CARD)];
        self.history.first_ratings[first.number() as usize - 1] += 1;
        self.reviews.clear();
        let mut previous = None;
        for (index, &(time, rating)) in answers.iter().enumerate() {
            let delta_t = if index == 0 { 0 } else { elapsed_days(previous, time) };
            previous = Some(time);
            self.reviews.push(FSRSReview { rating: rating.number(), delta_t });
            // fsrs-rs needs a review a day or more after the previous one to
            // learn from (it would panic on an item without one); Anki builds
            // its training items the same way.
            if index == 0 || delta_t == 0 {
                continue;
            }
            if rating != Rating::Again {
                self.history.recall_ratings[rating.number() as usize - 2] += 1;
            }
            let order = self.items.len();
            self.items.push((time, order, card, FSRSItem { reviews: self.reviews.clone() }));
        }
    }

    /// The history, its items sorted by when their last review was answered.
    pub fn finish(mut self) -> History {
        self.items.sort_unstable_by_key(|(time, order, _, _)| (*time, *order));
        let mut history = self.history;
        history.card_ids = self.items.iter().map(|(_, _, card, _)| *card).collect();
        history.items = self.items.into_iter().map(|(_, _, _, item)| item).collect();
        history
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn review(rating: u32, delta_t: u32) -> FSRSReview {
        FSRSReview { rating, delta_t }
    }

    #[test]
    fn items_count_whole_days_like_the_scheduler_and_skip_same_day_reviews() {
        let mut builder = HistoryBuilder::new();
        builder.add_card(&[
            (at("2026-01-01T09:00:00Z"), Rating::Again),
            (at("2026-01-01T09:10:00Z"), Rating::Good),
            // 23 h 59 min later: still day 0, as py-fsrs's timedelta.days.
            (at("2026-01-02T09:09:00Z"), Rating::Good),
            (at("2026-01-03T09:10:00Z"), Rating::Hard),
            (at("2026-01-10T08:00:00Z"), Rating::Again),
        ]);
        let history = builder.finish();
        assert_eq!(history.reviews(), 5);
        assert_eq!(history.cards(), 1);
        assert_eq!(
            history.items(),
            [
                FSRSItem { reviews: vec![review(1, 0), review(3, 0), review(3, 0), review(2, 1)] },
                FSRSItem { reviews: vec![review(1, 0), review(3, 0), review(3, 0), review(2, 1), review(1, 6)] },
            ]
        );
        assert_eq!(history.card_ids(), [0, 0]);
        assert_eq!(history.first_ratings(), [1, 0, 0, 0]);
        assert_eq!(history.recall_ratings(), [1, 0, 0]);
    }

    #[test]
    fn items_of_all_cards_are_ordered_by_when_they_were_answered() {
        let mut builder = HistoryBuilder::new();
        builder.add_card(&[(at("2026-01-01T09:00:00Z"), Rating::Good), (at("2026-01-05T09:00:00Z"), Rating::Good)]);
        builder.add_card(&[]);
        builder.add_card(&[
            (at("2026-01-02T09:00:00Z"), Rating::Easy),
            (at("2026-01-04T09:00:00Z"), Rating::Good),
            (at("2026-01-09T09:00:00Z"), Rating::Easy),
        ]);
        let history = builder.finish();
        assert_eq!(history.cards(), 2);
        assert_eq!(history.reviews(), 5);
        let lasts: Vec<u32> = history.items().iter().map(|item| item.reviews.last().unwrap().delta_t).collect();
        assert_eq!(lasts, [2, 4, 5]);
        assert_eq!(history.card_ids(), [1, 0, 1]);
        assert_eq!(history.first_ratings(), [0, 0, 1, 1]);
        assert_eq!(history.recall_ratings(), [0, 2, 1]);
    }

    #[test]
    fn a_card_trains_on_its_first_reviews_only_so_memory_stays_bounded() {
        let start = at("2026-01-01T09:00:00Z");
        let answers: Vec<(Timestamp, Rating)> = (0..3 * MOST_REVIEWS_PER_CARD as i64)
            .map(|day| (start.plus(chrono::Duration::days(day)), Rating::Good))
            .collect();
        let mut builder = HistoryBuilder::new();
        builder.add_card(&answers);
        let history = builder.finish();
        assert_eq!(history.reviews(), 3 * MOST_REVIEWS_PER_CARD, "every review is counted as read");
        assert_eq!(history.items().len(), MOST_REVIEWS_PER_CARD - 1);
        assert_eq!(history.items().last().unwrap().reviews.len(), MOST_REVIEWS_PER_CARD);
    }

    #[test]
    fn a_review_recorded_before_the_previous_one_counts_zero_days() {
        let mut builder = HistoryBuilder::new();
        builder.add_card(&[(at("2026-01-05T09:00:00Z"), Rating::Good), (at("2026-01-01T09:00:00Z"), Rating::Good)]);
        assert!(builder.finish().items().is_empty());
    }
}
