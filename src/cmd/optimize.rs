//! `quiz optimize`: fit FSRS parameters to a deck's memory reviews, keep them
//! when they predict the deck's reviews better than the current ones, and
//! show what each desired retention would cost.

use std::collections::HashMap;

use fsrs::CombinedProgressState;

use crate::cli::OptimizeArgs;
use crate::clock::Timestamp;
use crate::deck::{Catalog, DeckId};
use crate::error::{Error, Result};
use crate::optimize::{self, History, HistoryBuilder, WorkloadPlan, SIMULATED_DAYS, WORKLOAD_RETENTIONS};
use crate::output::{print, print_json};
use crate::report::optimize::{self as report, DeckOptimization, ParameterSet, Simulation};
use crate::schedule::{Rating, Scheduler, SchedulerConfig};
use crate::settings::{App, DeckFlags};
use crate::store::{FittedParameters, Parameters, Store};
use crate::talk;
use crate::text::sanitize::terminal_line;
use crate::text::shell_word;
use crate::ui::progress::Progress;
use crate::Outcome;

/// A deck to optimize: its id, its file when it can be found, and how a
/// command line names it (`--deck` as given, or the id).
struct Target {
    id: DeckId,
    catalog: Option<Catalog>,
    name: String,
}

/// Optimizes `--deck`, or every deck with memory reviews (`--all`).
pub fn run(app: &App, args: &OptimizeArgs) -> Result<Outcome> {
    if args.reset {
        return reset(app, args);
    }
    let (mut store, targets) = if args.all {
        let store = app.existing_store()?.ok_or_else(nothing_anywhere)?;
        let targets: Vec<Target> = store
            .decks_with_memory_reviews()?
            .into_iter()
            .map(|id| {
                // A deck's progress outlives its file: without one, the defaults apply.
                let catalog = app.open_catalog(&id.0).ok().filter(|catalog| catalog.header().id == id);
                Target { name: id.0.clone(), id, catalog }
            })
            .collect();
        if targets.is_empty() {
            return Err(nothing_anywhere());
        }
        (store, targets)
    } else {
        if app.deck.is_none() {
            return Err(Error::Usage(
                "name a deck with --deck DECK, or give --all for every deck with reviews".to_string(),
            ));
        }
        let catalog = app.open_deck_catalog()?;
        let id = catalog.header().id.clone();
        let store = app.existing_store()?.ok_or_else(|| Error::NothingToFit { deck: id.0.clone() })?;
        let name = app.deck_name()?.to_string();
        (store, vec![Target { id, catalog: Some(catalog), name }])
    };
    let progress = Progress::new();
    let mut reports = Vec::with_capacity(targets.len());
    let mut names = Vec::with_capacity(targets.len());
    for target in &targets {
        match optimize_deck(app, &mut store, target, args, &progress)? {
            Some(report) => {
                reports.push(report);
                names.push(target.name.as_str());
            }
            None if args.all => talk!(
                "{}: no reviews FSRS can learn from yet (none a day or more after the card's previous one); skipped.",
                terminal_line(&target.id.0)
            ),
            None => return Err(Error::NothingToFit { deck: target.id.0.clone() }),
        }
    }
    progress.clear();
    if app.json {
        match (args.all, reports.as_slice()) {
            (false, [only]) => print_json(only)?,
            _ => print_json(&reports)?,
        }
    } else {
        let texts: Vec<String> = reports.iter().map(report::text).collect();
        print(&texts.join("\n"))?;
    }
    for (report, name) in reports.iter().zip(names) {
        talk_about(report, name, args.dry_run);
    }
    Ok(Outcome::Success)
}

