//! What a deck's answers over the last year add up to, for the history charts
//! of `quiz stats`: answers per day, true retention by week and how long
//! answers take. Pure, and fed one answer at a time: its memory is a few
//! fixed tables however long the log is.
//!
//! Every day is a [`DayStart`](crate::clock::DayStart) day: the caller hands
//! in when each day starts, and an answer counts for the day whose start it
//! is at or after. Weeks start on Monday's day start.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::clock::Timestamp;
use crate::schedule::{Phase, Rating};
use crate::store::AnswerPoint;

/// Days in the answers-per-day window, ending today.
pub const HISTORY_DAYS: usize = 365;

/// Weeks of true retention, ending with the current (partial) week.
pub const RETENTION_WEEKS: usize = 12;

/// The upper edges (exclusive) of the answer-time buckets but the last,
/// which has none: <2 s, 2–5 s, 5–10 s, 10–20 s, 20–40 s, 40–60 s, ≥60 s.
pub const ANSWER_TIME_EDGES_MS: [u64; 6] = [2_000, 5_000, 10_000, 20_000, 40_000, 60_000];

/// The median is found in slots of this many milliseconds…
const MEDIAN_STEP_MS: u64 = 100;

/// … up to ten minutes; a longer answer (the learner walked away) counts as ten minutes.
const MEDIAN_SLOTS: usize = 6_000;

/// One day with answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayAnswers {
    /// The day.
    pub date: NaiveDate,
    /// Every answer that day: study, drill, exam `--record`, `quiz review`, Anki history.
    pub answers: usize,
    /// Of those, the ones that moved a schedule (drills do not).
    pub scheduled: usize,
}

/// True retention in one week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekRetention {
    /// The week's Monday.
    pub week: NaiveDate,
    /// Scheduled reviews of graduated cards (in the review phase before the review).
    pub reviews: usize,
    /// Of those, the ones not rated Again.
    pub recalled: usize,
    /// `recalled / reviews`, or null for a week without such a review.
    pub retention: Option<f64>,
}

/// One bar of the answer-time histogram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeBucket {
    /// Its lower edge, included.
    pub from_ms: u64,
    /// Its upper edge, excluded (null for the last bar).
    pub to_ms: Option<u64>,
    /// Answers that took that long.
    pub answers: usize,
}

/// How long answers took.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerTime {
    /// Answers with a measured time.
    pub answers: usize,
    /// Answers without one (`quiz review` records none), left out of the bars.
    pub untimed: usize,
    /// The middle measured answer's time (the lower of the two middle ones for
    /// an even count), rounded down to a tenth of a second; null without answers.
    pub median_ms: Option<u64>,
    /// The histogram, shortest first.
    pub buckets: Vec<TimeBucket>,
}

/// The history charts' figures, as `quiz stats --json` prints them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct History {
    /// The window's first day.
    pub from: NaiveDate,
    /// Its last day: today.
    pub through: NaiveDate,
    /// Days of the window with answers, oldest first; a day not listed had none.
    pub answers_per_day: Vec<DayAnswers>,
    /// The last weeks, oldest first, ending with the current one (up to today).
    pub retention_by_week: Vec<WeekRetention>,
    /// How long the window's answers took.
    pub answer_time: AnswerTime,
}

impl History {
    /// Answers in the whole window.
    pub fn total_answers(&self) -> usize {
        self.answers_per_day.iter().map(|day| day.answers).sum()
    }
}

/// The figures so far, one answer at a time.
#[derive(Clone, Debug)]
pub struct HistoryFigures {
    first_day: NaiveDate,
    first_week: NaiveDate,
    /// The first instant of each day of the window, and of the day after it, in milliseconds.
    starts: Vec<i64>,
    /// (answers, scheduled) per day of the window.
    days: Vec<(usize, usize)>,
    /// (reviews, recalled) per week.
    weeks: [(usize, usize); RETENTION_WEEKS],
    buckets: [usize; ANSWER_TIME_EDGES_MS.len() + 1],
    /// Measured answers per tenth of a second, for the median.
    slots: Vec<usize>,
    untimed: usize,
}

