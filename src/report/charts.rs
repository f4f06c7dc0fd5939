//! The charts of `quiz stats` as text, no line wider than 80 columns: the due
//! forecast, the leeches, a year of answers as a calendar heatmap, true
//! retention by week and how long answers take. Each chart is laid out in
//! plain characters first and coloured last, so without colour (`NO_COLOR`,
//! a pipe) it has the same shape.

use std::fmt::Write;

use chrono::{Datelike, Duration, NaiveDate};
use colored::{ColoredString, Colorize};

use super::history::{monday_of, AnswerTime, History, WeekRetention};
use super::stats::{ForecastDay, Leech};
use crate::text::sanitize::terminal_line;

/// The longest bar of the forecast, in columns (two forecast columns fit in 80).
const FORECAST_BAR: usize = 18;

/// The longest bar of the retention and answer-time charts.
const BAR: usize = 40;

/// Leeches listed before the rest are counted.
const LEECHES_SHOWN: usize = 20;

/// The heatmap's cells, from no answers to the busiest quarter of days.
const LEVELS: [char; 5] = ['·', '░', '▒', '▓', '█'];

/// A bar `width` columns long, coloured by `paint` (nothing at all for no width).
fn bar(width: usize, paint: fn(&str) -> ColoredString) -> String {
    match width {
        0 => String::new(),
        width => paint(&"█".repeat(width)).to_string(),
    }
}

/// `value` of `widest` as a bar at most `longest` columns long; anything above
/// zero gets at least one column.
fn scaled(value: usize, widest: usize, longest: usize) -> usize {
    let columns = (value as u128 * longest as u128).div_ceil(widest.max(1) as u128);
    usize::try_from(columns).unwrap_or(longest).min(longest)
}

/// The due forecast: a bar per day, in two columns (the first 15 days on the left).
pub fn forecast(days: &[ForecastDay]) -> String {
    let mut out = String::new();
    let widest = days.iter().map(|day| day.due).max().unwrap_or(0);
    if widest == 0 {
        let _ = writeln!(out, "  forecast: nothing due in the next {} days", days.len());
        return out;
    }
    let _ = writeln!(out, "  forecast (cards due per day; today's count includes overdue cards):");
    let rows = days.len().div_ceil(2);
    // Each cell: `Tue 03-10    2 ███`, its bar padded so the right column lines up.
    let cell = |day: &ForecastDay| {
        let width = scaled(day.due, widest, FORECAST_BAR);
        let padding = " ".repeat(FORECAST_BAR - width);
        format!("{} {:>4} {}{padding}", day.date.format("%a %m-%d"), day.due, bar(width, |bar| bar.cyan()))
    };
    for row in 0..rows {
        let cells: Vec<String> = [days.get(row), days.get(row + rows)].into_iter().flatten().map(cell).collect();
        let _ = writeln!(out, "    {}", cells.join("   ").trim_end());
    }
    out
}

/// The cards marked as leeches, the most forgotten first.
pub fn leeches(leeches: &[Leech]) -> String {
    let mut out = String::new();
    if leeches.is_empty() {
        return out;
    }
    let _ = writeln!(out, "  leeches (forgotten too often): {}", leeches.len());
    let widest = leeches.iter().take(LEECHES_SHOWN).map(|leech| terminal_line(&leech.card).chars().count()).max();
    for leech in leeches.iter().take(LEECHES_SHOWN) {
        let _ = writeln!(
            out,
            "    {:<width$}  {} lapse(s), a leech since {}",
            terminal_line(&leech.card).yellow(),
            leech.lapses,
            leech.since.rfc3339(),
            width = widest.unwrap_or(0),
        );
    }
    if leeches.len() > LEECHES_SHOWN {
        let _ = writeln!(out, "    … and {} more (all of them in --json)", leeches.len() - LEECHES_SHOWN);
    }
    out
}

/// The year's answers: the heatmap, retention by week and answer times; one
/// line when there were none.
pub fn history(history: &History) -> String {
    let mut out = String::new();
    let total = history.total_answers();
    if total == 0 {
        let _ = writeln!(out, "  history: no answers from {} to {}", history.from, history.through);
        return out;
    }
    out.push_str(&heatmap(history));
    out.push_str(&retention(&history.retention_by_week));
    out.push_str(&answer_time(&history.answer_time));
    out
}