/// `--reset`: back to the default parameters for `--deck`, or for every deck (`--all`).
fn reset(app: &App, args: &OptimizeArgs) -> Result<Outcome> {
    let Some(mut store) = app.existing_store()? else {
        talk!("No deck has fitted parameters: every deck uses FSRS-6's defaults.");
        return print_json_if(app, &[]);
    };
    let decks: Vec<(DeckId, String)> = if args.all {
        store.decks_with_memory_reviews()?.into_iter().map(|id| (id.clone(), id.0)).collect()
    } else {
        let catalog = app.open_deck_catalog()?;
        vec![(catalog.header().id.clone(), app.deck_name()?.to_string())]
    };
    let mut reset = Vec::new();
    for (deck, name) in decks {
        if store.forget_fitted_parameters(&deck)? {
            talk!(
                "{}: back to FSRS-6's default parameters. Run `quiz rebuild --deck {}` to recompute the cards' states with them.",
                terminal_line(&deck.0),
                terminal_line(&shell_word(&name))
            );
            reset.push(deck);
        } else if !args.all {
            talk!("{}: already uses FSRS-6's default parameters.", terminal_line(&deck.0));
        }
    }
    print_json_if(app, &reset)
}

/// With `--json`, the decks reset, as `{"reset": [...]}`.
fn print_json_if(app: &App, reset: &[DeckId]) -> Result<Outcome> {
    if app.json {
        print_json(&serde_json::json!({ "reset": reset }))?;
    }
    Ok(Outcome::Success)
}

/// The error when no deck at all has memory reviews.
fn nothing_anywhere() -> Error {
    Error::Usage(
        "no deck has reviews to fit FSRS parameters to yet; study a deck over a few days first (`quiz --deck DECK`)"
            .to_string(),
    )
}

/// What happened to the parameters, said once the report is out; `name`
/// is how the command line named the deck.
fn talk_about(report: &DeckOptimization, name: &str, dry_run: bool) {
    let deck = terminal_line(&report.deck);
    if report.items < optimize::MINIMUM_ITEMS {
        talk!(
            "warning: {deck}: only {} review(s) to learn from (fewer than {}): a fit to so few is unreliable.",
            report.items,
            optimize::MINIMUM_ITEMS
        );
    }
    match (report.kept, dry_run) {
        (true, true) => talk!("{deck}: dry run: the fitted parameters were not stored."),
        (true, false) => talk!(
            "{deck}: stored the fitted parameters; reviews from now on use them. Run `quiz rebuild --deck {}` to recompute the cards' states with them.",
            terminal_line(&shell_word(name))
        ),
        (false, _) => {}
    }
}

