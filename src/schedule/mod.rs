//! FSRS-6 scheduling: the `fsrs` crate's memory model plus what it leaves to
//! the caller (learning steps, relearning steps, interval rounding, maximum
//! interval, fuzz), following py-fsrs. Pure: the caller passes `now`.

mod leech;
mod state;

use chrono::Duration;
use fsrs::{FSRSItem, FSRSReview, MemoryState, FSRS};

pub use leech::{LeechAction, LeechRule};
pub use state::{CardState, Phase, Rating, SchedulerConfig};

use crate::clock::Timestamp;
use crate::error::{Error, Result};

/// py-fsrs's accepted range for each parameter (`LOWER_BOUNDS_PARAMETERS`,
/// `UPPER_BOUNDS_PARAMETERS`). fsrs-rs silently clips to the same ranges;
/// like py-fsrs we reject instead, so the user learns about a bad config.
const PARAMETER_BOUNDS: [(f64, f64); 21] = [
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (1.0, 10.0),
    (0.001, 4.0),
    (0.001, 4.0),
    (0.001, 0.75),
    (0.0, 4.5),
    (0.0, 0.8),
    (0.001, 3.5),
    (0.001, 5.0),
    (0.001, 0.25),
    (0.001, 0.9),
    (0.0, 4.0),
    (0.0, 1.0),
    (1.0, 6.0),
    (0.0, 2.0),
    (0.0, 2.0),
    (0.0, 0.8),
    (0.1, 0.8),
];

/// Smallest stability (py-fsrs `STABILITY_MIN`, fsrs-rs `S_MIN`).
const STABILITY_MIN: f64 = 0.001;
/// fsrs-rs clamps stability to at most this (`S_MAX`); py-fsrs does not.
const FSRS_RS_STABILITY_MAX: f64 = 36_500.0;
/// Below this prior stability a lapse's new stability is computed in `f64`
/// (see [`Scheduler::needs_f64`]).
const SMALL_STABILITY: f64 = 1.0;
/// py-fsrs `FUZZ_RANGES`: (start, end, factor).
const FUZZ_RANGES: [(f64, f64, f64); 3] = [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::INFINITY, 0.05)];