/// The Monday of `day`'s week.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

impl HistoryFigures {
    /// Nothing counted yet, for the window ending `today`; `start_of` says when
    /// a day begins (`DayStart::start_of`).
    pub fn new(today: NaiveDate, start_of: impl Fn(NaiveDate) -> Timestamp) -> HistoryFigures {
        let first_day = today - Duration::days(HISTORY_DAYS as i64 - 1);
        let starts =
            (0..=HISTORY_DAYS as i64).map(|offset| start_of(first_day + Duration::days(offset)).millis()).collect();
        HistoryFigures {
            first_day,
            first_week: monday_of(today) - Duration::weeks(RETENTION_WEEKS as i64 - 1),
            starts,
            days: vec![(0, 0); HISTORY_DAYS],
            weeks: [(0, 0); RETENTION_WEEKS],
            buckets: [0; ANSWER_TIME_EDGES_MS.len() + 1],
            slots: vec![0; MEDIAN_SLOTS + 1],
            untimed: 0,
        }
    }

    /// The first instant the window counts: answers from here to now are wanted.
    pub fn start(&self) -> Timestamp {
        self.starts.first().copied().and_then(Timestamp::from_millis).unwrap_or(Timestamp::EPOCH)
    }

    /// The day of the window `at` counts for, as an offset from its first day.
    fn day_index(&self, at: Timestamp) -> Option<usize> {
        let after = self.starts.partition_point(|&start| start <= at.millis());
        after.checked_sub(1).filter(|&index| index < HISTORY_DAYS)
    }

    /// Counts one answer; one outside the window is left out.
    pub fn add(&mut self, answer: &AnswerPoint) {
        let Some(index) = self.day_index(answer.time) else { return };
        let day = &mut self.days[index];
        day.0 += 1;
        day.1 += usize::from(answer.scheduled);
        if answer.scheduled && answer.before == Some(Phase::Review) {
            let date = self.first_day + Duration::days(index as i64);
            let week = (monday_of(date) - self.first_week).num_weeks();
            if let Some(week) = usize::try_from(week).ok().and_then(|week| self.weeks.get_mut(week)) {
                week.0 += 1;
                week.1 += usize::from(answer.rating != Rating::Again);
            }
        }
        if answer.duration_ms == 0 {
            self.untimed += 1;
            return;
        }
        self.buckets[ANSWER_TIME_EDGES_MS.partition_point(|&edge| edge <= answer.duration_ms)] += 1;
        let slot = usize::try_from(answer.duration_ms / MEDIAN_STEP_MS).unwrap_or(MEDIAN_SLOTS).min(MEDIAN_SLOTS);
        self.slots[slot] += 1;
    }

    /// The figures.
    pub fn finish(self) -> History {
        let answers_per_day = self
            .days
            .iter()
            .enumerate()
            .filter(|(_, (answers, _))| *answers > 0)
            .map(|(index, &(answers, scheduled))| DayAnswers {
                date: self.first_day + Duration::days(index as i64),
                answers,
                scheduled,
            })
            .collect();
        let retention_by_week = self
            .weeks
            .iter()
            .enumerate()
            .map(|(index, &(reviews, recalled))| WeekRetention {
                week: self.first_week + Duration::weeks(index as i64),
                reviews,
                recalled,
                retention: (reviews > 0).then(|| recalled as f64 / reviews as f64),
            })
            .collect();
        let timed: usize = self.buckets.iter().sum();
        let buckets = self
            .buckets
            .iter()
            .enumerate()
            .map(|(index, &answers)| TimeBucket {
                from_ms: index.checked_sub(1).map_or(0, |below| ANSWER_TIME_EDGES_MS[below]),
                to_ms: ANSWER_TIME_EDGES_MS.get(index).copied(),
                answers,
            })
            .collect();
        History {
            from: self.first_day,
            through: self.first_day + Duration::days(HISTORY_DAYS as i64 - 1),
            answers_per_day,
            retention_by_week,
            answer_time: AnswerTime {
                answers: timed,
                untimed: self.untimed,
                median_ms: median_slot(&self.slots, timed).map(|slot| slot as u64 * MEDIAN_STEP_MS),
                buckets,
            },
        }
    }
}