/// Fits, evaluates and (unless it is a dry run, or they are no better) stores
/// the parameters of one deck. `None` when it has nothing to learn from.
fn optimize_deck(
    app: &App,
    store: &mut Store,
    target: &Target,
    args: &OptimizeArgs,
    progress: &Progress,
) -> Result<Option<DeckOptimization>> {
    // The deck's retention and new cards a day, and its number of cards, for the workload.
    let defaults = SchedulerConfig::default();
    let (desired_retention, new_per_day, deck_cards) = match &target.catalog {
        Some(catalog) => {
            let settings = app.deck_settings(catalog.header(), &DeckFlags::default(), Some(store))?;
            (settings.scheduler.config().desired_retention, settings.new_per_day, catalog.len())
        }
        // No deck file: the config's table for the deck id still applies.
        None => {
            let configured = app.configured(&target.id)?;
            let retention = configured.desired_retention.unwrap_or(defaults.desired_retention);
            (retention, configured.new_per_day.map_or(20, |new| new as usize), 0)
        }
    };
    let stored = store.fitted_parameters(&target.id)?;
    let current_parameters =
        stored.as_ref().map_or_else(|| defaults.parameters.clone(), |fitted| fitted.parameters.0.clone());
    progress.stage(&format!("{}: reading", terminal_line(&target.id.0)), None);
    let history = read_history(store, &target.id)?;
    if history.items().is_empty() {
        return Ok(None);
    }
    let (reviews, items, cards) = (history.reviews(), history.items().len(), history.cards());
    let relearning_steps = defaults.relearning_steps.len();
    let current_metrics = optimize::evaluate_parameters(&history, &current_parameters)?;
    progress.stage(&format!("{}: fitting", terminal_line(&target.id.0)), Some(0));
    let training = CombinedProgressState::new_shared();
    let fitted = progress.follow(&training, || optimize::fit(&history, relearning_steps, Some(training.clone())))?;
    let plan = WorkloadPlan::from_history(&history, deck_cards.max(cards), new_per_day);
    let fitted_metrics = match &fitted {
        Some(_) => {
            progress.stage(&format!("{}: evaluating", terminal_line(&target.id.0)), Some(5));
            optimize::evaluate_fitting(history, relearning_steps, |done| {
                progress.set(done.current as u64, done.total as u64)
            })?
        }
        None => None,
    };
    let mut decision = optimize::decide(items, args.force, current_metrics, fitted_metrics);
    match &fitted {
        None => {
            decision.kept = false;
            decision.reason = format!("too few reviews for FSRS to fit anything ({items} to learn from)");
        }
        Some(parameters) if decision.kept => {
            // The scheduler checks py-fsrs's ranges, fsrs-rs clips to the same ones: this holds unless they drift apart.
            let config = SchedulerConfig { parameters: parameters.clone(), ..SchedulerConfig::default() };
            if let Err(error) = Scheduler::new(config) {
                decision.kept = false;
                decision.reason = format!("the scheduler cannot use the fitted ones ({error})");
            }
        }
        Some(_) => {}
    }
    let used = match (&fitted, decision.kept) {
        (Some(fitted), true) => fitted.clone(),
        _ => current_parameters.clone(),
    };
    let mut retentions = WORKLOAD_RETENTIONS.to_vec();
    if !retentions.iter().any(|retention| (retention - desired_retention).abs() < 1e-9) {
        retentions.push(desired_retention);
        retentions.sort_by(f64::total_cmp);
    }
    progress.stage(&format!("{}: simulating", terminal_line(&target.id.0)), None);
    let workload = optimize::workload(&used, &plan, &retentions)?;
    let stored_now = match (decision.kept, &fitted, fitted_metrics, current_metrics) {
        (true, Some(parameters), Some(fitted_metrics), Some(current_metrics)) if !args.dry_run => {
            let provenance = FittedParameters {
                parameters: Parameters(parameters.clone()),
                fitted: app.now,
                review_count: reviews as u64,
                log_loss: fitted_metrics.log_loss,
                rmse_bins: fitted_metrics.rmse_bins,
                previous_log_loss: current_metrics.log_loss,
                previous_rmse_bins: current_metrics.rmse_bins,
            };
            store.save_fitted_parameters(&target.id, &provenance)?;
            true
        }
        _ => false,
    };
    let current = match &stored {
        Some(stored) => ParameterSet::new("fitted", Some(stored.fitted), current_parameters, current_metrics),
        None => ParameterSet::new("default", None, current_parameters, current_metrics),
    };
    Ok(Some(DeckOptimization {
        deck: target.id.0.clone(),
        reviews,
        items,
        cards,
        kept: decision.kept,
        reason: decision.reason,
        current,
        fitted: fitted.map(|parameters| ParameterSet::new("fitted", Some(app.now), parameters, fitted_metrics)),
        desired_retention,
        simulation: Simulation { days: SIMULATED_DAYS, cards: plan.cards, new_per_day: plan.new_per_day },
        workload,
        stored: stored_now,
    }))
}

/// The deck's memory reviews as training data: read in log order, a row at a
/// time, gathered by card (16 bytes a review), then handed over card by card
/// in the order of their ids, so a card is numbered the same however the log
/// interleaves them.
fn read_history(store: &Store, deck: &DeckId) -> Result<History> {
    let mut positions: HashMap<Box<str>, usize> = HashMap::new();
    let mut cards: Vec<Vec<(Timestamp, Rating)>> = Vec::new();
    store.for_each_memory_review(deck, |review| {
        let position = match positions.get(review.card) {
            Some(&position) => position,
            None => {
                positions.insert(review.card.into(), cards.len());
                cards.push(Vec::new());
                cards.len() - 1
            }
        };
        cards[position].push((review.time, review.rating));
    })?;
    let mut order: Vec<(Box<str>, usize)> = positions.into_iter().collect();
    order.sort_unstable();
    let mut builder = HistoryBuilder::new();
    for (_, position) in order {
        builder.add_card(&std::mem::take(&mut cards[position]));
    }
    Ok(builder.finish())
}