/// Widens an `f32` to the `f64` with the same shortest decimal spelling, so
/// `0.1542_f32` becomes the `0.1542` py-fsrs computes with (not
/// `0.15420000255…`). Matters at range boundaries (0.8 must pass `<= 0.8`).
fn widen(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

/// Python's `round`: to nearest, ties to even.
fn py_round(value: f64) -> f64 {
    value.round_ties_even()
}

/// A duration in whole microseconds (Python `timedelta` resolution).
fn micros(duration: Duration) -> i64 {
    duration.num_microseconds().unwrap_or(i64::MAX)
}

/// `numerator / denominator` microseconds, rounded half to even like
/// Python's `timedelta * float` and `timedelta / float`.
fn micros_div_round(numerator: i128, denominator: i128) -> Duration {
    let quotient = numerator.div_euclid(denominator);
    let remainder = numerator.rem_euclid(denominator);
    let rounded = match (2 * remainder).cmp(&denominator) {
        std::cmp::Ordering::Less => quotient,
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal => quotient + (quotient & 1),
    };
    Duration::microseconds(i64::try_from(rounded).unwrap_or(i64::MAX / 1_000))
}

/// A uniform draw in `[0, 1)` from a seed (SplitMix64 finaliser, 53 bits).
fn uniform_from_seed(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// How a review moves the due date.
#[derive(Clone, Copy, Debug)]
enum Next {
    /// A (re)learning step.
    Step(Duration),
    /// A whole number of days (Review phase).
    Days(i64),
}

/// FSRS-6 scheduler: fsrs-rs for stability and difficulty, py-fsrs 6.3.2's
/// rules for phases, steps, intervals and fuzz.
///
/// Where the two libraries differ, this follows py-fsrs:
/// - fsrs-rs computes in `f32`; results agree with py-fsrs's `f64` to ~1e-6
///   relative, so intervals can round differently only at `.5` ties.
/// - fsrs-rs clamps stability to 36,500 days, py-fsrs does not: when a
///   stability is (or would become) that large, the py-fsrs formulas are
///   evaluated here in `f64` instead ([`Scheduler::py_memory`]).
/// - fsrs-rs's lapse formula loses precision in `f32` for stabilities far
///   below a day; those lapses are also computed in `f64`.
/// - Intervals are computed in `f64` from the stability with py-fsrs's formula
///   and rounded half to even like Python's `round`.
#[derive(Clone, Debug)]
pub struct Scheduler {
    config: SchedulerConfig,
    fsrs: FSRS,
    /// The parameters as py-fsrs sees them (see [`widen`]).
    weights: [f64; 21],
    /// py-fsrs `_DECAY` (negative).
    decay: f64,
    /// py-fsrs `_FACTOR`.
    factor: f64,
    /// `desired_retention ** (1 / decay) - 1`.
    retention_term: f64,
}

impl Scheduler {
    /// Checks `config` and builds a scheduler.
    ///
    /// Fails with [`Error::Schedule`] if there are not 21 parameters, one is
    /// outside py-fsrs's range, the desired retention is not strictly between
    /// 0 and 1, a step is not positive, or the maximum interval is 0.
    pub fn new(config: SchedulerConfig) -> Result<Self> {
        if config.parameters.len() != PARAMETER_BOUNDS.len() {
            return Err(Error::Schedule(format!(
                "expected {} FSRS-6 parameters, got {}; use the 21 numbers an FSRS-6 optimizer prints, or leave them out for the defaults",
                PARAMETER_BOUNDS.len(),
                config.parameters.len()
            )));
        }
        let mut weights = [0.0; 21];
        let mut problems = Vec::new();
        for (index, (&value, &(low, high))) in config.parameters.iter().zip(&PARAMETER_BOUNDS).enumerate() {
            let wide = widen(value);
            if !(low..=high).contains(&wide) {
                problems.push(format!("w[{index}] = {value} is outside {low}..={high}"));
            }
            weights[index] = wide;
        }
        if !problems.is_empty() {
            return Err(Error::Schedule(format!("FSRS parameters out of range: {}", problems.join(", "))));
        }
        let retention = config.desired_retention;
        if !(retention > 0.0 && retention < 1.0) {
            return Err(Error::Schedule(format!(
                "desired retention must be between 0 and 1 (exclusive), like 0.9; got {retention}"
            )));
        }
        for (name, steps) in [("learning", &config.learning_steps), ("relearning", &config.relearning_steps)] {
            if let Some(bad) = steps.iter().find(|step| *step <= &Duration::zero()) {
                return Err(Error::Schedule(format!("{name} steps must be longer than zero; got {bad}")));
            }
        }
        if config.maximum_interval_days == 0 {
            return Err(Error::Schedule("the maximum interval must be at least 1 day".to_string()));
        }
        let fsrs = FSRS::new(&config.parameters)
            .map_err(|error| Error::Schedule(format!("FSRS rejected the parameters: {error:?}")))?;
        let decay = -weights[20];
        let factor = 0.9f64.powf(1.0 / decay) - 1.0;
        let retention_term = retention.powf(1.0 / decay) - 1.0;
        Ok(Scheduler { config, fsrs, weights, decay, factor, retention_term })
    }

    /// The settings this scheduler was built from.
    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// Card `card_id`'s state after a review with `rating` at `now`.
    ///
    /// The fuzz (when on, for a card landing in Review) is drawn from a seed
    /// the scheduler derives from the card id and its review count, so
    /// replaying a log reproduces every due date. Never panics: a `now` before
    /// the last review counts as 0 days elapsed, and a card with missing or
    /// non-finite memory is treated as seen for the first time.
    pub fn review(&self, card_id: &str, state: &CardState, rating: Rating, now: Timestamp) -> CardState {
        self.review_seeded(state, rating, now, fuzz_seed(card_id, state.reps))
    }

    /// The card after each possible rating at `now`, indexed Again, Hard,
    /// Good, Easy (the same as four [`Scheduler::review`] calls).
    pub fn preview(&self, card_id: &str, state: &CardState, now: Timestamp) -> [CardState; 4] {
        self.preview_seeded(state, now, fuzz_seed(card_id, state.reps))
    }

    fn review_seeded(&self, state: &CardState, rating: Rating, now: Timestamp, fuzz_seed: u64) -> CardState {
        let memory = self.prior_memory(state);
        let days = elapsed_days(state.last_review, now);
        let next = self.memory_after(memory, days, rating);
        self.finish(state, rating, now, next, fuzz_seed)
    }

    fn preview_seeded(&self, state: &CardState, now: Timestamp, fuzz_seed: u64) -> [CardState; 4] {
        let memory = self.prior_memory(state);
        let days = elapsed_days(state.last_review, now);
        let states = self.fsrs.next_states(Self::fsrs_prior(memory), self.config.desired_retention as f32, days).ok();
        Rating::ALL.map(|rating| {
            let item = states.as_ref().map(|states| match rating {
                Rating::Again => states.again.memory,
                Rating::Hard => states.hard.memory,
                Rating::Good => states.good.memory,
                Rating::Easy => states.easy.memory,
            });
            let next = match item {
                Some(item) if !Self::needs_f64(memory, days, rating) => self.accept(item, memory, days, rating),
                _ => self.py_memory(memory, days, rating),
            };
            self.finish(state, rating, now, next, fuzz_seed)
        })
    }

    /// The predicted probability of recall at `now`, or `None` for a card
    /// never reviewed. Like py-fsrs, counts whole days since the last review.
    pub fn retrievability(&self, state: &CardState, now: Timestamp) -> Option<f64> {
        if state.phase == Phase::New {
            return None;
        }
        let (stability, _) = self.prior_memory(state)?;
        let last = state.last_review?;
        let days = elapsed_days(Some(last), now);
        Some(self.py_retrievability(stability, days))
    }

    /// Stability and difficulty before the review, or `None` for a first
    /// review (new card, or memory missing or unusable).
    fn prior_memory(&self, state: &CardState) -> Option<(f64, f64)> {
        if state.phase == Phase::New {
            return None;
        }
        match (state.stability, state.difficulty) {
            (Some(stability), Some(difficulty)) if stability.is_finite() && difficulty.is_finite() => {
                Some((stability.max(STABILITY_MIN), difficulty.clamp(1.0, 10.0)))
            }
            _ => None,
        }
    }

    /// Whether fsrs-rs cannot give py-fsrs's answer for this review, so the
    /// `f64` py-fsrs formulas are used instead:
    /// - fsrs-rs clamps stability to 36,500 days (py-fsrs does not), so a
    ///   larger prior stability cannot even be passed in;
    /// - fsrs-rs's lapse stability has `(S + 1)^w13 - 1`, which cancels in
    ///   `f32` when S is small (relative error ~6e-8 / (w13 * S): 1e-4 at
    ///   S = 0.002, seen in the josh log).
    fn needs_f64(prior: Option<(f64, f64)>, days: u32, rating: Rating) -> bool {
        prior.is_some_and(|(stability, _)| {
            stability > FSRS_RS_STABILITY_MAX || (rating == Rating::Again && days >= 1 && stability < SMALL_STABILITY)
        })
    }

    /// fsrs-rs's memory state for `prior` (`None` for a first review).
    fn fsrs_prior(prior: Option<(f64, f64)>) -> Option<MemoryState> {
        prior.map(|(stability, difficulty)| MemoryState { stability: stability as f32, difficulty: difficulty as f32 })
    }

    /// Stability and difficulty after `rating`: one fsrs-rs step (via
    /// `memory_state` with a one-review item, which is `next_states` for a
    /// single rating), with the `f64` fallbacks described at [`Scheduler`].
    fn memory_after(&self, prior: Option<(f64, f64)>, days: u32, rating: Rating) -> (f64, f64) {
        if Self::needs_f64(prior, days, rating) {
            return self.py_memory(prior, days, rating);
        }
        let item = FSRSItem { reviews: vec![FSRSReview { rating: rating.number(), delta_t: days }] };
        match self.fsrs.memory_state(item, Self::fsrs_prior(prior)) {
            Ok(memory) => self.accept(memory, prior, days, rating),
            Err(_) => self.py_memory(prior, days, rating),
        }
    }

    /// An fsrs-rs result as `f64`, unless fsrs-rs clamped its stability at
    /// 36,500 days, in which case py-fsrs's unclamped value is computed.
    fn accept(&self, memory: MemoryState, prior: Option<(f64, f64)>, days: u32, rating: Rating) -> (f64, f64) {
        let stability = f64::from(memory.stability);
        if stability >= FSRS_RS_STABILITY_MAX {
            return self.py_memory(prior, days, rating);
        }
        (stability, f64::from(memory.difficulty))
    }
    /// py-fsrs's memory model in `f64` (`_initial_stability`,
    /// `_short_term_stability`, `_next_stability`, `_next_difficulty`), used
    /// only where fsrs-rs's stability clamp would make it disagree.
    fn py_memory(&self, prior: Option<(f64, f64)>, days: u32, rating: Rating) -> (f64, f64) {
        let w = &self.weights;
        let grade = f64::from(rating.number());
        let initial_difficulty = |grade: f64| w[4] - (w[5] * (grade - 1.0)).exp() + 1.0;
        let Some((stability, difficulty)) = prior else {
            return (w[rating.index()].max(STABILITY_MIN), initial_difficulty(grade).clamp(1.0, 10.0));
        };
        let next_stability = if days < 1 {
            let mut increase = (w[17] * (grade - 3.0 + w[18])).exp() * stability.powf(-w[19]);
            if rating != Rating::Again {
                increase = increase.max(1.0);
            }
            stability * increase
        } else {
            let r = self.py_retrievability(stability, days);
            if rating == Rating::Again {
                let long_term =
                    w[11] * difficulty.powf(-w[12]) * ((stability + 1.0).powf(w[13]) - 1.0) * ((1.0 - r) * w[14]).exp();
                let short_term = stability / (w[17] * w[18]).exp();
                long_term.min(short_term)
            } else {
                let hard_penalty = if rating == Rating::Hard { w[15] } else { 1.0 };
                let easy_bonus = if rating == Rating::Easy { w[16] } else { 1.0 };
                stability
                    * (1.0
                        + w[8].exp()
                            * (11.0 - difficulty)
                            * stability.powf(-w[9])
                            * (((1.0 - r) * w[10]).exp() - 1.0)
                            * hard_penalty
                            * easy_bonus)
            }
        };
        let delta = -(w[6] * (grade - 3.0));
        let damped = difficulty + (10.0 - difficulty) * delta / 9.0;
        let next_difficulty = w[7] * initial_difficulty(4.0) + (1.0 - w[7]) * damped;
        (next_stability.max(STABILITY_MIN), next_difficulty.clamp(1.0, 10.0))
    }

    /// py-fsrs `get_card_retrievability` for whole `days`.
    fn py_retrievability(&self, stability: f64, days: u32) -> f64 {
        (1.0 + self.factor * f64::from(days) / stability).powf(self.decay)
    }

    /// py-fsrs `_next_interval`: whole days, at least 1, at most the maximum.
    fn interval_days(&self, stability: f64) -> i64 {
        let days = py_round((stability / self.factor) * self.retention_term);
        // `as` saturates (NaN becomes 0), then the clamps apply.
        (days as i64).clamp(1, i64::from(self.config.maximum_interval_days))
    }

    /// py-fsrs `_get_fuzzed_interval`'s bounds before drawing.
    fn fuzz_range(&self, days: i64) -> (i64, i64) {
        let mut delta = 1.0;
        for (start, end, factor) in FUZZ_RANGES {
            delta += factor * ((days as f64).min(end) - start).max(0.0);
        }
        let maximum = i64::from(self.config.maximum_interval_days);
        let high = (py_round(days as f64 + delta) as i64).min(maximum);
        let low = (py_round(days as f64 - delta) as i64).max(2).min(high);
        (low, high)
    }

    /// py-fsrs `_get_fuzzed_interval` with `draw` in `[0, 1)` standing in for
    /// `random()`. Note py-fsrs's quirk, kept for fidelity: it draws from
    /// `[low, high + 1)` and then rounds, so `high + 1` can come out
    /// (capped at the maximum interval).
    fn fuzzed_days(&self, days: i64, draw: f64) -> i64 {
        if (days as f64) < 2.5 {
            return days;
        }
        let (low, high) = self.fuzz_range(days);
        let fuzzed = draw * (high - low + 1) as f64 + low as f64;
        (py_round(fuzzed) as i64).min(i64::from(self.config.maximum_interval_days))
    }

    /// Applies py-fsrs's step and phase rules to the new memory.
    fn finish(
        &self,
        state: &CardState,
        rating: Rating,
        now: Timestamp,
        (stability, difficulty): (f64, f64),
        fuzz_seed: u64,
    ) -> CardState {
        let (phase, step, next) = match state.phase {
            Phase::New | Phase::Learning => self.steps(
                &self.config.learning_steps,
                Phase::Learning,
                if state.phase == Phase::New { 0 } else { state.step },
                rating,
                stability,
            ),
            Phase::Relearning => {
                self.steps(&self.config.relearning_steps, Phase::Relearning, state.step, rating, stability)
            }
            Phase::Review => match (rating, self.config.relearning_steps.first()) {
                (Rating::Again, Some(&first)) => (Phase::Relearning, 0, Next::Step(first)),
                _ => (Phase::Review, 0, Next::Days(self.interval_days(stability))),
            },
        };
        let wait = match next {
            Next::Step(duration) => duration,
            Next::Days(days) => {
                let days = if self.config.enable_fuzz && phase == Phase::Review {
                    self.fuzzed_days(days, uniform_from_seed(fuzz_seed))
                } else {
                    days
                };
                Duration::try_days(days).unwrap_or(Duration::MAX)
            }
        };
        CardState {
            phase,
            step,
            stability: Some(stability),
            difficulty: Some(difficulty),
            due: now.plus(wait),
            last_review: Some(now),
            reps: state.reps.saturating_add(1),
            lapses: state.lapses.saturating_add(u32::from(state.phase == Phase::Review && rating == Rating::Again)),
        }
    }

    /// py-fsrs's (re)learning-step rules; `phase` is Learning or Relearning.
    fn steps(&self, steps: &[Duration], phase: Phase, step: u32, rating: Rating, stability: f64) -> (Phase, u32, Next) {
        let graduate = || (Phase::Review, 0, Next::Days(self.interval_days(stability)));
        let index = usize::try_from(step).unwrap_or(usize::MAX);
        // Also covers a card left on a step that a shorter step list no longer has.
        if steps.is_empty() || (index >= steps.len() && rating != Rating::Again) {
            return graduate();
        }
        let at = |index: usize| steps.get(index).copied().unwrap_or_else(Duration::zero);
        match rating {
            Rating::Again => (phase, 0, Next::Step(at(0))),
            Rating::Hard => {
                let wait = match (index, steps.len()) {
                    (0, 1) => micros_div_round(i128::from(micros(at(0))) * 3, 2),
                    (0, _) => micros_div_round(i128::from(micros(at(0))) + i128::from(micros(at(1))), 2),
                    _ => at(index),
                };
                (phase, step, Next::Step(wait))
            }
            Rating::Good if index + 1 >= steps.len() => graduate(),
            Rating::Good => (phase, step + 1, Next::Step(at(index + 1))),
            Rating::Easy => graduate(),
        }
    }
}

/// The fuzz seed of the `review_count`-th review of `card_id`: the stable
/// FNV-1a hash of the id's bytes, a 0xFF separator and the count in
/// little-endian. Stable across platforms and versions.
fn fuzz_seed(card_id: &str, review_count: u32) -> u64 {
    let mut hasher = crate::hash::StableHasher::default();
    hasher.write(card_id);
    hasher.write_bytes(&review_count.to_le_bytes());
    hasher.finish()
}

/// Whole days from `last_review` to `now` (Python `timedelta.days`), 0 if
/// there was no review or `now` is earlier: the one day rule. The optimizer
/// ([`crate::optimize`]) counts the days between a card's reviews with it
/// too, so parameters are fitted to the same `delta_t` the scheduler feeds them.
pub(crate) fn elapsed_days(last_review: Option<Timestamp>, now: Timestamp) -> u32 {
    let Some(last) = last_review else { return 0 };
    let elapsed = now.0.signed_duration_since(last.0);
    u32::try_from(elapsed.num_days().max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
