//! What an audit can be told: which files to read inside folders, how to
//! group them, page-furniture phrases of the corpus's own, the severity of each
//! kind and the documents whose findings are suppressed.
//!
//! [`Settings::default`] is the audit with no configuration; `config` reads
//! settings from a `splicecheck.toml` file. The library takes them as a value
//! ([`crate::audit_paths_with`], [`crate::audit_documents_with`]): nothing here
//! is global.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};

use crate::group::Grouping;
use crate::paths;
use crate::{Document, Finding, Kind, Severity};

/// Everything an audit can be configured with.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The folder relative patterns (file globs, suppression paths) are
    /// resolved against: the configuration file's folder. `None`: the current
    /// directory.
    pub base: Option<PathBuf>,
    /// Globs for the files audited inside folders. A glob without `/` matches
    /// the file name; one with `/` matches the path relative to [`Settings::base`].
    pub include: Vec<String>,
    /// Globs, as for `include`, for files and folders left out when walking folders.
    pub exclude: Vec<String>,
    /// How documents are grouped into families.
    pub grouping: Grouping,
    /// The fields JSON Lines records are read from.
    pub fields: crate::jsonl::Fields,
    /// Phrases that mark a line as page furniture when it starts with them,
    /// besides the built-in ones (lower case).
    pub boilerplate: Vec<String>,
    /// The severity of each kind, where it differs from what the checks say.
    pub levels: BTreeMap<Kind, Level>,
    /// Documents whose findings of some kinds are not reported.
    pub suppressions: Vec<Suppression>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            base: None,
            include: vec![crate::load::DEFAULT_GLOB.to_string()],
            exclude: Vec::new(),
            grouping: Grouping::default(),
            fields: crate::jsonl::Fields::default(),
            boilerplate: Vec::new(),
            levels: BTreeMap::new(),
            suppressions: Vec::new(),
        }
    }
}

/// The severity a kind is reported at, or `off` to leave it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as info.
    Info,
    /// Do not report.
    Off,
}

impl Level {
    /// The severity findings get, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// Findings of some kinds in some documents that are known and accepted.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The document's path (or a glob) relative to [`Settings::base`].
    pub path: String,
    /// The kinds suppressed; empty for every kind.
    pub kinds: Vec<Kind>,
    /// Why the findings are accepted.
    pub reason: String,
    matcher: GlobMatcher,
}

impl Suppression {
    /// A suppression of `kinds` (every kind when empty) in the documents
    /// `path` names. The reason is required.
    pub fn new(path: &str, kinds: Vec<Kind>, reason: &str) -> anyhow::Result<Suppression> {
        if reason.trim().is_empty() {
            anyhow::bail!("a suppression of {path:?} needs a reason");
        }
        let pattern = path.trim_start_matches("./");
        if pattern.is_empty() {
            anyhow::bail!("a suppression needs a path");
        }
        Ok(Suppression {
            path: path.to_string(),
            kinds,
            reason: reason.to_string(),
            matcher: path_glob(pattern)?,
        })
    }

    /// True when the suppression covers a finding of `kind` in the document
    /// at `relative` (its path relative to [`Settings::base`], `/`-separated).
    pub fn covers(&self, relative: &str, kind: Kind) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&kind)) && self.matcher.is_match(relative)
    }
}

/// A glob over `/`-separated relative paths (`*` stays inside one folder).
pub fn path_glob(pattern: &str) -> anyhow::Result<GlobMatcher> {
    Ok(GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| anyhow::anyhow!("invalid glob {pattern:?}: {e}"))?
        .compile_matcher())
}

/// How many findings were left out because they were known and accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Suppressed {
    /// By a suppression entry of the configuration.
    pub config: usize,
    /// By the baseline.
    pub baseline: usize,
}

impl Suppressed {
    /// Both counts together.
    pub fn total(&self) -> usize {
        self.config + self.baseline
    }
}

