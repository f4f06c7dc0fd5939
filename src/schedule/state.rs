//! What the scheduler works with: ratings, phases, a card's state, and the settings.

use std::fmt;
use std::str::FromStr;

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
    /// All ratings, in button order.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The lowercase name: `again`, `hard`, `good` or `easy`.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    /// Parses a rating name, ignoring case and surrounding spaces.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        Rating::ALL.into_iter().find(|rating| rating.name().eq_ignore_ascii_case(name))
    }

    /// The button number, 1 (Again) to 4 (Easy).
    pub fn number(self) -> u32 {
        self as u32
    }

    /// The rating for button number 1..=4.
    pub fn from_number(number: u32) -> Option<Self> {
        match number {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    /// Index into [`Rating::ALL`] and into [`Scheduler::preview`]'s result.
    pub(super) fn index(self) -> usize {
        self as usize - 1
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl FromStr for Rating {
    type Err = String;

    /// Accepts a name (`good`) or a button number (`3`).
    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        Rating::from_name(text)
            .or_else(|| text.trim().parse().ok().and_then(Rating::from_number))
            .ok_or_else(|| format!("`{text}` is not a rating; use again, hard, good, easy or 1-4"))
    }
}

impl Phase {
    /// All phases, in life order.
    pub const ALL: [Phase; 4] = [Phase::New, Phase::Learning, Phase::Review, Phase::Relearning];

    /// The lowercase name: `new`, `learning`, `review` or `relearning`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    /// Parses a phase name, ignoring case and surrounding spaces.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        Phase::ALL.into_iter().find(|phase| phase.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl FromStr for Phase {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        Phase::from_name(text)
            .ok_or_else(|| format!("`{text}` is not a card phase; use new, learning, review or relearning"))
    }
}

impl Default for SchedulerConfig {
    /// py-fsrs 6.3.2's defaults: FSRS-6 default parameters, 90 % retention,
    /// learning steps 1 min and 10 min, one 10 min relearning step,
    /// a 36,500-day maximum interval, fuzz on.
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
