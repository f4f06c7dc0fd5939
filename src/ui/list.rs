//! Lists to answer from: pick one (choice, true/false), tick several (multi),
//! or put in order (order). The state, the keys and the layout here are pure;
//! [`ask`] draws them on a [`Canvas`] and reads keys.
//!
//! What is drawn, with or without colour:
//!
//! ```text
//! › a) libev            choice, true/false: `›` marks the cursor row
//!   b) libuv
//! › [x] a) async def    multi: `[x]` / `[ ]`
//!   [ ] b) await
//!   1. first            order: positions; `⇅` marks the item picked up
//! ⇅ 2. second
//!   ↓ 3 more            when the list does not fit: what is above and below
//! Press a–d, or ↑↓ and Enter. q quits.
//! ```
//!
//! Room: the question (header, prompt) is drawn before the list, and the list
//! with its hint gets the rows left under it, so the question never scrolls
//! away while the list is open; when fewer than [`MIN_ITEM_ROWS`] rows would
//! be left, the header's rows are given to the list too, and on a terminal
//! smaller still the list takes [`MIN_ITEM_ROWS`] anyway (the prompt scrolls)
//! — but never more rows than the screen has, so it can always be redrawn in
//! place. Items wrap at word boundaries with a hanging indent. Once answered,
//! the list is replaced by one line with the answer (`› b) libuv`).
//!
//! Keys ([`action`]): ↑/↓ or `k`/`j`, Home/End, Page Up/Down move; a letter or
//! digit (`1` = `a`) picks a choice at once, as a rating key acts at once (in
//! study `u` takes it back), and ticks a multi's item; in an order list Space
//! picks up and drops, and a digit moves the cursor (or the item held) to that
//! position; Enter confirms; `q`, Esc and Ctrl-C quit.

use std::sync::atomic::AtomicBool;

use colored::Colorize;

use super::canvas::{Canvas, Out};
use super::keys::{self, Key, RawMode};
use super::messages::Lang;
use super::wrap::{rows_taken, terminal_columns, terminal_height, wrap};
use crate::session::{Given, Reply};
use crate::text::letter;

/// Rows a list keeps for its items and "more" markers however little room
/// the question leaves (never more than the terminal has).
pub const MIN_ITEM_ROWS: usize = 3;

/// How a list is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Pick one; a letter or digit picks at once.
    Choice,
    /// Pick true or false (`t` and `f` work too).
    TrueFalse,
    /// Tick any number; Enter confirms.
    Multi,
    /// Put in order: Space picks an item up, arrows move it, Space drops it.
    Order,
}

/// What a key does to a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Cursor (or the item held) up one.
    Up,
    /// Cursor (or the item held) down one.
    Down,
    /// To the first position.
    First,
    /// To the last position.
    Last,
    /// Up a page.
    PageUp,
    /// Down a page.
    PageDown,
    /// Space: pick (choice), tick (multi), pick up or drop (order).
    Space,
    /// A letter or digit named this position.
    Pick(usize),
    /// Enter.
    Confirm,
    /// End the session.
    Quit,
    /// Draw again (the terminal changed size).
    Redraw,
    /// Nothing.
    Ignore,
}

/// Whether `q` quits a list of `count` items in `mode` (it picks the 17th choice otherwise).
pub fn q_quits(mode: Mode, count: usize) -> bool {
    letter_position(mode, count, 'q').is_none()
}

/// The position a letter key names in this list, if any.
fn letter_position(mode: Mode, count: usize, key: char) -> Option<usize> {
    let lower = key.to_ascii_lowercase();
    let lettered = match mode {
        Mode::Choice | Mode::TrueFalse | Mode::Multi => true,
        Mode::Order => false,
    };
    if !lettered || !lower.is_ascii_lowercase() {
        return None;
    }
    let position = usize::from(lower as u8 - b'a');
    (position < count).then_some(position)
}

