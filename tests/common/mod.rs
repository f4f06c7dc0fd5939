//! A small builder for running the real `quiz` binary, in the spirit of just's
//! test harness: every test gets its own data folder and never touches ~/.config.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The folder with the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture deck's path as a string.
pub fn fixture_deck(name: &str) -> String {
    fixtures().join("decks").join(name).display().to_string()
}

/// One test environment: a temporary home, config folder and data folder.
pub struct Env {
    pub home: TempDir,
}

impl Env {
    pub fn new() -> Self {
        Env { home: TempDir::new().expect("a temporary folder") }
    }

    /// The data folder (`--data-dir`) of this environment.
    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// Writes a file under the temporary home and returns its path.
    pub fn write(&self, relative: &str, contents: &str) -> String {
        let path = self.home.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        path.display().to_string()
    }

    /// A `quiz` command isolated in this environment.
    pub fn quiz(&self) -> Command {
        let mut command = Command::cargo_bin("quiz").expect("the quiz binary");
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("QUIZ_DATA_DIR", self.data_dir())
            .env("NO_COLOR", "1")
            .env("TZ", "UTC");
        command
    }

    /// Runs `quiz args…` and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.quiz().args(args).output().expect("quiz runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}
