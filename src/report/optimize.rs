//! What `quiz optimize` prints for a deck: as text, and (through serde) as JSON.

use std::fmt::Write;

use serde::Serialize;

use crate::clock::Timestamp;
use crate::optimize::{Metrics, WorkloadRow};
use crate::text::sanitize::terminal_line;

/// The outcome of optimizing one deck; its fields are the JSON object
/// `quiz optimize --json` prints (an array of them with `--all`).
#[derive(Clone, Debug, Serialize)]
pub struct DeckOptimization {
    /// The deck's id.
    pub deck: String,
    /// Memory reviews read (study, `quiz review`, recorded exams, imported history).
    pub reviews: usize,
    /// Of those, the reviews FSRS learns from: a day or more after the card's previous one.
    pub items: usize,
    /// Cards with a memory review.
    pub cards: usize,
    /// Whether the fitted parameters replace the current ones.
    pub kept: bool,
    /// Why (or why not), in a sentence.
    pub reason: String,
    /// The parameters the deck used before.
    pub current: ParameterSet,
    /// The fitted parameters, unless there was too little to fit.
    pub fitted: Option<ParameterSet>,
    /// The deck's desired retention (marked in the workload table).
    pub desired_retention: f64,
    /// What the workload table simulates.
    pub simulation: Simulation,
    /// A simulated year at several desired retentions, with the parameters
    /// the deck uses from now on (the fitted ones if kept).
    pub workload: Vec<WorkloadRow>,
    /// Whether the fitted parameters were stored (kept, and not `--dry-run`).
    pub stored: bool,
}

/// What the workload table simulates: `cards` cards (the deck's, or the
/// history's if more), `new_per_day` of them introduced a day, for `days` days
/// from a fresh start.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Simulation {
    /// Days simulated.
    pub days: usize,
    /// Cards in the simulated deck.
    pub cards: usize,
    /// New cards a day.
    pub new_per_day: usize,
}

/// A set of parameters and how well it predicts the deck's reviews.
#[derive(Clone, Debug, Serialize)]
pub struct ParameterSet {
    /// `default` (fsrs-rs's defaults) or `fitted` (by `quiz optimize`).
    pub source: &'static str,
    /// When they were fitted (`None` for the defaults).
    pub fitted_at: Option<Timestamp>,
    /// The 21 FSRS-6 parameters.
    pub parameters: Vec<f32>,
    /// Log loss on the time-series evaluation (`None` with too few reviews to evaluate).
    pub log_loss: Option<f64>,
    /// RMSE over bins of similar reviews, on the same evaluation.
    pub rmse_bins: Option<f64>,
}

impl ParameterSet {
    /// `parameters` from `source`, with their `metrics` if there are any.
    pub fn new(
        source: &'static str,
        fitted_at: Option<Timestamp>,
        parameters: Vec<f32>,
        metrics: Option<Metrics>,
    ) -> ParameterSet {
        ParameterSet {
            source,
            fitted_at,
            parameters,
            log_loss: metrics.map(|metrics| metrics.log_loss),
            rmse_bins: metrics.map(|metrics| metrics.rmse_bins),
        }
    }
}

/// The report for one deck, as text.
pub fn text(report: &DeckOptimization) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} memory review(s) of {} card(s); FSRS learns from the {} a day or more after the card's previous review.",
        terminal_line(&report.deck),
        report.reviews,
        report.cards,
        report.items
    );
    out.push('\n');
    let _ = writeln!(out, "             log loss  RMSE (bins)");
    let current = match &report.current.fitted_at {
        Some(at) => format!("fitted {}", at.rfc3339()),
        None => "default parameters".to_string(),
    };
    metrics_line(&mut out, "current", &report.current, &current);
    if let Some(fitted) = &report.fitted {
        metrics_line(&mut out, "fitted", fitted, "");
    }
    out.push_str(
        "  (each of the log's last five sixths predicted; fitted: from parameters fitted to the reviews before it)\n\n",
    );
    let verdict = if report.kept { "Kept the fitted parameters" } else { "Kept the current parameters" };
    let _ = writeln!(out, "{verdict}: {}.", report.reason);
    let (label, parameters) = match (&report.fitted, report.kept) {
        (Some(fitted), true) => ("fitted", &fitted.parameters),
        _ => ("current", &report.current.parameters),
    };
    let _ = writeln!(out, "\nParameters ({label}):");
    for row in parameters.chunks(7) {
        let numbers: Vec<String> = row.iter().map(|value| format!("{value:>8.4}")).collect();
        let _ = writeln!(out, " {}", numbers.join(""));
    }
    if !report.workload.is_empty() {
        let simulation = &report.simulation;
        let _ = writeln!(
            out,
            "\nWorkload: {} days simulated with these parameters from a fresh start ({} cards, {} new a day):",
            simulation.days, simulation.cards, simulation.new_per_day
        );
        let _ = writeln!(out, "    retention  reviews/day  remembered");
        for row in &report.workload {
            let mark = if (row.retention - report.desired_retention).abs() < 1e-9 { "*" } else { " " };
            let _ = writeln!(
                out,
                "  {mark} {:>9.2}  {:>11.1}  {:>10.0}",
                row.retention, row.reviews_per_day, row.remembered
            );
        }
        let _ = writeln!(
            out,
            "  (* the deck's desired_retention; reviews/day: of cards already learned, averaged over the days; \
             remembered: cards expected to be recalled on the last day)"
        );
    }
    out
}

fn metrics_line(out: &mut String, name: &str, set: &ParameterSet, note: &str) {
    let number = |value: Option<f64>| value.map_or_else(|| "-".to_string(), |value| format!("{value:.4}"));
    let line = format!("  {name:<9} {:>9}  {:>11}  {note}", number(set.log_loss), number(set.rmse_bins));
    let _ = writeln!(out, "{}", line.trim_end());
}