/// The slot holding the middle of `count` answers (the lower middle one for an even count).
fn median_slot(slots: &[usize], count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    let wanted = count.div_ceil(2);
    let mut seen = 0;
    slots.iter().position(|&in_slot| {
        seen += in_slot;
        seen >= wanted
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// Days that start at 4 a.m. in Seoul (UTC+9), whatever the test machine's zone.
    fn seoul_four(day: NaiveDate) -> Timestamp {
        Timestamp(day.and_hms_opt(4, 0, 0).unwrap().and_utc() - Duration::hours(9))
    }

    fn answer(time: &str, rating: Rating, duration_ms: u64, scheduled: bool, before: Option<Phase>) -> AnswerPoint {
        AnswerPoint { time: at(time), rating, duration_ms, scheduled, before }
    }

    fn history(today: &str, answers: &[AnswerPoint]) -> History {
        let mut figures = HistoryFigures::new(date(today), seoul_four);
        for answer in answers {
            figures.add(answer);
        }
        figures.finish()
    }

    #[test]
    fn an_answer_counts_for_the_day_whose_start_it_follows() {
        let good = |time| answer(time, Rating::Good, 3_000, true, Some(Phase::Learning));
        let history = history(
            "2026-03-10",
            &[
                // 03:59 in Seoul on the 10th is still the 9th; 04:00 is the 10th.
                good("2026-03-10T03:59:59+09:00"),
                good("2026-03-10T04:00:00+09:00"),
                good("2026-03-11T03:00:00+09:00"),
                // Before the window's first day (2025-03-11 04:00) and after today.
                good("2025-03-11T03:59:59+09:00"),
                good("2026-03-11T04:00:00+09:00"),
                good("2025-03-11T04:00:00+09:00"),
            ],
        );
        assert_eq!(history.from, date("2025-03-11"));
        assert_eq!(history.through, date("2026-03-10"));
        let days: Vec<(NaiveDate, usize)> = history.answers_per_day.iter().map(|day| (day.date, day.answers)).collect();
        assert_eq!(days, [(date("2025-03-11"), 1), (date("2026-03-09"), 1), (date("2026-03-10"), 2)]);
        assert_eq!(history.total_answers(), 4);
        assert_eq!(history.answer_time.answers, 4, "answers outside the window are not timed either");
    }

    #[test]
    fn drills_count_as_answers_but_not_as_scheduled_reviews_or_for_retention() {
        let history = history(
            "2026-03-10",
            &[
                answer("2026-03-10T12:00:00+09:00", Rating::Again, 1_000, false, None),
                answer("2026-03-10T12:01:00+09:00", Rating::Good, 1_000, true, Some(Phase::Review)),
            ],
        );
        assert_eq!(history.answers_per_day, [DayAnswers { date: date("2026-03-10"), answers: 2, scheduled: 1 }]);
        let week = history.retention_by_week.last().unwrap();
        assert_eq!((week.reviews, week.recalled, week.retention), (1, 1, Some(1.0)));
    }

    #[test]
    fn weeks_start_on_monday_at_the_day_start_and_a_week_without_reviews_has_no_retention() {
        // 2026-03-10 is a Tuesday: the current week began Monday the 9th at 04:00.
        let review = |time, rating| answer(time, rating, 5_000, true, Some(Phase::Review));
        let history = history(
            "2026-03-10",
            &[
                review("2026-03-09T03:00:00+09:00", Rating::Again),
                review("2026-03-09T04:00:00+09:00", Rating::Good),
                review("2026-03-10T09:00:00+09:00", Rating::Hard),
                // Learning and relearning cards and new ones are not graduated.
                answer("2026-03-10T09:00:00+09:00", Rating::Again, 5_000, true, Some(Phase::Relearning)),
                answer("2026-03-10T09:00:00+09:00", Rating::Again, 5_000, true, None),
                // The first week of twelve, and the one before it.
                review("2025-12-22T12:00:00+09:00", Rating::Again),
                review("2025-12-21T12:00:00+09:00", Rating::Good),
            ],
        );
        let weeks = &history.retention_by_week;
        assert_eq!(weeks.len(), RETENTION_WEEKS);
        assert_eq!(weeks[0].week, date("2025-12-22"));
        assert_eq!((weeks[0].reviews, weeks[0].retention), (1, Some(0.0)));
        assert_eq!(weeks[10].week, date("2026-03-02"));
        assert_eq!((weeks[10].reviews, weeks[10].recalled), (1, 0), "Monday 03:00 is still Sunday");
        assert_eq!(weeks[11].week, date("2026-03-09"));
        assert_eq!((weeks[11].reviews, weeks[11].recalled, weeks[11].retention), (2, 2, Some(1.0)));
        assert!(weeks[1..10].iter().all(|week| week.reviews == 0 && week.retention.is_none()));
    }

    #[test]
    fn answer_times_fall_in_buckets_by_their_lower_edge_and_untimed_answers_stay_out() {
        let timed = |duration_ms| answer("2026-03-10T12:00:00+09:00", Rating::Good, duration_ms, true, None);
        let durations = [1, 1_999, 2_000, 4_999, 5_000, 19_999, 20_000, 59_999, 60_000, 3_600_000];
        let mut answers: Vec<AnswerPoint> = durations.iter().map(|&duration| timed(duration)).collect();
        answers.push(timed(0));
        let time = history("2026-03-10", &answers).answer_time;
        let bars: Vec<(u64, Option<u64>, usize)> =
            time.buckets.iter().map(|bucket| (bucket.from_ms, bucket.to_ms, bucket.answers)).collect();
        assert_eq!(
            bars,
            [
                (0, Some(2_000), 2),
                (2_000, Some(5_000), 2),
                (5_000, Some(10_000), 1),
                (10_000, Some(20_000), 1),
                (20_000, Some(40_000), 1),
                (40_000, Some(60_000), 1),
                (60_000, None, 2),
            ]
        );
        assert_eq!((time.answers, time.untimed), (10, 1));
        // The fifth of ten, in slots of a tenth of a second: 5,000 ms.
        assert_eq!(time.median_ms, Some(5_000));
    }

    #[test]
    fn the_median_is_the_lower_middle_answer_to_the_tenth_of_a_second() {
        let median = |durations: &[u64]| {
            let answers: Vec<AnswerPoint> = durations
                .iter()
                .map(|&duration| answer("2026-03-10T12:00:00+09:00", Rating::Good, duration, false, None))
                .collect();
            history("2026-03-10", &answers).answer_time.median_ms
        };
        assert_eq!(median(&[1_250]), Some(1_200));
        assert_eq!(median(&[900, 3_000, 7_777]), Some(3_000));
        assert_eq!(median(&[900, 3_000, 7_777, 8_000]), Some(3_000));
        assert_eq!(median(&[20 * 60_000, 30 * 60_000]), Some(600_000), "longer than ten minutes counts as ten");
        assert_eq!(median(&[0, 0]), None, "untimed answers have no median");
    }

    #[test]
    fn no_answers_make_empty_figures() {
        let history = history("2026-03-10", &[]);
        assert!(history.answers_per_day.is_empty());
        assert_eq!(history.total_answers(), 0);
        assert!(history.retention_by_week.iter().all(|week| week.retention.is_none()));
        assert_eq!(history.answer_time.median_ms, None);
        assert_eq!(history.answer_time.buckets.len(), ANSWER_TIME_EDGES_MS.len() + 1);
    }
}
