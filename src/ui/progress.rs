//! A progress bar on stderr for work that can take more than a second
//! (`quiz optimize`), drawn by indicatif; hidden when stderr is not a
//! terminal, so scripts and logs get no control characters.

use std::io::IsTerminal;
use std::sync::mpsc::{self, RecvTimeoutError};
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
        Progress { bar: ProgressBar::with_draw_target(Some(1), target) }
    }

    /// Starts a stage named `message`: a bar of `total` steps, or a spinner
    /// when the total is not known.
    pub fn stage(&self, message: &str, total: Option<u64>) {
        let template = match total {
            Some(_) => "{msg:<24} [{bar:30}] {percent:>3}%  {elapsed}",
            None => "{msg:<24} {spinner}  {elapsed}",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_message(message.to_string());
        self.bar.set_length(total.unwrap_or(1).max(1));
        self.bar.set_position(0);
        self.bar.reset_elapsed();
        match total {
            Some(_) => self.bar.disable_steady_tick(),
            None => self.bar.enable_steady_tick(POLL),
        }
    }

    /// Moves the bar to `done` steps of `total`.
    pub fn set(&self, done: u64, total: u64) {
        self.bar.set_length(total.max(1));
        self.bar.set_position(done.min(total));
    }

    /// Runs `work`, moving the bar with the fsrs-rs training progress it
    /// reports in `state`, until it returns. A hidden bar follows nothing.
    pub fn follow<T>(&self, state: &Arc<Mutex<CombinedProgressState>>, work: impl FnOnce() -> T) -> T {
        if self.bar.is_hidden() {
            return work();
        }
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                // Wakes every POLL, and at once when `stop` is dropped.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(POLL) {
                    if let Ok(progress) = state.lock() {
                        self.set(progress.current() as u64, progress.total() as u64);
                    }
                }
            });
            // Dropped however `work` ends (a panic too), so the scope never waits on the poller.
            let _stop = stop;
            work()
        })
    }

    /// Removes the bar from the terminal.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
