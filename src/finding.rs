//! The one result type of an audit: a [`Finding`] with its [`Kind`], [`Severity`],
//! byte span, the reference text it was judged against and an optional [`Repair`].
//!
//! Every output format renders these; line and column are computed only when
//! rendering, from the document bytes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a finding is about. The kebab-case [`Kind::code`] is a stable contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Reference text is missing inside a sentence and the two fragments are glued.
    Splice,
    /// The copy stops (or starts) mid-sentence where the reference goes on.
    Truncation,
    /// Whole sentences or paragraphs of the reference are missing (an editorial trim).
    Trim,
    /// Lines in the copy that the other copies do not carry (headers, footers, UI text).
    Boilerplate,
    /// Small wording differences between the copy and the reference.
    Variant,
    /// Text decoded with the wrong character set ("â€™" for "’").
    Mojibake,
    /// A paragraph or sentence repeated back to back.
    Duplication,
    /// Bytes that are not text: invalid UTF-8, NUL bytes, stray control characters.
    Encoding,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 8] = [
        Kind::Splice,
        Kind::Truncation,
        Kind::Mojibake,
        Kind::Duplication,
        Kind::Encoding,
        Kind::Trim,
        Kind::Boilerplate,
        Kind::Variant,
    ];

    /// The stable kebab-case code of this kind, as printed in every format.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Splice => "splice",
            Kind::Truncation => "truncation",
            Kind::Trim => "trim",
            Kind::Boilerplate => "boilerplate",
            Kind::Variant => "variant",
            Kind::Mojibake => "mojibake",
            Kind::Duplication => "duplication",
            Kind::Encoding => "encoding",
        }
    }

    /// The severity findings of this kind have unless configured otherwise (a
    /// truncation in a document with no sibling copy is only a warning).
    pub fn default_severity(self) -> Severity {
        match self {
            Kind::Splice
            | Kind::Truncation
            | Kind::Mojibake
            | Kind::Duplication
            | Kind::Encoding => Severity::Error,
            Kind::Trim | Kind::Boilerplate | Kind::Variant => Severity::Info,
        }
    }

    /// A one-line description of the kind, for help texts and reports.
    pub fn description(self) -> &'static str {
        match self {
            Kind::Splice => {
                "text missing mid-sentence; the fragments on either side are glued together"
            }
            Kind::Truncation => "the copy stops mid-sentence where the reference goes on",
            Kind::Trim => "whole sentences or paragraphs of the reference are missing",
            Kind::Boilerplate => {
                "lines the other copies do not carry (headers, footers, captions, UI text)"
            }
            Kind::Variant => "small wording differences from the reference",
            Kind::Mojibake => {
                "text decoded with the wrong character set (\u{e2}\u{20ac}\u{2122} for \u{2019})"
            }
            Kind::Duplication => "a paragraph or sentence repeated back to back",
            Kind::Encoding => {
                "bytes that are not text: invalid UTF-8, NUL bytes, stray control characters"
            }
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A benign difference, reported for completeness.
    Info,
    /// Probably corrupted, but the evidence is not conclusive.
    Warning,
    /// Corrupted text.
    Error,
}

impl Severity {
    /// The lowercase name, as printed in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range of the reference document that a finding was judged against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceSpan {
    /// Index of the reference document in [`crate::Report::documents`].
    pub doc: usize,
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

/// An edit that restores the reference wording: replace the document's bytes
/// `start..end` by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// First byte to replace.
    pub start: usize,
    /// One past the last byte to replace (equal to `start` for an insertion).
    pub end: usize,
    /// The text to put there.
    pub replacement: String,
}

/// One reported difference or corruption in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// How serious it is.
    pub severity: Severity,
    /// Index of the document in [`crate::Report::documents`].
    pub doc: usize,
    /// Index of the document's family in [`crate::Report::families`].
    pub family: usize,
    /// First byte of the finding in the document (a junction is a point: `start == end`).
    pub start: usize,
    /// One past the last byte of the finding.
    pub end: usize,
    /// The reference bytes concerned (for a loss, the missing text).
    pub reference: Option<ReferenceSpan>,
    /// The edit that restores the reference wording, when one is known.
    pub repair: Option<Repair>,
    /// A human-readable sentence saying what was found.
    pub message: String,
}

impl Finding {
    /// The key findings are sorted by: document, position, kind.
    pub fn sort_key(&self) -> (usize, usize, usize, Kind) {
        (self.doc, self.start, self.end, self.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_are_unique_kebab_case_and_documented() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/output.md"))
            .unwrap();
        let mut seen = std::collections::HashSet::new();
        for k in Kind::ALL {
            assert!(seen.insert(k.code()), "duplicate code {}", k.code());
            assert!(k.code().chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
            assert_eq!(serde_json::from_value::<Kind>(k.code().into()).unwrap(), k);
            assert!(
                docs.contains(&format!("| `{}` | {} |", k.code(), k.default_severity())),
                "{}'s default severity is not documented",
                k.code()
            );
            assert!(
                docs.contains(&format!("| `{}` |", k.code())),
                "{} is not documented",
                k.code()
            );
            assert!(!k.description().is_empty());
        }
    }
}
