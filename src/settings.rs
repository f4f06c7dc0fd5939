//! Settings resolved once per run: the global options, the environment, the
//! user's `config.toml` (read at most once, when first needed) and the deck's
//! own defaults. Commands ask here and never look at flags or files again.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use crate::cli::GlobalOptions;
use crate::clock::{DayStart, Timestamp};
use crate::config::{self, UserConfig};
use crate::deck::{self, Deck, Origin};
use crate::error::{Error, Result};
use crate::schedule::{LeechRule, Scheduler, SchedulerConfig};
use crate::store::{DeckFacts, DeckPlace, FittedParameters, Store};
use crate::talk;
use crate::text::sanitize::terminal_line;

/// What every command needs beyond its own arguments.
#[derive(Debug)]
pub struct App {
    /// The moment the command acts at (`--now`, or the clock).
    pub now: Timestamp,
    /// `--deck`, if given.
    pub deck: Option<String>,
    /// `--lang`, if given.
    pub lang: Option<String>,
    /// `--json`: print data as JSON.
    pub json: bool,
    data_dir: std::result::Result<PathBuf, String>,
    cache_dir: Option<PathBuf>,
    config: OnceCell<UserConfig>,
}

/// A deck as opened for a command: the deck and where its file came from.
#[derive(Debug)]
pub struct OpenedDeck {
    /// The deck.
    pub deck: Deck,
    /// The file, as messages name it.
    pub name: String,
    /// Where the file came from.
    pub origin: Origin,
}

/// Per-deck settings a command may override with flags.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeckFlags {
    /// `--retention`.
    pub retention: Option<f64>,
    /// `--new`.
    pub new_per_day: Option<u32>,
}

/// A deck's settings: flags, then the config's deck table, then its top
/// level, then the deck file, then the defaults.
#[derive(Debug)]
pub struct DeckSettings {
    /// The scheduler, with the desired retention applied.
    pub scheduler: Scheduler,
    /// New cards per day.
    pub new_per_day: usize,
    /// When a card counts as a leech, and what happens to it.
    pub leech: LeechRule,
    /// The parameters `quiz optimize` fitted to the deck, when the scheduler
    /// uses them (else it uses FSRS-6's defaults).
    pub fitted: Option<FittedParameters>,
}

impl App {
    /// Resolves the global options and the environment.
    pub fn new(options: &GlobalOptions) -> App {
        let project = || directories::ProjectDirs::from("", "", "quiz");
        let data_dir = match &options.data_dir {
            Some(dir) => Ok(dir.clone()),
            None => project().map(|dirs| dirs.config_dir().to_path_buf()).ok_or_else(|| {
                "cannot find your config directory (is HOME set?); pass --data-dir DIR or set QUIZ_DATA_DIR".to_string()
            }),
        };
        let cache_dir = match &options.data_dir {
            Some(dir) => Some(dir.join("cache")),
            None => project().map(|dirs| dirs.cache_dir().to_path_buf()),
        };
        App {
            now: options.now.unwrap_or_else(Timestamp::now),
            deck: options.deck.clone(),
            lang: options.lang.clone(),
            json: options.json,
            data_dir,
            cache_dir,
            config: OnceCell::new(),
        }
    }

    /// The folder holding progress, user decks and `config.toml`.
    pub fn data_dir(&self) -> Result<&Path> {
        self.data_dir.as_deref().map_err(|message| Error::Usage(message.clone()))
    }

    /// The user's decks folder, if the data folder can be found.
    pub fn user_decks(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().ok().map(|dir| dir.join("decks"))
    }

    /// The deck named by `--deck`, or a usage error saying how to name one.
    pub fn deck_name(&self) -> Result<&str> {
        self.deck
            .as_deref()
            .ok_or_else(|| Error::Usage("name a deck with --deck DECK (`quiz decks` lists them)".to_string()))
    }

    /// Loads the deck named by `--deck`, failing if it has errors.
    pub fn open_deck(&self) -> Result<OpenedDeck> {
        self.open_named_deck(self.deck_name()?)
    }

    /// Loads the deck `name`, through the parse cache.
    pub fn open_named_deck(&self, name: &str) -> Result<OpenedDeck> {
        let catalog = self.open_catalog(name)?;
        let (name, origin) = (catalog.name.clone(), catalog.origin.clone());
        Ok(OpenedDeck { deck: catalog.into_deck(), name, origin })
    }

