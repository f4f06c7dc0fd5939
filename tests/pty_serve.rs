//! The teacher's terminal while `quiz serve` runs: students wait in the lobby
//! until `s`, the table follows them, `e` ends the exam and the terminal is
//! given back before the class summary. Unix only.
#![cfg(unix)]

mod common;

use common::screen::Screen;
use common::web::{http, resume, session_cookie, value_after};
use common::Env;

#[test]
fn the_teacher_starts_follows_and_ends_the_exam_from_the_terminal() {
    let env = Env::new();
    let results = env.home.path().join("results");
    let args = ["serve", "--deck", "asyncio", "--exam", "--seed", "4", "--count", "2", "--listen", "127.0.0.1:0"];
    let mut args: Vec<&str> = args.to_vec();
    let dir = results.display().to_string();
    args.extend(["--results", &dir, "--time-limit", "10m"]);
    let mut screen = Screen::start(&env, &args).size(100, 30).spawn();
    screen.wait_for("lobby: press s to start");
    let contents = screen.contents();
    let start = contents.find("http://").map(|at| at + "http://".len()).unwrap_or(0);
    let address: String = contents[start..].chars().take_while(|character| *character != '/').collect();
    assert!(address.starts_with("127.0.0.1:"), "{contents}");

    let (_, _, home) = http(&address, "GET", "/", None, None);
    let csrf = value_after(&home, "name=\"csrf\" value=\"").to_string();
    let (_, head, _) = http(&address, "POST", "/join", None, Some(&format!("csrf={csrf}&name=Ada")));
    let cookie = session_cookie(&head);
    let (_, _, lobby) = http(&address, "GET", "/exam", Some(&cookie), None);
    assert!(lobby.contains("Waiting for the teacher"), "{lobby}");
    screen.wait_for("Ada");

    screen.keys("s");
    screen.wait_for("running");
    resume(&address, &cookie, |_| "a");
    screen.wait_until("Ada's row says done", |screen| {
        screen.rows().iter().any(|row| row.starts_with("Ada") && row.contains("2/2") && row.contains("done"))
    });
    screen.keys("e");
    screen.wait_for("1 sheet(s): class average");
    assert_eq!(screen.exit_code(), 0);
    assert!(results.join("ada.toml").exists());
}
