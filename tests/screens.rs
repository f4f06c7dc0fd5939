//! The study session as a person sees it: a real pseudo-terminal of a given
//! size, read back as a screen. Unix only.
#![cfg(unix)]

mod common;

use common::screen::Screen;
use common::Env;

const DECK: &str = "tests/fixtures/decks/pty.toml";
const NOW: &str = "2026-03-02T09:00:00Z";

#[test]
fn a_session_starts_and_quits_at_40_columns() {
    let env = Env::new();
    let mut screen = Screen::start(&env, &["--deck", DECK, "--now", NOW]).size(40, 10).spawn();
    screen.wait_for("Python version");
    screen.keys("\x03");
    let code = screen.exit_code();
    assert_eq!(code, 0, "{}", screen.contents());
}