    /// Opens the deck named by `--deck` through the catalog cache.
    pub fn open_deck_catalog(&self) -> Result<deck::Catalog> {
        self.open_catalog(self.deck_name()?)
    }

    /// Opens the deck `name` through the catalog cache: its header at once, its cards on demand.
    pub fn open_catalog(&self, name: &str) -> Result<deck::Catalog> {
        let user_decks = self.user_decks();
        deck::Catalog::open(name, user_decks.as_deref(), self.cache_dir.as_deref())
    }

    /// Opens (creating if needed) the progress database.
    pub fn open_store(&self) -> Result<Store> {
        Store::open(self.data_dir()?)
    }

    /// Whether `--now` is more than a minute from the real clock: a session
    /// at such a moment is a preview unless told to record.
    pub fn is_pretend_time(&self) -> bool {
        (self.now.0 - Timestamp::now().0).num_seconds().abs() > 60
    }

    /// The store an interactive session writes to: the real one, or — at a
    /// pretend time without `record` — a scratch copy that is thrown away
    /// (keep the returned folder alive while the store is used).
    pub fn session_store(&self, record: bool) -> Result<(Store, Option<tempfile::TempDir>)> {
        if self.is_pretend_time() && !record {
            let (scratch, store) = Store::open_preview(self.data_dir()?)?;
            crate::talk!(
                "Preview at {} (--now): nothing will be recorded. Add --record to keep the answers.",
                self.now.rfc3339()
            );
            return Ok((store, Some(scratch)));
        }
        Ok((self.open_store()?, None))
    }

    /// Opens the progress database if it exists (for commands that only read).
    pub fn existing_store(&self) -> Result<Option<Store>> {
        Store::open_existing(self.data_dir()?)
    }

    /// The user's config file, read once (empty when there is none).
    fn config(&self) -> Result<&UserConfig> {
        if let Some(config) = self.config.get() {
            return Ok(config);
        }
        let loaded = match self.data_dir.as_deref() {
            Ok(dir) => UserConfig::load(dir)?,
            Err(_) => UserConfig::default(),
        };
        Ok(self.config.get_or_init(|| loaded))
    }

    /// What `config.toml` sets for the deck `id` (its table over the top
    /// level), for a deck whose file is not at hand.
    pub fn configured(&self, id: &deck::DeckId) -> Result<config::Settings> {
        Ok(self.config()?.for_deck(&id.0))
    }

    /// The settings for `deck`, with `flags` over everything else and the FSRS
    /// parameters `quiz optimize` stored for it in `store` (the defaults when
    /// it stored none). Reads one row of the store it is given: it opens none.
    pub fn deck_settings(&self, deck: &Deck, flags: &DeckFlags, store: Option<&Store>) -> Result<DeckSettings> {
        let fitted = match store {
            Some(store) => store.fitted_parameters(&deck.id)?,
            None => None,
        };
        self.settings_with(&deck.id, &deck.scheduling, flags, fitted)
    }

    /// The scheduler for the deck `id` as this store knows it (`facts`), for a
    /// command that meets deck ids in the log (sync, merge, undo): the deck's
    /// file is read from where it was last used, or found by its id; without
    /// one, config.toml's table for the id still applies.
    pub fn scheduler_for_id(&self, id: &deck::DeckId, facts: DeckFacts) -> Result<Scheduler> {
        let names = facts.place.map(|place| place.place).into_iter().chain([id.0.clone()]);
        let catalog = names.filter_map(|name| self.open_catalog(&name).ok()).find(|catalog| catalog.header().id == *id);
        let suggested = catalog.as_ref().map(|catalog| catalog.header().scheduling.clone()).unwrap_or_default();
        Ok(self.settings_with(id, &suggested, &DeckFlags::default(), facts.fitted)?.scheduler)
    }

