//! The user's settings file, `<data dir>/config.toml`:
//!
//! ```toml
//! desired_retention = 0.9   # for every deck
//! new_per_day = 20
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

/// Settings that can be given for every deck or one deck.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Target probability of recall at the due time.
    pub desired_retention: Option<f64>,
    /// New cards per day.
    pub new_per_day: Option<u32>,
}

/// The whole config file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// Desired retention for every deck.
    pub desired_retention: Option<f64>,
    /// New cards per day for every deck.
    pub new_per_day: Option<u32>,
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
        Ok(config)
    }

    /// The settings for `deck`: its own table over the top level.
    pub fn for_deck(&self, deck: &str) -> Settings {
        let own = self.deck.get(deck).cloned().unwrap_or_default();
        Settings {
            desired_retention: own.desired_retention.or(self.desired_retention),
            new_per_day: own.new_per_day.or(self.new_per_day),
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
        assert_eq!(config.for_deck("asyncio"), Settings { desired_retention: Some(0.8), new_per_day: Some(5) });
        assert_eq!(config.for_deck("other"), Settings { desired_retention: Some(0.9), new_per_day: Some(5) });
    }

    #[test]
    fn bad_config_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "new_per_day = 5\nretention = 0.9\n").unwrap();
        let error = UserConfig::load(dir.path()).unwrap_err().to_string();
        assert!(error.contains("config.toml:2:1"), "{error}");
        assert!(check_retention(1.5).is_err());
    }
}