/// What `key` does in a list of `count` items. A key that names an item picks
/// it, so with ten or more choices `j` and `k` pick, and with seventeen or
/// more `q` does (the arrows and Esc still work).
pub fn action(mode: Mode, count: usize, key: Key) -> Action {
    match key {
        Key::Up => Action::Up,
        Key::Down => Action::Down,
        Key::Home => Action::First,
        Key::End => Action::Last,
        Key::PageUp => Action::PageUp,
        Key::PageDown => Action::PageDown,
        Key::Enter => Action::Confirm,
        Key::Escape | Key::Interrupt => Action::Quit,
        Key::Resize => Action::Redraw,
        Key::Char(' ') => Action::Space,
        Key::Char(character) => {
            if let Some(position) = letter_position(mode, count, character) {
                return Action::Pick(position);
            }
            if mode == Mode::TrueFalse {
                match character.to_ascii_lowercase() {
                    't' => return Action::Pick(0),
                    'f' => return Action::Pick(1),
                    _ => {}
                }
            }
            if let Some(digit) = character.to_digit(10).filter(|digit| *digit > 0) {
                let position = digit as usize - 1;
                return if position < count { Action::Pick(position) } else { Action::Ignore };
            }
            match character {
                'k' => Action::Up,
                'j' => Action::Down,
                'q' => Action::Quit,
                _ => Action::Ignore,
            }
        }
        Key::Left | Key::Right | Key::Backspace | Key::Delete | Key::ClearBefore | Key::Other => Action::Ignore,
    }
}

/// What happened after a key.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Keep going.
    Continue,
    /// Answered.
    Answer(Given),
    /// The learner wants to stop.
    Quit,
}

/// How a drawn row looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// An item.
    Plain,
    /// The item under the cursor (bold when colour is on).
    Cursor,
    /// The item picked up (reversed when colour is on).
    Held,
    /// A "more" marker or the hint (dimmed).
    Dim,
}

/// One drawn row: its text (sanitised) and its look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What is written, without colour.
    pub text: String,
    /// How it looks.
    pub look: Look,
}

impl Row {
    fn new(text: String, look: Look) -> Row {
        Row { text, look }
    }

    /// The row with its colour (none when the colour policy says so).
    pub fn painted(&self) -> String {
        match self.look {
            Look::Plain => self.text.clone(),
            Look::Cursor => self.text.bold().to_string(),
            Look::Held => self.text.reversed().bold().to_string(),
            Look::Dim => self.text.dimmed().to_string(),
        }
    }
}

/// A list being answered.
#[derive(Clone, Debug)]
pub struct List {
    mode: Mode,
    /// The items as shown (already sanitised).
    items: Vec<String>,
    /// `order[position]` is the item shown at `position` (order moves them; others never do).
    order: Vec<usize>,
    /// Ticked items (multi).
    ticked: Vec<bool>,
    /// The cursor's position.
    cursor: usize,
    /// Whether the item at the cursor is picked up (order).
    held: bool,
    /// The first position shown last time, so the window scrolls only when it must.
    top: usize,
    /// How many items were shown last time (a page).
    page: usize,
    /// The rows each item (by item, not position) takes, and at how many
    /// columns: wrapped once per width, not on every key.
    heights: Option<(usize, Vec<usize>)>,
}

impl List {
    /// A list of `items` (sanitised text), cursor on the first.
    pub fn new(mode: Mode, items: Vec<String>) -> List {
        let count = items.len();
        List {
            mode,
            items,
            order: (0..count).collect(),
            ticked: vec![false; count],
            cursor: 0,
            held: false,
            top: 0,
            page: 1,
            heights: None,
        }
    }