    /// The settings for deck `id`: `flags` over config.toml over what the deck
    /// suggests, scheduling with `fitted` parameters when there are some.
    fn settings_with(
        &self,
        id: &deck::DeckId,
        suggested: &deck::SchedulingDefaults,
        flags: &DeckFlags,
        fitted: Option<FittedParameters>,
    ) -> Result<DeckSettings> {
        let configured = self.config()?.for_deck(&id.0);
        let retention = match flags.retention {
            Some(retention) => Some(config::check_retention(retention)?),
            None => configured.desired_retention.or(suggested.desired_retention),
        };
        let mut settings = SchedulerConfig::default();
        if let Some(retention) = retention {
            settings.desired_retention = retention;
        }
        if let Some(fitted) = &fitted {
            settings.parameters = fitted.parameters.0.clone();
        }
        let new_per_day = flags.new_per_day.or(configured.new_per_day).or(suggested.new_per_day).unwrap_or(20);
        let leech = LeechRule {
            lapses: configured.leech_lapses.unwrap_or(LeechRule::default().lapses),
            action: configured.leech_action.unwrap_or_default(),
        };
        let scheduler = Scheduler::new(settings).map_err(|error| match &fitted {
            Some(_) => Error::Schedule(format!(
                "the FSRS parameters stored for deck `{id}` cannot be used ({error}); fit them again with \
                 `quiz optimize --deck {id}`"
            )),
            None => error,
        })?;
        Ok(DeckSettings { scheduler, new_per_day: new_per_day as usize, leech, fitted })
    }

    /// The folder `quiz sync` uses without `--dir`: `sync_dir` in config.toml
    /// (`~/` is the home folder; a relative path is relative to the data folder).
    pub fn configured_sync_dir(&self) -> Result<Option<PathBuf>> {
        let Some(dir) = self.config()?.sync_dir.clone() else { return Ok(None) };
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let dir = match (dir.strip_prefix("~"), home) {
            (Ok(rest), Some(home)) => home.join(rest),
            _ => dir,
        };
        Ok(Some(match dir.is_absolute() {
            true => dir,
            false => self.data_dir()?.join(dir),
        }))
    }

    /// When "today" starts (`day_starts_at` in the config; 4 a.m. by default).
    pub fn day_start(&self) -> Result<DayStart> {
        Ok(self.config()?.day_starts_at.and_then(DayStart::at_hour).unwrap_or_default())
    }

    /// The language to show `deck` in. `--lang` must be one of the deck's
    /// languages; without it, the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`)
    /// decides when `follow_locale` and the deck has that language; else the
    /// deck's base language.
    pub fn language(&self, deck: &Deck, follow_locale: bool) -> Result<String> {
        if let Some(language) = &self.lang {
            if deck.languages.contains(language) {
                return Ok(language.clone());
            }
            return Err(Error::Usage(format!(
                "deck `{}` has no `{}` text; it has {}",
                deck.id,
                terminal_line(language),
                deck.languages.join(", ")
            )));
        }
        if follow_locale {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|name| std::env::var(name).ok())
                .find(|value| !value.is_empty())
                .unwrap_or_default();
            let wanted = locale.split(['_', '.', '-']).next().unwrap_or("").to_lowercase();
            if let Some(language) = deck.languages.iter().find(|language| **language == wanted) {
                return Ok(language.clone());
            }
        }
        Ok(deck.base_language().to_string())
    }

    /// Two deck files with the same id share progress: a copy keeps the
    /// original's history, which is what someone editing a copy wants. When the
    /// file differs from the one this id was last used with, say so once.
    pub fn note_deck_place(&self, store: &mut Store, opened: &OpenedDeck) -> Result<()> {
        self.note_place(store, &opened.deck.id, &opened.name, &opened.origin)
    }

    /// [`App::note_deck_place`] for a deck opened as a catalog.
    pub fn note_catalog_place(&self, store: &mut Store, catalog: &deck::Catalog) -> Result<()> {
        self.note_place(store, &catalog.header().id, &catalog.name, &catalog.origin)
    }

    fn note_place(&self, store: &mut Store, id: &deck::DeckId, name: &str, origin: &Origin) -> Result<()> {
        let place = match origin {
            Origin::Bundled => DeckPlace { origin: "bundled".to_string(), place: name.to_string() },
            Origin::User(path) | Origin::File(path) => DeckPlace {
                origin: origin.label().to_string(),
                place: path.canonicalize().unwrap_or_else(|_| path.clone()).display().to_string(),
            },
        };
        if let Some(previous) = store.remember_deck_place(id, &place, self.now)? {
            talk!(
                "note: deck id `{}` was last used from {} ({}); this is {} ({}). Both share one progress history; give this file an `id` of its own to keep them apart.",
                id,
                terminal_line(&previous.place),
                previous.origin,
                terminal_line(&place.place),
                place.origin
            );
        }
        Ok(())
    }
}
