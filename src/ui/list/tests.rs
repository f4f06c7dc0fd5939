use super::*;
use crate::ui::wrap::display_width;

fn items(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| text.to_string()).collect()
}

fn texts(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|row| row.text.as_str()).collect()
}

fn press(list: &mut List, keys: &[Key]) -> Step {
    let count = list.items.len();
    let mut step = Step::Continue;
    for key in keys {
        step = list.apply(action(list.mode, count, *key));
    }
    step
}

#[test]
fn letters_and_digits_pick_a_choice_at_once() {
    let choices = items(&["libev", "libuv", "libevent"]);
    assert_eq!(press(&mut List::new(Mode::Choice, choices.clone()), &[Key::Char('b')]), Step::Answer(Given::Index(1)));
    assert_eq!(press(&mut List::new(Mode::Choice, choices.clone()), &[Key::Char('C')]), Step::Answer(Given::Index(2)));
    assert_eq!(press(&mut List::new(Mode::Choice, choices.clone()), &[Key::Char('2')]), Step::Answer(Given::Index(1)));
    let mut list = List::new(Mode::Choice, choices.clone());
    assert_eq!(press(&mut list, &[Key::Char('d'), Key::Char('9')]), Step::Continue, "no such choice");
    assert_eq!(
        press(&mut list, &[Key::Down, Key::Char('j'), Key::Char('k'), Key::Enter]),
        Step::Answer(Given::Index(1))
    );
    assert_eq!(
        press(&mut List::new(Mode::Choice, choices), &[Key::Down, Key::Char(' ')]),
        Step::Answer(Given::Index(1))
    );
}

#[test]
fn true_false_takes_t_and_f_as_well_as_a_and_b() {
    let sides = items(&["True", "False"]);
    assert_eq!(press(&mut List::new(Mode::TrueFalse, sides.clone()), &[Key::Char('f')]), Step::Answer(Given::Index(1)));
    assert_eq!(press(&mut List::new(Mode::TrueFalse, sides.clone()), &[Key::Char('t')]), Step::Answer(Given::Index(0)));
    assert_eq!(press(&mut List::new(Mode::TrueFalse, sides), &[Key::Char('b')]), Step::Answer(Given::Index(1)));
}

#[test]
fn quitting_keys_quit_unless_q_names_a_choice() {
    for key in [Key::Char('q'), Key::Escape, Key::Interrupt] {
        assert_eq!(action(Mode::Choice, 4, key), Action::Quit);
        assert_eq!(action(Mode::Order, 4, key), Action::Quit);
    }
    assert!(q_quits(Mode::Choice, 16));
    assert!(!q_quits(Mode::Choice, 17));
    assert_eq!(action(Mode::Choice, 17, Key::Char('q')), Action::Pick(16));
    assert_eq!(action(Mode::Choice, 17, Key::Escape), Action::Quit);
    assert_eq!(action(Mode::Choice, 10, Key::Char('j')), Action::Pick(9));
    assert_eq!(action(Mode::Choice, 9, Key::Char('j')), Action::Down);
    assert_eq!(action(Mode::Order, 30, Key::Char('j')), Action::Down, "order items are numbered, not lettered");
}

#[test]
fn multi_ticks_with_letters_and_space_and_confirms_with_enter() {
    let mut list = List::new(Mode::Multi, items(&["async def", "await", "yield from", "asyncore"]));
    let keys = [Key::Char('a'), Key::Down, Key::Char(' '), Key::Char('c'), Key::Char('c'), Key::Char('4')];
    assert_eq!(press(&mut list, &keys), Step::Continue);
    assert_eq!(list.cursor(), 3);
    assert_eq!(press(&mut list, &[Key::Enter]), Step::Answer(Given::Indexes(vec![0, 1, 3])));
    let mut none = List::new(Mode::Multi, items(&["x", "y"]));
    assert_eq!(press(&mut none, &[Key::Enter]), Step::Answer(Given::Indexes(vec![])));
}

#[test]
fn order_moves_the_item_picked_up() {
    let mut list = List::new(Mode::Order, items(&["c", "a", "b"]));
    // Pick up "c", carry it to the bottom, drop it; Enter gives the shown indexes in the new order.
    let step = press(&mut list, &[Key::Char(' '), Key::Down, Key::Char('j'), Key::Down, Key::Char(' ')]);
    assert_eq!(step, Step::Continue);
    assert_eq!(list.cursor(), 2);
    assert_eq!(press(&mut list, &[Key::Up, Key::Enter]), Step::Answer(Given::Indexes(vec![1, 2, 0])));
    let mut list = List::new(Mode::Order, items(&["c", "a", "b"]));
    assert_eq!(
        press(&mut list, &[Key::Char(' '), Key::Char('3'), Key::Enter]),
        Step::Answer(Given::Indexes(vec![1, 2, 0]))
    );
    let mut list = List::new(Mode::Order, items(&["c", "a", "b"]));
    assert_eq!(
        press(&mut list, &[Key::Char('3'), Key::Enter]),
        Step::Answer(Given::Indexes(vec![0, 1, 2])),
        "not held: digits only move the cursor"
    );
}

#[test]
fn every_row_shows_its_letter_and_the_cursor_without_colour() {
    let mut list = List::new(Mode::Choice, items(&["libev", "libuv"]));
    press(&mut list, &[Key::Down]);
    let rows = list.layout(40, 10, "hint", Lang::English);
    assert_eq!(texts(&rows), ["  a) libev", "› b) libuv", "hint"]);
    assert_eq!(rows[1].look, Look::Cursor);
}

