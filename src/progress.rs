//! What a long command is doing, on standard error, for a person watching.
//!
//! Shown only when standard error is a terminal, the environment has no
//! `CI`, and the work has taken more than a second: a short command, a
//! pipe, a log file or a CI run never sees it. Cleared when the work ends,
//! so what the command prints stays as it was.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long the work runs before its progress is shown.
const DELAY: Duration = Duration::from_secs(1);

/// A spinner with the stage the work is at.
pub(crate) struct Progress {
    bar: Option<Shown>,
}

struct Shown {
    bar: ProgressBar,
    /// Set when the work ends; the delayed start looks at it under the lock.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// Starts watching work whose first stage is `stage`.
    pub(crate) fn start(stage: &str) -> Progress {
        let wanted = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        if !wanted {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
            bar.set_style(style);
        }
        bar.set_message(stage.to_string());
        let done = Arc::new(Mutex::new(false));
        let (later, finished) = (bar.clone(), Arc::clone(&done));
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if let Ok(done) = finished.lock() {
                if !*done {
                    later.set_draw_target(ProgressDrawTarget::stderr());
                    later.enable_steady_tick(Duration::from_millis(120));
                }
            }
        });
        Progress {
            bar: Some(Shown { bar, done }),
        }
    }

    /// The work has reached `stage`.
    pub(crate) fn stage(&self, stage: &str) {
        if let Some(s) = &self.bar {
            s.bar.set_message(stage.to_string());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(s) = &self.bar {
            if let Ok(mut done) = s.done.lock() {
                *done = true;
            }
            s.bar.finish_and_clear();
        }
    }
}
