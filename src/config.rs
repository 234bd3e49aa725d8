//! The configuration file, `splicecheck.toml`: parsing it into [`Settings`]
//! and finding it.
//!
//! The file is looked for in the folder of the (first) audited path and then
//! in each folder above it; the first one found applies. Relative paths in it
//! (file globs, suppressed documents) are relative to the file's own folder.
//! Every key is optional; an unknown key is an error naming the file, the
//! place and the key. Parsing ([`parse`]) and the search ([`discover`]) are
//! pure; [`find`] and [`load`] do the I/O.
//!
//! ```toml
//! [files]
//! include = ["*.txt"]           # globs: a file name, or a path from this folder
//! exclude = ["drafts", "archive/2019/**"]
//!
//! [grouping]
//! mode = "folder"               # the files of one folder are candidates;
//!                               # "auto": across the corpus (MinHash index);
//!                               # { manifest = "families.csv" }: as a manifest says
//! containment = 0.5             # share of the shorter copy's 5-word shingles in the other
//! min-shared = 4                # fewest shared shingles
//!
//! [severity]                    # error, warning, info or off, per kind
//! truncation = "warning"
//! variant = "off"
//!
//! [boilerplate]
//! phrases = ["Reporting by", "Sign up for our morning briefing"]
//!
//! [[suppress]]
//! path = "wires/2024-05-01/copy-3.txt"
//! kinds = ["truncation"]
//! reason = "the outlet only publishes a teaser"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::group::Mode;
use crate::render::{Position, position};
use crate::settings::{Level, Settings, Suppression};
use crate::{Kind, paths};

