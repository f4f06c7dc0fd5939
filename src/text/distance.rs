//! Edit distances that stay linear in the text: typo allowances and "did you
//! mean" suggestions never compare untrusted strings in quadratic time.

/// The optimal-string-alignment distance (insertions, deletions,
/// substitutions and transpositions of adjacent characters) between `left`
/// and `right`, if it is at most `limit`; `None` when it is larger.
///
/// Only the diagonal band of width `2 × limit + 1` is computed, so the cost is
/// `O(limit × length)` in time and `O(length)` in memory, whatever the input.
///
/// ```
/// use quiz::text::bounded_distance;
/// assert_eq!(bounded_distance("inlineCallbacks", "inlineCalbacks", 2), Some(1));
/// assert_eq!(bounded_distance("yield from", "yield form", 1), Some(1), "a transposition is one edit");
/// assert_eq!(bounded_distance("asyncio", "twisted", 2), None);
/// ```
pub fn bounded_distance(left: &str, right: &str, limit: usize) -> Option<usize> {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    if left.len().abs_diff(right.len()) > limit {
        return None;
    }
    let (rows, columns) = (left.len(), right.len());
    let beyond = limit + 1;
    // Three rows: the one before last (for transpositions), the last, the current.
    let mut before_last = vec![beyond; columns + 1];
    let mut last: Vec<usize> = (0..=columns).map(|column| column.min(beyond)).collect();
    let mut current = vec![beyond; columns + 1];
    for row in 1..=rows {
        let low = row.saturating_sub(limit).max(1);
        let high = (row + limit).min(columns);
        // The buffer holds a row from three steps ago: reset the cells next to
        // the band, the only ones outside it that the next two rows read.
        current[0] = row.min(beyond);
        if low > 1 {
            current[low - 1] = beyond;
        }
        if high < columns {
            current[high + 1] = beyond;
        }
        let mut best_in_row = if low == 1 { current[0] } else { beyond };
        for column in low..=high {
            let cost = usize::from(left[row - 1] != right[column - 1]);
            let mut value = (last[column - 1] + cost).min(last[column] + 1).min(current[column - 1] + 1);
            if row > 1 && column > 1 && left[row - 1] == right[column - 2] && left[row - 2] == right[column - 1] {
                value = value.min(before_last[column - 2] + 1);
            }
            current[column] = value.min(beyond);
            best_in_row = best_in_row.min(current[column]);
        }
        if best_in_row > limit {
            return None;
        }
        std::mem::swap(&mut before_last, &mut last);
        std::mem::swap(&mut last, &mut current);
    }
    let distance = last[columns];
    (distance <= limit).then_some(distance)
}

/// Suggestions are made only between names at most this long: field names,
/// section headings, deck and card ids. Longer text gets no suggestion.
const LONGEST_SUGGESTED: usize = 64;

/// The candidate closest to `wanted`, if it is close enough to be a likely typo
/// (at most a third of the longer name's characters apart, and at least one).
/// Case is ignored. Linear in the candidates' total length.
///
/// ```
/// use quiz::text::closest;
/// let fields = ["prompt", "answer", "accept"];
/// assert_eq!(closest("promt", fields.iter().copied()), Some("prompt"));
/// assert_eq!(closest("zzzzzz", fields.iter().copied()), None);
/// ```
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_length = wanted.chars().take(LONGEST_SUGGESTED + 1).count();
    if wanted_length > LONGEST_SUGGESTED {
        return None;
    }
    let wanted = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let length = candidate.chars().take(LONGEST_SUGGESTED + 1).count();
        if length > LONGEST_SUGGESTED {
            continue;
        }
        let allowance = (wanted_length.max(length) / 3).max(1);
        let limit = best.map_or(allowance, |(distance, _)| allowance.min(distance.saturating_sub(1)));
        if let Some(distance) = bounded_distance(&wanted, &candidate.to_lowercase(), limit) {
            if best.is_none_or(|(smallest, _)| distance < smallest) {
                best = Some((distance, candidate));
            }
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook dynamic programme, for comparison.
    fn full_distance(left: &str, right: &str) -> usize {
        let left: Vec<char> = left.chars().collect();
        let right: Vec<char> = right.chars().collect();
        let mut table = vec![vec![0usize; right.len() + 1]; left.len() + 1];
        for (row, line) in table.iter_mut().enumerate() {
            line[0] = row;
        }
        for (column, cell) in table[0].iter_mut().enumerate() {
            *cell = column;
        }
        for row in 1..=left.len() {
            for column in 1..=right.len() {
                let cost = usize::from(left[row - 1] != right[column - 1]);
                let mut value =
                    (table[row - 1][column - 1] + cost).min(table[row - 1][column] + 1).min(table[row][column - 1] + 1);
                if row > 1 && column > 1 && left[row - 1] == right[column - 2] && left[row - 2] == right[column - 1] {
                    value = value.min(table[row - 2][column - 2] + 1);
                }
                table[row][column] = value;
            }
        }
        table[left.len()][right.len()]
    }

    #[test]
    fn agrees_with_the_full_table_within_the_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "yield from",
            "yeild from",
            "yield form",
            "이벤트 루프",
            "이벤트루프",
            "gevent",
            "genvet",
            "kitten",
            "sitting",
        ];
        for left in words {
            for right in words {
                let exact = full_distance(left, right);
                for limit in 0..4 {
                    let expected = (exact <= limit).then_some(exact);
                    assert_eq!(bounded_distance(left, right, limit), expected, "{left:?} {right:?} limit {limit}");
                }
            }
        }
    }

    #[test]
    fn long_inputs_are_cheap_and_never_suggested() {
        let long = "x".repeat(200_000);
        let other = format!("{}y", "x".repeat(199_999));
        assert_eq!(bounded_distance(&long, &other, 2), Some(1));
        assert_eq!(closest(&long, [other.as_str(), "prompt"].into_iter()), None);
        assert_eq!(closest("promt", [long.as_str(), "prompt"].into_iter()), Some("prompt"));
    }

    #[test]
    fn the_closest_of_several_wins() {
        assert_eq!(closest("asyncoi", ["asyncore", "asyncio"].into_iter()), Some("asyncio"));
        assert_eq!(closest("ACEPT", ["accept"].into_iter()), Some("accept"));
    }
}
