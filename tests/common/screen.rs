//! `quiz` in a real pseudo-terminal of a chosen size, with what it draws kept
//! on a virtual screen (vt100), so tests assert what a person would see:
//! `Screen::start(&env, &["--deck", …]).size(40, 10).spawn()`, then `keys`,
//! `wait_for` and `rows`. Unix only.

#![cfg(unix)]

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Env;

/// How long `wait_for` waits before failing the test.
const PATIENCE: Duration = Duration::from_secs(20);

/// What to start: arguments, environment and terminal size.
pub struct ScreenBuilder<'a> {
    env: &'a Env,
    args: Vec<String>,
    vars: Vec<(String, String)>,
    columns: u16,
    rows: u16,
}

impl ScreenBuilder<'_> {
    /// The terminal's size (default 80×24).
    pub fn size(mut self, columns: u16, rows: u16) -> Self {
        self.columns = columns;
        self.rows = rows;
        self
    }

    /// Sets an environment variable (the base is [`Env`]'s isolation, NO_COLOR, UTC, TERM=xterm).
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.vars.push((name.to_string(), value.to_string()));
        self
    }

    /// Removes NO_COLOR, so the session draws in colour.
    pub fn colour(self) -> Self {
        self.env("NO_COLOR", "")
    }

    /// Starts `quiz` on a new pseudo-terminal.
    pub fn spawn(self) -> Screen {
        let size = libc::winsize { ws_row: self.rows, ws_col: self.columns, ws_xpixel: 0, ws_ypixel: 0 };
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty fills two descriptors; the size struct outlives the call.
        let opened = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
        assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here.
        let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let mut command = self.env.process();
        command.args(&self.args).env("TERM", "xterm").env("COLUMNS", "").env("LINES", "");
        for (name, value) in &self.vars {
            if value.is_empty() {
                command.env_remove(name);
            } else {
                command.env(name, value);
            }
        }
        let io = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup the pty"));
        command.stdin(io(&slave)).stdout(io(&slave)).stderr(io(&slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("quiz starts in a pty");
        drop(slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(self.rows, self.columns, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = std::fs::File::from(master.try_clone().expect("dup the pty"));
        let (screen, bytes) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(read) = reader.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                screen.lock().unwrap().process(&buffer[..read]);
                bytes.lock().unwrap().extend_from_slice(&buffer[..read]);
            }
        });
        Screen { master: std::fs::File::from(master), child, parser, raw }
    }
}

/// A running `quiz` and its screen.
pub struct Screen {
    master: std::fs::File,
    child: Child,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    /// `quiz args…` in `env`, to be sized and spawned.
    pub fn start<'a>(env: &'a Env, args: &[&str]) -> ScreenBuilder<'a> {
        ScreenBuilder {
            env,
            args: args.iter().map(|arg| arg.to_string()).collect(),
            vars: Vec::new(),
            columns: 80,
            rows: 24,
        }
    }

    /// Types `text` (escape sequences included: `"\x1b[B"` is ↓, `"\x03"` Ctrl-C).
    pub fn keys(&mut self, text: &str) {
        self.master.write_all(text.as_bytes()).expect("the pty takes input");
        self.master.flush().expect("the pty takes input");
    }

    /// The screen's rows, right-trimmed.
    pub fn rows(&self) -> Vec<String> {
        let parser = self.parser.lock().unwrap();
        parser.screen().rows(0, parser.screen().size().1).map(|row| row.trim_end().to_string()).collect()
    }

    /// The screen as text, one row per line.
    pub fn contents(&self) -> String {
        self.rows().join("\n")
    }

    /// Everything the program wrote so far, as (lossy) text with escapes.
    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Waits until the screen shows `text`; fails the test with the screen if it never does.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), |screen| screen.contents().contains(text));
    }

    /// Waits until `ready` holds for the screen.
    pub fn wait_until(&mut self, what: &str, ready: impl Fn(&Screen) -> bool) {
        let started = Instant::now();
        while !ready(self) {
            if started.elapsed() > PATIENCE {
                panic!("waited for {what}; the screen shows:\n{}\n", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the program to exit and returns its exit code (-1 when killed by a signal).
    pub fn exit_code(&mut self) -> i32 {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the process can be waited for") {
                return status.code().unwrap_or(-1);
            }
            if started.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("quiz did not exit; the screen shows:\n{}\n", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the program has exited.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Sends a signal to the program.
    pub fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill on our own child's pid.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, signal);
        }
    }

    /// The pty's descriptor (to resize it, say).
    pub fn pty_fd(&self) -> i32 {
        self.master.as_raw_fd()
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
