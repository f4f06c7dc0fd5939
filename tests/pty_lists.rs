//! Lists and typed answers in a real pseudo-terminal, read back as a screen:
//! wrapping at 40 columns, paging at 10 rows, the cursor without colour,
//! letter keys, Ctrl-C, and line editing. Unix only.
#![cfg(unix)]

mod common;

use common::screen::Screen;
use common::Env;

const LISTS: &str = "tests/fixtures/decks/lists.toml";
const PTY: &str = "tests/fixtures/decks/pty.toml";
const NOW: &str = "2026-03-02T09:00:00Z";
const DOWN: &str = "\x1b[B";

/// A study session of the `lists` deck's cards tagged `tag`.
fn study<'a>(env: &'a Env, tag: &str) -> common::screen::ScreenBuilder<'a> {
    Screen::start(env, &["--deck", LISTS, "--now", NOW, "--lang", "en", "--tag", tag, "--record"])
}

fn reps(env: &Env, deck: &str, card: &str) -> u64 {
    let (code, stdout, stderr) = env.run(&["cards", "--deck", deck, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let cards: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    cards.iter().find(|entry| entry["id"] == card).and_then(|entry| entry["reps"].as_u64()).unwrap_or(0)
}

/// The letter shown before `choice` (`b` for a row `  b) libuv`).
fn letter_of(screen: &Screen, choice: &str) -> char {
    let rows = screen.rows();
    let row = rows
        .iter()
        .find(|row| row.ends_with(&format!(") {choice}")) || row.contains(&format!(") {choice} ")))
        .unwrap_or_else(|| panic!("{choice:?} is not on screen:\n{}", screen.contents()));
    let label = row.trim_start_matches(['›', ' ']);
    label.chars().next().expect("a letter before the choice")
}

/// The "more" markers on screen, top to bottom.
fn markers(screen: &Screen) -> Vec<String> {
    screen
        .rows()
        .iter()
        .map(|row| row.trim_start().to_string())
        .filter(|row| row.starts_with("↑ ") || row.starts_with("↓ "))
        .collect()
}

#[test]
fn a_wrapped_choice_leaves_nothing_of_the_list_behind_at_40_columns() {
    let env = Env::new();
    let mut screen = study(&env, "wrap").size(40, 24).spawn();
    screen.wait_for("Press a–c");
    let rows = screen.rows();
    let wrapped = rows.iter().filter(|row| row.starts_with("     ") && !row.trim().is_empty()).count();
    assert!(wrapped >= 3, "the choices wrap under their text:\n{}", screen.contents());
    let letter = letter_of(&screen, "libuv, the");
    screen.keys(&letter.to_string());
    screen.wait_for("Correct");
    let after = screen.contents();
    for fragment in ["full-featured", "high-performance", "V8", "JavaScript", "Press a–c"] {
        assert!(!after.contains(fragment), "{fragment:?} was left behind:\n{after}");
    }
    let rows = screen.rows();
    assert!(!rows.iter().any(|row| ["  a)", "  b)", "  c)"].iter().any(|item| row.starts_with(item))), "{after}");
    let answered: Vec<&String> = rows.iter().filter(|row| row.starts_with("› ")).collect();
    assert_eq!(answered.len(), 1, "one line says what was chosen:\n{after}");
    assert!(answered[0].starts_with(&format!("› {letter}) libuv, the cross-platform")), "{after}");
    screen.keys("q");
    assert_eq!(screen.exit_code(), 0);
}

#[test]
fn a_long_list_at_10_rows_shows_what_is_hidden_and_keeps_the_question() {
    let env = Env::new();
    let mut screen = study(&env, "long").size(40, 10).spawn();
    screen.wait_for("↓ 7 more");
    let contents = screen.contents();
    assert!(contents.contains("Which month comes last in the year?"), "{contents}");
    assert_eq!(markers(&screen), ["↓ 7 more"], "{contents}");
    screen.keys(&DOWN.repeat(7));
    screen.wait_for("› h)");
    let contents = screen.contents();
    assert!(contents.contains("Which month comes last in the year?"), "the question stays:\n{contents}");
    assert_eq!(markers(&screen), ["↑ 4 more", "↓ 4 more"], "{contents}");
    assert!(!contents.contains("a)") && !contents.contains("l)"), "{contents}");
    screen.keys("\x1b[F");
    screen.wait_for("› l)");
    let contents = screen.contents();
    assert!(contents.contains("Which month comes last in the year?"), "{contents}");
    assert_eq!(markers(&screen), ["↑ 7 more"], "{contents}");
    screen.keys("\r");
    screen.wait_until("feedback", |screen| {
        screen.contents().contains("Correct") || screen.contents().contains("Incorrect")
    });
    assert!(markers(&screen).is_empty(), "the markers go with the list:\n{}", screen.contents());
    screen.keys("q");
    assert_eq!(screen.exit_code(), 0);
}

#[test]
fn without_colour_the_cursor_is_marked_and_order_is_not_a_multi_select() {
    let env = Env::new();
    let mut multi = study(&env, "multi").size(40, 12).spawn();
    multi.wait_for("Space ticks");
    assert!(multi.rows().iter().any(|row| row.starts_with("› [ ] a) ")), "{}", multi.contents());
    multi.keys("b");
    multi.wait_for("› [x] b) ");
    assert!(multi.rows().iter().any(|row| row.starts_with("  [ ] a) ")), "{}", multi.contents());
    assert!(!multi.raw().contains("\x1b[1m") && !multi.raw().contains("\x1b[7m"), "no styles under NO_COLOR");
    drop(multi);

    let mut order = study(&env, "order").size(40, 12).spawn();
    order.wait_for("Space picks up");
    let contents = order.contents();
    assert!(order.rows().iter().any(|row| row.starts_with("› 1. ")), "{contents}");
    assert!(order.rows().iter().any(|row| row.starts_with("  3. ")), "{contents}");
    assert!(!contents.contains("[ ]") && !contents.contains("[x]") && !contents.contains("a)"), "{contents}");
    let first =
        order.rows().iter().find(|row| row.starts_with("› 1. ")).unwrap().trim_start_matches("› 1. ").to_string();
    order.keys(" ");
    order.wait_for(&format!("⇅ 1. {first}"));
    order.keys(DOWN);
    order.wait_for(&format!("⇅ 2. {first}"));
    order.keys(" ");
    order.wait_for(&format!("› 2. {first}"));
    order.keys("\r");
    order.wait_for(" → ");
    assert!(
        order.rows().iter().any(|row| row.starts_with("› ") && row.contains(&format!(" → {first} → "))),
        "{}",
        order.contents()
    );
    order.keys("q");
    assert_eq!(order.exit_code(), 0);
}

#[test]
fn a_choice_is_picked_with_its_letter() {
    let env = Env::new();
    let mut screen = study(&env, "pick").size(40, 12).spawn();
    screen.wait_for("Press a–c");
    let letter = letter_of(&screen, "libev");
    screen.keys(&letter.to_string());
    screen.wait_for("Correct");
    screen.wait_for(&format!("› {letter}) libev"));
    screen.keys("q");
    screen.wait_for("Studied 1 card(s): 1 correct");
    assert_eq!(screen.exit_code(), 0);
    assert_eq!(reps(&env, LISTS, "loop"), 1);
}

#[test]
fn ctrl_c_in_a_list_ends_the_session_with_its_summary() {
    let env = Env::new();
    let mut screen = study(&env, "long").size(40, 10).spawn();
    screen.wait_for("↓ 7 more");
    screen.keys(DOWN);
    screen.keys("\x03");
    assert_eq!(screen.exit_code(), 0, "{}", screen.contents());
    assert!(screen.contents().contains("No cards studied."), "{}", screen.contents());
    let raw = screen.raw();
    let hidden = raw.rfind("\x1b[?25l").expect("the list hid the cursor");
    assert!(raw.rfind("\x1b[?25h").is_some_and(|shown| shown > hidden), "the cursor the list hid is shown again");
    assert_eq!(reps(&env, LISTS, "month"), 0);
}

#[test]
fn typed_input_wider_than_the_screen_is_edited_in_place() {
    let env = Env::new();
    let mut screen =
        Screen::start(&env, &["--deck", PTY, "--now", NOW, "--lang", "en", "--tag", "asyncio"]).size(40, 10).spawn();
    screen.wait_for("Answer:");
    screen.keys("the module first shipped with Python 3.5, I think");
    screen.wait_for("I think");
    // At the end of a line wider than the screen: back over ", I think", then 3.5 becomes 3.4.
    screen.keys(&"\x7f".repeat(9));
    screen.keys("\x1b[D\x1b[3~4");
    screen.wait_until("the edit", |screen| !screen.contents().contains("I think"));
    // Home, Delete the first word, and type another.
    screen.keys("\x1b[H\x1b[3~\x1b[3~\x1b[3~\x1b[3~This ");
    screen.wait_for("Answer: This module");
    let contents = screen.contents();
    assert_eq!(contents.matches("Answer:").count(), 1, "no copies of the input:\n{contents}");
    assert_eq!(contents.matches("module").count(), 1, "{contents}");
    assert!(!contents.contains("I think") && !contents.contains("3.5"), "{contents}");
    screen.keys("\r");
    screen.wait_for("Correct");
    let contents = screen.contents();
    assert_eq!(contents.matches("module").count(), 1, "the answer stays once:\n{contents}");
    screen.keys("q");
    assert_eq!(screen.exit_code(), 0);
}