impl Settings {
    /// The path of a document relative to [`Settings::base`], `/`-separated,
    /// when it lies inside it.
    pub fn relative(&self, path: &Path) -> Option<String> {
        match &self.base {
            Some(base) => paths::inside(&paths::from_cwd(path), base).map(|p| paths::to_slash(&p)),
            None => {
                let p = paths::normalise(path);
                if p.is_relative() && !p.starts_with("..") {
                    Some(paths::to_slash(&p))
                } else {
                    paths::inside(&paths::from_cwd(path), &paths::from_cwd(Path::new(".")))
                        .map(|p| paths::to_slash(&p))
                }
            }
        }
    }

    /// Applies the severity of each kind and the suppressions to the findings
    /// of `documents`: findings of kinds set to `off` go, suppressed ones go
    /// and are counted (the count is returned).
    pub fn apply(&self, findings: &mut Vec<Finding>, documents: &[Document]) -> usize {
        if !self.levels.is_empty() {
            findings.retain_mut(|f| match self.levels.get(&f.kind) {
                Some(level) => match level.severity() {
                    Some(s) => {
                        f.severity = s;
                        true
                    }
                    None => false,
                },
                None => true,
            });
        }
        if self.suppressions.is_empty() {
            return 0;
        }
        let relative: Vec<Option<String>> =
            documents.iter().map(|d| self.relative(&d.path)).collect();
        let before = findings.len();
        findings.retain(|f| {
            relative[f.doc]
                .as_deref()
                .is_none_or(|path| !self.suppressions.iter().any(|s| s.covers(path, f.kind)))
        });
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(doc: usize, kind: Kind) -> Finding {
        Finding {
            kind,
            severity: kind.default_severity(),
            doc,
            family: 0,
            start: 0,
            end: 0,
            reference: None,
            repair: None,
            message: String::new(),
        }
    }

    #[test]
    fn levels_change_severities_and_off_removes() {
        let mut settings = Settings::default();
        settings.levels.insert(Kind::Truncation, Level::Warning);
        settings.levels.insert(Kind::Variant, Level::Off);
        let docs = vec![Document::new("a/x.txt", b"x".to_vec())];
        let mut findings = vec![
            finding(0, Kind::Splice),
            finding(0, Kind::Truncation),
            finding(0, Kind::Variant),
        ];
        assert_eq!(settings.apply(&mut findings, &docs), 0);
        let got: Vec<(Kind, Severity)> = findings.iter().map(|f| (f.kind, f.severity)).collect();
        assert_eq!(
            got,
            vec![
                (Kind::Splice, Severity::Error),
                (Kind::Truncation, Severity::Warning)
            ]
        );
    }

    #[test]
    fn suppressions_cover_their_document_and_kinds_only() {
        let mut settings = Settings::default();
        settings
            .suppressions
            .push(Suppression::new("./a/x.txt", vec![Kind::Truncation], "a teaser").unwrap());
        settings
            .suppressions
            .push(Suppression::new("b/*.txt", Vec::new(), "a known bad scrape").unwrap());
        let docs = vec![
            Document::new("a/x.txt", b"x".to_vec()),
            Document::new("a/y.txt", b"y".to_vec()),
            Document::new("b/z.txt", b"z".to_vec()),
            Document::new("b/deeper/z.txt", b"z".to_vec()),
        ];
        let mut findings = vec![
            finding(0, Kind::Splice),
            finding(0, Kind::Truncation),
            finding(1, Kind::Truncation),
            finding(2, Kind::Splice),
            finding(3, Kind::Splice),
        ];
        assert_eq!(settings.apply(&mut findings, &docs), 2);
        let got: Vec<(usize, Kind)> = findings.iter().map(|f| (f.doc, f.kind)).collect();
        assert_eq!(
            got,
            vec![(0, Kind::Splice), (1, Kind::Truncation), (3, Kind::Splice)]
        );
    }

    #[test]
    fn a_suppression_needs_a_reason() {
        let e = Suppression::new("a/x.txt", Vec::new(), " ").unwrap_err();
        assert!(e.to_string().contains("reason"), "{e}");
    }

    #[test]
    fn paths_are_relative_to_the_base() {
        let settings = Settings {
            base: Some(PathBuf::from("/corpora/news")),
            ..Settings::default()
        };
        assert_eq!(
            settings.relative(Path::new("/corpora/news/a/../b/x.txt")),
            Some("b/x.txt".to_string())
        );
        assert_eq!(settings.relative(Path::new("/elsewhere/x.txt")), None);
    }
}