#[test]
fn multi_and_order_look_different() {
    let mut multi = List::new(Mode::Multi, items(&["x", "y"]));
    press(&mut multi, &[Key::Char('b')]);
    assert_eq!(texts(&multi.layout(40, 10, "", Lang::English)), ["  [ ] a) x", "› [x] b) y"]);
    let mut order = List::new(Mode::Order, items(&["x", "y"]));
    assert_eq!(texts(&order.layout(40, 10, "", Lang::English)), ["› 1. x", "  2. y"]);
    press(&mut order, &[Key::Char(' '), Key::Down]);
    let rows = order.layout(40, 10, "", Lang::English);
    assert_eq!(texts(&rows), ["  1. y", "⇅ 2. x"]);
    assert_eq!(rows[1].look, Look::Held);
}

#[test]
fn long_choices_wrap_under_their_text() {
    let mut list = List::new(Mode::Choice, items(&["the event loop runs callbacks from a queue in order", "b"]));
    let rows = list.layout(30, 10, "", Lang::English);
    assert_eq!(texts(&rows), ["› a) the event loop runs", "     callbacks from a queue", "     in order", "  b) b"]);
    assert!(rows.iter().all(|row| display_width(&row.text) < 30));
}

#[test]
fn a_long_list_shows_a_window_with_markers() {
    let many: Vec<String> = (1..=12).map(|number| format!("choice {number}")).collect();
    let mut list = List::new(Mode::Choice, many);
    let rows = list.layout(40, 6, "", Lang::English);
    assert_eq!(
        texts(&rows),
        ["› a) choice 1", "  b) choice 2", "  c) choice 3", "  d) choice 4", "  e) choice 5", "  ↓ 7 more"]
    );
    press(&mut list, &[Key::Down; 7]);
    let rows = list.layout(40, 6, "", Lang::English);
    assert_eq!(
        texts(&rows),
        ["  ↑ 4 more", "  e) choice 5", "  f) choice 6", "  g) choice 7", "› h) choice 8", "  ↓ 4 more"]
    );
    press(&mut list, &[Key::End]);
    let rows = list.layout(40, 6, "", Lang::English);
    assert_eq!(rows.len(), 6);
    assert_eq!(texts(&rows)[0], "  ↑ 7 more");
    assert_eq!(texts(&rows)[5], "› l) choice 12");
}

#[test]
fn the_window_counts_wrapped_rows_and_always_shows_the_cursor() {
    assert_eq!(window(&[1, 1, 1], 2, 0, 3), (0, 3), "everything fits");
    assert_eq!(window(&[2, 2, 2, 2], 0, 0, 5), (0, 2));
    assert_eq!(window(&[2, 2, 2, 2], 3, 0, 5), (2, 4), "one marker above, no marker below");
    assert_eq!(window(&[9, 1], 0, 0, 4), (0, 1), "an item taller than the room is still shown");
    assert_eq!(window(&[1; 10], 5, 4, 5), (4, 7), "the window stays put while the cursor is in it");
}

#[test]
fn the_question_keeps_its_rows_while_there_is_room() {
    assert_eq!(budget(Some(10), 4, 1, 1), 5);
    assert_eq!(budget(Some(10), 8, 2, 1), 3, "the header's rows go to the list when needed");
    assert_eq!(budget(Some(5), 8, 2, 1), MIN_ITEM_ROWS, "the prompt may scroll on a tiny terminal");
    assert_eq!(budget(Some(3), 8, 2, 1), 2, "but the list never outgrows the screen");
    assert!(budget(None, 8, 2, 1) > 1000);
}

#[test]
fn the_answer_collapses_to_one_line() {
    let list = List::new(Mode::Choice, items(&["libev", "libuv"]));
    assert_eq!(texts(&list.answered(&Given::Index(1), 40, Lang::English)), ["› b) libuv"]);
    let multi = List::new(Mode::Multi, items(&["x", "y", "z"]));
    assert_eq!(texts(&multi.answered(&Given::Indexes(vec![0, 2]), 40, Lang::English)), ["› a) x, c) z"]);
    assert_eq!(texts(&multi.answered(&Given::Indexes(vec![]), 40, Lang::English)), ["› (none)"]);
    let order = List::new(Mode::Order, items(&["x", "y", "z"]));
    assert_eq!(texts(&order.answered(&Given::Indexes(vec![2, 0, 1]), 40, Lang::English)), ["› z → x → y"]);
}

#[test]
fn an_empty_list_never_panics() {
    for mode in [Mode::Choice, Mode::TrueFalse, Mode::Multi, Mode::Order] {
        let mut list = List::new(mode, Vec::new());
        for key in [Key::Down, Key::Up, Key::End, Key::PageDown, Key::Char(' '), Key::Char('a'), Key::Char('1')] {
            let _ = list.apply(action(mode, 0, key));
        }
        let _ = list.layout(20, 1, "hint", Lang::English);
        let _ = list.apply(Action::Confirm);
    }
}

#[test]
fn heights_follow_moved_items_and_a_new_width() {
    let long = "the event loop runs callbacks from a queue in order";
    let mut list = List::new(Mode::Order, items(&[long, "b"]));
    assert_eq!(list.layout(30, 10, "", Lang::English).len(), 4);
    // Carry the long item down: the window still counts its three rows.
    press(&mut list, &[Key::Char(' '), Key::Down, Key::Char(' ')]);
    let rows = list.layout(30, 10, "", Lang::English);
    assert_eq!(texts(&rows)[0], "  1. b");
    assert_eq!(list.layout(30, 2, "", Lang::English).len(), 2, "only the cursor's item, cut to the room");
    // A resize wraps again at the new width.
    assert_eq!(list.layout(80, 10, "", Lang::English).len(), 2);
}
