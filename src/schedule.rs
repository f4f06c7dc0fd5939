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
