//! FSRS-6 scheduling: the `fsrs` crate's memory model plus what it leaves to
//! the caller (learning steps, relearning steps, interval rounding, maximum
//! interval, fuzz), following py-fsrs. Pure: the caller passes `now`.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;

/// How well the learner recalled a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Forgot.
    Again = 1,
    /// Recalled with serious difficulty.
    Hard = 2,
    /// Recalled.
    Good = 3,
    /// Recalled easily.
    Easy = 4,
}

/// Where a card is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Never reviewed.
    New,
    /// Going through the learning steps.
    Learning,
    /// Graduated; scheduled by FSRS intervals.
    Review,
    /// Lapsed; going through the relearning steps.
    Relearning,
}

/// Everything the scheduler needs to know about a card between reviews.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    /// The card's phase.
    pub phase: Phase,
    /// Index of the current (re)learning step; 0 otherwise.
    pub step: u32,
    /// FSRS stability in days; `None` before the first review.
    pub stability: Option<f64>,
    /// FSRS difficulty (1..=10); `None` before the first review.
    pub difficulty: Option<f64>,
    /// When the card is next due.
    pub due: Timestamp,
    /// When it was last reviewed.
    pub last_review: Option<Timestamp>,
    /// Number of reviews.
    pub reps: u32,
    /// Number of times it was forgotten after graduating.
    pub lapses: u32,
}

impl CardState {
    /// A card never seen, due at `now`.
    pub fn new_card(now: Timestamp) -> Self {
        CardState {
            phase: Phase::New,
            step: 0,
            stability: None,
            difficulty: None,
            due: now,
            last_review: None,
            reps: 0,
            lapses: 0,
        }
    }
}

/// Scheduler settings; `Default` gives py-fsrs's defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct SchedulerConfig {
    /// The 21 FSRS-6 parameters.
    pub parameters: Vec<f32>,
    /// Target probability of recall at the due time.
    pub desired_retention: f64,
    /// Learning steps (default 1 min, 10 min).
    pub learning_steps: Vec<Duration>,
    /// Relearning steps (default 10 min).
    pub relearning_steps: Vec<Duration>,
    /// Longest interval in days (default 36,500).
    pub maximum_interval_days: u32,
    /// Whether intervals get py-fsrs's fuzz.
    pub enable_fuzz: bool,
}

