//! A progress bar on stderr for work that can take more than a second
//! (`quiz optimize`), drawn by indicatif; hidden when stderr is not a
//! terminal, so scripts and logs get no control characters.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fsrs::CombinedProgressState;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a followed computation's progress is looked at.
const POLL: Duration = Duration::from_millis(100);

/// One bar, reused for each stage of a piece of work.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Progress {
    /// A bar on stderr, or a hidden one when stderr is not a terminal.
    pub fn new() -> Progress {
        let target =
            if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(0), target);
        let style = ProgressStyle::with_template("{msg:<24} [{bar:30}] {percent:>3}%  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Progress { bar }
    }

    /// Starts a stage of `total` steps, named `message`.
    pub fn stage(&self, message: &str, total: u64) {
        self.bar.set_message(message.to_string());
        self.bar.set_length(total.max(1));
        self.bar.set_position(0);
        self.bar.reset_elapsed();
    }

    /// Moves the bar to `done` steps of `total`.
    pub fn set(&self, done: u64, total: u64) {
        self.bar.set_length(total.max(1));
        self.bar.set_position(done.min(total));
    }

    /// Runs `work`, moving the bar with the fsrs-rs training progress it
    /// reports in `state`, until it returns.
    pub fn follow<T>(&self, state: &Arc<Mutex<CombinedProgressState>>, work: impl FnOnce() -> T) -> T {
        let done = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(POLL);
                    if let Ok(progress) = state.lock() {
                        self.set(progress.current() as u64, progress.total() as u64);
                    }
                }
            });
            // Stops the poller however `work` ends (a panic too), or the scope would wait for it forever.
            let _stop = Stop(&done);
            work()
        })
    }

    /// Removes the bar from the terminal.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

/// Sets its flag when dropped.
struct Stop<'a>(&'a AtomicBool);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