    /// The cursor's position.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn last(&self) -> usize {
        self.items.len().saturating_sub(1)
    }

    /// Moves the cursor to `position`, carrying the held item along.
    fn move_to(&mut self, position: usize) {
        let position = position.min(self.last());
        if self.held && self.cursor < self.order.len() {
            let item = self.order.remove(self.cursor);
            self.order.insert(position.min(self.order.len()), item);
        }
        self.cursor = position;
    }

    fn chosen(&self) -> Given {
        match self.mode {
            Mode::Choice | Mode::TrueFalse => Given::Index(self.cursor),
            Mode::Multi => Given::Indexes((0..self.items.len()).filter(|index| self.ticked[*index]).collect()),
            Mode::Order => Given::Indexes(self.order.clone()),
        }
    }

    /// Applies an action.
    pub fn apply(&mut self, action: Action) -> Step {
        let page = self.page.max(1);
        match action {
            Action::Up => self.move_to(self.cursor.saturating_sub(1)),
            Action::Down => self.move_to(self.cursor + 1),
            Action::First => self.move_to(0),
            Action::Last => self.move_to(self.last()),
            Action::PageUp => self.move_to(self.cursor.saturating_sub(page)),
            Action::PageDown => self.move_to(self.cursor + page),
            Action::Space => match self.mode {
                Mode::Choice | Mode::TrueFalse => return Step::Answer(self.chosen()),
                Mode::Multi => {
                    if let Some(ticked) = self.ticked.get_mut(self.cursor) {
                        *ticked = !*ticked;
                    }
                }
                Mode::Order => self.held = !self.held && !self.items.is_empty(),
            },
            Action::Pick(position) => {
                self.move_to(position);
                match self.mode {
                    Mode::Choice | Mode::TrueFalse => return Step::Answer(self.chosen()),
                    Mode::Multi => {
                        if let Some(ticked) = self.ticked.get_mut(self.cursor) {
                            *ticked = !*ticked;
                        }
                    }
                    Mode::Order => {}
                }
            }
            Action::Confirm => return Step::Answer(self.chosen()),
            Action::Quit => return Step::Quit,
            Action::Redraw | Action::Ignore => {}
        }
        Step::Continue
    }

    /// The label before the item at `position`: `a)`, `[x] a)` or `1.`, padded
    /// so every item's text starts in the same column.
    fn label(&self, position: usize) -> String {
        match self.mode {
            Mode::Choice | Mode::TrueFalse => {
                let widest = letter(self.last()).len() + 1;
                format!("{:<widest$}", format!("{})", letter(position)))
            }
            Mode::Multi => {
                let widest = letter(self.last()).len() + 1;
                let tick = if self.ticked.get(position).copied().unwrap_or(false) { "[x]" } else { "[ ]" };
                format!("{tick} {:<widest$}", format!("{})", letter(position)))
            }
            Mode::Order => {
                let widest = self.items.len().to_string().len();
                format!("{:>widest$}.", position + 1)
            }
        }
    }

    /// The rows of the item at `position`, wrapped to `width` columns.
    fn item_rows(&self, position: usize, width: usize) -> Vec<Row> {
        let marker = match (position == self.cursor, self.held) {
            (true, true) => "⇅",
            (true, false) => "›",
            (false, _) => " ",
        };
        let look = match (position == self.cursor, self.held) {
            (true, true) => Look::Held,
            (true, false) => Look::Cursor,
            (false, _) => Look::Plain,
        };
        let prefix = format!("{marker} {} ", self.label(position));
        let indent = " ".repeat(super::wrap::display_width(&prefix));
        let text = self.order.get(position).and_then(|item| self.items.get(*item)).map_or("", String::as_str);
        let text_width = width.saturating_sub(indent.len()).max(1);
        wrap(text, text_width, "")
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                let lead = if index == 0 { &prefix } else { &indent };
                Row::new(format!("{lead}{line}").trim_end().to_string(), look)
            })
            .collect()
    }

    /// The rows the item at each position takes at `columns`. Every label
    /// and cursor mark has the same width, so an item's height depends only
    /// on its text: each is wrapped once per width.
    fn heights(&mut self, columns: usize) -> Vec<usize> {
        if self.heights.as_ref().is_none_or(|(at, _)| *at != columns) {
            let width = wrap_width(columns);
            let mut by_item = vec![0; self.items.len()];
            for (position, item) in self.order.iter().enumerate() {
                let rows = self.item_rows(position, width);
                by_item[*item] = rows.iter().map(|row| rows_taken(&row.text, columns)).sum();
            }
            self.heights = Some((columns, by_item));
        }
        let by_item = self.heights.as_ref().map_or(&[][..], |(_, heights)| heights);
        self.order.iter().map(|item| by_item.get(*item).copied().unwrap_or(1)).collect()
    }

    /// The rows to draw at `columns` with at most `budget` rows for the items
    /// and their "more" markers, followed by `hint` (wrapped).
    pub fn layout(&mut self, columns: usize, budget: usize, hint: &str, lang: Lang) -> Vec<Row> {
        let width = wrap_width(columns);
        let heights = self.heights(columns);
        let (top, end) = window(&heights, self.cursor, self.top, budget);
        self.top = top;
        self.page = end.saturating_sub(top).max(1);
        let mut rows = Vec::new();
        if top > 0 {
            rows.push(Row::new(format!("  {}", lang.more_above(top)), Look::Dim));
        }
        let below = self.items.len().saturating_sub(end);
        let marker_rows = usize::from(top > 0) + usize::from(below > 0);
        // Only an item taller than the whole room is cut short (the cursor's).
        let mut room = budget.saturating_sub(marker_rows).max(1);
        for row in (top..end).flat_map(|position| self.item_rows(position, width)) {
            let taken = rows_taken(&row.text, columns);
            if taken > room {
                break;
            }
            room -= taken;
            rows.push(row);
        }
        if below > 0 {
            rows.push(Row::new(format!("  {}", lang.more_below(below)), Look::Dim));
        }
        for line in wrap(hint, width, "").into_iter().filter(|line| !line.is_empty()) {
            rows.push(Row::new(line, Look::Dim));
        }
        rows
    }

    /// The one line left once the list is answered: `› b) libuv`, every ticked
    /// choice, or the items in the order given.
    pub fn answered(&self, given: &Given, columns: usize, lang: Lang) -> Vec<Row> {
        let text = |item: usize| self.items.get(item).map_or("", String::as_str);
        let line = match (self.mode, given) {
            (Mode::Choice | Mode::TrueFalse | Mode::Multi, Given::Index(position)) => {
                format!("{}) {}", letter(*position), text(*position))
            }
            (Mode::Multi, Given::Indexes(positions)) if positions.is_empty() => lang.none_ticked().to_string(),
            (Mode::Choice | Mode::TrueFalse | Mode::Multi, Given::Indexes(positions)) => positions
                .iter()
                .map(|position| format!("{}) {}", letter(*position), text(*position)))
                .collect::<Vec<_>>()
                .join(", "),
            (Mode::Order, Given::Indexes(items)) => {
                items.iter().map(|item| text(*item)).collect::<Vec<_>>().join(" → ")
            }
            (_, Given::Index(_) | Given::Text(_) | Given::Texts(_) | Given::Revealed | Given::Nothing) => String::new(),
        };
        wrap(&format!("› {line}"), wrap_width(columns), "  ")
            .into_iter()
            .map(|line| Row::new(line, Look::Plain))
            .collect()
    }
}

