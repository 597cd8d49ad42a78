//! Configuration: TOML, one table per stage, validated once at load.
//!
//! Every field has a default, so an empty file is a valid configuration and
//! the shipped `config/scour.toml` is exactly the defaults (a test checks
//! this). Unknown keys are errors that name the key, since a misspelt key
//! silently ignored is a setting the user thinks is in force but is not.
//! Pipeline behaviour lives here; runtime knobs (threads, quiet, json) are
//! command-line flags.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::boilerplate::BoilerplateConfig;
use crate::cluster::{DedupConfig, EventConfig};
use crate::fingerprint::FingerprintConfig;
use crate::normalize::NormalizeConfig;

/// Where the default configuration is looked for, relative to the working folder.
pub const DEFAULT_PATH: &str = "config/scour.toml";

/// A configuration that could not be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file '{}': {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file '{}' is not valid: {message}", .path.display())]
    Parse { path: PathBuf, message: String },
    #[error("config file '{}': {message}", .path.display())]
    Invalid { path: PathBuf, message: String },
}

/// `[input]`: what `scour run` reads when no inputs are named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputConfig {
    /// Files and folders read when `scour run` is given none.
    pub paths: Vec<PathBuf>,
}

impl Default for InputConfig {
    fn default() -> Self {
        Self {
            paths: vec![PathBuf::from("raw")],
        }
    }
}

/// `[output]`: what `scour run` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// Output folder when `-o` is not given.
    pub dir: PathBuf,
    /// Also write each canonical document as `docs/<name>.txt`.
    pub docs: bool,
    /// Write `removed.jsonl`: per page, every removed line or block and its rule.
    pub removed: bool,
    /// Write `report.html`: the run for people (self-contained, opens from disk).
    pub html: bool,
}

impl Default for OutputConfig {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("cleaned"),
            docs: true,
            removed: true,
            html: true,
        }
    }
}

/// The whole configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub input: InputConfig,
    pub output: OutputConfig,
    pub boilerplate: BoilerplateConfig,
    pub normalize: NormalizeConfig,
    pub fingerprint: FingerprintConfig,
    pub dedup: DedupConfig,
    pub events: EventConfig,
}

impl Config {
    /// Parse and validate TOML text; `path` only names the source in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let cfg: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim().to_string(),
        })?;
        cfg.validate().map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(cfg)
    }

    /// Read, parse and validate a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text, path)
    }

    /// Check every value; the message names the key and the bad value.
    pub fn validate(&self) -> Result<(), String> {
        self.boilerplate.validate()?;
        self.normalize.validate()?;
        self.fingerprint.validate()?;
        self.dedup.validate()?;
        self.events.validate()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_defaults() {
        assert_eq!(
            Config::from_toml("", Path::new("x.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::from_toml(
            "[boilerplate]\nmax_link_densty = 0.4\n",
            Path::new("my.toml"),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("max_link_densty") && msg.contains("my.toml"),
            "{msg}"
        );
        let err = Config::from_toml("[outptu]\n", Path::new("my.toml")).unwrap_err();
        assert!(err.to_string().contains("outptu"), "{err}");
    }

    #[test]
    fn invalid_value_is_named() {
        let err = Config::from_toml(
            "[boilerplate]\nmax_link_density = 1.5\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("boilerplate.max_link_density")
                && err.to_string().contains("1.5"),
            "{err}"
        );
    }

    #[test]
    fn shipped_config_equals_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_PATH);
        let shipped = Config::load(&path).unwrap();
        assert_eq!(shipped, Config::default());
        // Every key is written out: nothing in force is left implicit.
        let text = std::fs::read_to_string(&path).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        let defaults = toml::Table::try_from(Config::default()).unwrap();
        for (section, value) in &defaults {
            let keys = value.as_table().unwrap();
            let shipped_keys = table
                .get(section)
                .and_then(|v| v.as_table())
                .unwrap_or_else(|| panic!("missing [{section}]"));
            for key in keys.keys() {
                assert!(
                    shipped_keys.contains_key(key),
                    "config/scour.toml lacks {section}.{key}"
                );
            }
        }
    }
}
