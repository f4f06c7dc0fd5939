//! Running the real `quiz` binary in isolation, in the spirit of just's test
//! harness: each test gets its own temporary folder (working directory, home,
//! config and data folder) and never touches ~/.config.
//!
//! ```ignore
//! Test::new()
//!     .file("deck.toml", DECK)
//!     .args(["check", "deck.toml"])
//!     .stdout("deck.toml: ok — 1 card(s), 0 error(s), 0 warning(s)\n")
//!     .run();
//! ```

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

#[cfg(unix)]
pub mod screen;
pub mod web;
pub mod xlsx;

/// The folder with the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture deck's path as a string.
pub fn fixture_deck(name: &str) -> String {
    fixtures().join("decks").join(name).display().to_string()
}

/// `text` without the indentation its lines share, and without the first
/// line break, so fixtures can be written indented in the test's source.
pub fn unindent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: String =
        text.lines().map(|line| line.get(indent..).unwrap_or("").trim_end()).collect::<Vec<_>>().join("\n");
    if text.ends_with('\n') || !out.is_empty() {
        out.push('\n');
    }
    // The closing line of an indented raw string holds only spaces.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Isolates a `quiz` command in the temporary `home`: its own home, config,
/// cache and data folders, no colour, UTC, and nothing else from the environment.
fn isolate<C: std::borrow::BorrowMut<std::process::Command>>(mut command: C, home: &Path) -> C {
    command
        .borrow_mut()
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("QUIZ_DATA_DIR", home.join("data"))
        .env("NO_COLOR", "1")
        .env("TZ", "UTC");
    command
}

/// What a test expects of one output stream.
enum Expect {
    Exact(String),
    Contains(Vec<String>),
    Lacks(Vec<String>),
}

/// One run of `quiz`, described as what goes in and what must come out.
pub struct Test {
    dir: TempDir,
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Vec<u8>,
    stdout: Vec<Expect>,
    stderr: Vec<Expect>,
    status: i32,
}

/// What a run produced, for further checks.
pub struct Output {
    pub dir: TempDir,
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Output {
    /// The run's folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", self.stdout))
    }
}

impl Default for Test {
    fn default() -> Self {
        Test::new()
    }
}

impl Test {
    /// A test in a fresh temporary folder, expecting exit status 0.
    pub fn new() -> Self {
        Test::in_dir(TempDir::new().expect("a temporary folder"))
    }

    /// A test in an existing folder (to run a second command on the same data).
    pub fn in_dir(dir: TempDir) -> Self {
        Test {
            dir,
            args: Vec::new(),
            env: Vec::new(),
            stdin: Vec::new(),
            stdout: Vec::new(),
            stderr: Vec::new(),
            status: 0,
        }
    }

    /// The test's folder: the working directory; `data/` in it is the data folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (unindented) under the test's folder.
    pub fn file(self, relative: &str, contents: &str) -> Self {
        self.raw_file(relative, unindent(contents).as_bytes())
    }

    /// Writes a file byte for byte under the test's folder.
    pub fn raw_file(self, relative: &str, contents: &[u8]) -> Self {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        self
    }

    /// Writes `deck.toml` (unindented).
    pub fn deck(self, contents: &str) -> Self {
        self.file("deck.toml", contents)
    }

    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, args: I) -> Self {
        self.args.extend(args.into_iter().map(|arg| arg.as_ref().to_string()));
        self
    }

    /// Adds one argument.
    pub fn arg(self, arg: &str) -> Self {
        self.args([arg])
    }

    /// Sets an environment variable.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_string(), value.to_string()));
        self
    }

    /// Feeds stdin.
    pub fn stdin(mut self, input: &str) -> Self {
        self.stdin = input.as_bytes().to_vec();
        self
    }

    /// Stdout must be exactly this (unindented).
    pub fn stdout(mut self, expected: &str) -> Self {
        self.stdout.push(Expect::Exact(unindent(expected)));
        self
    }

    /// Stdout must contain each of these.
    pub fn stdout_contains<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, needles: I) -> Self {
        self.stdout.push(Expect::Contains(needles.into_iter().map(|needle| needle.as_ref().to_string()).collect()));
        self
    }

    /// Stdout must contain none of these.
    pub fn stdout_lacks<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, needles: I) -> Self {
        self.stdout.push(Expect::Lacks(needles.into_iter().map(|needle| needle.as_ref().to_string()).collect()));
        self
    }

    /// Stderr must be exactly this (unindented).
    pub fn stderr(mut self, expected: &str) -> Self {
        self.stderr.push(Expect::Exact(unindent(expected)));
        self
    }

    /// Stderr must contain each of these.
    pub fn stderr_contains<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, needles: I) -> Self {
        self.stderr.push(Expect::Contains(needles.into_iter().map(|needle| needle.as_ref().to_string()).collect()));
        self
    }

    /// Stderr must contain none of these.
    pub fn stderr_lacks<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, needles: I) -> Self {
        self.stderr.push(Expect::Lacks(needles.into_iter().map(|needle| needle.as_ref().to_string()).collect()));
        self
    }

    /// The exit status must be this.
    pub fn status(mut self, status: i32) -> Self {
        self.status = status;
        self
    }

    /// The command, isolated in the test's folder.
    pub fn command(&self) -> Command {
        let mut process = isolate(std::process::Command::new(assert_cmd::cargo::cargo_bin("quiz")), self.dir.path());
        process.current_dir(self.dir.path()).args(&self.args).envs(self.env.iter().map(|(name, value)| (name, value)));
        Command::from_std(process)
    }

    /// Runs the command and checks every expectation; returns what it produced.
    pub fn run(self) -> Output {
        let output = self.command().write_stdin(self.stdin.clone()).output().expect("quiz runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let status = output.status.code().unwrap_or(-1);
        let context = format!("quiz {}\n--- stdout\n{stdout}--- stderr\n{stderr}---", self.args.join(" "));
        assert_eq!(status, self.status, "exit status\n{context}");
        for (name, actual, expectations) in [("stdout", &stdout, &self.stdout), ("stderr", &stderr, &self.stderr)] {
            for expectation in expectations {
                match expectation {
                    Expect::Exact(expected) => assert_eq!(actual, expected, "{name}\n{context}"),
                    Expect::Contains(needles) => {
                        for needle in needles {
                            assert!(actual.contains(needle.as_str()), "{name} lacks {needle:?}\n{context}");
                        }
                    }
                    Expect::Lacks(needles) => {
                        for needle in needles {
                            assert!(!actual.contains(needle.as_str()), "{name} has {needle:?}\n{context}");
                        }
                    }
                }
            }
        }
        Output { dir: self.dir, stdout, stderr, status }
    }
}

/// One test environment: a temporary home, config folder and data folder,
/// for tests that run several commands against the same data.
pub struct Env {
    pub home: TempDir,
}

impl Default for Env {
    fn default() -> Self {
        Env::new()
    }
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
        Command::from_std(self.process())
    }

    /// A plain `std::process::Command` for `quiz`, isolated the same way (for
    /// tests that wire stdout themselves).
    pub fn process(&self) -> std::process::Command {
        isolate(std::process::Command::new(assert_cmd::cargo::cargo_bin("quiz")), self.home.path())
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