/// The name of the configuration file.
pub const FILE_NAME: &str = "splicecheck.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    grouping: RawGrouping,
    #[serde(default)]
    severity: BTreeMap<Kind, Level>,
    #[serde(default)]
    boilerplate: RawBoilerplate,
    #[serde(default)]
    suppress: Vec<RawSuppression>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFiles {
    include: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawGrouping {
    mode: Option<RawMode>,
    containment: Option<f64>,
    min_shared: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RawMode {
    Folder,
    Auto,
    Manifest(PathBuf),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBoilerplate {
    #[serde(default)]
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSuppression {
    path: String,
    #[serde(default)]
    kinds: Vec<Kind>,
    reason: String,
}

/// A mistake in a configuration file.
#[derive(Debug)]
pub struct ConfigError {
    /// Where in the file, when the mistake is in one place.
    pub at: Option<Position>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(p) => write!(f, "{}:{}: {}", p.line, p.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<anyhow::Error> for ConfigError {
    fn from(e: anyhow::Error) -> ConfigError {
        ConfigError {
            at: None,
            message: format!("{e:#}"),
        }
    }
}

/// Parses the text of a configuration file into settings whose relative
/// paths are resolved against `base` (the file's folder, absolute).
pub fn parse(text: &str, base: &Path) -> Result<Settings, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
        at: e.span().map(|s| position(text.as_bytes(), s.start)),
        message: e.message().trim_end().to_string(),
    })?;
    let mut settings = Settings {
        base: Some(base.to_path_buf()),
        ..Settings::default()
    };
    if let Some(include) = raw.files.include {
        if include.is_empty() {
            return Err(anyhow::anyhow!(
                "files.include is empty: no file would be audited inside folders"
            )
            .into());
        }
        settings.include = include;
    }
    settings.exclude = raw.files.exclude;
    // Check the globs now, so a mistake names this file.
    crate::load::FileFilter::new(&settings.include, &settings.exclude, Some(base))
        .map_err(|e| anyhow::anyhow!("files: {e}"))?;
    settings.grouping.mode = match raw.grouping.mode {
        None | Some(RawMode::Folder) => Mode::Folder,
        Some(RawMode::Auto) => Mode::Auto,
        Some(RawMode::Manifest(file)) => Mode::Manifest(base.join(file)),
    };
    if let Some(c) = raw.grouping.containment {
        if !(c > 0.0 && c <= 1.0) {
            return Err(anyhow::anyhow!(
                "grouping.containment is {c}: it must be above 0 and at most 1"
            )
            .into());
        }
        settings.grouping.containment = c;
    }
    if let Some(n) = raw.grouping.min_shared {
        if n == 0 {
            return Err(anyhow::anyhow!("grouping.min-shared must be at least 1").into());
        }
        settings.grouping.min_shared = n;
    }
    settings.levels = raw.severity;
    for phrase in raw.boilerplate.phrases {
        let phrase = phrase.trim().to_lowercase();
        if phrase.is_empty() {
            return Err(anyhow::anyhow!(
                "boilerplate.phrases holds an empty phrase, which would match every line"
            )
            .into());
        }
        settings.boilerplate.push(phrase);
    }
    for (i, s) in raw.suppress.into_iter().enumerate() {
        let suppression = Suppression::new(&s.path, s.kinds, &s.reason)
            .map_err(|e| anyhow::anyhow!("suppress entry {}: {e}", i + 1))?;
        settings.suppressions.push(suppression);
    }
    Ok(settings)
}

/// The configuration file that applies to `start` (an absolute folder): the
/// first [`FILE_NAME`] in it or a folder above it, by `is_file`.
pub fn discover(start: &Path, is_file: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| is_file(candidate))
}

/// The configuration file that applies to an audited path (a file or a
/// folder), looked for from its folder upwards.
pub fn find(audited: &Path) -> Option<PathBuf> {
    let abs = paths::from_cwd(audited);
    let start = if abs.is_dir() {
        abs.as_path()
    } else {
        abs.parent().unwrap_or(&abs)
    };
    discover(start, Path::is_file)
}

/// Reads and parses a configuration file; errors name the file.
pub fn load(path: &Path) -> anyhow::Result<Settings> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read configuration {}: {e}", path.display()))?;
    let abs = paths::from_cwd(path);
    let base = abs.parent().unwrap_or(Path::new("/"));
    parse(&text, base).map_err(|e| {
        let sep = if e.at.is_some() { ":" } else { ": " };
        anyhow::anyhow!("{}{sep}{e}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn base() -> PathBuf {
        PathBuf::from("/corpora/news")
    }

    #[test]
    fn an_empty_file_is_the_default() {
        let s = parse("", &base()).unwrap();
        let d = Settings::default();
        assert_eq!(s.include, d.include);
        assert_eq!(s.grouping, d.grouping);
        assert!(s.levels.is_empty() && s.suppressions.is_empty() && s.boilerplate.is_empty());
        assert_eq!(s.base, Some(base()));
    }

    #[test]
    fn every_section_is_read() {
        let text = r#"
[files]
include = ["*.txt", "feeds/**/*.md"]
exclude = ["drafts"]

[grouping]
mode = "folder"
containment = 0.6
min-shared = 5

[severity]
truncation = "warning"
variant = "off"

[boilerplate]
phrases = ["Reporting by "]

[[suppress]]
path = "a/x.txt"
kinds = ["truncation", "splice"]
reason = "a teaser"
"#;
        let s = parse(text, &base()).unwrap();
        assert_eq!(s.include, vec!["*.txt", "feeds/**/*.md"]);
        assert_eq!(s.exclude, vec!["drafts"]);
        assert_eq!(s.grouping.containment, 0.6);
        assert_eq!(s.grouping.min_shared, 5);
        assert_eq!(
            s.levels[&Kind::Truncation].severity(),
            Some(Severity::Warning)
        );
        assert_eq!(s.levels[&Kind::Variant], Level::Off);
        assert_eq!(s.boilerplate, vec!["reporting by"]);
        assert_eq!(s.suppressions.len(), 1);
        assert_eq!(
            s.suppressions[0].kinds,
            vec![Kind::Truncation, Kind::Splice]
        );
        assert!(s.suppressions[0].covers("a/x.txt", Kind::Splice));
    }

    #[test]
    fn unknown_keys_and_values_are_errors_that_say_where() {
        let e = parse("[files]\ninclude = [\"*.txt\"]\ncolour = true\n", &base()).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("3:1: "), "{msg}");
        assert!(msg.contains("colour"), "{msg}");
        let e = parse("[severity]\nsplcie = \"off\"\n", &base()).unwrap_err();
        assert!(e.to_string().contains("splcie"), "{e}");
        let e = parse("[grouping]\nmode = \"title\"\n", &base()).unwrap_err();
        assert!(e.to_string().contains("title"), "{e}");
        let e = parse("[severity]\nsplice = \"fatal\"\n", &base()).unwrap_err();
        assert!(e.to_string().contains("fatal"), "{e}");
        let e = parse("[grouping]\ncontainment = 1.5\n", &base()).unwrap_err();
        assert!(e.to_string().contains("containment"), "{e}");
    }

    #[test]
    fn a_suppression_without_a_reason_is_an_error() {
        let e = parse("[[suppress]]\npath = \"a/x.txt\"\n", &base()).unwrap_err();
        assert!(e.to_string().contains("reason"), "{e}");
        let e = parse("[[suppress]]\npath = \"a/x.txt\"\nreason = \"\"\n", &base()).unwrap_err();
        assert!(e.to_string().contains("reason"), "{e}");
    }

    #[test]
    fn the_nearest_file_upwards_applies() {
        let present = [
            PathBuf::from("/repo/splicecheck.toml"),
            PathBuf::from("/repo/corpus/deep/splicecheck.toml"),
        ];
        let is_file = |p: &Path| present.iter().any(|q| q == p);
        assert_eq!(
            discover(Path::new("/repo/corpus/a"), is_file),
            Some(PathBuf::from("/repo/splicecheck.toml"))
        );
        assert_eq!(
            discover(Path::new("/repo/corpus/deep/x"), is_file),
            Some(PathBuf::from("/repo/corpus/deep/splicecheck.toml"))
        );
        assert_eq!(discover(Path::new("/elsewhere"), is_file), None);
    }
}