/// The heatmap's level thresholds: the upper counts of the first three
/// quarters of the days with answers (nearest rank), and the busiest day's.
fn quartiles(counts: &[usize]) -> [usize; 4] {
    let mut busy: Vec<usize> = counts.iter().copied().filter(|&count| count > 0).collect();
    busy.sort_unstable();
    let rank = |quarter: usize| {
        let index = (quarter * busy.len()).div_ceil(4).saturating_sub(1);
        busy.get(index).copied().unwrap_or(0)
    };
    [rank(1), rank(2), rank(3), rank(4)]
}

/// Which of [`LEVELS`] a day with `count` answers gets.
fn level(count: usize, limits: &[usize; 4]) -> usize {
    if count == 0 {
        return 0;
    }
    1 + limits[..3].iter().filter(|&&limit| count > limit).count()
}

/// A level's cell, coloured in shades of green.
fn paint(level: usize, cells: &str) -> ColoredString {
    match level {
        0 => cells.dimmed(),
        1 | 2 => cells.green(),
        _ => cells.bright_green(),
    }
}

/// Seven rows (Monday to Sunday) of a column per week, with month labels above
/// and the meaning of each shade below.
fn heatmap(history: &History) -> String {
    let mut out = String::new();
    let days = (history.through - history.from).num_days().max(0) as usize + 1;
    let mut counts = vec![0usize; days];
    let mut scheduled = 0;
    for day in &history.answers_per_day {
        if let Some(slot) = usize::try_from((day.date - history.from).num_days()).ok().and_then(|at| counts.get_mut(at))
        {
            *slot += day.answers;
        }
        scheduled += day.scheduled;
    }
    let limits = quartiles(&counts);
    let first_week = monday_of(history.from);
    let weeks = (monday_of(history.through) - first_week).num_weeks().max(0) as usize + 1;
    let monday = |week: usize| first_week + Duration::weeks(week as i64);

    let _ = writeln!(out, "  answers per day, {} to {}:", history.from, history.through);
    let _ = writeln!(out, "{}", month_labels(weeks, monday).trim_end());
    for weekday in 0..7 {
        let mut line = format!("    {}  ", (first_week + Duration::days(weekday)).format("%a"));
        let mut run = (usize::MAX, String::new());
        for week in 0..weeks {
            let date = monday(week) + Duration::days(weekday);
            let cell = usize::try_from((date - history.from).num_days())
                .ok()
                .and_then(|at| counts.get(at))
                .map(|&count| level(count, &limits));
            let level = cell.unwrap_or(usize::MAX);
            if level != run.0 {
                flush(&mut line, &run);
                run = (level, String::new());
            }
            run.1.push(cell.map_or(' ', |level| LEVELS[level]));
        }
        flush(&mut line, &run);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let mut legend = String::from("         ");
    let _ = write!(legend, "{} 0", paint(0, "·"));
    let mut below = 0;
    for (index, &limit) in limits.iter().enumerate() {
        if limit <= below {
            continue;
        }
        let range = if limit == below + 1 { limit.to_string() } else { format!("{}–{limit}", below + 1) };
        let _ = write!(legend, "  {} {range}", paint(index + 1, &LEVELS[index + 1].to_string()));
        below = limit;
    }
    let _ = writeln!(out, "{legend}");
    let total: usize = counts.iter().sum();
    let active = counts.iter().filter(|&&count| count > 0).count();
    let drills = total - scheduled.min(total);
    let _ = writeln!(out, "    {total} answer(s) on {active} of {days} days, {drills} of them in drills");
    out
}

/// Writes a run of same-level cells in their colour (blank cells plain).
fn flush(line: &mut String, (level, cells): &(usize, String)) {
    match LEVELS.get(*level) {
        Some(_) => line.push_str(&paint(*level, cells).to_string()),
        None => line.push_str(cells),
    }
}

/// Month names over the first week (column) whose Monday falls in the month;
/// the first one is left out when the second would crowd it.
fn month_labels(weeks: usize, monday: impl Fn(usize) -> NaiveDate) -> String {
    let starts: Vec<usize> =
        (0..weeks).filter(|&week| week == 0 || monday(week).month() != monday(week - 1).month()).collect();
    let mut line: Vec<char> = vec![' '; 9 + weeks + 3];
    let mut free = 0;
    for (index, &week) in starts.iter().enumerate() {
        let crowded = starts.get(index + 1).is_some_and(|&next| next < week + 4);
        if week < free || crowded {
            continue;
        }
        for (offset, letter) in monday(week).format("%b").to_string().chars().enumerate() {
            if let Some(slot) = line.get_mut(9 + week + offset) {
                *slot = letter;
            }
        }
        free = week + 4;
    }
    line.into_iter().collect()
}

/// True retention per week as bars from 0 to 100 %.
fn retention(weeks: &[WeekRetention]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "  true retention by week (reviews of graduated cards not rated Again):");
    for week in weeks {
        let label = week.week.format("%m-%d");
        match week.retention {
            Some(share) => {
                let width = (share * BAR as f64).round() as usize;
                let _ = writeln!(
                    out,
                    "    {label}  {:>5.1}%  {}{}  {:>6} review(s)",
                    share * 100.0,
                    bar(width.min(BAR), |bar| bar.green()),
                    " ".repeat(BAR - width.min(BAR)),
                    week.reviews
                );
            }
            None => {
                let _ = writeln!(out, "    {label}       —");
            }
        }
    }
    out
}