impl Rating {
    /// Every rating, from Again to Easy.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The lowercase name (`again`, `hard`, `good`, `easy`).
    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    /// The rating with this name, case-insensitively.
    pub fn from_name(name: &str) -> Option<Rating> {
        Rating::ALL
            .into_iter()
            .find(|rating| rating.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The rating with this number (1 Again … 4 Easy).
    pub fn from_number(number: u8) -> Option<Rating> {
        Rating::ALL
            .get(usize::from(number).checked_sub(1)?)
            .copied()
    }
}

impl Phase {
    /// The lowercase name (`new`, `learning`, `review`, `relearning`).
    pub fn name(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    /// The phase with this name.
    pub fn from_name(name: &str) -> Option<Phase> {
        [
            Phase::New,
            Phase::Learning,
            Phase::Review,
            Phase::Relearning,
        ]
        .into_iter()
        .find(|phase| phase.name() == name)
    }
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            parameters: fsrs::DEFAULT_PARAMETERS.to_vec(),
            desired_retention: 0.9,
            learning_steps: vec![Duration::minutes(1), Duration::minutes(10)],
            relearning_steps: vec![Duration::minutes(10)],
            maximum_interval_days: 36_500,
            enable_fuzz: true,
        }
    }
}

/// py-fsrs's fuzz ranges: (start, end, factor) in days.
const FUZZ_RANGES: [(f64, f64, f64); 3] = [
    (2.5, 7.0, 0.15),
    (7.0, 20.0, 0.1),
    (20.0, f64::INFINITY, 0.05),
];

/// FSRS-6 with learning steps, relearning steps, rounding and fuzz, as py-fsrs does them.
#[derive(Clone, Debug)]
pub struct Scheduler {
    fsrs: fsrs::FSRS,
    config: SchedulerConfig,
    decay: f64,
    factor: f64,
}

impl Scheduler {
    /// A scheduler with `config`; refuses parameters FSRS rejects and retention outside (0, 1).
    pub fn new(config: SchedulerConfig) -> crate::Result<Self> {
        if !(config.desired_retention > 0.0 && config.desired_retention < 1.0) {
            return Err(crate::Error::Schedule(format!(
                "desired retention {} must be between 0 and 1 (e.g. 0.9)",
                config.desired_retention
            )));
        }
        if config.parameters.len() != 21 {
            return Err(crate::Error::Schedule(format!(
                "FSRS-6 needs 21 parameters, got {}",
                config.parameters.len()
            )));
        }
        let fsrs = fsrs::FSRS::new(&config.parameters).map_err(|error| {
            crate::Error::Schedule(format!("the FSRS parameters were rejected: {error}"))
        })?;
        let decay = -f64::from(config.parameters[20]);
        let factor = 0.9f64.powf(1.0 / decay) - 1.0;
        Ok(Scheduler {
            fsrs,
            config,
            decay,
            factor,
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// Probability of recall at `now` (None for a new card). Elapsed time counts
    /// in whole days, as in py-fsrs.
    pub fn retrievability(&self, state: &CardState, now: Timestamp) -> Option<f64> {
        let stability = state.stability?;
        let last = state.last_review?;
        let days = whole_days(last, now) as f64;
        Some((1.0 + self.factor * days / stability.max(0.001)).powf(self.decay))
    }

    /// The card's state after `rating` at `now`. Pure and total: bad input
    /// (a `now` before the last review, NaN memory) is clamped, never a panic.
    pub fn review(
        &self,
        state: &CardState,
        rating: Rating,
        now: Timestamp,
        fuzz_seed: u64,
    ) -> CardState {
        let elapsed_days = state.last_review.map(|last| whole_days(last, now));
        let memory = self.next_memory(state, rating, elapsed_days);
        let mut next = CardState {
            stability: Some(f64::from(memory.stability)),
            difficulty: Some(f64::from(memory.difficulty)),
            last_review: Some(now),
            reps: state.reps.saturating_add(1),
            lapses: state.lapses,
            ..*state
        };
        let stability = f64::from(memory.stability);
        let interval = match state.phase {
            Phase::New | Phase::Learning => {
                let steps = &self.config.learning_steps;
                self.stepped(
                    &mut next,
                    steps,
                    Phase::Learning,
                    state.step,
                    rating,
                    stability,
                )
            }
            Phase::Relearning => {
                let steps = &self.config.relearning_steps;
                self.stepped(
                    &mut next,
                    steps,
                    Phase::Relearning,
                    state.step,
                    rating,
                    stability,
                )
            }
            Phase::Review => {
                if rating == Rating::Again {
                    next.lapses = next.lapses.saturating_add(1);
                }
                if rating == Rating::Again && !self.config.relearning_steps.is_empty() {
                    next.phase = Phase::Relearning;
                    next.step = 0;
                    self.config.relearning_steps[0]
                } else {
                    next.phase = Phase::Review;
                    next.step = 0;
                    Duration::days(self.interval_days(stability))
                }
            }
        };
        let interval = if self.config.enable_fuzz && next.phase == Phase::Review {
            self.fuzzed(interval, fuzz_seed)
        } else {
            interval
        };
        next.due = now.plus(interval);
        next
    }

    /// The four states `review` would give, one per rating (for "1 Again 10m · 2 Hard 1d …").
    pub fn preview(&self, state: &CardState, now: Timestamp, fuzz_seed: u64) -> [CardState; 4] {
        Rating::ALL.map(|rating| self.review(state, rating, now, fuzz_seed))
    }

    fn next_memory(
        &self,
        state: &CardState,
        rating: Rating,
        elapsed_days: Option<i64>,
    ) -> fsrs::MemoryState {
        let previous = match (state.stability, state.difficulty) {
            (Some(stability), Some(difficulty))
                if stability.is_finite() && difficulty.is_finite() =>
            {
                Some(fsrs::MemoryState {
                    stability: stability as f32,
                    difficulty: difficulty as f32,
                })
            }
            _ => None,
        };
        let days = elapsed_days.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
        let retention = self.config.desired_retention as f32;
        match self.fsrs.next_states(previous, retention, days) {
            Ok(states) => {
                let chosen = match rating {
                    Rating::Again => states.again,
                    Rating::Hard => states.hard,
                    Rating::Good => states.good,
                    Rating::Easy => states.easy,
                };
                chosen.memory
            }
            // Only non-finite input gets here; start the memory afresh rather than fail.
            Err(_) => match self.fsrs.next_states(None, retention, 0) {
                Ok(states) => states.good.memory,
                Err(_) => fsrs::MemoryState {
                    stability: 1.0,
                    difficulty: 5.0,
                },
            },
        }
    }

    /// Moves a (re)learning card through `steps` and returns the next interval.
    fn stepped(
        &self,
        next: &mut CardState,
        steps: &[Duration],
        phase: Phase,
        step: u32,
        rating: Rating,
        stability: f64,
    ) -> Duration {
        let step = step as usize;
        let graduate = |next: &mut CardState| {
            next.phase = Phase::Review;
            next.step = 0;
            Duration::days(self.interval_days(stability))
        };
        // A card left on a step that no longer exists (the steps were shortened) graduates.
        if steps.is_empty() || (step >= steps.len() && rating != Rating::Again) {
            return graduate(next);
        }
        next.phase = phase;
        match rating {
            Rating::Again => {
                next.step = 0;
                steps[0]
            }
            Rating::Hard => {
                next.step = step as u32;
                match (step, steps.len()) {
                    (0, 1) => steps[0] * 3 / 2,
                    (0, _) => (steps[0] + steps[1]) / 2,
                    _ => steps[step],
                }
            }
            Rating::Good if step + 1 >= steps.len() => graduate(next),
            Rating::Good => {
                next.step = step as u32 + 1;
                steps[step + 1]
            }
            Rating::Easy => graduate(next),
        }
    }

    /// Whole days until recall falls to the desired retention: rounded, at least 1,
    /// at most the maximum interval.
    fn interval_days(&self, stability: f64) -> i64 {
        let interval =
            stability / self.factor * (self.config.desired_retention.powf(1.0 / self.decay) - 1.0);
        let rounded = if interval.is_finite() {
            interval.round() as i64
        } else {
            1
        };
        rounded
            .max(1)
            .min(i64::from(self.config.maximum_interval_days.max(1)))
    }

    /// py-fsrs's fuzz, with the uniform draw taken from `seed` instead of a global RNG.
    fn fuzzed(&self, interval: Duration, seed: u64) -> Duration {
        let days = interval.num_days();
        if (days as f64) < 2.5 {
            return interval;
        }
        let maximum = i64::from(self.config.maximum_interval_days.max(1));
        let mut delta = 1.0;
        for (start, end, factor) in FUZZ_RANGES {
            delta += factor * ((days as f64).min(end) - start).max(0.0);
        }
        let low = ((days as f64 - delta).round() as i64).max(2);
        let high = ((days as f64 + delta).round() as i64).min(maximum);
        let low = low.min(high);
        let draw = unit_interval(seed);
        let fuzzed = (draw * (high - low + 1) as f64 + low as f64).round() as i64;
        Duration::days(fuzzed.min(maximum))
    }
}

/// Whole 24-hour periods from `from` to `to` (0 when `to` is earlier), as
/// Python's `timedelta.days` counts them.
pub fn whole_days(from: Timestamp, to: Timestamp) -> i64 {
    (to.0 - from.0).num_days().max(0)
}

/// A seed for a card's fuzz: stable across platforms and versions (FNV-1a of the
/// id, mixed with the review count), so replaying the log gives the same dates.
pub fn fuzz_seed(card_id: &str, review_count: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in card_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    splitmix(hash ^ u64::from(review_count).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

fn splitmix(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// A uniform draw in [0, 1) from a seed.
fn unit_interval(seed: u64) -> f64 {
    (splitmix(seed) >> 11) as f64 / (1u64 << 53) as f64
}
