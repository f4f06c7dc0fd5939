//! The user's settings file, `<data dir>/config.toml`:
//!
//! ```toml
//! desired_retention = 0.9   # for every deck
//! new_per_day = 20
//! day_starts_at = 4         # "today" begins at 4 a.m. local time
//! leech_lapses = 8          # a card forgotten this often is a leech …
//! leech_action = "suspend"  # … and is suspended ("tag": only marked)
//!
//! [deck.asyncio]            # for one deck
//! desired_retention = 0.85
//! ```
//!
//! Flags beat the config's deck table, which beats its top level, which beats the deck file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::schedule::LeechAction;

/// Settings that can be given for every deck or one deck.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Target probability of recall at the due time.
    pub desired_retention: Option<f64>,
    /// New cards per day.
    pub new_per_day: Option<u32>,
    /// Lapses that make a card a leech.
    pub leech_lapses: Option<u32>,
    /// What happens to a leech.
    pub leech_action: Option<LeechAction>,
}

/// The whole config file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// Desired retention for every deck.
    pub desired_retention: Option<f64>,
    /// New cards per day for every deck.
    pub new_per_day: Option<u32>,
    /// Lapses that make a card a leech, for every deck.
    pub leech_lapses: Option<u32>,
    /// What happens to a leech, for every deck.
    pub leech_action: Option<LeechAction>,
    /// The local hour (0–23) at which a new day starts.
    pub day_starts_at: Option<u32>,
    /// The folder `quiz sync` uses without `--dir` (`~/` is the home folder).
    pub sync_dir: Option<std::path::PathBuf>,
    /// Settings per deck id.
    #[serde(default)]
    pub deck: BTreeMap<String, Settings>,
}

impl UserConfig {
    /// Reads `config.toml` from `dir`; a missing file is an empty config.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join("config.toml");
        if !path.exists() {
            return Ok(UserConfig::default());
        }
        let text = crate::fsio::read_text(&path, crate::fsio::FileKind::Config)?;
        let config: UserConfig = toml::from_str(&text).map_err(|error| {
            let position = error
                .span()
                .map(|span| crate::deck::LineIndex::new(&text).position(&text, span.start))
                .unwrap_or_default();
            Error::BadInput {
                path: path.display().to_string(),
                line: position.line,
                column: position.column,
                message: error.message().to_string(),
            }
        })?;
        let retentions = config
            .desired_retention
            .into_iter()
            .chain(config.deck.values().filter_map(|settings| settings.desired_retention));
        for retention in retentions {
            check_retention(retention)?;
        }
        if let Some(hour) = config.day_starts_at.filter(|hour| *hour > 23) {
            return Err(Error::Usage(format!(
                "{}: day_starts_at = {hour} is not an hour; use 0 to 23 (4 means 4 a.m.)",
                path.display()
            )));
        }
        let leech_lapses =
            config.leech_lapses.into_iter().chain(config.deck.values().filter_map(|deck| deck.leech_lapses));
        if leech_lapses.into_iter().any(|lapses| lapses == 0) {
            return Err(Error::Usage(format!(
                "{}: leech_lapses = 0 would make every card a leech; use 1 or more (8 is the default)",
                path.display()
            )));
        }
        Ok(config)
    }

    /// The settings for `deck`: its own table over the top level.
    pub fn for_deck(&self, deck: &str) -> Settings {
        let own = self.deck.get(deck).cloned().unwrap_or_default();
        Settings {
            desired_retention: own.desired_retention.or(self.desired_retention),
            new_per_day: own.new_per_day.or(self.new_per_day),
            leech_lapses: own.leech_lapses.or(self.leech_lapses),
            leech_action: own.leech_action.or(self.leech_action),
        }
    }
}

/// Desired retention must be a probability FSRS can schedule for.
pub fn check_retention(retention: f64) -> Result<f64> {
    if (0.7..=0.99).contains(&retention) {
        Ok(retention)
    } else {
        Err(Error::Usage(format!("desired retention {retention} is outside 0.7 to 0.99")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deck_settings_override_the_top_level() {
        let config: UserConfig =
            toml::from_str("desired_retention = 0.9\nnew_per_day = 5\n[deck.asyncio]\ndesired_retention = 0.8\n")
                .unwrap();
        let settings =
            |retention| Settings { desired_retention: Some(retention), new_per_day: Some(5), ..Settings::default() };
        assert_eq!(config.for_deck("asyncio"), settings(0.8));
        assert_eq!(config.for_deck("other"), settings(0.9));
    }

    #[test]
    fn bad_config_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "new_per_day = 5\nretention = 0.9\n").unwrap();
        let error = UserConfig::load(dir.path()).unwrap_err().to_string();
        assert!(error.contains("config.toml:2:1"), "{error}");
        assert!(check_retention(1.5).is_err());
    }

    #[test]
    fn day_start_and_leech_settings_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let load = |text: &str| {
            std::fs::write(dir.path().join("config.toml"), text).unwrap();
            UserConfig::load(dir.path())
        };
        assert!(load("day_starts_at = 24\n").unwrap_err().to_string().contains("0 to 23"));
        assert!(load("[deck.a]\nleech_lapses = 0\n").unwrap_err().to_string().contains("1 or more"));
        assert!(load("leech_action = \"delete\"\n").is_err());
        let config = load("day_starts_at = 0\nleech_action = \"tag\"\n[deck.a]\nleech_lapses = 4\n").unwrap();
        assert_eq!(config.day_starts_at, Some(0));
        assert_eq!(config.for_deck("a").leech_action, Some(LeechAction::Tag));
        assert_eq!(config.for_deck("a").leech_lapses, Some(4));
    }
}