/// The answer-time histogram and its median.
fn answer_time(time: &AnswerTime) -> String {
    let mut out = String::new();
    let Some(median) = time.median_ms else {
        let _ = writeln!(out, "  answer time: not measured ({} answer(s) recorded without a time)", time.untimed);
        return out;
    };
    let untimed = match time.untimed {
        0 => String::new(),
        untimed => format!(" ({untimed} untimed, left out)"),
    };
    let _ = writeln!(out, "  answer time: {} answer(s), median {:.1} s{untimed}", time.answers, median as f64 / 1000.0);
    let widest = time.buckets.iter().map(|bucket| bucket.answers).max().unwrap_or(0);
    for bucket in &time.buckets {
        let seconds = |ms: u64| ms / 1000;
        let label = match (bucket.from_ms, bucket.to_ms) {
            (0, Some(to)) => format!("< {} s", seconds(to)),
            (from, Some(to)) => format!("{}–{} s", seconds(from), seconds(to)),
            (from, None) => format!("≥ {} s", seconds(from)),
        };
        let width = scaled(bucket.answers, widest, BAR);
        let line = format!("    {label:<8} {:>6} {}", bucket.answers, bar(width, |bar| bar.cyan()));
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_split_the_days_with_answers_and_zero_days_stay_blank() {
        let counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0];
        let limits = quartiles(&counts);
        assert_eq!(limits, [2, 4, 6, 8]);
        let levels: Vec<usize> = counts.iter().map(|&count| level(count, &limits)).collect();
        assert_eq!(levels, [0, 1, 1, 2, 2, 3, 3, 4, 4, 0]);
        // One busy day: every non-zero day is the first level.
        assert_eq!(quartiles(&[0, 5, 0]), [5, 5, 5, 5]);
        assert_eq!(level(5, &[5, 5, 5, 5]), 1);
        assert_eq!(quartiles(&[]), [0, 0, 0, 0]);
    }

    #[test]
    fn months_are_labelled_where_their_first_monday_is_unless_crowded() {
        let first = NaiveDate::from_ymd_opt(2025, 3, 24).unwrap();
        let labels = month_labels(53, |week| first + Duration::weeks(week as i64));
        // March's two Mondays before April would crowd April's label: left out.
        assert!(labels.starts_with("           Apr "), "{labels:?}");
        assert_eq!(labels.matches("Mar").count(), 1, "the next March, at the end: {labels:?}");
        assert!(labels.chars().count() <= 80);
    }

    #[test]
    fn bars_scale_to_the_longest_and_show_any_non_zero_value() {
        assert_eq!(scaled(0, 10, 40), 0);
        assert_eq!(scaled(1, 1000, 40), 1);
        assert_eq!(scaled(10, 10, 40), 40);
        assert_eq!(scaled(usize::MAX, usize::MAX, 40), 40);
        assert_eq!(scaled(3, 0, 40), 40, "a zero maximum never divides by zero");
    }
}
