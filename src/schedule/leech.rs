//! Leeches: cards forgotten so often that reviewing them again costs more
//! than rewriting them. As in Anki, a card becomes a leech at its
//! `leech_lapses`-th lapse and is struck again every half of that after.

use serde::Deserialize;

/// What happens to a card when it becomes a leech.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LeechAction {
    /// Mark it and suspend it, so it stops costing reviews until it is rewritten.
    #[default]
    Suspend,
    /// Mark it and keep scheduling it.
    Tag,
}

/// When a card becomes a leech, and what happens to it then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeechRule {
    /// Lapses (forgetting a graduated card) that make a leech; at least 1.
    pub lapses: u32,
    /// Suspend it, or only mark it.
    pub action: LeechAction,
}

impl Default for LeechRule {
    fn default() -> Self {
        LeechRule { lapses: 8, action: LeechAction::Suspend }
    }
}

impl LeechRule {
    /// Whether a review that took the card from `lapses_before` to
    /// `lapses_after` lapses strikes it as a leech: a lapse that reaches the
    /// threshold, and for a card that already is one, every half of the
    /// threshold after it (8, 12, 16, … by default), so a leech that was
    /// unsuspended and is still forgotten is caught again. A card that is
    /// already a leech is never struck where one that is not would not be.
    pub fn strikes(&self, lapses_before: u32, lapses_after: u32, already_leech: bool) -> bool {
        let threshold = self.lapses.max(1);
        if lapses_after <= lapses_before || lapses_after < threshold {
            return false;
        }
        let again_every = threshold.div_ceil(2);
        !already_leech || (lapses_after - threshold).is_multiple_of(again_every)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lapse_reaching_the_threshold_strikes_then_every_half_of_it() {
        let rule = LeechRule::default();
        assert!(!rule.strikes(6, 7, false), "seven lapses are not yet a leech");
        assert!(rule.strikes(7, 8, false));
        assert!(!rule.strikes(8, 8, false), "a review that is not a lapse never strikes");
        assert!(!rule.strikes(8, 9, true));
        assert!(rule.strikes(11, 12, true), "struck again four lapses later");
        assert!(
            rule.strikes(8, 9, false),
            "a card past the threshold that was never marked is marked at its next lapse"
        );
        // What the journal relies on to skip reading the mark: being a leech only narrows the strikes.
        for (before, after) in (0..30).flat_map(|before| (0..30).map(move |after| (before, after))) {
            assert!(!rule.strikes(before, after, true) || rule.strikes(before, after, false), "{before} → {after}");
        }
        let strict = LeechRule { lapses: 1, action: LeechAction::Tag };
        assert!(strict.strikes(0, 1, false) && strict.strikes(1, 2, true));
    }
}