/// Lines are wrapped one column short of the screen, so the terminal never
/// wraps one by itself.
fn wrap_width(columns: usize) -> usize {
    columns.saturating_sub(1).max(1)
}

/// The positions `[top, end)` to show, for items `heights` rows tall, with at
/// most `budget` rows for them and a "more" row above (when `top > 0`) and
/// below (when `end` is not the last). The cursor's item is always shown; the
/// window moves from `previous_top` only as far as the cursor needs.
pub fn window(heights: &[usize], cursor: usize, previous_top: usize, budget: usize) -> (usize, usize) {
    let count = heights.len();
    if heights.iter().sum::<usize>() <= budget {
        return (0, count);
    }
    let cursor = cursor.min(count.saturating_sub(1));
    let fill = |top: usize| {
        let mut room = budget.saturating_sub(usize::from(top > 0));
        let mut end = top;
        let mut used = 0;
        while end < count && used + heights[end] <= room {
            used += heights[end];
            end += 1;
        }
        if end < count {
            room = room.saturating_sub(1);
            while end > top && used > room {
                end -= 1;
                used -= heights[end];
            }
        }
        end
    };
    let mut top = previous_top.min(cursor);
    loop {
        let end = fill(top);
        if cursor < end || top >= cursor {
            return (top, end.max(top + 1).min(count));
        }
        top += 1;
    }
}

/// The rows a list may use under a question that took `question_rows` rows,
/// of which `header_rows` are the header, on a terminal `height` rows tall.
pub fn budget(height: Option<usize>, question_rows: usize, header_rows: usize, hint_rows: usize) -> usize {
    let Some(height) = height else {
        return usize::MAX / 2;
    };
    let free = |reserved: usize| height.saturating_sub(reserved).saturating_sub(hint_rows);
    let rows = if free(question_rows) >= MIN_ITEM_ROWS {
        free(question_rows)
    } else {
        free(question_rows.saturating_sub(header_rows)).max(MIN_ITEM_ROWS)
    };
    // A block taller than the screen could not be redrawn in place.
    rows.min(height.saturating_sub(hint_rows).max(1))
}

/// Draws `list` under a question that took `question_rows` rows (`header_rows`
/// of them the header) and reads keys until it is answered or the learner quits.
pub fn ask(
    out: Out,
    mut list: List,
    hint: &str,
    question_rows: usize,
    header_rows: usize,
    lang: Lang,
    interrupted: &AtomicBool,
) -> Reply<Given> {
    let _raw = RawMode::enter(out, true);
    let mut canvas = Canvas::new(out);
    let count = list.items.len();
    loop {
        let columns = terminal_columns();
        let hint_rows = wrap(hint, wrap_width(columns), "").iter().filter(|line| !line.is_empty()).count();
        let room = budget(terminal_height(), question_rows, header_rows, hint_rows);
        let rows: Vec<String> = list.layout(columns, room, hint, lang).iter().map(Row::painted).collect();
        canvas.draw(&rows, columns, None);
        match list.apply(action(list.mode, count, keys::read(interrupted))) {
            Step::Continue => {}
            Step::Answer(given) => {
                let rows: Vec<String> = list.answered(&given, columns, lang).iter().map(Row::painted).collect();
                canvas.finish(&rows, columns);
                return Reply::Answer(given);
            }
            Step::Quit => {
                canvas.clear();
                return Reply::Quit;
            }
        }
    }
}

#[cfg(test)]
mod tests;
